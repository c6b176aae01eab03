import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Result, Select, Space, Spin, Switch, Table, Tag, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, EnvironmentOutlined, LoginOutlined, LogoutOutlined, MinusCircleOutlined, PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { isNotFound, ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { useSubmit } from '../../use-submit.js';
import NotFound from '../not-found.js';
import { MyStatus, ThemeTag, When, formatClock, formatDateTime, placesLeft } from './volunteer-bits.js';
import { metricUnit, metrics, type ActivityDetail, type Metric, type Output, type SignupRow } from './types.js';
import './volunteers.css';

/** The phone's position, or nothing when it cannot or may not say (check-in then goes by code alone). */
function currentPosition(): Promise<{ lng: number; lat: number } | undefined> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lng: p.coords.longitude, lat: p.coords.latitude }),
      () => resolve(undefined),
      { enableHighAccuracy: true, timeout: 6000, maximumAge: 60_000 },
    );
  });
}

/**
 * 活动 (/volunteers/activities/:id): sign up, check in with the code (or the QR code, which opens
 * this page with it) and the phone's location, check out. The organiser shows the code and QR,
 * follows check-ins, and verifies hours and measured outputs, which only then count.
 */
export default function ActivityPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params] = useSearchParams();
  const activity = useApi<ActivityDetail>(`/api/volunteers/activities/${id}`);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState(params.get('code') ?? '');
  const [useLocation, setUseLocation] = useState(true);
  const [isVerifying, setVerifying] = useState(false);
  const [correcting, setCorrecting] = useState<SignupRow | null>(null);
  const fromQr = Boolean(params.get('code'));

  if (isNotFound(activity.error)) return <NotFound />;
  const a = activity.data;
  if (!a) return activity.error ? <ProblemAlert error={activity.error} /> : <Spin className="gg-page-spin" />;

  const run = async (path: string, body: object = {}, success?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(path, { method: 'POST', body });
      if (success) message.success(success);
      activity.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const withPlace = async () => (useLocation ? await currentPosition() : undefined) ?? {};
  const mine = a.mySignup && a.mySignup.state !== 'cancelled' ? a.mySignup : null;
  const now = Date.now();
  const isEnded = now > Date.parse(a.endsAt);
  const left = placesLeft(a);

  const signupColumns: TableColumnsType<SignupRow> = [
    { title: t('volunteers.organizer.person'), key: 'name', width: 110, render: (_: unknown, s) => <span>{s.person.name}{s.person.partyKind === 'inService' && <Tag className="gg-tag gg-inline-tag" color="red">{t('volunteers.organizer.inService')}</Tag>}</span> },
    { title: t('volunteers.organizer.phone'), key: 'phone', width: 120, render: (_: unknown, s) => <span className="gg-mono">{s.person.phone ?? '—'}</span> },
    { title: t('volunteers.organizer.state'), dataIndex: 'state', width: 80, render: (v: string) => t(`volunteers.signupState.${v}`) },
    { title: t('volunteers.organizer.checkedIn'), key: 'in', width: 110, render: (_: unknown, s) => (s.checkedInAt ? `${formatClock(s.checkedInAt)}${s.checkinMethod ? ` · ${t(`volunteers.method.${s.checkinMethod}`)}` : ''}` : '—') },
    { title: t('volunteers.organizer.checkedOut'), key: 'out', width: 80, render: (_: unknown, s) => formatClock(s.checkedOutAt) },
    { title: t('volunteers.organizer.suggested'), dataIndex: 'suggestedHours', width: 90, align: 'right' },
    {
      title: t('volunteers.organizer.verification'), key: 'v', width: 150,
      render: (_: unknown, s) => s.verification === 'verified' ? (
        <Space size={4}><Tag color="green" className="gg-tag">{t('volunteers.organizer.hoursValue', { hours: s.verifiedHours })}</Tag>{can('ledger.correct') && <Button size="small" type="link" onClick={() => setCorrecting(s)}>{t('volunteers.organizer.correct')}</Button>}</Space>
      ) : s.verification === 'rejected' ? <Tag className="gg-tag">{t('volunteers.status.rejected')}</Tag> : <span className="gg-muted">{t('volunteers.organizer.pending')}</span>,
    },
  ];
  const outputColumns: ExportableColumn<Output>[] = [
    { key: 'metric', title: t('volunteers.outputs.metric'), render: (_, o) => t(`volunteers.metric.${o.metric}`) },
    { key: 'quantity', title: t('volunteers.outputs.quantity'), render: (_, o) => o.quantity },
    { key: 'unit', title: t('volunteers.outputs.unit'), render: (_, o) => t(`volunteers.outputUnit.${o.unit}`, { defaultValue: o.unit }) },
    { key: 'grid', title: t('volunteers.outputs.grid'), render: (_, o) => o.grid?.name ?? '' },
    { key: 'note', title: t('volunteers.outputs.note'), render: (_, o) => o.note ?? '' },
    { key: 'state', title: t('volunteers.outputs.state'), render: (_, o) => (o.voidedAt ? t('volunteers.outputs.voided', { reason: o.voidReason ?? '' }) : '') },
  ];

  return (
    <div className="gg-page gg-activity-page" data-testid="activity-page">
      <div className="gg-page-head">
        <div>
          <Link to="/volunteers" className="gg-back"><ArrowLeftOutlined /> {t('volunteers.activities.title')}</Link>
          <h1 className="gg-page-title" data-testid="activity-title">{a.title}</h1>
          <Space size={4} wrap>
            <ThemeTag theme={a.theme} />
            {a.kind === 'joint' && <span className="gg-joint-badge">{t('volunteers.activities.joint')}</span>}
            <Tag className="gg-tag" color={a.state === 'completed' ? 'green' : a.state === 'cancelled' ? 'default' : 'blue'}>{t(`volunteers.activityState.${a.state}`)}</Tag>
            <MyStatus signup={mine} />
          </Space>
        </div>
      </div>
      <Panel>
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label={t('volunteers.activities.time')}><When startsAt={a.startsAt} endsAt={a.endsAt} /></Descriptions.Item>
          <Descriptions.Item label={t('volunteers.activities.place')}><EnvironmentOutlined /> {a.place}{a.grid.name !== a.place ? `（${a.grid.name}）` : ''}</Descriptions.Item>
          {a.team && <Descriptions.Item label={t('volunteers.activities.team')}><Link to={`/volunteers/teams/${a.team.id}`}>{a.team.name}</Link></Descriptions.Item>}
          {a.organization && <Descriptions.Item label={t('volunteers.activities.organization')}>{a.organization.name}</Descriptions.Item>}
          <Descriptions.Item label={t('volunteers.activities.capacity')}>{t('volunteers.activities.placesLine', { confirmed: a.confirmed, capacity: a.capacity, waiting: a.waitlisted })}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.activities.organizer')}>{a.organizerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.activities.pointsPerHour')}>{t('volunteers.activities.pointsRule', { points: a.pointsPerHour })}</Descriptions.Item>
          {a.description && <Descriptions.Item label={t('volunteers.activities.description')} span={2}>{a.description}</Descriptions.Item>}
        </Descriptions>
      </Panel>
      <ProblemAlert error={error} testId="activity-error" />

      {can('activity.signup') && a.state !== 'cancelled' && (
        <Panel title={t('volunteers.me.title')} className="gg-my-panel" data-testid="my-panel">
          {!mine && !isEnded && a.state === 'published' && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <span className="gg-muted">{left > 0 ? t('volunteers.activities.placesLeft', { left, capacity: a.capacity }) : t('volunteers.signup.fullHelp', { waiting: a.waitlisted })}</span>
              <Button type="primary" size="large" block loading={busy} onClick={() => run(`/api/volunteers/activities/${a.id}/signup`, {}, t('volunteers.signup.done'))} data-testid="signup">
                {left > 0 ? t('volunteers.signup.action') : t('volunteers.signup.joinWaitlist')}
              </Button>
            </Space>
          )}
          {mine?.state === 'waitlisted' && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Alert type="warning" showIcon title={t('volunteers.signup.waitingPosition', { position: a.mySignup?.waitlistPosition ?? '' })} description={t('volunteers.signup.waitingHelp')} />
              <Button block onClick={() => run(`/api/volunteers/activities/${a.id}/signup/cancel`)}>{t('volunteers.signup.cancel')}</Button>
            </Space>
          )}
          {mine?.state === 'confirmed' && !mine.checkedInAt && (
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="checkin-form">
              {fromQr && <Alert type="info" showIcon title={t('volunteers.checkin.fromQr')} />}
              <Input
                size="large" inputMode="numeric" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                placeholder={t('volunteers.checkin.codePlaceholder')} aria-label={t('volunteers.checkin.code')} className="gg-code-input" data-testid="checkin-code"
              />
              <label className="gg-switch-line"><Switch checked={useLocation} onChange={setUseLocation} size="small" /> {t('volunteers.checkin.useLocation', { radius: a.checkinRadiusM })}</label>
              <Button type="primary" size="large" block icon={<LoginOutlined />} loading={busy} disabled={code.length !== 6}
                onClick={async () => run(`/api/volunteers/activities/${a.id}/check-in`, { code, method: fromQr ? 'qr' : 'code', ...(await withPlace()) }, t('volunteers.checkin.done'))} data-testid="checkin">
                {t('volunteers.checkin.action')}
              </Button>
              {!isEnded && <Button block onClick={() => run(`/api/volunteers/activities/${a.id}/signup/cancel`)}>{t('volunteers.signup.cancel')}</Button>}
            </Space>
          )}
          {mine?.checkedInAt && !mine.checkedOutAt && mine.verification === 'pending' && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Result status="success" title={t('volunteers.checkin.checkedInAt', { time: formatClock(mine.checkedInAt) })} subTitle={t('volunteers.checkin.checkoutHelp')} className="gg-compact-result" />
              <Button type="primary" size="large" block icon={<LogoutOutlined />} loading={busy}
                onClick={async () => run(`/api/volunteers/activities/${a.id}/check-out`, { ...(await withPlace()) }, t('volunteers.checkout.done'))} data-testid="checkout">
                {t('volunteers.checkout.action')}
              </Button>
            </Space>
          )}
          {mine?.checkedOutAt && mine.verification === 'pending' && (
            <Result status="info" title={t('volunteers.checkout.checkedOut', { from: formatClock(mine.checkedInAt), to: formatClock(mine.checkedOutAt) })} subTitle={t('volunteers.checkout.pendingHelp')} className="gg-compact-result" data-testid="pending-verification" />
          )}
          {mine?.verification === 'verified' && (
            <Result icon={<CheckCircleOutlined />} status="success" title={t('volunteers.verified.title', { hours: a.mySignup?.verifiedHours ?? 0, points: (a.mySignup?.verifiedHours ?? 0) * a.pointsPerHour })} subTitle={<Link to="/me/service">{t('volunteers.verified.myRecord')}</Link>} className="gg-compact-result" data-testid="verified" />
          )}
          {mine?.verification === 'rejected' && <Alert type="warning" showIcon title={t('volunteers.verified.rejected')} />}
          {!mine && (isEnded || a.state !== 'published') && <span className="gg-muted">{t('volunteers.signup.closed')}</span>}
        </Panel>
      )}

      {a.isOrganizer && (
        <Panel title={t('volunteers.organizer.title')} data-testid="organizer-panel" extra={
            <Space wrap>
              <ExportButton
                rows={a.signups}
                columns={signupColumns}
                texts={{
                  name: (s) => `${s.person.name}${s.person.partyKind === 'inService' ? ` ${t('volunteers.organizer.inService')}` : ''}`,
                  v: (s) => (s.verification === 'verified' ? t('volunteers.organizer.hoursValue', { hours: s.verifiedHours }) : s.verification === 'rejected' ? t('volunteers.status.rejected') : t('volunteers.organizer.pending')),
                }}
                fileName={`${a.title}-${t('volunteers.organizer.title')}`}
              />
              {a.state !== 'cancelled' && Date.now() >= Date.parse(a.startsAt) ? <Button type="primary" onClick={() => setVerifying(true)} data-testid="verify-open">{t('volunteers.organizer.verify')}</Button> : null}
            </Space>
          }>
          <div className="gg-organizer-head">
            <div className="gg-checkin-code">
              <span className="gg-muted">{t('volunteers.organizer.code')}</span>
              <strong data-testid="organizer-code">{a.checkinCode}</strong>
              <span className="gg-muted">{t('volunteers.organizer.codeHelp')}</span>
            </div>
            <figure className="gg-qr">
              <img src={`/api/volunteers/activities/${a.id}/qr`} alt={t('volunteers.organizer.qrAlt')} width={148} height={148} />
              <figcaption className="gg-muted"><QrcodeOutlined /> {t('volunteers.organizer.qrHelp')}</figcaption>
            </figure>
          </div>
          <Table<SignupRow>
            rowKey="id" size="small" dataSource={a.signups} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 820 }} data-testid="signup-table"
            columns={signupColumns}
          />
        </Panel>
      )}

      {(a.outputs.length > 0 || a.isOrganizer) && (
        <Panel
          title={t('volunteers.outputs.title')}
          data-testid="outputs"
          extra={a.outputs.length > 0 ? <ExportButton rows={a.outputs} columns={outputColumns} fileName={`${a.title}-${t('volunteers.outputs.title')}`} testId="export-outputs" /> : null}
        >
          {a.outputs.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.outputs.none')} /> : (
            <List
              size="small"
              dataSource={a.outputs}
              renderItem={(o) => (
                <List.Item actions={a.isOrganizer && !o.voidedAt ? [<Button key="void" size="small" type="link" danger onClick={() => {
                  const reason = window.prompt(t('volunteers.outputs.voidReason'));
                  if (reason && reason.trim().length >= 2) void run(`/api/volunteers/outputs/${o.id}/void`, { reason });
                }}>{t('volunteers.outputs.void')}</Button>] : []}>
                  <span className={o.voidedAt ? 'gg-voided' : undefined}>
                    {t(`volunteers.metric.${o.metric}`)} <strong>{o.quantity}</strong> {t(`volunteers.outputUnit.${o.unit}`, { defaultValue: o.unit })}{o.grid ? ` · ${o.grid.name}` : ''}{o.note ? ` · ${o.note}` : ''}
                  </span>
                  {o.voidedAt && <span className="gg-muted">（{t('volunteers.outputs.voided', { reason: o.voidReason ?? '' })}）</span>}
                </List.Item>
              )}
            />
          )}
        </Panel>
      )}
      {a.isOrganizer && <VerifyDialog open={isVerifying} activity={a} onClose={() => setVerifying(false)} onDone={() => { setVerifying(false); activity.reload(); }} />}
      <CorrectDialog row={correcting} max={a.durationHours} onClose={() => setCorrecting(null)} onDone={() => { setCorrecting(null); activity.reload(); }} />
    </div>
  );
}

