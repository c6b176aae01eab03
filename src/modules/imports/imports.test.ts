import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, makeIdNumber, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { csvOf, multipartFile, xlsxOf } from './test-helpers.js';

let h: TestHarness;
let world: World;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
});
afterAll(() => h.close());

const count = async (table: 'persons' | 'grids' | 'organizations' | 'party_members' | 'rooms' | 'audit_log') =>
  Number((await h.ctx.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

async function upload(user: string, kind: string, filename: string, content: Buffer, query = '') {
  const headers = await h.login(user);
  const body = multipartFile(filename, content);
  return h.app.inject({ method: 'POST', url: `/api/imports/${kind}${query}`, headers: { ...headers, ...body.headers }, payload: body.payload });
}

async function template(user: string, kind: string, format: 'xlsx' | 'csv', language = 'zh-CN') {
  const headers = await h.login(user);
  return h.app.inject({ method: 'GET', url: `/api/imports/${kind}/template.${format}`, headers: { ...headers, 'accept-language': language } });
}

describe('templates', () => {
  it('round trip: the residents template, filled in, imports (dry run first, then for real)', async () => {
    const res = await template('sec-a', 'residents', 'xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('residents-template.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const [data, notes] = workbook.worksheets;
    expect(data.getRow(1).getCell(1).value).toBe('姓名*');
    expect(data.getRow(1).getCell(2).value).toBe('身份证号');
    expect(data.getRow(2).getCell(1).value).toBe('张三');
    expect(notes.name).toBe('填写说明');
    expect(String(notes.getRow(3).getCell(4).value)).toContain('字');

    // Replace the example row with two residents and add a third.
    const idA = makeIdNumber('19620304', '111');
    const idB = makeIdNumber('19880712', '222');
    data.getRow(2).values = ['赵一', idA, '13611112222', world.stairA1.code, '502', '', '', '', '户主', '独居老人、低保户', ''];
    data.addRow(['钱二', idB, '', world.stairA2.code, '', '', '女', '', '', '', '']);
    data.addRow(['孙三', '', '', world.compoundA2.code, '', '', '', '1990', '', '', '新搬入']);
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());

    const before = await count('persons');
    const dry = await upload('sec-a', 'residents', 'residents.xlsx', filled, '?dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toEqual({ ok: true, dryRun: true, kind: 'residents', rows: 3, created: 3, updated: 0, errors: [] });
    expect(await count('persons')).toBe(before);

    const applied = await upload('sec-a', 'residents', 'residents.xlsx', filled);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ ok: true, dryRun: false, rows: 3, created: 3, updated: 0 });
    expect(await count('persons')).toBe(before + 3);

    const zhao = await h.ctx.db.kysely.selectFrom('persons').selectAll().where('name', '=', '赵一').executeTakeFirstOrThrow();
    expect(zhao.id_number_enc).not.toContain(idA);
    expect(h.ctx.cipher.decrypt(zhao.id_number_enc!)).toBe(idA);
    expect(zhao.id_number_hash).toBe(h.ctx.cipher.hash(idA));
    expect(zhao.gender).toBe('male');
    expect(zhao.birth_year).toBe(1962);
    expect(zhao.grid_id).toBe(world.stairA1.id);
    const room = await h.ctx.db.kysely.selectFrom('rooms').selectAll().where('id', '=', zhao.room_id!).executeTakeFirstOrThrow();
    expect(room).toMatchObject({ number: '502', floor: 5, grid_id: world.stairA1.id });
    const groups = await h.ctx.db.kysely.selectFrom('care_groups').select('group_code').where('person_id', '=', zhao.id).orderBy('group_code').execute();
    expect(groups.map((g) => g.group_code)).toEqual(['elderlyAlone', 'lowIncome']);
    // Read back through the people API: masked like every other person.
    const headers = await h.login('sec-a');
    const found = await h.app.inject({ method: 'GET', url: `/api/people?q=${idA}`, headers });
    expect(found.json().items).toHaveLength(1);
    expect(found.json().items[0].idNumber).toBe(`${idA.slice(0, 4)}**********${idA.slice(-4)}`);
    expect(found.json().items[0].phone).toBe('136****2222');

    // The same file again updates the two people it identifies and adds the third again (no ID number).
    const again = await upload('sec-a', 'residents', 'residents.xlsx', filled);
    expect(again.json()).toMatchObject({ ok: true, created: 1, updated: 2 });
  });

  it('CSV template with English headers for organisations; the notes follow the caller\'s language', async () => {
    const csv = await template('sec-a', 'organizations', 'csv');
    expect(csv.statusCode).toBe(200);
    const text = csv.body.replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe('单位名称*,单位类型*,所在网格编码*,统一社会信用代码,地址,单位党组织,党组织类型,党员人数,党组织书记,联络人,联络人手机,简介');
    const en = await template('sec-a', 'organizations', 'xlsx', 'en');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[1].name).toBe('How to fill in');

    const file = csvOf([
      ['name', 'kind', 'gridCode', 'creditCode', 'contactPhone', 'partyOrgKind', 'partyMemberCount'],
      ['民主街道办事处', '机关', world.commA.code, '11231085MB0000001X', '13711110000', '党支部', '12'],
      ['曙光超市', 'merchant', world.compoundA2.code, '', '', '', ''],
    ]);
    const res = await upload('sec-a', 'organizations', 'orgs.csv', file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 2, updated: 0 });
    const org = await h.ctx.db.kysely.selectFrom('organizations').selectAll().where('credit_code', '=', '11231085MB0000001X').executeTakeFirstOrThrow();
    expect(org).toMatchObject({ name: '民主街道办事处', kind: 'organ', party_org_kind: 'branch', party_member_count: 12, grid_id: world.commA.id });
    expect(h.ctx.cipher.decrypt(org.contact_phone_enc!)).toBe('13711110000');
    // Known credit code: an update, empty cells keep what is stored.
    const update = await upload('sec-a', 'organizations', 'orgs.csv', csvOf([['单位名称', '单位类型', '所在网格编码', '统一社会信用代码', '党员人数'], ['民主街道办事处（新）', '机关', world.commA.code, '11231085MB0000001X', '']]));
    expect(update.json()).toMatchObject({ ok: true, created: 0, updated: 1 });
    const after = await h.ctx.db.kysely.selectFrom('organizations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ name: '民主街道办事处（新）', party_member_count: 12, version: 2 });
  });
});

