import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { checkOpeningHours } from './structure.js';

let h: TestHarness;
let world: World;
let headers: Record<string, Record<string, string>>;
let alliance: string;

const weekdays = (open: string, close: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open, close }));
const pointBody = (gridId: string, extra: Record<string, unknown> = {}) => ({
  name: '民主社区便民小屋', gridId, address: '民主街1号', lng: 130.42, lat: 44.85, openingHours: weekdays('08:30', '11:30'), staff: ['刘姐'], slotMinutes: 30, slotCapacity: 2, ...extra,
});

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  alliance = newId();
  await h.ctx.db.kysely.insertInto('service_alliances').values({ id: alliance, name: '便民服务联盟', website_url: null, grid_id: world.town.id, grid_path: world.town.path, created_at: '2026-01-01T00:00:00Z' }).execute();
  headers = {};
  for (const u of ['admin', 'cadre', 'sec-a', 'resident']) headers[u] = await h.login(u);
});
afterAll(() => h.close());

const send = (who: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: Record<string, unknown>) => h.app.inject({ method, url, headers: headers[who], payload });
const auditCount = async () => Number((await h.ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('opening hours', () => {
  it.each([
    [[{ weekday: 1, open: '09:00', close: '08:00' }], 'openingHours/0/close', 'closeNotAfterOpen'],
    [[{ weekday: 1, open: '25:00', close: '26:00' }], 'openingHours/0/open', 'invalidTime'],
    [[{ weekday: 1, open: '09:00', close: '09:20' }], 'openingHours/0/close', 'shorterThanSlot'],
    [[{ weekday: 2, open: '08:00', close: '12:00' }, { weekday: 2, open: '11:00', close: '14:00' }], 'openingHours/1/open', 'overlappingHours'],
  ])('refuses %j naming %s', (hours, field, reason) => {
    expect(() => checkOpeningHours(hours, 30)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ field, reason })] }));
  });
  it('accepts a morning and an afternoon on one day', () => {
    expect(() => checkOpeningHours([{ weekday: 2, open: '08:00', close: '11:30' }, { weekday: 2, open: '13:30', close: '17:00' }], 30)).not.toThrow();
  });
});

