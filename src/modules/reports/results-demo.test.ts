import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFAULT_SEED } from '../../../demo/generate.js';
import { loadDemoWorld } from '../../../demo/load.js';
import { buildUser } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { TITLE_ROWS } from './export-results.js';

/**
 * The article's results (muling-article.txt) as the report must reproduce them over the demo
 * world's whole period and the whole city. `exact`: the article gives the number; `atLeast`: it
 * says 多/余/以上, so the value must be at least the number and at most 10% above it.
 */
const ARTICLE: [id: string, phrase: string, value: number, precision: 'exact' | 'atLeast'][] = [
  ['communities', '全市共有1个市区街道，6个城社区', 6, 'exact'],
  ['communityPartyOrganizations', '有社区党组织6个', 6, 'exact'],
  ['communityPartyMembers', '社区党员762名', 762, 'exact'],
  ['bigGrids', '按照社区区域建立6大治理网格', 6, 'exact'],
  ['communityTasksCleared', '有效清理社区服务范畴外的工作任务20余项', 20, 'atLeast'],
  ['casesSolvedByDeliberation', '妥善解决小区院内私搭乱建、车辆乱停、消防通道不畅通等问题280多件', 280, 'atLeast'],
  ['propertyDisputesMediated', '调解物业纠纷35起', 35, 'exact'],
  ['cobuildHazardsResolved', '解决违法搭建、出店经营等各类问题隐患189处', 189, 'exact'],
  ['pressingProblemsResolved', '解决社区居民吃水、弃管楼物业管理等群众反映最集中、矛盾最突出问题1247件', 1247, 'exact'],
  ['venueAreaProvidedM2', '为群众提供免费活动场所11000多平方米', 11000, 'atLeast'],
  ['volunteerPartyBranches', '建立扶弱济困、法律援助、医疗保健等志愿服务党支部39个', 39, 'exact'],
  ['inServiceMembersServing', '有2117名在职党员参与其中', 2117, 'exact'],
  ['snowAndRubbishClearedM3', '累计清理路旁积雪垃圾14000多立方', 14000, 'atLeast'],
  ['alleysRepairedM', '修缮巷道800余延长米', 800, 'atLeast'],
  ['stairwellCultureBuildings', '打造特色楼道文化21栋', 21, 'exact'],
  ['stairwellCultureUnits', '（打造特色楼道文化21栋）69个单元', 69, 'exact'],
  ['partnerOrganizations', '全市108个共驻共建单位党组织', 108, 'exact'],
  ['inServiceMembersRegistered', '3360名在职党员', 3360, 'exact'],
  ['wishesFulfilled', '共完成辖区困难群众“微心愿”4556个', 4556, 'exact'],
  ['wishValueYuan', '累计资金物资总额40多万元', 400_000, 'atLeast'],
  ['jointActivities', '共同开展到社区慰问困难党员、居民趣味运动会、百家宴等活动54次', 54, 'exact'],
  ['serviceDepartments', '分设“四部一网”（居家养老服务部、物业管理服务部、综合服务部、商盟服务部和社区便民服务网站）', 4, 'exact'],
  ['serviceTeams', '六支服务队', 6, 'exact'],
  ['servicePoints', '19个便民小屋', 19, 'exact'],
  ['grids', '245个网格', 245, 'exact'],
  ['serviceCategories', '承办物业管理、居家养老、商盟服务、综合服务等八大类', 8, 'exact'],
  ['serviceItems', '57项具体服务项目', 57, 'exact'],
  ['consultations', '共接待居民、对接服务、提供政策类咨询2640余次', 2640, 'atLeast'],
  ['disputesSettledByAlliance', '化解各类矛盾纠纷830余件', 830, 'atLeast'],
  ['petitionCasesResolved', '四个工作室与社区网格联动，化解各类信访案件286件', 286, 'exact'],
  ['skippedLevelPetitions', '无民转刑事件、越级信访事件发生', 0, 'exact'],
  ['civilToCriminalCases', '无民转刑事件、越级信访事件发生', 0, 'exact'],
  ['hazardsFound', '累计排查社区纠纷隐患121个', 121, 'exact'],
  ['petitionConflictsMediated', '调节信访矛盾98件', 98, 'exact'],
  ['demandsResolved', '解决群众诉求387件次', 387, 'exact'],
];

let h: TestHarness;
let headers: Record<string, Record<string, string>>;
type Figure = { id: string; group: string; label: string; value: number; unitLabel: string; definition: string };
type Report = { grid: { name: string; code: string }; period: { from: string; to: string; isFromEarliest: boolean }; groups: { id: string; label: string }[]; figures: Figure[] };

