import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { buildMemberAccount, call, ok } from '../cobuild/test-factories.js';

let h: TestHarness;
let world: World;
let secretary: Record<string, string>;
const members: Record<string, string>[] = [];
const personIds: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  h.clock.set(new Date('2026-03-02T01:00:00Z'));
  secretary = await h.login('sec-a');
  for (const [i, name] of ['钱一', '钱二', '钱三', '钱四'].entries()) {
    const { person } = await buildMemberAccount(h, { username: `vol-${i}`, name, grid: i % 2 ? world.stairA2 : world.stairA1, scope: world.commA });
    personIds.push(person.id);
    members.push(await h.login(`vol-${i}`));
  }
});
afterAll(() => h.close());

const reason = (res: { json(): { errors: { reason: string }[] } }) => res.json().errors[0]?.reason;

/** An activity 08:00–12:00 on Monday 2 March (local), at 民主家园's centre. */
async function activity(overrides: Record<string, unknown> = {}) {
  return (await ok(h, secretary, 'POST', '/api/volunteers/activities', {
    title: '清扫楼道', theme: 'environment', gridId: world.compoundA1.id, place: '民主家园', startsAt: '2026-03-02T00:00:00Z', endsAt: '2026-03-02T04:00:00Z', capacity: 10, ...overrides,
  })).id as string;
}
const codeOf = async (id: string) => (await ok(h, secretary, 'GET', `/api/volunteers/activities/${id}`)).checkinCode as string;

describe('sign-up with capacity and a waiting list', () => {
  it('puts the one past capacity on the waiting list (not an error) and moves them up when a place frees', async () => {
    h.clock.set(new Date('2026-03-01T02:00:00Z'));
    const id = await activity({ capacity: 2, startsAt: '2026-03-03T00:00:00Z', endsAt: '2026-03-03T03:00:00Z' });
    expect((await ok(h, members[0], 'POST', `/api/volunteers/activities/${id}/signup`)).state).toBe('confirmed');
    expect((await ok(h, members[1], 'POST', `/api/volunteers/activities/${id}/signup`)).state).toBe('confirmed');
    const third = await ok(h, members[2], 'POST', `/api/volunteers/activities/${id}/signup`);
    expect(third).toMatchObject({ state: 'waitlisted', waitlistPosition: 1 });
    expect(reason(await call(h, members[2], 'POST', `/api/volunteers/activities/${id}/signup`))).toBe('alreadySignedUp');
    const view = await ok(h, members[2], 'GET', `/api/volunteers/activities/${id}`);
    expect(view).toMatchObject({ confirmed: 2, waitlisted: 1, mySignup: { state: 'waitlisted', waitlistPosition: 1 }, checkinCode: null, signups: [] });

    await ok(h, members[0], 'POST', `/api/volunteers/activities/${id}/signup/cancel`);
    expect((await ok(h, members[2], 'GET', `/api/volunteers/activities/${id}`)).mySignup.state).toBe('confirmed');
    // More places move the waiting list up; fewer than those confirmed are refused.
    expect((await ok(h, members[0], 'POST', `/api/volunteers/activities/${id}/signup`)).state).toBe('waitlisted');
    const shrink = await call(h, secretary, 'PATCH', `/api/volunteers/activities/${id}`, { capacity: 1 });
    expect(shrink.statusCode).toBe(409);
    expect(reason(shrink)).toBe('capacityBelowConfirmed');
    await ok(h, secretary, 'PATCH', `/api/volunteers/activities/${id}`, { capacity: 3 });
    expect((await ok(h, members[0], 'GET', `/api/volunteers/activities/${id}`)).mySignup.state).toBe('confirmed');
  });

  it('gives the last place to exactly one of two people signing up at once', async () => {
    h.clock.set(new Date('2026-03-01T02:00:00Z'));
    const id = await activity({ capacity: 1, startsAt: '2026-03-04T00:00:00Z', endsAt: '2026-03-04T03:00:00Z' });
    const results = await Promise.all(members.slice(0, 3).map((m) => ok(h, m, 'POST', `/api/volunteers/activities/${id}/signup`)));
    expect(results.map((r) => r.state).sort()).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    expect(results.filter((r) => r.state === 'waitlisted').map((r) => r.waitlistPosition).sort()).toEqual([1, 2]);
  });
});

