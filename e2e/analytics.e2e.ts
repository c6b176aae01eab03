import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, demoPassword, desktop, launchBrowser, newContext, phone, seriousViolations, signIn } from './support.js';

let browser: Browser;
const contexts: APIRequestContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.dispose()));
  await browser?.close();
});

/** The API as one demo user, for what the journey sets up behind the page. */
async function as(username: string) {
  const context = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  contexts.push(context);
  const login = await context.post('/api/auth/login', { data: { username, password: demoPassword } });
  if (!login.ok()) throw new Error(`login ${username}: ${login.status()}`);
  const { token, csrfToken } = (await login.json()) as { token: string; csrfToken: string };
  const headers = { Authorization: `Bearer ${token}`, 'X-CSRF-Token': csrfToken };
  return {
    async get<T>(path: string): Promise<T> {
      const res = await context.get(path, { headers });
      if (!res.ok()) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async post<T>(path: string, data: unknown): Promise<T> {
      const res = await context.post(path, { headers, data });
      if (!res.ok()) throw new Error(`POST ${path}: ${res.status()} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

async function withPage(viewport: typeof desktop, run: (page: Page) => Promise<void>) {
  const context = await newContext(browser, viewport);
  try {
    await run(await context.newPage());
  } finally {
    await context.close();
  }
}

const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describe('数据看板 (dashboard) and 排名 (rankings)', () => {
  it('a secretary sees only their community, drills down to a compound, and the received count rises live when a case comes in', async () => {
    const secretary = await as('demo-secretary');
    const resident = await as('demo-resident');
    const community = (await secretary.get<{ scopes: { id: string; name: string }[] }>('/api/me')).scopes[0];
    const compound = (await resident.get<{ scopes: { id: string; name: string }[] }>('/api/me')).scopes[0];
    const communities = await secretary.get<{ items: { name: string; level: string }[] }>('/api/grids?level=community&limit=500');

    await withPage(desktop, async (page) => {
      await signIn(page, 'demo-secretary');
      await page.getByRole('menuitem', { name: '数据看板' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboard');
      await expect.poll(() => page.getByTestId('dashboard-current').textContent()).toBe(community.name);
      await expect.poll(() => page.getByTestId('kpi-received').textContent()).toMatch(/受理诉求\d/);
      // The rates carry their definitions on hover.
      await page.getByTestId('rate-closureRate').hover();
      await expect.poll(() => page.locator('.ant-tooltip').last().textContent()).toContain('口径');

      // Only this community's compounds below it; no other community anywhere on the page.
      const rows = page.locator('.gg-children-table .ant-table-row');
      await expect.poll(() => rows.count()).toBeGreaterThan(1);
      const body = (await page.getByTestId('dashboard').textContent()) ?? '';
      for (const other of communities.items.map((c) => c.name).filter((n) => n !== community.name)) expect(body).not.toContain(other);

      // Drill down by clicking the compound's row (paging through the table to it).
      const row = rows.filter({ hasText: compound.name }).first();
      for (let i = 0; i < 10 && !(await row.isVisible()); i++) await page.locator('.gg-children-table .ant-pagination-next').click();
      await row.click();
      await expect.poll(() => page.getByTestId('dashboard-current').textContent()).toBe(compound.name);
      await expect.poll(() => new URL(page.url()).searchParams.get('grid')).toBe(compound.id);
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.getByTestId('dashboard-live').textContent()).toBe('实时');
      const before = digits(await page.getByTestId('kpi-received').textContent());

      // A case reported through the API: the open page counts it without a reload.
      const categories = await resident.get<{ items: { children: { id: string; code: string }[] }[] }>('/api/cases/categories');
      const category = categories.items.flatMap((g) => g.children)[0];
      await resident.post('/api/cases', { categoryId: category.id, description: `楼道灯不亮，晚上上下楼看不清 ${Date.now()}`, gridId: compound.id, address: `${compound.name}3号楼` });
      await expect.poll(async () => digits(await page.getByTestId('kpi-received').textContent()), { timeout: 15_000 }).toBe(before + 1);

      expect(await seriousViolations(page, { exclude: ['canvas', '.leaflet-container'] })).toEqual([]);
    });
  });

  it('the dashboard stacks its panels on the phone', async () => {
    await withPage(phone, async (page) => {
      await signIn(page, 'demo-secretary');
      await page.goto('/dashboard');
      await expect.poll(() => page.getByTestId('kpi-received').textContent()).toMatch(/\d/);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(phone.width);
      const [first, second] = await Promise.all([page.getByTestId('kpi-received').boundingBox(), page.getByTestId('rate-responseRate').boundingBox()]);
      expect(first!.width).toBeLessThan(phone.width / 2);
      expect(second!.y).toBeGreaterThan(first!.y);
    });
  });

  it('the rankings page shows a red and a black list of the compounds, and exports them', async () => {
    await withPage(desktop, async (page) => {
      await signIn(page, 'demo-secretary');
      await page.goto('/rankings?subject=grid&indicator=resolutionRate&minVolume=1&size=3');
      const red = page.getByTestId('rank-red').locator('.gg-rank-item');
      const black = page.getByTestId('rank-black').locator('.gg-rank-item');
      await expect.poll(() => red.count()).toBe(3);
      await expect.poll(() => black.count()).toBeGreaterThan(0);
      const redNames = await red.locator('.gg-rank-name').allTextContents();
      const blackNames = await black.locator('.gg-rank-name').allTextContents();
      expect(redNames.filter((n) => blackNames.includes(n))).toEqual([]);
      await expect.poll(() => page.getByTestId('rank-red').textContent()).toContain('红榜');
      await expect.poll(() => page.getByTestId('rank-black').textContent()).toContain('黑榜');
      expect(await seriousViolations(page, { exclude: ['canvas', '.leaflet-container'] })).toEqual([]);
      const download = page.waitForEvent('download');
      await page.getByTestId('rank-export').click();
      expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    });
  });
});
