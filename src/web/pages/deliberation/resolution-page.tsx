import { Empty, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { ActionStateTag, PageHead, ProgressBar, TallyLine, formatDay, formatTime } from './bits.js';
import type { ActionItem, Resolution, Tally } from './types.js';

interface ResolutionDetail extends Resolution {
  tally: Tally | null;
  cases: { id: string; number: string; title: string; state: string; closedVia: string | null; isClosedByThis: boolean }[];
  actionItems: ActionItem[];
}

/** 决议 (/deliberation/resolutions/:id): the vote, the work it set and the cases it settled. */
export default function ResolutionPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const r = useApi<ResolutionDetail>(`/api/deliberation/resolutions/${id}`);
  if (r.error) return <div className="gg-page dl-page"><ProblemAlert error={r.error} /></div>;
  if (!r.data) return <Spin size="large" className="gg-page-spin" />;
  const d = r.data;
  const itemColumns: ExportableColumn<ActionItem>[] = [
    { key: 'title', title: t('deliberation.action.title'), render: (_, i) => i.title },
    { key: 'owner', title: t('deliberation.action.owner'), render: (_, i) => i.ownerName },
    { key: 'dueOn', title: t('deliberation.action.dueOn'), render: (_, i) => formatDay(i.dueOn) },
    { key: 'state', title: t('deliberation.column.state'), render: (_, i) => t(`deliberation.actionState.${i.isOverdue ? 'overdue' : i.state}`) },
  ];
  const caseColumns: ExportableColumn<ResolutionDetail['cases'][number]>[] = [
    { key: 'number', title: t('deliberation.meeting.caseNumber'), render: (_, c) => c.number },
    { key: 'title', title: t('deliberation.column.caseTitle'), render: (_, c) => c.title },
    { key: 'state', title: t('deliberation.column.state'), render: (_, c) => t(`deliberation.caseState.${c.state}`, { defaultValue: c.state }) },
    { key: 'closedVia', title: t('deliberation.column.closedVia'), render: (_, c) => (c.closedVia === 'deliberation' ? t('deliberation.meeting.closedByDeliberation') : '') },
  ];
  return (
    <div className="gg-page dl-page">
      <PageHead title={`${t('deliberation.resolution.number', { number: d.number })} ${d.title}`} subtitle={<>{d.bodyName} · {formatTime(d.decidedAt)} · <Link to={`/deliberation/meetings/${d.meetingId}`}>{t('deliberation.meeting.openMeeting')}</Link></>} />
      <Panel title={t('deliberation.resolution.text')}>
        <p style={{ marginTop: 0 }}>{d.text}</p>
        {d.tally ? <TallyLine tally={d.tally} isLive={false} /> : null}
        <ProgressBar value={d.progress} done={d.state === 'done'} />
      </Panel>
      <Panel title={t('deliberation.resolution.items')} extra={d.actionItems.length > 0 ? <ExportButton rows={d.actionItems} columns={itemColumns} fileName={`${t('deliberation.resolution.number', { number: d.number })}-${t('deliberation.resolution.items')}`} /> : null}>
        {d.actionItems.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
          <ul className="dl-attendance">
            {d.actionItems.map((i) => (
              <li key={i.id}><span style={{ flex: 1, minWidth: 160 }}>{i.title}</span><span className="gg-muted">{i.ownerName} · {t('deliberation.action.due', { day: formatDay(i.dueOn) })}</span><ActionStateTag item={i} /></li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title={t('deliberation.resolution.cases')} extra={d.cases.length > 0 ? <ExportButton rows={d.cases} columns={caseColumns} fileName={`${t('deliberation.resolution.number', { number: d.number })}-${t('deliberation.resolution.cases')}`} testId="export-cases" /> : null}>
        {d.cases.length === 0 ? <span className="gg-muted">{t('deliberation.resolution.noCases')}</span> : (
          <ul className="dl-attendance" data-testid="resolution-cases">
            {d.cases.map((c) => (
              <li key={c.id}><Link to={`/cases/${c.id}`}>{c.number}</Link> {c.title} <Tag color={c.state === 'closed' || c.state === 'rated' ? 'green' : 'blue'}>{t(`deliberation.caseState.${c.state}`, { defaultValue: c.state })}</Tag>{c.closedVia === 'deliberation' ? <Tag color="red">{t('deliberation.meeting.closedByDeliberation')}</Tag> : null}</li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
