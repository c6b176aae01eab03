import { ExportButton } from '../../components/export-button.js';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Button, Descriptions, Drawer, Empty, Form, Grid, Input, Modal, Select, Space, Spin, Statistic, Table, Tabs, Tag, message } from 'antd';
import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, type Page, type Person } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { GradeTag, formatDate, recentYears, todayDate } from './cobuild-bits.js';
import { FeedbackView } from './feedback-view.js';
import { grades, type Organization, type Registration, type RegistrationDetail } from './types.js';
import './cobuild.css';

const pageSize = 20;

/**
 * 双报到 (/registrations): in-service party members registered with their residence communities
 * (a contact sees their organisation's), each member's service and both evaluations; and the
 * two-way feedback list of an organisation.
 */
export default function RegistrationsPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'members';
  const [filters, setFilters] = useState<{ q?: string; employerOrgId?: string }>({});
  const [draft, setDraft] = useState('');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [isRegistering, setRegistering] = useState(false);
  const list = useApi<Page<Registration>>('/api/cobuild/member-registrations', { ...filters, limit: pageSize, offset: (page - 1) * pageSize });
  const orgs = useApi<Page<Organization>>('/api/cobuild/organizations', { limit: 200 });
  const myOrgs = useMemo(() => (orgs.data?.items ?? []).filter((o) => o.isMine), [orgs.data]);
  const isContact = me?.role === 'orgContact';
  const [feedbackOrg, setFeedbackOrg] = useState<string | undefined>();
  useEffect(() => {
    if (!feedbackOrg && orgs.data?.items.length) setFeedbackOrg((myOrgs[0] ?? orgs.data.items[0]).id);
  }, [orgs.data, myOrgs, feedbackOrg]);

  const columns: TableColumnsType<Registration> = [
    { title: t('cobuild.registrations.member'), key: 'name', width: 100, render: (_: unknown, r) => <a href={`#${r.id}`} onClick={(e) => { e.preventDefault(); e.stopPropagation(); setOpenId(r.id); }}>{r.person.name}</a> },
    { title: t('cobuild.registrations.phone'), key: 'phone', width: 130, render: (_: unknown, r) => <span className="gg-mono">{r.person.phone ?? '—'}</span> },
    { title: t('cobuild.registrations.community'), key: 'community', width: 110, render: (_: unknown, r) => r.community.name },
    { title: t('cobuild.registrations.employer'), key: 'employer', ellipsis: true, render: (_: unknown, r) => r.employer.name },
    { title: t('cobuild.registrations.registeredOn'), dataIndex: 'registeredOn', width: 110 },
    { title: t('cobuild.registrations.skills'), key: 'skills', width: 160, render: (_: unknown, r) => (r.skills.length ? r.skills.map((s) => <Tag key={s} className="gg-tag">{s}</Tag>) : '—') },
    { title: t('cobuild.registrations.gradesOf', { year: list.data?.items[0]?.grades.year ?? '' }), key: 'grades', width: 200, render: (_: unknown, r) => <Space size={4}><GradeTag grade={r.grades.community} /><GradeTag grade={r.grades.employer} /></Space> },
  ];

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cobuild.registrations.title')}</h1>
          <span className="gg-muted">{isContact ? t('cobuild.registrations.subtitleContact') : t('cobuild.registrations.subtitle')}</span>
        </div>
        <ExportButton path="/api/cobuild/member-registrations" query={{ ...filters }} columns={columns} texts={{ grades: (r) => [r.grades.community, r.grades.employer].map((g) => (g ? t(`cobuild.grade.${g}`) : t('cobuild.registrations.notGraded'))).join(' ') }} fileName={t('cobuild.registrations.title')} />
        {can('registration.write') && <Button type="primary" icon={<UserAddOutlined />} onClick={() => setRegistering(true)}>{t('cobuild.registrations.registerSomeone')}</Button>}
      </div>
      <Panel>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k })}
          items={[
            { key: 'members', label: t('cobuild.registrations.tabMembers') },
            ...(can('feedback.read') ? [{ key: 'feedback', label: t('cobuild.registrations.tabFeedback') }] : []),
          ]}
        />
        {tab === 'members' ? (
          <Space wrap size={[12, 12]} className={isPhone ? 'gg-phone-filters' : 'gg-filters'}>
            <Input.Search allowClear enterButton={t('cobuild.common.search')} placeholder={t('cobuild.registrations.search')} aria-label={t('cobuild.registrations.search')} value={draft} onChange={(e) => setDraft(e.target.value)} onSearch={(v) => { setFilters((f) => ({ ...f, q: v.trim() || undefined })); setPage(1); }} style={{ width: 240 }} />
            {!isContact && (
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('cobuild.registrations.employer')} aria-label={t('cobuild.registrations.employer')} value={filters.employerOrgId} onChange={(employerOrgId) => { setFilters((f) => ({ ...f, employerOrgId })); setPage(1); }} options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} style={{ width: 240 }} />
            )}
          </Space>
        ) : (
          <Space wrap>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              value={feedbackOrg}
              onChange={setFeedbackOrg}
              options={(isContact ? myOrgs : orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              aria-label={t('cobuild.registrations.employer')}
              style={{ width: 300 }}
              data-testid="feedback-org"
            />
          </Space>
        )}
      </Panel>
      {tab === 'feedback' ? (
        feedbackOrg ? <FeedbackView key={feedbackOrg} organizationId={feedbackOrg} /> : orgs.isLoading ? <Spin /> : <Empty />
      ) : (
        <>
          <ProblemAlert error={list.error} />
          {isPhone ? (
            <div className="gg-card-list">
              {list.isLoading && !list.data ? <Spin /> : null}
              {list.data?.items.length === 0 ? <Empty /> : null}
              {list.data?.items.map((r) => (
                <button type="button" key={r.id} className="gg-item-card" onClick={() => setOpenId(r.id)}>
                  <div className="gg-item-card-head">
                    <strong>{r.person.name}</strong>
                    <GradeTag grade={r.grades.community} />
                  </div>
                  <div className="gg-muted">{r.employer.name}</div>
                  <div className="gg-item-card-meta"><span>{r.community.name}</span><span>{formatDate(r.registeredOn)}</span></div>
                </button>
              ))}
              {list.data && list.data.total > page * pageSize ? <Button block onClick={() => setPage((p) => p + 1)}>{t('cobuild.common.more')}</Button> : null}
            </div>
          ) : (
            <Panel bodyStyle={{ padding: 0 }} data-testid="registrations-table">
              <Table<Registration>
                rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 1000 }}
                onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
                pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('cobuild.common.total', { count: n }) }}
                columns={columns}
              />
            </Panel>
          )}
        </>
      )}
      <RegistrationDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => list.reload()} />
      <RegisterDialog open={isRegistering} organizations={orgs.data?.items ?? []} onClose={() => setRegistering(false)} onDone={() => { setRegistering(false); list.reload(); }} />
    </div>
  );
}

