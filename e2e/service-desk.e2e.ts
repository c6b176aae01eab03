/**
 * 服务受理 (/services/desk), as a community secretary works it at the hall's desk: a hotline call
 * logged, another question answered, a third turned into a case in one step (landing on the case),
 * a mediated dispute recorded with its outcome, and the consultations list exported with the rows
 * the page shows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, signIn } from './support.js';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-e2e-desk-'));
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const stamp = Date.now().toString(36).slice(-5);

/** Reads JSON with the page's own session, as the app does. */
const read = <T>(page: Page, url: string) => page.evaluate(async (u) => (await fetch(u, { headers: { Accept: 'application/json' } })).json(), url) as Promise<T>;

interface ConsultationRow { id: string; channel: string; topic: string; question: string; answer: string | null; status: string; caseId: string | null; askerName: string | null }
interface Stats { consultations: number; disputesSettledByAlliance: number }

/** A figure of the desk's header as a number. */
async function figure(page: Page, key: string): Promise<number> {
  const text = (await page.getByTestId(`desk-figure-${key}`).locator('.ant-statistic-content-value').textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

/** Picks an option of an antd Select by its label, inside a dialog. */
async function choose(scope: Locator, page: Page, label: string, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  const item = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first();
  await item.waitFor();
  await item.click();
}

/** Logs a consultation through the 登记咨询 dialog and returns it as the API stores it. */
async function logConsultation(page: Page, v: { channel: string; topic: string; question: string; askerName: string }): Promise<ConsultationRow> {
  await page.getByTestId('consultation-new').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('consultation-form').waitFor();
  await dialog.locator('label.ant-radio-button-wrapper', { hasText: v.channel }).click();
  await expect.poll(() => dialog.getByRole('radio', { name: v.channel }).isChecked()).toBe(true);
  await choose(dialog, page, '咨询类别', v.topic);
  await dialog.getByTestId('consultation-question-input').fill(v.question);
  await dialog.getByTestId('consultation-asker').fill(v.askerName);
  await dialog.getByTestId('consultation-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  const card = page.getByTestId('consultation-item').filter({ hasText: v.question });
  await card.waitFor();
  const found = (await read<{ items: ConsultationRow[] }>(page, '/api/services/consultations?limit=20')).items.find((c) => c.question === v.question);
  expect(found).toBeDefined();
  return found!;
}

async function exportOf(page: Page, button: Locator, name: string, fileName = '咨询登记'): Promise<{ titles: string[]; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${fileName}-\\d{4}-\\d\\d-\\d\\d\\.xlsx$`));
  const file = path.join(dir, `${name}.xlsx`);
  await download.saveAs(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  const row = (n: number) => Array.from({ length: sheet.columnCount }, (_, i) => String(sheet.getRow(n).getCell(i + 1).value ?? ''));
  const rows: string[][] = [];
  for (let n = 2; n <= sheet.rowCount; n++) rows.push(row(n));
  return { titles: row(1), rows };
}

describe('服务受理: consultations, mediations and the export at the service desk', () => {
  it('a secretary logs a hotline call, answers another, turns a third into a case, records a mediation, exports the list, and pages, exports and cancels bookings', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'demo-secretary');

    // The menu leads to the desk.
    await page.getByRole('menuitem', { name: '服务受理' }).click();
    await page.waitForURL('**/services/desk');
    await page.getByTestId('desk-consultations').waitFor();
    const before = await read<Stats>(page, '/api/services/stats');
    await expect.poll(() => figure(page, 'consultations')).toBe(before.consultations);

    // 1. A hotline call, logged without an answer: open, from the hotline, with the caller's name.
    const call = await logConsultation(page, { channel: '热线电话', topic: '社保', question: `灵活就业人员怎么续交养老保险？（${stamp}）`, askerName: '刘先生' });
    expect(call).toMatchObject({ channel: 'hotline', topic: 'socialSecurity', status: 'open', askerName: '刘先生', answer: null });
    const callCard = page.getByTestId('consultation-item').filter({ hasText: call.question });
    await expect.poll(() => callCard.getByTestId('consultation-state').textContent()).toBe('待答复');
    expect(await callCard.textContent()).toContain('热线电话');
    await expect.poll(() => figure(page, 'consultations')).toBe(before.consultations + 1);

    // 2. A question at the hall, answered afterwards: the card shows the answer.
    const asked = await logConsultation(page, { channel: '服务大厅', topic: '入学', question: `孩子明年上小学要准备哪些材料？（${stamp}）`, askerName: '王女士' });
    const askedCard = page.getByTestId('consultation-item').filter({ hasText: asked.question });
    await askedCard.getByTestId('consultation-answer-open').click();
    const answer = '户口本、房产证明和预防接种证，6月到社区服务大厅登记。';
    await page.getByRole('dialog').getByTestId('answer-input').fill(answer);
    await page.getByRole('dialog').getByTestId('answer-submit').click();
    await expect.poll(() => askedCard.getByTestId('consultation-answer').textContent()).toContain(answer);
    expect(await askedCard.getByTestId('consultation-state').textContent()).toBe('已答复');
    const answered = await read<ConsultationRow>(page, `/api/services/consultations/${asked.id}`);
    expect(answered).toMatchObject({ status: 'answered', answer, channel: 'hall' });

    // 3. A leak that is really a problem to solve: one step into a case, landing on the case page.
    const leak = await logConsultation(page, { channel: '微信公众号', topic: '住房', question: `楼道消防通道被杂物堵住了，没人清理（${stamp}）`, askerName: '赵先生' });
    await page.getByTestId('consultation-item').filter({ hasText: leak.question }).getByTestId('consultation-case-open').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('category-cascader').click();
    await page.locator('.gg-category-popup .ant-cascader-menu-item', { hasText: '小区环境秩序' }).click();
    await page.locator('.gg-category-popup .ant-cascader-menu-item', { hasText: '消防通道堵塞' }).click();
    await dialog.getByTestId('case-address').fill('3号楼2单元');
    await dialog.getByTestId('case-submit').click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await expect.poll(() => page.getByTestId('case-description').textContent()).toContain(leak.question);
    expect(await read<ConsultationRow>(page, `/api/services/consultations/${leak.id}`)).toMatchObject({ status: 'turnedIntoCase', caseId });

    // Back at the desk the consultation says so and links to its case.
    await page.goBack();
    const leakCard = page.getByTestId('consultation-item').filter({ hasText: leak.question });
    await expect.poll(() => leakCard.getByTestId('consultation-state').textContent()).toBe('已转事件');
    expect(await leakCard.getByTestId('consultation-case-link').getAttribute('href')).toBe(`/cases/${caseId}`);
    expect(await leakCard.getByTestId('consultation-case-open').count()).toBe(0);

    // 4. A dispute mediated by the alliance and settled: listed, and the figure rises by one.
    await page.getByRole('tab', { name: '调解' }).click();
    await page.getByTestId('desk-mediations').waitFor();
    const settledBefore = await figure(page, 'disputesSettled');
    expect(settledBefore).toBe(before.disputesSettledByAlliance);
    // The grid defaults to the secretary's area once the grid roots arrive.
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/grids/roots')), page.getByTestId('mediation-new').click()]);
    const form = page.getByRole('dialog');
    const title = `楼上楼下漏水纠纷（${stamp}）`;
    await form.getByTestId('mediation-title-input').fill(title);
    await form.getByTestId('mediation-parties').fill('3楼住户与4楼住户');
    await form.locator('label.ant-radio-button-wrapper', { hasText: '未调解成功' }).click();
    await form.locator('label.ant-radio-button-wrapper', { hasText: /^调解成功$/ }).click();
    await expect.poll(() => form.getByRole('radio', { name: '调解成功', exact: true }).isChecked()).toBe(true);
    await form.getByTestId('mediation-mediator').fill('李调解员');
    await form.getByTestId('mediation-submit').click();
    await form.waitFor({ state: 'hidden' });
    const mediation = page.getByTestId('mediation-item').filter({ hasText: title });
    await mediation.waitFor();
    expect(await mediation.getByTestId('mediation-outcome').textContent()).toBe('调解成功');
    expect(await mediation.textContent()).toContain('3楼住户与4楼住户');
    await expect.poll(() => figure(page, 'disputesSettled')).toBe(settledBefore + 1);
    const mediations = await read<{ items: { title: string; outcome: string; isByAlliance: boolean; mediatorName: string }[] }>(page, '/api/services/mediations?limit=5');
    expect(mediations.items.find((m) => m.title === title)).toMatchObject({ outcome: 'settled', isByAlliance: true, mediatorName: '李调解员' });

    // 5. The open hotline consultations, filtered and exported: the file holds every one the filter finds, as the cards word them.
    await page.getByRole('tab', { name: '咨询' }).click();
    await page.getByTestId('desk-consultations').waitFor();
    await choose(page.getByTestId('desk-consultations'), page, '来源渠道', '热线电话');
    await choose(page.getByTestId('desk-consultations'), page, '状态', '待答复');
    const listed = await read<{ items: ConsultationRow[]; total: number }>(page, '/api/services/consultations?channel=hotline&status=open&limit=500');
    expect(listed.items.map((c) => c.id)).toContain(call.id);
    await expect.poll(() => page.getByTestId('consultations-total').textContent()).toBe(`共 ${listed.total} 条`);
    await expect.poll(() => page.getByTestId('consultation-item').first().getByTestId('consultation-question').textContent()).toBe(listed.items[0].question);
    const file = await exportOf(page, page.getByTestId('export-consultations'), 'consultations');
    expect(file.titles).toEqual(['登记时间', '来源渠道', '咨询类别', '咨询人', '咨询内容', '状态', '答复', '答复时间']);
    expect(file.rows).toHaveLength(listed.total);
    expect(file.rows.slice(0, listed.items.length).map((r) => r[4])).toEqual(listed.items.map((c) => c.question));
    expect(new Set(file.rows.map((r) => r[1]))).toEqual(new Set(['热线电话']));
    expect(new Set(file.rows.map((r) => r[5]))).toEqual(new Set(['待答复']));
    expect(file.rows.find((r) => r[4] === call.question)).toEqual([expect.stringMatching(/\d/), '热线电话', '社保', '刘先生', call.question, '待答复', '', '']);

    // 6. The bookings at the area's service points: those still booked, paged on the server, exported whole; cancelling one takes it off.
    await page.getByRole('tab', { name: '预约' }).click();
    const bookingsTab = page.getByTestId('desk-bookings');
    await bookingsTab.waitFor();
    await choose(bookingsTab, page, '状态', '已预约');
    const booked = await read<{ items: { id: string; residentName: string }[]; total: number }>(page, '/api/services/bookings?status=booked&limit=500');
    expect(booked.total).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('bookings-total').textContent()).toBe(`共 ${booked.total} 条`);
    await expect.poll(() => page.getByTestId('booking-item').count()).toBe(Math.min(20, booked.total));
    const bookingFile = await exportOf(page, page.getByTestId('export-desk-bookings'), 'bookings', '服务预约');
    expect(bookingFile.rows).toHaveLength(booked.total);
    expect(new Set(bookingFile.rows.map((r) => r[5]))).toEqual(new Set(['已预约']));
    expect(bookingFile.rows.map((r) => r[3])).toEqual(booked.items.map((b) => b.residentName));
    await page.getByTestId('booking-item').first().getByTestId('booking-cancel').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '是' }).click();
    await expect.poll(() => page.getByTestId('bookings-total').textContent()).toBe(`共 ${booked.total - 1} 条`);
    expect((await read<{ items: { id: string; status: string }[] }>(page, `/api/services/bookings/${booked.items[0].id}`) as unknown as { status: string }).status).toBe('cancelled');
    await context.close();
  });
});
