import { useState } from 'react';
import { Empty, Input, Segmented, Select, Space, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import type { Page } from '../../api.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { PageHead, formatTime, useSeesBodies } from './bits.js';
import type { BodyKind, BodyLevel, BodySummary, Stats } from './types.js';

const levels: BodyLevel[] = ['city', 'subdistrict', 'community', 'grid'];

/** 议事协商 (/deliberation): the figures of my area, and the councils and joint meetings I can open. */
export default function DeliberationHomePage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<BodyKind>('fourParty');
  const [level, setLevel] = useState<BodyLevel | undefined>();
  const [q, setQ] = useState('');
  const [limit, setLimit] = useState(60);
  const isReader = useSeesBodies();
  const stats = useApi<Stats>(isReader ? '/api/deliberation/stats' : null);
  const filters = { kind, level: kind === 'jointMeeting' ? level : undefined, q: q || undefined };
  const bodies = useApi<Page<BodySummary>>(isReader ? '/api/deliberation/bodies' : null, { ...filters, limit });
  if (!isReader) return <Navigate to="/deliberation/topics" replace />;

  // What each card says, as columns: the export takes every body of the filter, not only the cards loaded so far.
  const exportColumns: ExportableColumn<BodySummary>[] = [
    { key: 'name', title: t('deliberation.column.name'), render: (_, b) => b.name },
    { key: 'level', title: t('deliberation.home.level'), render: (_, b) => t(`deliberation.level.${b.level}`) },
    { key: 'size', title: t('deliberation.column.size'), render: (_, b) => (b.kind === 'fourParty' ? t('deliberation.body.seatsCount', { count: b.seatCount ?? 0 }) : t('deliberation.body.membersCount', { count: b.memberCount ?? 0 })) },
    { key: 'votingRule', title: t('deliberation.column.votingRule'), render: (_, b) => t(`deliberation.votingRule.${b.votingRule}`) },
    { key: 'next', title: t('deliberation.column.next'), render: (_, b) => (b.nextMeetingAt ? formatTime(b.nextMeetingAt, true) : t('deliberation.body.noNext')) },
  ];
  const figures: [keyof Stats, string][] = [
    ['casesClosedByDeliberation', 'deliberation.stats.casesClosed'],
    ['resolutions', 'deliberation.stats.resolutions'],
    ['meetingsThisYear', 'deliberation.stats.meetingsThisYear'],
    ['overdueActionItems', 'deliberation.stats.overdue'],
    ['openTopics', 'deliberation.stats.openTopics'],
    ['councils', 'deliberation.stats.councils'],
  ];
  return (
    <div className="gg-page dl-page">
      <PageHead title={t('deliberation.home.title')} subtitle={t('deliberation.home.subtitle')} />
      <div className="dl-stats" data-testid="deliberation-stats">
        {figures.map(([key, label]) => (
          <div className="dl-stat" key={key}>
            <div className="dl-stat-value">{stats.data ? stats.data[key].toLocaleString() : '—'}</div>
            <div className="dl-stat-label">{t(label)}</div>
          </div>
        ))}
      </div>
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters">
          <Segmented
            value={kind}
            onChange={(v) => {
              setKind(v as BodyKind);
              setLimit(60);
            }}
            options={[
              { value: 'fourParty', label: t('deliberation.bodyKind.fourParty') },
              { value: 'jointMeeting', label: t('deliberation.bodyKind.jointMeeting') },
            ]}
            data-testid="body-kind"
          />
          {kind === 'jointMeeting' && (
            <Select allowClear placeholder={t('deliberation.home.level')} aria-label={t('deliberation.home.level')} value={level} onChange={setLevel} style={{ width: 140 }} options={levels.map((l) => ({ value: l, label: t(`deliberation.level.${l}`) }))} />
          )}
          <Input.Search allowClear placeholder={t('deliberation.home.search')} aria-label={t('deliberation.home.search')} onSearch={(v) => setQ(v.trim())} style={{ width: 260, maxWidth: '100%' }} />
          <span className="gg-muted">{bodies.data ? t('common.total', { count: bodies.data.total }) : null}</span>
          <ExportButton path="/api/deliberation/bodies" query={filters} columns={exportColumns} fileName={t(`deliberation.bodyKind.${kind}`)} />
        </Space>
      </Panel>
      {bodies.error ? <ProblemAlert error={bodies.error} /> : null}
      {bodies.isLoading && !bodies.data ? <Spin /> : null}
      {bodies.data && bodies.data.items.length === 0 ? <Empty /> : null}
      <div className="dl-cards" data-testid="body-cards">
        {bodies.data?.items.map((b) => (
          <Link key={b.id} to={`/deliberation/bodies/${b.id}`} className="dl-card">
            <span className="dl-card-title">{b.name}</span>
            <span className="dl-card-meta">
              <Tag color={b.kind === 'fourParty' ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>{t(`deliberation.level.${b.level}`)}</Tag>
              <span>{b.kind === 'fourParty' ? t('deliberation.body.seatsCount', { count: b.seatCount ?? 0 }) : t('deliberation.body.membersCount', { count: b.memberCount ?? 0 })}</span>
              <span>{t(`deliberation.votingRule.${b.votingRule}`)}</span>
            </span>
            <span className="dl-card-meta">{b.nextMeetingAt ? t('deliberation.body.next', { at: formatTime(b.nextMeetingAt, true) }) : t('deliberation.body.noNext')}</span>
          </Link>
        ))}
      </div>
      {bodies.data && bodies.data.total > bodies.data.items.length ? (
        <a href="#more" onClick={(e) => { e.preventDefault(); setLimit(limit + 60); }} style={{ alignSelf: 'center' }}>{t('deliberation.home.more')}</a>
      ) : null}
    </div>
  );
}
