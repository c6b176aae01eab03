import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, rect, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';

let h: TestHarness;
let world: World;
let admin: Record<string, string>;
let secA: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  admin = await h.login('admin');
  secA = await h.login('sec-a');
});
afterAll(() => h.close());

const get = (url: string, headers: Record<string, string>) => h.app.inject({ method: 'GET', url, headers });

describe('grid tree', () => {
  it('lists nodes by level with a total, only inside the caller’s subtree', async () => {
    const all = await get('/api/grids?level=compound', admin);
    expect(all.json().total).toBe(3);
    const mine = await get('/api/grids?level=compound', secA);
    expect(mine.json().total).toBe(2);
    expect(mine.json().items.map((g: { name: string }) => g.name).sort()).toEqual(['曙光小区', '民主家园']);
  });

  it('lists the children of a parent', async () => {
    const res = await get(`/api/grids?parent=${world.commA.id}`, secA);
    expect(res.json().items.map((g: { code: string }) => g.code)).toEqual(['231085100001001', '231085100001002']);
    expect(res.json().items[0].childCount).toBe(1);
  });

  it('returns a node with its ancestors (within scope) and counts', async () => {
    const res = await get(`/api/grids/${world.compoundA1.id}`, secA);
    const body = res.json();
    expect(body.name).toBe('民主家园');
    expect(body.gridScale).toBe('medium');
    expect(body.ancestors.map((a: { name: string }) => a.name)).toEqual(['民主社区']);
    expect(body.counts).toMatchObject({ children: 1, descendants: { building: 1, stairwell: 2 }, persons: 2, partyMembers: 1 });
    const full = await get(`/api/grids/${world.compoundA1.id}/ancestors`, admin);
    expect(full.json().items.map((a: { name: string }) => a.name)).toEqual(['穆棱市', '八面通镇', '民主社区']);
  });

  it('returns a nested subtree', async () => {
    const res = await get(`/api/grids/${world.commA.id}/subtree?levels=3`, secA);
    const tree = res.json();
    expect(tree.children).toHaveLength(2);
    expect(tree.children[0].children[0].children.map((s: { name: string }) => s.name)).toEqual(['1单元', '2单元']);
  });

  it('hides nodes outside the subtree as 404 and refuses changes outside it with 403', async () => {
    expect((await get(`/api/grids/${world.commB.id}`, secA)).statusCode).toBe(404);
    expect((await get(`/api/grids/${world.town.id}`, secA)).statusCode).toBe(404);
    expect((await get(`/api/grids/${world.commB.id}/children`, secA)).statusCode).toBe(404);
    const cadre = await h.login('cadre');
    expect((await get(`/api/grids/${world.commB.id}`, cadre)).statusCode).toBe(200);
  });
});

