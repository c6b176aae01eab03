import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import { rebuildRollups } from '../analytics/rollups.js';
import type { CaseTable } from '../cases/tables.js';
import { buildOrganization, buildMemberAccount } from '../cobuild/test-factories.js';
import { buildUser, buildWorld, type BuiltGrid, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { rankRows, redBlackLists, type Measured } from './indicators.js';

let h: TestHarness;
let world: World;
let headers: Record<string, Record<string, string>>;
let workers: Record<string, string>;

const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: headers[who] });

/**
 * One case as the log would leave it, with a report-back by `handler`. Times are February 2026;
 * the harness clock stands at 2026-03-02.
 */
async function addCase(grid: BuiltGrid, c: { isClosed: boolean; isOverdue?: boolean; rating?: number; handler?: string; isReworked?: boolean; isOpenOverdue?: boolean }) {
  const category = await h.ctx.db.kysely.selectFrom('case_categories').select('id').where('parent_id', 'is not', null).executeTakeFirstOrThrow();
  const id = newId();
  const row: CaseTable = {
    id, number: `2026-${id.slice(-6)}`, type: 'hazard', category_id: category.id, title: '楼道堆物', description: '楼道堆放杂物', state: c.isClosed ? (c.rating ? 'rated' : 'closed') : 'handling', is_open: c.isClosed ? 0 : 1,
    tier: 'compound', channel: 'staff', grid_id: grid.id, grid_path: grid.path, handling_grid_id: grid.id, handling_path: grid.path, lng: null, lat: null, address: null,
    reporter_user_id: null, reporter_person_id: null, reporter_name: null, reporter_phone_enc: null, reporter_phone_hash: null, reporter_phone_last4: null,
    limits: '{}', stage: c.isClosed ? null : 'handle', due_at: c.isOpenOverdue ? '2026-02-20T00:00:00.000Z' : c.isClosed ? null : '2026-04-01T00:00:00.000Z',
    overdue_at: c.isOverdue || c.isOpenOverdue ? '2026-02-20T00:00:00.000Z' : null, sla_escalated_at: null,
    discovered_at: '2026-02-10T02:00:00.000Z', accepted_at: '2026-02-10T03:00:00.000Z', response_due_at: null, responded_at: '2026-02-10T03:00:00.000Z', assessed_at: '2026-02-10T04:00:00.000Z', intervened_at: '2026-02-11T02:00:00.000Z',
    resolved_at: c.isClosed ? '2026-02-15T02:00:00.000Z' : null, closed_at: c.isClosed ? '2026-02-16T02:00:00.000Z' : null, closed_via: c.isClosed ? 'handling' : null, resolution_id: null,
    rework_count: c.isReworked ? 1 : 0, escalation_count: 0, reopen_count: 0, lowest_tier: 'compound', feedback: c.rating ? 'confirmed' : null, rating: c.rating ?? null, rated_at: c.rating ? '2026-02-17T02:00:00.000Z' : null,
    merged_into_id: null, suspended_from: null, is_skipped_level: 0, is_criminal_risk: 0, priority: 'normal', pending_request: null, version: 1,
    created_at: '2026-02-10T02:00:00.000Z', updated_at: '2026-02-16T02:00:00.000Z',
  };
  await h.ctx.db.kysely.insertInto('cases').values(row).execute();
  if (c.isOverdue || c.isOpenOverdue) {
    await h.ctx.db.kysely
      .insertInto('case_events')
      .values({ id: newId(), case_id: id, seq: 2, action: 'overdue', from_state: 'handling', to_state: 'handling', from_tier: null, to_tier: null, actor_id: null, actor_name: null, actor_role: null, note: null, data: null, at: '2026-02-20T00:00:00.000Z' })
      .execute();
  }
  if (c.handler) {
    await h.ctx.db.kysely
      .insertInto('case_events')
      .values({ id: newId(), case_id: id, seq: 1, action: 'reportBack', from_state: 'handling', to_state: 'reportedBack', from_tier: null, to_tier: null, actor_id: c.handler, actor_name: 'w', actor_role: 'gridWorker', note: '已清理', data: null, at: '2026-02-15T02:00:00.000Z' })
      .execute();
  }
}

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  const worker2 = await buildUser(h.ctx, { username: 'worker-2', role: 'gridWorker', scope: [world.compoundA2] });
  const workerB = await buildUser(h.ctx, { username: 'worker-b', role: 'gridWorker', scope: [world.compoundB1] });
  workers = { worker: world.users.worker.id, worker2: worker2.id, workerB: workerB.id };
  headers = {};
  for (const u of ['admin', 'cadre', 'sec-a', 'sec-b', 'worker', 'resident']) headers[u] = await h.login(u);

  // 民主家园 (A1): 4 received — 3 closed (2 on time, 1 late and reworked; rated 5 and 3), 1 open and overdue now.
  await addCase(world.stairA1, { isClosed: true, rating: 5, handler: workers.worker });
  await addCase(world.compoundA1, { isClosed: true, rating: 3, handler: workers.worker });
  await addCase(world.compoundA1, { isClosed: true, isOverdue: true, isReworked: true, handler: workers.worker });
  await addCase(world.compoundA1, { isClosed: false, isOpenOverdue: true });
  // 曙光小区 (A2): 2 received, both closed on time, one rated 5.
  await addCase(world.compoundA2, { isClosed: true, rating: 5, handler: workers.worker2 });
  await addCase(world.compoundA2, { isClosed: true, handler: workers.worker2 });
  // 富家花园 (B1): 1 received, closed.
  await addCase(world.compoundB1, { isClosed: true, rating: 4, handler: workers.workerB });

  // The cases went in behind the commands' backs: count them into the roll-ups as the demo load does.
  await rebuildRollups(h.ctx.db.kysely);

  // Two partner organisations of 民主社区 and one of 富家社区.
  const tax = await buildOrganization(h, headers.admin, { name: '穆棱市税务局', grid: world.commA, community: world.commA, contactUsername: 'tax-contact' });
  const bank = await buildOrganization(h, headers.admin, { name: '农商银行穆棱支行', grid: world.commA, community: world.commA, contactUsername: 'bank-contact' });
  const power = await buildOrganization(h, headers.admin, { name: '穆棱供电公司', grid: world.commB, community: world.commB, contactUsername: 'power-contact' });
  // Wishes fulfilled in February: the tax bureau's contact claimed 2 in 民主社区, the power company's 1 in 富家社区.
  const claim = async (grid: BuiltGrid, contactId: string, name: string) => {
    const id = newId();
    const at = '2026-02-12T02:00:00.000Z';
    await h.ctx.db.kysely.insertInto('wishes').values({
      id, title: '冬衣', description: '一件冬衣', kind: 'material', estimated_value: 200, actual_value: 200, status: 'fulfilled', verification: 'verified', verification_reason: null, verified_by: null, verified_at: at,
      beneficiary_name: '张三', beneficiary_person_id: null, beneficiary_user_id: null, posted_by: world.users.worker.id, grid_id: grid.id, grid_path: grid.path,
      delivery_note: null, delivery_photo_ids: '[]', delivered_at: at, confirmed_at: at, thanks: null, version: 1, created_at: at, updated_at: at,
    }).execute();
    await h.ctx.db.kysely.insertInto('wish_claims').values({ id: newId(), wish_id: id, claimant_user_id: contactId, claimant_kind: 'organisation', claimant_name: name, party_org_id: null, status: 'fulfilled', reason: null, created_at: at, ended_at: at }).execute();
  };
  await claim(world.stairA1, tax.contact!.id, '穆棱市税务局');
  await claim(world.compoundA2, tax.contact!.id, '穆棱市税务局');
  await claim(world.compoundB1, power.contact!.id, '穆棱供电公司');
  // A bank employee living in 民主社区 served 6.5 verified hours there in February (and 3 last year, outside the period).
  const member = await buildMemberAccount(h, { username: 'bank-member', name: '赵六', grid: world.stairA2, scope: world.commA });
  const now = '2026-02-01T00:00:00.000Z';
  await h.ctx.db.kysely.insertInto('member_registrations').values({ id: newId(), person_id: member.person.id, community_id: world.commA.id, community_path: world.commA.path, employer_org_id: bank.id, registered_on: '2025-01-01', state: 'active', ended_on: null, skills: null, note: null, created_by: null, created_at: now, updated_at: now }).execute();
  for (const [hours, on] of [[4, '2026-02-03'], [2.5, '2026-02-20'], [3, '2025-12-30']] as const) {
    await h.ctx.db.kysely.insertInto('volunteer_ledger').values({ id: newId(), person_id: member.person.id, grid_path: world.stairA2.path, activity_id: null, signup_id: null, kind: 'credit', hours, points: hours, occurred_on: on, reason: null, corrects_id: null, entered_by: null, entered_by_name: null, entered_at: now }).execute();
  }
});
afterAll(() => h.close());