interface VerifyValues {
  entries: Record<string, { approve: boolean; hours?: number }>;
  outputs?: { metric: Metric; quantity: number; unit?: string; gridId?: string; note?: string }[];
  complete: boolean;
}

/** 核实: hours for each person present (suggested from check-in and check-out), the outputs measured, and closing the activity. */
function VerifyDialog({ open, activity, onClose, onDone }: { open: boolean; activity: ActivityDetail; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<VerifyValues>();
  const pending = activity.signups.filter((s) => s.state === 'confirmed' && s.verification === 'pending');
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const { run: submit, error, isBusy: isSaving } = useSubmit(async (v: VerifyValues) => {
    const entries = pending.map((s) => {
      const e = v.entries?.[s.id];
      return e?.approve === false ? { signupId: s.id, isApproved: false } : { signupId: s.id, hours: e?.hours };
    });
    const outputs = (v.outputs ?? []).filter((o) => o && o.metric && o.quantity);
    const result = await api<{ credited: number }>(`/api/volunteers/activities/${activity.id}/verify`, { method: 'POST', body: { entries, outputs, complete: v.complete } });
    message.success(t('volunteers.organizer.verifiedCount', { count: result.credited }));
    onDone();
  });
  const initialEntries = Object.fromEntries(pending.map((s) => [s.id, { approve: Boolean(s.checkedInAt), hours: s.suggestedHours || activity.durationHours }]));
  return (
    <Modal open={open} title={t('volunteers.organizer.verifyTitle', { title: activity.title })} onCancel={onClose} onOk={() => form.submit()} okText={t('volunteers.organizer.verifyConfirm')} cancelText={t('volunteers.common.cancel')} confirmLoading={isSaving} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ entries: initialEntries, outputs: [], complete: Date.now() >= Date.parse(activity.endsAt) }} data-testid="verify-form">
        <p className="gg-muted">{t('volunteers.organizer.verifyHelp', { max: activity.durationHours })}</p>
        {pending.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.organizer.nothingPending')} /> : (
          <div className="gg-verify-rows">
            {pending.map((s) => (
              <div key={s.id} className="gg-verify-row">
                <Form.Item name={['entries', s.id, 'approve']} valuePropName="checked" noStyle><Checkbox aria-label={s.person.name}>{s.person.name}</Checkbox></Form.Item>
                <span className="gg-muted">{s.checkedInAt ? `${formatClock(s.checkedInAt)}–${formatClock(s.checkedOutAt)}` : t('volunteers.organizer.notCheckedIn')}</span>
                <Form.Item name={['entries', s.id, 'hours']} noStyle><InputNumber min={0.5} max={activity.durationHours} step={0.5} suffix={t('volunteers.common.hourUnit')} aria-label={t('volunteers.organizer.hoursFor', { name: s.person.name })} data-testid="verify-hours" style={{ width: 130 }} /></Form.Item>
              </div>
            ))}
          </div>
        )}
        <h2 className="gg-section-title" style={{ marginTop: 16 }}>{t('volunteers.outputs.title')}</h2>
        <Form.List name="outputs">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <OutputRow key={field.key} name={field.name} onRemove={() => remove(field.name)} />
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ metric: activity.theme === 'snowClearing' ? 'snowAndRubbish' : activity.theme === 'stairwellCulture' ? 'stairwellCulture' : 'alleyRepair' })} data-testid="add-output">{t('volunteers.outputs.add')}</Button>
            </Space>
          )}
        </Form.List>
        <Form.Item name="complete" valuePropName="checked" style={{ marginTop: 12 }}><Checkbox>{t('volunteers.organizer.markCompleted')}</Checkbox></Form.Item>
      </Form>
      <ProblemAlert error={error} testId="verify-error" />
    </Modal>
  );
}