describe('locate (point → grid)', () => {
  it('finds the deepest grid and its ancestors', async () => {
    const res = await get('/api/grids/locate?lng=130.412&lat=44.815', admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().grid.name).toBe('1单元');
    expect(res.json().grid.level).toBe('stairwell');
    expect(res.json().ancestors.map((a: { name: string }) => a.name)).toEqual(['穆棱市', '八面通镇', '民主社区', '民主家园', '1号楼']);
    const compound = await get('/api/grids/locate?lng=130.47&lat=44.85', admin);
    expect(compound.json().grid.name).toBe('曙光小区');
  });

  it('answers 404 problem+json when no grid contains the point, and validates coordinates', async () => {
    const res = await get('/api/grids/locate?lng=100&lat=30', admin);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const bad = await get('/api/grids/locate?lng=200&lat=30', admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('lng');
  });

  it('only resolves inside the caller’s scope', async () => {
    expect((await get('/api/grids/locate?lng=130.515&lat=44.815', secA)).statusCode).toBe(404);
    expect((await get('/api/grids/locate?lng=130.412&lat=44.815', secA)).json().grid.name).toBe('1单元');
  });

  it('follows a boundary change at once', async () => {
    const res = await h.app.inject({ method: 'PUT', url: `/api/grids/${world.compoundA2.id}/boundary`, headers: admin, payload: { boundary: rect(130.45, 44.8, 130.5, 44.95) } });
    expect(res.statusCode).toBe(200);
    expect((await get('/api/grids/locate?lng=130.47&lat=44.93', admin)).json().grid.name).toBe('曙光小区');
  });
});

describe('boundaries', () => {
  it('rejects malformed GeoJSON naming the field and changes nothing', async () => {
    const open = { type: 'Polygon', coordinates: [[[130.4, 44.8], [130.5, 44.8], [130.5, 44.9], [130.4, 44.9]]] };
    const res = await h.app.inject({ method: 'PUT', url: `/api/grids/${world.compoundA1.id}/boundary`, headers: admin, payload: { boundary: open } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].reason).toBe('ringNotClosed');
    const bowTie = { type: 'Polygon', coordinates: [[[130.4, 44.8], [130.45, 44.9], [130.45, 44.8], [130.4, 44.9], [130.4, 44.8]]] };
    const crossed = await h.app.inject({ method: 'PUT', url: `/api/grids/${world.compoundA1.id}/boundary`, headers: admin, payload: { boundary: bowTie } });
    expect(crossed.json().errors[0].reason).toBe('selfIntersection');
    expect((await get('/api/grids/locate?lng=130.412&lat=44.815', admin)).json().grid.name).toBe('1单元');
  });

  it('reports gaps, overlaps and children outside their parent', async () => {
    const res = await get(`/api/grids/boundary-check?root=${world.town.id}&minAreaM2=10`, admin);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    // 富家社区 has one compound covering half of it: a gap of about 0.05° × 0.2°.
    const gapB = report.gaps.find((g: { parent: { code: string } }) => g.parent.code === '231085100002');
    expect(gapB.areaM2).toBeGreaterThan(100_000_000);
    // 民主社区's compounds leave its northern half empty too; buildings never tile a compound, so no gap is reported there.
    expect(report.gaps.map((g: { parent: { code: string } }) => g.parent.code).sort()).toEqual(['231085100001', '231085100002']);
    expect(report.overlaps).toEqual([]);
    expect(report.outsideParent).toEqual([]);
  });

  it('imports boundaries all or nothing', async () => {
    const good = { type: 'Feature', properties: { code: '231085100002001' }, geometry: rect(130.5, 44.8, 130.6, 44.9) };
    const unknown = { type: 'Feature', properties: { code: '999' }, geometry: rect(130.5, 44.8, 130.6, 44.9) };
    const bad = await h.app.inject({ method: 'POST', url: '/api/grids/import/boundaries', headers: admin, payload: { type: 'FeatureCollection', features: [good, unknown] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'features/1/properties/code', reason: 'unknownCode' })]);
    expect((await get('/api/grids/locate?lng=130.58&lat=44.85', admin)).json().grid.name).toBe('富家社区');
    const ok = await h.app.inject({ method: 'POST', url: '/api/grids/import/boundaries', headers: admin, payload: { type: 'FeatureCollection', features: [good] } });
    expect(ok.json()).toMatchObject({ updated: 1 });
    expect((await get('/api/grids/locate?lng=130.58&lat=44.85', admin)).json().grid.name).toBe('富家花园');
  });
});

describe('division import', () => {
  const csv = (rows: string[]) => ['code,name,level,parent_code', ...rows].join('\n');
  const post = (body: string, query = '') => h.app.inject({ method: 'POST', url: `/api/grids/import/divisions${query}`, headers: { ...admin, 'content-type': 'text/csv' }, payload: body });

  it('reports every bad row and applies nothing', async () => {
    const res = await post(csv(['231085100003,"头雁社区居委会",village,231085100', '231085100004,"曙光社区居委会",village,999', '231085100003,"重复",village,231085100']));
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`);
    expect(fields).toEqual(['rows/3/parent_code:unknownParent', 'rows/4/code:duplicateCode']);
    expect((await get('/api/grids?q=头雁', admin)).json().total).toBe(0);
  });

  it('imports a valid file, dry run first', async () => {
    const body = csv(['231085100003,"头雁社区居委会",village,231085100', '231085100003001,"头雁小区",compound,231085100003']);
    const dry = await post(body, '?dryRun=true');
    expect(dry.json()).toMatchObject({ dryRun: true, created: 2 });
    expect((await get('/api/grids?q=头雁', admin)).json().total).toBe(0);
    const real = await post(body);
    expect(real.json()).toMatchObject({ created: 2, updated: 0 });
    const found = await get('/api/grids?q=头雁小区', admin);
    expect(found.json().items[0].path).toBe('/231085/231085100/231085100003/231085100003001/');
  });

  it('is for admins only', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/grids/import/divisions', headers: { ...secA, 'content-type': 'text/csv' }, payload: csv([]) });
    expect(res.statusCode).toBe(403);
  });
});