const names = (rows: { subject: { name: string } }[]) => rows.map((r) => r.subject.name);

describe('grids and communities on the case indicators', () => {
  it('ranks the compounds of the town by resolution rate as counted by hand, ties sharing a rank', async () => {
    const res = await get('cadre', '/api/rankings?subject=grid&level=compound&indicator=resolutionRate&from=2026-01-01&to=2026-03-01&minVolume=2&size=1');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items.map((r: any) => [r.rank, r.subject.name, r.value, r.numerator, r.denominator, r.volume, r.isEligible])).toEqual([
      [1, '曙光小区', 1, 2, 2, 2, true],
      [1, '富家花园', 1, 1, 1, 1, false],
      [3, '民主家园', 0.75, 3, 4, 4, true],
    ]);
    // Red and black list: 富家花园 has fewer than 2 cases, so it stays off both.
    expect(names(body.red)).toEqual(['曙光小区']);
    expect(names(body.black)).toEqual(['民主家园']);
  });

  it('ranks on-time closure, satisfaction, overdue now and cases per 1,000 residents', async () => {
    const rank = async (indicator: string) => (await get('cadre', `/api/rankings?subject=grid&level=compound&indicator=${indicator}&from=2026-01-01&to=2026-03-01`)).json().items.map((r: any) => [r.subject.name, r.value, r.numerator, r.denominator]);
    // 应结案 = received less rejected and merged: 4, 2, 1. On time: 2 of 4 in A1 (one late, one still open).
    expect(await rank('onTimeClosureRate')).toEqual([['曙光小区', 1, 2, 2], ['富家花园', 1, 1, 1], ['民主家园', 0.5, 2, 4]]);
    // Satisfied = rated 4 or 5: A1 1 of 2 rated, A2 1 of 1, B1 1 of 1.
    expect(await rank('satisfactionRate')).toEqual([['曙光小区', 1, 1, 1], ['富家花园', 1, 1, 1], ['民主家园', 0.5, 1, 2]]);
    // Fewer overdue is better.
    expect(await rank('overdueNow')).toEqual([['曙光小区', 0, null, null], ['富家花园', 0, null, null], ['民主家园', 1, null, null]]);
    // Residents: 张三, 王五 and the bank member in A1 (both stairwells are A1's), 李四 in B1, none in A2.
    // Fewer cases per head ranks first; with no residents there is no value.
    expect(await rank('receivedPer1000')).toEqual([['富家花园', 1000, 1, 1], ['民主家园', 1333.33, 4, 3], ['曙光小区', null, 2, 0]]);
  });

  it('ranks the communities of the town for the cadre', async () => {
    const body = (await get('cadre', '/api/rankings?subject=community&indicator=closureRate&from=2026-01-01&to=2026-03-01&minVolume=0')).json();
    expect(body.items.map((r: any) => [r.rank, r.subject.name, r.numerator, r.denominator])).toEqual([[1, '富家社区', 1, 1], [2, '民主社区', 5, 6]]);
    expect(body.level).toBe('community');
  });

  it('gives a secretary only their community: the neighbour is 404 and the default root is their own', async () => {
    const own = (await get('sec-a', '/api/rankings?subject=grid&indicator=resolutionRate&from=2026-01-01&to=2026-03-01')).json();
    expect(own.grid.name).toBe('民主社区');
    expect(names(own.items)).toEqual(['曙光小区', '民主家园']);
    expect(JSON.stringify(own)).not.toContain('富家');
    for (const subject of ['grid', 'worker', 'organization']) {
      const other = await get('sec-a', `/api/rankings?subject=${subject}&indicator=${subject === 'grid' ? 'closureRate' : subject === 'worker' ? 'closed' : 'wishesFulfilled'}&grid=${world.commB.id}`);
      expect(other.statusCode).toBe(404);
      expect(other.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get('sec-a', `/api/rankings.xlsx?subject=grid&indicator=closureRate&grid=${world.commB.id}`)).statusCode).toBe(404);
  });
});

