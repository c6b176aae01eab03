import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { publishPending } from '../../core/notifications/dispatcher.js';
import { ensureUpcomingMeetings } from './ensure-upcoming-meetings.js';
import { remindOverdueActionItems } from './remind-overdue-action-items.js';

let h: TestHarness;
let world: World;
let categories: Record<string, string>;
const headers: Record<string, Record<string, string>> = {};

/** The four-party council of 民主家园 with its seats and delegates, as the tests build it through the API. */
interface Council {
  id: string;
  orgs: Record<'communityParty' | 'socialOrg' | 'ownersCommittee' | 'propertyCompany', string>;
  members: Record<'party' | 'social' | 'owners' | 'property' | 'clerk', string>;
}
let council: Council;

/** Calls the API as a test user; sessions expire as the clock moves on, so a 401 signs in again once. */
async function api(who: string | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  const send = () => h.app.inject({ method, url, headers: who ? headers[who] : {}, payload: payload as never });
  const res = await send();
  if (res.statusCode !== 401 || !who) return res;
  headers[who] = await h.login(who);
  return send();
}

async function buildCouncil(): Promise<Council> {
  const org = async (name: string, kind: string) => (await api('sec-a', 'POST', '/api/deliberation/orgs', { name, kind, gridId: world.compoundA1.id })).json().id as string;
  const orgs = {
    communityParty: await org('民主社区党委', 'communityParty'),
    socialOrg: await org('邻里守望服务社', 'socialOrg'),
    ownersCommittee: await org('民主家园业主委员会', 'ownersCommittee'),
    propertyCompany: await org('安居物业服务有限公司', 'propertyCompany'),
  };
  const created = await api('sec-a', 'POST', '/api/deliberation/bodies', { kind: 'fourParty', name: '民主家园四方联动议事会', gridId: world.compoundA1.id, orgIds: Object.values(orgs), topicThreshold: 3 });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  const userId = async (username: string) => (await h.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const member = async (name: string, position: string, orgId: string | undefined, username: string) => {
    const res = await api('sec-a', 'POST', `/api/deliberation/bodies/${id}/members`, { name, position, orgId, userId: await userId(username), termStart: '2025-01-01' });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  return {
    id,
    orgs,
    members: {
      party: await member('社区书记', 'chair', orgs.communityParty, 'sec-a'),
      social: await member('社会组织代表', 'member', orgs.socialOrg, 'd-social'),
      owners: await member('业委会主任', 'member', orgs.ownersCommittee, 'd-owners'),
      property: await member('物业经理', 'member', orgs.propertyCompany, 'd-property'),
      clerk: await member('议事秘书', 'secretary', undefined, 'd-clerk'),
    },
  };
}

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  for (const [username, role] of [['d-social', 'orgContact'], ['d-owners', 'resident'], ['d-property', 'orgContact'], ['d-clerk', 'resident'], ['n1', 'resident'], ['n2', 'resident'], ['officer', 'departmentOfficer']] as const) {
    await buildUser(h.ctx, { username, role, scope: role === 'departmentOfficer' ? [world.town] : [world.compoundA1] });
  }
  for (const who of ['admin', 'cadre', 'sec-a', 'sec-b', 'resident', 'worker', 'd-social', 'd-owners', 'd-property', 'd-clerk', 'n1', 'n2', 'officer']) headers[who] = {};
  const cats = await h.ctx.db.kysely.selectFrom('case_categories').select(['id', 'code']).execute();
  categories = Object.fromEntries(cats.map((c) => [c.code, c.id]));
  council = await buildCouncil();
});
afterAll(() => h.close());

/** A meeting of the council at `startsAt`, started, with the given delegates checked in (by code or by the clerk). */
async function liveMeeting(present: (keyof Council['members'])[], title = '专题议事会') {
  const created = await api('sec-a', 'POST', '/api/deliberation/meetings', { bodyId: council.id, title, startsAt: h.ctx.clock.now().toISOString(), location: '民主家园党群服务站' });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  expect((await api('sec-a', 'POST', `/api/deliberation/meetings/${id}/actions/start`, {})).statusCode).toBe(200);
  for (const who of present) expect((await api('sec-a', 'POST', `/api/deliberation/meetings/${id}/attendance`, { memberId: council.members[who], isPresent: true })).statusCode).toBe(200);
  return id;
}