describe('bad input changes nothing', () => {
  it('refuses a file that is not xlsx or csv, judged by extension and content', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]);
    const xlsx = await xlsxOf([['姓名', '网格编码'], ['周四', world.stairA1.code]]);
    for (const [name, content] of [['photo.xlsx', png], ['people.txt', csvOf([['姓名', '网格编码']])], ['sheet.csv', xlsx], ['old.xls', xlsx], ['data.csv', png]] as const) {
      const res = await upload('sec-a', 'residents', name, content);
      expect(`${name} → ${res.statusCode}`).toBe(`${name} → 400`);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0]).toMatchObject({ field: 'file', reason: 'fileType' });
    }
  });

  it('names every missing required column', async () => {
    const res = await upload('sec-a', 'residents', 'r.csv', csvOf([['姓名', '手机号'], ['周四', '13800000000']]));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'file', reason: 'missingColumn', message: '缺少列：网格编码 (gridCode)' })]);
    const parties = await upload('sec-a', 'partyMembers', 'p.csv', csvOf([['name'], ['x']]));
    expect(parties.json().errors.map((e: { message: string }) => e.message)).toEqual(['缺少列：身份证号 (idNumber)', '缺少列：党员类型 (kind)']);
  });

  it('answers 413 to a file over 20 MB, 400 to an unknown kind, to a request without a file and to a file without rows', async () => {
    const big = Buffer.concat([Buffer.from('姓名,网格编码\r\n'), Buffer.alloc(20 * 1024 * 1024 + 10, 'a')]);
    const tooBig = await upload('sec-a', 'residents', 'big.csv', big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.headers['content-type']).toContain('application/problem+json');
    const unknown = await upload('sec-a', 'cats', 'c.csv', csvOf([['name']]));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('kind');
    const headers = await h.login('sec-a');
    const noFile = await h.app.inject({ method: 'POST', url: '/api/imports/residents', headers, payload: { file: 'x' } });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors[0]).toMatchObject({ field: 'file', reason: 'fileRequired' });
    const empty = await upload('sec-a', 'residents', 'e.csv', csvOf([['姓名', '网格编码']]));
    expect(empty.json().errors[0]).toMatchObject({ field: 'file', reason: 'emptyFile' });
  });

  it('lists every bad row with its column and reason, and writes none of the good ones', async () => {
    const importAudits = () => h.ctx.db.kysely.selectFrom('audit_log').select('id').where('action', 'like', 'import.%').execute();
    const before = { persons: await count('persons'), audit: (await importAudits()).length };
    const good = makeIdNumber('19700101', '301');
    const badChecksum = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const file = await xlsxOf([
      ['姓名', '身份证号', '手机号', '网格编码', '性别', '关爱类别'],
      ['好人', good, '13800001111', world.stairA1.code, '', ''],
      ['校验错', badChecksum, '', world.stairA1.code, '', ''],
      ['手机错', '', '12345', world.stairA1.code, '', ''],
      ['', '', '', 'NOPE', '未知', '独居老人,宠物'],
      ['重复', good, '', world.stairA2.code, '', ''],
    ]);
    for (const query of ['', '?dryRun=true']) {
      const res = await upload('sec-a', 'residents', 'bad.xlsx', file, query);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body).toMatchObject({ ok: false, kind: 'residents', rows: 5, created: 0, updated: 0, code: 'validation', detail: '7 处错误，未导入任何数据' });
      expect(body.errors.map((e: { row: number; column: string; reason: string }) => `${e.row} ${e.column} ${e.reason}`)).toEqual([
        '3 idNumber idNumberChecksum',
        '4 phone phoneFormat',
        '5 name required',
        '5 gridCode unknownGrid',
        '5 gender unknownValue',
        '5 careGroups unknownValue',
        '6 idNumber duplicateInFile',
      ]);
      expect(body.errors[6]).toMatchObject({ field: 'rows/6/idNumber', message: '与第 2 行重复' });
    }
    expect(await count('persons')).toBe(before.persons);
    expect((await importAudits()).length).toBe(before.audit);
  });

  it('answers in English when asked', async () => {
    const headers = await h.login('sec-a');
    const body = multipartFile('r.csv', csvOf([['name', 'gridCode'], ['x', 'NOPE']]));
    const res = await h.app.inject({ method: 'POST', url: '/api/imports/residents', headers: { ...headers, ...body.headers, 'accept-language': 'en' }, payload: body.payload });
    expect(res.json().errors[0].message).toMatch(/^[\w ]+ grid: NOPE$/i);
  });
});

