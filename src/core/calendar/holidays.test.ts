import { describe, expect, it } from 'vitest';
import { calendarRowsOf, holidayNotices } from './holidays.js';
import { isValidDate, isWeekend } from './working-time.js';

describe('holiday notices', () => {
  it.each(holidayNotices.map((n) => [n.year, n] as const))('%i: every period gives one weekday off per statutory day', (_year, notice) => {
    const rows = calendarRowsOf(notice);
    for (const period of notice.periods) {
      const holidays = rows.filter((r) => r.kind === 'holiday' && r.date >= period.from && r.date <= period.to).length;
      expect(`${period.name}: ${holidays - period.makeUpWorkdays.length}`).toBe(`${period.name}: ${period.statutoryDays}`);
    }
    // 元旦 1, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 since the 2024 amendment.
    expect(notice.periods.reduce((sum, p) => sum + p.statutoryDays, 0)).toBe(13);
  });

  it.each(holidayNotices.map((n) => [n.year, n] as const))('%i: dates are real, make-up days are weekends, holidays are weekdays of that year', (year, notice) => {
    for (const row of calendarRowsOf(notice)) {
      expect(isValidDate(row.date), row.date).toBe(true);
      expect(row.date.startsWith(`${year}-`), row.date).toBe(true);
      expect(`${row.date} ${row.kind} weekend=${isWeekend(row.date)}`).toBe(`${row.date} ${row.kind} weekend=${row.kind === 'workday'}`);
      expect(row.isProvisional).toBe(notice.isProvisional);
    }
  });

  it('marks only 2027 as provisional, with a note saying so', () => {
    expect(holidayNotices.filter((n) => n.isProvisional).map((n) => n.year)).toEqual([2027]);
    const spring = calendarRowsOf(holidayNotices.find((n) => n.year === 2027)!).find((r) => r.date === '2027-02-05')!;
    expect(spring).toMatchObject({ kind: 'holiday', name: '春节', isProvisional: true });
    expect(spring.note).toContain('暂定');
  });

  it('produces the 2025 国庆 rows from the notice', () => {
    const rows = calendarRowsOf(holidayNotices.find((n) => n.year === 2025)!).filter((r) => r.date >= '2025-09-28' && r.date <= '2025-10-11');
    expect(rows.map((r) => `${r.date} ${r.kind}`)).toEqual([
      '2025-09-28 workday', '2025-10-01 holiday', '2025-10-02 holiday', '2025-10-03 holiday', '2025-10-06 holiday',
      '2025-10-07 holiday', '2025-10-08 holiday', '2025-10-11 workday',
    ]);
    expect(rows[1].note).toBe('2025-10-01 至 2025-10-08 放假调休，共 8 天');
  });
});
