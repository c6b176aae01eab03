/**
 * Public holidays and make-up workdays (调休上班) as the State Council announces them each year.
 *
 * Official: 2025 (国务院办公厅关于2025年部分节假日安排的通知, 2024-11-12) and 2026 (国务院办公厅关于
 * 2026年部分节假日安排的通知, 2025-11-04). Provisional: 2027, derived from the lunar dates and the rules of the 2024
 * amendment of 《全国年节及纪念日放假办法》 (春节 8 days from 除夕, 劳动节 5 days, 国庆节 7 days from
 * 1 October, the single-day holidays joined to a weekend when they touch one, no more than six
 * working days in a row); its rows carry `isProvisional` until the State Council publishes the
 * 2027 notice (usually in November 2026), when a migration replaces them.
 *
 * This file only describes the notices; the migrations insert the rows they produce, so the
 * calendar an office runs on is data that admins can correct without a release.
 */

/** One holiday as a notice states it: the days off in a row and the weekend days worked for it. */
export interface HolidayPeriod {
  name: string;
  /** First and last day off, inclusive, as the notice states them ('YYYY-MM-DD', Asia/Shanghai). */
  from: string;
  to: string;
  /** Weekend days that are working days because of this holiday (调休上班). */
  makeUpWorkdays: string[];
  /**
   * Statutory days off (法定假日) in this period. Every statutory day that falls on a weekend is
   * made up on a weekday, so the weekdays off minus the make-up days equal this number: a check
   * on the data (see `holidays.test.ts`), not an input to any rule.
   */
  statutoryDays: number;
}

export interface HolidayNotice {
  year: number;
  isProvisional: boolean;
  /** Where the dates come from. */
  source: string;
  periods: HolidayPeriod[];
}

const PROVISIONAL_NOTE = '暂定：以国务院办公厅当年节假日安排通知为准';

export const holidayNotices: readonly HolidayNotice[] = [
  {
    year: 2025,
    isProvisional: false,
    source: '国务院办公厅关于2025年部分节假日安排的通知（2024年11月12日）',
    periods: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '春节', from: '2025-01-28', to: '2025-02-04', makeUpWorkdays: ['2025-01-26', '2025-02-08'], statutoryDays: 4 },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05', makeUpWorkdays: ['2025-04-27'], statutoryDays: 2 },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', makeUpWorkdays: ['2025-09-28', '2025-10-11'], statutoryDays: 4 },
    ],
  },
  {
    year: 2026,
    isProvisional: false,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    periods: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03', makeUpWorkdays: ['2026-01-04'], statutoryDays: 1 },
      { name: '春节', from: '2026-02-15', to: '2026-02-23', makeUpWorkdays: ['2026-02-14', '2026-02-28'], statutoryDays: 4 },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05', makeUpWorkdays: ['2026-05-09'], statutoryDays: 2 },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07', makeUpWorkdays: ['2026-09-20', '2026-10-10'], statutoryDays: 3 },
    ],
  },
  {
    // 除夕 is Friday 5 February 2027 (正月初一 Saturday 6 February), 清明 Monday 5 April, 端午 Wednesday
    // 9 June, 中秋 Wednesday 15 September. The weekday layout of 劳动节 and 国庆节 is that of 2021,
    // whose make-up days are followed where the rules still need one.
    year: 2027,
    isProvisional: true,
    source: '按农历日期与《全国年节及纪念日放假办法》（2024年修订）推算，待国务院办公厅通知发布',
    periods: [
      { name: '元旦', from: '2027-01-01', to: '2027-01-03', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '春节', from: '2027-02-05', to: '2027-02-12', makeUpWorkdays: ['2027-01-31', '2027-02-13'], statutoryDays: 4 },
      { name: '清明节', from: '2027-04-03', to: '2027-04-05', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '劳动节', from: '2027-05-01', to: '2027-05-05', makeUpWorkdays: ['2027-05-08'], statutoryDays: 2 },
      { name: '端午节', from: '2027-06-09', to: '2027-06-09', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '中秋节', from: '2027-09-15', to: '2027-09-15', makeUpWorkdays: [], statutoryDays: 1 },
      { name: '国庆节', from: '2027-10-01', to: '2027-10-07', makeUpWorkdays: ['2027-09-26', '2027-10-09'], statutoryDays: 3 },
    ],
  },
];

/** One row of `calendar_days` as the seed produces it. */
export interface CalendarDaySeed {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  note: string | null;
  isProvisional: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The rows one notice produces: a `holiday` for each weekday off and a `workday` for each make-up
 * day. Weekend days inside a holiday are not stored: they are days off anyway, and the calendar
 * records only the days that differ from the Monday-to-Friday week.
 */
export function calendarRowsOf(notice: HolidayNotice): CalendarDaySeed[] {
  const rows: CalendarDaySeed[] = [];
  for (const period of notice.periods) {
    const days = Math.round((Date.parse(period.to) - Date.parse(period.from)) / DAY_MS) + 1;
    const span = `${period.from} 至 ${period.to} 放假${period.makeUpWorkdays.length ? '调休' : ''}，共 ${days} 天`;
    const note = notice.isProvisional ? `${span}（${PROVISIONAL_NOTE}）` : span;
    for (let t = Date.parse(period.from); t <= Date.parse(period.to); t += DAY_MS) {
      const weekday = new Date(t).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      rows.push({ date: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name: period.name, note, isProvisional: notice.isProvisional });
    }
    for (const date of period.makeUpWorkdays) {
      const makeUpNote = notice.isProvisional ? `${period.name}调休上班（${PROVISIONAL_NOTE}）` : `${period.name}调休上班`;
      rows.push({ date, kind: 'workday', name: period.name, note: makeUpNote, isProvisional: notice.isProvisional });
    }
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}

/** The rows of the given years' notices, for a migration to insert. */
export function calendarRowsOfYears(years: number[]): CalendarDaySeed[] {
  return years.flatMap((year) => {
    const notice = holidayNotices.find((n) => n.year === year);
    if (!notice) throw new Error(`no holiday notice for ${year}`);
    return calendarRowsOf(notice);
  });
}
