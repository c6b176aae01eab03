import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, baseUrl, launchBrowser, newContext, phone, pickInSelect, seriousViolations, signIn } from './support.js';

/**
 * 事件办理 in one journey: a resident with no account reports a blocked fire lane (消防通道堵塞)
 * with a photo from the phone page at a point inside demo-steward's stairwell; it lands with the
 * steward; the steward escalates it beyond the stairwell; the compound's grid worker escalates it
 * to the community; the community secretary accepts, registers and summons 城管 and the property
 * company (吹哨); both answer; the grid worker verifies; it closes; the resident rates it on the
 * track page; the case page shows every step and the secretary's command centre showed it live.
 *
 * Set-up the demo world lacks, made through the admin API and UI (no database writes):
 * - demo-gridworker covers other compounds than demo-steward's, so a grid worker account for the
 *   steward's compound (糖厂小区…) is created with POST /api/users (role gridWorker, that scope);
 * - demo-departmentofficer belongs to 八面通派出所 only, and no API adds department members, so the
 *   two departments' answers are entered by the admin (global staff may answer for any department)
 *   on the case page's referral table.
 */

interface GridDetail {
  id: string;
  bbox: number[] | null;
  name: string;
  level: string;
  centroid: { lng: number; lat: number } | null;
  ancestors: { id: string; name: string; level: string }[];
}

let browser: Browser;
const contexts: BrowserContext[] = [];
const residentPhone = '13904531234';
const gridWorker = { username: `e2e-gridworker-${Date.now().toString(36)}`, password: 'e2e-gridworker-pass' };

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

async function open(viewport?: typeof phone): Promise<Page> {
  const context = await newContext(browser, viewport);
  contexts.push(context);
  return context.newPage();
}

/** Opens the case from "我的待办" by its number, as the signed-in officer would. */
async function openFromInbox(page: Page, number: string) {
  await page.goto('/cases/inbox');
  await page.getByTestId('inbox').waitFor();
  const link = page.getByTestId('inbox').getByRole('link', { name: number, exact: true });
  await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
  await link.click();
  await page.getByTestId('case-page').waitFor();
  await expect.poll(() => page.getByTestId('case-number').textContent()).toContain(number);
}

/** Takes one allowed action through its dialog; waits for the new state. */
async function act(page: Page, action: string, options: { note?: string; fill?: () => Promise<void>; state: string }) {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('action-note') });
  await dialog.waitFor();
  if (options.fill) await options.fill();
  if (options.note) await page.getByTestId('action-note').fill(options.note);
  await page.getByTestId('action-submit').click();
  await expect.poll(() => page.getByTestId('case-state').first().textContent(), { timeout: 15_000 }).toBe(options.state);
}

