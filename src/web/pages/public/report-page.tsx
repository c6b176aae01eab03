import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.js';
import { Panel } from '../../components/panel.js';
import { ReportForm } from '../cases/report-form.js';
import { PublicShell } from './public-shell.js';

/** 我要上报 (/report): residents report a problem from their phone, with or without an account. */
export default function ReportPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <PublicShell title={t('cases.report.title')}>
      <div className="gg-public-banner">{me ? t('cases.report.bannerSignedIn', { name: me.displayName }) : t('cases.report.banner')}</div>
      <Panel>{me === undefined ? <Spin /> : <ReportForm mode={me ? 'resident' : 'public'} />}</Panel>
    </PublicShell>
  );
}
