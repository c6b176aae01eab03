import { ExportButton } from '../../components/export-button.js';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Button, Drawer, Empty, Form, Grid, Input, InputNumber, Select, Space, Spin, Statistic, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { useSubmit } from '../../use-submit.js';
import { CobuildNav } from './cobuild-bits.js';
import { organizationKinds, type Organization, type OrganizationKind } from './types.js';
import './cobuild.css';

interface Figures {
  partnerOrganizations: number;
  inServiceMembersRegistered: number;
  venueAreaProvidedM2: number;
  completedProjects: number;
  openNeeds: number;
  availableResources: number;
}

const pageSize = 20;

/** 驻区单位 (/cobuild): the partner organisations located or registered in my scope, and the co-building figures. */
export default function OrganizationsPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [filters, setFilters] = useState<{ q?: string; kind?: OrganizationKind; grid?: string }>({});
  const [draft, setDraft] = useState('');
  const [page, setPage] = useState(1);
  const [isCreating, setCreating] = useState(false);
  const list = useApi<Page<Organization>>('/api/cobuild/organizations', { ...filters, limit: pageSize, offset: (page - 1) * pageSize });
  const figures = useApi<Figures>('/api/cobuild/figures', { grid: filters.grid });
  const update = (patch: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const mayCreate = can('organization.write') && me?.role !== 'orgContact';

  const columns: TableColumnsType<Organization> = [
    {
      title: t('cobuild.organizations.name'), dataIndex: 'name', fixed: 'left', width: 240,
      render: (name: string, o) => (
        <Space size={4}>
          <Link to={`/cobuild/organizations/${o.id}`} onClick={(e) => e.stopPropagation()}>{name}</Link>
          {o.isMine && <Tag color="red" className="gg-tag">{t('cobuild.organizations.mine')}</Tag>}
        </Space>
      ),
    },
    { title: t('cobuild.organizations.kind'), dataIndex: 'kind', width: 110, render: (k: string) => t(`cobuild.organizationKind.${k}`) },
    { title: t('cobuild.organizations.partyOrg'), dataIndex: 'partyOrgName', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('cobuild.organizations.partyMembers'), dataIndex: 'partyMemberCount', width: 90, align: 'right' },
    { title: t('cobuild.organizations.inServiceMembers'), dataIndex: 'inServiceMembers', width: 110, align: 'right' },
    { title: t('cobuild.organizations.communities'), key: 'communities', width: 160, render: (_: unknown, o) => o.communities.map((c) => c.name).join('、') || <span className="gg-muted">{t('cobuild.organizations.notRegistered')}</span> },
    { title: t('cobuild.organizations.openProjects'), dataIndex: 'openProjects', width: 100, align: 'right' },
    { title: t('cobuild.organizations.contact'), key: 'contact', width: 190, render: (_: unknown, o) => (o.contactName ? <span>{o.contactName} <span className="gg-mono gg-muted">{o.contactPhone}</span></span> : '—') },
  ];

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cobuild.organizations.title')}</h1>
          <span className="gg-muted">{t('cobuild.organizations.subtitle')}</span>
        </div>
        <Space wrap>
          <CobuildNav />
          <ExportButton path="/api/cobuild/organizations" query={{ ...filters }} columns={columns} fileName={t('cobuild.organizations.title')} />
          {mayCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="org-create">
              {t('cobuild.organizations.create')}
            </Button>
          )}
        </Space>
      </div>
      <div className="gg-stat-row" data-testid="cobuild-figures">
        {(
          [
            ['partnerOrganizations', figures.data?.partnerOrganizations],
            ['inServiceMembersRegistered', figures.data?.inServiceMembersRegistered],
            ['venueAreaProvidedM2', figures.data?.venueAreaProvidedM2],
            ['completedProjects', figures.data?.completedProjects],
            ['openNeeds', figures.data?.openNeeds],
            ['availableResources', figures.data?.availableResources],
          ] as const
        ).map(([key, value]) => (
          <Panel key={key} className="gg-stat-card">
            <Statistic title={t(`cobuild.figures.${key}`)} value={value ?? '—'} loading={figures.isLoading && !figures.data} />
          </Panel>
        ))}
      </div>
      <Panel>
        <Space wrap size={[12, 12]} className={isPhone ? 'gg-phone-filters' : 'gg-filters'}>
          <Input.Search
            allowClear
            enterButton={t('cobuild.common.search')}
            placeholder={t('cobuild.organizations.search')}
            aria-label={t('cobuild.organizations.search')}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 280 }}
          />
          <Select<OrganizationKind>
            allowClear
            placeholder={t('cobuild.organizations.kind')}
            aria-label={t('cobuild.organizations.kind')}
            value={filters.kind}
            onChange={(kind) => update({ kind })}
            options={organizationKinds.map((k) => ({ value: k, label: t(`cobuild.organizationKind.${k}`) }))}
            style={{ width: 150 }}
          />
          <GridTreeSelect value={filters.grid} onChange={(grid) => update({ grid })} placeholder={t('cobuild.common.place')} aria-label={t('cobuild.common.place')} style={{ width: 200 }} />
        </Space>
      </Panel>
      <ProblemAlert error={list.error ?? figures.error} />
      {isPhone ? (
        <div className="gg-card-list" data-testid="org-cards">
          {list.isLoading && !list.data ? <Spin /> : null}
          {list.data?.items.length === 0 ? <Empty /> : null}
          {list.data?.items.map((o) => (
            <Link key={o.id} to={`/cobuild/organizations/${o.id}`} className="gg-item-card">
              <div className="gg-item-card-head">
                <strong>{o.name}</strong>
                <Tag className="gg-tag">{t(`cobuild.organizationKind.${o.kind}`)}</Tag>
                {o.isMine && <Tag color="red" className="gg-tag">{t('cobuild.organizations.mine')}</Tag>}
              </div>
              <div className="gg-muted">{o.partyOrgName ?? '—'}</div>
              <div className="gg-item-card-meta">
                <span>{t('cobuild.organizations.communities')}：{o.communities.map((c) => c.name).join('、') || '—'}</span>
                <span>{t('cobuild.organizations.inServiceMembers')}：{o.inServiceMembers}</span>
              </div>
            </Link>
          ))}
        </div>
      ) : (
        <Panel bodyStyle={{ padding: 0 }} data-testid="org-table">
          <Table<Organization>
            rowKey="id"
            size="middle"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1080 }}
            onRow={(o) => ({ onClick: () => navigate(`/cobuild/organizations/${o.id}`), style: { cursor: 'pointer' } })}
            pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('cobuild.common.total', { count: n }) }}
            columns={columns}
          />
        </Panel>
      )}
      {isPhone && list.data && list.data.total > pageSize ? (
        <Button block onClick={() => setPage((p) => p + 1)} disabled={page * pageSize >= list.data.total}>
          {t('cobuild.common.more')}
        </Button>
      ) : null}
      <CreateOrganization open={isCreating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/cobuild/organizations/${id}`)} />
    </div>
  );
}

function CreateOrganization({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(id: string): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { run: submit, error, isBusy: isSaving } = useSubmit(async (values: Record<string, unknown>) => {
    const { id } = await api<{ id: string }>('/api/cobuild/organizations', { method: 'POST', body: values });
    form.resetFields();
    onCreated(id);
  });
  return (
    <Drawer open={open} onClose={onClose} title={t('cobuild.organizations.create')} size={480} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="name" label={t('cobuild.organizations.name')} rules={[{ required: true, min: 2, message: t('cobuild.common.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('cobuild.organizations.kind')} rules={[{ required: true, message: t('cobuild.common.required') }]}>
          <Select options={organizationKinds.map((k) => ({ value: k, label: t(`cobuild.organizationKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="gridId" label={t('cobuild.organizations.location')} rules={[{ required: true, message: t('cobuild.common.required') }]} extra={t('cobuild.organizations.locationHelp')}>
          <GridTreeSelect onChange={(v) => form.setFieldValue('gridId', v)} />
        </Form.Item>
        <Form.Item name="address" label={t('cobuild.organizations.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="partyOrgName" label={t('cobuild.organizations.partyOrg')} style={{ flex: 2 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="partyMemberCount" label={t('cobuild.organizations.partyMembers')} style={{ flex: 1 }}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="partyOrgKind" label={t('cobuild.organizations.partyOrgKind')}>
          <Select allowClear options={['committee', 'generalBranch', 'branch', 'joint'].map((k) => ({ value: k, label: t(`cobuild.partyOrgKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="secretaryName" label={t('cobuild.organizations.secretary')}>
          <Input maxLength={50} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="contactName" label={t('cobuild.organizations.contactName')} style={{ flex: 1 }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('cobuild.organizations.contactPhone')} style={{ flex: 1 }}>
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="contactUsername" label={t('cobuild.organizations.contactUsername')} extra={t('cobuild.organizations.contactUsernameHelp')}>
          <Input maxLength={64} />
        </Form.Item>
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" loading={isSaving} block style={{ marginTop: 12 }}>
          {t('cobuild.common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
