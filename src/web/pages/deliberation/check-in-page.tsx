import { useEffect, useState } from 'react';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api.js';
import { ProblemAlert } from '../../components/problem-alert.js';

/** Where the QR on the meeting screen leads: the delegate's phone checks them in with the code it carries. */
export default function CheckInPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const [state, setState] = useState<'working' | 'done' | 'failed'>('working');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api(`/api/deliberation/meetings/${id}/check-in`, { method: 'POST', body: { code: params.get('code') ?? '', via: 'qr' } })
      .then(() => setState('done'))
      .catch((e: unknown) => {
        setError(e);
        setState('failed');
      });
  }, [id, params]);
  return (
    <div className="gg-page dl-page">
      {state === 'working' ? <Spin size="large" className="gg-page-spin" /> : null}
      {state === 'done' ? <Result status="success" title={t('deliberation.meeting.checkedIn')} extra={<Link to={`/deliberation/meetings/${id}`}><Button type="primary">{t('deliberation.meeting.openMeeting')}</Button></Link>} /> : null}
      {state === 'failed' ? <><ProblemAlert error={error} /><Link to={`/deliberation/meetings/${id}`}>{t('deliberation.meeting.openMeeting')}</Link></> : null}
    </div>
  );
}