describe('scope', () => {
  it('a secretary of 民主社区 importing residents into 富家社区: every such row refused, nothing written', async () => {
    const before = await count('persons');
    const file = csvOf([
      ['姓名', '身份证号', '网格编码'],
      ['甲', makeIdNumber('19800101', '401'), world.stairB1.code],
      ['乙', makeIdNumber('19800101', '402'), world.stairA1.code],
      ['丙', makeIdNumber('19800101', '403'), world.compoundB1.code],
      // 李四 lives in 富家社区: his identity number may not be updated from 民主社区.
      ['李四', makeIdNumber('19751130', '789'), world.stairA1.code],
    ]);
    const res = await upload('sec-a', 'residents', 'scope.csv', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { row: number; column: string; reason: string }) => `${e.row} ${e.column} ${e.reason}`)).toEqual(['2 gridCode outsideScope', '4 gridCode outsideScope', '5 idNumber personOutsideScope']);
    expect(await count('persons')).toBe(before);
    const li = await h.ctx.db.kysely.selectFrom('persons').select(['name', 'grid_id']).where('id', '=', world.people.li.id).executeTakeFirstOrThrow();
    expect(li.grid_id).toBe(world.stairB1.id);
  });

  it('buildings, party members and organisations are held to the same subtree', async () => {
    const buildings = await upload('sec-a', 'buildings', 'b.csv', csvOf([['楼栋编码', '楼栋名称', '所属小区编码'], ['231085100002001009', '9号楼', world.compoundB1.code]]));
    expect(buildings.json().errors[0]).toMatchObject({ row: 2, column: 'compoundCode', reason: 'outsideScope' });
    const members = await upload('sec-a', 'partyMembers', 'p.csv', csvOf([['姓名', '身份证号', '党员类型', '网格编码'], ['丁', makeIdNumber('19800101', '404'), '社区党员', world.stairB1.code]]));
    expect(members.json().errors[0]).toMatchObject({ column: 'gridCode', reason: 'outsideScope' });
    const orgs = await upload('sec-a', 'organizations', 'o.csv', csvOf([['单位名称', '单位类型', '所在网格编码'], ['富家商店', '商户', world.compoundB1.code]]));
    expect(orgs.json().errors[0]).toMatchObject({ column: 'gridCode', reason: 'outsideScope' });
    expect(await count('grids')).toBe(12);
  });

  it('roles: anonymous 401, a resident 403, a grid worker may import residents but not organisations', async () => {
    const body = multipartFile('r.csv', csvOf([['姓名', '网格编码'], ['x', world.stairA1.code]]));
    expect((await h.app.inject({ method: 'POST', url: '/api/imports/residents', headers: body.headers, payload: body.payload })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/imports/residents/template.xlsx' })).statusCode).toBe(401);
    expect((await upload('resident', 'residents', 'r.csv', csvOf([['姓名', '网格编码'], ['x', world.stairA1.code]]))).statusCode).toBe(403);
    expect((await template('resident', 'residents', 'csv')).statusCode).toBe(403);
    expect((await upload('worker', 'organizations', 'o.csv', csvOf([['单位名称', '单位类型', '所在网格编码'], ['某单位', '商户', world.compoundA1.code]]))).statusCode).toBe(403);
    const ok = await upload('worker', 'residents', 'r.csv', csvOf([['姓名', '网格编码'], ['网格员录入', world.stairA1.code]]), '?dryRun=true');
    expect(ok.json()).toMatchObject({ ok: true, created: 1 });
    // The worker governs 民主家园 only: 曙光小区 is outside.
    const outside = await upload('worker', 'residents', 'r.csv', csvOf([['姓名', '网格编码'], ['x', world.compoundA2.code]]));
    expect(outside.json().errors[0]).toMatchObject({ reason: 'outsideScope' });
  });
});

