/**
 * Screenshots of every page in zh-CN on a desktop and a phone, for looking at the product:
 * `BASE_URL=http://127.0.0.1:8080 npx tsx e2e/screenshots.ts` writes screenshots/*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { clickMapLabel, desktop, launchBrowser, newContext, phone, signIn } from './support.js';

const outDir = path.resolve('screenshots');
fs.mkdirSync(outDir, { recursive: true });

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.gg-page, .gg-login').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.ant-skeleton, .ant-spin-spinning, .gg-page-spin'), undefined, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(400);
}

async function shoot(page: Page, name: string, fullPage = false) {
  await settle(page);
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage });
  process.stdout.write(`screenshots/${name}.png\n`);
}

const browser = await launchBrowser();
try {
  for (const [label, viewport] of [['desktop', desktop], ['phone', phone]] as const) {
    const context = await newContext(browser, viewport);
    const page = await context.newPage();
    await page.goto('/login');
    await shoot(page, `${label}-login`);
    await page.getByTestId('login-username').fill('demo-cadre');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await shoot(page, `${label}-login-error`);

    await signIn(page, 'demo-cadre');
    await shoot(page, `${label}-map`);
    if (viewport === phone) {
      await page.getByRole('button', { name: '打开菜单' }).click();
      await page.locator('.ant-drawer-open').waitFor();
      await shoot(page, 'phone-menu');
      await page.keyboard.press('Escape');
      await page.locator('.ant-drawer-open').waitFor({ state: 'detached' }).catch(() => undefined);
    }
    const communityLabel = page.locator('.grid-label:not(.grid-label-hidden)').first();
    await communityLabel.click({ force: true });
    await page.getByTestId('grid-panel-name').waitFor();
    await shoot(page, `${label}-map-picked`);

    const firstCompound = await page.evaluate(async () => {
      const roots = await (await fetch('/api/grids/roots')).json();
      const communities = await (await fetch(`/api/grids/${roots.items[0].id}/children`)).json();
      const compounds = await (await fetch(`/api/grids/${communities.items[0].id}/children`)).json();
      return { community: communities.items[0].id as string, compound: compounds.items[0].id as string };
    });
    await page.goto(`/grids/${firstCompound.community}`);
    await page.locator('.grid-label').first().waitFor();
    await shoot(page, `${label}-map-community`);
    await page.locator('.grid-label:not(.grid-label-hidden)').nth(3).click({ force: true });
    await page.getByTestId('grid-panel-name').waitFor();
    await shoot(page, `${label}-map-community-picked`);

    await page.goto(`/grids/${firstCompound.compound}`);
    await clickMapLabel(page);
    await page.getByTestId('assignment-steward').waitFor();
    await shoot(page, `${label}-map-steward`);

    await page.goto(`/grids/${firstCompound.community}/detail`);
    await shoot(page, `${label}-grid-detail`, true);
    await page.goto(`/grids/${firstCompound.compound}/detail`);
    await shoot(page, `${label}-compound-detail`, true);

    await page.goto('/people');
    await shoot(page, `${label}-people`);
    await page.locator('[data-testid="people-table"] tbody tr a, .gg-person-card').first().click();
    await page.getByTestId('household-table').waitFor();
    await shoot(page, `${label}-person`);
    await page.keyboard.press('Escape');

    await page.goto('/coverage');
    await shoot(page, `${label}-coverage`, true);
    await page.goto('/boundary-check');
    await shoot(page, `${label}-boundary-check`, true);
    await context.close();
  }

  // The secretary may reveal full numbers.
  const context = await newContext(browser, desktop);
  const page = await context.newPage();
  await signIn(page, 'demo-secretary');
  await settle(page);
  await shoot(page, 'desktop-secretary-map');
  await page.goto('/people');
  await page.locator('[data-testid="people-table"] tbody tr').filter({ hasText: /\d{3}\*{4}\d{4}/ }).first().locator('a').click();
  await page.getByTestId('reveal-phone').click();
  await page.waitForTimeout(500);
  await shoot(page, 'desktop-secretary-reveal');
  await page.goto('/people');
  await page.getByTestId('language-switch').getByText('EN').click();
  await shoot(page, 'desktop-people-en');
  await context.close();
} finally {
  await browser.close();
}