async function caseAt(description: string) {
  const res = await api('resident', 'POST', '/api/cases', { categoryId: categories['neighbourhood.fireLaneBlocked'], description, lng: 130.412, lat: 44.815 });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; number: string };
}

describe('Done when: a fire-lane topic becomes a resolution that closes the case', () => {
  it('goes from supports to the agenda beside the case, four seat votes, two action items done, and the case closed through deliberation', async () => {
    h.clock.set(new Date('2026-03-02T01:00:00Z'));
    const fireLane = await caseAt('3号楼东侧消防通道长期被私家车占用');

    // A resident proposes; two neighbours support; the third support reaches the threshold of 3.
    const proposed = await api('resident', 'POST', '/api/deliberation/topics', { title: '私家车堵塞消防通道', description: '晚上七点以后3号楼东侧消防通道停满私家车，消防车进不来，建议划线并安装地锁。' });
    expect(proposed.statusCode).toBe(201);
    const topicId = proposed.json().id as string;
    expect((await api('n1', 'POST', `/api/deliberation/topics/${topicId}/supports`)).json()).toMatchObject({ supportCount: 2, state: 'open' });
    expect((await api('n1', 'POST', `/api/deliberation/topics/${topicId}/supports`)).statusCode).toBe(409);
    // No meeting is planned yet: the topic waits in the queue.
    expect((await api('n2', 'POST', `/api/deliberation/topics/${topicId}/supports`)).json()).toMatchObject({ supportCount: 3, state: 'queued' });

    // The secretary calls the council for Friday; the queued topic lands on its agenda, and she adds the open case beside it.
    const meetingRes = await api('sec-a', 'POST', '/api/deliberation/meetings', { bodyId: council.id, title: '民主家园四方联动议事会（3月）', startsAt: '2026-03-06T06:30:00Z', location: '民主家园党群服务站' });
    const meetingId = meetingRes.json().id as string;
    let meeting = (await api('sec-a', 'GET', `/api/deliberation/meetings/${meetingId}`)).json();
    expect(meeting.agenda).toHaveLength(1);
    expect(meeting.agenda[0]).toMatchObject({ kind: 'topic', topic: { id: topicId, supportCount: 3 } });
    expect((await api('resident', 'GET', `/api/deliberation/topics/${topicId}`)).json()).toMatchObject({ state: 'onAgenda', meeting: { id: meetingId } });
    // The proposer hears that the topic is on the agenda; the delegates with accounts get the invitation.
    await publishPending(h.ctx);
    const told = await h.ctx.db.kysely.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select(['users.username', 'notifications.topic']).where('notifications.topic', 'in', ['topic.onAgenda', 'meeting.scheduled']).execute();
    expect(told.filter((n) => n.topic === 'topic.onAgenda').map((n) => n.username)).toEqual(['resident']);
    expect(told.filter((n) => n.topic === 'meeting.scheduled').map((n) => n.username).sort()).toEqual(['d-clerk', 'd-owners', 'd-property', 'd-social', 'sec-a']);
    expect(JSON.stringify((await api('resident', 'GET', '/api/notifications')).json())).toContain('已列入议事会议程');
    const caseItem = await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/agenda`, { kind: 'case', caseNumber: fireLane.number });
    expect(caseItem.statusCode).toBe(201);
    meeting = (await api('sec-a', 'GET', `/api/deliberation/meetings/${meetingId}`)).json();
    expect(meeting.agenda.map((a: { kind: string }) => a.kind)).toEqual(['topic', 'case']);
    expect(meeting.agenda[1].case).toMatchObject({ number: fireLane.number, state: 'reported' });
    expect(meeting.attendance).toHaveLength(5);

    // Friday: the meeting starts; the four delegates check in with the code.
    h.clock.set(new Date('2026-03-06T06:25:00Z'));
    const code = meeting.checkinCode as string;
    expect(code).toMatch(/^\d{6}$/);
    expect((await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/actions/start`, {})).statusCode).toBe(200);
    for (const who of ['sec-a', 'd-social', 'd-owners', 'd-property']) {
      const res = await api(who, 'POST', `/api/deliberation/meetings/${meetingId}/check-in`, { code, via: 'qr' });
      expect(`${who} ${res.statusCode}`).toBe(`${who} 200`);
    }
    expect((await api('n1', 'POST', `/api/deliberation/meetings/${meetingId}/check-in`, { code })).statusCode).toBe(403);

    // One motion on the topic and the case; the four seats vote by name and the result is computed.
    const motionRes = await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/motions`, {
      agendaItemIds: [meeting.agenda[0].id, meeting.agenda[1].id],
      text: '消防通道两侧施划禁停黄线、安装地锁，由物业负责实施；业委会负责告知业主并组织车位错峰共享。',
    });
    expect(motionRes.statusCode).toBe(201);
    const motionId = motionRes.json().id as string;
    for (const who of ['sec-a', 'd-social', 'd-owners', 'd-property']) expect((await api(who, 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'yes' })).statusCode).toBe(201);
    const live = (await api('d-clerk', 'GET', `/api/deliberation/meetings/${meetingId}`)).json();
    expect(live.motions[0]).toMatchObject({ isLive: true, tally: { yes: 4, present: 4, eligible: 4, outcome: 'passed' } });
    expect(live.motions[0].votes.map((v: { voterName: string }) => v.voterName).sort()).toEqual(['业委会主任', '物业经理', '社会组织代表', '社区书记'].sort());
    const decided = await api('sec-a', 'POST', `/api/deliberation/motions/${motionId}/decide`);
    expect(decided.json().tally).toMatchObject({ outcome: 'passed', yes: 4, no: 0, abstain: 0 });
    const resolutionId = decided.json().resolutionId as string;
    expect(resolutionId).toBeTruthy();
    expect((await api('resident', 'GET', `/api/deliberation/topics/${topicId}`)).json().state).toBe('decided');

    // Two action items: the property company and the owners' committee.
    const item = async (title: string, ownerOrgId: string) => {
      const res = await api('sec-a', 'POST', `/api/deliberation/resolutions/${resolutionId}/action-items`, { title, ownerOrgId, dueOn: '2026-03-20' });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    const lines = await item('施划禁停黄线并安装地锁', council.orgs.propertyCompany);
    const notice = await item('告知全体业主并组织车位错峰共享', council.orgs.ownersCommittee);
    expect((await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/actions/close`, {})).statusCode).toBe(200);

    // Each owner reports from their own account; the case stays open until the last item is done.
    expect((await api('d-property', 'PATCH', `/api/deliberation/action-items/${lines}`, { progress: 50, note: '黄线已施划' })).json()).toMatchObject({ resolutionDone: false });
    expect((await api('d-owners', 'PATCH', `/api/deliberation/action-items/${lines}`, { state: 'done' })).statusCode).toBe(403);
    expect((await api('d-property', 'PATCH', `/api/deliberation/action-items/${lines}`, { state: 'done' })).statusCode).toBe(200);
    let resolution = (await api('sec-a', 'GET', `/api/deliberation/resolutions/${resolutionId}`)).json();
    expect(resolution).toMatchObject({ state: 'inProgress', progress: 50 });
    expect(resolution.cases[0]).toMatchObject({ number: fireLane.number, state: 'reported' });
    h.clock.set(new Date('2026-03-12T02:00:00Z'));
    const last = await api('d-owners', 'PATCH', `/api/deliberation/action-items/${notice}`, { state: 'done', note: '已在业主群公告并张贴' });
    expect(last.json()).toMatchObject({ resolutionDone: true, closedCases: [{ number: fireLane.number, isClosed: true, state: 'closed' }] });

    resolution = (await api('sec-a', 'GET', `/api/deliberation/resolutions/${resolutionId}`)).json();
    expect(resolution).toMatchObject({ state: 'done', progress: 100, cases: [{ number: fireLane.number, state: 'closed', closedVia: 'deliberation', isClosedByThis: true }] });
    const closedCase = (await api('sec-a', 'GET', `/api/cases/${fireLane.id}`)).json();
    expect(closedCase).toMatchObject({ state: 'closed', closedVia: 'deliberation' });
    expect(closedCase.timeline.at(-1)).toMatchObject({ action: 'closeByResolution', to: 'closed', data: { resolutionId } });
    expect(closedCase.allowedActions).not.toContain('closeByResolution');
    const row = await h.ctx.db.kysely.selectFrom('cases').select(['resolution_id', 'closed_via', 'is_open']).where('id', '=', fireLane.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ resolution_id: resolutionId, closed_via: 'deliberation', is_open: 0 });
    const stats = (await api('sec-a', 'GET', '/api/deliberation/stats')).json();
    expect(stats.casesClosedByDeliberation).toBe(1);
  });

  it('has the monthly joint meetings of the next three months at all four levels', async () => {
    h.clock.set(new Date('2026-03-02T01:00:00Z'));
    const levels = [
      ['admin', world.city.id, '穆棱市党建联席会议'],
      ['cadre', world.town.id, '八面通镇党建联席会议'],
      ['sec-a', world.commA.id, '民主社区党建联席会议'],
      ['sec-a', world.compoundA1.id, '民主家园网格党建联席会议'],
    ] as const;
    for (const [who, gridId, name] of levels) expect((await api(who, 'POST', '/api/deliberation/bodies', { kind: 'jointMeeting', name, gridId })).statusCode).toBe(201);
    const first = await ensureUpcomingMeetings(h.ctx, h.ctx.clock.now());
    expect(first.created).toBeGreaterThanOrEqual(12);
    expect((await ensureUpcomingMeetings(h.ctx, h.ctx.clock.now())).created).toBe(0);
    const meetings = (await api('admin', 'GET', `/api/deliberation/meetings?kind=jointMeeting&from=2026-03-02T00:00:00Z&to=2026-07-01T00:00:00Z`)).json().items as { bodyLevel: string; startsAt: string; state: string }[];
    for (const level of ['city', 'subdistrict', 'community', 'grid']) {
      const months = new Set(meetings.filter((m) => m.bodyLevel === level).map((m) => m.startsAt.slice(0, 7)));
      for (const month of ['2026-04', '2026-05', '2026-06']) expect(`${level} ${month} ${months.has(month)}`).toBe(`${level} ${month} true`);
    }
    expect(meetings.every((m) => m.state === 'scheduled')).toBe(true);
    // A month later the window moves on by a month.
    h.clock.set(new Date('2026-04-02T01:00:00Z'));
    expect((await ensureUpcomingMeetings(h.ctx, h.ctx.clock.now())).created).toBe(4);
  });
});