describe('buildings', () => {
  it('creates a building with its stairwells, renames it on a second import, never moves it', async () => {
    const code = `${world.compoundA2.code}001`;
    const file = csvOf([['楼栋编码', '楼栋名称', '所属小区编码', '单元数', '层数', '地址'], [code, '1号楼', world.compoundA2.code, '2', '6', '曙光路 1 号']]);
    const res = await upload('sec-a', 'buildings', 'b.csv', file);
    expect(res.json()).toMatchObject({ ok: true, created: 1, updated: 0 });
    const building = await h.ctx.db.kysely.selectFrom('grids').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(building).toMatchObject({ level: 'building', parent_id: world.compoundA2.id, path: `${world.compoundA2.path}${code}/`, depth: world.compoundA2.depth + 1 });
    expect(JSON.parse(building.attributes!)).toEqual({ floors: 6, address: '曙光路 1 号' });
    const stairs = await h.ctx.db.kysely.selectFrom('grids').select(['code', 'name', 'level', 'parent_id']).where('parent_id', '=', building.id).orderBy('code').execute();
    expect(stairs).toEqual([
      { code: `${code}01`, name: '1单元', level: 'stairwell', parent_id: building.id },
      { code: `${code}02`, name: '2单元', level: 'stairwell', parent_id: building.id },
    ]);
    // Residents can now be imported into the new stairwell by its code.
    const residents = await upload('sec-a', 'residents', 'r.csv', csvOf([['姓名', '网格编码', '房号'], ['新住户', `${code}02`, '101']]));
    expect(residents.json()).toMatchObject({ ok: true, created: 1 });

    const renamed = await upload('sec-a', 'buildings', 'b.csv', csvOf([['code', 'name', 'compoundCode', 'stairwells'], [code, '一号楼', world.compoundA2.code, '3']]));
    expect(renamed.json()).toMatchObject({ ok: true, created: 0, updated: 1 });
    expect((await h.ctx.db.kysely.selectFrom('grids').select('name').where('id', '=', building.id).executeTakeFirstOrThrow()).name).toBe('一号楼');
    expect(await h.ctx.db.kysely.selectFrom('grids').select('code').where('parent_id', '=', building.id).execute()).toHaveLength(3);

    const moved = await upload('sec-a', 'buildings', 'b.csv', csvOf([['code', 'name', 'compoundCode'], [code, '一号楼', world.compoundA1.code], [world.stairA1.code, 'x', world.compoundA1.code]]));
    expect(moved.json().errors.map((e: { row: number; reason: string }) => `${e.row} ${e.reason}`)).toEqual(['2 buildingMoved', '3 codeTaken']);
  });
});

