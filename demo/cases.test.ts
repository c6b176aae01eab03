import type { ExpressionBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import type { Database } from '../src/db/schema.js';
import { fixedClock } from '../src/core/clock.js';
import type { AppContext } from '../src/core/context.js';
import { GridLocator } from '../src/core/grids/locator.js';
import type { Actor } from '../src/core/scope.js';
import { createFieldCipher } from '../src/core/secrets.js';
import { createCase } from '../src/modules/cases/create-case.js';
import { casesRepository } from '../src/modules/cases/repository.js';
import { sweepSla } from '../src/modules/cases/sweep-sla.js';
import type { CaseState } from '../src/modules/cases/tables.js';
import { transitionCase } from '../src/modules/cases/transition-case.js';
import { actionRules, isOpenState, type CaseAction } from '../src/modules/cases/workflow.js';
import { loadConfig } from '../src/server/config.js';
import { openTestDb } from '../src/testing/harness.js';
import { DEMO_CASE_FIGURES, FOUR_OFFICES, generateCaseHistory, loadDemoCases } from './cases.js';
import { DEMO_DEFAULT_SEED, generateWorld } from './generate.js';
import { loadDemoWorld } from './load.js';

const cipher = createFieldCipher('demo-cases-test-secret');
/** Friday 27 November 2026, 12:30 in Muling: the history runs from 1 December 2023. */
const NOW = new Date('2026-11-27T04:30:00.000Z');
const world = generateWorld({ seed: DEMO_DEFAULT_SEED, scale: 0.05 });

let db: Db;
let ctx: AppContext;

beforeAll(async () => {
  db = await openTestDb();
  await loadDemoWorld({ db, cipher, seed: DEMO_DEFAULT_SEED, scale: 0.05, now: NOW, demoPassword: 'demo-pass-123' });
  ctx = { db, clock: fixedClock(NOW), cipher, config: { ...loadConfig({}), dataDir: '/nonexistent' }, locator: new GridLocator(db.kysely) };
});
afterAll(() => db.close());

type Eb = ExpressionBuilder<Database, 'cases'>;
const isResolved = (eb: Eb) => eb('cases.state', 'in', ['closed', 'rated']);
const hasReferral = (eb: Eb, departments?: readonly string[]) =>
  eb.exists(
    eb
      .selectFrom('case_referrals')
      .innerJoin('departments', 'departments.id', 'case_referrals.department_id')
      .select('case_referrals.id')
      .whereRef('case_referrals.case_id', '=', 'cases.id')
      .$if(departments !== undefined, (q) => q.where('departments.code', 'in', departments!)),
  );

async function countCases(where: (eb: Eb) => ReturnType<Eb['and']> | ReturnType<typeof isResolved>): Promise<number> {
  const row = await db.kysely.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where(where).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function pathOf(code: string): Promise<{ id: string; path: string }> {
  return db.kysely.selectFrom('grids').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
}

async function actorOf(username: string): Promise<Actor> {
  const user = await db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  const scopes = await db.kysely.selectFrom('user_scopes').innerJoin('grids', 'grids.id', 'user_scopes.grid_id').select(['grids.id', 'grids.path']).where('user_scopes.user_id', '=', user.id).execute();
  return { userId: user.id, username, displayName: user.display_name, role: user.role, personId: user.person_id, locale: 'zh-CN', isGlobal: false, scopePaths: scopes.map((s) => s.path), scopeGridIds: scopes.map((s) => s.id) };
}

describe('generateCaseHistory', () => {
  it('is the same history for the same world, seed and time, and another for another seed', () => {
    const a = generateCaseHistory(world, { now: NOW });
    const b = generateCaseHistory(world, { now: NOW });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = generateCaseHistory(world, { now: NOW, seed: 7 });
    expect(c.cases.map((x) => x.createdAt)).not.toEqual(a.cases.map((x) => x.createdAt));
    expect(a.from).toBe('2023-11-30T16:00:00.000Z');
    expect(a.cases.every((x) => x.createdAt >= a.from && x.updatedAt <= NOW.toISOString())).toBe(true);
  });
});

describe('the loaded case history', () => {
  it('walks every case along a legal path of the state machine, consistent with the case row', async () => {
    const cases = await db.kysely.selectFrom('cases').selectAll().execute();
    const events = await db.kysely.selectFrom('case_events').selectAll().orderBy('case_id').orderBy('seq').execute();
    const byCase = new Map<string, typeof events>();
    for (const e of events) {
      const list = byCase.get(e.case_id) ?? [];
      list.push(e);
      byCase.set(e.case_id, list);
    }
    const sideEntries = new Set(['overdue', 'referralAcknowledged', 'referralResponded', 'mergedFrom']);
    const problems: string[] = [];
    for (const c of cases) {
      const log = byCase.get(c.id) ?? [];
      const fail = (why: string) => problems.push(`${c.number}: ${why}`);
      if (log[0]?.action !== 'report' || log[0].from_state !== null || log[0].to_state !== 'reported' || log[0].at !== c.created_at) fail('does not start with its report');
      let state: CaseState = 'reported';
      let tier = log[0]?.to_tier;
      let pending: 'return' | 'extension' | null = null;
      let suspendedFrom: CaseState | null = null;
      let at = log[0]?.at ?? '';
      const counted = { escalate: 0, rework: 0, reopen: 0 };
      log.forEach((e, i) => {
        if (e.seq !== i + 1) fail(`seq ${e.seq} at position ${i + 1}`);
        if (e.at < at || e.at > NOW.toISOString()) fail(`${e.action} out of time order`);
        at = e.at;
        if (i === 0) return;
        if (e.from_state !== state) fail(`${e.action} from ${e.from_state}, but the case was ${state}`);
        if (sideEntries.has(e.action)) {
          if (e.to_state !== state) fail(`${e.action} changed the state`);
          return;
        }
        const rule = actionRules[e.action as CaseAction];
        if (!rule) return fail(`unknown action ${e.action}`);
        if (!rule.from.includes(state)) fail(`${e.action} is not allowed from ${state}`);
        if (rule.needsPending && rule.needsPending !== pending) fail(`${e.action} without a pending ${rule.needsPending} request`);
        if (rule.isNoteRequired && !e.note && e.actor_role !== 'system') fail(`${e.action} without its note`);
        const data = e.data ? (JSON.parse(e.data) as Record<string, unknown>) : {};
        const expected: CaseState =
          e.action === 'verify' ? (data.passed ? 'verified' : 'handling')
          : e.action === 'rate' || e.action === 'followUp' ? (data.feedback === 'confirmed' ? 'rated' : 'handling')
          : e.action === 'resume' ? suspendedFrom!
          : (rule.to ?? state);
        if (e.to_state !== expected) fail(`${e.action} went to ${e.to_state}, expected ${expected}`);
        if (e.action === 'requestReturn') pending = 'return';
        if (e.action === 'requestExtension') pending = 'extension';
        if (['approveReturn', 'denyReturn', 'approveExtension', 'denyExtension', 'escalate'].includes(e.action)) pending = null;
        if (e.action === 'suspend') suspendedFrom = state;
        if (e.action === 'escalate') counted.escalate++;
        if (e.action === 'verify' && data.passed === false) counted.rework++;
        if (e.action === 'reopen' || ((e.action === 'rate' || e.action === 'followUp') && data.feedback === 'disputed')) counted.reopen++;
        if (e.to_tier) tier = e.to_tier;
        state = e.to_state;
      });
      if (state !== c.state) fail(`log ends in ${state}, case is ${c.state}`);
      if (tier !== c.tier) fail(`log ends at tier ${tier}, case is at ${c.tier}`);
      if (c.version !== log.length) fail(`version ${c.version} after ${log.length} entries`);
      if (c.is_open !== (isOpenState(c.state) ? 1 : 0)) fail('is_open disagrees with the state');
      if (c.escalation_count !== counted.escalate || c.rework_count !== counted.rework || c.reopen_count !== counted.reopen) fail('counts disagree with the log');
      if ((pending === null) !== (c.pending_request === null)) fail('pending request disagrees with the log');
      if (c.is_skipped_level !== 0 || c.is_criminal_risk !== 0) fail('flagged as skipped-level or criminal risk');
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('numbers cases per year in order of creation, and the counters continue after them', async () => {
    const cases = await db.kysely.selectFrom('cases').select(['number', 'created_at']).orderBy('created_at').orderBy('number').execute();
    const counters = Object.fromEntries((await db.kysely.selectFrom('counters').selectAll().execute()).map((c) => [c.key, c.value]));
    expect(new Set(cases.map((c) => c.number)).size).toBe(cases.length);
    const perYear = new Map<string, number>();
    for (const c of cases) {
      const year = c.created_at.slice(0, 4);
      const n = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, n);
      expect(c.number).toBe(`${year}-${String(n).padStart(6, '0')}`);
    }
    expect([...perYear.keys()]).toEqual(['2023', '2024', '2025', '2026']);
    for (const [year, n] of perYear) expect(counters[`case:${year}`]).toBe(n);
  });

  it('has hundreds of hazards, demands and petitions a year, winter peaks, and more at the lower tiers', async () => {
    const total = await countCases((eb) => eb('cases.id', 'is not', null));
    expect(total).toBeGreaterThanOrEqual(3000);
    expect(total).toBeLessThanOrEqual(6000);
    const perType = Object.fromEntries(
      (await db.kysely.selectFrom('cases').select(['type', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('type').execute()).map((r) => [r.type, Number(r.n) / 3]),
    );
    expect(perType.hazard).toBeGreaterThan(300);
    expect(perType.hazard).toBeLessThan(800);
    expect(perType.demand).toBeGreaterThan(300);
    expect(perType.demand).toBeLessThan(900);
    expect(perType.petition).toBeGreaterThan(100);
    expect(perType.petition).toBeLessThan(300);
    expect(perType.dispute).toBeGreaterThan(80);
    expect(perType.minorCase).toBeGreaterThan(20);

    const monthly = async (code: string) => {
      const rows = await db.kysely.selectFrom('cases').innerJoin('case_categories', 'case_categories.id', 'cases.category_id').select('cases.created_at').where('case_categories.code', '=', code).execute();
      const months = new Array(12).fill(0) as number[];
      for (const r of rows) months[new Date(Date.parse(r.created_at) + 8 * 3_600_000).getUTCMonth()]++;
      return months;
    };
    const heating = await monthly('livelihood.heating');
    expect(heating[11] + heating[0] + heating[1]).toBeGreaterThan(150);
    expect(heating[5] + heating[6] + heating[7]).toBe(0);
    const snow = await monthly('cityAppearance.uncollectedSnow');
    expect(snow[3] + snow[4] + snow[5] + snow[6] + snow[7] + snow[8] + snow[9]).toBeLessThan(snow[11] + snow[0]);

    const byLowest = Object.fromEntries(
      (await db.kysely.selectFrom('cases').select(['lowest_tier', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('lowest_tier').execute()).map((r) => [r.lowest_tier, Number(r.n)]),
    );
    expect(byLowest.stairwell + byLowest.compound).toBeGreaterThan(byLowest.community);
    expect(byLowest.community).toBeGreaterThan(byLowest.subdistrict);
    expect(byLowest.subdistrict).toBeGreaterThan(byLowest.city ?? 0);
    // Escalations, SLA escalations, overdue marks, rework, disputed ratings, rejections, merges.
    const actions = Object.fromEntries(
      (await db.kysely.selectFrom('case_events').select(['action', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('action').execute()).map((r) => [r.action, Number(r.n)]),
    );
    for (const action of ['escalate', 'overdue', 'summon', 'referralResponded', 'requestExtension', 'approveExtension', 'requestReturn', 'suspend', 'resume', 'merge', 'mergedFrom', 'reject', 'reopen', 'followUp', 'rate', 'comment']) {
      expect(actions[action] ?? 0, action).toBeGreaterThan(0);
    }
    const slaEscalations = await db.kysely.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'escalate').where('actor_role', '=', 'system').executeTakeFirstOrThrow();
    expect(Number(slaEscalations.n)).toBeGreaterThan(20);
    const ratings = await db.kysely.selectFrom('cases').select(['rating']).where('feedback', '=', 'confirmed').execute();
    expect(ratings.filter((r) => r.rating! >= 4).length / ratings.length).toBeGreaterThan(0.8);
  });

  it('holds the article’s figures as queries over the cases', async () => {
    const handling = (eb: Eb) => eb('cases.closed_via', '=', 'handling');
    const figures = {
      pressingProblemsResolved: await countCases((eb) => eb.and([isResolved(eb), eb('cases.type', '=', 'demand'), handling(eb), hasReferral(eb)])),
      casesSolvedByDeliberation: await countCases((eb) => eb.and([isResolved(eb), eb('cases.closed_via', '=', 'deliberation')])),
      propertyDisputesMediated: await countCases((eb) =>
        eb.and([isResolved(eb), eb('cases.category_id', '=', eb.selectFrom('case_categories').select('id').where('code', '=', 'disputes.propertyDispute'))]),
      ),
      cobuildHazardsResolved: await countCases((eb) => eb.and([isResolved(eb), eb('cases.type', '=', 'hazard'), handling(eb), hasReferral(eb)])),
      demandsResolved: await countCases((eb) => eb.and([isResolved(eb), eb('cases.type', '=', 'demand'), handling(eb), eb.not(hasReferral(eb))])),
      petitionCasesResolved: await countCases((eb) => eb.and([isResolved(eb), eb('cases.type', '=', 'petition'), hasReferral(eb, FOUR_OFFICES)])),
      petitionConflictsMediated: await countCases((eb) => eb.and([isResolved(eb), eb('cases.type', '=', 'petition'), eb.not(hasReferral(eb))])),
      hazardsFound: await countCases((eb) => eb.and([eb('cases.type', '=', 'dispute'), eb('cases.channel', 'in', ['patrol', 'steward'])])),
      skippedLevelPetitions: await countCases((eb) => eb.and([eb('cases.type', '=', 'petition'), eb('cases.is_skipped_level', '=', 1)])),
      civilToCriminalCases: await countCases((eb) => eb('cases.is_criminal_risk', '=', 1)),
    };
    expect(figures).toEqual(DEMO_CASE_FIGURES);
    // The pressing problems are exactly the 吃水/供暖/弃管楼/老旧楼 categories.
    const pressingByCategory = await countCases((eb) =>
      eb.and([isResolved(eb), eb('cases.category_id', 'in', eb.selectFrom('case_categories').select('id').where('code', 'in', ['livelihood.drinkingWater', 'livelihood.heating', 'livelihood.abandonedProperty', 'livelihood.oldBuildingRepair']))]),
    );
    expect(pressingByCategory).toBe(DEMO_CASE_FIGURES.pressingProblemsResolved);
  });

  it('leaves open cases, some overdue, in the inboxes of the demo accounts', async () => {
    const repo = casesRepository(db.kysely);
    const nowIso = NOW.toISOString();
    const secretary = await actorOf('demo-secretary');
    const community = await repo.inbox('community', secretary.scopePaths, 100);
    expect(community.length).toBeGreaterThanOrEqual(3);
    expect(community.some((c) => c.due_at !== null && c.due_at < nowIso)).toBe(true);
    expect(secretary.scopePaths).toEqual([(await pathOf('231085100001')).path]);
    const worker = await actorOf('demo-gridworker');
    const compound = await repo.inbox('compound', worker.scopePaths, 100);
    expect(compound.length).toBeGreaterThanOrEqual(3);
    expect(compound.some((c) => c.due_at !== null && c.due_at < nowIso)).toBe(true);
    expect(compound.some((c) => c.pending_request !== null)).toBe(true);
    const steward = await actorOf('demo-steward');
    const stairwell = await repo.inbox('stairwell', steward.scopePaths, 100);
    expect(stairwell.length).toBeGreaterThanOrEqual(2);
    expect(stairwell.some((c) => c.due_at !== null && c.due_at < nowIso)).toBe(true);
    expect((await repo.inbox('subdistrict', (await actorOf('demo-cadre')).scopePaths, 100)).length).toBeGreaterThanOrEqual(2);
    const city = await repo.inbox('city', ['/', (await pathOf('231085')).path], 100);
    expect(city.some((c) => c.due_at !== null && c.due_at < nowIso)).toBe(true);
    const triage = await db.kysely.selectFrom('cases').select(['lng', 'lat']).where('handling_path', '=', '/').where('is_open', '=', 1).execute();
    expect(triage.length).toBeGreaterThanOrEqual(1);
    expect(await ctx.locator.locate(triage[0].lng!, triage[0].lat!)).toBeUndefined();
    // The demo department officer is on the police station's list, with its open referrals.
    const officer = await actorOf('demo-departmentofficer');
    const departments = await repo.departmentsOf(officer.userId);
    expect((await repo.referralInbox(departments, 100)).length).toBeGreaterThanOrEqual(1);
    // The demo resident's own reports: rated, one awaiting the rating, one open.
    const mine = await db.kysely.selectFrom('cases').select(['state']).where('reporter_user_id', '=', (await actorOf('demo-resident')).userId).execute();
    expect(mine.length).toBeGreaterThanOrEqual(5);
    expect(mine.filter((c) => c.state === 'closed')).toHaveLength(1);
    expect(mine.some((c) => isOpenState(c.state))).toBe(true);
    // Nothing for the sweeper to do at load time: overdue marks are there, escalations not yet due.
    expect(await sweepSla({ ctx, at: NOW })).toMatchObject({ markedOverdue: 0, escalated: 0 });
  });

  it('puts every mapped case where the point → grid index finds it', async () => {
    const located = await db.kysely.selectFrom('cases').select(['grid_id', 'lng', 'lat', 'number']).where('lng', 'is not', null).where('grid_id', 'is not', null).orderBy('number').execute();
    const wrong: string[] = [];
    for (const c of located.filter((_, i) => i % 10 === 0)) {
      const hit = await ctx.locator.locate(c.lng!, c.lat!);
      if (hit?.id !== c.grid_id) wrong.push(c.number);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses to load the cases twice', async () => {
    await expect(loadDemoCases({ db, cipher, world, now: NOW })).rejects.toThrow(/already has cases/);
  });

  it('continues with the next number and the real workflow after loading', async () => {
    const last = await db.kysely.selectFrom('counters').select('value').where('key', '=', 'case:2026').executeTakeFirstOrThrow();
    const category = await db.kysely.selectFrom('case_categories').select('id').where('code', '=', 'publicFacilities.streetLight').executeTakeFirstOrThrow();
    ctx.clock = fixedClock(new Date(NOW.getTime() + 60_000));
    const { id } = await createCase({ ctx, actor: undefined, channel: 'web', input: { categoryId: category.id, description: '路灯不亮', gridId: (await pathOf('231085100001001')).id, reporterPhone: '13800001234' } });
    const created = await db.kysely.selectFrom('cases').select('number').where('id', '=', id).executeTakeFirstOrThrow();
    expect(created.number).toBe(`2026-${String(last.value + 1).padStart(6, '0')}`);
    // A burst of reports committed together: consecutive numbers, and a retried key gives the original.
    const otherGrid = (await pathOf('231085100001002')).id;
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createCase({ ctx, actor: undefined, channel: 'web', idempotencyKey: i < 2 ? 'burst-same-key' : `burst-${i}`, input: { categoryId: category.id, description: `路灯不亮 ${i}`, gridId: otherGrid, reporterPhone: '13800001234' } }),
      ),
    );
    // Either of the two same-key requests may win the race (PostgreSQL runs them in parallel); the other gets its case.
    expect(burst[1].id).toBe(burst[0].id);
    expect([burst[0].isReplay, burst[1].isReplay].sort()).toEqual([false, true]);
    const numbers = (await db.kysely.selectFrom('cases').select('number').where('id', 'in', burst.map((b) => b.id)).execute()).map((r) => r.number).sort();
    expect(numbers).toEqual(Array.from({ length: 19 }, (_, i) => `2026-${String(last.value + 2 + i).padStart(6, '0')}`));

    // The steward's fresh report takes the next step of the state machine on top of the loaded log.
    const steward = await actorOf('demo-steward');
    const [fresh] = (await casesRepository(db.kysely).inbox('stairwell', steward.scopePaths, 100)).filter((c) => c.state === 'reported');
    const accepted = await transitionCase({ ctx, actor: steward, caseId: fresh.id, action: 'accept', version: fresh.version });
    expect(accepted).toMatchObject({ state: 'accepted', version: fresh.version + 1 });
    // The resident rates the report that waits for it.
    const resident = await actorOf('demo-resident');
    const waiting = await db.kysely.selectFrom('cases').select(['id', 'version']).where('reporter_user_id', '=', resident.userId).where('state', '=', 'closed').executeTakeFirstOrThrow();
    const rated = await transitionCase({ ctx, actor: resident, caseId: waiting.id, action: 'rate', version: waiting.version, data: { feedback: 'confirmed', rating: 5 } });
    expect(rated).toMatchObject({ state: 'rated', rating: 5 });
  });
});
