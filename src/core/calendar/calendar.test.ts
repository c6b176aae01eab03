import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { calendarPolicy } from './policy.js';
import { loadBusinessCalendar } from './service.js';
import { addWorkingHours, isWorkingDay } from './working-time.js';

let h: TestHarness;
let admin: Record<string, string>;
let secA: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  await buildWorld(h.ctx);
  admin = await h.login('admin');
  secA = await h.login('sec-a');
});
afterAll(() => h.close());

type Method = 'GET' | 'PUT' | 'DELETE';
const call = (method: Method, url: string, headers: Record<string, string> = {}, payload?: unknown) => h.app.inject({ method, url, headers, payload: payload as object });
const deadline = async (query: string, headers = secA) => {
  const res = await call('GET', `/api/calendar/deadline?${query}`, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().deadline as string;
};

describe('GET /api/calendar', () => {
  it('returns a year of the seeded calendar with the default working hours', async () => {
    const res = await call('GET', '/api/calendar?year=2026', secA);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.year).toBe(2026);
    expect(body.timeZone).toBe('Asia/Shanghai');
    expect(body.workingHours).toEqual({ periods: [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }] });
    const spring = body.days.filter((d: { name: string }) => d.name === '春节');
    expect(spring.map((d: { date: string; kind: string }) => `${d.date} ${d.kind}`)).toEqual([
      '2026-02-14 workday', '2026-02-16 holiday', '2026-02-17 holiday', '2026-02-18 holiday', '2026-02-19 holiday', '2026-02-20 holiday',
      '2026-02-23 holiday', '2026-02-28 workday',
    ]);
    expect(body.days.every((d: { date: string; isProvisional: boolean }) => d.date.startsWith('2026-') && d.isProvisional === false)).toBe(true);
  });

  it('defaults to the current year in Shanghai and marks 2027 provisional', async () => {
    expect((await call('GET', '/api/calendar', secA)).json().year).toBe(2026);
    const next = (await call('GET', '/api/calendar?year=2027', secA)).json();
    expect(next.days.length).toBeGreaterThan(10);
    expect(next.days.every((d: { isProvisional: boolean }) => d.isProvisional)).toBe(true);
  });

  it('answers 401 to an anonymous caller', async () => {
    const res = await call('GET', '/api/calendar?year=2026');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await call('GET', '/api/calendar/deadline?start=2026-03-06T16:00:00%2B08:00&hours=4')).statusCode).toBe(401);
  });
});

describe('GET /api/calendar/deadline', () => {
  it('adds working hours or working days', async () => {
    expect(await deadline('start=2026-03-06T16:00:00%2B08:00&hours=4')).toBe('2026-03-09T03:00:00.000Z');
    expect(await deadline('start=2025-09-30T08:00:00Z&days=1')).toBe('2025-10-09T08:00:00.000Z');
  });

  it('needs exactly one of hours and days, and a start with an offset', async () => {
    const both = await call('GET', '/api/calendar/deadline?start=2026-03-06T16:00:00%2B08:00&hours=4&days=1', secA);
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0]).toMatchObject({ field: 'hours', reason: 'hoursOrDays' });
    const neither = await call('GET', '/api/calendar/deadline?start=2026-03-06T16:00:00%2B08:00', secA);
    expect(neither.statusCode).toBe(400);
    const noOffset = await call('GET', '/api/calendar/deadline?start=yesterday&hours=1', secA);
    expect(noOffset.statusCode).toBe(400);
    expect(noOffset.json().errors[0].field).toBe('start');
  });
});

