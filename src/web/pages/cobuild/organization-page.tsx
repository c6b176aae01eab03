import { useState } from 'react';
import { Button, Descriptions, Drawer, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Spin, Statistic, Table, Tabs, Tag, message, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SolutionOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { isNotFound, ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import NotFound from '../not-found.js';
import { KindTag, Quantity, StateTag, formatDate, todayDate } from './cobuild-bits.js';
import { FeedbackView } from './feedback-view.js';
import { ResourceForm } from './list-forms.js';
import { type OrganizationDetail, type RankingRow, type Resource, type Rules } from './types.js';
import './cobuild.css';

/** 驻区单位详情 (/cobuild/organizations/:id): who it is, where it serves, what it offers and did, its score and its members' feedback. */
export default function OrganizationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const org = useApi<OrganizationDetail>(`/api/cobuild/organizations/${id}`);
  const year = new Date().getFullYear();
  const score = useApi<RankingRow & { of: number; rules: Rules }>(can('assessment.read') ? `/api/cobuild/organizations/${id}/score` : null, { year });
  const [error, setError] = useState<unknown>();
  const [isEditing, setEditing] = useState(false);
  const [isPosting, setPosting] = useState(false);
  const [isSigning, setSigning] = useState(false);
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [tab, setTab] = useState('resources');
  const isStaff = me?.role === 'admin' || me?.role === 'cadre' || me?.role === 'secretary';
  const communities = (me?.scopes ?? []).filter((s) => s.level === 'community');

  if (isNotFound(org.error)) return <NotFound />;
  const o = org.data;
  if (!o) return org.error ? <ProblemAlert error={org.error} /> : <Spin className="gg-page-spin" />;

  const act = async (path: string, body?: object, done?: string) => {
    setError(undefined);
    try {
      await api(path, { method: 'POST', body: body ?? {} });
      if (done) message.success(done);
      org.reload();
      score.reload();
    } catch (e) {
      setError(e);
    }
  };
  const registeredHere = new Set(o.registrations.filter((r) => r.state === 'active').map((r) => r.community.id));
  const unregistered = communities.filter((c) => !registeredHere.has(c.id));

  const quantityText = (value: number | null | undefined, unit: string) => (value === null || value === undefined ? '—' : `${value.toLocaleString(i18n.language === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 })} ${t(`cobuild.unit.${unit}`, { defaultValue: unit })}`);
  const resourceColumns: TableColumnsType<Resource> = [
    { title: t('cobuild.lists.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/cobuild/resources/${r.id}`}>{v}</Link> },
    { title: t('cobuild.lists.kind'), dataIndex: 'kind', width: 100, render: (k: string) => <KindTag kind={k} /> },
    { title: t('cobuild.lists.quantity'), key: 'q', width: 130, render: (_: unknown, r) => <Quantity value={r.quantity} unit={r.unit} /> },
    { title: t('cobuild.lists.availability'), dataIndex: 'availability', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('cobuild.lists.state'), dataIndex: 'state', width: 90, render: (s: string) => <StateTag state={s} /> },
  ];
  const projectColumns: TableColumnsType<OrganizationDetail['projects'][number]> = [
    { title: t('cobuild.lists.projectTitle'), dataIndex: 'title', render: (v: string, p: { id: string }) => <Link to={`/cobuild/projects/${p.id}`}>{v}</Link> },
    { title: t('cobuild.lists.place'), dataIndex: 'gridName', width: 120 },
    { title: t('cobuild.lists.state'), dataIndex: 'state', width: 90, render: (s: string) => <StateTag state={s} /> },
    { title: t('cobuild.lists.completedAt'), dataIndex: 'completedAt', width: 120, render: formatDate },
    { title: t('cobuild.lists.rating'), dataIndex: 'rating', width: 80, render: (r: number | null) => (r ? '★'.repeat(r) : '—') },
  ];

  return (
    <div className="gg-page" data-testid="organization-page">
      <div className="gg-page-head">
        <div>
          <Link to="/cobuild" className="gg-back"><ArrowLeftOutlined /> {t('cobuild.organizations.title')}</Link>
          <h1 className="gg-page-title" data-testid="organization-name">
            {o.name} <Tag className="gg-tag">{t(`cobuild.organizationKind.${o.kind}`)}</Tag>
            {o.isMine && <Tag color="red" className="gg-tag">{t('cobuild.organizations.mine')}</Tag>}
          </h1>
          <span className="gg-muted">{o.partyOrgName ?? t('cobuild.organizations.noPartyOrg')}</span>
        </div>
        <Space wrap>
          {o.canManage && <Button icon={<PlusOutlined />} type="primary" onClick={() => setPosting(true)} data-testid="org-post-resource">{t('cobuild.lists.postResource')}</Button>}
          {o.canManage && <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('cobuild.common.edit')}</Button>}
          {isStaff && unregistered.map((c) => (
            <Button key={c.id} icon={<SolutionOutlined />} onClick={() => act(`/api/cobuild/organizations/${o.id}/registrations`, { communityId: c.id }, t('cobuild.organizations.registered'))}>
              {t('cobuild.organizations.registerWith', { community: c.name })}
            </Button>
          ))}
          {isStaff && o.canManage && (
            <Popconfirm title={t('cobuild.organizations.deleteConfirm')} okText={t('cobuild.common.confirm')} cancelText={t('cobuild.common.cancel')} onConfirm={async () => {
              setError(undefined);
              try {
                await api(`/api/cobuild/organizations/${o.id}`, { method: 'DELETE' });
                navigate('/cobuild');
              } catch (e) {
                setError(e);
              }
            }}>
              <Button danger icon={<DeleteOutlined />}>{t('cobuild.common.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      </div>
      <ProblemAlert error={error} testId="organization-error" />
      <div className="gg-split">
        <Panel title={t('cobuild.organizations.profile')}>
          <Descriptions column={{ xs: 1, sm: 2 }} size="small">
            <Descriptions.Item label={t('cobuild.organizations.location')}>{o.grid.name}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.organizations.address')}>{o.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.organizations.partyMembers')}>{o.partyMemberCount}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.organizations.inServiceMembers')}>{o.inServiceMembers}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.organizations.secretary')}>{o.secretaryName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.organizations.contact')}><Space size={8}>{o.contactName ?? '—'}<span className="gg-mono gg-muted">{o.contactPhone}</span></Space></Descriptions.Item>
            <Descriptions.Item label={t('cobuild.organizations.communities')} span={2}>
              {o.registrations.length ? o.registrations.map((r) => (
                <Tag key={r.id} color={r.state === 'active' ? 'red' : 'default'} className="gg-tag">{r.community.name} · {t('cobuild.organizations.registeredOn', { date: r.registeredOn })}</Tag>
              )) : t('cobuild.organizations.notRegistered')}
            </Descriptions.Item>
            {o.description && <Descriptions.Item label={t('cobuild.organizations.description')} span={2}>{o.description}</Descriptions.Item>}
          </Descriptions>
        </Panel>
        {score.data && (
          <Panel title={t('cobuild.organizations.score', { year })} extra={<Link to="/cobuild/assessment">{t('cobuild.nav.assessment')}</Link>} data-testid="organization-score">
            <div className="gg-score">
              <Statistic title={t('cobuild.assessment.total')} value={score.data.total} precision={2} />
              <Statistic title={t('cobuild.assessment.rank')} value={score.data.rank} suffix={`/ ${score.data.of}`} />
            </div>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('cobuild.assessment.parts.projects')}>{score.data.parts.projects}（{t('cobuild.assessment.completedCount', { count: score.data.contribution.completedProjects })}）</Descriptions.Item>
              <Descriptions.Item label={t('cobuild.assessment.parts.resources')}>{score.data.parts.resources}</Descriptions.Item>
              <Descriptions.Item label={t('cobuild.assessment.parts.memberHours')}>{score.data.parts.memberHours}（{t('cobuild.feedback.hoursValue', { hours: score.data.contribution.memberHours })}）</Descriptions.Item>
              <Descriptions.Item label={t('cobuild.assessment.parts.ratings')}>{score.data.parts.ratings}</Descriptions.Item>
              <Descriptions.Item label={t('cobuild.assessment.parts.deductions')}>{score.data.parts.deductions}</Descriptions.Item>
            </Descriptions>
          </Panel>
        )}
      </div>
      <Panel extra={tab === 'resources' ? (
            <ExportButton rows={o.resources} columns={resourceColumns} texts={{ kind: (r) => t(`cobuild.kind.${r.kind}`), q: (r) => quantityText(r.quantity, r.unit), state: (r) => t(`cobuild.state.${r.state}`) }} fileName={`${o.name}-${t('cobuild.lists.tab.resources')}`} />
          ) : tab === 'projects' ? (
            <ExportButton rows={o.projects} columns={projectColumns} texts={{ state: (p) => t(`cobuild.state.${p.state}`) }} fileName={`${o.name}-${t('cobuild.lists.tab.projects')}`} />
          ) : null}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'resources', label: t('cobuild.organizations.tabs.resources', { count: o.resources.length }),
              children: (
                <Table<Resource>
                  rowKey="id" size="small" dataSource={o.resources} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 720 }}
                  locale={{ emptyText: <Empty description={t('cobuild.lists.noResources')} /> }}
                  columns={resourceColumns}
                />
              ),
            },
            {
              key: 'projects', label: t('cobuild.organizations.tabs.projects', { count: o.projects.length }),
              children: (
                <Table
                  rowKey="id" size="small" dataSource={o.projects} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 720 }}
                  columns={projectColumns}
                />
              ),
            },
            {
              key: 'agreements', label: t('cobuild.organizations.tabs.agreements', { count: o.agreements.length }),
              children: (
                <div className="gg-page">
                  {isStaff && registeredHere.size > 0 && <Button icon={<PlusOutlined />} onClick={() => setSigning(true)} style={{ alignSelf: 'flex-start' }}>{t('cobuild.agreements.sign')}</Button>}
                  {o.agreements.length === 0 && <Empty description={t('cobuild.agreements.none')} />}
                  {o.agreements.map((a) => (
                    <Panel key={a.id} title={a.title} extra={<span className="gg-muted">{a.community.name} · {t('cobuild.agreements.period', { from: a.startsOn, to: a.endsOn ?? t('cobuild.agreements.openEnded') })}</span>}>
                      {a.terms && <p className="gg-muted">{a.terms}</p>}
                      <ul className="gg-commitments">
                        {a.commitments.map((c) => (
                          <li key={c.id}>
                            <StateTag state={c.state === 'open' ? 'open' : c.state} />
                            <span>{c.content}</span>
                            {c.withdrawnReason && <span className="gg-muted">（{c.withdrawnReason}）</span>}
                            {isStaff && c.state === 'open' && (
                              <Space size={4} style={{ marginInlineStart: 'auto' }}>
                                <Button size="small" onClick={() => act(`/api/cobuild/commitments/${c.id}/fulfil`)}>{t('cobuild.agreements.fulfil')}</Button>
                                <Button size="small" danger onClick={() => { setReason(''); setWithdrawing(c.id); }}>{t('cobuild.agreements.withdraw')}</Button>
                              </Space>
                            )}
                          </li>
                        ))}
                      </ul>
                    </Panel>
                  ))}
                </div>
              ),
            },
            ...(can('feedback.read') && (isStaff || o.isMine) ? [{ key: 'feedback', label: t('cobuild.organizations.tabs.feedback'), children: <FeedbackView organizationId={o.id} /> }] : []),
          ]}
        />
      </Panel>
      <ResourceForm open={isPosting} onClose={() => setPosting(false)} organizations={[{ id: o.id, name: o.name }]} onDone={() => { setPosting(false); org.reload(); }} />
      <EditOrganization open={isEditing} org={o} isContact={o.isMine} onClose={() => setEditing(false)} onDone={() => { setEditing(false); org.reload(); }} />
      <SignAgreement open={isSigning} organizationId={o.id} communities={o.registrations.filter((r) => r.state === 'active').map((r) => r.community)} onClose={() => setSigning(false)} onDone={() => { setSigning(false); org.reload(); }} />
      <Modal open={withdrawing !== null} title={t('cobuild.agreements.withdraw')} okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }} okText={t('cobuild.common.confirm')} cancelText={t('cobuild.common.cancel')}
        onCancel={() => setWithdrawing(null)} onOk={async () => { await act(`/api/cobuild/commitments/${withdrawing}/withdraw`, { reason }); setWithdrawing(null); }}>
        <p className="gg-muted">{t('cobuild.agreements.withdrawHelp')}</p>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-label={t('cobuild.agreements.reason')} placeholder={t('cobuild.agreements.reason')} />
      </Modal>
    </div>
  );
}

