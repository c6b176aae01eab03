/**
 * Issue 6, done when — on a phone-sized screen, as people do it: a resident signs in with a texted
 * code and wishes for a winter coat (冬衣); the community verifies it; two party members claim it
 * at the same moment and exactly one gets it; the coat is delivered with a photo and a value of
 * 300 yuan; the resident confirms and thanks; the totals rise by exactly one wish and 300 yuan.
 * A steward files 四清四报 from the phone and the community's board shows the stairwells still
 * missing. Every portal page passes axe.
 */
import fs from 'node:fs';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, demoPassword, desktop, launchBrowser, newContext, phone, seriousViolations, signIn } from './support.js';

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
// Each journey's browsers close when it ends: open pages keep polling and slow the next one down.
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});
afterAll(async () => {
  await browser?.close();
});

async function openPage(viewport: typeof desktop): Promise<Page> {
  const context = await newContext(browser, viewport);
  contexts.push(context);
  return context.newPage();
}

/** Reads JSON with the page's own session, as the app does. */
const read = <T>(page: Page, url: string) => page.evaluate(async (u) => (await fetch(u, { headers: { Accept: 'application/json' } })).json(), url) as Promise<T>;

/** The newest code the log SMS provider wrote for a phone (GRIDGOV_SMS_LOG_FILE, set by scripts/test-e2e.js). */
async function textedCode(phoneNumber: string): Promise<string> {
  const file = process.env.GRIDGOV_SMS_LOG_FILE;
  if (!file) throw new Error('GRIDGOV_SMS_LOG_FILE is not set: run through npm run test:e2e');
  const masked = `${phoneNumber.slice(0, 3)}****${phoneNumber.slice(-4)}`;
  let code: string | undefined;
  await expect
    .poll(() => {
      const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
      const mine = lines.map((l) => JSON.parse(l) as { phone: string; templateCode: string; params: { code: string } }).filter((l) => l.phone === masked && l.templateCode === 'auth.otp');
      code = mine.at(-1)?.params.code;
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code!;
}

/** A 1×1 PNG: the delivery photo. */
const photo = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Totals { fulfilled: number; value: number }
interface WishRow { id: string; title: string; status: string; claim: { claimantName: string } | null; actualValue: number | null }

const stamp = Date.now().toString(36).slice(-5);
/** The wish board lists every wish in the caller's area (thousands in the demo): on a busy machine it takes seconds. */
const listWait = 60_000;

describe('微心愿 on the phone: a winter coat from wish to thanks', () => {
  it('signs a resident in with a texted code, and takes the coat through verification, one claim of two, delivery and thanks', async () => {
    const admin = await adminApi();
    const residentUser = (await admin.get<{ items: { username: string; person_id: string }[] }>('/api/users?role=resident&q=demo-resident')).items.find((u) => u.username === 'demo-resident')!;
    const residentPhone = (await admin.post<{ value: string }>(`/api/people/${residentUser.person_id}/reveal`, { field: 'phone' })).value;

    // The resident signs in with the phone and a code, no password.
    const resident = await openPage(phone);
    await resident.goto('/portal/sign-in');
    await resident.getByTestId('otp-phone').waitFor();
    expect(await seriousViolations(resident)).toEqual([]);
    await resident.getByTestId('otp-phone').fill(residentPhone);
    await resident.getByTestId('otp-send').tap();
    await expect.poll(() => resident.getByTestId('otp-sent').textContent()).toContain(`${residentPhone.slice(0, 3)}****${residentPhone.slice(-4)}`);
    const code = await textedCode(residentPhone);
    // A wrong code first: the page says how many tries are left.
    await resident.getByTestId('otp-code').fill(code === '000000' ? '111111' : '000000');
    await resident.getByTestId('otp-submit').tap();
    await expect.poll(() => resident.getByTestId('otp-error').textContent()).toContain('还可尝试 4 次');
    await resident.getByTestId('otp-code').fill(code);
    await resident.getByTestId('otp-submit').tap();
    await resident.waitForURL((url) => url.pathname === '/portal');
    await resident.getByTestId('portal-page').waitFor();
    await expect.poll(() => resident.locator('h1').textContent()).toBe('居民之家');

    // The wish for a winter coat.
    const title = `冬衣一件（${stamp}）`;
    await resident.getByTestId('portal-tile-wishes').tap();
    await resident.getByTestId('portal-wishes').waitFor();
    await resident.getByTestId('wish-title').fill(title);
    await resident.getByTestId('wish-description').fill('老伴去年走了，家里没有厚衣服，想要一件过冬的棉衣。');
    await resident.getByTestId('wish-value').fill('300');
    await resident.getByTestId('wish-submit').tap();
    const myWish = resident.getByTestId('portal-wish').filter({ hasText: title });
    await expect.poll(() => myWish.getByTestId('portal-wish-status').textContent()).toBe('待审核');
    expect(await seriousViolations(resident)).toEqual([]);
    const wish = (await read<{ items: WishRow[] }>(resident, '/api/wishes?mine=true&limit=50')).items.find((w) => w.title === title)!;

    // The community verifies it, and notes the totals before.
    const secretary = await openPage(desktop);
    await signIn(secretary, 'demo-secretary');
    const community = (await read<{ scopes: { id: string }[] }>(secretary, '/api/me')).scopes[0].id;
    const before = await read<Totals>(secretary, '/api/wishes/totals');
    await secretary.goto('/wishes');
    await expect.poll(async () => Number((await secretary.getByTestId('wishes-fulfilled').locator('.ant-statistic-content-value').textContent())?.replace(/,/g, ''))).toBe(before.fulfilled);
    const board = secretary.getByTestId('wish-item').filter({ hasText: title });
    await board.getByRole('button', { name: '审核通过' }).waitFor({ timeout: listWait });
    await board.getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => board.textContent()).toContain('待认领');

    // Two party members claim it at the same moment: exactly one gets it, the other is told.
    const second = `pm-${stamp}`;
    await admin.post('/api/users', { username: second, password: demoPassword, displayName: `党员${stamp}`, role: 'partyMember', scope: [community] });
    const members = [await openPage(phone), await openPage(phone)];
    await signIn(members[0], 'demo-partymember');
    await signIn(members[1], second);
    const claimButtons = [];
    for (const member of members) {
      await member.goto('/wishes');
      const item = member.getByTestId('wish-item').filter({ hasText: title });
      await item.getByRole('button', { name: /^认\s*领$/ }).waitFor({ timeout: listWait });
      claimButtons.push(item.getByRole('button', { name: /^认\s*领$/ }));
    }
    const answers: Response[] = [];
    for (const member of members) member.on('response', (r) => r.url().endsWith(`/api/wishes/${wish.id}/claim`) && answers.push(r));
    await Promise.all(claimButtons.map((button) => button.tap()));
    await expect.poll(() => answers.length).toBe(2);
    expect(answers.map((r) => r.status()).sort()).toEqual([200, 409]);
    const loserIndex = answers.find((r) => r.status() === 409)!.frame().page() === members[0] ? 0 : 1;
    const winner = members[1 - loserIndex];
    const loser = members[loserIndex];
    await expect.poll(() => loser.getByRole('alert').first().textContent()).toMatch(/认领/);
    const claimed = await read<WishRow>(secretary, `/api/wishes/${wish.id}`);
    expect(claimed.status).toBe('claimed');
    expect(claimed.claim?.claimantName).toBe(loserIndex === 0 ? `党员${stamp}` : (await read<{ displayName: string }>(members[0], '/api/me')).displayName);

    // The winner delivers the coat with a photo and its value.
    await winner.reload();
    const winnersItem = winner.getByTestId('wish-item').filter({ hasText: title });
    await winnersItem.getByRole('button', { name: /^送\s*达$/ }).waitFor({ timeout: listWait });
    await winnersItem.getByRole('button', { name: /^送\s*达$/ }).tap();
    const dialog = winner.getByRole('dialog');
    await dialog.getByLabel('实际价值（元）').fill('300');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'coat.png', mimeType: 'image/png', buffer: photo });
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).tap();
    await expect.poll(async () => (await read<WishRow>(secretary, `/api/wishes/${wish.id}`)).status).toBe('delivered');

    // The resident confirms and thanks.
    await resident.reload();
    const delivered = resident.getByTestId('portal-wish').filter({ hasText: title });
    await expect.poll(() => delivered.getByTestId('portal-wish-status').textContent()).toBe('已送达');
    await delivered.getByTestId('wish-thanks').fill('棉衣很暖和，谢谢党员同志！');
    await delivered.getByTestId('wish-confirm').tap();
    await expect.poll(() => delivered.getByTestId('portal-wish-status').textContent()).toBe('已圆梦');

    // The totals rise by exactly one wish and 300 yuan, in the API and on the page.
    const after = await read<Totals>(secretary, '/api/wishes/totals');
    expect(after.fulfilled - before.fulfilled).toBe(1);
    expect(after.value - before.value).toBe(300);
    await secretary.reload();
    await expect.poll(async () => Number((await secretary.getByTestId('wishes-fulfilled').locator('.ant-statistic-content-value').textContent())?.replace(/,/g, ''))).toBe(before.fulfilled + 1);
    await expect.poll(async () => Number((await secretary.getByTestId('wishes-value').locator('.ant-statistic-content-value').textContent())?.replace(/,/g, ''))).toBe(before.value + 300);
    await admin.dispose();
  }, 360_000);

  it('lets the signed-in resident use every portal page, each clean under axe, rate a closed case and join an activity', async () => {
    // The community publishes an activity in the resident's compound for next week.
    const secretary = await openPage(desktop);
    await signIn(secretary, 'demo-secretary');
    const page = await openPage(phone);
    await signIn(page, 'demo-resident');
    const compound = (await read<{ scopes: { id: string }[] }>(page, '/api/me')).scopes[0].id;
    const activityTitle = `楼道清雪（${stamp}）`;
    const starts = new Date(Date.now() + 7 * 24 * 3600_000);
    const created = await secretary.evaluate(async (body) => {
      const me = await (await fetch('/api/me')).json();
      const r = await fetch('/api/volunteers/activities', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken }, body: JSON.stringify(body) });
      return r.status;
    }, { title: activityTitle, theme: 'snowClearing', gridId: compound, place: '小区中心广场', startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 2 * 3600_000).toISOString(), capacity: 10 });
    expect(created).toBe(201);

    const pages: [string, string][] = [
      ['/portal', 'portal-page'],
      ['/portal/reports', 'portal-reports'],
      ['/portal/wishes', 'portal-wishes'],
      ['/portal/services', 'portal-services'],
      ['/portal/activities', 'portal-activities'],
      ['/portal/notices', 'portal-notices'],
      ['/portal/office-hours', 'portal-office-hours'],
      ['/portal/handbook', 'portal-handbook'],
    ];
    for (const [path, testId] of pages) {
      await page.goto(path);
      await page.getByTestId(testId).waitFor();
      await page.waitForLoadState('networkidle');
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
      // Phone-first: nothing wider than the screen.
      expect({ path, overflow: await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1) }).toEqual({ path, overflow: false });
    }

    // Rate what was done: the resident's closed case gets stars and a word.
    await page.goto('/portal/reports');
    const closed = page.getByTestId('portal-report').filter({ has: page.getByTestId('report-rate') }).first();
    await closed.waitFor();
    const caseTitle = (await closed.locator('h3').textContent())!;
    await closed.getByRole('radio', { name: '已解决' }).check();
    await closed.getByRole('textbox').fill('路灯修好了，晚上出门亮堂多了');
    await closed.getByTestId('report-rate').tap();
    const rated = page.getByTestId('portal-report').filter({ hasText: caseTitle });
    await expect.poll(() => rated.textContent()).toContain('您的评价');
    const mine = await read<{ items: { title: string; rating: number | null; state: string }[] }>(page, '/api/cases/mine?limit=50');
    expect(mine.items.find((c) => c.title === caseTitle)).toMatchObject({ rating: 5 });

    // Join the activity.
    await page.goto('/portal/activities');
    const activity = page.getByTestId('portal-activity').filter({ hasText: activityTitle });
    await activity.getByTestId('activity-signup').tap();
    await expect.poll(() => activity.textContent()).toContain('已报名');
  }, 360_000);

  it('books a service and shows a full slot kindly, with the next free slots to tap', async () => {
    const page = await openPage(phone);
    await signIn(page, 'demo-resident');
    await page.goto('/portal/services');
    await page.getByTestId('portal-services').waitFor();
    const points = await read<{ items: { id: string; name: string; slotCapacity: number }[] }>(page, '/api/services/points');
    const catalogue = await read<{ categories: { items: { id: string; name: string; isBookable: boolean }[] }[] }>(page, '/api/services/catalogue');
    const item = catalogue.categories.flatMap((c) => c.items).find((i) => i.isBookable)!;
    const point = points.items[0];
    await page.getByRole('combobox', { name: '服务项目' }).click();
    await page.keyboard.type(item.name);
    await page.locator('.ant-select-item-option', { hasText: item.name }).first().click();
    await page.getByRole('combobox', { name: '便民小屋' }).click();
    await page.locator('.ant-select-item-option', { hasText: point.name }).first().click();
    // The first day with a free slot in the coming week.
    let slots = 0;
    for (let day = 0; day < 7 && slots === 0; day++) {
      await page.getByTestId('booking-day').nth(day).tap();
      slots = await page.getByTestId('booking-slot').count();
    }
    expect(slots).toBeGreaterThan(0);
    const slotText = await page.getByTestId('booking-slot').last().textContent();
    // Book the last slot of the day until it is full, so the page meets a full slot.
    await page.getByTestId('booking-slot').last().tap();
    const chosen = await page.evaluate(() => document.querySelector('[data-testid="booking-slot"][aria-pressed="true"]')?.textContent);
    expect(chosen).toBe(slotText);
    await page.getByTestId('booking-address').fill('民主家园 3 号楼 2 单元 101');
    await page.getByTestId('booking-submit').tap();
    await expect.poll(() => page.getByTestId('my-booking').count()).toBeGreaterThan(0);
    for (let i = 1; i < point.slotCapacity; i++) {
      await page.getByTestId('booking-slot').filter({ hasText: slotText! }).tap();
      await page.getByTestId('booking-submit').tap();
      await page.waitForLoadState('networkidle');
    }
    await page.getByTestId('booking-slot').filter({ hasText: slotText! }).tap();
    await page.getByTestId('booking-submit').tap();
    await page.getByTestId('booking-conflict').waitFor();
    await expect.poll(() => page.getByTestId('booking-conflict').textContent()).toContain('约满');
    expect(await page.getByTestId('booking-suggestion').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
  }, 360_000);

  it('files 四清四报 from the steward’s phone, and the community board shows the stairwells still missing', async () => {
    // A stairwell newly put in a steward's care: on the board as missing until its first report.
    const admin = await adminApi();
    const demoSteward = (await admin.get<{ items: { username: string; person_id: string }[] }>('/api/users?role=steward&q=demo-steward')).items.find((u) => u.username === 'demo-steward')!;
    const secretary = await openPage(desktop);
    await signIn(secretary, 'demo-secretary');
    const steward = await openPage(phone);
    await signIn(steward, 'demo-steward');
    const home = (await read<{ scopes: { id: string }[] }>(steward, '/api/me')).scopes[0];
    const building = await admin.get<{ id: string; code: string; parentId: string }>(`/api/grids/${home.id}`);
    const stairwellName = `${stamp}单元`;
    const stairwell = await admin.post<{ id: string }>('/api/grids', { code: `${building.code.slice(0, 18)}9${Date.now() % 100000}`, name: stairwellName, level: 'stairwell', parentId: building.parentId });
    await admin.post('/api/assignments', { gridId: stairwell.id, role: 'steward', personId: demoSteward.person_id });
    await admin.post('/api/users', { username: `st-${stamp}`, password: demoPassword, role: 'steward', scope: [stairwell.id] });
    await admin.dispose();

    type Board = { period: string; filed: number; stairwells: number; missing: { gridId: string; name: string }[] };
    const before = await read<Board>(secretary, '/api/fieldwork/steward-reports/missing');
    expect(before.missing.some((m) => m.gridId === stairwell.id)).toBe(true);
    await secretary.goto('/fieldwork/steward');
    const boardPanel = secretary.getByTestId('missing-board');
    await expect.poll(() => boardPanel.textContent()).toContain(stairwellName);
    expect(await seriousViolations(secretary)).toEqual([]);

    // The steward of the new stairwell files from the phone.
    const newSteward = await openPage(phone);
    await signIn(newSteward, `st-${stamp}`);
    await newSteward.goto('/fieldwork/steward');
    await newSteward.getByTestId('steward-report-page').waitFor();
    await newSteward.getByRole('combobox', { name: '楼道（单元）' }).click();
    await newSteward.locator('.ant-select-tree-node-content-wrapper', { hasText: stairwellName }).first().click();
    await newSteward.getByLabel('居民底数清').fill('本单元 12 户 31 人，新迁入 1 户');
    await newSteward.getByLabel('家庭情况清').fill('3 户独居老人，1 户低保');
    await newSteward.getByLabel('居民需求清').fill('401 王大爷需要冬季送餐');
    await newSteward.getByLabel('安全隐患清').fill('楼道堆放纸箱，已劝离');
    await newSteward.getByLabel('需上报事项').fill('5 楼声控灯坏了');
    await newSteward.getByRole('button', { name: /提\s*交/ }).tap();
    await expect.poll(() => newSteward.getByText('已提交本月四清四报').count()).toBe(1);
    expect(await seriousViolations(newSteward)).toEqual([]);

    // The board: that stairwell is off it, one more filed, and the others still missing are listed.
    const after = await read<Board>(secretary, '/api/fieldwork/steward-reports/missing');
    expect(after.missing.some((m) => m.gridId === stairwell.id)).toBe(false);
    expect(after.filed).toBe(before.filed + 1);
    expect(after.missing.length).toBe(before.missing.length - 1);
    expect(after.missing.length).toBeGreaterThan(0);
    await secretary.reload();
    await expect.poll(() => boardPanel.textContent()).toContain(`已报 ${after.filed} / 共 ${after.stairwells} 个楼道`);
    expect(await boardPanel.textContent()).not.toContain(stairwellName);
    await expect.poll(() => boardPanel.getByText('未报', { exact: true }).count()).toBe(after.missing.length);
  }, 360_000);
});
