import { useMemo, useState } from 'react';
import { Button, Calendar, Empty, Grid, Segmented, Space, Spin } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
// antd names the weekdays through dayjs's locale (zh-cn in ConfigProvider); it must be loaded.
import 'dayjs/locale/zh-cn.js';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Page } from '../../api.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { MeetingStateTag, PageHead, beijingDay, formatTime } from './bits.js';
import type { MeetingSummary } from './types.js';

type Filter = 'all' | 'fourParty' | 'city' | 'subdistrict' | 'community' | 'grid';

/** 会议日历 (/deliberation/calendar): councils and the four levels of joint meetings, month by month. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = !Grid.useBreakpoint().md;
  const [month, setMonth] = useState<Dayjs>(() => dayjs().startOf('month'));
  const [filter, setFilter] = useState<Filter>('all');
  const from = month.subtract(7, 'day').toDate().toISOString();
  const to = month.add(1, 'month').add(7, 'day').toDate().toISOString();
  const query = { from, to, limit: 1000, kind: filter === 'all' ? undefined : filter === 'fourParty' ? 'fourParty' : 'jointMeeting', level: filter === 'all' || filter === 'fourParty' ? undefined : filter };
  const meetings = useApi<Page<MeetingSummary>>('/api/deliberation/meetings', query);
  const byDay = useMemo(() => {
    const map = new Map<string, MeetingSummary[]>();
    for (const m of meetings.data?.items ?? []) {
      if (m.state === 'cancelled') continue;
      const day = beijingDay(m.startsAt);
      if (!map.has(day)) map.set(day, []);
      map.get(day)!.push(m);
    }
    return map;
  }, [meetings.data]);
  // The month's meetings as the calendar shows them (cancelled ones are not on it), in time order.
  const monthMeetings = useMemo(
    () => [...byDay].filter(([day]) => day.startsWith(month.format('YYYY-MM'))).flatMap(([, list]) => list).sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    [byDay, month],
  );
  const exportColumns: ExportableColumn<MeetingSummary>[] = [
    { key: 'startsAt', title: t('deliberation.meeting.startsAt'), render: (_, m) => formatTime(m.startsAt, true) },
    { key: 'title', title: t('deliberation.meeting.title'), render: (_, m) => m.title },
    { key: 'body', title: t('deliberation.column.body'), render: (_, m) => m.bodyName ?? '' },
    { key: 'kind', title: t('deliberation.column.kind'), render: (_, m) => (m.bodyKind === 'fourParty' ? t('deliberation.calendar.filter.fourParty') : m.bodyLevel ? t(`deliberation.level.${m.bodyLevel}`) : '') },
    { key: 'location', title: t('deliberation.meeting.location'), render: (_, m) => m.location ?? '' },
    { key: 'state', title: t('deliberation.column.state'), render: (_, m) => t(`deliberation.meetingState.${m.state}`) },
  ];
  const cls = (m: MeetingSummary) => `dl-cal-event ${m.bodyKind === 'fourParty' ? 'fourParty' : (m.bodyLevel ?? '')}`;
  const monthDays = [...byDay.keys()].filter((d) => d.startsWith(month.format('YYYY-MM'))).sort();

  return (
    <div className="gg-page dl-page">
      <PageHead title={t('deliberation.calendar.title')} subtitle={t('deliberation.calendar.subtitle')} />
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters" style={{ justifyContent: 'space-between' }}>
          <Space wrap>
            <Button icon={<LeftOutlined />} aria-label={t('deliberation.calendar.previous')} onClick={() => setMonth(month.subtract(1, 'month'))} />
            <strong style={{ minWidth: 110, textAlign: 'center', display: 'inline-block' }} data-testid="calendar-month">{t('deliberation.calendar.month', { year: month.year(), month: month.month() + 1 })}</strong>
            <Button icon={<RightOutlined />} aria-label={t('deliberation.calendar.next')} onClick={() => setMonth(month.add(1, 'month'))} data-testid="calendar-next" />
            <Button onClick={() => setMonth(dayjs().startOf('month'))}>{t('deliberation.calendar.today')}</Button>
            <ExportButton rows={monthMeetings} columns={exportColumns} fileName={`${t('deliberation.calendar.title')}-${month.format('YYYY-MM')}-${t(`deliberation.calendar.filter.${filter}`)}`} />
          </Space>
          <div className="dl-scroll">
          <Segmented
            value={filter}
            onChange={(v) => setFilter(v as Filter)}
            options={(['all', 'fourParty', 'city', 'subdistrict', 'community', 'grid'] as Filter[]).map((f) => ({ value: f, label: t(`deliberation.calendar.filter.${f}`) }))}
            data-testid="calendar-filter"
          />
          </div>
        </Space>
      </Panel>
      {meetings.error ? <ProblemAlert error={meetings.error} /> : null}
      {isPhone ? (
        <div data-testid="calendar-list">
          {meetings.isLoading && !meetings.data ? <Spin /> : null}
          {meetings.data && monthDays.length === 0 ? <Empty /> : null}
          {monthDays.map((day) => (
            <div className="dl-day" key={day}>
              <div className="dl-day-head">{formatTime(`${day}T00:00:00+08:00`, true).split(' ')[0]}</div>
              <div className="dl-cards">
                {(() => {
                  const list = byDay.get(day)!;
                  const grids = list.filter((m) => m.bodyLevel === 'grid');
                  // A day of dozens of grid meetings reads as one line on the phone; the grid filter lists them.
                  return grids.length > 3 && filter !== 'grid' ? (
                    <button type="button" className="dl-card" onClick={() => setFilter('grid')}>
                      <span className="dl-card-title">{t('deliberation.calendar.gridMeetings', { count: grids.length })}</span>
                      <span className="dl-card-meta">{formatTime(grids[0].startsAt).slice(-5)} · {t('deliberation.calendar.showGrid')}</span>
                    </button>
                  ) : null;
                })()}
                {byDay.get(day)!.filter((m) => filter === 'grid' || m.bodyLevel !== 'grid' || byDay.get(day)!.filter((x) => x.bodyLevel === 'grid').length <= 3).map((m) => (
                  <Link key={m.id} to={`/deliberation/meetings/${m.id}`} className="dl-card">
                    <span className="dl-card-title">{m.title}</span>
                    <span className="dl-card-meta"><span>{formatTime(m.startsAt).slice(-5)}</span><span>{m.location}</span><MeetingStateTag state={m.state} /></span>
                  </Link>
                ))}
              </div>
            </div>
          ))}
        </div>
      ) : (
        <Panel className="dl-calendar" data-testid="calendar">
          <Calendar
            value={month}
            headerRender={() => null}
            onPanelChange={(d) => setMonth(d.startOf('month'))}
            cellRender={(date, info) => {
              if (info.type !== 'date') return null;
              const list = byDay.get(date.format('YYYY-MM-DD')) ?? [];
              return (
                <div>
                  {list.slice(0, list.length > 3 ? 2 : 3).map((m) => (
                    <a key={m.id} className={cls(m)} href={`/deliberation/meetings/${m.id}`} title={`${formatTime(m.startsAt)} ${m.title}`} onClick={(e) => { e.preventDefault(); e.stopPropagation(); navigate(`/deliberation/meetings/${m.id}`); }}>
                      {formatTime(m.startsAt).slice(-5)} {m.bodyName ?? m.title}
                    </a>
                  ))}
                  {list.length > 3 ? <span className="gg-muted" style={{ fontSize: 12 }}>{t('deliberation.calendar.more', { count: list.length - 2 })}</span> : null}
                </div>
              );
            }}
          />
        </Panel>
      )}
    </div>
  );
}
