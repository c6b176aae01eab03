import { ExportButton } from '../../components/export-button.js';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Empty, Grid, Input, Pagination, Select, Space, Spin, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CareGroup, Page, Person } from '../../api.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { CareGroupTags, PartyTag } from './person-bits.js';
import { PersonDrawer } from './person-drawer.js';
import { Panel } from '../../components/panel.js';

const careGroups: CareGroup[] = ['elderlyAlone', 'disabled', 'lowIncome', 'hardship'];
/** `any` is every party member; the kinds are community-registered and in-service members. */
type PartyFilter = 'any' | 'community' | 'inService';
const partyFilters: PartyFilter[] = ['any', 'community', 'inService'];
const pageSize = 20;

interface Filters {
  q: string;
  grid?: string;
  group?: CareGroup;
  partyMember?: PartyFilter;
}

export default function PeoplePage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const people = useApi<Page<Person>>('/api/people', { ...filters, limit: pageSize, offset: (page - 1) * pageSize });

  const update = (patch: Partial<Filters>) => {
    setFilters((previous) => ({ ...previous, ...patch }));
    setPage(1);
  };

  const columns: TableColumnsType<Person> = [
    {
      key: 'name',
      title: t('people.name'),
      fixed: 'left',
      width: 100,
      render: (_, p) => (
        <a
          href={`#${p.id}`}
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            setOpenId(p.id);
          }}
        >
          {p.name}
        </a>
      ),
    },
    { key: 'gender', title: t('people.gender'), width: 64, render: (_, p) => (p.gender ? t(`gender.${p.gender}`, { defaultValue: p.gender }) : '—') },
    { key: 'birthYear', title: t('people.birthYear'), width: 90, render: (_, p) => p.birthYear ?? '—' },
    { key: 'idNumber', title: t('people.idNumber'), width: 190, render: (_, p) => <span className="gg-mono">{p.idNumber ?? '—'}</span> },
    { key: 'phone', title: t('people.phone'), width: 130, render: (_, p) => <span className="gg-mono">{p.phone ?? '—'}</span> },
    { key: 'address', title: t('people.address'), render: (_, p) => p.address ?? '—' },
    {
      key: 'tags',
      title: t('people.tags'),
      width: 200,
      render: (_, p) => (
        <Space size={4} wrap>
          <PartyTag party={p.partyMember} />
          <CareGroupTags groups={p.careGroups} />
          {!p.partyMember && p.careGroups.length === 0 && <span className="gg-muted">—</span>}
        </Space>
      ),
    },
  ];

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">
            {t('people.title')}
          </h1>
          <span className="gg-muted">{t('people.subtitle')}</span>
        </div>
        <ExportButton path="/api/people" query={{ ...filters }} columns={columns} texts={{ tags: (p) => [p.partyMember ? t(`partyKind.${p.partyMember.kind}`) : null, ...p.careGroups.map((g) => t(`careGroup.${g}`))].filter(Boolean).join('、') }} fileName={t('people.title')} />
      </div>
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters">
          <Input.Search
            allowClear
            enterButton={t('common.search')}
            placeholder={t('people.searchPlaceholder')}
            aria-label={t('people.searchPlaceholder')}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(value) => update({ q: value.trim() })}
            style={{ width: 340, maxWidth: '100%' }}
            data-testid="people-search"
          />
          <GridTreeSelect value={filters.grid} onChange={(grid) => update({ grid })} placeholder={t('people.gridFilter')} aria-label={t('people.gridFilter')} style={{ width: 220 }} />
          <Select<CareGroup>
            allowClear
            placeholder={t('people.careGroup')}
            aria-label={t('people.careGroup')}
            value={filters.group}
            onChange={(group) => update({ group })}
            options={careGroups.map((g) => ({ value: g, label: t(`careGroup.${g}`) }))}
            style={{ width: 160 }}
          />
          <Select<PartyFilter>
            allowClear
            placeholder={t('people.partyFilter')}
            aria-label={t('people.partyFilter')}
            value={filters.partyMember}
            onChange={(partyMember) => update({ partyMember })}
            options={partyFilters.map((f) => ({ value: f, label: t(`people.party.${f}`) }))}
            style={{ width: 170 }}
          />
        </Space>
      </Panel>
      {people.error ? <ProblemAlert error={people.error} /> : null}
      {isPhone ? (
        <div className="gg-person-cards" data-testid="people-cards">
          {people.isLoading && !people.data ? <Spin /> : null}
          {people.data && people.data.items.length === 0 ? <Empty /> : null}
          {people.data?.items.map((p) => (
            <button type="button" key={p.id} className="gg-person-card" onClick={() => setOpenId(p.id)}>
              <div className="gg-person-card-head">
                <strong>{p.name}</strong>
                <span className="gg-muted">
                  {[p.gender ? t(`gender.${p.gender}`, { defaultValue: p.gender }) : null, p.birthYear].filter(Boolean).join(' · ')}
                </span>
                <Space size={4} wrap style={{ marginInlineStart: 'auto' }}>
                  <PartyTag party={p.partyMember} />
                  <CareGroupTags groups={p.careGroups} />
                </Space>
              </div>
              <div className="gg-muted">{p.address ?? '—'}</div>
              <div className="gg-mono gg-muted">
                {p.idNumber ?? '—'}
                {p.phone ? `  ${p.phone}` : ''}
              </div>
            </button>
          ))}
          {people.data && people.data.total > pageSize ? (
            <Pagination simple current={page} pageSize={pageSize} total={people.data.total} onChange={setPage} showSizeChanger={false} style={{ alignSelf: 'center' }} />
          ) : null}
        </div>
      ) : (
        <Panel bodyStyle={{ padding: 0 }}>
          <Table<Person>
            size="middle"
            rowKey="id"
            loading={people.isLoading}
            dataSource={people.data?.items ?? []}
            scroll={{ x: 960 }}
            data-testid="people-table"
            onRow={(person) => ({ onClick: () => setOpenId(person.id), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize,
              total: people.data?.total ?? 0,
              showSizeChanger: false,
              onChange: setPage,
              showTotal: (total) => t('common.total', { count: total }),
            }}
            columns={columns}
          />
        </Panel>
      )}
      <PersonDrawer personId={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
