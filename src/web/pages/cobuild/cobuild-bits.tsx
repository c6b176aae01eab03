import { List, Segmented, Space, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import type { Grade, ListKind } from './types.js';
import './cobuild.css';

const kindColor: Record<string, string> = { venue: 'volcano', funds: 'gold', equipment: 'cyan', skills: 'geekblue', people: 'purple', other: 'default' };
const stateColor: Record<string, string> = {
  open: 'blue', matched: 'orange', fulfilled: 'green', cancelled: 'default', available: 'green', committed: 'orange', withdrawn: 'default',
  planned: 'blue', inProgress: 'orange', completed: 'green', active: 'green', ended: 'default',
};
const gradeColor: Record<Grade, string> = { excellent: 'red', competent: 'green', basicallyCompetent: 'gold', incompetent: 'default' };

export function KindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return <Tag color={kindColor[kind]} className="gg-tag">{t(`cobuild.kind.${kind}`)}</Tag>;
}

export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={stateColor[state]} className="gg-tag">{t(`cobuild.state.${state}`)}</Tag>;
}

export function GradeTag({ grade }: { grade: Grade | null | undefined }) {
  const { t } = useTranslation();
  if (!grade) return <span className="gg-muted">{t('cobuild.registrations.notGraded')}</span>;
  return <Tag color={gradeColor[grade]} className="gg-tag">{t(`cobuild.grade.${grade}`)}</Tag>;
}

/** A quantity with its unit, as people write it: 300 ㎡, 20,000 元, 12 人. */
export function Quantity({ value, unit }: { value: number | null | undefined; unit: string }) {
  const { t, i18n } = useTranslation();
  if (value === null || value === undefined) return <span className="gg-muted">—</span>;
  return (
    <span className="gg-quantity">
      {value.toLocaleString(i18n.language === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 })} {t(`cobuild.unit.${unit}`, { defaultValue: unit })}
    </span>
  );
}

/** A quantity with its unit as text (what `Quantity` shows), for exports. */
export function quantityText(t: TFunction, language: string, value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return '—';
  return `${value.toLocaleString(language === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 })} ${t(`cobuild.unit.${unit}`, { defaultValue: unit })}`;
}

/** The co-building projects a need or a resource went into, with their state, and an Excel export of the same. */
export function LinkedProjects({ projects, fileName }: { projects: { id: string; title: string; state: string }[]; fileName: string }) {
  const { t } = useTranslation();
  const columns: ExportableColumn<{ title: string; state: string }>[] = [
    { key: 'title', title: t('cobuild.lists.projectTitle'), render: (_: never, p) => p.title },
    { key: 'state', title: t('cobuild.lists.state'), render: (_: never, p) => t(`cobuild.state.${p.state}`) },
  ];
  return (
    <Panel title={t('cobuild.lists.tab.projects')} extra={<ExportButton rows={projects} columns={columns} fileName={fileName} testId="export-projects" />} data-testid="linked-projects">
      <List size="small" dataSource={projects} renderItem={(p) => <List.Item extra={<StateTag state={p.state} />}><Link to={`/cobuild/projects/${p.id}`}>{p.title}</Link></List.Item>} />
    </Panel>
  );
}

/** The ranked matches of a need or a resource: a panel titled for them, sorted as the subtitle says, with their Excel export. */
export function MatchesPanel<T>({ title, rows, columns, fileName, testId, children }: { title: string; rows: T[]; columns: ExportableColumn<T>[]; fileName: string; testId: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Panel
      title={title}
      extra={
        <Space wrap>
          <span className="gg-muted">{t('cobuild.match.subtitle')}</span>
          {rows.length > 0 && <ExportButton rows={rows} columns={columns} fileName={fileName} testId="export-matches" />}
        </Space>
      }
      data-testid={testId}
    >
      {children}
    </Panel>
  );
}

export function unitOfKind(kind: ListKind): string {
  return { venue: 'm2', funds: 'yuan', equipment: 'item', skills: 'hour', people: 'person', other: 'item' }[kind];
}

/** China keeps one time zone (UTC+8) without daylight saving: dates read the same wherever the browser is. */
const OFFSET = 8 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Date(Date.parse(iso) + OFFSET).toISOString().slice(0, 10);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(Date.parse(iso) + OFFSET);
  return `${d.toISOString().slice(0, 10)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function todayDate(): string {
  return formatDate(new Date().toISOString());
}

/** The co-building section's own navigation: organisations, the three lists, the assessment. */
export function CobuildNav() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const sections = [
    { value: '/cobuild', label: t('cobuild.nav.organizations') },
    { value: '/cobuild/lists', label: t('cobuild.nav.lists') },
    ...(can('assessment.read') ? [{ value: '/cobuild/assessment', label: t('cobuild.nav.assessment') }] : []),
  ];
  const current = location.pathname.startsWith('/cobuild/assessment') ? '/cobuild/assessment' : location.pathname.startsWith('/cobuild/lists') || /\/cobuild\/(needs|resources|projects)\//.test(location.pathname) ? '/cobuild/lists' : '/cobuild';
  return <Segmented className="gg-section-nav" value={current} options={sections} onChange={(v) => navigate(String(v))} aria-label={t('cobuild.nav.label')} />;
}

/** Years a report can look at: this year and the three before. */
export function recentYears(): number[] {
  const y = new Date().getFullYear();
  return [y, y - 1, y - 2, y - 3];
}
