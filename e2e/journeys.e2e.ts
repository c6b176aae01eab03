import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, clickMapLabel, desktop, launchBrowser, newContext, phone, seriousViolations, signIn } from './support.js';

interface GridNode {
  id: string;
  name: string;
  level: string;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function withPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    return await run(page);
  } finally {
    await context.close();
  }
}

function treeNode(page: Page, name: string) {
  return page.getByTestId('grid-tree').locator('.ant-tree-treenode').filter({ has: page.locator('.gg-tree-node', { hasText: new RegExp(`^${name}`) }) });
}

describe('网格地图 (grid map)', () => {
  it('a cadre clicks a compound and then a building on the map and sees who is responsible there', async () => {
    await withPage(async (page) => {
      // A cadre lands on the dashboard and opens the map from the menu.
      await signIn(page, 'demo-cadre');
      await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboard');
      await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('包保干部');
      await page.getByRole('menuitem', { name: '网格地图' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/grids');

      // Open 民主社区 from the tree: the map now shows its compounds.
      await treeNode(page, '民主社区').locator('.ant-tree-node-content-wrapper').click();
      await expect.poll(() => page.getByTestId('map-breadcrumb').textContent()).toMatch(/民主社区$/);
      await expect.poll(() => page.getByTestId('grid-panel-name').textContent()).toBe('民主社区');
      const compound = await clickMapLabel(page);
      const panel = page.getByTestId('grid-panel');
      // The deepest grid under the point: the compound itself, or a stairwell inside it.
      await expect.poll(async () => (await panel.textContent()) ?? '').toContain(compound);
      await expect.poll(() => panel.getByTestId('assignment-list').textContent()).toMatch(/网格员|楼道红管家/);
      await expect.poll(() => panel.textContent()).toContain('点选位置');

      // Into the compound (tree), then a building on the map: its stairwell and 楼道红管家.
      await treeNode(page, '民主社区').locator('.ant-tree-switcher').click().catch(() => undefined);
      await treeNode(page, compound).locator('.ant-tree-node-content-wrapper').click();
      // The map now shows the compound (its buildings), not the community it came from.
      await expect.poll(() => page.getByTestId('map-breadcrumb').textContent()).toMatch(new RegExp(`${compound}$`));
      await expect.poll(() => page.getByTestId('grid-panel').textContent()).not.toContain('点选位置');
      await clickMapLabel(page);
      await expect.poll(() => panel.textContent()).toContain('单元/楼道');
      const steward = panel.getByTestId('assignment-steward');
      await expect.poll(() => steward.textContent()).toMatch(/楼道红管家.+\d{3}\*{4}\d{4}/);
      await expect.poll(() => panel.locator('.ant-breadcrumb').textContent()).toContain(compound);
    });
  });
});

describe('管辖范围 (scope)', () => {
  it('a community secretary sees only 民主社区: tree, people search and direct API reads', async () => {
    const admin = await adminApi();
    try {
      const [town] = (await admin.get<{ items: GridNode[] }>('/api/grids/roots')).items.flatMap((root) => [root]);
      const townId = town.level === 'subdistrict' ? town.id : (await admin.get<{ items: GridNode[] }>(`/api/grids?level=subdistrict&q=${encodeURIComponent('八面通')}`)).items[0].id;
      const communities = (await admin.get<{ items: GridNode[] }>(`/api/grids/${townId}/children`)).items;
      const minzhu = communities.find((c) => c.name === '民主社区')!;
      const other = communities.find((c) => c.name !== '民主社区')!;
      const outsider = (await admin.get<{ items: { id: string; name: string }[] }>(`/api/people?grid=${other.id}&limit=1`)).items[0];
      const { value: outsiderIdNumber } = await admin.post<{ value: string }>(`/api/people/${outsider.id}/reveal`, { field: 'idNumber' });
      const compoundNames = (await admin.get<{ items: GridNode[] }>(`/api/grids/${minzhu.id}/children?limit=500`)).items.map((c) => c.name);

      await withPage(async (page) => {
        await signIn(page, 'demo-secretary');
        await expect.poll(() => page.getByTestId('scope-name').textContent()).toContain('民主社区');
        await page.getByRole('menuitem', { name: '网格地图' }).click();

        // The tree starts at 民主社区 and holds no other community.
        const tree = page.getByTestId('grid-tree');
        await expect.poll(() => tree.locator('.ant-tree-treenode').first().textContent()).toMatch(/^民主社区/);
        await expect.poll(() => tree.locator('.ant-tree-treenode').count()).toBeGreaterThan(1);
        const treeText = (await tree.textContent()) ?? '';
        for (const c of communities.filter((x) => x.id !== minzhu.id)) expect(treeText).not.toContain(c.name);

        // People: every row lives in a compound of 民主社区.
        await page.getByRole('link', { name: '人员查询' }).click();
        const rows = page.locator('[data-testid="people-table"] tbody tr.ant-table-row');
        await rows.first().waitFor();
        const addresses = await rows.locator('td:nth-child(6)').allTextContents();
        expect(addresses.length).toBeGreaterThan(5);
        for (const address of addresses) expect(compoundNames.some((name) => address.startsWith(name))).toBe(true);

        // A resident of another community is not found, even by exact identity number.
        await page.getByTestId('people-search').locator('input').fill(outsiderIdNumber);
        await page.getByTestId('people-search').locator('input').press('Enter');
        await expect.poll(() => page.getByTestId('people-table').locator('.ant-empty').count()).toBe(1);

        // Asking the API directly for a grid of another community answers 404.
        const response = await page.request.get(`/api/grids/${other.id}`);
        expect(response.status()).toBe(404);
        expect(response.headers()['content-type']).toContain('application/problem+json');
        expect((await page.request.get(`/api/grids/${minzhu.id}`)).status()).toBe(200);
      });
    } finally {
      await admin.dispose();
    }
  });
});

describe('登录 (sign-in)', () => {
  it('cadres and community secretaries land on the dashboard; grid workers, stewards, operators and department officers on the map', async () => {
    const landings: Record<string, string> = {};
    for (const username of ['demo-cadre', 'demo-secretary', 'demo-gridworker', 'demo-steward', 'demo-operator', 'demo-departmentofficer']) {
      await withPage(async (page) => {
        await signIn(page, username);
        await page.getByTestId('current-user').waitFor();
        // Sign-in leads to `/`, which sends each user on to their landing page.
        await expect.poll(() => new URL(page.url()).pathname).not.toBe('/');
        landings[username] = new URL(page.url()).pathname;
      });
    }
    expect(landings).toEqual({
      'demo-cadre': '/dashboard',
      'demo-secretary': '/dashboard',
      'demo-gridworker': '/grids',
      'demo-steward': '/grids',
      'demo-operator': '/grids',
      'demo-departmentofficer': '/grids',
    });
  });

  it('a wrong password shows the server error and stays on the login page', async () => {
    await withPage(async (page) => {
      await page.goto('/login');
      await page.getByTestId('login-username').fill('demo-cadre');
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      await expect.poll(() => error.textContent()).toContain('用户名或密码错误');
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.getByTestId('login-password').inputValue()).toBe('not-the-password');
    });
  });

  it('the language switch turns the login page to English and remembers it', async () => {
    await withPage(async (page) => {
      await page.goto('/login');
      await expect.poll(() => page.getByTestId('login-submit').textContent()).toMatch(/登\s*录/);
      await page.getByTestId('language-switch').getByText('EN').click();
      await expect.poll(() => page.getByTestId('login-submit').textContent()).toBe('Sign in');
      await page.reload();
      await expect.poll(() => page.getByTestId('login-submit').textContent()).toBe('Sign in');
    });
  });
});

describe('无障碍 (accessibility)', () => {
  it('the login page has no serious or critical axe violations', async () => {
    await withPage(async (page) => {
      await page.goto('/login');
      await page.getByTestId('login-submit').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it('the map page has no serious or critical axe violations', async () => {
    await withPage(async (page) => {
      await signIn(page, 'demo-cadre');
      await page.goto('/grids');
      await page.locator('[data-testid="grid-map"] .grid-label').first().waitFor();
      await page.getByTestId('grid-panel-name').waitFor();
      await page.getByTestId('assignment-list').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it('the other pages (and the phone layouts that differ most) have no serious or critical axe violations', async () => {
    for (const [viewport, pages] of [
      [desktop, ['detail', '/people', '/coverage', '/boundary-check']],
      [phone, ['/people', '/coverage']],
    ] as const) {
      const context = await newContext(browser, viewport);
      const page = await context.newPage();
      try {
        await signIn(page, 'demo-secretary');
        const root = await page.evaluate(async () => ((await (await fetch('/api/grids/roots')).json()) as { items: { id: string }[] }).items[0].id);
        for (const path of pages.map((p) => (p === 'detail' ? `/grids/${root}/detail` : p))) {
          await page.goto(path);
          await page.waitForLoadState('networkidle');
          await page.locator('.gg-page').waitFor();
          await page.waitForFunction(() => !document.querySelector('.ant-skeleton, .gg-page-spin'));
          expect({ path, viewport: viewport.width, violations: await seriousViolations(page) }).toEqual({ path, viewport: viewport.width, violations: [] });
        }
      } finally {
        await context.close();
      }
    }
  });
});