describe('check-in and check-out', () => {
  it('refuses checking in outside the window, twice, with a wrong code, too far, or from the waiting list', async () => {
    h.clock.set(new Date('2026-03-01T20:00:00Z'));
    const id = await activity({ capacity: 1 });
    await ok(h, members[0], 'POST', `/api/volunteers/activities/${id}/signup`);
    await ok(h, members[1], 'POST', `/api/volunteers/activities/${id}/signup`);
    const code = await codeOf(id);
    // 04:00 local: long before the 08:00 start.
    const early = await call(h, members[0], 'POST', `/api/volunteers/activities/${id}/check-in`, { code });
    expect(early.statusCode).toBe(409);
    expect(early.json().errors[0]).toMatchObject({ reason: 'outsideActivityWindow', message: '不在签到签退时间内（2026-03-02 07:30 至 2026-03-02 12:00）' });
    h.clock.set(new Date('2026-03-01T23:45:00Z'));
    expect(reason(await call(h, members[1], 'POST', `/api/volunteers/activities/${id}/check-in`, { code }))).toBe('onWaitingList');
    const wrong = await call(h, members[0], 'POST', `/api/volunteers/activities/${id}/check-in`, { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(reason(wrong)).toBe('wrongCheckinCode');
    const far = await call(h, members[0], 'POST', `/api/volunteers/activities/${id}/check-in`, { code, lng: 130.6, lat: 44.95 });
    expect(far.statusCode).toBe(409);
    expect(reason(far)).toBe('tooFarFromActivity');
    await ok(h, members[0], 'POST', `/api/volunteers/activities/${id}/check-in`, { code, lng: 130.4251, lat: 44.8501 });
    const twice = await call(h, members[0], 'POST', `/api/volunteers/activities/${id}/check-in`, { code });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors[0].message).toBe('已于 2026-03-02 07:45 签到，不能重复签到');
    expect(reason(await call(h, members[0], 'POST', `/api/volunteers/activities/${id}/signup/cancel`))).toBe('alreadyCheckedIn');
    // After the end nobody checks in; check-out stays open two hours.
    h.clock.set(new Date('2026-03-02T05:00:00Z'));
    expect(reason(await call(h, members[0], 'POST', `/api/volunteers/activities/${id}/check-in`, { code }))).toBe('alreadyCheckedIn');
    await ok(h, members[0], 'POST', `/api/volunteers/activities/${id}/check-out`, {});
    expect(reason(await call(h, members[0], 'POST', `/api/volunteers/activities/${id}/check-out`, {}))).toBe('alreadyCheckedOut');
    h.clock.set(new Date('2026-03-02T06:30:00Z'));
    const id2 = await activity({ startsAt: '2026-03-02T06:30:00Z', endsAt: '2026-03-02T07:00:00Z' });
    await ok(h, members[1], 'POST', `/api/volunteers/activities/${id2}/signup`);
    expect(reason(await call(h, members[1], 'POST', `/api/volunteers/activities/${id2}/check-out`, {}))).toBe('notCheckedIn');
    h.clock.set(new Date('2026-03-02T07:00:01Z'));
    expect(reason(await call(h, members[1], 'POST', `/api/volunteers/activities/${id2}/check-in`, { code: await codeOf(id2) }))).toBe('outsideActivityWindow');
  });
});

describe('hours on the ledger', () => {
  it('counts unverified hours nowhere; credits verified ones once; corrections are entries, balances sums', async () => {
    h.clock.set(new Date('2026-03-02T00:10:00Z'));
    const id = await activity({ title: '冬季扫雪', theme: 'snowClearing' });
    for (const m of members.slice(0, 3)) await ok(h, m, 'POST', `/api/volunteers/activities/${id}/signup`);
    const code = await codeOf(id);
    for (const m of members.slice(0, 3)) await ok(h, m, 'POST', `/api/volunteers/activities/${id}/check-in`, { code });
    h.clock.set(new Date('2026-03-02T03:10:00Z'));
    for (const m of members.slice(0, 2)) await ok(h, m, 'POST', `/api/volunteers/activities/${id}/check-out`, {});

    const figuresBefore = await ok(h, secretary, 'GET', '/api/volunteers/figures');
    const meBefore = await ok(h, members[0], 'GET', '/api/volunteers/me');
    expect(meBefore.balance).toEqual({ hours: 0, points: 0 });
    expect((await ok(h, members[0], 'GET', '/api/volunteers/me/certificate?year=2026')).hours).toBe(0);

    const detail = await ok(h, secretary, 'GET', `/api/volunteers/activities/${id}`);
    const signupOf = (i: number) => detail.signups.find((s: { person: { id: string } }) => s.person.id === personIds[i]);
    expect(signupOf(0).suggestedHours).toBe(3);
    const tooLong = await call(h, secretary, 'POST', `/api/volunteers/activities/${id}/verify`, { entries: [{ signupId: signupOf(0).id, hours: 5 }] });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0]).toMatchObject({ reason: 'hoursOutOfRange', message: '时长应在 0 到 4 小时之间' });
    const verified = await ok(h, secretary, 'POST', `/api/volunteers/activities/${id}/verify`, {
      entries: [{ signupId: signupOf(0).id }, { signupId: signupOf(1).id, hours: 3.5 }, { signupId: signupOf(2).id, isApproved: false, note: '签到后离开' }],
      outputs: [{ metric: 'snowAndRubbish', quantity: 25.5 }],
    });
    expect(verified).toEqual({ credited: 2, outputs: 1 });
    const again = await call(h, secretary, 'POST', `/api/volunteers/activities/${id}/verify`, { entries: [{ signupId: signupOf(0).id, hours: 1 }] });
    expect(again.statusCode).toBe(409);
    expect(reason(again)).toBe('alreadyVerified');

    expect((await ok(h, members[0], 'GET', '/api/volunteers/me')).balance).toEqual({ hours: 3, points: 30 });
    expect((await ok(h, members[2], 'GET', '/api/volunteers/me')).balance).toEqual({ hours: 0, points: 0 });
    const figures = await ok(h, secretary, 'GET', '/api/volunteers/figures');
    expect(figures.verifiedHours - figuresBefore.verifiedHours).toBe(6.5);
    expect(figures.snowAndRubbishClearedM3 - figuresBefore.snowAndRubbishClearedM3).toBe(25.5);

    // 3.5 was too much: a correction entry of −0.5 (the credit stays), the balance follows.
    const correction = await ok(h, secretary, 'POST', `/api/volunteers/signups/${signupOf(1).id}/correct`, { hours: 3, reason: '签退时间有误' });
    expect(correction).toMatchObject({ hours: -0.5, points: -5 });
    const me1 = await ok(h, members[1], 'GET', '/api/volunteers/me');
    expect(me1.balance).toEqual({ hours: 3, points: 30 });
    expect(me1.entries.map((e: { kind: string; hours: number }) => [e.kind, e.hours])).toEqual(expect.arrayContaining([['credit', 3.5], ['correction', -0.5]]));
    const rows = await h.ctx.db.kysely.selectFrom('volunteer_ledger').selectAll().where('signup_id', '=', signupOf(1).id).execute();
    expect(rows).toHaveLength(2);
    expect(reason(await call(h, secretary, 'POST', `/api/volunteers/signups/${signupOf(1).id}/correct`, { hours: 3, reason: '再改' }))).toBe('nothingToCorrect');
    // The database itself refuses a second credit for one attendance.
    await expect(
      h.ctx.db.kysely.insertInto('volunteer_ledger').values({ ...rows.find((r) => r.kind === 'credit')!, id: 'dup-credit' }).execute(),
    ).rejects.toThrow();

    const certificate = await ok(h, members[1], 'GET', '/api/volunteers/me/certificate?year=2026');
    expect(certificate).toMatchObject({ hours: 3, points: 30, activities: 1, community: '民主社区', year: 2026 });
    expect(certificate.serial).toMatch(/^GG-2026-[0-9A-F]{12}$/);
    expect(certificate.items).toEqual([{ title: '冬季扫雪', date: '2026-03-02', hours: 3 }]);
  });

  it('counts decorated stairwells and their buildings from outputs; a voided output counts nowhere', async () => {
    h.clock.set(new Date('2026-03-02T02:00:00Z'));
    const id = await activity({ title: '打造楼道文化', theme: 'stairwellCulture' });
    const missing = await call(h, secretary, 'POST', `/api/volunteers/activities/${id}/verify`, { entries: [], outputs: [{ metric: 'stairwellCulture', quantity: 1 }] });
    expect(reason(missing)).toBe('stairwellRequired');
    const notStairwell = await call(h, secretary, 'POST', `/api/volunteers/activities/${id}/verify`, { entries: [], outputs: [{ metric: 'stairwellCulture', quantity: 1, gridId: world.buildingA1.id }] });
    expect(reason(notStairwell)).toBe('stairwellRequired');
    const before = await ok(h, secretary, 'GET', '/api/volunteers/figures');
    await ok(h, secretary, 'POST', `/api/volunteers/activities/${id}/verify`, {
      entries: [], outputs: [{ metric: 'stairwellCulture', quantity: 1, gridId: world.stairA1.id }, { metric: 'stairwellCulture', quantity: 1, gridId: world.stairA2.id }, { metric: 'alleyRepair', quantity: 35 }],
    });
    const after = await ok(h, secretary, 'GET', '/api/volunteers/figures');
    expect(after.stairwellCultureUnits - before.stairwellCultureUnits).toBe(2);
    expect(after.stairwellCultureBuildings - before.stairwellCultureBuildings).toBe(1);
    expect(after.alleysRepairedM - before.alleysRepairedM).toBe(35);
    const alley = (await ok(h, secretary, 'GET', `/api/volunteers/activities/${id}`)).outputs.find((o: { metric: string }) => o.metric === 'alleyRepair');
    await ok(h, secretary, 'POST', `/api/volunteers/outputs/${alley.id}/void`, { reason: '与上次重复登记' });
    expect((await ok(h, secretary, 'GET', '/api/volunteers/figures')).alleysRepairedM).toBe(before.alleysRepairedM);
  });

  it('does not verify an activity before it starts', async () => {
    h.clock.set(new Date('2026-03-01T02:00:00Z'));
    const id = await activity({ startsAt: '2026-03-05T00:00:00Z', endsAt: '2026-03-05T02:00:00Z' });
    expect(reason(await call(h, secretary, 'POST', `/api/volunteers/activities/${id}/verify`, { entries: [] }))).toBe('activityNotStarted');
  });
});