describe('grid workers on the cases they reported back on', () => {
  it('counts closed, on time, rework and the average rating by hand', async () => {
    const rank = async (indicator: string, who = 'cadre') => (await get(who, `/api/rankings?subject=worker&indicator=${indicator}&from=2026-01-01&to=2026-03-01&minVolume=2`)).json();
    expect((await rank('closed')).items.map((r: any) => [r.rank, r.subject.name, r.value])).toEqual([[1, 'worker', 3], [2, 'worker-2', 2], [3, 'worker-b', 1]]);
    expect((await rank('onTimeRate')).items.map((r: any) => [r.subject.name, r.numerator, r.denominator])).toEqual([['worker-2', 2, 2], ['worker-b', 1, 1], ['worker', 2, 3]]);
    const rework = await rank('reworkRate');
    expect(rework.items.map((r: any) => [r.subject.name, r.value])).toEqual([['worker-2', 0], ['worker-b', 0], ['worker', 0.3333]]);
    expect(rework.isHigherBetter).toBe(false);
    const rating = await rank('averageRating');
    expect(rating.items.map((r: any) => [r.subject.name, r.value, r.numerator, r.denominator])).toEqual([['worker-2', 5, 5, 1], ['worker', 4, 8, 2], ['worker-b', 4, 4, 1]]);
    // Ties break on volume: two ratings of 4 on average rank before one.
    // Only 'worker' has 2 ratings: the one row eligible is red, and not black as well.
    expect(names(rating.red)).toEqual(['worker']);
    expect(rating.black).toEqual([]);
    // The secretary of 民主社区 sees its two workers only.
    expect(names((await rank('closed', 'sec-a')).items)).toEqual(['worker', 'worker-2']);
  });

  it('counts nothing outside the period', async () => {
    const body = (await get('cadre', '/api/rankings?subject=worker&indicator=closed&from=2026-02-17&to=2026-03-01')).json();
    expect(body.items.map((r: any) => r.value)).toEqual([0, 0, 0]);
  });
});

