import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, demoPassword, desktop, launchBrowser, newContext, phone, seriousViolations, signIn } from './support.js';

let browser: Browser;
const contexts: APIRequestContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.dispose()));
  await browser?.close();
});

/** The API as one user (bearer token, CSRF header), for what a journey sets up or checks behind the pages. */
async function as(username: string, password = username === 'admin' ? (process.env.GRIDGOV_ADMIN_PASSWORD ?? 'admin-pass-2026') : demoPassword) {
  const context = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  contexts.push(context);
  const login = await context.post('/api/auth/login', { data: { username, password } });
  if (!login.ok()) throw new Error(`login ${username}: ${login.status()}`);
  const { token, csrfToken } = (await login.json()) as { token: string; csrfToken: string };
  const headers = { Authorization: `Bearer ${token}`, 'X-CSRF-Token': csrfToken };
  const call = async <T>(method: 'get' | 'post' | 'patch', path: string, data?: unknown): Promise<T> => {
    const res = await context[method](path, { headers, data });
    if (!res.ok()) throw new Error(`${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json().catch(() => undefined)) as T;
  };
  return {
    get: <T>(path: string) => call<T>('get', path),
    post: <T>(path: string, data?: unknown) => call<T>('post', path, data ?? {}),
    patch: <T>(path: string, data: unknown) => call<T>('patch', path, data),
  };
}

async function withPage<T>(viewport: typeof desktop, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  try {
    return await run(page);
  } finally {
    await context.close();
  }
}

describe('四方联动议事 (four-party deliberation)', () => {
  it('a fire-lane topic gets supports, lands beside the case on the council agenda, the four seats vote, two action items are done and the case closes through deliberation', async () => {
    const admin = await as('admin');
    const secretary = await as('demo-secretary');
    const resident = await as('demo-resident');
    const me = await resident.get<{ scopes: { id: string; name: string }[] }>('/api/me');
    const compound = me.scopes[0];
    const council = (await secretary.get<{ items: { id: string; name: string }[] }>(`/api/deliberation/bodies?kind=fourParty&grid=${compound.id}`)).items.find((b) => b.name.startsWith(compound.name))!;
    expect(council).toBeTruthy();
    await secretary.patch(`/api/deliberation/bodies/${council.id}`, { topicThreshold: 3 });
    const stamp = Date.now().toString(36);
    for (const n of [1, 2]) await admin.post('/api/users', { username: `neighbour${n}-${stamp}`, password: 'neighbour-pass-1', displayName: `邻居${n}`, role: 'resident', scope: [compound.id] });

    // The open case: cars in the fire lane, reported by the resident.
    const categories = await resident.get<{ items: { code: string; children: { id: string; code: string }[] }[] }>('/api/cases/categories');
    const fireLane = categories.items.flatMap((g) => g.children).find((c) => c.code === 'neighbourhood.fireLaneBlocked')!;
    const reported = await resident.post<{ id: string; number: string }>('/api/cases', { categoryId: fireLane.id, description: '每天晚上消防通道停满私家车，消防车进不来', gridId: compound.id, address: `${compound.name}东侧消防通道` });

    // On the phone: the resident proposes the topic; a neighbour supports it there too.
    const title = `私家车堵塞消防通道 ${stamp}`;
    await withPage(phone, async (page) => {
      await signIn(page, 'demo-resident');
      await page.goto('/deliberation/topics');
      await page.getByTestId('topic-propose').click();
      await page.getByTestId('topic-title').fill(title);
      await page.getByTestId('topic-description').fill('晚上七点以后东侧消防通道停满私家车，建议施划禁停线并安装地锁。');
      await page.getByTestId('topic-submit').click();
      const card = page.getByTestId('topic').filter({ hasText: title });
      await expect.poll(() => card.getByTestId('topic-supports').textContent()).toContain('1/3 人附议');
      await expect.poll(() => card.textContent()).toContain('我提出的');
      expect(await seriousViolations(page)).toEqual([]);
    });
    await withPage(phone, async (page) => {
      await signIn(page, `neighbour1-${stamp}`, 'neighbour-pass-1');
      await page.goto('/deliberation/topics');
      const card = page.getByTestId('topic').filter({ hasText: title });
      await card.getByTestId('topic-support').click();
      await expect.poll(() => card.getByTestId('topic-supports').textContent()).toContain('2/3 人附议');
    });
    const neighbour2 = await as(`neighbour2-${stamp}`, 'neighbour-pass-1');
    const topic = (await neighbour2.get<{ items: { id: string; title: string }[] }>('/api/deliberation/topics')).items.find((x) => x.title === title)!;
    expect((await neighbour2.post<{ state: string }>(`/api/deliberation/topics/${topic.id}/supports`)).state).toBe('queued');

    // The secretary calls the council: the topic is on the agenda; she adds the case beside it in the room.
    const { id: meetingId } = await secretary.post<{ id: string }>('/api/deliberation/meetings', { bodyId: council.id, title: `${compound.name}四方联动议事会（消防通道）`, startsAt: new Date(Date.now() + 10 * 60_000).toISOString(), location: `${compound.name}党群服务站` });
    await withPage(desktop, async (page) => {
      await signIn(page, 'demo-secretary');
      await page.goto(`/deliberation/meetings/${meetingId}`);
      const agenda = page.getByTestId('agenda');
      await expect.poll(() => agenda.textContent()).toContain(title);
      await page.getByTestId('agenda-add').click();
      await page.getByTestId('agenda-case-number').fill(reported.number);
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
      await expect.poll(() => agenda.textContent()).toContain(reported.number);
      await expect.poll(() => page.getByTestId('meeting-state').textContent()).toBe('已安排');
      await expect.poll(() => page.getByTestId('checkin-code').textContent()).toMatch(/^\d{6}$/);

      await page.getByTestId('meeting-start').click();
      await expect.poll(() => page.getByTestId('meeting-state').textContent()).toBe('进行中');
      // The four seats' delegates arrive; the secretary marks them in.
      for (const kind of ['communityParty', 'socialOrg', 'ownersCommittee', 'propertyCompany']) {
        const row = page.locator(`[data-testid="attendee"][data-kind="${kind}"]`).first();
        await row.getByTestId('attendance-toggle').click();
        await expect.poll(() => row.textContent()).toContain('已到');
      }

      await page.getByTestId('motion-open').click();
      await page.getByTestId('motion-text').fill('消防通道两侧施划禁停黄线并安装地锁，由物业实施；业委会告知全体业主。');
      await page.getByTestId('motion-submit').click();
      const motion = page.getByTestId('motion');
      await motion.waitFor();
      for (let i = 0; i < 4; i++) {
        await motion.getByTestId('record-yes').first().click();
        await expect.poll(() => motion.getByTestId('count-yes').textContent()).toBe(String(i + 1));
      }
      await page.getByTestId('motion-decide').click();
      await expect.poll(() => motion.getByTestId('tally-line').textContent()).toContain('通过');
      await expect.poll(() => motion.getByTestId('tally-line').textContent()).toContain('赞成 4 票');

      // An action item without owner or deadline is refused, with the reason shown.
      await page.getByTestId('action-add').click();
      await page.getByTestId('action-title').fill('施划禁停黄线');
      await page.getByTestId('action-submit').click();
      await expect.poll(() => page.getByTestId('meeting-error').textContent()).toContain('请指定责任单位或责任人');
      await page.locator('.ant-modal-footer .ant-btn:not(.ant-btn-primary)').click();
      expect(await seriousViolations(page)).toEqual([]);
    });

    // Two action items: the property company and the owners' committee.
    const meeting = await secretary.get<{ resolutions: { id: string }[]; body: { id: string } }>(`/api/deliberation/meetings/${meetingId}`);
    const resolutionId = meeting.resolutions[0].id;
    const council2 = await secretary.get<{ seats: { orgId: string; seatKind: string }[] }>(`/api/deliberation/bodies/${council.id}`);
    const seatOf = (kind: string) => council2.seats.find((s) => s.seatKind === kind)!.orgId;
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await secretary.post(`/api/deliberation/resolutions/${resolutionId}/action-items`, { title: `施划禁停黄线并安装地锁 ${stamp}`, ownerOrgId: seatOf('propertyCompany'), dueOn: due });
    await secretary.post(`/api/deliberation/resolutions/${resolutionId}/action-items`, { title: `告知全体业主 ${stamp}`, ownerOrgId: seatOf('ownersCommittee'), dueOn: due });
    await secretary.post(`/api/deliberation/meetings/${meetingId}/actions/close`, {});

    // The property company's delegate marks theirs done on the board; the secretary the owners' committee's.
    for (const [username, item] of [['demo-orgcontact', `施划禁停黄线并安装地锁 ${stamp}`], ['demo-secretary', `告知全体业主 ${stamp}`]] as const) {
      await withPage(desktop, async (page) => {
        await signIn(page, username);
        await page.goto('/deliberation/action-items');
        const card = page.getByTestId('board-item').filter({ hasText: item });
        await card.getByTestId('item-done').click();
        await expect.poll(() => page.locator('.ant-message').textContent()).toMatch(username === 'demo-secretary' ? new RegExp(`${reported.number}.*已按议事解决结案`) : /进度已更新/);
      });
    }

    const closed = await secretary.get<{ state: string; closedVia: string }>(`/api/cases/${reported.id}`);
    expect(closed).toMatchObject({ state: 'closed', closedVia: 'deliberation' });
    await withPage(desktop, async (page) => {
      await signIn(page, 'demo-secretary');
      await page.goto(`/deliberation/resolutions/${resolutionId}`);
      await expect.poll(() => page.getByTestId('resolution-cases').textContent()).toContain('议事解决');
    });
  });

  it('has the monthly joint meetings of the next three months at all four levels, on the calendar', async () => {
    const admin = await as('admin');
    const now = new Date();
    const months = [1, 2, 3].map((k) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, 1)).toISOString().slice(0, 7));
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 4, 1)).toISOString();
    const meetings = (await admin.get<{ items: { bodyLevel: string; startsAt: string }[] }>(`/api/deliberation/meetings?kind=jointMeeting&from=${now.toISOString()}&to=${to}&limit=1000`)).items;
    for (const level of ['city', 'subdistrict', 'community', 'grid']) {
      for (const month of months) expect(`${level} ${month} ${meetings.some((m) => m.bodyLevel === level && m.startsAt.slice(0, 7) === month)}`).toBe(`${level} ${month} true`);
    }
    await withPage(desktop, async (page) => {
      await signIn(page, 'admin', process.env.GRIDGOV_ADMIN_PASSWORD ?? 'admin-pass-2026');
      await page.goto('/deliberation/calendar');
      await page.getByTestId('calendar-filter').getByText('市级').click();
      await page.getByTestId('calendar-next').click();
      await expect.poll(() => page.getByTestId('calendar').locator('.dl-cal-event').count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('calendar').textContent()).toContain('穆棱市城市基层党建联席会议');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
});