describe('admins keep the calendar', () => {
  it('a new holiday moves the deadline, a make-up Saturday pulls it back, deleting restores it; each edit is audited', async () => {
    const query = 'start=2026-03-06T16:00:00%2B08:00&hours=4';
    expect(await deadline(query)).toBe('2026-03-09T03:00:00.000Z'); // Monday 11:00

    const holiday = await call('PUT', '/api/calendar/days/2026-03-09', admin, { kind: 'holiday', name: '防汛停工', note: '演练' });
    expect(holiday.statusCode, holiday.body).toBe(200);
    expect(holiday.json()).toEqual({ date: '2026-03-09', kind: 'holiday', name: '防汛停工', note: '演练', isProvisional: false });
    expect(await deadline(query)).toBe('2026-03-10T03:00:00.000Z'); // Tuesday 11:00

    expect((await call('PUT', '/api/calendar/days/2026-03-07', admin, { kind: 'workday', name: '防汛停工' })).statusCode).toBe(200);
    expect(await deadline(query)).toBe('2026-03-07T03:00:00.000Z'); // Saturday 11:00

    expect((await call('DELETE', '/api/calendar/days/2026-03-07', admin)).statusCode).toBe(204);
    expect((await call('DELETE', '/api/calendar/days/2026-03-09', admin)).statusCode).toBe(204);
    expect(await deadline(query)).toBe('2026-03-09T03:00:00.000Z');
    expect((await call('DELETE', '/api/calendar/days/2026-03-09', admin)).statusCode).toBe(404);

    const audit = await h.ctx.db.kysely.selectFrom('audit_log').select(['action', 'record_id']).where('record_type', '=', 'calendarDay').orderBy('at').orderBy('id').execute();
    expect(audit.map((a) => `${a.action} ${a.record_id}`)).toEqual([
      'calendar.day.put 2026-03-09', 'calendar.day.put 2026-03-07', 'calendar.day.delete 2026-03-07', 'calendar.day.delete 2026-03-09',
    ]);
  });

  it('the case module’s loader sees edits at once in this process', async () => {
    expect(isWorkingDay(await loadBusinessCalendar(h.ctx.db), '2026-03-10')).toBe(true);
    expect((await call('PUT', '/api/calendar/days/2026-03-10', admin, { kind: 'holiday', name: '测试' })).statusCode).toBe(200);
    expect(isWorkingDay(await loadBusinessCalendar(h.ctx.db), '2026-03-10')).toBe(false);
    expect((await call('DELETE', '/api/calendar/days/2026-03-10', admin)).statusCode).toBe(204);
    expect(isWorkingDay(await loadBusinessCalendar(h.ctx.db), '2026-03-10')).toBe(true);
  });

  it('the loader picks up an edit made by another instance once the version moves', async () => {
    const before = await loadBusinessCalendar(h.ctx.db);
    // Another instance: rows and version change in the database, this process is not told.
    await h.ctx.db.kysely.withTables<{ calendar_days: { date: string; kind: string; name: string; note: string | null; is_provisional: number } }>()
      .insertInto('calendar_days').values({ date: '2026-03-11', kind: 'holiday', name: '他处修改', note: null, is_provisional: 0 }).execute();
    await h.ctx.db.kysely.updateTable('settings').set({ value: 'moved-elsewhere' }).where('key', '=', 'calendar.version').execute();
    expect(isWorkingDay(await loadBusinessCalendar(h.ctx.db), '2026-03-11')).toBe(true); // still within the freshness window
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const after = await loadBusinessCalendar(h.ctx.db);
    expect(after).not.toBe(before);
    expect(isWorkingDay(after, '2026-03-11')).toBe(false);
    expect((await call('DELETE', '/api/calendar/days/2026-03-11', admin)).statusCode).toBe(204);
  });

  it('refuses a holiday on a weekend and a workday on a weekday, with the reason', async () => {
    const weekend = await call('PUT', '/api/calendar/days/2026-03-07', admin, { kind: 'holiday', name: 'x' });
    expect(weekend.statusCode).toBe(400);
    expect(weekend.json().errors).toEqual([{ field: 'kind', reason: 'holidayOnWeekend', message: '2026-03-07 是周末，本就休息：节假日只需登记周一至周五的日子' }]);
    const weekday = await call('PUT', '/api/calendar/days/2026-03-09', { ...admin, 'accept-language': 'en' }, { kind: 'workday', name: 'x' });
    expect(weekday.statusCode).toBe(400);
    expect(weekday.json().errors[0]).toMatchObject({ field: 'kind', reason: 'workdayOnWeekday' });
    expect(weekday.json().errors[0].message).toContain('2026-03-09 is Monday to Friday');
  });

  it('answers 400 problem+json naming the date for a date that does not exist or is malformed', async () => {
    for (const date of ['2026-02-30', '2026-13-01', '26-3-9']) {
      const res = await call('PUT', `/api/calendar/days/${date}`, admin, { kind: 'holiday', name: 'x' });
      expect(res.statusCode, date).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].field, date).toBe('date');
    }
    expect((await call('DELETE', '/api/calendar/days/2026-02-30', admin)).json().errors[0]).toMatchObject({ field: 'date', reason: 'invalidDate' });
  });

  it('sets the working hours, validated, and deadlines follow', async () => {
    const bad = await call('PUT', '/api/calendar/working-hours', admin, { periods: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '17:00' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'periods/1/start', reason: 'periodOverlap' });
    const shape = await call('PUT', '/api/calendar/working-hours', admin, { periods: [{ start: '9:00', end: '12:00' }] });
    expect(shape.statusCode).toBe(400);

    const summer = { periods: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '18:00' }] };
    const res = await call('PUT', '/api/calendar/working-hours', admin, summer);
    expect(res.statusCode, res.body).toBe(200);
    expect((await call('GET', '/api/calendar?year=2026', secA)).json().workingHours).toEqual(summer);
    // Friday 16:00 + 2 h now ends at 18:00 the same day; + 6 h runs to Monday 09:00–12:00 and 14:00–15:00.
    expect(await deadline('start=2026-03-06T16:00:00%2B08:00&hours=2')).toBe('2026-03-06T10:00:00.000Z');
    expect(await deadline('start=2026-03-06T16:00:00%2B08:00&hours=6')).toBe('2026-03-09T07:00:00.000Z');
    const calendar = await loadBusinessCalendar(h.ctx.db);
    expect(addWorkingHours(calendar, new Date('2026-03-06T08:00:00Z'), 3).toISOString()).toBe('2026-03-09T02:00:00.000Z');

    const restored = await call('PUT', '/api/calendar/working-hours', admin, { periods: [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }] });
    expect(restored.statusCode).toBe(200);
    const audit = await h.ctx.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'calendar.workingHours.put').execute();
    expect(audit).toHaveLength(2);
  });
});