const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: headers[who] });
const post = async (who: string, url: string, payload: Record<string, unknown> = {}) => {
  const res = await h.app.inject({ method: 'POST', url, headers: headers[who], payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};
async function report(url = '/api/reports/results'): Promise<Report> {
  const res = await get('admin', url);
  expect(res.statusCode).toBe(200);
  return res.json();
}
const vector = (r: Report) => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));
/** The figures that moved, and by how much. */
function moved(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(after).filter((id) => after[id] !== before[id]).map((id) => [id, Math.round((after[id] - before[id]) * 100) / 100]));
}

beforeAll(async () => {
  h = await createHarness();
  // The harness's cipher and clock, so the API reads what the loader wrote as of "now".
  await loadDemoWorld({ db: h.ctx.db, cipher: h.ctx.cipher, seed: DEMO_DEFAULT_SEED, scale: 0.05, demoPassword: 'demo-pass-123', now: h.clock.now() });
  await buildUser(h.ctx, { username: 'admin', role: 'admin' });
  h.ctx.config.dataDir = mkdtempSync('/tmp/gridgov-reports-');
  headers = { admin: await h.login('admin') };
  for (const u of ['demo-secretary', 'demo-resident', 'demo-partymember']) headers[u] = await h.login(u, 'demo-pass-123');
}, 300_000);
afterAll(() => h.close());

