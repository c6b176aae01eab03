import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Radio, Rate, Result, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../../api.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { StateTag } from '../cases/case-bits.js';
import { rawPost } from '../cases/http.js';
import { categoryName, formatTime, type TrackResult } from '../cases/types.js';
import { PublicShell } from './public-shell.js';

interface Query {
  number: string;
  last4: string;
}

/** 进度查询 (/track): the case number and the last four digits of the phone → state, timeline, and the reporter's verdict once closed. */
export default function TrackPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Query>();
  const [result, setResult] = useState<TrackResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isLoading, setLoading] = useState(false);

  const lookup = async (q: Query) => {
    setError(null);
    setLoading(true);
    try {
      setResult(await api<TrackResult>('/api/public/track', { query: { number: q.number.trim(), last4: q.last4.trim() } }));
      setParams({ number: q.number.trim(), last4: q.last4.trim() }, { replace: true });
    } catch (e) {
      setResult(null);
      setError(e instanceof ApiError && e.status === 404 ? new ApiError(404, { title: t('cases.track.notFound') }) : e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    const number = params.get('number');
    const last4 = params.get('last4');
    if (number && last4) {
      form.setFieldsValue({ number, last4 });
      void lookup({ number, last4 });
    }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <PublicShell title={t('cases.track.title')}>
      <Panel>
        <Form form={form} layout="vertical" onFinish={lookup} requiredMark={false} data-testid="track-form">
          <Form.Item name="number" label={t('cases.track.number')} rules={[{ required: true, pattern: /^\s*\d{4}-\d{6}\s*$/, message: t('cases.track.numberInvalid') }]}>
            <Input placeholder="2026-000123" inputMode="numeric" data-testid="track-number" />
          </Form.Item>
          <Form.Item name="last4" label={t('cases.track.last4')} rules={[{ required: true, pattern: /^\d{4}$/, message: t('cases.track.last4Invalid') }]}>
            <Input maxLength={4} inputMode="numeric" data-testid="track-last4" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={isLoading} data-testid="track-submit" style={{ height: 44 }}>
            {t('cases.track.submit')}
          </Button>
        </Form>
      </Panel>
      <ProblemAlert error={error} testId="track-error" />
      {result && <TrackView result={result} language={i18n.language} onRated={setResult} query={form.getFieldsValue()} />}
    </PublicShell>
  );
}

function TrackView({ result, language, query, onRated }: { result: TrackResult; language: string; query: Query; onRated(r: TrackResult): void }) {
  const { t } = useTranslation();
  return (
    <>
      <Panel title={t('cases.track.caseTitle', { number: result.number })} data-testid="track-result">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('cases.field.state')}>
            <StateTag state={result.state} />
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.field.category')}>{categoryName(result, language)}</Descriptions.Item>
          {result.address && <Descriptions.Item label={t('cases.field.address')}>{result.address}</Descriptions.Item>}
          <Descriptions.Item label={t('cases.field.createdAt')}>{formatTime(result.createdAt)}</Descriptions.Item>
          {result.closedAt && <Descriptions.Item label={t('cases.field.closedAt')}>{formatTime(result.closedAt)}</Descriptions.Item>}
          {result.rating != null && (
            <Descriptions.Item label={t('cases.field.rating')}>
              <Rate disabled value={result.rating} /> {result.feedback ? t(`cases.feedback.${result.feedback}`) : null}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Panel>
      {result.canRate && <RateForm query={query} onRated={onRated} />}
      <Panel title={t('cases.track.progress')}>
        <Timeline
          data-testid="track-timeline"
          items={[...result.timeline].reverse().map((e) => ({
            color: e.action === 'close' || e.action === 'rate' ? 'green' : 'red',
            content: (
              <div>
                <strong>{t(`cases.action.${e.action}`, { defaultValue: e.action })}</strong>
                {e.toTier && e.action === 'escalate' ? ` → ${t(`cases.tier.${e.toTier}`)}` : ''}
                <div className="gg-timeline-meta">{formatTime(e.at)}</div>
                {e.note && <div className="gg-timeline-note">{e.note}</div>}
              </div>
            ),
          }))}
        />
      </Panel>
    </>
  );
}

function RateForm({ query, onRated }: { query: Query; onRated(r: TrackResult): void }) {
  const { t } = useTranslation();
  const [feedback, setFeedback] = useState<'confirmed' | 'disputed'>('confirmed');
  const [rating, setRating] = useState(5);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await rawPost<TrackResult>('/api/public/track/rate', { number: query.number.trim(), last4: query.last4.trim(), feedback, rating, note: note.trim() || undefined });
      setDone(true);
      onRated(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (done) return <Result status="success" title={t('cases.track.thanks')} />;
  return (
    <Panel title={t('cases.track.rateTitle')} data-testid="track-rate">
      <Alert type="info" showIcon title={t('cases.track.rateHint')} style={{ marginBottom: 12 }} />
      <Radio.Group
        value={feedback}
        onChange={(e) => setFeedback(e.target.value as 'confirmed' | 'disputed')}
        options={[
          { value: 'confirmed', label: t('cases.feedback.confirmed') },
          { value: 'disputed', label: t('cases.feedback.disputed') },
        ]}
        optionType="button"
        buttonStyle="solid"
        aria-label={t('cases.track.rateTitle')}
      />
      <div style={{ margin: '12px 0' }}>
        <span className="gg-muted" id="track-stars-label">
          {t('cases.track.stars')}
        </span>{' '}
        <Rate allowClear={false} value={rating} onChange={(v) => setRating(v || 1)} aria-labelledby="track-stars-label" data-testid="track-stars" />
      </div>
      <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('cases.track.notePlaceholder')} aria-label={t('cases.track.notePlaceholder')} />
      <ProblemAlert error={error} />
      <Button type="primary" block style={{ marginTop: 12, height: 44 }} loading={busy} onClick={send} data-testid="track-rate-submit">
        {t('cases.track.rateSubmit')}
      </Button>
    </Panel>
  );
}
