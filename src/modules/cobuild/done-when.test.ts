import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { buildMemberAccount, buildOrganization, call, ok } from './test-factories.js';

let h: TestHarness;
let world: World;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
});
afterAll(() => h.close());

interface RankingRow {
  organization: { id: string };
  total: number;
  contribution: { completedProjects: number; delivered: Record<string, number>; ratingStars: number; memberHours: number };
}

describe('issue 5, done when', () => {
  it('a venue need is met by a 300 m² resource; the score and the venue total rise by exactly what was recorded; a member serves and the employer sees it', async () => {
    // Monday 2026-03-02 09:00 in Muling.
    h.clock.set(new Date('2026-03-02T01:00:00Z'));
    const secretary = await h.login('sec-a');
    const { id: orgId } = await buildOrganization(h, secretary, { name: '穆棱市体育中心', grid: world.compoundA1, community: world.commA, contactUsername: 'org-sports' });
    const contact = await h.login('org-sports');

    // The community posts a need for a venue; the organisation offers 300 m².
    const { id: needId } = await ok(h, secretary, 'POST', '/api/cobuild/needs', { gridId: world.commA.id, kind: 'venue', title: '居民趣味运动会场地', quantity: 300, deadline: '2026-04-30', location: '民主社区' });
    const { id: resourceId } = await ok(h, contact, 'POST', '/api/cobuild/resources', { organizationId: orgId, kind: 'venue', title: '体育中心综合训练馆', quantity: 300, availability: '每周六、周日全天', availableFrom: '2026-03-01' });

    const matches = await ok(h, secretary, 'GET', `/api/cobuild/needs/${needId}/matches`);
    expect(matches.items[0].resource.id).toBe(resourceId);
    expect(matches.items[0].reasons).toEqual(expect.arrayContaining(['sameKind', 'sameCommunity', 'availableInTime', 'enoughQuantity']));

    const rankingOf = async () => (await ok<{ items: RankingRow[]; rules: { completedProject: number; perUnit: Record<string, number>; ratingStar: number; memberHour: number } }>(h, secretary, 'GET', '/api/cobuild/assessment/ranking?year=2026'));
    const before = await rankingOf();
    const scoreBefore = before.items.find((r) => r.organization.id === orgId)!.total;
    const venueBefore = (await ok(h, secretary, 'GET', `/api/cobuild/figures?grid=${world.commA.id}`)).venueAreaProvidedM2;

    // Matched, started, completed and rated 5 by the community.
    const { id: projectId } = await ok(h, secretary, 'POST', '/api/cobuild/projects', { needId, resources: [{ resourceId }], milestones: [{ title: '场地交接' }] });
    await ok(h, secretary, 'POST', `/api/cobuild/projects/${projectId}/start`);
    await ok(h, secretary, 'POST', `/api/cobuild/projects/${projectId}/complete`, { outcome: '运动会如期举办，300余名居民参加', rating: 5, beneficiaries: 320 });

    const after = await rankingOf();
    const row = after.items.find((r) => r.organization.id === orgId)!;
    const rules = after.rules;
    expect(row.contribution).toMatchObject({ completedProjects: 1, ratingStars: 5 });
    expect(row.contribution.delivered.venue).toBe(300);
    expect(row.total - scoreBefore).toBeCloseTo(rules.completedProject + 300 * rules.perUnit.venue + 5 * rules.ratingStar, 6);
    const venueAfter = (await ok(h, secretary, 'GET', `/api/cobuild/figures?grid=${world.commA.id}`)).venueAreaProvidedM2;
    expect(venueAfter - venueBefore).toBe(300);
    expect((await ok(h, secretary, 'GET', `/api/cobuild/needs/${needId}`)).state).toBe('fulfilled');

    // An in-service member who lives in 民主社区 registers there, naming the organisation as employer.
    const { person } = await buildMemberAccount(h, { username: 'member-zhao', name: '赵六', grid: world.stairA2, scope: world.commA });
    const member = await h.login('member-zhao');
    await ok(h, member, 'POST', '/api/cobuild/member-registrations', { communityId: world.commA.id, employerOrgId: orgId, skills: ['驾驶', '扫雪'] });

    // The community's snow-clearing branch holds an activity 08:00–12:00; the member joins on the phone.
    const { id: teamId } = await ok(h, secretary, 'POST', '/api/volunteers/teams', { name: '民主社区扫雪除冰志愿服务党支部', kind: 'partyBranch', theme: 'snowClearing', communityId: world.commA.id });
    await ok(h, member, 'POST', `/api/volunteers/teams/${teamId}/join`);
    const { id: activityId } = await ok(h, secretary, 'POST', '/api/volunteers/activities', {
      title: '清理民主家园路旁积雪', theme: 'snowClearing', teamId, gridId: world.compoundA1.id, place: '民主家园南门', startsAt: '2026-03-02T00:00:00Z', endsAt: '2026-03-02T04:00:00Z', capacity: 20,
    });
    const signup = await ok(h, member, 'POST', `/api/volunteers/activities/${activityId}/signup`);
    expect(signup.state).toBe('confirmed');
    const code = (await ok(h, secretary, 'GET', `/api/volunteers/activities/${activityId}`)).checkinCode;
    await ok(h, member, 'POST', `/api/volunteers/activities/${activityId}/check-in`, { code, method: 'qr', lng: 130.425, lat: 44.85 });
    const twice = await call(h, member, 'POST', `/api/volunteers/activities/${activityId}/check-in`, { code });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors[0].reason).toBe('alreadyCheckedIn');
    h.clock.set(new Date('2026-03-02T04:00:00Z'));
    await ok(h, member, 'POST', `/api/volunteers/activities/${activityId}/check-out`, {});

    // Not yet verified: the hours count nowhere.
    const feedbackOf = async () => (await ok(h, contact, 'GET', `/api/cobuild/organizations/${orgId}/feedback?year=2026`)).items.find((l: { person: { id: string } }) => l.person.id === person.id);
    expect((await feedbackOf()).hours).toBe(0);
    expect((await ok(h, member, 'GET', '/api/volunteers/me')).balance).toEqual({ hours: 0, points: 0 });
    const snowBefore = (await ok(h, secretary, 'GET', `/api/volunteers/figures?grid=${world.commA.id}`)).snowAndRubbishClearedM3;

    // The organiser verifies 3 hours and 40 m³.
    const detail = await ok(h, secretary, 'GET', `/api/volunteers/activities/${activityId}`);
    const mine = detail.signups.find((s: { person: { id: string } }) => s.person.id === person.id);
    expect(mine.suggestedHours).toBe(3);
    await ok(h, secretary, 'POST', `/api/volunteers/activities/${activityId}/verify`, { entries: [{ signupId: mine.id, hours: 3 }], outputs: [{ metric: 'snowAndRubbish', quantity: 40 }], complete: true });

    const line = await feedbackOf();
    expect(line).toMatchObject({ hours: 3, activities: 1, community: { name: '民主社区' } });
    expect(line.outputs).toEqual([{ metric: 'snowAndRubbish', unit: 'm3', quantity: 40 }]);
    expect(line.recentActivities[0]).toMatchObject({ title: '清理民主家园路旁积雪', hours: 3 });
    expect((await ok(h, member, 'GET', '/api/volunteers/me')).balance).toEqual({ hours: 3, points: 30 });
    const figures = await ok(h, secretary, 'GET', `/api/volunteers/figures?grid=${world.commA.id}`);
    expect(figures.snowAndRubbishClearedM3 - snowBefore).toBe(40);

    // The member's hours also count for the employer's assessment.
    const finalRow = (await rankingOf()).items.find((r) => r.organization.id === orgId)!;
    expect(finalRow.contribution.memberHours).toBe(3);
    expect(finalRow.total - row.total).toBeCloseTo(3 * rules.memberHour, 6);
  });
});
