import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../src/db/index.js';
import { createFieldCipher } from '../src/core/secrets.js';
import { openTestDb } from '../src/testing/harness.js';
import { loadDemoWorld } from './load.js';
import { DEMO_SERVICE_FIGURES } from './services.js';

let db: Db;

beforeAll(async () => {
  db = await openTestDb();
  await loadDemoWorld({ db, cipher: createFieldCipher('demo-services-test'), scale: 0.05, seed: 11, demoPassword: 'demo-pass-1', now: new Date('2026-03-02T01:00:00Z'), withCases: false });
}, 300_000);
afterAll(() => db.close());

const one = async (query: ReturnType<typeof sql<{ n: number | string }>>) => Number((await query.execute(db.kysely)).rows[0].n);

describe('the demo reproduces the article by query', () => {
  it('has 4,556 wishes fulfilled worth 400,000–440,000 yuan', async () => {
    expect(await one(sql`select count(*) as n from wishes where status = 'fulfilled'`)).toBe(4556);
    const value = await one(sql`select sum(actual_value) as n from wishes where status = 'fulfilled'`);
    expect(value).toBeGreaterThanOrEqual(400_000);
    expect(value).toBeLessThanOrEqual(440_000);
    expect(await one(sql`select count(*) as n from wish_claims where status = 'live'`)).toBe(await one(sql`select count(*) as n from wishes where status = 'claimed'`));
  });

  it('has 四部一网: 4 departments and a website, 6 teams, 19 points, 8 categories, 57 items', async () => {
    expect(await one(sql`select count(*) as n from service_departments`)).toBe(4);
    expect(await one(sql`select count(*) as n from service_alliances where website_url is not null`)).toBe(1);
    expect(await one(sql`select count(*) as n from service_teams`)).toBe(6);
    expect(await one(sql`select count(*) as n from service_points`)).toBe(19);
    expect(await one(sql`select count(*) as n from service_categories`)).toBe(8);
    expect(await one(sql`select count(*) as n from service_items`)).toBe(57);
  });

  it('has bookings on weekday mornings within each slot’s capacity, served in the past and still booked for the next two weeks', async () => {
    const rows = (await db.kysely.selectFrom('service_bookings').select(['point_id', 'slot_start', 'status']).execute());
    expect(rows.length).toBeGreaterThan(500);
    const now = '2026-03-02T01:00:00.000Z';
    expect(rows.filter((r) => r.status === 'booked').length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.status === 'booked').every((r) => r.slot_start > now)).toBe(true);
    expect(rows.filter((r) => r.status === 'done').every((r) => r.slot_start < now)).toBe(true);
    expect(rows.some((r) => r.status === 'cancelled')).toBe(true);
    // Beijing weekday, 09:00–11:00 starts.
    for (const r of rows) {
      const beijing = new Date(Date.parse(r.slot_start) + 8 * 3600_000);
      expect([1, 2, 3, 4, 5], r.slot_start).toContain(beijing.getUTCDay());
      expect(beijing.getUTCHours() * 60 + beijing.getUTCMinutes()).toBeGreaterThanOrEqual(9 * 60);
      expect(beijing.getUTCHours() * 60 + beijing.getUTCMinutes()).toBeLessThanOrEqual(11 * 60);
    }
    const perSlot = new Map<string, number>();
    for (const r of rows.filter((x) => x.status !== 'cancelled')) perSlot.set(`${r.point_id}|${r.slot_start}`, (perSlot.get(`${r.point_id}|${r.slot_start}`) ?? 0) + 1);
    expect(Math.max(...perSlot.values())).toBeLessThanOrEqual(2);
  });

  it('has 2,640余 consultations, 830余 disputes settled by the alliance and 20余 tasks cleared', async () => {
    const within = (n: number, floor: number) => { expect(n).toBeGreaterThanOrEqual(floor); expect(n).toBeLessThanOrEqual(floor * 1.1); };
    within(await one(sql`select count(*) as n from consultations`), 2640);
    within(await one(sql`select count(*) as n from mediations where outcome = 'settled' and is_by_alliance = 1`), 830);
    within(await one(sql`select count(*) as n from community_tasks where status = 'movedOut'`), 20);
    expect(DEMO_SERVICE_FIGURES.consultations).toBe(await one(sql`select count(*) as n from consultations`));
  });

  it('leaves stairwells without this month\'s steward report, households unvisited this quarter and a searchable handbook', async () => {
    const stairwells = await one(sql`select count(distinct grid_id) as n from assignments where role = 'steward'`);
    const filed = await one(sql`select count(*) as n from steward_reports where period = '2026-03'`);
    expect(filed).toBeGreaterThan(0);
    expect(filed).toBeLessThan(stairwells);
    expect(await one(sql`select count(*) as n from household_visits`)).toBeGreaterThan(0);
    // Three years of both: reports monthly since three years back, visits in every quarter.
    expect(await one(sql`select count(distinct period) as n from steward_reports`)).toBe(36);
    expect(await one(sql`select count(*) as n from steward_reports where period = '2023-04'`)).toBeLessThan(stairwells);
    expect(await one(sql`select count(*) as n from household_visits where visited_on < '2023-07-01'`)).toBeGreaterThan(0);
    expect(await one(sql`select count(*) as n from handbook_articles`)).toBeGreaterThanOrEqual(30);
    expect(await one(sql`select count(*) as n from handbook_articles where search_text like '%医保%'`)).toBeGreaterThan(2);
  });

  it('has notices on every community\'s board over the three years, a pinned one current', async () => {
    const communities = await one(sql`select count(*) as n from grids where level = 'community'`);
    expect(await one(sql`select count(distinct grid_id) as n from notices`)).toBeGreaterThanOrEqual(communities);
    expect(await one(sql`select count(*) as n from notices`)).toBeGreaterThanOrEqual(communities * 20);
    expect(await one(sql`select count(*) as n from notices where published_at < '2023-06-01'`)).toBeGreaterThan(0);
    expect(await one(sql`select count(*) as n from notices where is_pinned = 1 and status = 'published' and published_at <= '2026-03-02T01:00:00Z' and (expires_at is null or expires_at > '2026-03-02T01:00:00Z')`)).toBeGreaterThanOrEqual(communities);
    expect(await one(sql`select count(*) as n from notices where title like '%供暖缴费%' and substr(published_at, 6, 2) not in ('08', '09', '10')`)).toBe(0);
  });
});
