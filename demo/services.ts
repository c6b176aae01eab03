/**
 * Micro-wishes, the service alliance and field work for the Muling demo, on the article's scale:
 * 4,556 wishes fulfilled worth 420,000 yuan; 四部一网 with 6 teams, 19 service points and 57 items
 * in 8 categories; 2,700 consultations; 850 disputes settled by the alliance; 22 tasks moved off
 * communities' lists; steward reports, follow-ups, meetings, household visits, office hours and a
 * handbook. Deterministic for a seed; same code on SQLite and PostgreSQL.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { newId } from '../src/core/ids.js';
import { normalizeSearchText } from '../src/modules/fieldwork/search.js';
import { demoStructureAt } from './period.js';
import { mulberry32 } from './random.js';
import { DEMO_HANDBOOK } from './services-handbook.js';

/** The article's figures as the demo writes them (where it says 多/余: at least that, within 10% above). */
export const DEMO_SERVICE_FIGURES = {
  wishesFulfilled: 4556,
  wishValueYuan: 420_000,
  serviceDepartments: 4,
  serviceTeams: 6,
  servicePoints: 19,
  serviceCategories: 8,
  serviceItems: 57,
  consultations: 2700,
  disputesSettledByAlliance: 850,
  communityTasksCleared: 22,
} as const;

export interface LoadDemoServicesOptions {
  db: Kysely<Database>;
  now: Date;
  seed?: number;
  log?: (line: string) => void;
}

const BATCH = 400;
async function insertAll<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await db.insertInto(table).values(rows.slice(i, i + BATCH) as never).execute();
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '桂兰秀英玉珍凤芝淑华建国志强德明永福文华国庆秀云玉梅海燕丽娟春生振华家宝金凤少华红梅宏伟立新'.match(/../g)!;

const WISHES: { kind: 'material' | 'service' | 'companionship'; title: string; weight: number; value: [number, number] }[] = [
  { kind: 'material', title: '一件冬衣', weight: 8, value: [150, 320] },
  { kind: 'material', title: '一袋米和一桶油', weight: 10, value: [80, 140] },
  { kind: 'material', title: '一套学习用品', weight: 8, value: [50, 120] },
  { kind: 'material', title: '一台电暖器', weight: 3, value: [150, 260] },
  { kind: 'material', title: '一双棉鞋', weight: 5, value: [60, 120] },
  { kind: 'material', title: '一个书包', weight: 5, value: [60, 130] },
  { kind: 'material', title: '一副助听器', weight: 1, value: [300, 600] },
  { kind: 'material', title: '一辆轮椅', weight: 1, value: [350, 700] },
  { kind: 'material', title: '一床棉被', weight: 5, value: [100, 200] },
  { kind: 'material', title: '一盒降压药', weight: 4, value: [40, 90] },
  { kind: 'service', title: '修理漏水的水龙头', weight: 5, value: [20, 60] },
  { kind: 'service', title: '理发上门', weight: 5, value: [20, 40] },
  { kind: 'service', title: '孩子功课辅导', weight: 4, value: [50, 120] },
  { kind: 'service', title: '代缴水电费', weight: 3, value: [0, 10] },
  { kind: 'companionship', title: '陪老人聊天', weight: 6, value: [0, 0] },
  { kind: 'companionship', title: '陪同就医', weight: 4, value: [0, 30] },
];

