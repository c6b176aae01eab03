import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, makeIdNumber, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';

let h: TestHarness;
let world: World;
let secA: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  secA = await h.login('sec-a');
});
afterAll(() => h.close());

describe('people search', () => {
  it('returns only people in scope, with identifiers masked', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/people', headers: secA });
    const names = res.json().items.map((p: { name: string }) => p.name).sort();
    expect(names).toEqual(['张三', '王五']);
    const zhang = res.json().items.find((p: { name: string }) => p.name === '张三');
    expect(zhang.idNumber).toBe(`2310**********${makeIdNumber('19800101', '123').slice(-4)}`);
    expect(zhang.phone).toBe('138****5678');
    expect(zhang.address).toBe('民主家园 1号楼 1单元');
    expect(zhang.careGroups).toEqual(['elderlyAlone']);
    expect(JSON.stringify(res.json())).not.toContain('13812345678');
  });

  it('finds a person by exact identity number or phone without decrypting the table', async () => {
    const byId = await h.app.inject({ method: 'GET', url: `/api/people?q=${makeIdNumber('19800101', '123')}`, headers: secA });
    expect(byId.json().items.map((p: { name: string }) => p.name)).toEqual(['张三']);
    const byPhone = await h.app.inject({ method: 'GET', url: '/api/people?q=13900001111', headers: secA });
    expect(byPhone.json().items.map((p: { name: string }) => p.name)).toEqual(['王五']);
    const outside = await h.app.inject({ method: 'GET', url: '/api/people?q=13700002222', headers: secA });
    expect(outside.json().total).toBe(0);
  });

  it('filters by care group and party membership', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/people?group=elderlyAlone', headers: secA })).json().total).toBe(1);
    expect((await h.app.inject({ method: 'GET', url: '/api/people?partyMember=community', headers: secA })).json().total).toBe(1);
  });

  it('hides a person outside scope as 404 and refuses to change them with 403', async () => {
    expect((await h.app.inject({ method: 'GET', url: `/api/people/${world.people.li.id}`, headers: secA })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'PATCH', url: `/api/people/${world.people.li.id}`, headers: secA, payload: { name: '改名' } })).statusCode).toBe(403);
    const admin = await h.login('admin');
    expect((await h.app.inject({ method: 'GET', url: `/api/people/${world.people.li.id}`, headers: admin })).json().name).toBe('李四');
  });
});

describe('registering people', () => {
  it('validates identity number and phone, naming each field, and writes nothing', async () => {
    const valid = makeIdNumber('19850505', '321');
    const badCheck = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
    const res = await h.app.inject({ method: 'POST', url: '/api/people', headers: { ...secA, 'accept-language': 'zh-CN' }, payload: { name: '赵六', gridId: world.stairA1.id, idNumber: badCheck, phone: '12345' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`)).toEqual(['idNumber:idNumberChecksum', 'phone:phoneFormat']);
    expect(res.json().errors[0].message).toBe('身份证号校验位错误');
    expect((await h.app.inject({ method: 'GET', url: '/api/people?q=赵六', headers: secA })).json().total).toBe(0);
  });

  it('stores identifiers encrypted, derives gender and birth year, and refuses a duplicate', async () => {
    const idNumber = makeIdNumber('19850505', '321');
    const res = await h.app.inject({ method: 'POST', url: '/api/people', headers: secA, payload: { name: '赵六', gridId: world.stairA2.id, idNumber, phone: '13611112222', careGroups: ['lowIncome'] } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '赵六', birthYear: 1985, gender: 'male', phone: '136****2222' });
    const row = await h.ctx.db.kysely.selectFrom('persons').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row.id_number_enc).not.toContain(idNumber);
    expect(row.phone_enc).not.toContain('13611112222');
    const again = await h.app.inject({ method: 'POST', url: '/api/people', headers: secA, payload: { name: '赵六', gridId: world.stairA2.id, idNumber } });
    expect(again.statusCode).toBe(409);
  });

  it('refuses to register someone into another community', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/people', headers: secA, payload: { name: '钱七', gridId: world.stairB1.id } });
    expect(res.statusCode).toBe(403);
  });
});

describe('revealing identifiers', () => {
  it('shows the full number to a secretary and audits it; stewards may not', async () => {
    const res = await h.app.inject({ method: 'POST', url: `/api/people/${world.people.zhang.id}/reveal`, headers: secA, payload: { field: 'phone' } });
    expect(res.json().value).toBe('13812345678');
    const admin = await h.login('admin');
    const audit = await h.app.inject({ method: 'GET', url: `/api/audit?action=person.reveal&recordId=${world.people.zhang.id}`, headers: admin });
    expect(audit.json().total).toBe(1);
    const steward = await h.login('steward');
    expect((await h.app.inject({ method: 'POST', url: `/api/people/${world.people.zhang.id}/reveal`, headers: steward, payload: { field: 'phone' } })).statusCode).toBe(403);
  });
});

describe('rooms, households and party organisations', () => {
  it('adds a room and a household in scope and lists them', async () => {
    const room = await h.app.inject({ method: 'POST', url: '/api/rooms', headers: secA, payload: { gridId: world.stairA1.id, number: '301', floor: 3, areaM2: 86.5 } });
    expect(room.statusCode).toBe(201);
    const hh = await h.app.inject({ method: 'POST', url: '/api/households', headers: secA, payload: { roomId: room.json().id } });
    expect(hh.statusCode).toBe(201);
    const rooms = await h.app.inject({ method: 'GET', url: `/api/grids/${world.buildingA1.id}/rooms`, headers: secA });
    expect(rooms.json().items).toEqual([expect.objectContaining({ number: '301', households: 1 })]);
    const dup = await h.app.inject({ method: 'POST', url: '/api/rooms', headers: secA, payload: { gridId: world.stairA1.id, number: '301', floor: 3 } });
    expect(dup.statusCode).toBe(409);
  });

  it('lists party organisations in scope', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/party-orgs', headers: secA });
    expect(res.json().items.map((o: { name: string }) => o.name)).toEqual(['民主社区党委', '民主家园网格党支部']);
  });
});
