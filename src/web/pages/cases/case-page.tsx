import { Suspense, useState } from 'react';
import { Alert, Breadcrumb, Button, Descriptions, Empty, Image, Input, Modal, Rate, Result, Space, Spin, Table, Tag, Timeline, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type PublicConfig } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Panel } from '../../components/panel.js';
import { isNotFound, ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { ActionDialog } from './action-dialog.js';
import { CaseMap, DueText, StateTag } from './case-bits.js';
import { categoryName, formatTime, type CaseDetail, type Referral } from './types.js';

/** Primary actions first; the rest follow in the server's order. */
const primary = ['accept', 'register', 'dispatch', 'startHandling', 'summon', 'reportBack', 'verify', 'close', 'rate', 'approveReturn', 'approveExtension', 'resume'];
const danger = new Set(['reject', 'escalate', 'suspend', 'reopen']);
const fiveEarly = ['discoveredAt', 'acceptedAt', 'assessedAt', 'intervenedAt', 'resolvedAt'] as const;

/** 事件详情 (/cases/:id): header, place and map, photos, 五早, timeline, referrals and only the allowed actions. */
export default function CasePage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const detail = useApi<CaseDetail>(id ? `/api/cases/${id}` : null);
  const config = useApi<PublicConfig>('/api/config');
  const { can } = useAuth();
  // The compound around the place, drawn under the pin (staff with grid.read only).
  const grid = useApi<{ ancestors: { id: string; level: string }[]; id: string; level: string }>(detail.data?.gridId && can('grid.read') ? `/api/grids/${detail.data.gridId}` : null);
  const around = grid.data ? (grid.data.level === 'compound' ? grid.data.id : grid.data.ancestors.find((a) => a.level === 'compound')?.id) : undefined;
  const features = useApi<GeoJSON.FeatureCollection>(around ? '/api/grids/features' : null, { under: around });
  const limitText = (l: unknown) => {
    const [amount, unit] = Array.isArray(l) ? l : [(l as { amount: number }).amount, (l as { unit: string }).unit];
    return `${amount} ${t(`cases.unit.${unit}`)}`;
  };
  const [override, setOverride] = useState<CaseDetail | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [conflict, setConflict] = useState<unknown>(null);
  const [messageApi, holder] = message.useMessage();
  const c = override && override.id === id && override.version >= (detail.data?.version ?? 0) ? override : detail.data;

  if (detail.error) {
    if (isNotFound(detail.error)) return <Result status="404" title={t('cases.detail.notFound')} extra={<Link to="/cases/inbox">{t('cases.inbox.title')}</Link>} />;
    return <ProblemAlert error={detail.error} />;
  }
  if (!c) return <Spin size="large" className="gg-page-spin" />;

  const actions = [...c.allowedActions].sort((a, b) => (primary.includes(a) ? primary.indexOf(a) : 99) - (primary.includes(b) ? primary.indexOf(b) : 99));
  const reload = () => {
    setOverride(null);
    detail.reload();
  };

  return (
    <div className="gg-page" data-testid="case-page">
      {holder}
      <Breadcrumb items={[{ title: <Link to="/cases/inbox">{t('cases.inbox.title')}</Link> }, { title: <Link to="/cases">{t('cases.list.title')}</Link> }, { title: c.number }]} />
      <div className="gg-page-head">
        <div className="gg-case-head">
          <h1 className="gg-page-title" data-testid="case-number">
            {t('cases.detail.heading', { number: c.number })}
          </h1>
          <StateTag state={c.state} />
          <Tag>{t(`cases.type.${c.type}`)}</Tag>
          <Tag>{categoryName(c, i18n.language)}</Tag>
          <Tag color="volcano" data-testid="case-tier">
            {c.isTriage ? t('cases.tier.triage') : t(`cases.tier.${c.tier}`)}
            {c.handlingGrid ? ` · ${c.handlingGrid.name}` : ''}
          </Tag>
          {c.priority === 'urgent' && <Tag color="red">{t('cases.priority.urgent')}</Tag>}
          {c.isSkippedLevel && <Tag color="magenta">{t('cases.flags.isSkippedLevel')}</Tag>}
          {c.isCriminalRisk && <Tag color="red">{t('cases.flags.isCriminalRisk')}</Tag>}
        </div>
        {c.stage && (
          <div>
            <span className="gg-muted">{t(`cases.stage.${c.stage}`)}：</span>
            <DueText dueAt={c.dueAt} isOverdue={c.isOverdue} />
          </div>
        )}
      </div>

      {conflict ? (
        <Alert type="warning" showIcon closable onClose={() => setConflict(null)} title={t('cases.detail.conflict')} description={<ProblemText error={conflict} />} data-testid="case-conflict" />
      ) : null}

      <Panel title={t('cases.detail.actions')} data-testid="case-actions">
        {actions.length === 0 ? (
          <span className="gg-muted">{t('cases.detail.noActions')}</span>
        ) : (
          <div className="gg-actions">
            {actions.map((a) => (
              <Button key={a} type={primary.includes(a) && a === actions[0] ? 'primary' : 'default'} danger={danger.has(a)} onClick={() => setAction(a)} data-testid={`action-${a}`}>
                {t(`cases.action.${a}`, { defaultValue: a })}
              </Button>
            ))}
          </div>
        )}
        {c.pendingRequest && <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('cases.detail.pending', { kind: t(`cases.pendingKind.${c.pendingRequest.kind}`, { defaultValue: c.pendingRequest.kind }) })} />}
      </Panel>

      <div className="gg-case-grid">
        <div>
          <Panel title={t('cases.detail.what')}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('cases.field.title')}>{c.title}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.channel')}>{t(`cases.channel.${c.channel}`, { defaultValue: c.channel })}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.reporter')}>{[c.reporterName, c.reporterPhone].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.createdAt')}>{formatTime(c.createdAt)}</Descriptions.Item>
            </Descriptions>
            <p className="gg-case-desc" data-testid="case-description">
              {c.description}
            </p>
          </Panel>
          <Panel title={t('cases.detail.timeline')} data-testid="case-timeline">
            <Timeline
              items={c.timeline.map((e) => ({
                color: e.action === 'escalate' ? 'red' : e.action === 'close' || e.action === 'rate' ? 'green' : 'blue',
                content: (
                  <div data-testid="timeline-entry">
                    <strong>{t(`cases.action.${e.action}`, { defaultValue: e.action })}</strong>
                    {e.to && e.to !== e.from ? <span className="gg-muted"> → {t(`cases.state.${e.to}`)}</span> : null}
                    {e.toTier && e.toTier !== e.fromTier ? <span className="gg-muted"> · {t(`cases.tier.${e.toTier}`)}</span> : null}
                    <div className="gg-timeline-meta">
                      {formatTime(e.at)} · {!e.actorName || e.actorName === 'system' ? t('cases.detail.system') : e.actorName}
                      {e.actorRole && e.actorRole !== 'system' ? `（${t(`role.${e.actorRole}`, { defaultValue: t(`cases.role.${e.actorRole}`, { defaultValue: e.actorRole }) })}）` : ''}
                    </div>
                    {e.note && <div className="gg-timeline-note">{e.note}</div>}
                  </div>
                ),
              }))}
            />
          </Panel>
          <Panel title={t('cases.detail.referrals')} data-testid="case-referrals">
            {c.referrals.length === 0 ? (
              <span className="gg-muted">{t('cases.detail.noReferrals')}</span>
            ) : (
              <ReferralTable referrals={c.referrals} canAnswer={me?.role === 'departmentOfficer' || me?.role === 'admin'} onChanged={reload} language={i18n.language} />
            )}
          </Panel>
        </div>
        <div>
          <Panel title={t('cases.detail.place')}>
            <div data-testid="case-place">{c.placeNames.length ? c.placeNames.join(' / ') : c.isTriage ? t('cases.tier.triage') : '—'}</div>
            {c.address && <div className="gg-muted">{c.address}</div>}
            {c.lng != null && c.lat != null && (
              <div className="gg-case-minimap" style={{ marginTop: 8 }}>
                <Suspense fallback={<Spin />}>
                  <CaseMap point={{ lng: c.lng, lat: c.lat }} features={features.data} tileUrl={config.data?.mapTileUrl ?? null} label={t('cases.detail.mapLabel')} />
                </Suspense>
              </div>
            )}
          </Panel>
          <Panel title={t('cases.detail.photos', { count: c.photos.length })}>
            {c.photos.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.detail.noPhotos')} />
            ) : (
              <Image.PreviewGroup>
                <div className="gg-photos" data-testid="case-photos">
                  {c.photos.map((p, i) => (
                    <Image key={p.id} src={thumbSrc(p.thumbUrl)} preview={{ src: p.url }} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} alt={t('cases.report.photoAlt', { n: i + 1 })} />
                  ))}
                </div>
              </Image.PreviewGroup>
            )}
          </Panel>
          <Panel title={t('cases.detail.fiveEarly')}>
            <div className="gg-five-early" data-testid="case-five-early">
              {fiveEarly.map((k) => (
                <div key={k}>
                  <strong>{t(`cases.fiveEarly.${k}`)}</strong>
                  <span>{c.fiveEarly[k] ? formatTime(c.fiveEarly[k]) : '—'}</span>
                </div>
              ))}
            </div>
          </Panel>
          <Panel title={t('cases.detail.limits')}>
            <Descriptions column={1} size="small">
              {(['accept', 'dispatch', 'handle'] as const).map((s) =>
                c.limits?.[s] ? (
                  <Descriptions.Item key={s} label={t(`cases.stage.${s}`)}>
                    {limitText(c.limits[s])}
                  </Descriptions.Item>
                ) : null,
              )}
            </Descriptions>
            {c.rating != null && (
              <div>
                {t('cases.field.rating')}：<Rate disabled value={c.rating} /> {c.feedback ? t(`cases.feedback.${c.feedback}`) : ''}
              </div>
            )}
          </Panel>
        </div>
      </div>

      <ActionDialog
        action={action}
        c={c}
        onClose={() => setAction(null)}
        onDone={(updated) => {
          setAction(null);
          setConflict(null);
          setOverride(updated);
          void messageApi.success(t('cases.detail.done'));
          detail.reload();
        }}
        onConflict={(e) => {
          setAction(null);
          setConflict(e);
          reload();
        }}
      />
    </div>
  );
}

