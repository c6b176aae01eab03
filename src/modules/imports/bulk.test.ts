import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, makeIdNumber, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { multipartFile, xlsxOf } from './test-helpers.js';

let h: TestHarness;
let world: World;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
});
afterAll(() => h.close());

const ROWS = 10_000;
const persons = async () => Number((await h.ctx.db.kysely.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** Ten thousand distinct residents: birth dates a day apart from 1940, each with a valid identity number and phone. */
function residentRows(offset: number): string[][] {
  const stairs = [world.stairA1.code, world.stairA2.code];
  return Array.from({ length: ROWS }, (_, i) => {
    const n = offset + i;
    const birth = new Date(Date.UTC(1940, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    return [`居民${n}`, makeIdNumber(birth, String(n % 1000).padStart(3, '0')), `139${String(n).padStart(8, '0')}`, stairs[n % 2], String(101 + (n % 6) * 100 + (n % 2))];
  });
}

const header = ['姓名', '身份证号', '手机号', '网格编码', '房号'];

async function importFile(file: Buffer) {
  const headers = await h.login('sec-a');
  const body = multipartFile('residents.xlsx', file);
  const started = performance.now();
  const res = await h.app.inject({ method: 'POST', url: '/api/imports/residents', headers: { ...headers, ...body.headers }, payload: body.payload });
  return { res, ms: Math.round(performance.now() - started) };
}

describe('10,000 residents from one .xlsx', () => {
  it('all arrive in one request, sealed and findable by identity number', async () => {
    const rows = residentRows(0);
    const file = await xlsxOf([header, ...rows]);
    const before = await persons();
    const { res, ms } = await importFile(file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, rows: ROWS, created: ROWS, updated: 0 });
    expect(await persons()).toBe(before + ROWS);
    process.stdout.write(`imports: 10,000 residents (${(file.length / 1024).toFixed(0)} KB xlsx) imported in ${ms} ms on ${h.ctx.db.dialect}\n`);
    const last = rows[ROWS - 1];
    const stored = await h.ctx.db.kysely.selectFrom('persons').select(['name', 'id_number_enc', 'phone_enc', 'room_id']).where('id_number_hash', '=', h.ctx.cipher.hash(last[1])).executeTakeFirstOrThrow();
    expect(stored.name).toBe(last[0]);
    expect(h.ctx.cipher.decrypt(stored.id_number_enc!)).toBe(last[1]);
    expect(h.ctx.cipher.decrypt(stored.phone_enc!)).toBe(last[2]);
    expect(stored.room_id).not.toBeNull();
  }, 180_000);

  it('one bad row at row 9,999 of 10,000: nothing is written and that row is named', async () => {
    const rows = residentRows(ROWS);
    // Spreadsheet row 9,999 is data row 9,998 (the header is row 1).
    rows[9_997][1] = `${rows[9_997][1].slice(0, 17)}${rows[9_997][1][17] === '1' ? '2' : '1'}`;
    const file = await xlsxOf([header, ...rows]);
    const before = await persons();
    const roomsBefore = Number((await h.ctx.db.kysely.selectFrom('rooms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const { res } = await importFile(file);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, rows: ROWS, created: 0, updated: 0 });
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 9_999, column: 'idNumber', reason: 'idNumberChecksum' })]);
    expect(await persons()).toBe(before);
    expect(Number((await h.ctx.db.kysely.selectFrom('rooms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(roomsBefore);
  }, 180_000);
});