describe('party members', () => {
  it('registers known residents and new ones, with their party organisation; kinds in Chinese or English', async () => {
    const newId = makeIdNumber('19910101', '501');
    const file = csvOf([
      ['姓名', '身份证号', '手机号', '网格编码', '党员类型', '所属党组织', '入党日期'],
      ['张三', makeIdNumber('19800101', '123'), '', '', '在职党员', '民主家园网格党支部', '2001/7/1'],
      ['新党员', newId, '13522223333', world.stairA2.code, 'community', '', '2015-06-30'],
    ]);
    const res = await upload('sec-a', 'partyMembers', 'p.csv', file);
    expect(res.json()).toMatchObject({ ok: true, created: 1, updated: 1 });
    const zhang = await h.ctx.db.kysely.selectFrom('party_members').selectAll().where('person_id', '=', world.people.zhang.id).executeTakeFirstOrThrow();
    expect(zhang).toMatchObject({ kind: 'inService', party_org_id: world.orgs.branchA1.id, joined_on: '2001-07-01' });
    const person = await h.ctx.db.kysely.selectFrom('persons').select(['id', 'grid_id', 'gender', 'birth_year']).where('id_number_hash', '=', h.ctx.cipher.hash(newId)).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ grid_id: world.stairA2.id, birth_year: 1991 });
    expect(await h.ctx.db.kysely.selectFrom('party_members').select('kind').where('person_id', '=', person.id).executeTakeFirstOrThrow()).toEqual({ kind: 'community' });

    const bad = await upload('sec-a', 'partyMembers', 'p.csv', csvOf([
      ['姓名', '身份证号', '网格编码', '党员类型', '所属党组织', '入党日期', '工作单位'],
      ['无网格', makeIdNumber('19910101', '502'), '', '社区党员', '', '', ''],
      ['错类型', makeIdNumber('19910101', '503'), world.stairA1.code, '预备', '不存在的支部', '2015-02-30', '无此单位'],
    ]));
    expect(bad.json().errors.map((e: { row: number; column: string; reason: string }) => `${e.row} ${e.column} ${e.reason}`)).toEqual([
      '2 gridCode required',
      '3 kind unknownValue',
      '3 partyOrg unknownPartyOrg',
      '3 employer unknownOrganization',
      '3 joinedOn invalidDate',
    ]);
  });
});

describe('audit', () => {
  it('writes one audit entry per applied import, in the importer\'s subtree, without personal data', async () => {
    const res = await upload('sec-a', 'residents', '名单.csv', csvOf([['姓名', '手机号', '网格编码'], ['审计甲', '13699990000', world.stairA1.code], ['审计乙', '', world.stairA2.code]]));
    expect(res.statusCode).toBe(200);
    const headers = await h.login('sec-a');
    const audit = await h.app.inject({ method: 'GET', url: '/api/audit?action=import.residents&limit=50', headers });
    expect(audit.statusCode).toBe(200);
    const entries = audit.json().items as { details: string | null }[];
    expect(entries.some((e) => e.details?.includes('"created":2'))).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('1369999');
  });
});
