import { Segmented, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { ActivitySummary, MySignup, Theme } from './types.js';
import './volunteers.css';

const themeColor: Record<Theme, string> = {
  snowClearing: 'blue', environment: 'green', stairwellCulture: 'volcano', elderCare: 'magenta', legalAid: 'geekblue', medicalAid: 'red', helpInNeed: 'orange',
  healthCare: 'cyan', safetyPatrol: 'purple', culture: 'gold', other: 'default',
};

export function ThemeTag({ theme }: { theme: Theme }) {
  const { t } = useTranslation();
  return <Tag color={themeColor[theme]} className="gg-tag">{t(`volunteers.theme.${theme}`)}</Tag>;
}

type MyStatusKey = 'waitlisted' | 'verified' | 'rejected' | 'checkedOut' | 'checkedIn' | 'signedUp';
const myStatusColor: Record<MyStatusKey, string | undefined> = { waitlisted: 'gold', verified: 'green', rejected: undefined, checkedOut: 'cyan', checkedIn: 'blue', signedUp: 'red' };

/** Where I stand on an activity (a key of `volunteers.status`), or null when I am not signed up. */
export function myStatusOf(signup: MySignup | null): MyStatusKey | null {
  if (!signup || signup.state === 'cancelled') return null;
  if (signup.state === 'waitlisted') return 'waitlisted';
  if (signup.verification === 'verified') return 'verified';
  if (signup.verification === 'rejected') return 'rejected';
  if (signup.checkedOutAt) return 'checkedOut';
  if (signup.checkedInAt) return 'checkedIn';
  return 'signedUp';
}

/** Where I stand on an activity: signed up, waiting, checked in, verified… */
export function MyStatus({ signup }: { signup: MySignup | null }) {
  const { t } = useTranslation();
  const status = myStatusOf(signup);
  if (!status) return null;
  return <Tag color={myStatusColor[status]} className="gg-tag">{t(`volunteers.status.${status}`)}</Tag>;
}

const pad = (n: number) => String(n).padStart(2, '0');
const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** China keeps one time zone (UTC+8) without daylight saving: times read the same wherever the browser is. */
const OFFSET = 8 * 3_600_000;

function local(iso: string | number | Date) {
  const d = new Date(new Date(iso).getTime() + OFFSET);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay() };
}

/** 3月8日（周六）08:30–11:30, in the viewer's language, Beijing time. */
export function When({ startsAt, endsAt }: { startsAt: string; endsAt: string }) {
  const { t } = useTranslation();
  const s = local(startsAt);
  const e = local(endsAt);
  return (
    <span>
      {t('volunteers.when', { month: s.month, day: s.day, year: s.year, weekday: t(`volunteers.weekday.${weekdays[s.weekday]}`), from: `${pad(s.hour)}:${pad(s.minute)}`, to: `${pad(e.hour)}:${pad(e.minute)}` })}
    </span>
  );
}

export function placesLeft(a: Pick<ActivitySummary, 'capacity' | 'confirmed'>): number {
  return Math.max(0, a.capacity - a.confirmed);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = local(iso);
  return `${d.year}-${pad(d.month)}-${pad(d.day)} ${pad(d.hour)}:${pad(d.minute)}`;
}

export function formatClock(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = local(iso);
  return `${pad(d.hour)}:${pad(d.minute)}`;
}

/** A `datetime-local` value (Beijing time) for an instant, and back. */
export function toLocalInput(at: Date): string {
  const d = local(at);
  return `${d.year}-${pad(d.month)}-${pad(d.day)}T${pad(d.hour)}:${pad(d.minute)}`;
}

export function fromLocalInput(value: string): string {
  return new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`).toISOString();
}

/** The volunteer section's own navigation: activities, teams. */
export function VolunteersNav() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const current = location.pathname.startsWith('/volunteers/teams') ? '/volunteers/teams' : '/volunteers';
  return (
    <Segmented
      className="gg-section-nav"
      value={current}
      onChange={(v) => navigate(String(v))}
      options={[{ value: '/volunteers', label: t('volunteers.nav.activities') }, { value: '/volunteers/teams', label: t('volunteers.nav.teams') }]}
      aria-label={t('volunteers.nav.label')}
    />
  );
}
