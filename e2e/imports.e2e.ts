import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { request, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, demoPassword, launchBrowser, newContext, signIn } from './support.js';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-e2e-imports-'));
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A stairwell the demo secretary governs, found through the API as that secretary. */
async function stairwellCode(): Promise<string> {
  const api = await request.newContext({ baseURL: baseUrl });
  const login = await api.post('/api/auth/login', { data: { username: 'demo-secretary', password: demoPassword } });
  const { token } = (await login.json()) as { token: string };
  const res = await api.get('/api/grids?level=stairwell&limit=1', { headers: { Authorization: `Bearer ${token}` } });
  const code = ((await res.json()) as { items: { code: string }[] }).items[0].code;
  await api.dispose();
  return code;
}

describe('数据导入 and 导出 Excel', () => {
  it('a secretary checks a file with a bad row, corrects it, imports it, and exports the people list as the table shows it', async () => {
    const code = await stairwellCode();
    // Unique names, so the journey can run again on the same server.
    const tag = String(Date.now()).slice(-6);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'demo-secretary');
    await page.goto('/imports');
    await page.getByRole('heading', { name: '数据导入' }).waitFor();

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `姓名,手机号,网格编码\n导入测试甲${tag},13800001111,${code}\n导入测试乙${tag},12345,${code}\n`);
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-errors').waitFor();
    expect(await page.getByTestId('import-refused').textContent()).toContain('有 1 处错误');
    expect(await page.getByTestId('import-errors').locator('tbody tr').first().textContent()).toContain('手机号应为 11 位');
    // The refused rows' report downloads as Excel, to fix the file row by row.
    const [problems] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-import-errors').click()]);
    const problemsFile = path.join(dir, 'problems.xlsx');
    await problems.saveAs(problemsFile);
    const problemsBook = new ExcelJS.Workbook();
    await problemsBook.xlsx.readFile(problemsFile);
    const problemRows = problemsBook.worksheets[0].getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1).map((v) => String(v ?? '')));
    const shown = await page.getByTestId('import-errors').locator('tbody tr.ant-table-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
    expect(problemRows).toEqual([['行号', '列', '问题'], ...shown]);
    expect(problemRows[1][2]).toContain('手机号应为 11 位');

    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, `姓名,手机号,网格编码\n导入测试甲${tag},13800001111,${code}\n导入测试乙${tag},13800002222,${code}\n`);
    await page.locator('input[type=file]').setInputFiles(good);
    await page.getByTestId('import-check').click();
    expect(await page.getByTestId('import-report').textContent()).toContain('将新建 2 条');
    await page.getByTestId('import-apply').click();
    await page.getByText('导入完成').waitFor();

    await page.goto('/people?');
    await page.getByTestId('people-search').locator('input').fill(`导入测试乙${tag}`);
    await page.getByTestId('people-search').locator('input').press('Enter');
    await page.getByTestId('people-table').getByText(`导入测试乙${tag}`).waitFor();
    const tableRows = await page.getByTestId('people-table').locator('tbody tr.ant-table-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    const file = path.join(dir, 'people.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    const exported: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) exported.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    expect(sheet.getRow(1).getCell(1).value).toBe('姓名');
    expect(exported.map((r) => r.slice(0, 6))).toEqual(tableRows.map((r) => r.slice(0, 6)));
    expect(exported.map((r) => r[4])).toEqual(['138****2222']);
    await context.close();
  }, 120_000);
});
