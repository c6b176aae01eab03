import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Where the server under test listens (BASE_URL, passed on by e2e/vitest.config.ts). */
export const baseUrl = process.env.E2E_BASE_URL ?? (process.env.BASE_URL?.startsWith('http') ? process.env.BASE_URL : 'http://127.0.0.1:8080');
export const demoPassword = process.env.GRIDGOV_DEMO_PASSWORD ?? 'demo-pass-2026';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const desktop = { width: 1440, height: 900 };
export const phone = { width: 390, height: 844 };

/** A fresh context in Chinese (the product's first language), like a new visitor. */
export async function newContext(browser: Browser, viewport = desktop): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'zh-CN',
    deviceScaleFactor: viewport === phone ? 2 : 1,
    isMobile: viewport === phone,
    hasTouch: viewport === phone,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Signs in through the login page and waits for the shell. */
export async function signIn(page: Page, username: string, password = demoPassword): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Grids and people as the admin sees them, to set up what a journey then checks through the UI. */
export async function adminApi() {
  const { request } = await import('playwright-core');
  const context = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  const login = await context.post('/api/auth/login', { data: { username: 'admin', password: process.env.GRIDGOV_ADMIN_PASSWORD ?? 'admin-pass-2026' } });
  if (!login.ok()) throw new Error(`admin login failed: ${login.status()}`);
  const { token, csrfToken } = (await login.json()) as { token: string; csrfToken: string };
  const headers = { Authorization: `Bearer ${token}`, 'X-CSRF-Token': csrfToken };
  return {
    async get<T>(path: string): Promise<T> {
      const response = await context.get(path, { headers });
      if (!response.ok()) throw new Error(`GET ${path}: ${response.status()}`);
      return (await response.json()) as T;
    },
    async post<T>(path: string, data: unknown): Promise<T> {
      const response = await context.post(path, { headers, data });
      if (!response.ok()) throw new Error(`POST ${path}: ${response.status()}`);
      return (await response.json()) as T;
    },
    dispose: () => context.dispose(),
  };
}

/** Clicks where a map label sits: labels let clicks through to the shape under them, as for a person. */
export async function clickMapLabel(page: Page, name?: string): Promise<string> {
  const labels = page.locator('[data-testid="grid-map"] .grid-label:not(.grid-label-hidden)');
  const label = name ? labels.filter({ hasText: name }).first() : labels.first();
  await label.waitFor();
  await page.waitForLoadState('networkidle');
  const text = (await label.textContent()) ?? '';
  // The map fits its bounds once the grid's detail arrives: wait until the label stops moving.
  let box = await label.boundingBox();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(150);
    const next = await label.boundingBox();
    if (box && next && Math.abs(next.x - box.x) < 0.5 && Math.abs(next.y - box.y) < 0.5) break;
    box = next;
  }
  if (!box) throw new Error(`label ${text} has no box`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  return text;
}

/**
 * Picks `name` in a searchable antd multiple Select, as a person types and taps it. On a busy
 * machine the list can re-render under the tap (the search answer arrives late), so a tap that did
 * not take is tried again (unless it took late), at most three times; the select must show the name in the end.
 */
export async function pickInSelect(page: Page, select: Locator, name: string): Promise<void> {
  const chosen = select.locator('.ant-select-selection-item', { hasText: name }).first();
  for (let attempt = 1; ; attempt++) {
    // A slow first tap may still have taken: tapping again would take the name out.
    if (await chosen.isVisible()) return;
    const input = select.locator('input').first();
    await input.click();
    await input.fill(name);
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: name }).first();
    await option.waitFor();
    await option.click();
    const took = await chosen.waitFor({ timeout: 5_000 })
      .then(() => true, () => false);
    await page.keyboard.press('Escape');
    if (took) return;
    if (attempt === 3) throw new Error(`the select never showed “${name}” after three taps`);
  }
}

/**
 * The serious and critical axe findings (WCAG 2.1 A and AA) of the page as it rests: the pointer
 * moved away from any button, no button still loading, and every running CSS animation or
 * transition finished (a toast fading in has a contrast it does not keep), or three seconds passed.
 */
export async function seriousViolations(page: Page, options: { exclude?: string[] } = {}): Promise<string[]> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await page
    // Endless animations (a pulsing "live" dot, a spinner) are left running; a button still
    // loading (drawn faded on purpose) is waited for.
    .waitForFunction(
      () => !document.querySelector('.ant-btn-loading') && document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 3_000, polling: 100 },
    )
    .catch(() => undefined);
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}
