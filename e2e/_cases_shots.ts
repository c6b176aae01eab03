import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { desktop, launchBrowser, newContext, phone, signIn } from './support.js';

const outDir = '/tmp/ggdev/shots';
fs.mkdirSync(outDir, { recursive: true });
const only = process.argv[2];
async function shoot(page: Page, name: string, fullPage = true) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .gg-page-spin'), undefined, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage });
  console.log(name);
}
const browser = await launchBrowser();
const errors: string[] = [];
try {
  for (const [label, viewport] of [['desktop', desktop], ['phone', phone]] as const) {
    if (only && !only.includes(label)) continue;
    const ctx = await newContext(browser, viewport);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`${label} ${page.url()} ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`${label} ${page.url()} console: ${m.text()}`));
    await page.goto('/report');
    await shoot(page, `${label}-report`);
    await page.goto('/track');
    await shoot(page, `${label}-track`, false);
    await signIn(page, 'demo-steward');
    await page.goto('/cases/inbox');
    await shoot(page, `${label}-inbox-steward`);
    const first = page.locator('a[href^="/cases/"]').filter({ hasText: /^\d{4}-\d{6}$/ }).first();
    if (await first.count()) {
      await first.click();
      await page.getByTestId('case-page').waitFor();
      await shoot(page, `${label}-case`);
    }
    await page.goto('/cases/new');
    await shoot(page, `${label}-new`);
    await ctx.clearCookies();
    await signIn(page, 'demo-secretary');
    await page.goto('/command');
    await page.waitForTimeout(1500);
    await shoot(page, `${label}-command`);
    await page.goto('/cases');
    await shoot(page, `${label}-list`);
    await ctx.clearCookies();
    await signIn(page, 'admin', 'admin-pass-2026');
    await page.goto('/admin/categories');
    await shoot(page, `${label}-categories`, false);
    await page.goto('/admin/calendar');
    await shoot(page, `${label}-calendar`);
    await ctx.close();
  }
} finally {
  await browser.close();
  console.log(errors.join('\n'));
}