describe('who may do what', () => {
  const readers = ['admin', 'cadre', 'sec-a', 'worker', 'steward', 'resident'];
  it.each(readers)('%s reads the calendar and computes deadlines', async (user) => {
    const headers = await h.login(user);
    expect((await call('GET', '/api/calendar?year=2025', headers)).statusCode).toBe(200);
    expect((await call('GET', '/api/calendar/deadline?start=2026-03-06T16:00:00%2B08:00&days=1', headers)).statusCode).toBe(200);
  });

  it.each(readers.filter((u) => u !== 'admin'))('%s gets 403 on every write and nothing changes', async (user) => {
    const headers = await h.login(user);
    const writes: [Method, string, unknown][] = [
      ['PUT', '/api/calendar/days/2026-03-09', { kind: 'holiday', name: 'x' }],
      ['DELETE', '/api/calendar/days/2026-10-01', undefined],
      ['PUT', '/api/calendar/working-hours', { periods: [{ start: '00:00', end: '23:00' }] }],
    ];
    for (const [method, url, payload] of writes) {
      const res = await call(method, url, headers, payload);
      expect(`${method} ${url} → ${res.statusCode}`).toBe(`${method} ${url} → 403`);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(isWorkingDay(await loadBusinessCalendar(h.ctx.db), '2026-10-01')).toBe(false);
  });

  it('anonymous writes answer 401', async () => {
    expect((await call('PUT', '/api/calendar/days/2026-03-09', {}, { kind: 'holiday', name: 'x' })).statusCode).toBe(401);
    expect((await call('DELETE', '/api/calendar/days/2026-10-01')).statusCode).toBe(401);
    expect((await call('PUT', '/api/calendar/working-hours', {}, { periods: [{ start: '08:00', end: '12:00' }] })).statusCode).toBe(401);
  });

  it('the policy table gives writes to admins only', () => {
    expect(calendarPolicy['calendar.write']).toEqual(['admin']);
    expect(calendarPolicy['calendar.read']).toHaveLength(10);
  });
});