const SERVICE_STRUCTURE = {
  departments: [
    { kind: 'elderCare', name: '居家养老服务部', phone: '0453-3812001', teams: ['助老服务队', '康养志愿服务队'] },
    { kind: 'property', name: '物业管理服务部', phone: '0453-3812002', teams: ['房屋维修服务队'] },
    { kind: 'general', name: '综合服务部', phone: '0453-3812003', teams: ['政策代办服务队', '邻里调解服务队'] },
    { kind: 'merchant', name: '商盟服务部', phone: '0453-3812004', teams: ['商户志愿服务队'] },
  ],
  categories: [
    { code: 'elderCare', name: '养老照料', nameEn: 'Elder care', items: ['助餐', '助浴', '助洁', '助医陪诊', '健康监测', '精神慰藉', '适老化改造评估', '紧急呼叫'] },
    { code: 'repair', name: '家政维修', nameEn: 'Home repair', items: ['水电维修', '管道疏通', '门窗维修', '家电清洗', '开锁换锁', '家具安装', '墙面修补'] },
    { code: 'affairs', name: '政务代办', nameEn: 'Errands for government services', items: ['社保代办', '医保代办', '居住证明', '高龄津贴申领', '残疾证代办', '低保申请受理', '老年优待证', '就业登记'] },
    { code: 'health', name: '医疗健康', nameEn: 'Health', items: ['家庭医生签约', '慢病随访', '免费测血压血糖', '中医理疗', '康复指导', '心理咨询', '健康讲座'] },
    { code: 'legal', name: '法律调解', nameEn: 'Legal aid and mediation', items: ['法律咨询', '邻里纠纷调解', '物业纠纷调解', '家庭矛盾调解', '劳动争议咨询', '法律援助申请', '遗嘱见证'] },
    { code: 'children', name: '儿童托管', nameEn: 'Children', items: ['课后托管', '作业辅导', '假期兴趣班', '儿童安全教育', '亲子活动', '心理辅导', '四点半课堂'] },
    { code: 'convenience', name: '便民生活', nameEn: 'Everyday convenience', items: ['理发', '缝补衣物', '磨刀', '代收快递', '代购', '家电以旧换新', '废旧物品回收'] },
    { code: 'culture', name: '文体活动', nameEn: 'Culture and sport', items: ['图书借阅', '书法培训', '广场舞教学', '棋牌活动', '摄影培训', '合唱团'] },
  ],
} as const;

