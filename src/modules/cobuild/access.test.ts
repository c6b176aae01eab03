/**
 * Who may call what, for every co-building and volunteer route: 401 without credentials, 403 for
 * a role the policy leaves out, and the scope rule — a secretary of 民主社区 reading a record of
 * 富家社区 gets 404, changing it gets 403, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson, buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { buildMemberAccount, buildOrganization, call, ok } from './test-factories.js';

let h: TestHarness;
let world: World;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  h.clock.set(new Date('2026-03-02T01:00:00Z'));
  await buildUser(h.ctx, { username: 'officer', role: 'departmentOfficer', scope: [world.city] });
  const secB = await h.login('sec-b');
  // Records of 富家社区, made by its own secretary.
  const orgB = await buildOrganization(h, secB, { name: '富家社区卫生服务站', grid: world.compoundB1, community: world.commB, contactUsername: 'contact-b' });
  ids.orgB = orgB.id;
  ids.needB = (await ok(h, secB, 'POST', '/api/cobuild/needs', { gridId: world.compoundB1.id, kind: 'equipment', title: '楼道照明灯具', quantity: 20 })).id;
  ids.resourceB = (await ok(h, secB, 'POST', '/api/cobuild/resources', { organizationId: orgB.id, kind: 'equipment', title: 'LED灯具', quantity: 50 })).id;
  ids.projectB = (await ok(h, secB, 'POST', '/api/cobuild/projects', { needId: ids.needB, resources: [{ resourceId: ids.resourceB, quantity: 20 }], milestones: [{ title: '安装' }] })).id;
  ids.milestoneB = (await h.ctx.db.kysely.selectFrom('cobuild_milestones').select('id').where('project_id', '=', ids.projectB).executeTakeFirstOrThrow()).id;
  ids.agreementCommitmentB = await (async () => {
    await ok(h, secB, 'POST', `/api/cobuild/organizations/${orgB.id}/agreements`, { communityId: world.commB.id, title: '共建协议', signedOn: '2026-01-05', startsOn: '2026-01-05', commitments: [{ content: '每季度义诊一次' }] });
    return (await h.ctx.db.kysely.selectFrom('cobuild_commitments').select('id').where('organization_id', '=', orgB.id).executeTakeFirstOrThrow()).id;
  })();
  ids.orgRegB = (await h.ctx.db.kysely.selectFrom('org_registrations').select('id').where('organization_id', '=', orgB.id).executeTakeFirstOrThrow()).id;
  const li = world.people.li;
  ids.registrationB = (await ok(h, secB, 'POST', '/api/cobuild/member-registrations', { personId: li.id, communityId: world.commB.id, employerOrgId: orgB.id })).id;
  ids.teamB = (await ok(h, secB, 'POST', '/api/volunteers/teams', { name: '富家社区医疗救助志愿服务党支部', kind: 'partyBranch', theme: 'medicalAid', communityId: world.commB.id })).id;
  ids.activityB = (await ok(h, secB, 'POST', '/api/volunteers/activities', { title: '义诊', theme: 'medicalAid', teamId: ids.teamB, gridId: world.compoundB1.id, place: '富家花园', startsAt: '2026-03-02T00:00:00Z', endsAt: '2026-03-02T04:00:00Z', capacity: 5 })).id;
  ids.careVisitB = (await ok(h, secB, 'POST', '/api/volunteers/care-visits', { visitedPersonId: li.id, visitedKind: 'resident', campaign: 'winterSun', visitedOn: '2026-02-20', visitors: [{ name: '富家社区书记' }], needsFollowUp: true })).id;
  const memberB = await buildMemberAccount(h, { username: 'member-b', name: '钱七', grid: world.stairB1, scope: world.commB });
  ids.personB = memberB.person.id;
  const mb = await h.login('member-b');
  await ok(h, mb, 'POST', `/api/volunteers/activities/${ids.activityB}/signup`);
  ids.signupB = (await h.ctx.db.kysely.selectFrom('activity_signups').select('id').where('activity_id', '=', ids.activityB).executeTakeFirstOrThrow()).id;
  await ok(h, secB, 'POST', `/api/volunteers/activities/${ids.activityB}/verify`, { entries: [{ signupId: ids.signupB, hours: 2 }], outputs: [{ metric: 'other', quantity: 30, unit: '人次' }] });
  ids.outputB = (await h.ctx.db.kysely.selectFrom('activity_outputs').select('id').where('activity_id', '=', ids.activityB).executeTakeFirstOrThrow()).id;
  ids.feedbackB = (await ok(h, secB, 'POST', `/api/cobuild/organizations/${orgB.id}/feedback/send`, { year: 2026, communityId: world.commB.id })).id;
  // Someone of 民主社区 for resident-side checks.
  await buildPerson(h.ctx, { name: '孙八', grid: world.stairA1 });
});
afterAll(() => h.close());

function openApiRoutes(): { method: string; path: string }[] {
  const doc = h.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })))
    .filter((r) => r.path.startsWith('/api/cobuild/') || r.path.startsWith('/api/volunteers/'));
}

const fill = (path: string, id: string) => path.replace(/\{id\}/g, id);

describe('co-building and volunteer routes', () => {
  it('answer 401 to an anonymous caller, every one of them', async () => {
    const routes = openApiRoutes();
    expect(routes.length).toBeGreaterThan(60);
    for (const r of routes) {
      const res = await h.app.inject({ method: r.method as 'GET', url: fill(r.path, ids.orgB), payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      expect(`${r.method} ${r.path} → ${res.statusCode}`).toBe(`${r.method} ${r.path} → ${res.statusCode === 400 ? 400 : 401}`);
    }
  });

  it('answer 404 to a secretary of 民主社区 reading any record of 富家社区', async () => {
    const secA = await h.login('sec-a');
    const byPrefix: [string, string][] = [
      ['/api/cobuild/organizations/', ids.orgB], ['/api/cobuild/needs/', ids.needB], ['/api/cobuild/resources/', ids.resourceB], ['/api/cobuild/projects/', ids.projectB],
      ['/api/cobuild/member-registrations/', ids.registrationB], ['/api/cobuild/feedback/', ids.feedbackB], ['/api/volunteers/teams/', ids.teamB], ['/api/volunteers/activities/', ids.activityB],
      ['/api/volunteers/people/', ids.personB], ['/api/volunteers/care-visits/', ids.careVisitB],
    ];
    const gets = openApiRoutes().filter((r) => r.method === 'GET' && r.path.includes('{id}'));
    for (const r of gets) {
      const id = byPrefix.find(([p]) => r.path.startsWith(p))?.[1];
      expect(id, r.path).toBeDefined();
      const res = await call(h, secA, 'GET', fill(r.path, id!));
      expect(`${r.path} → ${res.statusCode}`).toBe(`${r.path} → 404`);
    }
    // Lists and figures show nothing of 富家社区 either.
    for (const url of ['/api/cobuild/organizations', '/api/cobuild/needs', '/api/cobuild/resources', '/api/cobuild/projects', '/api/cobuild/member-registrations', '/api/volunteers/teams', '/api/volunteers/activities?when=all', '/api/volunteers/care-visits', '/api/cobuild/assessment/ranking?year=2026']) {
      const res = await call(h, secA, 'GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('富家');
    }
    expect((await ok(h, secA, 'GET', '/api/volunteers/figures')).verifiedHours).toBe(0);
  });

  it('answer 403 to a secretary of 民主社区 changing any record of 富家社区, and nothing changes', async () => {
    const secA = await h.login('sec-a');
    const before = await h.ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const writes: [string, string, unknown][] = [
      ['PATCH', `/api/cobuild/organizations/${ids.orgB}`, { name: '改名' }],
      ['DELETE', `/api/cobuild/organizations/${ids.orgB}`, undefined],
      ['POST', `/api/cobuild/organizations/${ids.orgB}/registrations`, { communityId: world.commB.id }],
      ['POST', `/api/cobuild/org-registrations/${ids.orgRegB}/end`, {}],
      ['POST', `/api/cobuild/organizations/${ids.orgB}/agreements`, { communityId: world.commB.id, title: '协议', signedOn: '2026-01-01', startsOn: '2026-01-01', commitments: [] }],
      ['POST', `/api/cobuild/commitments/${ids.agreementCommitmentB}/withdraw`, { reason: '资金不足' }],
      ['POST', '/api/cobuild/needs', { gridId: world.compoundB1.id, kind: 'venue', title: '场地', quantity: 10 }],
      ['PATCH', `/api/cobuild/needs/${ids.needB}`, { title: '改个标题' }],
      ['POST', `/api/cobuild/needs/${ids.needB}/cancel`, {}],
      ['POST', '/api/cobuild/resources', { organizationId: ids.orgB, kind: 'funds', title: '资金', quantity: 1000 }],
      ['PATCH', `/api/cobuild/resources/${ids.resourceB}`, { title: '改个标题' }],
      ['POST', `/api/cobuild/resources/${ids.resourceB}/withdraw`, {}],
      ['POST', '/api/cobuild/projects', { needId: ids.needB, resources: [{ resourceId: ids.resourceB, quantity: 1 }] }],
      ['POST', `/api/cobuild/projects/${ids.projectB}/start`, {}],
      ['POST', `/api/cobuild/projects/${ids.projectB}/complete`, { outcome: '完成了' }],
      ['POST', `/api/cobuild/projects/${ids.projectB}/cancel`, { reason: '取消了' }],
      ['POST', `/api/cobuild/projects/${ids.projectB}/milestones`, { title: '验收' }],
      ['POST', `/api/cobuild/milestones/${ids.milestoneB}/done`, {}],
      ['POST', '/api/cobuild/reviews', { communityId: world.commB.id, reviewedOn: '2026-03-01', items: [{ type: 'need', id: ids.needB }] }],
      ['POST', '/api/cobuild/member-registrations', { personId: world.people.li.id, communityId: world.commB.id, employerOrgId: ids.orgB }],
      ['POST', `/api/cobuild/member-registrations/${ids.registrationB}/end`, {}],
      ['POST', '/api/cobuild/service-records', { registrationId: ids.registrationB, kind: 'pairing', description: '结对帮扶', servedOn: '2026-02-01' }],
      ['POST', '/api/cobuild/evaluations', { registrationId: ids.registrationB, year: 2025, grade: 'excellent' }],
      ['POST', `/api/cobuild/organizations/${ids.orgB}/feedback/send`, { year: 2026, communityId: world.commB.id }],
      ['POST', '/api/volunteers/teams', { name: '队伍', kind: 'team', theme: 'culture', communityId: world.commB.id }],
      ['PATCH', `/api/volunteers/teams/${ids.teamB}`, { name: '改个名字' }],
      ['POST', `/api/volunteers/teams/${ids.teamB}/members`, { personId: world.people.li.id }],
      ['POST', '/api/volunteers/activities', { title: '活动', theme: 'culture', gridId: world.compoundB1.id, place: '广场', startsAt: '2026-03-03T00:00:00Z', endsAt: '2026-03-03T02:00:00Z', capacity: 5 }],
      ['PATCH', `/api/volunteers/activities/${ids.activityB}`, { capacity: 9 }],
      ['POST', `/api/volunteers/activities/${ids.activityB}/cancel`, { reason: '下雨' }],
      ['POST', `/api/volunteers/activities/${ids.activityB}/verify`, { entries: [] }],
      ['POST', `/api/volunteers/signups/${ids.signupB}/correct`, { hours: 1, reason: '更正' }],
      ['POST', `/api/volunteers/outputs/${ids.outputB}/void`, { reason: '重复' }],
      ['POST', '/api/volunteers/care-visits', { gridId: world.stairB1.id, visitedName: '某人', visitedKind: 'resident', campaign: 'bigVisit', visitedOn: '2026-02-01', visitors: [{ name: '我' }] }],
      ['POST', `/api/volunteers/care-visits/${ids.careVisitB}/follow-up-done`, {}],
    ];
    for (const [method, url, payload] of writes) {
      const res = await call(h, secA, method as 'POST', url, payload);
      expect(`${method} ${url} → ${res.statusCode}`).toBe(`${method} ${url} → 403`);
    }
    const after = await h.ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('answer 403 to a role the policy leaves out, route by route', async () => {
    const id = ids.orgB;
    // [user, method, url, payload]: each route with a role that may not take it.
    const table: [string, string, string, unknown][] = [
      ['resident', 'GET', '/api/cobuild/organizations', undefined],
      ['resident', 'GET', '/api/cobuild/organizations/directory', undefined],
      ['resident', 'POST', '/api/cobuild/organizations', { name: '某单位', kind: 'organ', gridId: world.commA.id }],
      ['resident', 'GET', `/api/cobuild/organizations/${id}`, undefined],
      ['resident', 'PATCH', `/api/cobuild/organizations/${id}`, { name: '某单位' }],
      ['worker', 'DELETE', `/api/cobuild/organizations/${id}`, undefined],
      ['resident', 'POST', `/api/cobuild/organizations/${id}/registrations`, { communityId: world.commA.id }],
      ['worker', 'POST', `/api/cobuild/org-registrations/${ids.orgRegB}/end`, {}],
      ['worker', 'POST', `/api/cobuild/organizations/${id}/agreements`, { communityId: world.commA.id, title: '协议', signedOn: '2026-01-01', startsOn: '2026-01-01', commitments: [] }],
      ['worker', 'POST', `/api/cobuild/commitments/${ids.agreementCommitmentB}/fulfil`, {}],
      ['worker', 'POST', `/api/cobuild/commitments/${ids.agreementCommitmentB}/withdraw`, { reason: '资金不足' }],
      ['resident', 'GET', '/api/cobuild/needs', undefined],
      ['contact-b', 'POST', '/api/cobuild/needs', { gridId: world.commB.id, kind: 'venue', title: '场地', quantity: 10 }],
      ['resident', 'GET', `/api/cobuild/needs/${ids.needB}`, undefined],
      ['resident', 'GET', `/api/cobuild/needs/${ids.needB}/matches`, undefined],
      ['contact-b', 'PATCH', `/api/cobuild/needs/${ids.needB}`, { title: '改个标题' }],
      ['contact-b', 'POST', `/api/cobuild/needs/${ids.needB}/cancel`, {}],
      ['resident', 'GET', '/api/cobuild/resources', undefined],
      ['worker', 'POST', '/api/cobuild/resources', { organizationId: id, kind: 'funds', title: '资金', quantity: 1 }],
      ['resident', 'GET', `/api/cobuild/resources/${ids.resourceB}`, undefined],
      ['resident', 'GET', `/api/cobuild/resources/${ids.resourceB}/matches`, undefined],
      ['worker', 'PATCH', `/api/cobuild/resources/${ids.resourceB}`, { title: '改个标题' }],
      ['worker', 'POST', `/api/cobuild/resources/${ids.resourceB}/withdraw`, {}],
      ['resident', 'GET', '/api/cobuild/projects', undefined],
      ['worker', 'POST', '/api/cobuild/projects', { needId: ids.needB, resources: [{ resourceId: ids.resourceB }] }],
      ['resident', 'GET', `/api/cobuild/projects/${ids.projectB}`, undefined],
      ['contact-b', 'POST', `/api/cobuild/projects/${ids.projectB}/start`, {}],
      ['contact-b', 'POST', `/api/cobuild/projects/${ids.projectB}/complete`, { outcome: '完成了' }],
      ['contact-b', 'POST', `/api/cobuild/projects/${ids.projectB}/cancel`, { reason: '取消了' }],
      ['contact-b', 'POST', `/api/cobuild/projects/${ids.projectB}/milestones`, { title: '验收' }],
      ['contact-b', 'POST', `/api/cobuild/milestones/${ids.milestoneB}/done`, {}],
      ['resident', 'GET', '/api/cobuild/reviews', undefined],
      ['worker', 'POST', '/api/cobuild/reviews', { communityId: world.commA.id, reviewedOn: '2026-03-01', items: [{ type: 'need', id: ids.needB }] }],
      ['resident', 'GET', '/api/cobuild/figures', undefined],
      ['resident', 'GET', '/api/cobuild/assessment/scheme?year=2026', undefined],
      ['sec-a', 'PUT', '/api/cobuild/assessment/scheme', { year: 2026, rules: { completedProject: 10, perUnit: { venue: 0.01, funds: 0.001, equipment: 0.2, skills: 0.2, people: 0.5, other: 0.1 }, memberHour: 0.1, ratingStar: 1, withdrawnCommitment: -5 } }],
      ['worker', 'GET', '/api/cobuild/assessment/ranking?year=2026', undefined],
      ['worker', 'GET', '/api/cobuild/assessment/export?year=2026', undefined],
      ['worker', 'GET', `/api/cobuild/organizations/${id}/score?year=2026`, undefined],
      ['resident', 'GET', '/api/cobuild/member-registrations', undefined],
      ['resident', 'POST', '/api/cobuild/member-registrations', { communityId: world.commA.id, employerOrgId: id }],
      ['resident', 'GET', `/api/cobuild/member-registrations/${ids.registrationB}`, undefined],
      ['resident', 'POST', `/api/cobuild/member-registrations/${ids.registrationB}/end`, {}],
      ['officer', 'GET', '/api/cobuild/me', undefined],
      ['steward', 'POST', '/api/cobuild/service-records', { registrationId: ids.registrationB, kind: 'pairing', description: '结对帮扶', servedOn: '2026-02-01' }],
      ['worker', 'POST', '/api/cobuild/evaluations', { registrationId: ids.registrationB, year: 2025, grade: 'excellent' }],
      ['worker', 'GET', `/api/cobuild/organizations/${id}/feedback?year=2026`, undefined],
      ['contact-b', 'POST', `/api/cobuild/organizations/${id}/feedback/send`, { year: 2026, communityId: world.commB.id }],
      ['worker', 'GET', `/api/cobuild/feedback/${ids.feedbackB}`, undefined],
      ['sec-b', 'POST', `/api/cobuild/feedback/${ids.feedbackB}/acknowledge`, {}],
      ['officer', 'GET', '/api/volunteers/teams', undefined],
      ['worker', 'POST', '/api/volunteers/teams', { name: '队伍', kind: 'team', theme: 'culture', communityId: world.commA.id }],
      ['officer', 'GET', `/api/volunteers/teams/${ids.teamB}`, undefined],
      ['worker', 'PATCH', `/api/volunteers/teams/${ids.teamB}`, { name: '改个名字' }],
      ['worker', 'POST', `/api/volunteers/teams/${ids.teamB}/members`, { personId: world.people.li.id }],
      ['officer', 'POST', `/api/volunteers/teams/${ids.teamB}/join`, {}],
      ['officer', 'POST', `/api/volunteers/teams/${ids.teamB}/leave`, {}],
      ['officer', 'GET', '/api/volunteers/activities', undefined],
      ['resident', 'POST', '/api/volunteers/activities', { title: '活动', theme: 'culture', gridId: world.compoundA1.id, place: '广场', startsAt: '2026-03-03T00:00:00Z', endsAt: '2026-03-03T02:00:00Z', capacity: 5 }],
      ['officer', 'GET', `/api/volunteers/activities/${ids.activityB}`, undefined],
      ['officer', 'GET', `/api/volunteers/activities/${ids.activityB}/qr`, undefined],
      ['resident', 'PATCH', `/api/volunteers/activities/${ids.activityB}`, { capacity: 9 }],
      ['resident', 'POST', `/api/volunteers/activities/${ids.activityB}/cancel`, { reason: '下雨' }],
      ['officer', 'POST', `/api/volunteers/activities/${ids.activityB}/signup`, {}],
      ['officer', 'POST', `/api/volunteers/activities/${ids.activityB}/signup/cancel`, {}],
      ['officer', 'POST', `/api/volunteers/activities/${ids.activityB}/check-in`, { code: '000000' }],
      ['officer', 'POST', `/api/volunteers/activities/${ids.activityB}/check-out`, {}],
      ['steward', 'POST', `/api/volunteers/activities/${ids.activityB}/verify`, { entries: [] }],
      ['worker', 'POST', `/api/volunteers/signups/${ids.signupB}/correct`, { hours: 1, reason: '更正' }],
      ['steward', 'POST', `/api/volunteers/outputs/${ids.outputB}/void`, { reason: '重复' }],
      ['officer', 'GET', '/api/volunteers/me', undefined],
      ['officer', 'GET', '/api/volunteers/me/certificate', undefined],
      ['resident', 'GET', `/api/volunteers/people/${ids.personB}/record`, undefined],
      ['resident', 'GET', `/api/volunteers/people/${ids.personB}/certificate`, undefined],
      ['steward', 'GET', '/api/volunteers/figures', undefined],
      ['resident', 'GET', '/api/volunteers/care-visits', undefined],
      ['resident', 'POST', '/api/volunteers/care-visits', { gridId: world.stairA1.id, visitedName: '某人', visitedKind: 'resident', campaign: 'bigVisit', visitedOn: '2026-02-01', visitors: [{ name: '我' }] }],
      ['resident', 'GET', `/api/volunteers/care-visits/${ids.careVisitB}`, undefined],
      ['resident', 'POST', `/api/volunteers/care-visits/${ids.careVisitB}/follow-up-done`, {}],
    ];
    const covered = new Set(table.map(([, method, url]) => `${method} ${url.split('?')[0].replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}/g, '/{id}')}`));
    const missing = openApiRoutes().filter((r) => !covered.has(`${r.method} ${r.path}`));
    expect(missing).toEqual([]);
    for (const [user, method, url, payload] of table) {
      const res = await call(h, await h.login(user), method as 'POST', url, payload);
      expect(`${user} ${method} ${url} → ${res.statusCode}`).toBe(`${user} ${method} ${url} → 403`);
    }
  });
});