describe('teams and care visits', () => {
  it('lets members join a branch of their community and shows them its activities; staff see members with masked phones', async () => {
    const { id: teamId } = await ok(h, secretary, 'POST', '/api/volunteers/teams', { name: '民主社区关爱老人志愿服务党支部', kind: 'partyBranch', theme: 'elderCare', communityId: world.commA.id });
    await ok(h, members[0], 'POST', `/api/volunteers/teams/${teamId}/join`);
    expect(reason(await call(h, members[0], 'POST', `/api/volunteers/teams/${teamId}/join`))).toBe('alreadyInTeam');
    const list = await ok(h, members[0], 'GET', '/api/volunteers/teams?kind=partyBranch');
    expect(list.items.find((t: { id: string }) => t.id === teamId)).toMatchObject({ isMember: true, memberCount: 1, community: { name: '民主社区' } });
    const staffView = await ok(h, secretary, 'GET', `/api/volunteers/teams/${teamId}`);
    expect(staffView.members[0]).toMatchObject({ name: '钱一', role: 'member' });
    await ok(h, members[0], 'POST', `/api/volunteers/teams/${teamId}/leave`, {});
    expect((await ok(h, members[0], 'GET', '/api/volunteers/me')).teams.some((t: { id: string }) => t.id === teamId)).toBe(false);
    // A resident of a compound sees the community's teams too (the place above them).
    const resident = await h.login('resident');
    expect((await ok(h, resident, 'GET', '/api/volunteers/teams')).items.map((t: { id: string }) => t.id)).toContain(teamId);
  });

  it('records a winter visit with what was brought and a follow-up, and closes the follow-up once', async () => {
    const steward = await h.login('steward');
    const { id } = await ok(h, steward, 'POST', '/api/volunteers/care-visits', {
      visitedPersonId: world.people.zhang.id, visitedKind: 'partyMember', hardship: '独居老党员', campaign: 'winterSun', visitedOn: '2026-02-10',
      visitors: [{ name: '楼道红管家' }, { name: '穆棱市第一中学党支部' }], itemsBrought: '米、面、油、棉被', valueYuan: 600, needsFollowUp: true, followUpNote: '暖气不热，需联系热力公司',
    });
    const future = await call(h, steward, 'POST', '/api/volunteers/care-visits', { visitedPersonId: world.people.zhang.id, visitedKind: 'partyMember', campaign: 'winterSun', visitedOn: '2027-01-01', visitors: [{ name: '我' }] });
    expect(reason(future)).toBe('dateInFuture');
    const open = await ok(h, secretary, 'GET', '/api/volunteers/care-visits?followUp=open');
    expect(open.items.find((v: { id: string }) => v.id === id)).toMatchObject({ visitedName: '张三', campaign: 'winterSun', valueYuan: 600, needsFollowUp: true, followUpDoneAt: null });
    await ok(h, secretary, 'POST', `/api/volunteers/care-visits/${id}/follow-up-done`, { note: '已协调热力公司维修' });
    expect(reason(await call(h, secretary, 'POST', `/api/volunteers/care-visits/${id}/follow-up-done`, {}))).toBe('noFollowUpPending');
    const figures = await ok(h, secretary, 'GET', '/api/volunteers/figures');
    expect(figures.careVisits).toBeGreaterThanOrEqual(1);
    expect(figures.careVisitValueYuan).toBeGreaterThanOrEqual(600);
  });
});
