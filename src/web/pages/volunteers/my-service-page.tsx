import { useState } from 'react';
import { Alert, Button, Descriptions, Empty, Form, Grid, Input, List, Select, Space, Spin, Statistic, Table, Tag, message, type TableColumnsType } from 'antd';
import { PrinterOutlined, SolutionOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { GradeTag } from '../cobuild/cobuild-bits.js';
import type { RegistrationDetail } from '../cobuild/types.js';
import { ThemeTag, When, formatDateTime } from './volunteer-bits.js';
import type { LedgerEntry, MyRecord } from './types.js';
import './volunteers.css';

/**
 * 我的志愿服务 (/me/service): my hours and points (sums of the ledger: verified service only), each
 * entry, what I signed up for, my teams, my 个人报到 with both evaluations, and my certificate.
 */
export default function MyServicePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const screens = Grid.useBreakpoint();
  const record = useApi<MyRecord>('/api/volunteers/me');
  const registration = useApi<{ registration: RegistrationDetail | null; isInService: boolean }>('/api/cobuild/me');
  const [year, setYear] = useState<number | 'all'>(new Date().getFullYear());
  const r = record.data;
  const ledgerColumns: TableColumnsType<LedgerEntry> = [
    { title: t('volunteers.my.date'), dataIndex: 'occurredOn', width: screens.md ? 110 : 96 },
    { title: t('volunteers.my.activity'), key: 'activity', render: (_: unknown, e) => (e.activityId ? <Link to={`/volunteers/activities/${e.activityId}`}>{e.activityTitle}</Link> : e.reason ?? '—') },
    { title: t('volunteers.my.entryKind'), dataIndex: 'kind', width: 64, render: (k: string, e) => <Tag className="gg-tag" color={k === 'credit' ? 'green' : 'orange'} title={e.reason ?? undefined}>{t(`volunteers.my.kind.${k}`)}</Tag> },
    { title: t('volunteers.my.entryHours'), dataIndex: 'hours', width: 70, align: 'right', render: (h: number) => (h > 0 ? `+${h}` : h) },
    { title: t('volunteers.my.entryPoints'), dataIndex: 'points', width: 70, align: 'right', render: (p: number) => (p > 0 ? `+${p}` : p) },
    ...(screens.md ? [{ title: t('volunteers.my.verifiedBy'), key: 'by', width: 170, render: (_: unknown, e: LedgerEntry) => <span className="gg-muted">{e.enteredByName ?? '—'} {formatDateTime(e.enteredAt).slice(5)}</span> }] : []),
  ];

  return (
    <div className="gg-page" data-testid="my-service">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('volunteers.my.title')}</h1>
          <span className="gg-muted">{r?.person ? t('volunteers.my.subtitle', { name: r.person.name }) : t('volunteers.my.noPerson')}</span>
        </div>
        <Space wrap>
          <Select value={year} onChange={setYear} aria-label={t('volunteers.my.certificateYear')} style={{ width: 120 }}
            options={[{ value: 'all' as const, label: t('volunteers.my.allYears') }, ...[0, 1, 2, 3].map((k) => ({ value: new Date().getFullYear() - k, label: t('volunteers.my.yearLabel', { year: new Date().getFullYear() - k }) }))]} />
          <Link to={`/me/service/certificate${year === 'all' ? '' : `?year=${year}`}`}><Button icon={<PrinterOutlined />} type="primary" data-testid="certificate-link">{t('volunteers.my.certificate')}</Button></Link>
        </Space>
      </div>
      <ProblemAlert error={record.error ?? registration.error} />
      {!r ? <Spin /> : (
        <>
          <div className="gg-stat-row gg-my-stats" data-testid="my-balance">
            <Panel className="gg-stat-card gg-stat-accent"><Statistic title={t('volunteers.my.hours')} value={r.balance.hours} suffix={t('volunteers.common.hourUnit')} /></Panel>
            <Panel className="gg-stat-card"><Statistic title={t('volunteers.my.points')} value={r.balance.points} /></Panel>
            <Panel className="gg-stat-card"><Statistic title={t('volunteers.my.thisYear')} value={r.thisYear.hours} suffix={t('volunteers.common.hourUnit')} /></Panel>
          </div>
          <RegistrationCard data={registration.data} role={me?.role} scopes={(me?.scopes ?? []).filter((s) => s.level === 'community')} onDone={() => registration.reload()} />
          <Panel title={t('volunteers.my.upcoming')} data-testid="my-upcoming">
            {r.upcoming.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<Link to="/volunteers">{t('volunteers.my.findActivities')}</Link>} /> : (
              <List
                dataSource={r.upcoming}
                renderItem={(u) => (
                  <List.Item actions={[<Link key="go" to={`/volunteers/activities/${u.activityId}`}><Button type={Date.parse(u.startsAt) - Date.now() < 30 * 60_000 ? 'primary' : 'default'}>{u.checkedInAt ? t('volunteers.checkout.action') : Date.parse(u.startsAt) - Date.now() < 30 * 60_000 ? t('volunteers.checkin.action') : t('volunteers.activities.open')}</Button></Link>]}>
                    <List.Item.Meta title={u.title} description={<span><When startsAt={u.startsAt} endsAt={u.endsAt} /> · {u.place}{u.state === 'waitlisted' ? ` · ${t('volunteers.status.waitlisted')}` : ''}</span>} />
                  </List.Item>
                )}
              />
            )}
          </Panel>
          {r.teams.length > 0 && (
            <Panel title={t('volunteers.my.teams')}>
              <Space wrap>{r.teams.map((tm) => <Link key={tm.id} to={`/volunteers/teams/${tm.id}`} className="gg-chip"><ThemeTag theme={tm.theme} /> {tm.name}</Link>)}</Space>
            </Panel>
          )}
          <Panel title={t('volunteers.my.ledger')} bodyStyle={{ padding: 0 }} extra={<ExportButton rows={r.entries} columns={ledgerColumns} fileName={t('volunteers.my.ledger')} />} data-testid="my-ledger">
            <div className="gg-muted gg-panel-note">{t('volunteers.my.ledgerHelp')}</div>
            <Table<LedgerEntry>
              rowKey="id" size="small" dataSource={r.entries} pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.my.noEntries')} /> }}
              columns={ledgerColumns}
            />
          </Panel>
        </>
      )}
    </div>
  );
}

