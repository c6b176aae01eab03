import { useRef, type ReactNode } from 'react';
import { Button, Input, Progress, Segmented, Tag, Tooltip } from 'antd';
import { BoldOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../auth.js';
import type { ActionItem, MeetingState, OrgKind, Tally } from './types.js';
import './deliberation.css';

const zone = { timeZone: 'Asia/Shanghai' } as const;

/** A time in Beijing, in the UI language: 2026年3月6日 14:30 / Mar 6, 2026, 14:30. */
export function formatTime(iso: string | null | undefined, withWeekday = false): string {
  if (!iso) return '—';
  const lang = document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN';
  return new Date(iso).toLocaleString(lang, { ...zone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', ...(withWeekday ? { weekday: 'short' } : {}) });
}

export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  const lang = document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN';
  return new Date(`${day}T00:00:00+08:00`).toLocaleDateString(lang, { ...zone, month: 'short', day: 'numeric', year: 'numeric' });
}

/** The Beijing calendar day of an instant, YYYY-MM-DD. */
export function beijingDay(iso: string | Date): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Residents and party members take part through topics (and the meetings they sit in); the rest see bodies and meetings. */
export function useSeesBodies(): boolean {
  const { me, can } = useAuth();
  return can('deliberation.read') && me?.role !== 'resident' && me?.role !== 'partyMember';
}

/** The sections of deliberation, as a segmented control that navigates. */
export function DeliberationNav() {
  const { t } = useTranslation();
  const seesBodies = useSeesBodies();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = [
    ...(seesBodies ? [{ value: '/deliberation', label: t('deliberation.nav.bodies') }, { value: '/deliberation/calendar', label: t('deliberation.nav.calendar') }, { value: '/deliberation/action-items', label: t('deliberation.nav.actionItems') }] : []),
    { value: '/deliberation/topics', label: t('deliberation.nav.topics') },
  ];
  const current = items.map((i) => i.value).filter((v) => pathname === v || pathname.startsWith(`${v}/`)).sort((a, b) => b.length - a.length)[0];
  if (items.length < 2) return null;
  return <Segmented className="dl-nav" value={current ?? ''} onChange={(v) => navigate(String(v))} options={items} data-testid="deliberation-nav" />;
}

export function PageHead({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="gg-page-head">
      <div style={{ minWidth: 0 }}>
        <h1 className="gg-page-title">{title}</h1>
        {subtitle ? <span className="gg-muted">{subtitle}</span> : null}
      </div>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
        <DeliberationNav />
        {extra}
      </div>
    </div>
  );
}

const stateColor: Record<MeetingState, string> = { draft: 'default', scheduled: 'blue', inProgress: 'red', closed: 'green', cancelled: 'default' };

export function MeetingStateTag({ state }: { state: MeetingState }) {
  const { t } = useTranslation();
  return <Tag color={stateColor[state]} data-testid="meeting-state">{t(`deliberation.meetingState.${state}`)}</Tag>;
}

const orgColor: Record<OrgKind, string> = { communityParty: 'red', socialOrg: 'purple', ownersCommittee: 'gold', propertyCompany: 'cyan', partner: 'geekblue', government: 'volcano' };

export function OrgKindTag({ kind }: { kind: OrgKind | null | undefined }) {
  const { t } = useTranslation();
  if (!kind) return null;
  return <Tag color={orgColor[kind]} style={{ marginInlineEnd: 0 }}>{t(`deliberation.orgKind.${kind}`)}</Tag>;
}

/** The computed result of a vote and why, from the server's tally. */
export function TallyLine({ tally, isLive }: { tally: Tally; isLive: boolean }) {
  const { t } = useTranslation();
  if (isLive) {
    return (
      <span className="gg-muted" data-testid="tally-line">
        {t('deliberation.motion.liveLine', { present: tally.present, eligible: tally.eligible, quorum: tally.quorum })}
      </span>
    );
  }
  const color = tally.outcome === 'passed' ? 'green' : tally.outcome === 'noQuorum' ? 'orange' : 'red';
  return (
    <span data-testid="tally-line">
      <Tag color={color}>{t(`deliberation.motionState.${tally.outcome}`)}</Tag>
      <span>{t(`deliberation.result.${tally.reason}`, { ...tally })}</span>
    </span>
  );
}

export function ActionStateTag({ item }: { item: Pick<ActionItem, 'state' | 'isOverdue'> }) {
  const { t } = useTranslation();
  if (item.isOverdue) return <Tag color="red">{t('deliberation.actionState.overdue')}</Tag>;
  const color = { open: 'default', inProgress: 'blue', done: 'green', cancelled: 'default' }[item.state];
  return <Tag color={color}>{t(`deliberation.actionState.${item.state}`)}</Tag>;
}

export function ProgressBar({ value, done }: { value: number; done?: boolean }) {
  return <Progress percent={value} size="small" status={done ? 'success' : 'active'} strokeColor={done ? undefined : '#c0392b'} aria-label={`${value}%`} />;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function inline(text: string): string {
  return escape(text).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
}

/** Minutes in light Markdown (# headings, **bold**, - and 1. lists), escaped before formatting. */
export function Minutes({ text }: { text: string }) {
  const html: string[] = [];
  let list: 'ul' | 'ol' | null = null;
  const close = () => {
    if (list) html.push(`</${list}>`);
    list = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.、]\s*(.*)$/.exec(line);
    if (heading) {
      close();
      html.push(`<h${heading[1].length + 1}>${inline(heading[2])}</h${heading[1].length + 1}>`);
    } else if (bullet || numbered) {
      const kind = bullet ? 'ul' : 'ol';
      if (list !== kind) {
        close();
        html.push(`<${kind}>`);
        list = kind;
      }
      html.push(`<li>${inline((bullet ?? numbered)![1])}</li>`);
    } else if (line.trim()) {
      close();
      html.push(`<p>${inline(line)}</p>`);
    } else close();
  }
  close();
  return <div className="dl-minutes" data-testid="minutes-view" dangerouslySetInnerHTML={{ __html: html.join('') }} />;
}

/** A textarea with buttons for the few formats the minutes use. */
export function MinutesEditor({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement | null>(null);
  const wrap = (before: string, after = '', linePrefix = false) => {
    const el = ref.current;
    if (!el) return;
    const start = el.selectionStart;
    const end = el.selectionEnd;
    if (linePrefix) {
      const lineStart = value.lastIndexOf('\n', start - 1) + 1;
      onChange(`${value.slice(0, lineStart)}${before}${value.slice(lineStart)}`);
    } else onChange(`${value.slice(0, start)}${before}${value.slice(start, end) || t('deliberation.minutes.text')}${after}${value.slice(end)}`);
    requestAnimationFrame(() => el.focus());
  };
  return (
    <div>
      <div className="dl-toolbar" role="toolbar" aria-label={t('deliberation.minutes.toolbar')}>
        <Tooltip title={t('deliberation.minutes.heading')}><Button size="small" onClick={() => wrap('## ', '', true)} aria-label={t('deliberation.minutes.heading')}>H</Button></Tooltip>
        <Tooltip title={t('deliberation.minutes.bold')}><Button size="small" icon={<BoldOutlined />} onClick={() => wrap('**', '**')} aria-label={t('deliberation.minutes.bold')} /></Tooltip>
        <Tooltip title={t('deliberation.minutes.bullets')}><Button size="small" icon={<UnorderedListOutlined />} onClick={() => wrap('- ', '', true)} aria-label={t('deliberation.minutes.bullets')} /></Tooltip>
        <Tooltip title={t('deliberation.minutes.numbered')}><Button size="small" icon={<OrderedListOutlined />} onClick={() => wrap('1. ', '', true)} aria-label={t('deliberation.minutes.numbered')} /></Tooltip>
      </div>
      <Input.TextArea
        ref={(r) => {
          ref.current = r?.resizableTextArea?.textArea ?? null;
        }}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoSize={{ minRows: 8, maxRows: 24 }}
        aria-label={t('deliberation.minutes.title')}
        data-testid="minutes-editor"
      />
    </div>
  );
}
