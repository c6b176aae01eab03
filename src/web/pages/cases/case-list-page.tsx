import { ExportButton } from '../../components/export-button.js';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Button, Checkbox, Input, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { CategoryCascader, DueText, StateTag, dueText, useCategories } from './case-bits.js';
import { caseStates, caseTypes, categoryName, formatTime, type CaseState, type CaseSummary, type CaseType } from './types.js';

interface Filters {
  state?: CaseState[];
  type?: CaseType;
  categoryId?: string;
  grid?: string;
  isOverdue?: boolean;
  q?: string;
}

const pageSize = 20;

/** 事件列表 (/cases): every case in my scope with filters. */
export default function CaseListPage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const categories = useCategories();
  const [filters, setFilters] = useState<Filters>({});
  const [draft, setDraft] = useState('');
  const [page, setPage] = useState(1);
  const query = new URLSearchParams();
  for (const s of filters.state ?? []) query.append('state', s);
  const list = useApi<Page<CaseSummary>>(`/api/cases${query.size ? `?${query}` : ''}`, {
    type: filters.type,
    categoryId: filters.categoryId,
    grid: filters.grid,
    isOverdue: filters.isOverdue || undefined,
    q: filters.q,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  } as never);
  const update = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const columns: TableColumnsType<CaseSummary> = [
    { title: t('cases.field.number'), dataIndex: 'number', width: 130, fixed: 'left', render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link> },
    { title: t('cases.field.title'), dataIndex: 'title', ellipsis: true },
    { title: t('cases.field.type'), dataIndex: 'type', width: 90, render: (v: string) => t(`cases.type.${v}`) },
    { title: t('cases.field.category'), key: 'category', width: 140, ellipsis: true, render: (_: unknown, c) => categoryName(c, i18n.language) },
    { title: t('cases.field.state'), dataIndex: 'state', width: 100, render: (s: string) => <StateTag state={s} /> },
    { title: t('cases.field.tier'), dataIndex: 'tier', width: 100, render: (v: string, c) => (c.isTriage ? t('cases.tier.triage') : t(`cases.tier.${v}`)) },
    { title: t('cases.field.grid'), dataIndex: 'gridName', width: 140, ellipsis: true, render: (g: string | null, c) => g ?? c.address ?? '—' },
    { title: t('cases.field.createdAt'), dataIndex: 'createdAt', width: 150, render: formatTime },
    { title: t('cases.field.dueAt'), dataIndex: 'dueAt', width: 160, render: (d: string | null, c) => (c.stage ? <DueText dueAt={d} isOverdue={c.isOverdue} /> : '—') },
  ];

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cases.list.title')}</h1>
          <span className="gg-muted">{t('cases.list.subtitle')}</span>
        </div>
        <ExportButton path={`/api/cases${query.size ? `?${query}` : ''}`} query={{ type: filters.type, categoryId: filters.categoryId, grid: filters.grid, isOverdue: filters.isOverdue || undefined, q: filters.q }} columns={columns} texts={{ state: (c) => t(`cases.state.${c.state}`), dueAt: (c) => (c.stage ? dueText(t, c.dueAt, c.isOverdue) : '—') }} fileName={t('cases.list.title')} />
        {can('case.staffIntake') && (
          <Link to="/cases/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('cases.new.title')}
            </Button>
          </Link>
        )}
      </div>
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters">
          <Input.Search
            allowClear
            enterButton={t('cases.common.search')}
            placeholder={t('cases.list.search')}
            aria-label={t('cases.list.search')}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 280 }}
            data-testid="case-search"
          />
          <Select<CaseState[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('cases.field.state')}
            aria-label={t('cases.field.state')}
            value={filters.state}
            onChange={(state) => update({ state })}
            options={caseStates.map((s) => ({ value: s, label: t(`cases.state.${s}`) }))}
            style={{ width: 220 }}
          />
          <Select<CaseType>
            allowClear
            placeholder={t('cases.field.type')}
            aria-label={t('cases.field.type')}
            value={filters.type}
            onChange={(type) => update({ type })}
            options={caseTypes.map((v) => ({ value: v, label: t(`cases.type.${v}`) }))}
            style={{ width: 130 }}
          />
          <div style={{ width: 220 }}>
            <CategoryCascader categories={categories.data?.items} value={filters.categoryId} onChange={(categoryId) => update({ categoryId })} placeholder={t('cases.field.category')} />
          </div>
          <GridTreeSelect value={filters.grid} onChange={(grid) => update({ grid })} allowClear placeholder={t('cases.field.grid')} aria-label={t('cases.field.grid')} style={{ width: 200 }} />
          <Checkbox checked={Boolean(filters.isOverdue)} onChange={(e) => update({ isOverdue: e.target.checked })}>
            {t('cases.list.overdueOnly')}
          </Checkbox>
        </Space>
      </Panel>
      <ProblemAlert error={list.error} />
      <Panel data-testid="case-list">
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          rowClassName={(c) => (c.isOverdue ? 'gg-row-overdue' : '')}
          scroll={{ x: 1100 }}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('cases.list.total', { count: n }) }}
          columns={columns}
        />
      </Panel>
    </div>
  );
}