function OutputRow({ name, onRemove }: { name: number; onRemove(): void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const metric = Form.useWatch<Metric | undefined>(['outputs', name, 'metric'], form);
  const unit = metric ? metricUnit[metric] : null;
  return (
    <div className="gg-output-row">
      <Form.Item name={[name, 'metric']} noStyle><Select options={metrics.map((m) => ({ value: m, label: t(`volunteers.metric.${m}`) }))} style={{ width: 150 }} aria-label={t('volunteers.outputs.metric')} /></Form.Item>
      {metric === 'stairwellCulture' ? (
        <Form.Item name={[name, 'gridId']} noStyle><GridTreeSelect onChange={(v) => form.setFieldValue(['outputs', name, 'gridId'], v)} placeholder={t('volunteers.outputs.stairwell')} style={{ width: 200 }} aria-label={t('volunteers.outputs.stairwell')} /></Form.Item>
      ) : (
        <Form.Item name={[name, 'quantity']} noStyle><InputNumber min={0.01} placeholder={t('volunteers.outputs.quantity')} suffix={unit ? t(`volunteers.outputUnit.${unit}`) : undefined} style={{ width: 150 }} aria-label={t('volunteers.outputs.quantity')} data-testid="output-quantity" /></Form.Item>
      )}
      {metric === 'other' && <Form.Item name={[name, 'unit']} noStyle><Input placeholder={t('volunteers.outputs.unit')} style={{ width: 80 }} aria-label={t('volunteers.outputs.unit')} /></Form.Item>}
      {metric === 'stairwellCulture' && <Form.Item name={[name, 'quantity']} initialValue={1} hidden><InputNumber /></Form.Item>}
      <Button type="text" icon={<MinusCircleOutlined />} onClick={onRemove} aria-label={t('volunteers.outputs.remove')} />
    </div>
  );
}

function CorrectDialog({ row, max, onClose, onDone }: { row: SignupRow | null; max: number; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setHours(row?.verifiedHours ?? null);
    setReason('');
    setError(undefined);
  }, [row]);
  const save = async () => {
    try {
      await api(`/api/volunteers/signups/${row!.id}/correct`, { method: 'POST', body: { hours, reason } });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal open={row !== null} title={t('volunteers.organizer.correctTitle', { name: row?.person.name ?? '' })} onCancel={onClose} onOk={save} okText={t('volunteers.common.save')} cancelText={t('volunteers.common.cancel')} okButtonProps={{ disabled: hours === null || reason.trim().length < 2 }}>
      <p className="gg-muted">{t('volunteers.organizer.correctHelp', { time: formatDateTime(new Date().toISOString()) })}</p>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <InputNumber min={0} max={max} step={0.5} value={hours} onChange={(v) => setHours(v)} suffix={t('volunteers.common.hourUnit')} aria-label={t('volunteers.organizer.correctedHours')} />
        <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('volunteers.organizer.correctReason')} aria-label={t('volunteers.organizer.correctReason')} />
        <ProblemAlert error={error} />
      </Space>
    </Modal>
  );
}