describe('votes, quorum and results', () => {
  it('refuses a vote on a decided motion or after the meeting closed (409), from a non-member (403), and a second vote for a seat (409)', async () => {
    h.clock.set(new Date('2026-03-20T06:00:00Z'));
    const meetingId = await liveMeeting(['party', 'social', 'owners', 'property', 'clerk']);
    const agenda = await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/agenda`, { kind: 'other', title: '小区充电桩选址' });
    const motionId = (await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/motions`, { agendaItemIds: [agenda.json().id], text: '充电桩设在北门停车场' })).json().id as string;

    expect((await api('n1', 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'yes' })).statusCode).toBe(403);
    expect((await api('d-clerk', 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'yes' })).statusCode).toBe(403);
    expect((await api('d-property', 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'no' })).statusCode).toBe(201);
    const again = await api('sec-a', 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'yes', memberId: council.members.property });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0]).toMatchObject({ reason: 'seatAlreadyVoted' });
    // The clerk records a show of hands by name for the other seats.
    for (const who of ['party', 'social', 'owners'] as const) expect((await api('sec-a', 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'yes', memberId: council.members[who] })).statusCode).toBe(201);
    // A delegate may not record someone else's vote.
    expect((await api('d-social', 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'no', memberId: council.members.owners })).statusCode).toBe(403);

    const decided = (await api('sec-a', 'POST', `/api/deliberation/motions/${motionId}/decide`)).json();
    expect(decided.tally).toMatchObject({ outcome: 'passed', yes: 3, no: 1 });
    const late = await api('d-owners', 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'no' });
    expect(late.statusCode).toBe(409);
    expect(late.json().errors[0].reason).toBe('motionDecided');
    expect((await api('sec-a', 'POST', `/api/deliberation/motions/${motionId}/decide`)).statusCode).toBe(409);

    const second = (await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/motions`, { agendaItemIds: [agenda.json().id], text: '复议' })).json().id as string;
    expect((await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/actions/close`, {})).json().errors[0].reason).toBe('motionsStillOpen');
    await api('sec-a', 'POST', `/api/deliberation/motions/${second}/decide`);
    expect((await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/actions/close`, {})).statusCode).toBe(200);
    const closed = await api('d-owners', 'POST', `/api/deliberation/motions/${second}/votes`, { choice: 'yes' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().errors[0].reason).toBe('meetingClosed');
  });

  it('cannot pass without a quorum, and the result says why', async () => {
    h.clock.set(new Date('2026-03-21T06:00:00Z'));
    const meetingId = await liveMeeting(['party', 'property']);
    const agenda = await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/agenda`, { kind: 'other', title: '物业费调价' });
    const motionId = (await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/motions`, { agendaItemIds: [agenda.json().id], text: '物业费每平方米上调0.2元' })).json().id as string;
    // A delegate who is not checked in cannot vote.
    expect((await api('d-owners', 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'no' })).json().errors[0].reason).toBe('notCheckedIn');
    for (const who of ['sec-a', 'd-property']) expect((await api(who, 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'yes' })).statusCode).toBe(201);
    const decided = (await api('sec-a', 'POST', `/api/deliberation/motions/${motionId}/decide`)).json();
    expect(decided).toMatchObject({ resolutionId: null, tally: { outcome: 'noQuorum', reason: 'quorumNotMet', present: 2, eligible: 4, quorum: 3, yes: 2 } });
    const meeting = (await api('sec-a', 'GET', `/api/deliberation/meetings/${meetingId}`)).json();
    expect(meeting.motions[0].state).toBe('noQuorum');
    expect(meeting.resolutions).toHaveLength(0);
  });
});

describe('resolutions and action items', () => {
  let resolutionId: string;
  beforeAll(async () => {
    h.clock.set(new Date('2026-03-22T06:00:00Z'));
    const meetingId = await liveMeeting(['party', 'social', 'owners', 'property']);
    const agenda = await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/agenda`, { kind: 'other', title: '楼道杂物清理' });
    const motionId = (await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/motions`, { agendaItemIds: [agenda.json().id], text: '每月第一个周六集中清理楼道杂物' })).json().id as string;
    for (const who of ['party', 'social', 'owners', 'property'] as const) await api('sec-a', 'POST', `/api/deliberation/motions/${motionId}/votes`, { choice: 'yes', memberId: council.members[who] });
    resolutionId = (await api('sec-a', 'POST', `/api/deliberation/motions/${motionId}/decide`)).json().resolutionId;
  });

  it('answers 400 naming owner and deadline when an action item lacks them', async () => {
    const res = await api('sec-a', 'POST', `/api/deliberation/resolutions/${resolutionId}/action-items`, { title: '清理楼道' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`).sort()).toEqual(['dueOn:required', 'owner:ownerRequired']);
    expect(res.json().errors[0].message).not.toMatch(/^reasons\./);
    expect((await api('sec-a', 'POST', `/api/deliberation/resolutions/${resolutionId}/action-items`, { title: '清理楼道', ownerOrgId: council.orgs.socialOrg, dueOn: '2026-13-40' })).statusCode).toBe(400);
  });

  it('reminds the owner of an overdue item once a day through the outbox', async () => {
    const id = (await api('sec-a', 'POST', `/api/deliberation/resolutions/${resolutionId}/action-items`, { title: '组织志愿者清理楼道', ownerMemberId: council.members.social, dueOn: '2026-03-25' })).json().id;
    expect((await remindOverdueActionItems(h.ctx, new Date('2026-03-25T10:00:00Z'))).reminded).toBe(0);
    expect((await remindOverdueActionItems(h.ctx, new Date('2026-03-26T01:00:00Z'))).reminded).toBe(1);
    expect((await remindOverdueActionItems(h.ctx, new Date('2026-03-26T09:00:00Z'))).reminded).toBe(0);
    const events = await h.ctx.db.kysely.selectFrom('outbox').select(['payload', 'grid_path']).where('topic', '=', 'actionItem.overdue').execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({ actionItemId: id, ownerName: '社会组织代表', dueOn: '2026-03-25', daysOverdue: 1 });
    expect(events[0].grid_path).toBe(world.compoundA1.path);
    // The dispatcher tells the owner (the social organisation's delegate) and the chair and secretary.
    await publishPending(h.ctx);
    const overdue = await h.ctx.db.kysely.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select('users.username').where('notifications.topic', '=', 'actionItem.overdue').execute();
    expect(overdue.map((t) => t.username).sort()).toEqual(['d-clerk', 'd-social', 'sec-a']);
    const inbox = (await api('d-social', 'GET', '/api/notifications')).json();
    expect(JSON.stringify(inbox)).toContain('已逾期');
    h.clock.set(new Date('2026-03-27T01:00:00Z'));
    const board = (await api('d-social', 'GET', '/api/deliberation/action-items?state=overdue')).json();
    expect(board.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(board.items.find((i: { id: string }) => i.id === id)).toMatchObject({ isOverdue: true });
  });

  it('keeps minutes editable only during the meeting, or by the secretary for 72 hours after', async () => {
    h.clock.set(new Date('2026-03-28T06:00:00Z'));
    const meetingId = await liveMeeting(['party', 'social', 'owners', 'property']);
    expect((await api('d-clerk', 'PATCH', `/api/deliberation/meetings/${meetingId}`, { minutes: '# 议事纪要\n- 到会四方' })).statusCode).toBe(200);
    expect((await api('d-owners', 'PATCH', `/api/deliberation/meetings/${meetingId}`, { minutes: 'x' })).statusCode).toBe(403);
    await api('sec-a', 'POST', `/api/deliberation/meetings/${meetingId}/actions/close`, {});
    h.clock.set(new Date('2026-03-30T06:00:00Z'));
    expect((await api('d-clerk', 'PATCH', `/api/deliberation/meetings/${meetingId}`, { minutes: '# 议事纪要\n- 到会四方，**一致同意**' })).statusCode).toBe(200);
    expect((await api('cadre', 'PATCH', `/api/deliberation/meetings/${meetingId}`, { minutes: 'x' })).json().errors[0].reason).toBe('minutesLocked');
    h.clock.set(new Date('2026-04-01T07:00:00Z'));
    const late = await api('d-clerk', 'PATCH', `/api/deliberation/meetings/${meetingId}`, { minutes: '改' });
    expect(late.statusCode).toBe(409);
    expect(late.json().errors[0].reason).toBe('minutesLocked');
    expect((await api('sec-a', 'GET', `/api/deliberation/meetings/${meetingId}`)).json().minutes).toContain('一致同意');
  });
});