function EditOrganization({ open, org, isContact, onClose, onDone }: { open: boolean; org: OrganizationDetail; isContact: boolean; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const submit = async (values: Record<string, unknown>) => {
    setError(undefined);
    try {
      await api(`/api/cobuild/organizations/${org.id}`, { method: 'PATCH', body: { ...values, version: org.version } });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Drawer open={open} onClose={onClose} title={t('cobuild.common.edit')} size={460} destroyOnHidden>
      <Form layout="vertical" onFinish={submit} initialValues={{ name: org.name, address: org.address, partyOrgName: org.partyOrgName, partyMemberCount: org.partyMemberCount, secretaryName: org.secretaryName, contactName: org.contactName, description: org.description }}>
        <Form.Item name="name" label={t('cobuild.organizations.name')} rules={[{ required: true, min: 2 }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="address" label={t('cobuild.organizations.address')}><Input maxLength={200} /></Form.Item>
        <Form.Item name="partyOrgName" label={t('cobuild.organizations.partyOrg')}><Input maxLength={100} /></Form.Item>
        <Form.Item name="partyMemberCount" label={t('cobuild.organizations.partyMembers')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="secretaryName" label={t('cobuild.organizations.secretary')}><Input maxLength={50} /></Form.Item>
        <Form.Item name="contactName" label={t('cobuild.organizations.contactName')}><Input maxLength={50} /></Form.Item>
        <Form.Item name="contactPhone" label={t('cobuild.organizations.contactPhone')} extra={t('cobuild.organizations.phoneHelp')}><Input maxLength={20} inputMode="tel" /></Form.Item>
        {!isContact && <Form.Item name="contactUsername" label={t('cobuild.organizations.contactUsername')}><Input maxLength={64} /></Form.Item>}
        <Form.Item name="description" label={t('cobuild.organizations.description')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" block style={{ marginTop: 12 }}>{t('cobuild.common.save')}</Button>
      </Form>
    </Drawer>
  );
}

function SignAgreement({ open, organizationId, communities, onClose, onDone }: { open: boolean; organizationId: string; communities: { id: string; name: string }[]; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const submit = async (values: { communityId: string; title: string; terms?: string; signedOn: string; startsOn: string; endsOn?: string; commitments?: string }) => {
    setError(undefined);
    try {
      const commitments = (values.commitments ?? '').split('\n').map((s) => s.trim()).filter((s) => s.length >= 2).map((content) => ({ content }));
      await api(`/api/cobuild/organizations/${organizationId}/agreements`, { method: 'POST', body: { ...values, endsOn: values.endsOn || null, commitments } });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const today = todayDate();
  return (
    <Drawer open={open} onClose={onClose} title={t('cobuild.agreements.sign')} size={480} destroyOnHidden>
      <Form layout="vertical" onFinish={submit} initialValues={{ communityId: communities[0]?.id, signedOn: today, startsOn: today }}>
        <Form.Item name="communityId" label={t('cobuild.agreements.community')} rules={[{ required: true }]}><Select options={communities.map((c) => ({ value: c.id, label: c.name }))} /></Form.Item>
        <Form.Item name="title" label={t('cobuild.agreements.title')} rules={[{ required: true, min: 2 }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="terms" label={t('cobuild.agreements.terms')}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
        <div className="gg-two-cols">
          <Form.Item name="signedOn" label={t('cobuild.agreements.signedOn')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
          <Form.Item name="startsOn" label={t('cobuild.agreements.startsOn')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
        </div>
        <Form.Item name="endsOn" label={t('cobuild.agreements.endsOn')}><Input type="date" /></Form.Item>
        <Form.Item name="commitments" label={t('cobuild.agreements.commitments')} extra={t('cobuild.agreements.commitmentsHelp')}><Input.TextArea rows={4} /></Form.Item>
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" block style={{ marginTop: 12 }}>{t('cobuild.agreements.sign')}</Button>
      </Form>
    </Drawer>
  );
}

