import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson, buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { buildMemberAccount, buildOrganization, call, ok } from './test-factories.js';

let h: TestHarness;
let world: World;
let secretary: Record<string, string>;
let orgId: string;
let contact: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  h.clock.set(new Date('2026-03-02T01:00:00Z'));
  secretary = await h.login('sec-a');
  orgId = (await buildOrganization(h, secretary, { name: '穆棱市第一中学', grid: world.compoundA2, community: world.commA, contactUsername: 'contact-school' })).id;
  contact = await h.login('contact-school');
});
afterAll(() => h.close());

const reasonOf = (res: { json(): { errors: { field: string; reason: string }[] } }) => res.json().errors.map((e) => `${e.field}:${e.reason}`);

async function needAndResource(kind = 'venue', quantity = 200) {
  const need = (await ok(h, secretary, 'POST', '/api/cobuild/needs', { gridId: world.compoundA1.id, kind, title: `需要${kind}`, quantity })).id as string;
  const resource = (await ok(h, contact, 'POST', '/api/cobuild/resources', { organizationId: orgId, kind, title: `提供${kind}`, quantity })).id as string;
  return { need, resource };
}

describe('projects meet a need with resources', () => {
  it('refuses a project without a need or without a resource (400 naming the field)', async () => {
    const { need, resource } = await needAndResource();
    const noNeed = await call(h, secretary, 'POST', '/api/cobuild/projects', { resources: [{ resourceId: resource }] });
    expect(noNeed.statusCode).toBe(400);
    expect(reasonOf(noNeed)).toEqual(['needId:projectNeedRequired']);
    const noResource = await call(h, secretary, 'POST', '/api/cobuild/projects', { needId: need, resources: [] });
    expect(noResource.statusCode).toBe(400);
    expect(reasonOf(noResource)).toEqual(['resources:projectResourceRequired']);
    const neither = await call(h, secretary, 'POST', '/api/cobuild/projects', {});
    expect(reasonOf(neither)).toEqual(['needId:projectNeedRequired', 'resources:projectResourceRequired']);
    expect((await call(h, secretary, 'POST', '/api/cobuild/projects', { needId: 'nope', resources: [{ resourceId: resource }] })).json().errors[0].reason).toBe('unknownNeed');
    expect(Number((await h.ctx.db.kysely.selectFrom('cobuild_projects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
  });

  it('refuses a resource of another kind (400) and promising more than it holds (409)', async () => {
    const { need } = await needAndResource('venue', 500);
    const funds = (await ok(h, contact, 'POST', '/api/cobuild/resources', { organizationId: orgId, kind: 'funds', title: '共建资金', quantity: 5000 })).id;
    const mismatch = await call(h, secretary, 'POST', '/api/cobuild/projects', { needId: need, resources: [{ resourceId: funds }] });
    expect(mismatch.statusCode).toBe(400);
    expect(reasonOf(mismatch)).toEqual(['resources.0.resourceId:resourceKindMismatch']);
    const hall = (await ok(h, contact, 'POST', '/api/cobuild/resources', { organizationId: orgId, kind: 'venue', title: '报告厅', quantity: 120 })).id;
    const tooMuch = await call(h, secretary, 'POST', '/api/cobuild/projects', { needId: need, resources: [{ resourceId: hall, quantity: 200 }] });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().errors[0]).toMatchObject({ reason: 'resourceInsufficient', message: '资源余量不足，剩余 120 m2' });
    // All of it to one project; then nothing is left for a second.
    await ok(h, secretary, 'POST', '/api/cobuild/projects', { needId: need, resources: [{ resourceId: hall }] });
    expect((await ok(h, secretary, 'GET', `/api/cobuild/resources/${hall}`)).state).toBe('committed');
    const again = await call(h, secretary, 'POST', '/api/cobuild/projects', { needId: need, resources: [{ resourceId: hall, quantity: 1 }] });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].reason).toBe('resourceNotAvailable');
  });

  it('lets a contact propose only with the organisation\'s own resources', async () => {
    const { need } = await needAndResource('people', 10);
    const otherOrg = (await buildOrganization(h, secretary, { name: '穆棱市人民医院', grid: world.compoundA1, community: world.commA })).id;
    const theirs = (await ok(h, secretary, 'POST', '/api/cobuild/resources', { organizationId: otherOrg, kind: 'people', title: '医护志愿者', quantity: 10 })).id;
    const res = await call(h, contact, 'POST', '/api/cobuild/projects', { needId: need, resources: [{ resourceId: theirs }] });
    expect(res.statusCode).toBe(403);
  });
});

describe('organisations', () => {
  it('cannot be deleted while they take part in open projects (409); once the project is cancelled they can', async () => {
    const org = (await buildOrganization(h, secretary, { name: '国网穆棱市供电公司', kind: 'stateEnterprise', grid: world.compoundA1, community: world.commA })).id;
    const need = (await ok(h, secretary, 'POST', '/api/cobuild/needs', { gridId: world.commA.id, kind: 'equipment', title: '楼道照明改造', quantity: 40 })).id;
    const lamps = (await ok(h, secretary, 'POST', '/api/cobuild/resources', { organizationId: org, kind: 'equipment', title: 'LED灯', quantity: 40 })).id;
    const project = (await ok(h, secretary, 'POST', '/api/cobuild/projects', { needId: need, resources: [{ resourceId: lamps }] })).id;
    const refused = await call(h, secretary, 'DELETE', `/api/cobuild/organizations/${org}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0]).toMatchObject({ reason: 'organizationHasOpenProjects', message: '该单位还有 1 个未完成的共建项目，请先完成或取消' });
    await ok(h, secretary, 'POST', `/api/cobuild/projects/${project}/cancel`, { reason: '资金未到位' });
    expect((await ok(h, secretary, 'GET', `/api/cobuild/needs/${need}`)).state).toBe('open');
    expect((await ok(h, secretary, 'GET', `/api/cobuild/resources/${lamps}`)).state).toBe('available');
    await ok(h, secretary, 'DELETE', `/api/cobuild/organizations/${org}`);
    expect((await call(h, secretary, 'GET', `/api/cobuild/organizations/${org}`)).statusCode).toBe(404);
  });

  it('lets its contact edit its own details, not where it is or who its contact is', async () => {
    await ok(h, contact, 'PATCH', `/api/cobuild/organizations/${orgId}`, { description: '市重点高中，教职工党员86名', contactPhone: '13912340000' });
    const view = await ok(h, contact, 'GET', `/api/cobuild/organizations/${orgId}`);
    expect(view).toMatchObject({ description: '市重点高中，教职工党员86名', contactPhone: '139****0000', isMine: true });
    const moved = await call(h, contact, 'PATCH', `/api/cobuild/organizations/${orgId}`, { gridId: world.commB.id });
    expect(moved.statusCode).toBe(403);
    expect(moved.json().errors[0].reason).toBe('staffOnlyField');
    expect((await call(h, contact, 'PATCH', `/api/cobuild/organizations/${orgId}`, { contactPhone: '12345' })).json().errors[0].reason).toBe('phoneFormat');
  });

  it('signs an agreement only with a community it registered with; a withdrawn commitment is deducted', async () => {
    const unregistered = await call(h, secretary, 'POST', `/api/cobuild/organizations/${orgId}/agreements`, { communityId: world.commB.id, title: '共建协议', signedOn: '2026-01-05', startsOn: '2026-01-05', commitments: [] });
    expect(unregistered.statusCode).toBe(403);
    await ok(h, secretary, 'POST', `/api/cobuild/organizations/${orgId}/agreements`, {
      communityId: world.commA.id, title: '2026年共驻共建协议', terms: '双方每月联席一次', signedOn: '2026-01-05', startsOn: '2026-01-05', endsOn: '2026-12-31',
      commitments: [{ content: '开放操场供居民健身', kind: 'venue', quantity: 3000 }, { content: '每学期组织一次义务家教' }],
    });
    const detail = await ok(h, secretary, 'GET', `/api/cobuild/organizations/${orgId}`);
    const commitment = detail.agreements[0].commitments[1];
    const before = (await ok(h, secretary, 'GET', '/api/cobuild/assessment/ranking?year=2026')).items.find((r: { organization: { id: string } }) => r.organization.id === orgId);
    await ok(h, secretary, 'POST', `/api/cobuild/commitments/${commitment.id}/withdraw`, { reason: '师资紧张' });
    expect((await call(h, secretary, 'POST', `/api/cobuild/commitments/${commitment.id}/withdraw`, { reason: '再次' })).statusCode).toBe(409);
    const after = (await ok(h, secretary, 'GET', '/api/cobuild/assessment/ranking?year=2026')).items.find((r: { organization: { id: string } }) => r.organization.id === orgId);
    expect(after.contribution.withdrawnCommitments).toBe(before.contribution.withdrawnCommitments + 1);
    expect(after.total - before.total).toBe(-5);
  });
});

describe('assessment', () => {
  it('uses the year\'s scheme as configured by a cadre, and exports the ranking to Excel with Chinese headings', async () => {
    const cadre = await h.login('cadre');
    const scheme = await ok(h, cadre, 'PUT', '/api/cobuild/assessment/scheme', { year: 2026, rules: { completedProject: 20, perUnit: { venue: 0.02, funds: 0.001, equipment: 0.2, skills: 0.2, people: 0.5, other: 0.1 }, memberHour: 0.5, ratingStar: 2, withdrawnCommitment: -8 } });
    expect(scheme).toMatchObject({ year: 2026, isDefault: false, rules: { completedProject: 20 } });
    const ranking = await ok(h, secretary, 'GET', '/api/cobuild/assessment/ranking?year=2026');
    expect(ranking.rules.withdrawnCommitment).toBe(-8);
    const school = ranking.items.find((r: { organization: { id: string } }) => r.organization.id === orgId);
    expect(school.parts.deductions).toBe(-8);

    const res = await call(h, secretary, 'GET', '/api/cobuild/assessment/export?year=2026');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as never);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('2026年清单管理考核');
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['排名', '单位名称', '提供场地（㎡）', '总分']));
    const rows = sheet.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    expect(rows.length).toBe(ranking.items.length);
    const row = rows.find((r) => r.includes('穆棱市第一中学'))!;
    expect(row).toContain(school.total);
    expect(book.worksheets[1].getRow(2).values).toEqual(expect.arrayContaining(['每完成一个共建项目', 20]));
  });
});

describe('dual registration, evaluation and feedback', () => {
  it('registers a member where they live only, once; the community and the employer each grade them; the list goes to the employer who acknowledges it', async () => {
    const { person } = await buildMemberAccount(h, { username: 'member-sun', name: '孙九', grid: world.stairA1, scope: world.commA });
    const member = await h.login('member-sun');
    const elsewhere = await call(h, member, 'POST', '/api/cobuild/member-registrations', { communityId: world.commB.id, employerOrgId: orgId });
    expect(reasonOf(elsewhere)).toEqual(['communityId:notResidentOfCommunity']);
    const { id: registrationId } = await ok(h, member, 'POST', '/api/cobuild/member-registrations', { communityId: world.commA.id, employerOrgId: orgId, skills: ['数学辅导'] });
    const twice = await call(h, member, 'POST', '/api/cobuild/member-registrations', { communityId: world.commA.id, employerOrgId: orgId });
    expect(twice.statusCode).toBe(409);
    const party = await h.ctx.db.kysely.selectFrom('party_members').selectAll().where('person_id', '=', person.id).executeTakeFirstOrThrow();
    expect(party).toMatchObject({ kind: 'inService', employer_org_id: orgId });
    // A community-registered party member does not register as in-service.
    expect(reasonOf(await call(h, secretary, 'POST', '/api/cobuild/member-registrations', { personId: world.people.zhang.id, communityId: world.commA.id, employerOrgId: orgId }))).toEqual(['personId:communityPartyMember']);

    const mine = await ok(h, member, 'GET', '/api/cobuild/me');
    expect(mine.registration).toMatchObject({ id: registrationId, community: { name: '民主社区' }, employer: { name: '穆棱市第一中学' }, skills: ['数学辅导'] });

    await ok(h, secretary, 'POST', '/api/cobuild/service-records', { registrationId, kind: 'pairing', description: '与独居老人张三结对，每周探望', servedOn: '2026-02-20' });
    await ok(h, secretary, 'POST', '/api/cobuild/evaluations', { registrationId, year: 2026, grade: 'excellent', comment: '服务积极' });
    await ok(h, contact, 'POST', '/api/cobuild/evaluations', { registrationId, year: 2026, grade: 'competent' });
    // The contact of another organisation may not grade this member.
    await buildOrganization(h, secretary, { name: '穆棱市邮政分公司', grid: world.compoundA1, community: world.commA, contactUsername: 'contact-post' });
    expect((await call(h, await h.login('contact-post'), 'POST', '/api/cobuild/evaluations', { registrationId, year: 2026, grade: 'incompetent' })).statusCode).toBe(403);

    const list = await ok(h, contact, 'GET', `/api/cobuild/organizations/${orgId}/feedback?year=2026`);
    const line = list.items.find((l: { registrationId: string }) => l.registrationId === registrationId);
    expect(line).toMatchObject({ grades: { community: 'excellent', communityComment: '服务积极', employer: 'competent' }, services: [{ kind: 'pairing', servedOn: '2026-02-20' }] });
    expect(list.isContact).toBe(true);

    const { id: feedbackId } = await ok(h, secretary, 'POST', `/api/cobuild/organizations/${orgId}/feedback/send`, { year: 2026, communityId: world.commA.id });
    const sent = await ok(h, contact, 'GET', `/api/cobuild/feedback/${feedbackId}`);
    expect(sent).toMatchObject({ canAcknowledge: true, community: { name: '民主社区' } });
    expect(sent.items.some((l: { registrationId: string }) => l.registrationId === registrationId)).toBe(true);
    await ok(h, contact, 'POST', `/api/cobuild/feedback/${feedbackId}/acknowledge`);
    expect((await call(h, contact, 'POST', `/api/cobuild/feedback/${feedbackId}/acknowledge`)).statusCode).toBe(409);
    const outbox = await h.ctx.db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'cobuild.feedbackSent').execute();
    expect(outbox.map((o) => JSON.parse(o.payload).feedbackId)).toContain(feedbackId);
  });
});

describe('monthly review of the three lists', () => {
  it('records which items the joint meeting went through; each shows when it was last reviewed', async () => {
    const { need, resource } = await needAndResource('skills', 8);
    const res = await call(h, secretary, 'POST', '/api/cobuild/reviews', { communityId: world.commA.id, reviewedOn: '2026-02-28', note: '2月联席会议', items: [{ type: 'need', id: need }, { type: 'resource', id: resource }] });
    expect(res.statusCode).toBe(201);
    expect((await ok(h, secretary, 'GET', `/api/cobuild/needs?q=需要skills`)).items[0].lastReviewedOn).toBe('2026-02-28');
    const reviews = await ok(h, secretary, 'GET', '/api/cobuild/reviews');
    expect(reviews.items[0]).toMatchObject({ reviewedOn: '2026-02-28', community: { name: '民主社区' } });
    expect(reviews.items[0].items.map((i: { type: string }) => i.type)).toEqual(['need', 'resource']);
    // A deliberation meeting that does not exist is refused when the meetings table is there.
    const ghost = await call(h, secretary, 'POST', '/api/cobuild/reviews', { communityId: world.commA.id, reviewedOn: '2026-02-28', meetingId: 'ghost', items: [{ type: 'need', id: need }] });
    expect([201, 400]).toContain(ghost.statusCode);
  });

  it('refuses an item of another community', async () => {
    const secB = await h.login('sec-b');
    const needB = (await ok(h, secB, 'POST', '/api/cobuild/needs', { gridId: world.commB.id, kind: 'funds', title: '困难家庭救助金', quantity: 3000 })).id;
    const res = await call(h, secretary, 'POST', '/api/cobuild/reviews', { communityId: world.commA.id, reviewedOn: '2026-02-28', items: [{ type: 'need', id: needB }] });
    expect(res.statusCode).toBe(400);
    expect(reasonOf(res)).toEqual(['items.0.id:reviewItemOutsideCommunity']);
  });
});

describe('three lists in scope', () => {
  it('shows a grid worker the needs of their compound and lets them post one; a partner sees resources of organisations serving their community', async () => {
    const worker = await h.login('worker');
    await ok(h, worker, 'POST', '/api/cobuild/needs', { gridId: world.compoundA1.id, kind: 'people', title: '独居老人陪护', quantity: 4 });
    const forbidden = await call(h, worker, 'POST', '/api/cobuild/needs', { gridId: world.compoundA2.id, kind: 'people', title: '曙光小区陪护', quantity: 4 });
    expect(forbidden.statusCode).toBe(403);
    const list = await ok(h, contact, 'GET', '/api/cobuild/resources?kind=venue');
    expect(list.items.every((r: { organization: { name: string } }) => !r.organization.name.includes('富家'))).toBe(true);
    expect(list.total).toBeGreaterThan(0);
  });

  it('counts figures from records: organisations with a party organisation, members registered', async () => {
    await buildUser(h.ctx, { username: 'cadre-b', role: 'cadre', scope: [world.commB] });
    await buildPerson(h.ctx, { name: '周十', grid: world.stairB1 });
    const figures = await ok(h, secretary, 'GET', `/api/cobuild/figures?grid=${world.commA.id}`);
    const orgs = await h.ctx.db.kysely.selectFrom('organizations').select('id').where('deleted_at', 'is', null).where('party_org_name', 'is not', null).execute();
    expect(figures.partnerOrganizations).toBe(orgs.length);
    expect(figures.inServiceMembersRegistered).toBeGreaterThanOrEqual(1);
    expect((await call(h, secretary, 'GET', `/api/cobuild/figures?grid=${world.commB.id}`)).statusCode).toBe(404);
  });
});