/** Writes the demo's wishes, alliance and field work. Expects the world (grids, accounts, households) already written. */
export async function loadDemoServices(options: LoadDemoServicesOptions): Promise<Record<string, number>> {
  const { db, now } = options;
  const log = options.log ?? (() => {});
  const rand = mulberry32((options.seed ?? 20181026) ^ 0x5e41ce);
  const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const name = () => pick(SURNAMES) + pick(GIVEN);
  const nowMs = now.getTime();
  const start = nowMs - 3 * 365 * 86400_000;
  const at = (ms: number) => new Date(ms).toISOString();
  const day = (ms: number) => at(ms + 8 * 3600_000).slice(0, 10);
  const randomTime = () => start + Math.floor(rand() * (nowMs - start - 7 * 86400_000));

  const grids = await db.selectFrom('grids').select(['id', 'code', 'name', 'path', 'level']).execute();
  const users = await db.selectFrom('users').select(['id', 'username', 'role', 'display_name']).execute();
  const orgs = await db.selectFrom('party_orgs').select(['id', 'name']).execute();
  // The demo account of a role first (`demo-gridworker`, not one of the other grid workers' accounts).
  const user = (role: string) => users.find((u) => u.username === `demo-${role.toLowerCase()}`) ?? users.find((u) => u.role === role);
  const admin = users.find((u) => u.role === 'admin') ?? users[0];
  const resident = user('resident') ?? admin;
  const worker = user('gridWorker') ?? admin;
  const partyMember = user('partyMember') ?? admin;
  const orgContact = user('orgContact') ?? partyMember;
  const subdistrict = grids.find((g) => g.level === 'subdistrict') ?? grids[0];
  const communities = grids.filter((g) => g.level === 'community');
  const compounds = grids.filter((g) => g.level === 'compound');
  const stairwells = grids.filter((g) => g.level === 'stairwell');
  const places = stairwells.length ? stairwells : compounds;
  if (!communities.length || !places.length) return {};
  const counts: Record<string, number> = {};
  // The grid worker of each compound (the account scoped to it): visits, follow-ups and mediations in the compound are theirs.
  const workerRows = await db
    .selectFrom('user_scopes')
    .innerJoin('users', 'users.id', 'user_scopes.user_id')
    .innerJoin('grids', 'grids.id', 'user_scopes.grid_id')
    .select(['users.id', 'users.display_name', 'grids.path'])
    .where('users.role', '=', 'gridWorker')
    .where('grids.level', '=', 'compound')
    .orderBy('users.username')
    .execute();
  const workerOfCompound = new Map<string, { id: string; display_name: string }>();
  for (const w of workerRows) if (!workerOfCompound.has(w.path)) workerOfCompound.set(w.path, w);
  /** The grid worker of the compound a path lies in (paths: /city/subdistrict/community/compound/…). */
  const workerAt = (path: string) => workerOfCompound.get(`/${path.split('/').filter(Boolean).slice(0, 4).join('/')}/`);

  // --- Micro-wishes: 4,556 fulfilled worth exactly 420,000 yuan, and some still on the board -------
  const totalWeight = WISHES.reduce((s, w) => s + w.weight, 0);
  const pickWish = () => {
    let r = rand() * totalWeight;
    for (const w of WISHES) if ((r -= w.weight) < 0) return w;
    return WISHES[0];
  };
  const fulfilled = Array.from({ length: DEMO_SERVICE_FIGURES.wishesFulfilled }, () => {
    const w = pickWish();
    return { w, value: int(w.value[0], w.value[1]) };
  });
  const paid = fulfilled.filter((f) => f.value > 0);
  const raw = paid.reduce((s, f) => s + f.value, 0);
  for (const f of paid) f.value = Math.max(1, Math.round((f.value * DEMO_SERVICE_FIGURES.wishValueYuan) / raw));
  paid[0].value += DEMO_SERVICE_FIGURES.wishValueYuan - paid.reduce((s, f) => s + f.value, 0);
  const wishRows: Insertable<Database['wishes']>[] = [];
  const claimRows: Insertable<Database['wish_claims']>[] = [];
  const addWish = (w: (typeof WISHES)[number], status: 'pending' | 'open' | 'claimed' | 'fulfilled', value: number, postedMs: number) => {
    const g = pick(places);
    const id = newId();
    const isOrg = rand() < 0.7 && orgs.length > 0;
    const org = isOrg ? pick(orgs) : undefined;
    const verified = status !== 'pending';
    // Delivered and confirmed before the load time: a wish confirmed "tomorrow" would be in no report yet.
    const deliveredMs = Math.min(postedMs + int(2, 20) * 86400_000, nowMs - 2 * 86400_000);
    wishRows.push({
      id, title: w.title, description: `${w.title}，由网格员入户走访时了解到。`, kind: w.kind, estimated_value: value, actual_value: status === 'fulfilled' ? value : null,
      status, verification: verified ? 'verified' : 'pending', verification_reason: null, verified_by: verified ? worker.id : null, verified_at: verified ? at(postedMs + 86400_000) : null,
      beneficiary_name: name(), beneficiary_person_id: null, beneficiary_user_id: null, posted_by: worker.id, grid_id: g.id, grid_path: g.path,
      delivery_note: status === 'fulfilled' ? '已送达，受助人签收' : null, delivery_photo_ids: status === 'fulfilled' ? '[]' : null,
      delivered_at: status === 'fulfilled' ? at(deliveredMs) : null, confirmed_at: status === 'fulfilled' ? at(deliveredMs + 86400_000) : null,
      thanks: status === 'fulfilled' && rand() < 0.3 ? '感谢党员同志的关心！' : null, version: 1, created_at: at(postedMs), updated_at: at(postedMs),
    });
    if (status === 'fulfilled' || status === 'claimed') {
      claimRows.push({
        id: newId(), wish_id: id, claimant_user_id: isOrg ? orgContact.id : partyMember.id, claimant_kind: isOrg ? 'organisation' : 'partyMember',
        claimant_name: org ? org.name : partyMember.display_name, party_org_id: org?.id ?? null, status: status === 'fulfilled' ? 'fulfilled' : 'live', reason: null,
        created_at: at(postedMs + 2 * 86400_000), ended_at: status === 'fulfilled' ? at(deliveredMs + 86400_000) : null,
      });
    }
  };
  for (const f of fulfilled) addWish(f.w, 'fulfilled', f.value, randomTime());
  for (let i = 0; i < 40; i++) addWish(pickWish(), 'open', 100, nowMs - int(1, 20) * 86400_000);
  for (let i = 0; i < 12; i++) addWish(pickWish(), 'claimed', 100, nowMs - int(1, 10) * 86400_000);
  for (let i = 0; i < 8; i++) addWish(pickWish(), 'pending', 100, nowMs - int(0, 3) * 86400_000);
  await insertAll(db, 'wishes', wishRows);
  await insertAll(db, 'wish_claims', claimRows);
  counts.wishes = wishRows.length;

  // --- The alliance: 四部一网 --------------------------------------------------------------------------
  const allianceId = newId();
  await db.insertInto('service_alliances').values({ id: allianceId, name: '穆棱市便民服务联盟', website_url: 'https://bianmin.example.org', grid_id: subdistrict.id, grid_path: subdistrict.path, created_at: demoStructureAt(now).toISOString() }).execute();
  const deptIds: string[] = [];
  const teamRows: Insertable<Database['service_teams']>[] = [];
  for (const [i, d] of SERVICE_STRUCTURE.departments.entries()) {
    const id = newId();
    deptIds.push(id);
    await db.insertInto('service_departments').values({ id, alliance_id: allianceId, kind: d.kind, name: d.name, description: null, phone: d.phone, sort: i }).execute();
    for (const t of d.teams) teamRows.push({ id: newId(), department_id: id, name: t, leader_name: name(), member_count: int(8, 30) });
  }
  await insertAll(db, 'service_teams', teamRows);
  const weekdayHours = [1, 2, 3, 4, 5].flatMap((weekday) => [{ weekday, open: '08:30', close: '11:30' }, { weekday, open: '13:30', close: '17:00' }]);
  const pointRows: Insertable<Database['service_points']>[] = [];
  for (let i = 0; i < DEMO_SERVICE_FIGURES.servicePoints; i++) {
    const g = i < communities.length ? communities[i] : pick(compounds.length ? compounds : communities);
    pointRows.push({
      id: newId(), department_id: deptIds[i % deptIds.length], name: `${g.name}便民小屋`, grid_id: g.id, grid_path: g.path, address: `${g.name}服务站`, lng: null, lat: null,
      opening_hours: JSON.stringify(i % 3 === 0 ? [...weekdayHours, { weekday: 6, open: '09:00', close: '11:30' }] : weekdayHours), staff: JSON.stringify([name(), name()]), slot_minutes: 30, slot_capacity: 2,
    });
  }
  await insertAll(db, 'service_points', pointRows);
  const itemIds: string[] = [];
  for (const [i, c] of SERVICE_STRUCTURE.categories.entries()) {
    const id = newId();
    await db.insertInto('service_categories').values({ id, code: c.code, name: c.name, name_en: c.nameEn, sort: i }).execute();
    const rows = c.items.map((n) => ({ id: newId(), category_id: id, department_id: deptIds[i % deptIds.length], name: n, description: null, is_bookable: 1, is_active: 1 }));
    itemIds.push(...rows.map((r) => r.id));
    await insertAll(db, 'service_items', rows);
  }
  // Bookings on weekday mornings (09:00–11:00 Beijing, inside every point's hours), at most the
  // slot's capacity each: three years served or cancelled, and the next two weeks still booked.
  const bookingRows: Insertable<Database['service_bookings']>[] = [];
  const taken = new Map<string, number>();
  const book = (dayMs: number, status: 'booked' | 'done' | 'cancelled') => {
    const day = new Date(dayMs);
    const weekday = day.getUTCDay();
    // A weekend day moves to the Friday before or the Monday after.
    const shifted = weekday === 6 ? dayMs - 86400_000 : weekday === 0 ? dayMs + 86400_000 : dayMs;
    const d = new Date(shifted);
    const slot = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 1, 0) + int(0, 4) * 30 * 60_000;
    const p = pick(pointRows);
    const key = `${p.id}|${slot}`;
    if ((taken.get(key) ?? 0) >= 2) return;
    taken.set(key, (taken.get(key) ?? 0) + 1);
    bookingRows.push({
      id: newId(), item_id: pick(itemIds), point_id: p.id!, grid_path: p.grid_path!, user_id: resident.id, resident_name: name(), slot_start: at(slot), slot_end: at(slot + 30 * 60_000),
      address: null, note: null, status, created_at: at(Math.min(slot, nowMs) - int(1, 5) * 86400_000),
    });
  };
  for (let i = 0; i < 600; i++) book(randomTime(), rand() < 0.08 ? 'cancelled' : 'done');
  for (let i = 0; i < 60; i++) book(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + int(1, 14) * 86400_000, rand() < 0.1 ? 'cancelled' : 'booked');
  await insertAll(db, 'service_bookings', bookingRows);

  // --- Consultations and mediations ---------------------------------------------------------------
  const topics = ['socialSecurity', 'socialSecurity', 'medical', 'medical', 'maternalChild', 'schooling', 'elderCare', 'elderCare', 'housing', 'employment', 'civilAffairs', 'other'] as const;
  const channels = ['hall', 'hall', 'hall', 'hotline', 'hotline', 'wechat', 'web'] as const;
  const consultationRows: Insertable<Database['consultations']>[] = [];
  for (let i = 0; i < DEMO_SERVICE_FIGURES.consultations; i++) {
    const g = pick(communities);
    const t = pick(topics);
    const art = DEMO_HANDBOOK.filter((a) => a.topic === t);
    const ms = randomTime();
    consultationRows.push({
      id: newId(), channel: pick(channels), topic: t, question: art.length ? `请问${pick(art).title}怎么办理？` : '请问这件事找哪个部门？', answer: art.length ? pick(art).body : '已告知对口部门和电话。', status: 'answered', case_id: null,
      asked_by: null, asker_name: name(), grid_id: g.id, grid_path: g.path, handled_by: worker.id, created_at: at(ms), answered_at: at(ms + 20 * 60_000),
    });
  }
  await insertAll(db, 'consultations', consultationRows);
  const disputes = ['楼上漏水纠纷', '噪音扰民纠纷', '占用公共楼道纠纷', '停车位纠纷', '物业费纠纷', '宠物扰邻纠纷', '装修扰民纠纷', '邻里口角'];
  const mediationRows: Insertable<Database['mediations']>[] = [];
  const addMediation = (outcome: 'settled' | 'unsettled' | 'referred', byAlliance: boolean) => {
    const g = pick(compounds.length ? compounds : communities);
    const ms = randomTime();
    mediationRows.push({ id: newId(), title: pick(disputes), parties: '相邻两户居民', outcome, is_by_alliance: byAlliance ? 1 : 0, mediator_name: name(), note: null, grid_id: g.id, grid_path: g.path, mediated_on: day(ms), recorded_by: (workerAt(g.path) ?? worker).id, created_at: at(ms) });
  };
  for (let i = 0; i < DEMO_SERVICE_FIGURES.disputesSettledByAlliance; i++) addMediation('settled', true);
  for (let i = 0; i < 60; i++) addMediation(i % 2 ? 'referred' : 'unsettled', true);
  for (let i = 0; i < 40; i++) addMediation('settled', false);
  await insertAll(db, 'mediations', mediationRows);
  counts.consultations = consultationRows.length;
  counts.mediations = mediationRows.length;

  // --- Field work -------------------------------------------------------------------------------------
  const taskTitles = ['开具居住证明', '开具无犯罪记录证明', '开具亲属关系证明', '创城材料报送', '招商引资任务', '协税护税', '出具婚育证明', '统计台账报送', '各类评比达标', '市场经营秩序检查', '环保督查', '流动人口计生证明', '开具死亡证明', '开具收入证明', '房屋产权证明', '考核台账', '安全生产检查', '组织参加会议', '签订责任状', '开具贫困证明', '城市拆迁动员', '征兵体检通知'];
  const taskRows: Insertable<Database['community_tasks']>[] = [];
  for (let i = 0; i < DEMO_SERVICE_FIGURES.communityTasksCleared; i++) {
    const g = communities[i % communities.length];
    taskRows.push({ id: newId(), grid_id: g.id, grid_path: g.path, title: taskTitles[i], source: pick(['公安', '民政', '住建', '市场监管', '统计', '街道']), status: 'movedOut', reason: '不属于社区法定职责，退回主管部门', approver_name: '八面通镇党委', decided_on: day(start + 200 * 86400_000 + i * 7 * 86400_000), created_at: at(start) });
  }
  for (const g of communities) {
    for (const t of ['居民基础信息采集', '网格巡查', '矛盾纠纷排查', '特殊人群关爱', '社区党建', '文明创建宣传']) taskRows.push({ id: newId(), grid_id: g.id, grid_path: g.path, title: t, source: '街道', status: 'inScope', reason: null, approver_name: null, decided_on: null, created_at: at(start) });
  }
  await insertAll(db, 'community_tasks', taskRows);

  const stewardAssignments = await db.selectFrom('assignments as a').innerJoin('persons as p', 'p.id', 'a.person_id').innerJoin('grids as g', 'g.id', 'a.grid_id')
    .where('a.role', '=', 'steward').where('g.level', '=', 'stairwell').select(['g.id', 'g.path', 'p.name']).execute();
  const reportRows: Insertable<Database['steward_reports']>[] = [];
  const thisMonth = day(nowMs).slice(0, 7);
  // Monthly over the three demo years; a few missing in every month, and many for the month under way, so the board has something to show.
  for (let back = 35; back >= 0; back--) {
    const d = new Date(Date.UTC(Number(thisMonth.slice(0, 4)), Number(thisMonth.slice(5, 7)) - 1 - back, 5));
    const period = d.toISOString().slice(0, 7);
    for (const s of stewardAssignments) {
      if (rand() > (back === 0 ? 0.6 : 0.93)) continue;
      reportRows.push({
        id: newId(), grid_id: s.id, grid_path: s.path, period, steward_user_id: null, steward_name: s.name,
        known: JSON.stringify({ residents: `${int(8, 24)}户，常住${int(20, 60)}人`, situations: pick(['无变化', '新搬入1户', '1户出租', '2楼装修']), needs: pick(['无', '独居老人需代购药品', '需维修楼道灯']), hazards: pick(['无', '楼道堆放杂物', '电动车楼道充电']) }),
        reported: JSON.stringify(rand() < 0.3 ? [{ kind: 'hazard', text: '楼道堆放杂物，已上报网格员' }] : []), created_at: at(d.getTime() + int(0, 20) * 86400_000),
      });
    }
  }
  await insertAll(db, 'steward_reports', reportRows);

  const followRows: Insertable<Database['follow_ups']>[] = [];
  for (let i = 0; i < 500; i++) {
    const g = pick(places);
    const ms = randomTime();
    const by = workerAt(g.path);
    followRows.push({ id: newId(), grid_id: g.id, grid_path: g.path, subject: pick(['回访独居老人', '回访维修结果', '回访纠纷调解', '回访困难家庭']), note: pick(['情况稳定', '问题已解决，居民满意', '需继续关注']), case_id: null, visited_on: day(ms), by_user_id: by?.id ?? null, by_name: by?.display_name ?? name(), created_at: at(ms) });
  }
  await insertAll(db, 'follow_ups', followRows);
  const meetingRows: Insertable<Database['steward_meetings']>[] = [];
  for (const g of communities) {
    for (let m = 0; m < 36; m++) {
      const ms = start + m * 30 * 86400_000 + 10 * 86400_000;
      if (ms > nowMs) break;
      meetingRows.push({ id: newId(), grid_id: g.id, grid_path: g.path, kind: 'regular', held_on: day(ms), topic: '楼道红管家月度例会', attendees: int(15, 60), minutes: '通报本月四清四报情况，布置下月重点工作。', created_at: at(ms) });
    }
  }
  await insertAll(db, 'steward_meetings', meetingRows);

  const households = await db.selectFrom('households').select(['id', 'grid_id', 'grid_path']).execute();
  const visitRows: Insertable<Database['household_visits']>[] = [];
  // Each household is visited by its compound's grid worker (入户走访).
  const visit = (h: (typeof households)[number], visitedMs: number, createdMs: number) => {
    const by = workerAt(h.grid_path);
    visitRows.push({ id: newId(), household_id: h.id, grid_id: h.grid_id, grid_path: h.grid_path, visited_on: day(visitedMs), visitor_user_id: by?.id ?? null, visitor_name: by?.display_name ?? name(), note: null, created_at: at(createdMs) });
  };
  const quarterStart = (ms: number) => { const d = new Date(ms + 8 * 3600_000); return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1) - 8 * 3600_000; };
  const thisQuarter = quarterStart(nowMs);
  const lastQuarter = quarterStart(thisQuarter - 86400_000);
  // Earlier quarters of the three years: about half the households each quarter (the work before full coverage was the rule).
  for (let q = quarterStart(start + 92 * 86400_000); q < lastQuarter; q = quarterStart(q + 100 * 86400_000)) {
    const end = quarterStart(q + 100 * 86400_000);
    for (const h of households) {
      if (rand() < 0.5) visit(h, q + Math.floor(rand() * (end - q)), q);
    }
  }
  for (const h of households) {
    if (rand() < 0.95) visit(h, lastQuarter + Math.floor(rand() * (thisQuarter - lastQuarter)), lastQuarter);
    if (rand() < 0.7 && nowMs > thisQuarter) visit(h, thisQuarter + Math.floor(rand() * (nowMs - thisQuarter)), thisQuarter);
  }
  await insertAll(db, 'household_visits', visitRows);
  const officeRows: Insertable<Database['office_hours']>[] = [];
  for (const g of communities) {
    const near = compounds.filter((c) => c.path.startsWith(g.path));
    for (let w = 0; w < 4; w++) {
      const c = near.length ? pick(near) : g;
      const startsAt = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + (w * 7 + 2) * 86400_000 + 1 * 3600_000;
      officeRows.push({ id: newId(), grid_id: c.id, grid_path: c.path, starts_at: at(startsAt), ends_at: at(startsAt + 2 * 3600_000), place: `${c.name}广场`, host_name: name(), topic: '我在小区等您', created_at: at(nowMs) });
    }
  }
  await insertAll(db, 'office_hours', officeRows);
  await insertAll(db, 'handbook_articles', DEMO_HANDBOOK.map((a) => ({ id: newId(), topic: a.topic as never, title: a.title, body: a.body, search_text: normalizeSearchText(`${a.title} ${a.body}`), updated_at: at(nowMs) })));

  Object.assign(counts, { bookings: bookingRows.length, stewardReports: reportRows.length, followUps: followRows.length, meetings: meetingRows.length, communityTasks: taskRows.length, householdVisits: visitRows.length, officeHours: officeRows.length, handbookArticles: DEMO_HANDBOOK.length });
  log(`demo: wishes ${wishRows.length}, consultations ${consultationRows.length}, mediations ${mediationRows.length}, steward reports ${reportRows.length}, visits ${visitRows.length}`);
  return counts;
}
