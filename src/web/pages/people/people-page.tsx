import { useState } from 'react';
import { Input, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CareGroup, Page, Person } from '../../api.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { CareGroupTags, PartyTag } from './person-bits.js';
import { PersonDrawer } from './person-drawer.js';
import { Panel } from '../../components/panel.js';

const careGroups: CareGroup[] = ['elderlyAlone', 'disabled', 'lowIncome', 'hardship'];
const pageSize = 20;

interface Filters {
  q: string;
  grid?: string;
  group?: CareGroup;
  partyMember?: 'true' | 'false';
}

export default function PeoplePage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const people = useApi<Page<Person>>('/api/people', { ...filters, limit: pageSize, offset: (page - 1) * pageSize });

  const update = (patch: Partial<Filters>) => {
    setFilters((previous) => ({ ...previous, ...patch }));
    setPage(1);
  };

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">
            {t('people.title')}
          </h1>
          <span className="gg-muted">{t('people.subtitle')}</span>
        </div>
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
          <Select<'true' | 'false'>
            allowClear
            placeholder={t('people.partyFilter')}
            aria-label={t('people.partyFilter')}
            value={filters.partyMember}
            onChange={(partyMember) => update({ partyMember })}
            options={[
              { value: 'true', label: t('people.partyYes') },
              { value: 'false', label: t('people.partyNo') },
            ]}
            style={{ width: 140 }}
          />
        </Space>
      </Panel>
      {people.error ? <ProblemAlert error={people.error} /> : null}
      <Panel bodyStyle={{ padding: 0 }}>
        <Table<Person>
          size="middle"
          rowKey="id"
          loading={people.isLoading}
          dataSource={people.data?.items ?? []}
          scroll={{ x: 1080 }}
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
          columns={[
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
            { key: 'grid', title: t('people.grid'), width: 140, render: (_, p) => p.grid?.name ?? '—' },
            { key: 'address', title: t('people.address'), render: (_, p) => p.address ?? '—' },
            {
              key: 'tags',
              title: t('people.tags'),
              width: 200,
              render: (_, p) => (
                <Space size={4} wrap>
                  <PartyTag party={p.partyMember} />
                  <CareGroupTags groups={p.careGroups} />
                  {!p.partyMember && p.careGroups.length === 0 && <Tag variant="filled">{t('people.noTags')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Panel>
      <PersonDrawer personId={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