describe('partner organisations', () => {
  it('counts fulfilled wishes their contact claimed and their members\' verified hours in the period', async () => {
    const rank = async (indicator: string, who = 'cadre') => (await get(who, `/api/rankings?subject=organization&indicator=${indicator}&from=2026-01-01&to=2026-03-01`)).json().items.map((r: any) => [r.rank, r.subject.name, r.value]);
    expect(await rank('wishesFulfilled')).toEqual([[1, '穆棱市税务局', 2], [2, '穆棱供电公司', 1], [3, '农商银行穆棱支行', 0]]);
    expect(await rank('volunteerHours')).toEqual([[1, '农商银行穆棱支行', 6.5], [2, '穆棱供电公司', 0], [2, '穆棱市税务局', 0]]);
    expect(await rank('wishesFulfilled', 'sec-a')).toEqual([[1, '穆棱市税务局', 2], [2, '农商银行穆棱支行', 0]]);
  });

  it('takes the assessment score from the co-building assessment of the year', async () => {
    const assessed = (await get('cadre', '/api/cobuild/assessment/ranking?year=2026')).json().items.map((r: any) => [r.organization.name, r.total]);
    const ranked = (await get('cadre', '/api/rankings?subject=organization&indicator=assessmentScore&from=2026-01-01&to=2026-03-01')).json().items;
    expect(new Map(ranked.map((r: any) => [r.subject.name, r.value]))).toEqual(new Map(assessed));
    // The bank's member hours score something under the default scheme, so it leads.
    expect(ranked[0].subject.name).toBe('农商银行穆棱支行');
    expect(ranked[0].value).toBeGreaterThan(0);
  });
});