describe('bodies and seats', () => {
  it('keeps one seat of each of the four kinds on a council', async () => {
    const extra = (await api('sec-a', 'POST', '/api/deliberation/orgs', { name: '第二物业公司', kind: 'propertyCompany', gridId: world.compoundA1.id })).json().id;
    const res = await api('sec-a', 'POST', `/api/deliberation/bodies/${council.id}/seats`, { orgId: extra });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].reason).toBe('seatTaken');
    const partner = (await api('sec-a', 'POST', '/api/deliberation/orgs', { name: '穆棱市供电公司', kind: 'partner', gridId: world.compoundA1.id })).json().id;
    expect((await api('sec-a', 'POST', `/api/deliberation/bodies/${council.id}/seats`, { orgId: partner })).json().errors[0].reason).toBe('notAFourPartyKind');
    const body = (await api('sec-a', 'GET', `/api/deliberation/bodies/${council.id}`)).json();
    expect(body.seats.map((s: { seatKind: string }) => s.seatKind).sort()).toEqual(['communityParty', 'ownersCommittee', 'propertyCompany', 'socialOrg']);
    expect(body.members.find((m: { position: string }) => m.position === 'chair')).toMatchObject({ name: '社区书记', termStart: '2025-01-01', isCurrent: true });
  });

  it('validates the RRULE of a schedule', async () => {
    const res = await api('sec-a', 'POST', `/api/deliberation/bodies/${council.id}/series`, { rrule: 'every month', startTime: '09:00' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'rrule', reason: 'rruleInvalid' });
  });
});

