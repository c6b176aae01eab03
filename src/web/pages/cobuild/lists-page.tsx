import { useMemo, useState } from 'react';
import { Button, Empty, Grid, Input, Modal, Progress, Select, Space, Spin, Table, Tabs, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { AuditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { CobuildNav, KindTag, Quantity, StateTag, formatDate, todayDate } from './cobuild-bits.js';
import { NeedForm, ResourceForm } from './list-forms.js';
import { listKinds, type ListKind, type Need, type Organization, type ProjectSummary, type Resource } from './types.js';
import './cobuild.css';

type Tab = 'needs' | 'resources' | 'projects';
const states: Record<Tab, string[]> = { needs: ['open', 'matched', 'fulfilled', 'cancelled'], resources: ['available', 'committed', 'withdrawn'], projects: ['planned', 'inProgress', 'completed', 'cancelled'] };
const pageSize = 20;

/**
 * 三单管理 (/cobuild/lists): the needs, resources and projects lists of my scope, each with its
 * state, place and when the monthly joint meeting last reviewed it; post to them, and record a
 * joint meeting's review of the rows ticked.
 */
export default function ListsPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab) ?? 'needs';
  const [filters, setFilters] = useState<{ state?: string; kind?: ListKind; grid?: string; q?: string }>({});
  const [draft, setDraft] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [form, setForm] = useState<'need' | 'resource' | null>(null);
  const [isReviewing, setReviewing] = useState(false);
  const path = `/api/cobuild/${tab}`;
  const list = useApi<Page<Need | Resource | ProjectSummary>>(path, { ...filters, limit: pageSize, offset: (page - 1) * pageSize });
  const myOrgs = useApi<Page<Organization>>(can('resource.write') ? '/api/cobuild/organizations' : null, { limit: 200 });
  const postable = useMemo(() => (myOrgs.data?.items ?? []).filter((o) => o.canManage), [myOrgs.data]);

  const switchTab = (next: string) => {
    setParams({ tab: next });
    setFilters({});
    setDraft('');
    setPage(1);
    setSelected([]);
  };
  const update = (patch: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const filterBar = (
    <Space wrap size={[12, 12]} className={isPhone ? 'gg-phone-filters' : 'gg-filters'}>
      <Input.Search allowClear enterButton={t('cobuild.common.search')} placeholder={t('cobuild.lists.search')} aria-label={t('cobuild.lists.search')} value={draft} onChange={(e) => setDraft(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} style={{ width: 240 }} />
      <Select allowClear placeholder={t('cobuild.lists.state')} aria-label={t('cobuild.lists.state')} value={filters.state} onChange={(state) => update({ state })} options={states[tab].map((s) => ({ value: s, label: t(`cobuild.state.${s}`) }))} style={{ width: 130 }} />
      <Select<ListKind> allowClear placeholder={t('cobuild.lists.kind')} aria-label={t('cobuild.lists.kind')} value={filters.kind} onChange={(kind) => update({ kind })} options={listKinds.map((k) => ({ value: k, label: t(`cobuild.kind.${k}`) }))} style={{ width: 130 }} />
      <GridTreeSelect value={filters.grid} onChange={(grid) => update({ grid })} placeholder={t('cobuild.common.place')} aria-label={t('cobuild.common.place')} style={{ width: 200 }} />
    </Space>
  );

  const pagination = { current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n: number) => t('cobuild.common.total', { count: n }) };
  const rowSelection = can('review.write') && !isPhone ? { selectedRowKeys: selected, onChange: (keys: React.Key[]) => setSelected(keys.map(String)) } : undefined;
  const reviewed = (d: string | null) => (d ? <span title={t('cobuild.lists.reviewedOn', { date: d })}>{d}</span> : <span className="gg-muted">{t('cobuild.lists.notReviewed')}</span>);

  const needColumns: TableColumnsType<Need> = [
    { title: t('cobuild.lists.title'), dataIndex: 'title', fixed: 'left', width: 240, render: (v: string, n) => <Link to={`/cobuild/needs/${n.id}`} onClick={(e) => e.stopPropagation()}>{v}</Link> },
    { title: t('cobuild.lists.kind'), dataIndex: 'kind', width: 100, render: (k: string) => <KindTag kind={k} /> },
    { title: t('cobuild.lists.quantity'), key: 'q', width: 120, render: (_: unknown, n) => <Quantity value={n.quantity} unit={n.unit} /> },
    { title: t('cobuild.lists.place'), key: 'grid', width: 130, render: (_: unknown, n) => n.grid.name },
    { title: t('cobuild.lists.deadline'), dataIndex: 'deadline', width: 110, render: formatDate },
    { title: t('cobuild.lists.state'), dataIndex: 'state', width: 90, render: (s: string) => <StateTag state={s} /> },
    { title: t('cobuild.lists.lastReviewed'), dataIndex: 'lastReviewedOn', width: 120, render: reviewed },
  ];
  const resourceColumns: TableColumnsType<Resource> = [
    { title: t('cobuild.lists.title'), dataIndex: 'title', fixed: 'left', width: 240, render: (v: string, r) => <Link to={`/cobuild/resources/${r.id}`} onClick={(e) => e.stopPropagation()}>{v}</Link> },
    { title: t('cobuild.lists.organization'), key: 'org', width: 200, ellipsis: true, render: (_: unknown, r) => r.organization.name },
    { title: t('cobuild.lists.kind'), dataIndex: 'kind', width: 100, render: (k: string) => <KindTag kind={k} /> },
    { title: t('cobuild.lists.quantity'), key: 'q', width: 120, render: (_: unknown, r) => <Quantity value={r.quantity} unit={r.unit} /> },
    { title: t('cobuild.lists.availability'), dataIndex: 'availability', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('cobuild.lists.state'), dataIndex: 'state', width: 90, render: (s: string) => <StateTag state={s} /> },
    { title: t('cobuild.lists.lastReviewed'), dataIndex: 'lastReviewedOn', width: 120, render: reviewed },
  ];
  const projectColumns: TableColumnsType<ProjectSummary> = [
    { title: t('cobuild.lists.projectTitle'), dataIndex: 'title', fixed: 'left', width: 240, render: (v: string, p) => <Link to={`/cobuild/projects/${p.id}`} onClick={(e) => e.stopPropagation()}>{v}</Link> },
    { title: t('cobuild.lists.kind'), key: 'kind', width: 100, render: (_: unknown, p) => <KindTag kind={p.need.kind} /> },
    { title: t('cobuild.lists.organizations'), key: 'orgs', width: 200, ellipsis: true, render: (_: unknown, p) => p.organizations.map((o) => o.name).join('、') },
    { title: t('cobuild.lists.place'), key: 'grid', width: 120, render: (_: unknown, p) => p.grid.name },
    { title: t('cobuild.lists.milestones'), key: 'm', width: 120, render: (_: unknown, p) => (p.milestonesTotal ? <Progress percent={Math.round((p.milestonesDone / p.milestonesTotal) * 100)} size="small" format={() => `${p.milestonesDone}/${p.milestonesTotal}`} /> : '—') },
    { title: t('cobuild.lists.state'), dataIndex: 'state', width: 90, render: (s: string) => <StateTag state={s} /> },
    { title: t('cobuild.lists.completedAt'), dataIndex: 'completedAt', width: 110, render: formatDate },
    { title: t('cobuild.lists.lastReviewed'), dataIndex: 'lastReviewedOn', width: 120, render: reviewed },
  ];
  const quantityText = (value: number | null | undefined, unit: string) => (value === null || value === undefined ? '—' : `${value.toLocaleString(i18n.language === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 })} ${t(`cobuild.unit.${unit}`, { defaultValue: unit })}`);
  const exportTexts = {
    kind: (r: Need | Resource | ProjectSummary) => t(`cobuild.kind.${'kind' in r ? r.kind : r.need.kind}`),
    state: (r: Need | Resource | ProjectSummary) => t(`cobuild.state.${r.state}`),
    q: (r: Need | Resource | ProjectSummary) => ('quantity' in r ? quantityText(r.quantity, r.unit) : ''),
    m: (r: Need | Resource | ProjectSummary) => ('milestonesTotal' in r && r.milestonesTotal ? `${r.milestonesDone}/${r.milestonesTotal}` : '—'),
  };
  const exportColumns = (tab === 'needs' ? needColumns : tab === 'resources' ? resourceColumns : projectColumns) as TableColumnsType<Need | Resource | ProjectSummary>;

  const table =
    tab === 'needs' ? (
      <Table<Need>
        rowKey="id" size="middle" loading={list.isLoading} dataSource={(list.data?.items ?? []) as Need[]} pagination={pagination} scroll={{ x: 1000 }} rowSelection={rowSelection} data-testid="needs-table"
        onRow={(n) => ({ onClick: () => navigate(`/cobuild/needs/${n.id}`), style: { cursor: 'pointer' } })}
        columns={needColumns}
      />
    ) : tab === 'resources' ? (
      <Table<Resource>
        rowKey="id" size="middle" loading={list.isLoading} dataSource={(list.data?.items ?? []) as Resource[]} pagination={pagination} scroll={{ x: 1000 }} rowSelection={rowSelection} data-testid="resources-table"
        onRow={(r) => ({ onClick: () => navigate(`/cobuild/resources/${r.id}`), style: { cursor: 'pointer' } })}
        columns={resourceColumns}
      />
    ) : (
      <Table<ProjectSummary>
        rowKey="id" size="middle" loading={list.isLoading} dataSource={(list.data?.items ?? []) as ProjectSummary[]} pagination={pagination} scroll={{ x: 1100 }} rowSelection={rowSelection} data-testid="projects-table"
        onRow={(p) => ({ onClick: () => navigate(`/cobuild/projects/${p.id}`), style: { cursor: 'pointer' } })}
        columns={projectColumns}
      />
    );

  const cards = (
    <div className="gg-card-list" data-testid={`${tab}-cards`}>
      {list.isLoading && !list.data ? <Spin /> : null}
      {list.data?.items.length === 0 ? <Empty /> : null}
      {list.data?.items.map((item) => {
        const href = `/cobuild/${tab}/${item.id}`;
        const kind = 'kind' in item ? item.kind : (item as ProjectSummary).need.kind;
        return (
          <Link key={item.id} to={href} className="gg-item-card">
            <div className="gg-item-card-head">
              <strong>{item.title}</strong>
              <KindTag kind={kind} />
              <StateTag state={item.state} />
            </div>
            <div className="gg-item-card-meta">
              {'quantity' in item && <Quantity value={item.quantity} unit={item.unit} />}
              {'organization' in item && <span>{item.organization.name}</span>}
              {'grid' in item && <span>{item.grid.name}</span>}
              {'deadline' in item && item.deadline && <span>{t('cobuild.lists.deadlineShort', { date: item.deadline })}</span>}
            </div>
          </Link>
        );
      })}
      {list.data && list.data.total > page * pageSize ? <Button block onClick={() => setPage((p) => p + 1)}>{t('cobuild.common.more')}</Button> : null}
    </div>
  );

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cobuild.lists.pageTitle')}</h1>
          <span className="gg-muted">{t('cobuild.lists.subtitle')}</span>
        </div>
        <Space wrap>
          <CobuildNav />
          <ExportButton path={path} query={{ ...filters }} columns={exportColumns} texts={exportTexts} fileName={t(`cobuild.lists.tab.${tab}`)} />
          {can('need.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm('need')} data-testid="post-need">{t('cobuild.lists.postNeed')}</Button>}
          {can('resource.write') && postable.length > 0 && <Button icon={<PlusOutlined />} onClick={() => setForm('resource')} data-testid="post-resource">{t('cobuild.lists.postResource')}</Button>}
        </Space>
      </div>
      <Panel extra={rowSelection ? (
          <Button icon={<AuditOutlined />} disabled={selected.length === 0} onClick={() => setReviewing(true)} data-testid="review-selected">
            {t('cobuild.lists.reviewSelected', { count: selected.length })}
          </Button>
        ) : undefined}>
        <Tabs
          activeKey={tab}
          onChange={switchTab}
          items={(['needs', 'resources', 'projects'] as Tab[]).map((k) => ({ key: k, label: t(`cobuild.lists.tab.${k}`) }))}
        />
        {filterBar}
      </Panel>
      <ProblemAlert error={list.error} />
      {isPhone ? cards : <Panel bodyStyle={{ padding: 0 }}>{table}</Panel>}
      <NeedForm open={form === 'need'} onClose={() => setForm(null)} onDone={(id) => navigate(`/cobuild/needs/${id}`)} />
      <ResourceForm open={form === 'resource'} onClose={() => setForm(null)} organizations={postable} onDone={(id) => navigate(`/cobuild/resources/${id}`)} />
      <ReviewDialog
        open={isReviewing}
        items={selected.map((id) => ({ type: tab === 'needs' ? 'need' : tab === 'resources' ? 'resource' : 'project', id }))}
        communities={(me?.scopes ?? []).filter((s) => s.level === 'community')}
        onClose={() => setReviewing(false)}
        onDone={() => {
          setReviewing(false);
          setSelected([]);
          list.reload();
        }}
      />
    </div>
  );
}

/** 每月联席: record that the joint meeting reviewed these items (with the deliberation meeting, when recorded there). */
function ReviewDialog({ open, items, communities, onClose, onDone }: { open: boolean; items: { type: string; id: string }[]; communities: { id: string; name: string }[]; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [communityId, setCommunityId] = useState<string | undefined>(communities[0]?.id);
  const [reviewedOn, setReviewedOn] = useState(todayDate());
  const [meetingId, setMeetingId] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  // The Deliberation module's joint meetings of the community in the last two months, when it is there.
  const since = useMemo(() => new Date(Date.now() - 60 * 86_400_000).toISOString(), []);
  const until = useMemo(() => new Date(Date.now() + 86_400_000).toISOString(), []);
  const meetings = useApi<{ items: { id: string; title: string; startsAt: string }[] }>(open && communityId ? '/api/deliberation/meetings' : null, { kind: 'jointMeeting', grid: communityId, from: since, to: until, limit: 50 });
  const save = async () => {
    setError(undefined);
    try {
      await api('/api/cobuild/reviews', { method: 'POST', body: { communityId, reviewedOn, meetingId: meetingId.trim() || null, note: note || undefined, items } });
      message.success(t('cobuild.lists.reviewRecorded'));
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal open={open} title={t('cobuild.lists.reviewTitle')} onCancel={onClose} onOk={save} okText={t('cobuild.common.save')} cancelText={t('cobuild.common.cancel')} okButtonProps={{ disabled: !communityId }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <span className="gg-muted">{t('cobuild.lists.reviewHelp', { count: items.length })}</span>
        <Select value={communityId} onChange={setCommunityId} options={communities.map((c) => ({ value: c.id, label: c.name }))} aria-label={t('cobuild.agreements.community')} style={{ width: '100%' }} placeholder={t('cobuild.agreements.community')} />
        <Input type="date" value={reviewedOn} onChange={(e) => setReviewedOn(e.target.value)} aria-label={t('cobuild.lists.reviewDate')} />
        {meetings.error ? (
          <Input value={meetingId} onChange={(e) => setMeetingId(e.target.value)} placeholder={t('cobuild.lists.meetingId')} aria-label={t('cobuild.lists.meetingId')} />
        ) : (
          <Select
            allowClear
            value={meetingId || undefined}
            onChange={(v?: string) => {
              setMeetingId(v ?? '');
              const m = meetings.data?.items.find((x) => x.id === v);
              if (m) setReviewedOn(formatDate(m.startsAt));
            }}
            placeholder={t('cobuild.lists.meeting')}
            aria-label={t('cobuild.lists.meeting')}
            loading={meetings.isLoading}
            options={(meetings.data?.items ?? []).map((m) => ({ value: m.id, label: `${formatDate(m.startsAt)} ${m.title}` }))}
            style={{ width: '100%' }}
          />
        )}
        <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('cobuild.lists.reviewNote')} aria-label={t('cobuild.lists.reviewNote')} />
        <ProblemAlert error={error} />
      </Space>
    </Modal>
  );
}