/** One member: service hours, activities, services recorded, and both sides' evaluations (with a form for the caller's side). */
export function RegistrationDrawer({ id, onClose, onChanged }: { id: string | null; onClose(): void; onChanged?(): void }) {
  const { t } = useTranslation();
  const detail = useApi<RegistrationDetail>(id ? `/api/cobuild/member-registrations/${id}` : null);
  const [error, setError] = useState<unknown>();
  const [evalForm] = Form.useForm();
  const [serviceForm] = Form.useForm();
  const d = detail.data;
  const post = async (path: string, body: object, form: ReturnType<typeof Form.useForm>[0]) => {
    setError(undefined);
    try {
      await api(path, { method: 'POST', body });
      message.success(t('cobuild.common.saved'));
      form.resetFields();
      detail.reload();
      onChanged?.();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Drawer open={id !== null} onClose={onClose} size={560} title={d ? `${d.person.name} · ${d.employer.name}` : t('cobuild.registrations.member')} destroyOnHidden>
      {!d ? <Spin /> : (
        <div className="gg-page" data-testid="registration-drawer">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('cobuild.registrations.community')}>{d.community.name}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.registrations.employer')}>{d.employer.name}{d.employer.partyOrgName ? `（${d.employer.partyOrgName}）` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.registrations.registeredOn')}>{d.registeredOn}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.registrations.phone')}><span className="gg-mono">{d.person.phone ?? '—'}</span></Descriptions.Item>
          </Descriptions>
          <div className="gg-stat-row">
            <Panel className="gg-stat-card"><Statistic title={t('cobuild.registrations.hoursThisYear')} value={d.hours.thisYear} /></Panel>
            <Panel className="gg-stat-card"><Statistic title={t('cobuild.registrations.hoursTotal')} value={d.hours.total} /></Panel>
            <Panel className="gg-stat-card"><Statistic title={t('cobuild.registrations.points')} value={d.hours.points} /></Panel>
          </div>
          <Tabs
            items={[
              {
                key: 'evaluations', label: t('cobuild.registrations.evaluations'),
                children: (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {d.evaluations.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
                      <Table rowKey="id" size="small" pagination={false} dataSource={d.evaluations}
                        columns={[
                          { title: t('cobuild.common.yearLabel'), dataIndex: 'year', width: 70 },
                          { title: t('cobuild.registrations.side'), dataIndex: 'side', width: 90, render: (s: string) => t(`cobuild.registrations.sides.${s}`) },
                          { title: t('cobuild.registrations.grade'), dataIndex: 'grade', width: 100, render: (g: (typeof grades)[number]) => <GradeTag grade={g} /> },
                          { title: t('cobuild.registrations.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '—' },
                        ]}
                      />
                    )}
                    {d.canEvaluate && (
                      <Form form={evalForm} layout="inline" initialValues={{ year: new Date().getFullYear() }} onFinish={(v) => post('/api/cobuild/evaluations', { registrationId: d.id, ...v }, evalForm)} className="gg-inline-form">
                        <Form.Item name="year"><Select options={recentYears().map((y) => ({ value: y, label: t('cobuild.common.year', { year: y }) }))} style={{ width: 110 }} aria-label={t('cobuild.common.yearLabel')} /></Form.Item>
                        <Form.Item name="grade" rules={[{ required: true, message: t('cobuild.common.required') }]}><Select placeholder={t('cobuild.registrations.grade')} options={grades.map((g) => ({ value: g, label: t(`cobuild.grade.${g}`) }))} style={{ width: 130 }} aria-label={t('cobuild.registrations.grade')} /></Form.Item>
                        <Form.Item name="comment"><Input placeholder={t('cobuild.registrations.comment')} maxLength={1000} aria-label={t('cobuild.registrations.comment')} /></Form.Item>
                        <Button type="primary" htmlType="submit">{t('cobuild.registrations.evaluate')}</Button>
                      </Form>
                    )}
                  </Space>
                ),
              },
              {
                key: 'activities', label: t('cobuild.registrations.attendances', { count: d.attendances.length }),
                children: d.attendances.length ? (
                  <ul className="gg-plain-list">{d.attendances.map((a) => <li key={a.activityId}>{a.date} {a.title} · {t('cobuild.feedback.hoursValue', { hours: a.hours })}</li>)}</ul>
                ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />,
              },
              {
                key: 'services', label: t('cobuild.registrations.services', { count: d.services.length }),
                children: (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {d.services.length ? <ul className="gg-plain-list">{d.services.map((s) => <li key={s.id}>{s.servedOn} {t(`cobuild.serviceKind.${s.kind}`)}：{s.description}</li>)}</ul> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
                    {d.canRecordService && (
                      <Form form={serviceForm} layout="vertical" initialValues={{ kind: 'pairing', servedOn: todayDate() }} onFinish={(v) => post('/api/cobuild/service-records', { registrationId: d.id, ...v }, serviceForm)}>
                        <Space.Compact block>
                          <Form.Item name="kind" style={{ flex: 1 }}><Select options={['pairing', 'wish', 'care', 'consultation', 'other'].map((k) => ({ value: k, label: t(`cobuild.serviceKind.${k}`) }))} aria-label={t('cobuild.registrations.serviceKind')} /></Form.Item>
                          <Form.Item name="servedOn" style={{ flex: 1 }}><Input type="date" aria-label={t('cobuild.registrations.servedOn')} /></Form.Item>
                        </Space.Compact>
                        <Form.Item name="description" rules={[{ required: true, min: 2, message: t('cobuild.common.required') }]}><Input.TextArea rows={2} placeholder={t('cobuild.registrations.serviceDescription')} aria-label={t('cobuild.registrations.serviceDescription')} /></Form.Item>
                        <Button icon={<PlusOutlined />} htmlType="submit">{t('cobuild.registrations.recordService')}</Button>
                      </Form>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          <ProblemAlert error={error} />
        </div>
      )}
    </Drawer>
  );
}

/** Staff register a resident of their community as an in-service member, naming the employer. */
function RegisterDialog({ open, organizations, onClose, onDone }: { open: boolean; organizations: Organization[]; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form] = Form.useForm();
  const [query, setQuery] = useState('');
  const people = useApi<Page<Person>>(open && query.length >= 1 ? '/api/people' : null, { q: query, limit: 20 });
  const [error, setError] = useState<unknown>();
  const communities = (me?.scopes ?? []).filter((s) => s.level === 'community');
  const submit = async (v: Record<string, unknown>) => {
    setError(undefined);
    try {
      await api('/api/cobuild/member-registrations', { method: 'POST', body: { ...v, skills: String(v.skills ?? '').split(/[,，、\s]+/).filter(Boolean) } });
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal open={open} title={t('cobuild.registrations.registerSomeone')} okText={t('cobuild.registrations.register')} cancelText={t('cobuild.common.cancel')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ communityId: communities[0]?.id }}>
        <Form.Item name="personId" label={t('cobuild.registrations.member')} rules={[{ required: true, message: t('cobuild.common.required') }]}>
          <Select showSearch={{ filterOption: false, onSearch: setQuery }} placeholder={t('cobuild.registrations.searchPerson')} notFoundContent={people.isLoading ? <Spin size="small" /> : null}
            options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.address ?? ''}` }))} />
        </Form.Item>
        <Form.Item name="communityId" label={t('cobuild.registrations.community')} rules={[{ required: true }]}><Select options={communities.map((c) => ({ value: c.id, label: c.name }))} /></Form.Item>
        <Form.Item name="employerOrgId" label={t('cobuild.registrations.employer')} rules={[{ required: true, message: t('cobuild.common.required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={organizations.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="skills" label={t('cobuild.registrations.skills')} extra={t('cobuild.registrations.skillsHelp')}><Input /></Form.Item>
      </Form>
      <ProblemAlert error={error} />
    </Modal>
  );
}