describe('the results report over the Muling demo world', () => {
  it('reproduces every figure of the article over the whole period and city', async () => {
    const r = await report();
    expect(r.grid.name).toBe('穆棱市');
    const values = vector(r);
    expect(Object.keys(values).sort()).toEqual(ARTICLE.map(([id]) => id).sort());
    const misses: string[] = [];
    for (const [id, phrase, value, precision] of ARTICLE) {
      const got = values[id];
      const ok = precision === 'exact' ? got === value : got >= value && got <= value * 1.1;
      if (!ok) misses.push(`${id} = ${got}, article "${phrase}" (${precision} ${value})`);
    }
    expect(misses).toEqual([]);
    // The whole period: from the earliest record (no day of any counted record before it) to today.
    expect(r.period).toMatchObject({ to: '2026-03-02', isFromEarliest: true });
    const firstCase = await h.ctx.db.kysely.selectFrom('cases').select((eb) => eb.fn.min('created_at').as('at')).executeTakeFirstOrThrow();
    const firstWish = await h.ctx.db.kysely.selectFrom('wishes').select((eb) => eb.fn.min('confirmed_at').as('at')).executeTakeFirstOrThrow();
    const day = (at: unknown) => new Date(Date.parse(String(at)) + 8 * 3600_000).toISOString().slice(0, 10);
    expect(r.period.from <= day(firstCase.at)).toBe(true);
    expect(r.period.from <= day(firstWish.at)).toBe(true);
    expect(r.period.from >= '2023-01-01').toBe(true);
  });

  it('moves exactly the right figures by exactly that much', async () => {
    // One more wish fulfilled through the wishes API: +1 wish, + its value, nothing else.
    let before = vector(await report());
    const wish = await post('demo-resident', '/api/wishes', { title: '一台收音机', description: '独居老人想听广播', kind: 'material', estimatedValue: 150 });
    await post('demo-secretary', `/api/wishes/${wish.id}/verify`, { decision: 'verified' });
    await post('demo-partymember', `/api/wishes/${wish.id}/claim`);
    const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
    const boundary = '----gridgov-report';
    const upload = await h.app.inject({
      method: 'POST', url: '/api/cases/photos', headers: { ...headers['demo-partymember'], 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="radio.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
    expect(upload.statusCode).toBe(201);
    await post('demo-partymember', `/api/wishes/${wish.id}/deliver`, { actualValue: 168.5, photoIds: [upload.json().items[0].id] });
    // Delivered is not yet fulfilled: nothing moves until the beneficiary confirms.
    expect(moved(before, vector(await report()))).toEqual({});
    await post('demo-resident', `/api/wishes/${wish.id}/confirm`, { thanks: '谢谢' });
    let after = vector(await report());
    expect(moved(before, after)).toEqual({ wishesFulfilled: 1, wishValueYuan: 168.5 });

    // One more petition case referred to the justice office and closed: +1 petition case resolved.
    before = after;
    const category = await h.ctx.db.kysely.selectFrom('case_categories').select('id').where('code', '=', 'petitions.petitionLetter').executeTakeFirstOrThrow();
    const justice = await h.ctx.db.kysely.selectFrom('departments').select('id').where('kind', '=', 'justice').executeTakeFirstOrThrow();
    const compound = await h.ctx.db.kysely.selectFrom('grids').select('id').where('code', 'like', '231085100001%').where('level', '=', 'compound').orderBy('code').executeTakeFirstOrThrow();
    const c = await post('demo-secretary', '/api/cases', { categoryId: category.id, description: '居民反映拆迁补偿问题，申请司法所协助', gridId: compound.id, channel: 'staff' });
    const act = (action: string, body: Record<string, unknown> = {}) => post('demo-secretary', `/api/cases/${c.id}/actions/${action}`, body);
    await act('accept');
    await act('register');
    await act('summon', { note: '请司法所协助调处', data: { departmentIds: [justice.id] } });
    await act('reportBack', { note: '经司法所释法明理，双方达成一致' });
    expect(moved(before, vector(await report()))).toEqual({});
    await act('verify', { data: { passed: true } });
    await act('close');
    after = vector(await report());
    expect(moved(before, after)).toEqual({ petitionCasesResolved: 1 });

    // One more joint activity held and verified as completed: +1 joint activity.
    before = after;
    const now = h.clock.now().getTime();
    const activity = await post('demo-secretary', '/api/volunteers/activities', {
      title: '共建单位慰问困难党员', kind: 'joint', theme: 'culture', gridId: compound.id, place: '社区活动室',
      startsAt: new Date(now - 3 * 3600_000).toISOString(), endsAt: new Date(now - 3600_000).toISOString(), capacity: 20,
    });
    expect(moved(before, vector(await report()))).toEqual({});
    await post('demo-secretary', `/api/volunteers/activities/${activity.id}/verify`, { entries: [], complete: true });
    expect(moved(before, vector(await report()))).toEqual({ jointActivities: 1 });
  });

  it('gives the same figures as an Excel workbook, with the grid and the period on top', async () => {
    const json = await report('/api/reports/results?from=2024-01-01');
    const res = await get('admin', '/api/reports/results.xlsx?from=2024-01-01');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0];
    const text = (row: number, col: number) => String(sheet.getRow(row).getCell(col).value ?? '');
    expect(text(1, 1)).toContain('穆棱市');
    expect(text(2, 1)).toContain(json.grid.code);
    expect(text(3, 1)).toContain(json.period.from);
    expect(text(3, 1)).toContain(json.period.to);
    expect([1, 2, 3, 4, 5, 6].map((col) => text(TITLE_ROWS + 1, col))).toEqual(['分组', '编号', '指标', '数值', '单位', '统计口径']);
    const groupLabel = new Map(json.groups.map((g) => [g.id, g.label]));
    const rows = json.figures.map((_, i) => sheet.getRow(TITLE_ROWS + 2 + i));
    expect(rows.map((r) => r.getCell(2).value)).toEqual(json.figures.map((f) => f.id));
    rows.forEach((r, i) => {
      const f = json.figures[i];
      expect([r.getCell(1).value, r.getCell(3).value, r.getCell(4).value, r.getCell(5).value, r.getCell(6).value]).toEqual([groupLabel.get(f.group), f.label, f.value, f.unitLabel, f.definition]);
    });
    expect(sheet.rowCount).toBe(TITLE_ROWS + 1 + json.figures.length);
    // A period from 2024 counts fewer flows than the whole history, and the same structure.
    const all = vector(await report());
    const since2024 = vector(json);
    expect(since2024.wishesFulfilled).toBeLessThan(all.wishesFulfilled);
    expect(since2024.communities).toBe(all.communities);
  });

  it('shows the demo secretary only 民主社区', async () => {
    const mine: Report = (await get('demo-secretary', '/api/reports/results')).json();
    expect(mine.grid.name).toBe('民主社区');
    const values = vector(mine);
    const city = vector(await report());
    expect(values.communities).toBe(1);
    expect(values.grids).toBeGreaterThan(0);
    expect(values.grids).toBeLessThan(city.grids);
    expect(values.wishesFulfilled).toBeLessThan(city.wishesFulfilled);
    const other = await h.ctx.db.kysely.selectFrom('grids').select('id').where('level', '=', 'community').where('name', '!=', '民主社区').executeTakeFirstOrThrow();
    expect((await get('demo-secretary', `/api/reports/results?grid=${other.id}`)).statusCode).toBe(404);
  });
});