/** 个人报到: where I registered and with which employer, and how both sides graded me; or the form to register. */
function RegistrationCard({ data, role, scopes, onDone }: { data: { registration: RegistrationDetail | null; isInService: boolean } | undefined; role?: string; scopes: { id: string; name: string }[]; onDone(): void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const directory = useApi<{ items: { id: string; name: string; gridName: string }[] }>(role === 'partyMember' && data && !data.registration ? '/api/cobuild/organizations/directory' : null, { q: query || undefined });
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm();
  if (!data) return null;
  const reg = data.registration;
  if (reg) {
    const latest = Math.max(0, ...reg.evaluations.map((e) => e.year));
    return (
      <Panel title={<span><SolutionOutlined /> {t('volunteers.my.registration')}</span>} data-testid="my-registration">
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label={t('cobuild.registrations.community')}>{reg.community.name}</Descriptions.Item>
          <Descriptions.Item label={t('cobuild.registrations.employer')}>{reg.employer.name}</Descriptions.Item>
          <Descriptions.Item label={t('cobuild.registrations.registeredOn')}>{reg.registeredOn}</Descriptions.Item>
          <Descriptions.Item label={t('cobuild.registrations.skills')}>{reg.skills.join('、') || '—'}</Descriptions.Item>
          {latest > 0 && (
            <Descriptions.Item label={t('volunteers.my.gradesOf', { year: latest })} span={2}>
              <Space size={4} wrap>
                {t('cobuild.registrations.sides.community')} <GradeTag grade={reg.evaluations.find((e) => e.year === latest && e.side === 'community')?.grade} />
                {t('cobuild.registrations.sides.employer')} <GradeTag grade={reg.evaluations.find((e) => e.year === latest && e.side === 'employer')?.grade} />
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Panel>
    );
  }
  if (role !== 'partyMember') return null;
  const submit = async (v: { communityId: string; employerOrgId: string; skills?: string }) => {
    setError(undefined);
    try {
      await api('/api/cobuild/member-registrations', { method: 'POST', body: { communityId: v.communityId, employerOrgId: v.employerOrgId, skills: (v.skills ?? '').split(/[,，、\s]+/).filter(Boolean) } });
      message.success(t('volunteers.my.registered'));
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Panel title={<span><SolutionOutlined /> {t('volunteers.my.registerTitle')}</span>} data-testid="register-form">
      <Alert type="info" showIcon title={t('volunteers.my.registerHelp')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ communityId: scopes[0]?.id }}>
        <Form.Item name="communityId" label={t('volunteers.my.residenceCommunity')} rules={[{ required: true }]}><Select options={scopes.map((s) => ({ value: s.id, label: s.name }))} data-testid="register-community" /></Form.Item>
        <Form.Item name="employerOrgId" label={t('cobuild.registrations.employer')} rules={[{ required: true, message: t('volunteers.common.required') }]}>
          <Select showSearch={{ filterOption: false, onSearch: setQuery }} placeholder={t('volunteers.my.employerPlaceholder')} notFoundContent={directory.isLoading ? <Spin size="small" /> : null}
            options={(directory.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} data-testid="register-employer" />
        </Form.Item>
        <Form.Item name="skills" label={t('cobuild.registrations.skills')} extra={t('cobuild.registrations.skillsHelp')}><Input /></Form.Item>
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" size="large" block data-testid="register-submit">{t('volunteers.my.register')}</Button>
      </Form>
    </Panel>
  );
}