describe('bad input and permissions', () => {
  it('names the field at fault and answers in problem+json', async () => {
    const cases: [string, string, string][] = [
      ['/api/rankings?subject=street&indicator=closed', 'subject', 'enum'],
      ['/api/rankings?subject=grid&indicator=speed', 'indicator', 'enum'],
      ['/api/rankings?subject=grid&indicator=closed', 'indicator', 'rankingIndicatorNotOfSubject'],
      ['/api/rankings?subject=grid&indicator=closureRate&from=2026-03-01&to=2026-01-01', 'from', 'rankingPeriodReversed'],
      ['/api/rankings?subject=grid&indicator=closureRate&from=2010-01-01&to=2026-01-01', 'to', 'rankingPeriodTooLong'],
      ['/api/rankings?subject=grid&indicator=closureRate&from=2026-13-01', 'from', 'format'],
      ['/api/rankings?subject=grid&level=subdistrict&indicator=closureRate', 'level', 'rankingLevelNotBelowRoot'],
    ];
    for (const [url, field, reason] of cases) {
      const res = await get('sec-a', url);
      expect(`${url} → ${res.statusCode}`).toBe(`${url} → 400`);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0]).toMatchObject({ field, reason });
      expect(res.body).not.toContain(' at ');
    }
  });

  it('refuses those who do not supervise a subtree and the anonymous', async () => {
    expect((await get('worker', '/api/rankings?subject=grid&indicator=closureRate')).statusCode).toBe(403);
    expect((await get('resident', '/api/rankings?subject=grid&indicator=closureRate')).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/api/rankings?subject=grid&indicator=closureRate' })).statusCode).toBe(401);
  });
});

describe('the Excel export', () => {
  it('holds the list, the red and the black list as shown, headings in the caller\'s language', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/rankings.xlsx?subject=grid&level=compound&indicator=resolutionRate&from=2026-01-01&to=2026-03-01&minVolume=2&size=1', headers: { ...headers.cadre, 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['排名', '红榜', '黑榜']);
    const rows = (name: string) => book.getWorksheet(name)!.getSheetValues().slice(4).map((r) => (r as unknown[]).slice(1, 7));
    expect(book.getWorksheet('排名')!.getRow(3).getCell(1).value).toBe('排名');
    expect(rows('排名')).toEqual([[1, '曙光小区', '', 1, 2, 2], [1, '富家花园', '', 1, 1, 1], [3, '民主家园', '', 0.75, 3, 4]]);
    expect(rows('红榜').map((r) => r[1])).toEqual(['曙光小区']);
    expect(rows('黑榜').map((r) => r[1])).toEqual(['民主家园']);
  });
});

describe('ranking rules', () => {
  const row = (name: string, value: number | null, volume: number | null): Measured<string> => ({ subject: name, value, numerator: null, denominator: null, volume });
  it('puts lower first when lower is better, rows without a value last and unranked', () => {
    const ranked = rankRows([row('a', 3, 5), row('b', null, 0), row('c', 1, 5), row('d', 1, 9)], { isHigherBetter: false, kind: 'count' }, 5, (s) => s);
    expect(ranked.map((r) => [r.subject, r.rank, r.isEligible])).toEqual([['d', 1, true], ['c', 1, true], ['a', 3, true], ['b', null, false]]);
  });
  it('keeps the red and black lists apart when few rows are eligible', () => {
    const ranked = rankRows([row('a', 0.9, 20), row('b', 0.8, 20), row('c', 0.7, 20), row('d', 1, 2)], { isHigherBetter: true, kind: 'rate' }, 10, (s) => s);
    const { red, black } = redBlackLists(ranked, 2, { isHigherBetter: true, kind: 'rate' });
    expect(red.map((r) => r.subject)).toEqual(['a', 'b']);
    expect(black.map((r) => r.subject)).toEqual(['c']);
  });
  it('puts no zero count on the red list when more is better', () => {
    const rule = { isHigherBetter: true, kind: 'count' } as const;
    const ranked = rankRows([row('a', 3, null), row('b', 0, null), row('c', 0, null)], rule, 10, (s) => s);
    const { red, black } = redBlackLists(ranked, 2, rule);
    expect(red.map((r) => r.subject)).toEqual(['a']);
    expect(black.map((r) => r.subject)).toEqual(['c', 'b']);
  });
});
