import { AxeBuilder } from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { request, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, demoPassword, launchBrowser, newContext, phone, signIn } from './support.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Report = { grid: { name: string }; period: { from: string; to: string }; figures: { id: string; value: number }[] };

/** The report as the API gives it to the same user, to compare with what the page and the workbook show. */
async function apiReport(username: string): Promise<Report> {
  const context = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  try {
    const login = await context.post('/api/auth/login', { data: { username, password: demoPassword } });
    const { token } = (await login.json()) as { token: string };
    const res = await context.get('/api/reports/results', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status()).toBe(200);
    return (await res.json()) as Report;
  } finally {
    await context.dispose();
  }
}

describe('成效报告 (results report)', () => {
  it('a cadre opens it from the menu, reads the article\'s figures, prints it on A4 without the app around it and downloads the same figures as Excel', async () => {
    const expected = await apiReport('demo-cadre');
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'demo-cadre');
    await page.getByRole('menuitem', { name: '成效报告' }).click();
    await page.waitForURL('**/reports/results');
    const sheet = page.getByTestId('results-report');
    await sheet.waitFor();
    await expect.poll(() => page.getByTestId('results-grid').textContent()).toContain(expected.grid.name);
    await expect.poll(() => page.getByTestId('results-period').textContent()).toContain(expected.period.to);
    for (const heading of ['织密“一张网”', '民事民议民决', '共驻共建', '微心愿', '便民服务联盟', '四室联动']) await expect.poll(() => sheet.locator('h3').filter({ hasText: heading }).count()).toBe(1);
    // Each value on the page is the API's, beside the article's words.
    for (const f of expected.figures) {
      const row = page.getByTestId(`figure-${f.id}`);
      expect(Number(((await row.locator('strong').textContent()) ?? '').replace(/,/g, '')), f.id).toBe(f.value);
    }
    expect(await page.getByTestId('figure-wishesFulfilled').textContent()).toContain('微心愿');
    expect(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze().then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id))).toEqual([]);

    // Print: the sheet alone, no header, menu or controls.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.gg-header').isVisible()).toBe(false);
    expect(await page.locator('.gg-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('results-excel').isVisible()).toBe(false);
    expect(await sheet.isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });

    // Excel: the same figures, in the same order.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-excel').click()]);
    expect(download.suggestedFilename()).toMatch(/^成效报告_.+\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheetRows = workbook.worksheets[0].getSheetValues() as unknown[];
    const rows = sheetRows.filter((r): r is unknown[] => Array.isArray(r) && typeof r[2] === 'string' && expected.figures.some((f) => f.id === r[2]));
    expect(rows.map((r) => [r[2], r[4]])).toEqual(expected.figures.map((f) => [f.id, f.value]));
    await context.close();
  });

  it('fits a phone without sideways scrolling', async () => {
    const context = await newContext(browser, phone);
    const page = await context.newPage();
    await signIn(page, 'demo-secretary');
    await page.goto('/reports/results');
    await page.getByTestId('results-report').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await context.close();
  });
});
