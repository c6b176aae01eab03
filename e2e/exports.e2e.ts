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
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-e2e-exports-'));
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Clicks an 导出 Excel button, saves what the browser downloads and reads it back: the header row and the rows under it. */
async function exportOf(page: Page, button: Locator, name: string): Promise<{ titles: string[]; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = path.join(dir, `${name}.xlsx`);
  await download.saveAs(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  const read = (n: number) => {
    const row = sheet.getRow(n);
    return Array.from({ length: sheet.columnCount }, (_, i) => String(row.getCell(i + 1).value ?? ''));
  };
  const rows: string[][] = [];
  for (let n = 2; n <= sheet.rowCount; n++) rows.push(read(n));
  return { titles: read(1), rows };
}

const texts = (locator: Locator) => locator.evaluateAll((nodes) => nodes.map((n) => (n.textContent ?? '').trim()));

describe('导出 Excel on the card and board lists', () => {
  it('a secretary exports the wish board, the pending action items and the missing 四清四报 board, and each file holds what the page shows', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'demo-secretary');

    // 微心愿: every wish of the filter (the page says how many), the first ones as the cards show them.
    await page.goto('/wishes');
    await page.getByTestId('wish-item').first().waitFor();
    const total = Number(/共 (\d+) 条/.exec((await page.getByTestId('wishes-total').textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(0);
    const cardTitles = await texts(page.getByTestId('wish-title'));
    const cardStatuses = await texts(page.getByTestId('wish-status'));
    expect(cardTitles.length).toBe(Math.min(total, 100));
    const wishes = await exportOf(page, page.getByTestId('export-button'), 'wishes');
    expect(wishes.titles).toEqual(['心愿', '状态', '审核', '说明', '受助人', '所在网格', '类别', '价值（元）', '认领人', '原因', '感谢']);
    expect(wishes.rows).toHaveLength(total);
    expect(wishes.rows.slice(0, cardTitles.length).map((r) => r[0])).toEqual(cardTitles);
    expect(wishes.rows.slice(0, cardStatuses.length).map((r) => r[1])).toEqual(cardStatuses);
    // Enums come out translated, as the cards word them.
    expect(wishes.rows.every((r) => ['物质类', '服务类', '陪伴类'].includes(r[6]))).toBe(true);

    // 待办事项: the board's cards owner by owner, with the state and the deadline each card shows.
    await page.goto('/deliberation/action-items');
    await page.getByTestId('board-item').first().waitFor();
    const cards = await page.getByTestId('owner-column').evaluateAll((columns) =>
      columns.flatMap((column) => {
        const owner = (column.querySelector('.dl-owner-head strong')?.textContent ?? '').trim();
        return [...column.querySelectorAll('[data-testid="board-item"]')].map((item) => ({
          owner,
          title: (item.querySelector('.dl-item-title')?.textContent ?? '').trim(),
          state: (item.querySelector('.ant-tag')?.textContent ?? '').trim(),
        }));
      }),
    );
    expect(cards.length).toBeGreaterThan(0);
    const items = await exportOf(page, page.getByTestId('export-button'), 'action-items');
    expect(items.titles).toEqual(['责任单位或责任人', '事项', '议事机构', '决议', '状态', '完成期限', '完成进度', '进展说明']);
    expect(items.rows.map((r) => ({ owner: r[0], title: r[1], state: r[4] }))).toEqual(cards);
    expect(items.rows[0][3]).toMatch(/^决议〔.+〕$/);
    expect(items.rows[0][6]).toMatch(/^\d+%$/);

    // Another filter, another file: 已完成 exports the done items only.
    await page.getByTestId('action-filter').getByText('已完成').click();
    await page.getByTestId('board-item').first().getByText('已完成', { exact: true }).waitFor();
    const doneCount = await page.getByTestId('board-item').count();
    const done = await exportOf(page, page.getByTestId('export-button'), 'action-items-done');
    expect(done.rows).toHaveLength(doneCount);
    expect(done.rows.every((r) => r[4] === '已完成')).toBe(true);

    // 四清四报: the stairwells without this month's report, as the board lists them.
    await page.goto('/fieldwork/steward');
    const board = page.getByTestId('missing-board');
    await board.getByText(/已报 \d+ \/ 共 \d+ 个楼道/).waitFor();
    const [filed, stairwells] = ((await board.getByText(/已报 \d+ \/ 共 \d+ 个楼道/).textContent()) ?? '').match(/\d+/g)!.map(Number);
    const names = await texts(board.getByTestId('missing-name'));
    expect(names).toHaveLength(stairwells - filed);
    expect(names.length).toBeGreaterThan(0);
    const missing = await exportOf(page, board.getByTestId('export-button'), 'missing');
    expect(missing.titles).toEqual(['状态', '楼道（单元）', '楼道长']);
    expect(missing.rows.map((r) => r[1])).toEqual(names);
    expect(missing.rows.every((r) => r[0] === '未报')).toBe(true);
    const stewards = await board.getByTestId('missing-item').evaluateAll((items) => items.map((i) => (i.querySelector('[data-testid="missing-steward"]')?.textContent ?? '').replace(/^·\s*/, '').trim()));
    expect(missing.rows.map((r) => r[2])).toEqual(stewards);
    await context.close();
  }, 180_000);

  it('the dashboard’s drill-down table, a grid’s responsible people and an open need’s ranked matches export what they show', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'demo-secretary');
    const read = <T,>(url: string) => page.evaluate(async (u) => (await fetch(u, { headers: { Accept: 'application/json' } })).json(), url) as Promise<T>;

    // 数据看板: the subtree's children, every one of them (the table shows ten a page).
    await page.goto('/dashboard');
    const table = page.locator('.gg-children-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    const shownNames = await texts(table.locator('tbody tr.ant-table-row td:first-child'));
    const children = await exportOf(page, page.getByTestId('export-children'), 'children');
    expect(children.titles.slice(0, 3)).toEqual(['网格', '层级', '受理']);
    expect(children.rows.length).toBeGreaterThanOrEqual(shownNames.length);
    expect(children.rows.slice(0, shownNames.length).map((r) => r[0])).toEqual(shownNames);

    // 网格详情: who is responsible, as the table lists them (phones masked in both).
    const me = await read<{ scopes: { id: string }[] }>('/api/me');
    const scopeId = me.scopes[0].id;
    await page.goto(`/grids/${scopeId}/detail`);
    const assignments = page.getByTestId('assignment-table');
    await assignments.locator('tbody tr.ant-table-row').first().waitFor();
    const holders = await texts(assignments.locator('tbody tr.ant-table-row td:nth-child(2)'));
    const people = await exportOf(page, page.getByTestId('export-assignments'), 'assignments');
    expect(people.titles.slice(0, 3)).toEqual(['职责', '姓名/组织', '联系电话']);
    expect(people.rows.map((r) => r[1])).toEqual(holders);
    expect(people.rows.every((r) => r[2] === '—' || /^\d{3}\*{4}\d{4}$/.test(r[2]))).toBe(true);

    // 需求详情: the resources that could meet an open need, ranked as the list ranks them.
    const needs = await read<{ items: { id: string; title: string }[] }>('/api/cobuild/needs?state=open&limit=50');
    let needId: string | undefined;
    for (const n of needs.items) {
      if ((await read<{ items: unknown[] }>(`/api/cobuild/needs/${n.id}/matches`)).items.length > 0) {
        needId = n.id;
        break;
      }
    }
    expect(needId).toBeDefined();
    await page.goto(`/cobuild/needs/${needId}`);
    const list = page.getByTestId('need-matches');
    await list.locator('.ant-list-item').first().waitFor();
    const titles = await texts(list.locator('.ant-list-item-meta-title'));
    const matches = await exportOf(page, page.getByTestId('export-matches'), 'matches');
    expect(matches.titles).toEqual(['匹配度', '名称', '提供单位', '类别', '可用余量', '可用时间', '匹配理由']);
    expect(matches.rows.map((r) => r[1])).toEqual(titles);
    expect(matches.rows.every((r) => Number(r[0]) >= 0 && r[6].length > 0)).toBe(true);
    await context.close();
  }, 180_000);
});
