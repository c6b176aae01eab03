/**
 * Field work on the staff's phones (走访与任务): a grid worker logs a household visit and the
 * coverage board counts one more visited household; a community task is added by the secretary and
 * moved out by the subdistrict with reason and approver, and the cleared count rises by one; an
 * office hour published shows in the upcoming list. Every field-work page fits a 390 px phone.
 * With FIELDWORK_SHOTS=<dir> the pages are photographed at 1440 and 390.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launchBrowser, newContext, phone, signIn } from './support.js';

let browser: Browser;
const contexts: BrowserContext[] = [];
const stamp = Date.now().toString(36).slice(-5);
const shots = process.env.FIELDWORK_SHOTS;
/** Lists read every record of the caller's area: on a busy machine it takes seconds. */
const listWait = 60_000;

beforeAll(async () => {
  browser = await launchBrowser();
  if (shots) fs.mkdirSync(shots, { recursive: true });
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});
afterAll(async () => {
  await browser?.close();
});

async function openAs(username: string, viewport: typeof desktop): Promise<Page> {
  const context = await newContext(browser, viewport);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, username);
  return page;
}

async function shoot(page: Page, name: string) {
  if (!shots) return;
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

const number = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent({ timeout: listWait }))?.trim());

describe('走访与任务 on the phone', () => {
  it('a grid worker logs a visit from the phone and the coverage board counts one more visited household', async () => {
    const page = await openAs('demo-gridworker', phone);
    await page.goto('/fieldwork/visits');
    await page.getByTestId('coverage-summary').waitFor({ timeout: listWait });
    const before = await number(page, 'coverage-visited');
    const households = Number((await page.getByTestId('coverage-summary').textContent())!.match(/共 (\d+) 户/)![1]);
    expect(households).toBeGreaterThan(before);

    // The first household nobody has visited this quarter: tap 走访, it lands in the form.
    const first = page.getByTestId('unvisited-item').first();
    const where = (await first.getByTestId('unvisited-place').textContent())!.trim();
    expect(where.length).toBeGreaterThan(0);
    await first.getByTestId('unvisited-visit').click();
    await expect.poll(() => page.getByTestId('visit-form').locator('.ant-select-content, .ant-select-selection-item').first().textContent()).toBe(`${where} · 本期未走访`);
    await page.getByLabel('走访情况').fill(`了解独居老人用药情况 ${stamp}`);
    await page.getByTestId('visit-submit').click();

    await expect.poll(() => number(page, 'coverage-visited'), { timeout: listWait }).toBe(before + 1);
    const mine = page.getByTestId('visit-item').filter({ hasText: stamp });
    await mine.waitFor({ timeout: listWait });
    // The visit list names the stairwell and room, the last words of the board's place.
    expect(await mine.textContent()).toContain(where.split(' ').slice(-2).join(' '));
    expect(await mine.getByText('我', { exact: true }).count()).toBe(1);
    // The household left the unvisited list.
    expect(await page.getByTestId('unvisited-list').getByText(where, { exact: true }).count()).toBe(0);

    // A second visit to the same family: found by typing its room, it says when it was last visited.
    const again = `复诊后回访 ${stamp}`;
    const room = where.split(' ').at(-1)!;
    const picker = page.getByTestId('visit-household');
    await picker.click();
    await picker.locator('input').fill(room);
    const hit = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: where }).filter({ hasText: '上次走访' }).first();
    await hit.waitFor({ timeout: listWait });
    expect(await hit.textContent()).toMatch(/上次走访 \d{4}-\d\d-\d\d/);
    await hit.click();
    await page.getByLabel('走访情况').fill(again);
    await page.getByTestId('visit-submit').click();
    await page.getByTestId('visit-item').filter({ hasText: again }).waitFor({ timeout: listWait });
    // The household was already counted this quarter: the board does not count it twice.
    expect(await number(page, 'coverage-visited')).toBe(before + 1);
    await shoot(page, 'visits-phone');
  }, 180_000);

  it('the secretary adds a community task, the subdistrict moves it out with reason and approver, and the cleared count rises by one', async () => {
    const title = `代开居住证明 ${stamp}`;
    const secretary = await openAs('demo-secretary', desktop);
    await secretary.goto('/fieldwork/tasks');
    await secretary.getByTestId('task-form').waitFor();
    await secretary.getByLabel('事项', { exact: true }).fill(title);
    await secretary.getByLabel('交办单位').fill('派出所');
    await secretary.getByTestId('task-submit').click();
    await secretary.getByTestId('task-title').filter({ hasText: title }).waitFor({ timeout: listWait });
    await shoot(secretary, 'tasks-desktop');

    const cadre = await openAs('demo-cadre', phone);
    await cadre.goto('/fieldwork/tasks');
    await cadre.getByTestId('stat-cleared').waitFor({ timeout: listWait });
    await expect.poll(() => cadre.getByTestId('stat-cleared').textContent(), { timeout: listWait }).toMatch(/^\d+$/);
    const before = await number(cadre, 'stat-cleared');
    const task = cadre.getByTestId('task-item').filter({ hasText: title });
    await task.getByTestId('task-move-out').click({ timeout: listWait });
    const dialog = cadre.getByRole('dialog');
    await dialog.getByLabel('移出理由').fill('不属于社区职责，由派出所办理');
    await dialog.getByLabel('审批单位（人）').fill('八面通镇党委');
    await dialog.getByRole('button', { name: '确认移出' }).click();
    await expect.poll(() => number(cadre, 'stat-cleared'), { timeout: listWait }).toBe(before + 1);

    await cadre.getByTestId('task-list').locator('.ant-segmented').getByText('已移出', { exact: true }).click();
    const moved = cadre.getByTestId('task-item').filter({ hasText: title });
    await moved.waitFor();
    expect(await moved.textContent()).toMatch(/经八面通镇党委批准移出：不属于社区职责，由派出所办理/);
    await shoot(cadre, 'tasks-phone');
  }, 180_000);

  it('an office hour published in the compound shows in the upcoming list', async () => {
    const place = `民主家园3号楼前 ${stamp}`;
    const page = await openAs('demo-secretary', phone);
    await page.goto('/fieldwork/office-hours');
    const form = page.getByTestId('office-hour-form');
    await form.waitFor();
    // The grid defaults to the secretary's community once the tree has loaded.
    await expect.poll(() => form.locator('.ant-select-content, .ant-select-selection-item').first().textContent(), { timeout: listWait }).not.toBe('');
    await page.getByLabel('地点').fill(place);
    await page.getByTestId('office-hour-submit').click();
    const item = page.getByTestId('office-hour-item').filter({ hasText: place });
    await item.waitFor({ timeout: listWait });
    expect(await item.textContent()).toContain('我在小区等您');
    await shoot(page, 'office-hours-phone');
  }, 180_000);

  it('every field-work page fits the phone without sideways scrolling', async () => {
    for (const [label, viewport] of [['phone', phone], ['desktop', desktop]] as const) {
      const page = await openAs('demo-secretary', viewport);
      for (const url of ['/fieldwork/visits', '/fieldwork/tasks', '/fieldwork/office-hours', '/fieldwork/office-hours?tab=followUps', '/fieldwork/office-hours?tab=meetings', '/fieldwork/steward']) {
        await page.goto(url);
        await page.locator('.gg-page').first().waitFor({ timeout: listWait });
        await page.waitForLoadState('networkidle');
        // One nav across the field-work pages, the current one selected.
        expect(await page.getByRole('navigation', { name: '走访与任务' }).count()).toBe(1);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(`${label} ${url} ${overflow}`).toBe(`${label} ${url} 0`);
        await shoot(page, `${label}${url.replace(/[/?=]/g, '-')}`);
      }
    }
  }, 240_000);
});