describe('事件办理 (cases): a blocked fire lane from report to rating', () => {
  it('goes from the resident phone page through three tiers, 吹哨 to two departments, verification and closing, to the resident’s rating', async () => {
    // ---- Set-up: the steward's stairwell and its compound (as the steward and the admin see them).
    const admin = await adminApi();
    let stairwell: GridDetail;
    let compound: { id: string; name: string };
    try {
      const steward = await (await import('playwright-core')).request.newContext({ baseURL: baseUrl });
      const login = await steward.post('/api/auth/login', { data: { username: 'demo-steward', password: process.env.GRIDGOV_DEMO_PASSWORD ?? 'demo-pass-2026' } });
      const { user } = (await login.json()) as { user: { scopes: { id: string }[] } };
      stairwell = (await (await steward.get(`/api/grids/${user.scopes[0].id}`)).json()) as GridDetail;
      await steward.dispose();
      // The steward sees only the stairwell; its compound, from the admin.
      stairwell.ancestors = (await admin.get<GridDetail>(`/api/grids/${stairwell.id}`)).ancestors;
      compound = stairwell.ancestors.find((a) => a.level === 'compound')!;
      expect(stairwell.level).toBe('stairwell');
      expect(stairwell.bbox).not.toBeNull();
      await admin.post('/api/users', { username: gridWorker.username, password: gridWorker.password, displayName: '网格员（测试）', role: 'gridWorker', scope: [compound.id] });
    } finally {
      await admin.dispose();
    }
    // The middle of the stairwell's bbox: the demo's stored centroid of a stairwell can lie outside
    // its drawn shape (it is the building's, or older), and the point must resolve to the stairwell.
    const [minLng, minLat, maxLng, maxLat] = stairwell.bbox!;
    const lng = (minLng + maxLng) / 2;
    const lat = (minLat + maxLat) / 2;

    // The secretary watches the command centre from the start.
    const command = await open();
    await signIn(command, 'demo-secretary');
    await command.goto('/command');
    await command.getByTestId('command-page').waitFor();
    await expect.poll(() => command.getByTestId('command-live').textContent(), { timeout: 15_000 }).toContain('实时连接');

    // ---- 1. The resident reports on the phone page, without an account.
    const resident = await open(phone);
    await resident.goto(`/report?lng=${lng}&lat=${lat}`);
    await resident.getByTestId('report-form').waitFor();
    expect(await seriousViolations(resident)).toEqual([]);
    await resident.getByTestId('category-cascader').click();
    await resident.locator('.gg-category-popup .ant-cascader-menu-item', { hasText: '小区环境秩序' }).click();
    await resident.locator('.gg-category-popup .ant-cascader-menu-item', { hasText: '消防通道堵塞' }).click();
    await resident.getByTestId('report-description').fill('3单元楼前消防通道被私家车和杂物堵塞，消防车无法通行。');
    // The pin from the stairwell's QR link; a tap on the map moves it, so tap where it already is.
    await expect.poll(() => resident.getByTestId('report-pin').textContent()).toContain('已选位置');
    const photo = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#c0392b' } }).jpeg().toBuffer();
    await resident.getByTestId('photo-uploader').locator('input[type=file]').setInputFiles({ name: 'fire-lane.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => resident.getByTestId('photo-uploader').locator('img').count()).toBe(1);
    await resident.getByTestId('report-phone').fill(residentPhone);
    await resident.getByTestId('report-submit').click();
    await resident.getByTestId('report-done').waitFor();
    const number = ((await resident.getByTestId('report-number').textContent()) ?? '').trim();
    expect(number).toMatch(/^\d{4}-\d{6}$/);
    await expect.poll(() => resident.getByTestId('report-done').textContent()).toContain('1234');

    // ---- 2. It lands with the steward of that stairwell; the steward escalates it.
    const steward = await open();
    await signIn(steward, 'demo-steward');
    await openFromInbox(steward, number);
    await expect.poll(() => steward.getByTestId('case-tier').textContent()).toContain('楼道');
    await expect.poll(() => steward.getByTestId('case-photos').locator('img').count()).toBe(1);
    await expect.poll(() => steward.getByTestId('case-photos').locator('img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await seriousViolations(steward)).toEqual([]);
    await act(steward, 'escalate', { note: '车辆占道需城管执法，超出楼道处置能力，请小区协调。', state: '待受理' });
    await expect.poll(() => steward.getByTestId('case-tier').textContent()).toContain('小区');

    // The command centre heard it live.
    await expect.poll(() => command.getByTestId('command-feed').textContent(), { timeout: 20_000 }).toContain(number);

    // ---- 3. The compound's grid worker escalates it to the community.
    const worker = await open();
    await signIn(worker, gridWorker.username, gridWorker.password);
    await openFromInbox(worker, number);
    await act(worker, 'escalate', { note: '涉及车辆违停和物业管理，需社区吹哨相关部门联合处置。', state: '待受理' });
    await expect.poll(() => worker.getByTestId('case-tier').textContent()).toContain('社区');

    // ---- 4. The community secretary accepts, registers and summons 城管 and the property company.
    const secretary = await open();
    await signIn(secretary, 'demo-secretary');
    await openFromInbox(secretary, number);
    await act(secretary, 'accept', { state: '已受理' });
    await act(secretary, 'register', { state: '已立案' });
    await act(secretary, 'summon', {
      note: '请城管执法局清理占道车辆，物业公司清运杂物并设置禁停标志。',
      state: '处置中',
      fill: async () => {
        const select = secretary.getByTestId('summon-departments');
        for (const name of ['城市管理', '物业服务']) await pickInSelect(secretary, select, name);
      },
    });
    await expect.poll(() => secretary.getByTestId('referral-row').count()).toBe(2);

    // ---- 5. Both departments answer (entered by the admin, see above); the case reports back by itself.
    const admin2 = await open();
    await signIn(admin2, 'admin', process.env.GRIDGOV_ADMIN_PASSWORD ?? 'admin-pass-2026');
    await admin2.goto(new URL(secretary.url()).pathname);
    await admin2.getByTestId('case-page').waitFor();
    const answers = ['已拖移占道车辆 2 辆，对车主进行了教育。', '已清运杂物，设置禁停标志和隔离桩。'];
    for (const answer of answers) {
      await admin2.getByTestId('referral-acknowledge').first().click();
      await expect.poll(() => admin2.getByTestId('case-referrals').textContent()).toContain('已签收');
      await admin2.getByTestId('referral-respond').first().click();
      await admin2.getByTestId('referral-note').fill(answer);
      await admin2.getByTestId('referral-respond-submit').click();
      await expect.poll(() => admin2.getByTestId('case-referrals').textContent()).toContain(answer.slice(0, 8));
    }
    await expect.poll(() => admin2.getByTestId('case-state').first().textContent(), { timeout: 15_000 }).toBe('待核查');

    // ---- 6. The grid worker verifies on site and closes it.
    // The case is back with the community that summoned; the grid worker verifies where it happened.
    await worker.goto(new URL(secretary.url()).pathname);
    await worker.getByTestId('case-page').waitFor();
    await act(worker, 'verify', { note: '现场核查：通道已畅通。', state: '已核查' });
    await act(worker, 'close', { state: '已结案' });

    // ---- 7. The resident rates it on the track page.
    await resident.goto('/track');
    await resident.getByTestId('track-number').fill(number);
    await resident.getByTestId('track-last4').fill(residentPhone.slice(-4));
    await resident.getByTestId('track-submit').click();
    await resident.getByTestId('track-result').waitFor();
    await expect.poll(() => resident.getByTestId('track-result').textContent()).toContain('已结案');
    await resident.getByTestId('track-stars').locator('.ant-rate-star').nth(4).click();
    await resident.getByTestId('track-rate-submit').click();
    await expect.poll(() => resident.getByTestId('track-result').textContent()).toContain('已评价');
    await expect.poll(() => resident.getByTestId('track-result').textContent()).toContain('满意，问题已解决');
    expect(await resident.getByTestId('track-result').locator('.ant-rate-star-full').count()).toBe(5);

    // ---- 8. The case page's timeline shows every step.
    await secretary.reload();
    await secretary.getByTestId('case-timeline').waitFor();
    const timeline = (await secretary.getByTestId('case-timeline').textContent()) ?? '';
    for (const step of ['上报', '上报上级', '受理', '立案研判', '吹哨（部门联动）', '部门签收', '部门答复', '处置反馈', '核查', '结案', '评价']) expect(timeline).toContain(step);
    expect((timeline.match(/上报上级/g) ?? []).length).toBe(2);
    expect(await secretary.getByTestId('case-state').first().textContent()).toBe('已评价');
    expect(await seriousViolations(secretary)).toEqual([]);

    // The command centre's live feed followed the case to the end.
    await expect.poll(() => command.getByTestId('command-feed').textContent(), { timeout: 20_000 }).toMatch(/结案|评价/);
  }, 240_000);
});
