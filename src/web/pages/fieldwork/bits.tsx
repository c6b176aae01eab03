import { Segmented } from 'antd';
import type { ReactNode } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../auth.js';
import { beijingToday } from '../../format.js';

/** The field-work pages, in the order the tabs show them, with who may open each. */
export const sections = [
  { path: '/fieldwork/visits', key: 'visits', permission: 'fieldwork.read' },
  { path: '/fieldwork/tasks', key: 'tasks', permission: 'fieldwork.read' },
  { path: '/fieldwork/office-hours', key: 'officeHours', permission: 'fieldwork.read' },
  { path: '/fieldwork/steward', key: 'steward', permission: 'fieldwork.read' },
] as const;

/** Tabs across the field-work pages (one menu entry holds them all). */
export function FieldworkNav() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const options = sections.filter((s) => can(s.permission)).map((s) => ({ value: s.path, label: t(`fieldwork.nav.${s.key}`) }));
  return (
    <nav aria-label={t('fieldwork.nav.label')} className="gg-fieldwork-nav" style={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Segmented options={options} value={pathname} onChange={(v) => navigate(String(v))} />
    </nav>
  );
}

/** Today in Beijing as YYYY-MM-DD (the API's dates are Beijing days). */
export const today = beijingToday;

/** The first and last day of the quarter holding `day`. */
export function quarterOf(day: string): [Dayjs, Dayjs] {
  const d = dayjs(day);
  const start = d.month(Math.floor(d.month() / 3) * 3).date(1);
  return [start, start.add(3, 'month').subtract(1, 'day')];
}

/** A stored timestamp shown in Beijing time, `MM-DD HH:mm` (with the year when `withYear`). */
export function beijingTime(iso: string, withYear = false): string {
  const d = dayjs(new Date(iso).getTime() + (8 * 60 + new Date().getTimezoneOffset()) * 60_000);
  return d.format(withYear ? 'YYYY-MM-DD HH:mm' : 'MM-DD HH:mm');
}

/** Two columns side by side on a wide screen (a form beside its list), one under the other on a phone. */
export function Columns({ children }: { children: ReactNode }) {
  return <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 460px), 1fr))', alignItems: 'start' }}>{children}</div>;
}
