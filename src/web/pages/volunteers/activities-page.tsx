import { useState } from 'react';
import { Button, Drawer, Empty, Form, Input, InputNumber, Progress, Segmented, Select, Space, Spin, message } from 'antd';
import { EnvironmentOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { useSubmit } from '../../use-submit.js';
import { MyStatus, ThemeTag, VolunteersNav, When, formatClock, formatDateTime, fromLocalInput, myStatusOf, placesLeft, toLocalInput } from './volunteer-bits.js';
import { themes, type ActivitySummary, type Team, type Theme } from './types.js';
import './volunteers.css';

const pageSize = 20;

/**
 * 志愿活动 (/volunteers): the activities of my place and the places above it, as cards a phone can
 * read, with places left and my status; sign up right from the card. Organisers publish here.
 */
export default function ActivitiesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  const [theme, setTheme] = useState<Theme | undefined>();
  const [limit, setLimit] = useState(pageSize);
  const [isCreating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>();
  const list = useApi<Page<ActivitySummary>>('/api/volunteers/activities', { when, theme, limit });
  const placesText = (a: ActivitySummary) => {
    const left = placesLeft(a);
    return when === 'upcoming' ? (left > 0 ? t('volunteers.activities.placesLeft', { left, capacity: a.capacity }) : t('volunteers.activities.full', { waiting: a.waitlisted })) : t('volunteers.activities.attended', { count: a.confirmed });
  };
  // What each card says, as columns; the export takes every activity of the filter, not only the cards loaded so far.
  const exportColumns: ExportableColumn<ActivitySummary>[] = [
    { key: 'title', title: t('volunteers.activities.name'), render: (_, a) => a.title },
    { key: 'theme', title: t('volunteers.activities.theme'), render: (_, a) => t(`volunteers.theme.${a.theme}`) },
    { key: 'time', title: t('volunteers.activities.time'), render: (_, a) => `${formatDateTime(a.startsAt)}–${formatClock(a.endsAt)}` },
    { key: 'place', title: t('volunteers.activities.place'), render: (_, a) => a.place },
    { key: 'team', title: t('volunteers.activities.team'), render: (_, a) => a.team?.name ?? '' },
    { key: 'organization', title: t('volunteers.activities.organization'), render: (_, a) => a.organization?.name ?? '' },
    { key: 'places', title: t('volunteers.activities.capacity'), render: (_, a) => placesText(a) },
    { key: 'myStatus', title: t('volunteers.activities.myStatus'), render: (_, a) => { const s = myStatusOf(a.mySignup); return s ? t(`volunteers.status.${s}`) : ''; } },
  ];

  const signUp = async (a: ActivitySummary) => {
    setError(undefined);
    try {
      const result = await api<{ state: string; waitlistPosition: number | null }>(`/api/volunteers/activities/${a.id}/signup`, { method: 'POST' });
      message.success(result.state === 'confirmed' ? t('volunteers.signup.confirmed') : t('volunteers.signup.waitlisted', { position: result.waitlistPosition }));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('volunteers.activities.title')}</h1>
          <span className="gg-muted">{t('volunteers.activities.subtitle')}</span>
        </div>
        <Space wrap>
          <VolunteersNav />
          {can('activity.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="activity-create">{t('volunteers.activities.create')}</Button>}
        </Space>
      </div>
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters">
          <Segmented value={when} onChange={(v) => { setWhen(v as 'upcoming' | 'past'); setLimit(pageSize); }} options={[{ value: 'upcoming', label: t('volunteers.activities.upcoming') }, { value: 'past', label: t('volunteers.activities.past') }]} />
          <Select allowClear placeholder={t('volunteers.activities.theme')} aria-label={t('volunteers.activities.theme')} value={theme} onChange={setTheme} options={themes.map((th) => ({ value: th, label: t(`volunteers.theme.${th}`) }))} style={{ width: 150 }} />
          <span className="gg-muted">{list.data ? t('volunteers.common.total', { count: list.data.total }) : null}</span>
          <ExportButton path="/api/volunteers/activities" query={{ when, theme }} columns={exportColumns} fileName={`${t('volunteers.activities.title')}-${t(`volunteers.activities.${when}`)}`} />
        </Space>
      </Panel>
      <ProblemAlert error={list.error ?? error} testId="activities-error" />
      <div className="gg-activity-grid" data-testid="activity-cards">
        {list.isLoading && !list.data ? <Spin /> : null}
        {list.data?.items.length === 0 ? <Empty description={when === 'upcoming' ? t('volunteers.activities.noneUpcoming') : undefined} /> : null}
        {list.data?.items.map((a) => {
          const left = placesLeft(a);
          const canSignUp = can('activity.signup') && when === 'upcoming' && a.state === 'published' && (!a.mySignup || a.mySignup.state === 'cancelled');
          return (
            <article key={a.id} className="gg-activity-card" data-testid="activity-card">
              <Link to={`/volunteers/activities/${a.id}`} className="gg-activity-card-main">
                <div className="gg-activity-card-head">
                  <ThemeTag theme={a.theme} />
                  {a.kind === 'joint' && <span className="gg-joint-badge">{t('volunteers.activities.joint')}</span>}
                  <MyStatus signup={a.mySignup} />
                </div>
                <h2 className="gg-activity-title">{a.title}</h2>
                <div className="gg-activity-meta"><When startsAt={a.startsAt} endsAt={a.endsAt} /></div>
                <div className="gg-activity-meta"><EnvironmentOutlined /> {a.place}</div>
                {(a.team || a.organization) && <div className="gg-activity-meta"><TeamOutlined /> {[a.team?.name, a.organization?.name].filter(Boolean).join(' · ')}</div>}
              </Link>
              <div className="gg-activity-card-foot">
                <Progress percent={Math.round((Math.min(a.confirmed, a.capacity) / a.capacity) * 100)} size="small" showInfo={false} strokeColor="#c0392b" aria-label={t('volunteers.activities.places', { confirmed: a.confirmed, capacity: a.capacity })} />
                <span className="gg-places">{placesText(a)}</span>
                {canSignUp && (
                  <Button type="primary" size="large" onClick={() => signUp(a)} data-testid="activity-signup">
                    {left > 0 ? t('volunteers.signup.action') : t('volunteers.signup.joinWaitlist')}
                  </Button>
                )}
                {a.mySignup && a.mySignup.state !== 'cancelled' && when === 'upcoming' && (
                  <Button size="large" onClick={() => navigate(`/volunteers/activities/${a.id}`)}>{t('volunteers.activities.open')}</Button>
                )}
              </div>
            </article>
          );
        })}
      </div>
      {list.data && list.data.total > limit ? <Button block onClick={() => setLimit((l) => l + pageSize)}>{t('volunteers.common.more')}</Button> : null}
      <CreateActivity open={isCreating} onClose={() => setCreating(false)} onDone={(id) => navigate(`/volunteers/activities/${id}`)} />
    </div>
  );
}

/** 发布活动: place, time, capacity, the team holding it and the partner organisation joining in. */
function CreateActivity({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(id: string): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const teams = useApi<Page<Team>>(open ? '/api/volunteers/teams' : null, { limit: 200 });
  const orgs = useApi<Page<{ id: string; name: string }>>(open ? '/api/cobuild/organizations' : null, { limit: 200 });
  // Tomorrow 08:00 Beijing time.
  const start = new Date(Math.floor((Date.now() + 8 * 3_600_000) / 86_400_000) * 86_400_000 + 24 * 3_600_000);
  const { run: submit, error, isBusy: isSaving } = useSubmit(async (v: Record<string, unknown>) => {
    const body = {
      ...v,
      startsAt: fromLocalInput(String(v.startsAt)),
      endsAt: fromLocalInput(String(v.endsAt)),
      teamId: v.teamId || undefined,
      organizationId: v.organizationId || undefined,
      kind: v.organizationId ? 'joint' : 'service',
    };
    const { id } = await api<{ id: string }>('/api/volunteers/activities', { method: 'POST', body });
    form.resetFields();
    onDone(id);
  });
  return (
    <Drawer open={open} onClose={onClose} title={t('volunteers.activities.create')} size={480} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark="optional" onFinish={submit}
        initialValues={{ theme: 'snowClearing', capacity: 20, startsAt: toLocalInput(start), endsAt: toLocalInput(new Date(start.getTime() + 3 * 3_600_000)) }}>
        <Form.Item name="title" label={t('volunteers.activities.name')} rules={[{ required: true, min: 2, message: t('volunteers.common.required') }]}><Input maxLength={200} data-testid="activity-title" /></Form.Item>
        <Form.Item name="theme" label={t('volunteers.activities.theme')} rules={[{ required: true }]}>
          <Select options={themes.map((th) => ({ value: th, label: t(`volunteers.theme.${th}`) }))} />
        </Form.Item>
        <Form.Item name="teamId" label={t('volunteers.activities.team')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(teams.data?.items ?? []).map((tm) => ({ value: tm.id, label: tm.name }))} />
        </Form.Item>
        <Form.Item name="organizationId" label={t('volunteers.activities.organization')} extra={t('volunteers.activities.organizationHelp')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="gridId" label={t('volunteers.activities.grid')} rules={[{ required: true, message: t('volunteers.common.required') }]}>
          <GridTreeSelect onChange={(v) => form.setFieldValue('gridId', v)} />
        </Form.Item>
        <Form.Item name="place" label={t('volunteers.activities.place')} rules={[{ required: true, min: 2, message: t('volunteers.common.required') }]}><Input maxLength={200} data-testid="activity-place" /></Form.Item>
        <div className="gg-two-cols">
          <Form.Item name="startsAt" label={t('volunteers.activities.startsAt')} rules={[{ required: true }]}><Input type="datetime-local" data-testid="activity-starts" /></Form.Item>
          <Form.Item name="endsAt" label={t('volunteers.activities.endsAt')} rules={[{ required: true }]}><Input type="datetime-local" data-testid="activity-ends" /></Form.Item>
        </div>
        <div className="gg-two-cols">
          <Form.Item name="capacity" label={t('volunteers.activities.capacity')} rules={[{ required: true }]}><InputNumber min={1} max={5000} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="pointsPerHour" label={t('volunteers.activities.pointsPerHour')}><InputNumber min={0} max={100} placeholder="10" style={{ width: '100%' }} /></Form.Item>
        </div>
        <Form.Item name="description" label={t('volunteers.activities.description')}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" loading={isSaving} block style={{ marginTop: 12 }} data-testid="activity-submit">{t('volunteers.activities.publish')}</Button>
      </Form>
    </Drawer>
  );
}