describe('scope and permissions', () => {
  it('a secretary of another community sees 404 and is refused writes with 403', async () => {
    const meetingId = (await api('sec-a', 'GET', `/api/deliberation/meetings?bodyId=${council.id}`)).json().items[0].id as string;
    const resolutionId = (await api('sec-a', 'GET', '/api/deliberation/resolutions')).json().items[0].id as string;
    for (const url of [`/api/deliberation/bodies/${council.id}`, `/api/deliberation/meetings/${meetingId}`, `/api/deliberation/resolutions/${resolutionId}`]) {
      expect(`${url} ${(await api('sec-b', 'GET', url)).statusCode}`).toBe(`${url} 404`);
    }
    for (const list of ['/api/deliberation/bodies', '/api/deliberation/meetings', '/api/deliberation/resolutions', '/api/deliberation/action-items', '/api/deliberation/topics']) {
      const res = await api('sec-b', 'GET', list);
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
    }
    const writes: [string, 'POST' | 'PATCH', string, unknown][] = [
      ['body', 'PATCH', `/api/deliberation/bodies/${council.id}`, { topicThreshold: 1 }],
      ['member', 'POST', `/api/deliberation/bodies/${council.id}/members`, { name: 'x', position: 'member', orgId: council.orgs.socialOrg }],
      ['meeting', 'POST', '/api/deliberation/meetings', { bodyId: council.id, title: '越权会议', startsAt: '2026-05-01T01:00:00Z' }],
      ['agenda', 'POST', `/api/deliberation/meetings/${meetingId}/agenda`, { kind: 'other', title: 'x' }],
      ['action item', 'POST', `/api/deliberation/resolutions/${resolutionId}/action-items`, { title: 'x', ownerOrgId: council.orgs.socialOrg, dueOn: '2026-05-01' }],
      ['org', 'POST', '/api/deliberation/orgs', { name: '越权组织', kind: 'socialOrg', gridId: world.compoundA1.id }],
      ['topic', 'POST', '/api/deliberation/topics', { title: '越权议题测试', description: '越权议题测试', gridId: world.compoundA1.id }],
    ];
    for (const [what, method, url, payload] of writes) expect(`${what} ${(await api('sec-b', method, url, payload)).statusCode}`).toBe(`${what} 403`);
  });

  const routes: [method: 'GET' | 'POST' | 'PATCH', url: (ids: Record<string, string>) => string, forbidden: string, payload?: unknown][] = [
    ['GET', () => '/api/deliberation/stats', 'officer'],
    ['GET', () => '/api/deliberation/orgs', 'officer'],
    ['POST', () => '/api/deliberation/orgs', 'worker', { name: '某组织', kind: 'socialOrg', gridId: 'x' }],
    ['GET', () => '/api/deliberation/bodies', 'officer'],
    ['POST', () => '/api/deliberation/bodies', 'resident', { kind: 'fourParty', name: '某议事会', gridId: 'x' }],
    ['GET', (i) => `/api/deliberation/bodies/${i.body}`, 'officer'],
    ['PATCH', (i) => `/api/deliberation/bodies/${i.body}`, 'worker', { topicThreshold: 2 }],
    ['POST', (i) => `/api/deliberation/bodies/${i.body}/seats`, 'd-owners', { orgId: 'x' }],
    ['POST', (i) => `/api/deliberation/bodies/${i.body}/members`, 'd-owners', { name: 'x', position: 'member' }],
    ['PATCH', (i) => `/api/deliberation/members/${i.member}`, 'd-owners', { position: 'member' }],
    ['POST', (i) => `/api/deliberation/bodies/${i.body}/series`, 'worker', { rrule: 'FREQ=MONTHLY', startTime: '09:00' }],
    ['GET', () => '/api/deliberation/meetings', 'officer'],
    ['POST', () => '/api/deliberation/meetings', 'd-owners', { bodyId: 'x', title: '会议', startsAt: '2026-05-01T01:00:00Z' }],
    ['GET', (i) => `/api/deliberation/meetings/${i.meeting}`, 'officer'],
    ['PATCH', (i) => `/api/deliberation/meetings/${i.meeting}`, 'd-owners', { minutes: 'x' }],
    ['POST', (i) => `/api/deliberation/meetings/${i.meeting}/actions/start`, 'd-owners', {}],
    ['POST', (i) => `/api/deliberation/meetings/${i.meeting}/agenda`, 'd-owners', { kind: 'other', title: 'x' }],
    ['PATCH', (i) => `/api/deliberation/agenda-items/${i.agenda}`, 'd-owners', { outcome: 'x' }],
    ['POST', (i) => `/api/deliberation/meetings/${i.meeting}/check-in`, 'officer', { code: '000000' }],
    ['POST', (i) => `/api/deliberation/meetings/${i.meeting}/attendance`, 'd-owners', { memberId: 'x', isPresent: true }],
    ['POST', (i) => `/api/deliberation/meetings/${i.meeting}/motions`, 'd-owners', { agendaItemIds: ['x'], text: '议案' }],
    ['POST', (i) => `/api/deliberation/motions/${i.motion}/votes`, 'officer', { choice: 'yes' }],
    ['POST', (i) => `/api/deliberation/motions/${i.motion}/decide`, 'd-owners'],
    ['GET', () => '/api/deliberation/resolutions', 'officer'],
    ['GET', (i) => `/api/deliberation/resolutions/${i.resolution}`, 'officer'],
    ['POST', (i) => `/api/deliberation/resolutions/${i.resolution}/action-items`, 'd-owners', { title: 'x', ownerOrgId: 'x', dueOn: '2026-05-01' }],
    ['POST', (i) => `/api/deliberation/resolutions/${i.resolution}/close-cases`, 'd-owners'],
    ['GET', () => '/api/deliberation/action-items', 'officer'],
    ['PATCH', (i) => `/api/deliberation/action-items/${i.actionItem}`, 'n1', { progress: 10 }],
    ['GET', () => '/api/deliberation/topics', 'officer'],
    ['POST', () => '/api/deliberation/topics', 'cadre', { title: '某个议题', description: '某个议题说明' }],
    ['GET', (i) => `/api/deliberation/topics/${i.topic}`, 'officer'],
    ['POST', (i) => `/api/deliberation/topics/${i.topic}/supports`, 'cadre'],
  ];

  it('covers every deliberation route in this table', () => {
    const doc = h.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/deliberation')).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const ids = new Proxy({}, { get: () => '{id}' }) as Record<string, string>;
    const tabled = routes.map(([method, url]) => `${method} ${url(ids).replace('/actions/start', '/actions/{action}')}`);
    expect(tabled.sort()).toEqual([...documented].sort());
  });

  it.each(routes.map((r) => [`${r[0]} ${r[1]({ body: ':body', member: ':member', meeting: ':meeting', agenda: ':agenda', motion: ':motion', resolution: ':resolution', actionItem: ':actionItem', topic: ':topic' })}`, ...r] as const))(
    '%s: 401 without credentials, 403 for %s',
    async (_name, method, url, forbidden, payload) => {
      const db = h.ctx.db.kysely;
      const ids = {
        body: council.id,
        member: council.members.social,
        meeting: (await db.selectFrom('meetings').select('id').where('body_id', '=', council.id).where('state', '=', 'inProgress').executeTakeFirst())?.id ?? (await db.selectFrom('meetings').select('id').where('body_id', '=', council.id).executeTakeFirstOrThrow()).id,
        agenda: (await db.selectFrom('agenda_items').select('id').executeTakeFirstOrThrow()).id,
        motion: (await db.selectFrom('motions').select('id').executeTakeFirstOrThrow()).id,
        resolution: (await db.selectFrom('resolutions').select('id').executeTakeFirstOrThrow()).id,
        actionItem: (await db.selectFrom('action_items').select('id').executeTakeFirstOrThrow()).id,
        topic: (await db.selectFrom('topics').select('id').executeTakeFirstOrThrow()).id,
      };
      const anonymous = await api(null, method, url(ids), payload);
      expect(anonymous.statusCode).toBe(401);
      const refused = await api(forbidden, method, url(ids), payload);
      expect(refused.statusCode).toBe(403);
    },
  );
});