/** The server's thumbUrl says `thumb=1`, which its boolean query schema rejects (400); `true` passes. */
function thumbSrc(url: string): string {
  return url.replace(/([?&]thumb=)1\b/, '$1true');
}

function ProblemText({ error }: { error: unknown }) {
  const problem = (error as { problem?: { title?: string; detail?: string } }).problem;
  return <span>{[problem?.title, problem?.detail].filter(Boolean).join('：')}</span>;
}

function ReferralTable({ referrals, canAnswer, onChanged, language }: { referrals: Referral[]; canAnswer: boolean; onChanged(): void; language: string }) {
  const { t } = useTranslation();
  const [answering, setAnswering] = useState<Referral | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const step = async (r: Referral, which: 'acknowledge' | 'respond', text?: string) => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/cases/referrals/${r.id}/${which}`, { method: 'POST', body: { note: text?.trim() || undefined } });
      setAnswering(null);
      setNote('');
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ProblemAlert error={answering ? null : error} />
      <Table<Referral>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={referrals}
        scroll={{ x: 560 }}
        onRow={() => ({ 'data-testid': 'referral-row' }) as never}
        columns={[
          { title: t('cases.referral.department'), key: 'd', render: (_: unknown, r) => (language === 'en' ? r.departmentNameEn || r.departmentName : r.departmentName) },
          { title: t('cases.referral.state'), dataIndex: 'state', width: 90, render: (s: string) => <Tag color={s === 'responded' ? 'green' : s === 'acknowledged' ? 'blue' : 'orange'}>{t(`cases.referralState.${s}`)}</Tag> },
          { title: t('cases.field.dueAt'), dataIndex: 'dueAt', width: 150, render: (d: string, r) => (r.state === 'responded' ? formatTime(r.respondedAt) : <DueText dueAt={d} isOverdue={r.isOverdue} />) },
          { title: t('cases.referral.response'), dataIndex: 'response', ellipsis: true, render: (v: string | null) => v ?? '—' },
          ...(canAnswer
            ? [
                {
                  title: '',
                  key: 'x',
                  width: 150,
                  render: (_: unknown, r: Referral) =>
                    r.state === 'responded' ? null : (
                      <Space size={4}>
                        {r.state === 'requested' && (
                          <Button size="small" loading={busy} onClick={() => void step(r, 'acknowledge')} data-testid="referral-acknowledge">
                            {t('cases.referral.acknowledge')}
                          </Button>
                        )}
                        <Button size="small" type="primary" onClick={() => setAnswering(r)} data-testid="referral-respond">
                          {t('cases.referral.respond')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={Boolean(answering)}
        title={t('cases.referral.respondTitle', { department: answering?.departmentName })}
        onCancel={() => setAnswering(null)}
        onOk={() => answering && note.trim() && void step(answering, 'respond', note)}
        okButtonProps={{ disabled: !note.trim(), loading: busy, 'data-testid': 'referral-respond-submit' } as never}
        okText={t('cases.common.confirm')}
        cancelText={t('cases.common.cancel')}
      >
        <Input.TextArea rows={4} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('cases.referral.responsePlaceholder')} aria-label={t('cases.referral.response')} data-testid="referral-note" />
        <ProblemAlert error={error} />
      </Modal>
    </>
  );
}