describe('editing the alliance', () => {
  it('a cadre builds a department, team, category, item and point; each write is audited; residents see them', async () => {
    const before = await auditCount();
    const dept = await send('cadre', 'POST', '/api/services/departments', { kind: 'elderCare', name: '居家养老服务部', phone: '0453-1234567' });
    expect(dept.statusCode).toBe(201);
    const team = await send('cadre', 'POST', '/api/services/teams', { departmentId: dept.json().id, name: '助老服务队', leaderName: '王队长', memberCount: 12 });
    expect(team.statusCode).toBe(201);
    const cat = await send('cadre', 'POST', '/api/services/categories', { code: 'elderCare', name: '养老服务', nameEn: 'Elder care' });
    expect(cat.statusCode).toBe(201);
    const item = await send('cadre', 'POST', '/api/services/items', { categoryId: cat.json().id, departmentId: dept.json().id, name: '助浴', description: '上门助浴', durationMinutes: 60, isBookable: true });
    expect(item.statusCode).toBe(201);
    expect(item.json()).toMatchObject({ name: '助浴', durationMinutes: 60, isBookable: true, archivedAt: null });
    const point = await send('cadre', 'POST', '/api/services/points', pointBody(world.commA.id, { departmentId: dept.json().id }));
    expect(point.statusCode).toBe(201);
    expect(point.json()).toMatchObject({ gridId: world.commA.id, gridName: '民主社区', slotCapacity: 2, staff: ['刘姐'] });
    expect(await auditCount()).toBe(before + 5);
    const actions = await h.ctx.db.kysely.selectFrom('audit_log').select('action').where('action', 'like', 'service.%.create').execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['service.category.create', 'service.department.create', 'service.item.create', 'service.point.create', 'service.team.create']);

    const patched = await send('cadre', 'PATCH', `/api/services/points/${point.json().id}`, { openingHours: [{ weekday: 6, open: '09:00', close: '12:00' }], slotCapacity: 3 });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ openingHours: [{ weekday: 6, open: '09:00', close: '12:00' }], slotCapacity: 3, name: '民主社区便民小屋' });
    expect((await send('cadre', 'PATCH', `/api/services/teams/${team.json().id}`, { memberCount: 15 })).json().memberCount).toBe(15);

    const alliance = (await send('resident', 'GET', '/api/services/alliance')).json();
    expect(alliance.departments[0]).toMatchObject({ name: '居家养老服务部', teams: [{ name: '助老服务队', memberCount: 15 }] });
    const catalogue = (await send('resident', 'GET', '/api/services/catalogue')).json();
    expect(catalogue.categories[0].items.map((i: { name: string }) => i.name)).toEqual(['助浴']);
    expect((await send('resident', 'GET', '/api/services/points')).json().items.map((p: { id: string }) => p.id)).toContain(point.json().id);
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const before = await auditCount();
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['/api/services/points', pointBody(world.commA.id, { openingHours: [{ weekday: 1, open: '12:00', close: '08:00' }] }), 'openingHours/0/close', 'closeNotAfterOpen'],
      ['/api/services/points', pointBody(world.commA.id, { lat: 95 }), 'lat', 'maximum'],
      ['/api/services/points', { ...pointBody(world.commA.id), lat: undefined }, 'lat', 'lngLatTogether'],
      ['/api/services/points', pointBody(world.commA.id, { lng: -200 }), 'lng', 'minimum'],
      ['/api/services/items', { categoryId: 'x', name: '理发', isBookable: true, durationMinutes: 0 }, 'durationMinutes', 'minimum'],
      ['/api/services/points', pointBody(world.commA.id, { slotMinutes: 0 }), 'slotMinutes', 'minimum'],
      ['/api/services/points', pointBody(world.commA.id, { slotCapacity: 1.5 }), 'slotCapacity', 'type'],
      ['/api/services/points', pointBody('no-such-grid'), 'gridId', 'unknownGrid'],
      ['/api/services/points', pointBody(world.commA.id, { departmentId: 'nope' }), 'departmentId', 'unknownServiceDepartment'],
      ['/api/services/teams', { departmentId: 'nope', name: '队', memberCount: 1 }, 'departmentId', 'unknownServiceDepartment'],
      ['/api/services/items', { categoryId: 'nope', name: '理发', isBookable: true }, 'categoryId', 'unknownServiceCategory'],
      ['/api/services/categories', { code: 'elderCare', name: '重复', nameEn: 'Dup' }, 'code', 'categoryCodeTaken'],
      ['/api/services/departments', { kind: 'bank', name: '银行部' }, 'kind', ''],
    ];
    for (const [url, payload, field, reason] of cases) {
      const res = await send('cadre', 'POST', url, payload);
      expect(`${url} ${field} → ${res.statusCode}`).toBe(`${url} ${field} → 400`);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const err = res.json().errors.find((e: { field: string }) => e.field === field);
      expect(err, `${field} in ${res.body}`).toBeDefined();
      if (reason) expect(err.reason).toBe(reason);
      expect(res.body).not.toContain(' at ');
    }
    expect(await auditCount()).toBe(before);
    expect((await h.ctx.db.kysely.selectFrom('service_points').select('id').execute()).length).toBe(1);
  });

  it('keeps secretaries and residents out (403), and a point outside the subtree is 404 to read and 403 to write', async () => {
    for (const who of ['sec-a', 'resident']) {
      expect((await send(who, 'POST', '/api/services/points', pointBody(world.commA.id))).statusCode).toBe(403);
      expect((await send(who, 'GET', '/api/services/structure')).statusCode).toBe(403);
    }
    // A cadre whose subtree is only 民主社区 manages its points, not 富家社区's, nor the alliance-wide parts.
    const { buildUser } = await import('../../testing/factories.js');
    await buildUser(h.ctx, { username: 'cadre-a', role: 'cadre', scope: [world.commA] });
    headers['cadre-a'] = await h.login('cadre-a');
    const pointB = await send('admin', 'POST', '/api/services/points', pointBody(world.commB.id, { name: '富家社区便民小屋' }));
    expect(pointB.statusCode).toBe(201);
    const before = await auditCount();
    expect((await send('cadre-a', 'GET', `/api/services/points/${pointB.json().id}`)).statusCode).toBe(404);
    expect((await send('cadre-a', 'PATCH', `/api/services/points/${pointB.json().id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await send('cadre-a', 'POST', `/api/services/points/${pointB.json().id}/archive`)).statusCode).toBe(403);
    expect((await send('cadre-a', 'POST', '/api/services/points', pointBody(world.commB.id))).statusCode).toBe(403);
    expect((await send('cadre-a', 'POST', '/api/services/departments', { kind: 'general', name: '综合服务部' })).statusCode).toBe(403);
    expect((await send('cadre-a', 'GET', '/api/services/structure')).json().points.map((p: { gridId: string }) => p.gridId)).toEqual([world.commA.id]);
    expect(await auditCount()).toBe(before);
    expect((await send('admin', 'GET', `/api/services/points/${pointB.json().id}`)).json().name).toBe('富家社区便民小屋');
    const own = (await send('cadre-a', 'GET', '/api/services/structure')).json().points[0];
    expect((await send('cadre-a', 'PATCH', `/api/services/points/${own.id}`, { staff: ['刘姐', '小张'] })).json().staff).toEqual(['刘姐', '小张']);
  });
});

describe('archiving', () => {
  it('takes an item or point out of booking (400) and the lists, keeps old bookings, and archives once', async () => {
    const s = (await send('cadre', 'GET', '/api/services/structure')).json();
    const item = s.items[0];
    const point = s.points.find((p: { gridId: string }) => p.gridId === world.commA.id);
    await send('cadre', 'PATCH', `/api/services/points/${point.id}`, { openingHours: weekdays('08:30', '11:30') });
    // Tuesday 2026-12-01 09:00 Beijing time, in the future of the harness clock.
    const slotStart = '2099-12-01T01:00:00.000Z';
    const booked = await send('resident', 'POST', '/api/services/bookings', { itemId: item.id, pointId: point.id, slotStart });
    expect(booked.statusCode).toBe(201);

    const archived = await send('cadre', 'POST', `/api/services/items/${item.id}/archive`);
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).toBeTruthy();
    const noItem = await send('resident', 'POST', '/api/services/bookings', { itemId: item.id, pointId: point.id, slotStart });
    expect(noItem.statusCode).toBe(400);
    expect(noItem.json().errors[0]).toMatchObject({ field: 'itemId', reason: 'unknownServiceItem' });
    expect((await send('resident', 'GET', '/api/services/catalogue')).json().categories[0].items).toEqual([]);
    expect((await send('cadre', 'POST', `/api/services/items/${item.id}/archive`)).statusCode).toBe(409);

    const other = await send('cadre', 'POST', '/api/services/items', { categoryId: item.categoryId, name: '理发', isBookable: true });
    expect((await send('cadre', 'POST', `/api/services/points/${point.id}/archive`)).statusCode).toBe(200);
    const noPoint = await send('resident', 'POST', '/api/services/bookings', { itemId: other.json().id, pointId: point.id, slotStart });
    expect(noPoint.statusCode).toBe(400);
    expect(noPoint.json().errors[0].field).toBe('pointId');
    expect((await send('resident', 'GET', '/api/services/points')).json().items.map((p: { id: string }) => p.id)).not.toContain(point.id);

    const old = await send('resident', 'GET', `/api/services/bookings/${booked.json().id}`);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ itemId: item.id, pointId: point.id, status: 'booked' });
    expect((await send('cadre', 'GET', `/api/services/points/${point.id}`)).json().archivedAt).toBeTruthy();

    const dept = s.departments[0];
    expect((await send('cadre', 'POST', `/api/services/departments/${dept.id}/archive`)).statusCode).toBe(200);
    expect((await send('resident', 'GET', '/api/services/alliance')).json().departments).toEqual([]);
    const teamInArchived = await send('cadre', 'POST', '/api/services/teams', { departmentId: dept.id, name: '新队', memberCount: 1 });
    expect(teamInArchived.json().errors[0]).toMatchObject({ field: 'departmentId', reason: 'unknownServiceDepartment' });
    const audited = await h.ctx.db.kysely.selectFrom('audit_log').select('action').where('action', 'like', 'service.%.archive').execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['service.department.archive', 'service.item.archive', 'service.point.archive']);
  });
});
