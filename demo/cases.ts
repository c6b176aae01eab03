/**
 * Three years of cases (五小五早) for the Muling demo world: the 36 months up to `now`, written
 * straight into `cases`, `case_events`, `case_referrals` and `counters` with batched inserts.
 *
 * Every case walks a legal path of the state machine (`actionRules` in
 * src/modules/cases/workflow.ts), replayed by a small simulator that applies the same rules as
 * `transitionCase`: stage clocks on the business calendar, tiers by `teamAt`, overdue marks and SLA
 * escalations by the system exactly when the sweeper would make them, 吹哨 referrals with each
 * department's acknowledgement and answer, rework, disputed ratings and reopening, extensions,
 * returns, suspensions, merged duplicates and rejections.
 *
 * `generateCaseHistory` is pure: the same world, seed and `now` give the same history, field for
 * field (ids included: UUIDv7 made from the event time and the seeded generator).
 *
 * The volumes are chosen so that the results report (issue 7) can reproduce the article's figures
 * from these rows over the whole demo period and city, with the definitions in `DEMO_CASE_FIGURES`
 * ("resolved" means state `closed` or `rated`):
 *
 * | id | article | query |
 * | --- | --- | --- |
 * | pressingProblemsResolved | 解决吃水、弃管楼等问题1247件 | resolved, type demand, closed via handling, with a department referral (they are exactly the 吃水/供暖/弃管楼/老旧楼 categories) |
 * | casesSolvedByDeliberation | 四方议事解决私搭乱建、车辆乱停、消防通道等280多件 | resolved, closed_via = 'deliberation' |
 * | propertyDisputesMediated | 调解物业纠纷35起 | resolved, category disputes.propertyDispute |
 * | cobuildHazardsResolved | 解决违法搭建、出店经营等问题隐患189处 | resolved, type hazard, closed via handling, with a department referral |
 * | demandsResolved | 解决群众诉求387件次 | resolved, type demand, closed via handling, without a department referral |
 * | petitionCasesResolved | 四室联动化解信访案件286件 | resolved, type petition, referred to police/procuratorate/court/justice |
 * | petitionConflictsMediated | 调节信访矛盾98件 | resolved, type petition, no department referral (mediated by grid and community) |
 * | hazardsFound | 排查社区纠纷隐患121个 | type dispute found by patrol or steward (channel patrol/steward); none of them rejected or merged |
 * | skippedLevelPetitions | 无越级信访 | type petition, is_skipped_level = 1 → 0 |
 * | civilToCriminalCases | 无民转刑 | is_criminal_risk = 1 → 0 |
 *
 * The rest (other hazards, disputes, minor cases, rejected and merged reports, open cases) is free
 * volume that no figure counts. The history's log entries do not go to the outbox: they describe the
 * past, and nothing should be delivered for them.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Db } from '../src/db/index.js';
import type { Database } from '../src/db/schema.js';
import type { FieldCipher } from '../src/core/secrets.js';
import { calendarRowsOfYears } from '../src/core/calendar/holidays.js';
import { calendarRepository, WORKING_HOURS_KEY } from '../src/core/calendar/repository.js';
import {
  addWorkingDays, addWorkingHours, createBusinessCalendar, DEFAULT_WORKING_HOURS, isWorkingDay, type BusinessCalendar, type WorkingHours,
} from '../src/core/calendar/working-time.js';
import { normalizePhone } from '../src/core/people/identity.js';
import { teamAt, type ChainNode } from '../src/modules/cases/routing.js';
import type { CaseChannel, CaseState, CaseTable, CaseType, LimitUnit, Tier } from '../src/modules/cases/tables.js';
import { seedDepartments, seedTaxonomy } from '../src/modules/cases/taxonomy-seed.js';
import { actionRules, isOpenState, nextTier, stageOf, tierRank, type CaseAction } from '../src/modules/cases/workflow.js';
import type { DemoGeometry, DemoGrid, DemoPerson, DemoWorld } from './generate.js';
import { Random } from './random.js';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

type Limit = [number, LimitUnit];

/** A 小类 as the generator needs it: code `group.category`, defaults and time limits. */
export interface CaseTaxonomyEntry {
  code: string;
  name: string;
  type: CaseType;
  tier: Tier;
  accept: Limit;
  dispatch: Limit;
  handle: Limit;
}

export interface CaseDepartmentEntry {
  code: string;
  name: string;
  responseHours: number;
}

export type DemoFigure =
  | 'pressingProblemsResolved'
  | 'casesSolvedByDeliberation'
  | 'propertyDisputesMediated'
  | 'cobuildHazardsResolved'
  | 'demandsResolved'
  | 'petitionCasesResolved'
  | 'petitionConflictsMediated'
  | 'hazardsFound';

/** What the results report must show over the full demo period and the whole city (scale 1). */
export const DEMO_CASE_FIGURES: Record<DemoFigure | 'skippedLevelPetitions' | 'civilToCriminalCases', number> = {
  pressingProblemsResolved: 1247,
  casesSolvedByDeliberation: 284,
  propertyDisputesMediated: 35,
  cobuildHazardsResolved: 189,
  demandsResolved: 387,
  petitionCasesResolved: 286,
  petitionConflictsMediated: 98,
  hazardsFound: 121,
  skippedLevelPetitions: 0,
  civilToCriminalCases: 0,
};

/** The four offices of 四室联动 (police, procuratorate, court, justice). */
export const FOUR_OFFICES = ['police', 'procuratorate', 'court', 'justice'] as const;

export interface DemoCaseActor {
  /** The world person acting, or null for the system and anonymous reporters. */
  personKey: string | null;
  name: string;
  role: string;
}

export interface DemoCaseReporter {
  personKey: string | null;
  name: string | null;
  /** Plain mobile number (the loader encrypts it). */
  phone: string | null;
  /** The reporter signed in with a demo account (then `reporter_user_id` is set). */
  isAccountHolder: boolean;
}

export interface DemoPendingRequest {
  kind: 'return' | 'extension';
  returnTo?: Tier;
  amount?: number;
  unit?: LimitUnit;
  byPersonKey: string | null;
  at: string;
}

/** One case as the loader writes it; grid, category and person references are codes and keys. */
export interface DemoCase {
  key: string;
  id: string;
  number: string;
  type: CaseType;
  categoryCode: string;
  title: string;
  description: string;
  state: CaseState;
  tier: Tier;
  channel: CaseChannel;
  gridCode: string | null;
  gridPath: string | null;
  handlingGridCode: string | null;
  handlingPath: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  reporter: DemoCaseReporter;
  limits: { accept: Limit; dispatch: Limit; handle: Limit };
  stage: CaseTable['stage'];
  dueAt: string | null;
  overdueAt: string | null;
  slaEscalatedAt: string | null;
  discoveredAt: string;
  acceptedAt: string | null;
  responseDueAt: string;
  respondedAt: string | null;
  assessedAt: string | null;
  intervenedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  closedVia: 'handling' | 'deliberation' | null;
  reworkCount: number;
  escalationCount: number;
  reopenCount: number;
  lowestTier: Tier;
  feedback: 'confirmed' | 'disputed' | null;
  rating: number | null;
  ratedAt: string | null;
  mergedIntoKey: string | null;
  suspendedFrom: CaseState | null;
  isSkippedLevel: 0 | 1;
  isCriminalRisk: 0 | 1;
  priority: 'normal' | 'urgent';
  pendingRequest: DemoPendingRequest | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The results-report figure this case was generated for (for tests and docs; not stored). */
  figure: DemoFigure | null;
}

/**
 * One log entry. `data` holds codes where the database holds ids: `gridCode`, `categoryCode`,
 * `departmentCodes`, `departmentCode`; the loader maps them to `gridId`, `categoryId`,
 * `departmentIds`, `departmentId`.
 */
export interface DemoCaseEvent {
  id: string;
  caseKey: string;
  seq: number;
  action: string;
  from: CaseState | null;
  to: CaseState;
  fromTier: Tier | null;
  toTier: Tier | null;
  actor: DemoCaseActor;
  note: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

export interface DemoCaseReferral {
  id: string;
  caseKey: string;
  departmentCode: string;
  state: 'requested' | 'acknowledged' | 'responded';
  requestedAt: string;
  dueAt: string;
  acknowledgedAt: string | null;
  respondedAt: string | null;
  response: string | null;
  gridPath: string;
}

export interface DemoCaseHistory {
  seed: number;
  scale: number;
  /** First instant of the period (local midnight, first day of the month 35 months before `now`). */
  from: string;
  to: string;
  cases: DemoCase[];
  events: DemoCaseEvent[];
  referrals: DemoCaseReferral[];
  /** `case:YYYY` → the last number used that year, so new cases continue after the demo. */
  counters: { key: string; value: number }[];
}

export interface GenerateCaseHistoryOptions {
  /** The end of the history; cases open at this instant stay open. */
  now: Date;
  /** Defaults to the world's seed. */
  seed?: number;
  /** Multiplies the history's volume (1: the article's figures); the open cases do not scale. */
  scale?: number;
  /** The 小类 with their limits; defaults to the seeded taxonomy. */
  taxonomy?: CaseTaxonomyEntry[];
  departments?: CaseDepartmentEntry[];
  /** Defaults to the 2025–2027 notices with the default working hours. */
  calendar?: BusinessCalendar;
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

const HOUR = 3_600_000;
const DAY = 86_400_000;
const OFFSET = 8 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString();

/** A wall-clock time in Asia/Shanghai as an instant (months may overflow, as with Date.UTC). */
function localInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - OFFSET;
}

function localParts(ms: number): { year: number; month: number; day: number } {
  const d = new Date(ms + OFFSET);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function localDate(ms: number): string {
  return new Date(ms + OFFSET).toISOString().slice(0, 10);
}

function defaultCalendar(): BusinessCalendar {
  return createBusinessCalendar(calendarRowsOfYears([2025, 2026, 2027]));
}

// ---------------------------------------------------------------------------------------------
// Ids, geometry
// ---------------------------------------------------------------------------------------------

/** A UUIDv7 whose time is `ms` and whose random bits come from the seeded generator. */
function uuid7(ms: number, rng: Random): string {
  const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
  const ts = hex(Math.max(0, Math.floor(ms)), 12);
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${hex(rng.int(0, 0xfff), 3)}-${hex(0x8000 | rng.int(0, 0x3fff), 4)}-${hex(rng.int(0, 0xffffff), 6)}${hex(rng.int(0, 0xffffff), 6)}`;
}

function outerRings(g: DemoGeometry): number[][][] {
  return g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]);
}

function inRing(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inGeometry(g: DemoGeometry, x: number, y: number): boolean {
  return outerRings(g).some((ring) => inRing(ring, x, y));
}

function bboxOf(g: DemoGeometry): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of outerRings(g)) {
    for (const [x, y] of ring) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  }
  return box;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** A point inside `inside` and outside every geometry of `outside`, rounded to 6 decimals. */
function pointIn(rng: Random, inside: DemoGeometry, outside: DemoGeometry[] = []): [number, number] | null {
  const [x0, y0, x1, y1] = bboxOf(inside);
  for (let i = 0; i < 200; i++) {
    const x = round6(rng.float(x0, x1));
    const y = round6(rng.float(y0, y1));
    if (inGeometry(inside, x, y) && !outside.some((g) => inGeometry(g, x, y))) return [x, y];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

const DESCRIPTIONS: Record<string, string[]> = {
  exposedGarbage: ['{place}垃圾箱满溢，垃圾散落地面无人清运', '{place}有暴露垃圾堆放多日，气味很大'],
  dirtyRoad: ['{place}路面泥土杂物较多，多日未清扫', '{place}路面有油污和渣土，行人容易滑倒'],
  uncollectedSnow: ['{place}积雪结冰未清理，老人出行容易滑倒', '{place}人行道结冰严重，请尽快清雪除冰'],
  pileUp: ['{place}有人长期堆放建筑材料和杂物，占用公共空间', '{place}堆放废旧家具，影响通行'],
  burningWaste: ['{place}有人焚烧树叶垃圾，烟雾很大', '{place}有人在空地焚烧杂物，存在火灾隐患'],
  outsideStoreTrading: ['{place}商铺占用门前人行道摆放商品', '{place}饭店在门外支摊经营，影响行人通行'],
  streetVending: ['{place}流动商贩占道经营，造成拥堵', '{place}早市摊位占用机动车道'],
  illegalParkingStreet: ['{place}机动车乱停放，堵塞道路', '{place}路边车辆长期停放，影响通行'],
  dryingOnStreet: ['{place}沿街晾晒衣物被褥，影响市容', '{place}有人在路边护栏上晾晒'],
  illegalFlyers: ['{place}墙面和楼道贴满小广告', '{place}单元门上被喷涂办证小广告'],
  outdoorAdvert: ['{place}有违规设置的户外广告牌，存在坠落隐患', '{place}商铺广告牌松动破损'],
  constructionNoise: ['{place}附近工地夜间施工，噪音扰民', '{place}装修施工时间过早，影响居民休息'],
  muckSpill: ['{place}渣土车撒漏，路面泥泞', '{place}运输车辆沿途撒漏渣土'],
  roadOccupation: ['{place}施工围挡占用道路，未设置警示标志', '{place}管线施工占道，完工后未恢复路面'],
  roadCollapse: ['{place}路面出现塌陷坑，车辆难以通行', '{place}道路局部下沉开裂，存在安全隐患'],
  waterMainBurst: ['{place}供水管道破裂，路面大量积水', '{place}自来水管爆裂，水流不止'],
  gasLeak: ['{place}闻到明显燃气味，怀疑燃气泄漏', '{place}燃气管道接口处有漏气声'],
  manholeCover: ['{place}井盖缺失，夜间行人容易跌落', '{place}井盖破损松动，车辆经过有响声'],
  streetLight: ['{place}路灯不亮，夜间出行不便', '{place}多盏路灯损坏，晚上一片漆黑'],
  brokenPavement: ['{place}路面破损坑洼，雨天积水', '{place}人行道地砖松动翘起'],
  illegalStructure: ['{place}有住户私自搭建彩钢房', '{place}一楼住户私自扩建院落，侵占公共绿地'],
  compoundParking: ['{place}车辆乱停乱放，消防车无法进入', '{place}私家车占用楼前通道，居民出行不便'],
  fireLaneBlocked: ['{place}门口消防通道被私家车堵住', '{place}消防通道堆放杂物，影响应急通行'],
  stairwellClutter: ['{place}楼道内堆放纸箱杂物，影响通行', '{place}楼梯间堆放旧家具和自行车'],
  flyingWireCharging: ['{place}有住户从楼上拉电线给电动车充电', '{place}楼道内停放电动车并私拉电线充电'],
  drinkingWater: ['{place}停水已一天，老人生活困难', '{place}水压太低，楼上住户吃水困难', '{place}自来水发黄有异味'],
  heating: ['{place}家中暖气不热，室温只有十几度', '{place}暖气片上热下凉，室温不达标', '{place}整个单元暖气不热，老人孩子受冻'],
  abandonedProperty: ['{place}为弃管楼，无人清运垃圾、维修设施', '{place}原物业撤离后无人管理，楼道灯和单元门损坏'],
  oldBuildingRepair: ['{place}楼顶漏雨，顶层住户墙面发霉', '{place}单元门和楼梯扶手损坏，需要维修', '{place}外墙皮脱落，存在安全隐患'],
  policyQuestion: ['咨询城乡居民医疗保险缴费和报销政策', '咨询高龄补贴申领条件和办理流程', '咨询孩子入学需要准备的材料', '咨询城市低保申请条件', '咨询独生子女父母奖励扶助政策'],
  neighbourDispute: ['{place}楼上住户漏水，与楼下发生争执', '{place}邻居因噪音问题发生矛盾', '{place}邻居因公共区域使用问题发生纠纷'],
  propertyDispute: ['{place}业主与物业因物业费问题发生纠纷', '{place}居民反映物业服务不到位，拒交物业费', '{place}业主与物业因停车管理发生矛盾'],
  laborDispute: ['反映务工单位拖欠工资三个月未发', '农民工反映工程款被拖欠，年底前急需结清', '反映被单位辞退未获经济补偿'],
  familyDispute: ['{place}夫妻因家庭琐事经常争吵', '{place}子女因赡养老人问题发生矛盾', '{place}兄弟姐妹因房产继承发生纠纷'],
  petitionLetter: ['来访反映房屋产权证办理多年未果', '来信反映拆迁补偿问题', '来访反映低保待遇问题', '来信反映小区规划变更问题'],
  collectivePetition: ['多名居民集体反映小区回迁安置问题', '多户居民联名反映供热收费问题', '多名业主集体反映开发商延期交房问题'],
  theft: ['{place}电动车被盗', '{place}地下室储物间被撬，物品被盗'],
  fraudWarning: ['居民反映接到冒充公检法的诈骗电话', '老人被以保健品名义骗取钱财', '居民反映遭遇网络刷单诈骗'],
  securityHazard: ['{place}单元门门禁损坏，陌生人随意进出', '{place}监控摄像头损坏，存在治安隐患'],
  unclassified: ['{place}有问题需要社区帮助解决', '反映生活中遇到的困难，希望社区帮忙'],
};

const REPORT_BACK: Record<string, string[]> = {
  exposedGarbage: ['已清运垃圾并消杀，现场恢复整洁'],
  uncollectedSnow: ['已组织人员清雪除冰，道路恢复通行'],
  stairwellClutter: ['已清理楼道堆物，楼道恢复畅通'],
  flyingWireCharging: ['已劝导住户拆除飞线，改到集中充电桩充电'],
  fireLaneBlocked: ['已联系车主挪车，消防通道恢复畅通'],
  illegalStructure: ['已督促住户自行拆除违建，现场已恢复'],
  compoundParking: ['已联系车主挪车并施划停车位'],
  heating: ['供热公司已排查管网并放风，室温达到18℃以上'],
  drinkingWater: ['已抢修管道，恢复正常供水'],
  abandonedProperty: ['已由社区临时托管，落实保洁和设施维修'],
  oldBuildingRepair: ['已完成维修，住户确认'],
  policyQuestion: ['已当面答复政策规定和办理流程，并提供全岗通手册相关条目'],
  streetLight: ['已更换灯具，路灯恢复照明'],
  propertyDispute: ['经社区、业委会和物业三方协商，双方达成一致'],
  laborDispute: ['经司法所调解，用人单位承诺按期支付工资'],
  theft: ['已报警，民警已受理调查'],
  fraudWarning: ['已协助报警并开展反诈宣传'],
};

const GROUP_REPORT_BACK: Record<CaseType, string[]> = {
  hazard: ['已组织清理完毕，现场恢复正常', '已督促责任人整改到位，已拍照留存', '隐患已排除，现场恢复正常'],
  demand: ['已协调解决，居民表示认可', '问题已处理完毕，已告知反映人'],
  dispute: ['经调解双方达成一致，矛盾化解', '经网格员和楼道红管家调解，双方握手言和'],
  petition: ['已答复信访人并落实相关政策，信访人表示认可', '经联合会商，依法依规答复，信访人息访'],
  minorCase: ['已报警处理，民警已受理', '已协助当事人报警并做好登记'],
};

const DEPARTMENT_RESPONSES: Record<string, string[]> = {
  police: ['已出警处置，已对当事人批评教育', '民警已到场，依法处理'],
  procuratorate: ['检察官已到社区释法说理', '已受理并答复当事人'],
  court: ['法官已到社区开展诉前调解', '已指导当事人依法维权'],
  justice: ['已组织人民调解，双方达成调解协议', '司法所已提供法律援助'],
  urbanManagement: ['已责令限期整改，现场已清理', '执法队员已到场，违规行为已纠正'],
  housing: ['已安排维修施工', '已派技术人员现场查看并制定维修方案'],
  marketRegulation: ['已责令规范经营', '已约谈经营者'],
  emergency: ['已到场排除险情', '已设置警戒并组织抢修'],
  waterSupply: ['已抢修管道，恢复供水', '已调整加压泵，水压恢复正常'],
  heating: ['已排查管网并放风，温度达标', '已维修入户阀门，室温恢复'],
  property: ['物业已按约定整改', '物业已派人处理'],
};

const REJECT_NOTES = ['不属于社区受理范围，已告知通过12345热线反映', '经核实情况不属实', '信息不全且无法联系反映人', '属于民事合同约定事项，已告知通过诉讼途径解决'];
const ESCALATE_NOTES: Record<Tier, string> = {
  stairwell: '楼道层面无法协调，提请小区网格处理',
  compound: '需社区协调相关方，上报社区',
  community: '涉及多个部门职责，提请街道协调',
  subdistrict: '需市级部门统筹，上报市级',
  city: '',
};
const TIER_NAMES: Record<Tier, string> = { stairwell: '楼道', compound: '小区网格', community: '社区', subdistrict: '街道', city: '市级' };

const fill = (template: string, place: string) => template.replace('{place}', place);

// ---------------------------------------------------------------------------------------------
// Categories: season, place, channels, departments
// ---------------------------------------------------------------------------------------------

/** Month weights, January first. */
const SEASONS = {
  flat: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  snow: [3, 2.5, 1.5, 0.2, 0, 0, 0, 0, 0, 0, 1, 3],
  heating: [2.5, 2, 1.2, 0.4, 0, 0, 0, 0, 0, 0.6, 2.5, 3],
  water: [1.4, 1.3, 1, 0.8, 0.9, 1.1, 1.3, 1.2, 0.9, 0.8, 0.9, 1.2],
  construction: [0.1, 0.1, 0.4, 1.2, 1.6, 1.6, 1.5, 1.5, 1.4, 1.2, 0.5, 0.1],
  outdoor: [0.4, 0.4, 0.6, 1, 1.4, 1.6, 1.7, 1.6, 1.3, 1, 0.6, 0.4],
  burning: [0.2, 0.2, 0.8, 2.5, 1, 0.3, 0.2, 0.3, 0.8, 2.5, 1.2, 0.2],
  labor: [2, 1.5, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 1.2, 2.2],
  garbage: [0.7, 0.7, 0.8, 1, 1.2, 1.3, 1.4, 1.4, 1.2, 1, 0.8, 0.7],
  thaw: [0.3, 0.3, 1.5, 2, 1, 1, 1.8, 1.8, 0.8, 0.5, 0.4, 0.3],
  freeze: [2, 1.8, 1.2, 0.6, 0.4, 0.3, 0.3, 0.3, 0.4, 0.8, 1.5, 2],
  summer: [0.5, 0.5, 0.7, 1, 1.3, 1.5, 1.6, 1.5, 1.2, 0.9, 0.7, 0.6],
  festival: [1.8, 1.6, 1, 0.9, 0.9, 0.9, 0.9, 0.9, 1, 1, 1, 1.2],
  repair: [1.2, 1, 1, 1.2, 1.3, 1.2, 1.3, 1.2, 1, 0.9, 0.9, 1.1],
} as const;

type Season = keyof typeof SEASONS;
/** Where a case of the category is placed: a stairwell (point inside it), a compound (point outdoors), or a grid without a point. */
type PlaceKind = 'stairwell' | 'compound' | 'gridOnly';
type CompoundKind = 'any' | 'abandoned' | 'managed' | 'old';

interface CategoryProfile {
  season: Season;
  place: PlaceKind;
  compounds?: CompoundKind;
}

const PROFILES: Record<string, CategoryProfile> = {
  'cityAppearance.exposedGarbage': { season: 'garbage', place: 'compound' },
  'cityAppearance.dirtyRoad': { season: 'thaw', place: 'compound' },
  'cityAppearance.uncollectedSnow': { season: 'snow', place: 'compound' },
  'cityAppearance.pileUp': { season: 'flat', place: 'compound' },
  'cityAppearance.burningWaste': { season: 'burning', place: 'compound' },
  'streetOrder.outsideStoreTrading': { season: 'outdoor', place: 'compound' },
  'streetOrder.streetVending': { season: 'outdoor', place: 'compound' },
  'streetOrder.illegalParkingStreet': { season: 'flat', place: 'compound' },
  'streetOrder.dryingOnStreet': { season: 'summer', place: 'compound' },
  'advertising.illegalFlyers': { season: 'flat', place: 'stairwell' },
  'advertising.outdoorAdvert': { season: 'outdoor', place: 'compound' },
  'construction.constructionNoise': { season: 'construction', place: 'compound' },
  'construction.muckSpill': { season: 'construction', place: 'compound' },
  'construction.roadOccupation': { season: 'construction', place: 'compound' },
  'emergency.roadCollapse': { season: 'thaw', place: 'compound' },
  'emergency.waterMainBurst': { season: 'freeze', place: 'compound' },
  'emergency.gasLeak': { season: 'freeze', place: 'stairwell' },
  'publicFacilities.manholeCover': { season: 'flat', place: 'compound' },
  'publicFacilities.streetLight': { season: 'freeze', place: 'compound' },
  'publicFacilities.brokenPavement': { season: 'thaw', place: 'compound' },
  'neighbourhood.illegalStructure': { season: 'construction', place: 'compound' },
  'neighbourhood.compoundParking': { season: 'flat', place: 'compound' },
  'neighbourhood.fireLaneBlocked': { season: 'flat', place: 'stairwell' },
  'neighbourhood.stairwellClutter': { season: 'flat', place: 'stairwell' },
  'neighbourhood.flyingWireCharging': { season: 'summer', place: 'stairwell' },
  'livelihood.drinkingWater': { season: 'water', place: 'stairwell' },
  'livelihood.heating': { season: 'heating', place: 'stairwell' },
  'livelihood.abandonedProperty': { season: 'repair', place: 'compound', compounds: 'abandoned' },
  'livelihood.oldBuildingRepair': { season: 'repair', place: 'stairwell', compounds: 'old' },
  'livelihood.policyQuestion': { season: 'flat', place: 'gridOnly' },
  'disputes.neighbourDispute': { season: 'flat', place: 'stairwell' },
  'disputes.propertyDispute': { season: 'flat', place: 'compound', compounds: 'managed' },
  'disputes.laborDispute': { season: 'labor', place: 'gridOnly' },
  'disputes.familyDispute': { season: 'festival', place: 'gridOnly' },
  'petitions.petitionLetter': { season: 'flat', place: 'gridOnly' },
  'petitions.collectivePetition': { season: 'flat', place: 'gridOnly' },
  'publicSecurity.theft': { season: 'summer', place: 'compound' },
  'publicSecurity.fraudWarning': { season: 'flat', place: 'gridOnly' },
  'publicSecurity.securityHazard': { season: 'flat', place: 'compound' },
  'other.unclassified': { season: 'flat', place: 'compound' },
};

type ChannelMix = readonly (readonly [CaseChannel, number])[];
const CHANNELS: Record<string, ChannelMix> = {
  hazardInside: [['steward', 25], ['patrol', 25], ['web', 15], ['wechat', 15], ['hotline', 20]],
  hazardOutside: [['patrol', 40], ['web', 15], ['wechat', 20], ['hotline', 25]],
  deliberation: [['steward', 20], ['hotline', 30], ['web', 20], ['wechat', 25], ['staff', 5]],
  cobuild: [['patrol', 40], ['hotline', 25], ['web', 10], ['wechat', 15], ['department', 10]],
  pressing: [['hotline', 45], ['web', 20], ['wechat', 25], ['staff', 10]],
  demand: [['hotline', 35], ['web', 25], ['wechat', 25], ['staff', 10], ['patrol', 5]],
  petition: [['staff', 65], ['hotline', 20], ['web', 10], ['wechat', 5]],
  dispute: [['hotline', 40], ['web', 20], ['wechat', 15], ['staff', 25]],
  minorCase: [['hotline', 50], ['web', 20], ['staff', 20], ['wechat', 10]],
  rejected: [['web', 35], ['wechat', 35], ['hotline', 30]],
};

/** Hours of the day residents report at (local), and the hotline's. */
const RESIDENT_HOURS = [0, 0, 0, 0, 0, 0, 0.2, 0.8, 1.4, 1.6, 1.4, 1.1, 0.9, 1, 1.2, 1.2, 1.1, 1, 1.2, 1.4, 1.3, 0.9, 0.4, 0.1];
const HOTLINE_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 1.2, 1.6, 1.6, 1.2, 0.6, 1.2, 1.5, 1.4, 1.1, 0.8, 0.5, 0.3, 0, 0, 0, 0];

// ---------------------------------------------------------------------------------------------
// The world, indexed
// ---------------------------------------------------------------------------------------------

interface Place {
  /** The grid the case happened in (stairwell or compound), null for the triage queue. */
  gridCode: string | null;
  communityCode: string | null;
  compoundCode: string | null;
  stairwellCode: string | null;
  lng: number | null;
  lat: number | null;
  address: string | null;
  /** Short place for titles and descriptions, e.g. 民主家园3号楼2单元. */
  short: string;
}

class WorldIndex {
  readonly grid = new Map<string, DemoGrid>();
  readonly path = new Map<string, string>();
  readonly children = new Map<string, DemoGrid[]>();
  readonly communities: DemoGrid[];
  readonly compoundsOf = new Map<string, DemoGrid[]>();
  readonly stairwellsOfCompound = new Map<string, DemoGrid[]>();
  readonly residents = new Map<string, DemoPerson[]>();
  readonly persons = new Map<string, DemoPerson>();
  readonly steward = new Map<string, DemoPerson>();
  readonly gridWorker = new Map<string, DemoPerson>();
  readonly secretary = new Map<string, DemoPerson>();
  readonly cadre = new Map<string, DemoPerson>();
  readonly operator: DemoPerson;
  readonly officer: DemoPerson;
  readonly accountOf = new Map<string, string>();
  readonly cityCode: string;
  readonly cityBoundary: DemoGeometry | null;

  constructor(readonly world: DemoWorld) {
    for (const g of world.grids) {
      this.grid.set(g.code, g);
      this.path.set(g.code, `${g.parentCode === null ? '/' : this.path.get(g.parentCode)!}${g.code}/`);
      if (g.parentCode !== null) {
        const list = this.children.get(g.parentCode) ?? [];
        list.push(g);
        this.children.set(g.parentCode, list);
      }
    }
    const city = world.grids.find((g) => g.level === 'city')!;
    this.cityCode = city.code;
    this.cityBoundary = city.boundary;
    this.communities = world.grids.filter((g) => g.level === 'community');
    for (const c of this.communities) this.compoundsOf.set(c.code, this.children.get(c.code) ?? []);
    for (const g of world.grids.filter((x) => x.level === 'compound')) {
      this.stairwellsOfCompound.set(g.code, (this.children.get(g.code) ?? []).flatMap((b) => this.children.get(b.code) ?? []));
    }
    for (const p of world.persons) {
      this.persons.set(p.key, p);
      const list = this.residents.get(p.gridCode) ?? [];
      list.push(p);
      this.residents.set(p.gridCode, list);
    }
    const person = (key: string | null) => this.persons.get(key!)!;
    for (const a of world.assignments) {
      if (a.personKey === null) continue;
      if (a.role === 'steward') this.steward.set(a.gridCode, person(a.personKey));
      if (a.role === 'gridWorker') this.gridWorker.set(a.gridCode, person(a.personKey));
      if (a.role === 'gridLeader') this.secretary.set(a.gridCode, person(a.personKey));
      if (a.role === 'cadre') this.cadre.set(a.gridCode, person(a.personKey));
    }
    this.operator = person(world.staff.find((s) => s.position === 'operator')!.personKey);
    this.officer = person(world.staff.find((s) => s.position === 'departmentOfficer')!.personKey);
    for (const a of world.accounts) if (a.personKey) this.accountOf.set(a.personKey, a.username);
  }

  chain(code: string): ChainNode[] {
    const nodes: ChainNode[] = [];
    for (let g: DemoGrid | undefined = this.grid.get(code); g; g = g.parentCode === null ? undefined : this.grid.get(g.parentCode)) {
      nodes.unshift({ id: g.code, path: this.path.get(g.code)!, level: g.level });
    }
    return nodes;
  }

  ancestor(code: string, level: DemoGrid['level']): DemoGrid | undefined {
    for (let g: DemoGrid | undefined = this.grid.get(code); g; g = g.parentCode === null ? undefined : this.grid.get(g.parentCode)) if (g.level === level) return g;
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The simulator: one case through the state machine, as transitionCase would move it
// ---------------------------------------------------------------------------------------------

const SYSTEM: DemoCaseActor = { personKey: null, name: 'system', role: 'system' };
const ANONYMOUS: DemoCaseActor = { personKey: null, name: 'anonymous', role: 'public' };
/** Working hours a case may stay overdue before the sweep escalates it (ESCALATION_GRACE_HOURS). */
const GRACE_HOURS = 2;

interface SimEvent {
  action: string;
  from: CaseState | null;
  to: CaseState;
  fromTier: Tier | null;
  toTier: Tier | null;
  actor: DemoCaseActor;
  note: string | null;
  data: Record<string, unknown> | null;
  at: number;
}

interface SimReferral {
  id: string;
  departmentCode: string;
  requestedAt: number;
  dueAt: number;
  acknowledgedAt: number | null;
  respondedAt: number | null;
  response: string | null;
}

/**
 * Working-time arithmetic for choosing when people act, memoising which days are working days
 * (the calendar's own functions format a date per day looked at; the generator looks at millions).
 * Deadlines and grace periods still come from the calendar's functions, exactly as the server's.
 */
class WorkClock {
  private readonly isWorking = new Map<number, boolean>();

  constructor(private readonly cal: BusinessCalendar) {}

  private working(dayIndex: number): boolean {
    let value = this.isWorking.get(dayIndex);
    if (value === undefined) {
      value = isWorkingDay(this.cal, new Date(dayIndex * DAY - OFFSET + 12 * HOUR));
      this.isWorking.set(dayIndex, value);
    }
    return value;
  }

  /** Working time between two instants (a ≤ b), as `workingMsBetween`. */
  workingMs(a: number, b: number): number {
    if (b <= a) return 0;
    let total = 0;
    for (let day = Math.floor((a + OFFSET) / DAY); day <= Math.floor((b + OFFSET) / DAY); day++) {
      if (!this.working(day)) continue;
      const base = day * DAY - OFFSET;
      for (const [start, end] of this.cal.periodsMs) {
        const overlap = Math.min(base + end, b) - Math.max(base + start, a);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  /** The instant `hours` of working time after `from`, as `addWorkingHours`. */
  after(from: number, hours: number): number {
    let remaining = Math.round(hours * HOUR);
    let day = Math.floor((from + OFFSET) / DAY);
    let t = from;
    for (let guard = 0; guard < 4000; guard++, day++, t = day * DAY - OFFSET) {
      if (!this.working(day)) continue;
      const base = day * DAY - OFFSET;
      for (const [start, end] of this.cal.periodsMs) {
        const s = Math.max(base + start, t);
        if (s >= base + end) continue;
        if (remaining <= base + end - s) return s + remaining;
        remaining -= base + end - s;
      }
    }
    throw new Error('demo: no working time ahead');
  }
}

interface Env {
  clock: WorkClock;
  cal: BusinessCalendar;
  rng: Random;
  departments: Map<string, CaseDepartmentEntry>;
  categories: Map<string, CaseTaxonomyEntry>;
}

interface TransitionOptions {
  note?: string | null;
  tier?: Tier;
  passed?: boolean;
  rating?: number;
  feedback?: 'confirmed' | 'disputed';
  amount?: number;
  unit?: LimitUnit;
  departmentCodes?: string[];
  category?: CaseTaxonomyEntry;
  flags?: { isSkippedLevel: boolean; isCriminalRisk: boolean };
  priority?: 'normal' | 'urgent';
  closedVia?: 'deliberation';
  intoCase?: { id: string; key: string };
}

class CaseSim {
  state: CaseState = 'reported';
  tier: Tier;
  handlingCode: string | null;
  handlingPath: string;
  lowestTier: Tier;
  category: CaseTaxonomyEntry;
  type: CaseType;
  limits: { accept: Limit; dispatch: Limit; handle: Limit };
  stage: CaseTable['stage'] = 'accept';
  due: number | null;
  overdueAt: number | null = null;
  slaAt: number | null = null;
  acceptedAt: number | null = null;
  /** The acceptance deadline fixed at intake, and the first answer (accept, reject or merge). */
  responseDue = 0;
  respondedAt: number | null = null;
  assessedAt: number | null = null;
  intervenedAt: number | null = null;
  resolvedAt: number | null = null;
  closedAt: number | null = null;
  closedVia: 'handling' | 'deliberation' | null = null;
  reworks = 0;
  escalations = 0;
  reopens = 0;
  feedback: 'confirmed' | 'disputed' | null = null;
  rating: number | null = null;
  ratedAt: number | null = null;
  mergedInto: { id: string; key: string } | null = null;
  suspendedFrom: CaseState | null = null;
  pending: DemoPendingRequest | null = null;
  priority: 'normal' | 'urgent' = 'normal';
  isSkippedLevel: 0 | 1 = 0;
  isCriminalRisk: 0 | 1 = 0;
  events: SimEvent[] = [];
  referrals: SimReferral[] = [];
  /** Time of the last event. */
  t: number;
  /** The tier a dispatch came from (for a return request). */
  dispatchedBy: Tier | null = null;

  constructor(
    private readonly env: Env,
    private readonly chain: ChainNode[],
    category: CaseTaxonomyEntry,
    at: number,
    reporter: DemoCaseActor,
    data: Record<string, unknown>,
    note: string,
  ) {
    this.category = category;
    this.type = category.type;
    this.limits = { accept: category.accept, dispatch: category.dispatch, handle: category.handle };
    const routed = this.moveTo(category.tier);
    this.tier = routed.tier;
    this.handlingCode = routed.code;
    this.handlingPath = routed.path;
    this.lowestTier = routed.tier;
    this.due = this.dueAfter(at, this.limits.accept);
    this.responseDue = this.due;
    this.t = at;
    this.events.push({ action: 'report', from: null, to: 'reported', fromTier: null, toTier: this.tier, actor: reporter, note, data: { ...data, isTriage: this.handlingPath === '/' }, at });
  }

  get isOpen(): boolean {
    return isOpenState(this.state);
  }

  get version(): number {
    return this.events.length;
  }

  private dueAfter(at: number, limit: Limit): number {
    const start = new Date(at);
    return (limit[1] === 'workingDays' ? addWorkingDays(this.env.cal, start, limit[0]) : addWorkingHours(this.env.cal, start, limit[0])).getTime();
  }

  private moveTo(tier: Tier): { tier: Tier; code: string | null; path: string } {
    if (this.chain.length === 0) return { tier: 'city', code: null, path: '/' };
    const team = teamAt(this.chain, tier);
    return { tier: team.tier, code: team.node.id, path: team.node.path };
  }

  private push(e: Omit<SimEvent, 'data'> & { data?: Record<string, unknown> | null }): void {
    if (e.at < this.t) throw new Error(`demo: case events out of order (${e.action})`);
    const data = e.data ? Object.fromEntries(Object.entries(e.data).filter(([, v]) => v !== undefined)) : null;
    this.events.push({ ...e, data: data && Object.keys(data).length ? data : null });
    this.t = e.at;
  }

  /** One action of the state machine, with the same effects as `transitionCase`. */
  apply(action: CaseAction, at: number, actor: DemoCaseActor, o: TransitionOptions = {}): void {
    const rule = actionRules[action];
    if (!rule.from.includes(this.state) || (rule.needsPending && rule.needsPending !== this.pending?.kind)) {
      throw new Error(`demo: ${action} is not allowed from ${this.state}`);
    }
    const isSystem = actor.role === 'system';
    const from = this.state;
    const fromTier = this.tier;
    let to: CaseState = rule.to ?? this.state;
    let toTier: Tier = this.tier;
    const data: Record<string, unknown> = {};
    const move = (target: { tier: Tier; code: string | null; path: string }) => {
      this.tier = target.tier;
      this.handlingCode = target.code;
      this.handlingPath = target.path;
      toTier = target.tier;
    };
    if ((action === 'accept' || action === 'reject' || action === 'merge') && this.respondedAt === null) this.respondedAt = at;
    switch (action) {
      case 'accept':
        this.acceptedAt = at;
        break;
      case 'register':
        this.assessedAt = at;
        if (o.priority) this.priority = o.priority;
        if (o.flags) {
          this.isSkippedLevel = o.flags.isSkippedLevel ? 1 : 0;
          this.isCriminalRisk = o.flags.isCriminalRisk ? 1 : 0;
        }
        if (o.category && o.category.code !== this.category.code) {
          this.category = o.category;
          this.type = o.category.type;
          this.limits = { accept: o.category.accept, dispatch: o.category.dispatch, handle: o.category.handle };
          Object.assign(data, { type: o.category.type, categoryCode: o.category.code });
        }
        Object.assign(data, { priority: o.priority, isSkippedLevel: o.flags?.isSkippedLevel, isCriminalRisk: o.flags?.isCriminalRisk });
        break;
      case 'dispatch':
        data.dispatchedBy = this.tier;
        this.dispatchedBy = this.tier;
        if (o.tier && o.tier !== this.tier) {
          if (tierRank(o.tier) > tierRank(this.tier)) throw new Error('demo: dispatch up');
          move(this.moveTo(o.tier));
          if (tierRank(this.tier) < tierRank(this.lowestTier)) this.lowestTier = this.tier;
        }
        break;
      case 'startHandling':
        this.intervenedAt ??= at;
        break;
      case 'reportBack':
        this.resolvedAt = at;
        break;
      case 'verify':
        data.passed = o.passed;
        if (o.passed) to = 'verified';
        else {
          to = 'handling';
          this.reworks++;
          this.resolvedAt = null;
        }
        break;
      case 'close':
        this.closedAt = at;
        this.closedVia = o.closedVia ?? 'handling';
        if (o.closedVia) data.closedVia = o.closedVia;
        break;
      case 'rate':
      case 'followUp':
        this.feedback = o.feedback!;
        this.rating = o.rating ?? null;
        this.ratedAt = at;
        Object.assign(data, { rating: o.rating, feedback: o.feedback });
        if (o.feedback === 'confirmed') to = 'rated';
        else {
          to = 'handling';
          this.reopens++;
          this.closedAt = null;
        }
        break;
      case 'escalate': {
        const up = nextTier(this.tier);
        if (!up) throw new Error('demo: escalate from the top tier');
        const target = this.moveTo(up);
        move(tierRank(target.tier) > tierRank(this.tier) ? target : { tier: 'city', code: this.chain[0]?.id ?? null, path: this.chain[0]?.path ?? '/' });
        this.escalations++;
        this.pending = null;
        if (isSystem) data.reason = 'sla';
        break;
      }
      case 'requestReturn':
        this.pending = { kind: 'return', returnTo: this.dispatchedBy ?? this.tier, byPersonKey: actor.personKey, at: iso(at) };
        data.returnTo = this.pending.returnTo;
        break;
      case 'approveReturn':
        move(this.moveTo(this.pending!.returnTo ?? this.tier));
        this.pending = null;
        break;
      case 'denyReturn':
      case 'denyExtension':
        this.pending = null;
        break;
      case 'requestExtension':
        this.pending = { kind: 'extension', amount: o.amount, unit: o.unit, byPersonKey: actor.personKey, at: iso(at) };
        Object.assign(data, { amount: o.amount, unit: o.unit });
        break;
      case 'approveExtension': {
        const base = this.due !== null && this.due > at ? this.due : at;
        this.due = this.dueAfter(base, [this.pending!.amount!, this.pending!.unit!]);
        Object.assign(data, { amount: this.pending!.amount, unit: this.pending!.unit, dueAt: iso(this.due) });
        this.pending = null;
        this.overdueAt = null;
        this.slaAt = null;
        break;
      }
      case 'suspend':
        this.suspendedFrom = this.state;
        break;
      case 'resume':
        to = this.suspendedFrom ?? 'handling';
        this.suspendedFrom = null;
        break;
      case 'merge':
        this.mergedInto = o.intoCase!;
        Object.assign(data, { intoCaseId: o.intoCase!.id, intoNumber: `#${o.intoCase!.key}` });
        break;
      case 'summon':
        this.intervenedAt ??= at;
        data.departmentCodes = o.departmentCodes;
        break;
      case 'reopen':
        this.reopens++;
        this.closedAt = null;
        break;
      default:
        break;
    }
    const stageBefore = stageOf(from);
    const stageAfter = stageOf(to);
    this.state = to;
    const isNewStage = stageAfter !== stageBefore || toTier !== fromTier || action === 'verify' || action === 'rate' || action === 'followUp' || action === 'reopen';
    if (!stageAfter) {
      this.stage = null;
      this.due = null;
      this.overdueAt = null;
      this.slaAt = null;
    } else if (isNewStage && action !== 'approveExtension') {
      const limit = this.limits[stageAfter];
      this.stage = stageAfter;
      this.due = this.dueAfter(at, limit);
      this.overdueAt = null;
      this.slaAt = null;
    }
    if (action === 'escalate' && isSystem) this.slaAt = at;
    this.push({ action, from, to, fromTier, toTier, actor, note: o.note ?? null, data, at });
    if (action === 'summon') {
      for (const code of o.departmentCodes!) {
        const dept = this.env.departments.get(code)!;
        this.referrals.push({ id: uuid7(at, this.env.rng), departmentCode: code, requestedAt: at, dueAt: this.dueAfter(at, [dept.responseHours, 'workingHours']), acknowledgedAt: null, respondedAt: null, response: null });
      }
    }
  }

  /** A department acknowledges or answers its referral (logged on the case, state unchanged). */
  referralStep(referral: SimReferral, step: 'acknowledge' | 'respond', at: number, actor: DemoCaseActor, response?: string): void {
    if (step === 'acknowledge') referral.acknowledgedAt = at;
    else {
      referral.acknowledgedAt ??= at;
      referral.respondedAt = at;
      referral.response = response!;
    }
    this.push({
      action: step === 'acknowledge' ? 'referralAcknowledged' : 'referralResponded', from: this.state, to: this.state, fromTier: null, toTier: null, actor,
      note: step === 'respond' ? response! : null, data: { referralId: referral.id, departmentCode: referral.departmentCode }, at,
    });
  }

  /** Whether the sweeper would escalate this case now (overdue, past the grace, not at the top). */
  private graceEnd(): number | null {
    if (this.overdueAt === null || this.due === null || this.tier === 'city' || !actionRules.escalate.from.includes(this.state)) return null;
    return addWorkingHours(this.env.cal, new Date(this.due), GRACE_HOURS).getTime();
  }

  /**
   * Lets time run to `until`: the minute sweeper marks the case overdue once its deadline passes
   * and escalates it after the grace period. Returns true when an escalation happened (the plan
   * must be made again from the new tier).
   */
  advanceTo(until: number): boolean {
    for (let guard = 0; guard < 50; guard++) {
      if (this.due !== null && this.isOpen && this.overdueAt === null && this.due < until) {
        const at = Math.min(this.due + this.env.rng.int(1_000, 59_000), this.due + Math.floor((until - this.due) / 2));
        this.overdueAt = at;
        this.push({ action: 'overdue', from: this.state, to: this.state, fromTier: this.tier, toTier: this.tier, actor: SYSTEM, note: null, data: { stage: this.stage, dueAt: iso(this.due) }, at: Math.max(at, this.t) });
        continue;
      }
      const grace = this.graceEnd();
      if (grace !== null && grace < until) {
        const at = Math.max(this.t, Math.min(grace + this.env.rng.int(1_000, 59_000), grace + Math.floor((until - grace) / 2)));
        this.apply('escalate', at, SYSTEM);
        return true;
      }
      return false;
    }
    throw new Error('demo: runaway sweep');
  }

  workingHoursTo(until: number): number {
    return this.env.clock.workingMs(this.t, until) / HOUR;
  }

  after(hours: number, from = this.t): number {
    return this.env.clock.after(from, Math.max(0, hours));
  }
}

// ---------------------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------------------

interface Plan {
  figure: DemoFigure | null;
  category: CaseTaxonomyEntry;
  /** At intake (a WeChat message first lands as 待分类 and is classified at registration). */
  initialCategory: CaseTaxonomyEntry;
  channel: CaseChannel;
  place: Place;
  reporter: DemoCaseReporter;
  reportActor: DemoCaseActor;
  handleTier: Tier;
  escalateAfterAssess: boolean;
  dispatchTo: Tier | null;
  departments: string[];
  outcome: 'resolved' | 'rejected';
  reworks: number;
  disputes: number;
  supervisorReopen: boolean;
  rating: 'rate' | 'tracked' | 'followUp' | 'none';
  late: { step: number; isBeyondGrace: boolean } | null;
  extension: 'approved' | 'denied' | null;
  returnRequest: 'approved' | 'denied' | null;
  suspend: boolean;
  comment: boolean;
  closedVia: 'handling' | 'deliberation';
  priority: 'normal' | 'urgent';
  description: string;
}

interface Generated {
  key: string;
  id: string;
  plan: Plan;
  sim: CaseSim;
  createdAt: number;
  discoveredAt: number;
}

const PETITION_FLAGS = { isSkippedLevel: false, isCriminalRisk: false };

class HistoryBuilder {
  readonly env: Env;
  readonly rng: Random;
  readonly idx: WorldIndex;
  readonly cats: Map<string, CaseTaxonomyEntry>;
  readonly nowMs: number;
  readonly startMs: number;
  readonly months: { year: number; month: number; start: number; end: number }[] = [];
  readonly generated: Generated[] = [];
  readonly officers = new Map<string, DemoPerson>();
  private keySeq = 0;

  constructor(world: DemoWorld, readonly options: Required<Pick<GenerateCaseHistoryOptions, 'now' | 'seed' | 'scale'>> & { taxonomy: CaseTaxonomyEntry[]; departments: CaseDepartmentEntry[]; calendar: BusinessCalendar }) {
    this.rng = new Random(options.seed).fork('cases');
    this.cats = new Map(options.taxonomy.map((c) => [c.code, c]));
    this.env = { clock: new WorkClock(options.calendar), cal: options.calendar, rng: this.rng.fork('ids'), departments: new Map(options.departments.map((d) => [d.code, d])), categories: this.cats };
    this.idx = new WorldIndex(world);
    this.nowMs = options.now.getTime();
    const p = localParts(this.nowMs);
    this.startMs = localInstant(p.year, p.month - 35, 1);
    for (let i = 0; i < 36; i++) {
      const start = localInstant(p.year, p.month - 35 + i, 1);
      const end = Math.min(localInstant(p.year, p.month - 34 + i, 1), this.nowMs);
      const lp = localParts(start);
      this.months.push({ year: lp.year, month: lp.month, start, end });
    }
    // One duty officer per department; the police station's is the demo department officer.
    const deptRng = this.rng.fork('officers');
    const adults = world.persons.filter((x) => x.phone !== null && world.referenceYear - x.birthYear >= 25 && world.referenceYear - x.birthYear <= 55);
    for (const d of options.departments) this.officers.set(d.code, d.code === 'police' ? this.idx.officer : deptRng.pick(adults));
  }

  cat(code: string): CaseTaxonomyEntry {
    const c = this.cats.get(code);
    if (!c) throw new Error(`demo: the taxonomy lacks ${code}`);
    return c;
  }

  nextKey(): string {
    return `C${String(++this.keySeq).padStart(6, '0')}`;
  }

  // --- people -----------------------------------------------------------------------------------

  actor(p: DemoPerson, role: string): DemoCaseActor {
    return { personKey: p.key, name: p.name, role };
  }

  /** The team holding a case at a tier, for a place. */
  team(tier: Tier, place: Place): DemoCaseActor {
    const community = place.communityCode;
    if (tier === 'stairwell' && place.stairwellCode && this.idx.steward.has(place.stairwellCode)) return this.actor(this.idx.steward.get(place.stairwellCode)!, 'steward');
    if ((tier === 'stairwell' || tier === 'compound') && place.compoundCode) return this.actor(this.idx.gridWorker.get(place.compoundCode)!, 'gridWorker');
    if (tier === 'community' && community) return this.actor(this.idx.secretary.get(community)!, 'secretary');
    if (tier === 'subdistrict' && community) return this.actor(this.idx.cadre.get(community)!, 'cadre');
    return this.actor(this.idx.operator, 'operator');
  }

  /** The tier above a case's holder approves returns and extensions, and reopens. */
  supervisor(tier: Tier, place: Place): DemoCaseActor {
    const up = nextTier(tier);
    if (!up) return { personKey: null, name: '系统管理员', role: 'admin' };
    return this.team(up, place);
  }

  /** Staff where the case happened: the grid worker of the compound, else the community secretary. */
  staffAtPlace(place: Place, preferSecretary = false): DemoCaseActor {
    if (!preferSecretary && place.compoundCode) return this.actor(this.idx.gridWorker.get(place.compoundCode)!, 'gridWorker');
    if (place.communityCode) return this.actor(this.idx.secretary.get(place.communityCode)!, 'secretary');
    return this.actor(this.idx.operator, 'operator');
  }

  departmentActor(code: string): DemoCaseActor {
    return this.actor(this.officers.get(code)!, 'departmentOfficer');
  }

  /** An adult with a phone living at the place (its stairwell, else its compound). */
  residentOf(rng: Random, place: Place): DemoPerson | null {
    const pool = (code: string | null, isCompound: boolean): DemoPerson[] => {
      if (code === null) return [];
      let list = this.reporterPools.get(code);
      if (!list) {
        const people = isCompound ? (this.idx.stairwellsOfCompound.get(code) ?? []).flatMap((s) => this.idx.residents.get(s.code) ?? []) : this.idx.residents.get(code) ?? [];
        list = people.filter((p) => p.phone !== null && this.idx.world.referenceYear - p.birthYear >= 18);
        this.reporterPools.set(code, list);
      }
      return list;
    };
    const near = pool(place.stairwellCode, false);
    if (near.length) return rng.pick(near);
    const wider = pool(place.compoundCode, true);
    return wider.length ? rng.pick(wider) : null;
  }

  // --- places -----------------------------------------------------------------------------------

  private readonly compoundPools = new Map<string, DemoGrid[]>();
  private readonly reporterPools = new Map<string, DemoPerson[]>();

  pickCompound(rng: Random, kind: CompoundKind = 'any', communityCode?: string): DemoGrid {
    const key = `${kind}|${communityCode ?? ''}`;
    let pool = this.compoundPools.get(key);
    if (!pool) {
      pool = this.compoundPool(kind, communityCode);
      this.compoundPools.set(key, pool);
    }
    return rng.pick(pool);
  }

  private compoundPool(kind: CompoundKind, communityCode?: string): DemoGrid[] {
    const communities = communityCode ? [this.idx.grid.get(communityCode)!] : this.idx.communities;
    const all = communities.flatMap((c) => this.idx.compoundsOf.get(c.code)!);
    const fits = all.filter((g) => {
      const attrs = (g.attributes ?? {}) as { propertyManagement?: string; builtYear?: number };
      if (kind === 'abandoned') return attrs.propertyManagement === 'abandoned';
      if (kind === 'managed') return attrs.propertyManagement === 'company';
      if (kind === 'old') return (attrs.builtYear ?? 2000) < 2000;
      return true;
    });
    return fits.length ? fits : all;
  }

  place(rng: Random, kind: PlaceKind, compound: DemoGrid, stairwellCode?: string): Place {
    const community = this.idx.grid.get(compound.parentCode!)!;
    const stairwells = this.idx.stairwellsOfCompound.get(compound.code)!;
    const stairwell = stairwellCode ? this.idx.grid.get(stairwellCode)! : kind === 'stairwell' || kind === 'gridOnly' ? rng.pick(stairwells) : null;
    const building = stairwell ? this.idx.grid.get(stairwell.parentCode!)! : null;
    const buildingPart = stairwell && building ? `${building.name}${stairwell.name}` : '';
    if (kind === 'stairwell' && stairwell?.boundary) {
      const at = pointIn(rng, stairwell.boundary);
      if (at) return { gridCode: stairwell.code, communityCode: community.code, compoundCode: compound.code, stairwellCode: stairwell.code, lng: at[0], lat: at[1], address: `${community.name}${compound.name}${buildingPart}`, short: `${compound.name}${buildingPart}` };
    }
    if (kind === 'gridOnly') {
      // Petitions, family and labour disputes, questions: the petitioner's home, no point on the map.
      return { gridCode: compound.code, communityCode: community.code, compoundCode: compound.code, stairwellCode: null, lng: null, lat: null, address: `${community.name}${compound.name}${buildingPart}`, short: `${compound.name}${buildingPart}` };
    }
    const buildings = (this.idx.children.get(compound.code) ?? []).map((b) => b.boundary).filter((b): b is DemoGeometry => b !== null);
    const at = compound.boundary ? pointIn(rng, compound.boundary, buildings) : null;
    const spot = rng.pick(['东门', '西门', '南门', '北门', '中心广场', '停车场', '垃圾站旁', '健身器材旁', '门前路段', '围墙边']);
    return { gridCode: compound.code, communityCode: community.code, compoundCode: compound.code, stairwellCode: null, lng: at?.[0] ?? null, lat: at?.[1] ?? null, address: `${community.name}${compound.name}${spot}`, short: `${compound.name}${spot}` };
  }

  /** A case outside every grid (a WeChat pin dropped in the next city): the triage queue. */
  triagePlace(rng: Random): Place {
    for (let i = 0; i < 100; i++) {
      const lng = round6(rng.float(129.55, 129.7));
      const lat = round6(rng.float(44.5, 44.62));
      if (!this.idx.cityBoundary || !inGeometry(this.idx.cityBoundary, lng, lat)) return { gridCode: null, communityCode: null, compoundCode: null, stairwellCode: null, lng, lat, address: '牡丹江市区（定位不在本市网格内）', short: '' };
    }
    throw new Error('demo: no point outside the city');
  }

  // --- report time --------------------------------------------------------------------------------

  /** A report instant in a month for a channel: residents any day, staff in working time. */
  reportTime(rng: Random, monthIndex: number, channel: CaseChannel): number | null {
    const m = this.months[monthIndex];
    const days = Math.round((localInstant(m.year, m.month + 1, 1) - m.start) / DAY);
    const isStaffChannel = channel === 'patrol' || channel === 'staff' || channel === 'department' || channel === 'steward';
    for (let attempt = 0; attempt < 40; attempt++) {
      const day = rng.int(1, days);
      const dayStart = localInstant(m.year, m.month, day);
      let at: number;
      if (isStaffChannel) {
        if (!isWorkingDay(this.env.cal, localDate(dayStart))) continue;
        let offset = rng.int(0, this.env.cal.workingDayMs - 1);
        at = dayStart;
        for (const [start, end] of this.env.cal.periodsMs) {
          if (offset < end - start) {
            at = dayStart + start + offset;
            break;
          }
          offset -= end - start;
        }
      } else {
        const weekday = new Date(dayStart + OFFSET).getUTCDay();
        if ((weekday === 0 || weekday === 6) && rng.chance(0.2)) continue;
        const hour = rng.weighted((channel === 'hotline' ? HOTLINE_HOURS : RESIDENT_HOURS).map((w, h) => [h, w] as const));
        at = dayStart + hour * HOUR + rng.int(0, 3599) * 1000;
      }
      if (at < m.end && at >= this.startMs) return at;
    }
    return null;
  }

  monthWeights(code: string): number[] {
    const season = SEASONS[PROFILES[code]?.season ?? 'flat'];
    return this.months.map((m, i) => {
      const partial = (m.end - m.start) / (localInstant(m.year, m.month + 1, 1) - m.start);
      return season[m.month - 1] * (0.9 + (0.2 * i) / 35) * partial;
    });
  }

  // --- plans --------------------------------------------------------------------------------------

  basePlan(rng: Random, figure: DemoFigure | null, category: CaseTaxonomyEntry, channelMix: ChannelMix, place: Place, overrides: Partial<Plan> = {}): Plan {
    let channel = overrides.channel ?? rng.weighted(channelMix);
    // A steward reports only where the stairwell has one; staff channels need a grid.
    if (channel === 'steward' && !(place.stairwellCode && this.idx.steward.has(place.stairwellCode))) channel = 'patrol';
    const resident = this.residentOf(rng, place);
    const reporter: DemoCaseReporter = { personKey: null, name: null, phone: null, isAccountHolder: false };
    let reportActor: DemoCaseActor = ANONYMOUS;
    switch (channel) {
      case 'web':
        if (resident) Object.assign(reporter, { name: rng.chance(0.6) ? resident.name : null, phone: resident.phone });
        break;
      case 'hotline':
        reportActor = this.actor(this.idx.operator, 'operator');
        if (resident) Object.assign(reporter, { name: resident.name, phone: resident.phone });
        break;
      case 'wechat': {
        let openId = '';
        for (let i = 0; i < 8; i++) openId += 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.int(0, 35)];
        Object.assign(reporter, { name: `wx:${openId}`, phone: resident && rng.chance(0.4) ? resident.phone : null });
        break;
      }
      case 'patrol':
        reportActor = this.staffAtPlace(place);
        break;
      case 'steward':
        reportActor = this.actor(this.idx.steward.get(place.stairwellCode!)!, 'steward');
        break;
      case 'staff':
        reportActor = category.type === 'petition' ? this.staffAtPlace(place, true) : this.staffAtPlace(place);
        if (resident && (category.type === 'petition' || category.type === 'dispute' || rng.chance(0.5))) Object.assign(reporter, { name: resident.name, phone: resident.phone });
        break;
      case 'department': {
        const code = rng.pick(['urbanManagement', 'marketRegulation']);
        reportActor = this.departmentActor(code);
        break;
      }
      default:
        break;
    }
    const short = category.code.split('.')[1];
    const templates = DESCRIPTIONS[short] ?? DESCRIPTIONS.unclassified;
    const hasPhone = reporter.phone !== null;
    const handleTier = this.handleTierFor(rng, category, figure);
    return {
      figure, category, initialCategory: category, channel, place, reporter, reportActor,
      handleTier,
      escalateAfterAssess: rng.chance(0.3),
      dispatchTo: null,
      departments: [],
      outcome: 'resolved',
      reworks: rng.chance(0.06) ? (rng.chance(0.15) ? 2 : 1) : 0,
      disputes: 0,
      supervisorReopen: rng.chance(0.006),
      rating: hasPhone ? rng.weighted([['tracked', 80], ['followUp', 10], ['none', 10]] as const) : rng.weighted([['followUp', 50], ['none', 50]] as const),
      late: rng.chance(0.09) ? { step: rng.int(0, 5), isBeyondGrace: rng.chance(0.3) } : null,
      extension: null,
      returnRequest: null,
      suspend: rng.chance(0.008),
      comment: rng.chance(0.12),
      closedVia: 'handling',
      priority: category.code.startsWith('emergency.') ? 'urgent' : 'normal',
      description: fill(rng.pick(templates), place.short),
      ...overrides,
    };
  }

  handleTierFor(rng: Random, category: CaseTaxonomyEntry, figure: DemoFigure | null): Tier {
    if (figure === 'casesSolvedByDeliberation' || figure === 'propertyDisputesMediated') return 'community';
    if (figure === 'pressingProblemsResolved') return rng.chance(category.code.endsWith('abandonedProperty') ? 0.25 : 0.12) ? 'subdistrict' : 'community';
    if (figure === 'cobuildHazardsResolved') return tierRank(category.tier) >= tierRank('subdistrict') ? category.tier : rng.chance(0.2) ? 'subdistrict' : 'community';
    if (figure === 'petitionCasesResolved') return category.tier === 'subdistrict' ? (rng.chance(0.2) ? 'city' : 'subdistrict') : rng.weighted([['community', 55], ['subdistrict', 40], ['city', 5]] as const);
    if (figure === 'petitionConflictsMediated') return category.tier;
    const table: Record<Tier, readonly (readonly [Tier, number])[]> = {
      stairwell: [['stairwell', 72], ['compound', 20], ['community', 7], ['subdistrict', 1]],
      compound: [['compound', 78], ['community', 19], ['subdistrict', 3]],
      community: [['community', 90], ['subdistrict', 9], ['city', 1]],
      subdistrict: [['subdistrict', 93], ['city', 7]],
      city: [['city', 1]],
    };
    return rng.weighted(table[category.tier]);
  }

  /** Finishes a plan by figure: departments, dispatch down, extensions, ratings and the like. */
  shape(rng: Random, plan: Plan): Plan {
    const code = plan.category.code;
    const short = code.split('.')[1];
    const placeHasCompound = plan.place.compoundCode !== null;
    const dispatchDown = (p: number, tier: Tier) => (placeHasCompound && rng.chance(p) && tierRank(tier) < tierRank(plan.handleTier) && plan.handleTier === plan.category.tier ? tier : null);
    switch (plan.figure) {
      case 'pressingProblemsResolved': {
        const main: Record<string, string> = { heating: 'heating', drinkingWater: 'waterSupply', abandonedProperty: 'housing', oldBuildingRepair: 'housing' };
        plan.departments = [main[short]];
        if (plan.handleTier === 'community' && placeHasCompound && rng.chance(0.45)) plan.dispatchTo = 'compound';
        if (short === 'abandonedProperty' && rng.chance(0.5)) plan.departments.push('property');
        else if (short !== 'oldBuildingRepair' && short !== 'abandonedProperty' && rng.chance(0.1)) plan.departments.push('housing');
        if (short === 'abandonedProperty' || short === 'oldBuildingRepair') plan.extension = rng.chance(0.15) ? (rng.chance(0.85) ? 'approved' : 'denied') : null;
        if (short === 'oldBuildingRepair' && rng.chance(0.08)) plan.suspend = true;
        break;
      }
      case 'casesSolvedByDeliberation':
        plan.closedVia = 'deliberation';
        plan.extension = plan.category.handle[1] === 'workingDays' && plan.category.handle[0] >= 5 ? null : 'approved';
        plan.late = plan.late && !plan.late.isBeyondGrace ? plan.late : null;
        break;
      case 'cobuildHazardsResolved': {
        const bySort: Record<string, string[]> = {
          illegalStructure: ['urbanManagement'], outsideStoreTrading: rng.chance(0.4) ? ['urbanManagement', 'marketRegulation'] : ['urbanManagement'], streetVending: ['urbanManagement'],
          outdoorAdvert: ['urbanManagement'], muckSpill: ['urbanManagement'], roadOccupation: [rng.pick(['urbanManagement', 'housing'])], manholeCover: ['housing'],
          roadCollapse: ['emergency', 'housing'], waterMainBurst: ['waterSupply'], gasLeak: ['emergency'],
        };
        plan.departments = bySort[short] ?? ['urbanManagement'];
        break;
      }
      case 'petitionCasesResolved': {
        const first = rng.weighted([['justice', 45], ['police', 25], ['court', 20], ['procuratorate', 10]] as const);
        plan.departments = [first];
        if (rng.chance(0.3)) {
          const second = rng.pick(FOUR_OFFICES.filter((d) => d !== first));
          plan.departments.push(second);
        }
        plan.extension = rng.chance(0.1) ? (rng.chance(0.85) ? 'approved' : 'denied') : null;
        break;
      }
      case 'petitionConflictsMediated':
        plan.dispatchTo = dispatchDown(0.4, 'compound');
        plan.extension = rng.chance(0.1) ? 'approved' : null;
        break;
      case 'propertyDisputesMediated': {
        const r = rng.next();
        plan.departments = r < 0.5 ? ['property'] : r < 0.7 ? ['justice'] : [];
        break;
      }
      default: {
        if (plan.category.type === 'dispute') {
          if (short === 'laborDispute') plan.departments = rng.chance(0.5) ? ['justice'] : rng.chance(0.4) ? ['court'] : [];
          if (short === 'familyDispute' && rng.chance(0.25)) plan.departments = ['justice'];
          if (short === 'constructionNoise' && rng.chance(0.35)) plan.departments = ['urbanManagement'];
          if (short === 'neighbourDispute' && rng.chance(0.05)) plan.departments = ['police'];
        }
        if (plan.category.type === 'minorCase') plan.departments = rng.chance(short === 'theft' ? 0.9 : 0.7) ? ['police'] : [];
        if (plan.departments.length === 0) {
          if (plan.handleTier === 'community') plan.dispatchTo = dispatchDown(0.45, 'compound');
          else if (plan.handleTier === 'subdistrict') plan.dispatchTo = dispatchDown(0.3, 'community');
          else if (plan.handleTier === 'compound' && plan.place.stairwellCode) plan.dispatchTo = dispatchDown(0.2, 'stairwell');
        }
        if (plan.extension === null && rng.chance(0.02)) plan.extension = rng.chance(0.8) ? 'approved' : 'denied';
      }
    }
    if (plan.dispatchTo && rng.chance(0.06)) plan.returnRequest = rng.chance(0.7) ? 'approved' : 'denied';
    if (plan.rating !== 'none' && rng.chance(0.035)) plan.disputes = 1;
    return plan;
  }

  // --- running a plan ---------------------------------------------------------------------------

  newSim(plan: Plan, at: number): CaseSim {
    const chain = plan.place.gridCode ? this.idx.chain(plan.place.gridCode) : [];
    return new CaseSim(this.env, chain, plan.initialCategory, at, plan.reportActor, { channel: plan.channel, gridCode: plan.place.gridCode }, plan.description);
  }

  /**
   * Drives a case from its report to its end by the plan, reacting to what the sweeper does on
   * the way. Returns null when the case would not be finished before `now` (the caller draws an
   * earlier date).
   */
  runHistorical(plan: Plan, reportAt: number, rng: Random): CaseSim | null {
    const sim = this.newSim(plan, reportAt);
    const place = plan.place;
    let step = 0;
    let reworksLeft = plan.reworks;
    let disputesLeft = plan.disputes;
    let extensionDone = plan.extension === null;
    let returnDone = plan.returnRequest === null;
    let suspendDone = !plan.suspend;
    let commentDone = !plan.comment;
    let reopenDone = !plan.supervisorReopen;
    let summoned = false;
    let isReturned = false;
    let ratedSinceClose = false;
    let referralQueue: { at: number; referral: SimReferral; step: 'acknowledge' | 'respond' }[] = [];
    const limit = this.nowMs - HOUR;

    /** The next working instant a fraction into the time left before the stage deadline (or late, when planned). */
    const within = (fmin: number, fmax: number): number => {
      const late = plan.late && plan.late.step === step ? plan.late : null;
      if (sim.due === null) return sim.after(rng.float(0.2, 2));
      if (late) return Math.max(sim.t + 1000, sim.after(late.isBeyondGrace ? rng.float(GRACE_HOURS + 0.3, GRACE_HOURS + 4) : rng.float(0.1, GRACE_HOURS - 0.2), sim.due));
      const left = sim.workingHoursTo(sim.due);
      return left <= 0.05 ? sim.after(0.01) : sim.after(left * rng.float(fmin, fmax));
    };

    for (let guard = 0; guard < 200; guard++) {
      const team = this.team(sim.tier, place);
      let action: CaseAction;
      let at: number;
      let o: TransitionOptions = {};
      let actor = team;
      // Bookkeeping done once the action has happened (an SLA escalation may pre-empt it).
      let commit: (() => void) | undefined;
      switch (sim.state) {
        case 'reported':
          if (plan.outcome === 'rejected') {
            action = 'reject';
            at = within(0.1, 0.7);
            o = { note: rng.pick(REJECT_NOTES) };
          } else if (tierRank(sim.tier) < tierRank(plan.handleTier) && !plan.escalateAfterAssess) {
            action = 'escalate';
            at = within(0.1, 0.8);
            o = { note: ESCALATE_NOTES[sim.tier] };
          } else {
            action = 'accept';
            at = within(0.05, 0.6);
          }
          break;
        case 'accepted':
          action = 'register';
          at = within(0.05, 0.4);
          o = {
            category: plan.category.code !== sim.category.code ? plan.category : undefined,
            flags: plan.category.type === 'petition' ? PETITION_FLAGS : undefined,
            priority: plan.priority === 'urgent' ? 'urgent' : undefined,
            note: plan.category.type === 'petition' ? '研判：一般信访事项，无越级信访、无民转刑风险' : rng.chance(0.3) ? `研判：属${TIER_NAMES[plan.handleTier]}职责，按时限办理` : null,
          };
          break;
        case 'registered':
          if (tierRank(sim.tier) < tierRank(plan.handleTier)) {
            action = 'escalate';
            at = within(0.1, 0.6);
            o = { note: ESCALATE_NOTES[sim.tier] };
          } else if (plan.departments.length && !summoned && !(plan.dispatchTo && !isReturned && sim.escalations === 0 && tierRank(plan.dispatchTo) < tierRank(sim.tier))) {
            action = 'summon';
            at = within(0.1, 0.6);
            commit = () => (summoned = true);
            o = { departmentCodes: plan.departments, note: `吹哨：${plan.departments.map((d) => this.env.departments.get(d)!.name).join('、')}到场联合处置` };
          } else {
            action = 'dispatch';
            at = within(0.1, 0.7);
            const down = plan.dispatchTo && !isReturned && sim.escalations === 0 && tierRank(plan.dispatchTo) < tierRank(sim.tier) ? plan.dispatchTo : undefined;
            o = { tier: down };
          }
          break;
        case 'dispatched':
          if (sim.pending?.kind === 'return') {
            action = plan.returnRequest === 'approved' ? 'approveReturn' : 'denyReturn';
            commit = () => (isReturned = plan.returnRequest === 'approved');
            actor = this.supervisor(sim.tier, place);
            at = within(0.05, 0.3);
            o = { note: action === 'denyReturn' ? '属本网格职责范围，请继续处置' : null };
          } else if (!returnDone && sim.dispatchedBy !== null && tierRank(sim.dispatchedBy) > tierRank(sim.tier)) {
            action = 'requestReturn';
            commit = () => (returnDone = true);
            at = within(0.05, 0.3);
            o = { note: '该事项超出本网格处置能力，申请退回' };
          } else if (sim.pending?.kind === 'extension') {
            ({ action, at, actor, o } = this.decideExtension(plan, sim, place, within));
          } else if (plan.departments.length && !summoned) {
            // The grid the case was handed down to calls the departments in (网格吹哨).
            action = 'summon';
            at = within(0.1, 0.5);
            commit = () => (summoned = true);
            o = { departmentCodes: plan.departments, note: `吹哨：${plan.departments.map((d) => this.env.departments.get(d)!.name).join('、')}到场联合处置` };
          } else {
            action = 'startHandling';
            at = within(0.05, 0.3);
          }
          break;
        case 'handling':
          if (referralQueue.length) {
            const next = referralQueue.shift()!;
            if (next.at > limit) return null;
            if (sim.advanceTo(next.at)) {
              referralQueue = [];
              continue;
            }
            const response = next.step === 'respond' ? rng.pick(DEPARTMENT_RESPONSES[next.referral.departmentCode] ?? ['已处理']) : undefined;
            sim.referralStep(next.referral, next.step, next.at, this.departmentActor(next.referral.departmentCode), response);
            if (next.step === 'respond' && sim.referrals.every((r) => r.respondedAt !== null) && sim.state === 'handling') {
              const note = sim.referrals.map((r) => `${this.env.departments.get(r.departmentCode)!.name}：${r.response}`).join('\n');
              sim.apply('reportBack', next.at + rng.int(5, 80), SYSTEM, { note });
            }
            continue;
          }
          if (sim.pending?.kind === 'extension') {
            ({ action, at, actor, o } = this.decideExtension(plan, sim, place, within));
          } else if (!extensionDone) {
            action = 'requestExtension';
            commit = () => (extensionDone = true);
            at = within(0.3, 0.7);
            const isDeliberation = plan.closedVia === 'deliberation';
            o = { amount: isDeliberation ? 10 : rng.pick([5, 10, 15]), unit: 'workingDays', note: isDeliberation ? '需提交小区四方联动议事会议研究，申请延期' : '需协调产权单位和维修资金，申请延期' };
          } else if (!suspendDone) {
            action = 'suspend';
            commit = () => (suspendDone = true);
            at = within(0.1, 0.5);
            o = { note: rng.pick(['等待维修资金到位，暂缓办理', '当事人外出务工，待返回后继续调解', '需待供暖季结束后施工，暂缓办理']) };
          } else if (!commentDone) {
            action = 'comment';
            commit = () => (commentDone = true);
            actor = this.staffAtPlace(place);
            at = within(0.05, 0.3);
            o = { note: rng.pick(['已电话联系反映人，告知办理进度', '已上门查看现场情况', '已协调相关住户，正在处理中']) };
          } else {
            action = 'reportBack';
            at = within(0.15, 0.85);
            o = { note: plan.closedVia === 'deliberation' ? '经社区、社会组织、业主委员会和物业服务企业四方联动议事，形成决议并落实' : rng.pick(REPORT_BACK[plan.category.code.split('.')[1]] ?? GROUP_REPORT_BACK[plan.category.type]) };
          }
          break;
        case 'suspended':
          action = 'resume';
          at = sim.after(rng.float(16, 120));
          break;
        case 'reportedBack': {
          action = 'verify';
          actor = this.staffAtPlace(place, sim.tier !== 'stairwell' && sim.tier !== 'compound' && rng.chance(0.5));
          at = sim.after(rng.float(0.3, 12));
          const passed = reworksLeft === 0;
          if (!passed) reworksLeft--;
          o = { passed, note: passed ? (rng.chance(0.4) ? '现场核查已整改到位' : null) : '现场核查仍未整改到位，退回重新处置' };
          break;
        }
        case 'verified':
          action = 'close';
          actor = this.staffAtPlace(place, tierRank(sim.tier) >= tierRank('community'));
          at = sim.after(rng.float(0.05, 4));
          o = { closedVia: plan.closedVia === 'deliberation' ? 'deliberation' : undefined, note: plan.closedVia === 'deliberation' ? '经四方联动议事解决，结案' : null };
          ratedSinceClose = false;
          break;
        case 'closed':
        case 'rated': {
          if (sim.state === 'closed' && plan.rating !== 'none' && !ratedSinceClose) {
            const disputed = disputesLeft > 0;
            const value = disputed ? rng.pick([1, 2]) : rng.weighted([[5, 58], [4, 31], [3, 9], [2, 2]] as const);
            o = { feedback: disputed ? 'disputed' : 'confirmed', rating: value, note: disputed ? rng.pick(['问题没有彻底解决', '处理后又出现同样问题']) : rng.chance(0.3) ? rng.pick(['处理及时，满意', '感谢社区', '网格员很负责']) : null };
            if (plan.rating === 'followUp') {
              action = 'followUp';
              actor = this.staffAtPlace(place);
              at = sim.after(rng.float(2, 24));
              o.note = disputed ? '回访：居民反映问题反复' : '回访：居民表示满意';
            } else {
              action = 'rate';
              actor = plan.rating === 'rate' ? this.actor(this.idx.persons.get(plan.reporter.personKey!)!, 'resident') : { personKey: null, name: plan.reporter.name ?? 'reporter', role: 'reporter' };
              at = sim.t + Math.round(rng.float(2, 72) * HOUR);
            }
            if (disputed) disputesLeft--;
            ratedSinceClose = true;
          } else if (!reopenDone) {
            action = 'reopen';
            reopenDone = true;
            actor = this.supervisor(sim.tier, place);
            at = sim.after(rng.float(4, 60));
            o = { note: '居民再次反映问题反弹，重新办理' };
            if (plan.rating !== 'none') ratedSinceClose = false;
          } else return sim;
          if (at > this.nowMs - 60_000) return sim;
          break;
        }
        case 'rejected':
          return sim;
        default:
          throw new Error(`demo: no plan for ${sim.state}`);
      }
      // A case the plan cannot finish before now is drawn again at an earlier date.
      if (at > limit) return null;
      if (sim.advanceTo(at)) {
        step++;
        continue;
      }
      sim.apply(action, at, actor, o);
      commit?.();
      if (action === 'summon') referralQueue = this.scheduleReferrals(rng, sim, at);
      step++;
    }
    throw new Error('demo: a case did not finish');
  }

  decideExtension(plan: Plan, sim: CaseSim, place: Place, within: (a: number, b: number) => number): { action: CaseAction; at: number; actor: DemoCaseActor; o: TransitionOptions } {
    const approve = plan.extension !== 'denied';
    return { action: approve ? 'approveExtension' : 'denyExtension', at: within(0.05, 0.3), actor: this.supervisor(sim.tier, place), o: { note: approve ? null : '时限内可以办结，不予延期' } };
  }

  /** Each summoned department acknowledges and answers on its own clock, before the case's deadline. */
  scheduleReferrals(rng: Random, sim: CaseSim, at: number, answerBefore?: number): { at: number; referral: SimReferral; step: 'acknowledge' | 'respond' }[] {
    const queue: { at: number; referral: SimReferral; step: 'acknowledge' | 'respond' }[] = [];
    const caseLeft = sim.due === null ? 40 : this.env.clock.workingMs(at, sim.due) / HOUR;
    for (const referral of sim.referrals.filter((r) => r.requestedAt === at)) {
      const hours = this.env.departments.get(referral.departmentCode)!.responseHours;
      let answer = rng.chance(0.8) ? hours * rng.float(0.3, 0.95) : hours * rng.float(1.2, 3);
      if (answer >= caseLeft * 0.9) answer = caseLeft * rng.float(0.5, 0.9);
      const respondAt = sim.after(answer, at);
      if (rng.chance(0.8)) {
        const ackAt = sim.after(Math.min(answer * rng.float(0.1, 0.6), hours * 0.6), at);
        if (ackAt < respondAt) queue.push({ at: ackAt, referral, step: 'acknowledge' });
      }
      if (answerBefore === undefined || respondAt < answerBefore) queue.push({ at: respondAt, referral, step: 'respond' });
    }
    return queue.sort((a, b) => a.at - b.at);
  }

  /** Runs a plan from a month drawn by season, trying other months when it would not end before now. */
  addHistorical(plan: Plan, rng: Random, monthWeights?: number[], fixedMonth?: number): Generated {
    const weights = monthWeights ?? this.monthWeights(plan.category.code);
    const items = weights.map((w, i) => [i, w] as const);
    for (let attempt = 0; attempt < 30; attempt++) {
      const monthIndex = fixedMonth !== undefined && attempt < 3 ? fixedMonth : attempt < 12 ? rng.weighted(items) : rng.int(0, this.months.length - 3);
      const reportAt = this.reportTime(rng, monthIndex, plan.channel);
      if (reportAt === null) continue;
      const sim = this.runHistorical(plan, reportAt, rng);
      if (sim) return this.record(plan, sim, rng);
    }
    throw new Error(`demo: could not place a ${plan.category.code} case before now`);
  }

  record(plan: Plan, sim: CaseSim, rng: Random): Generated {
    const createdAt = sim.events[0].at;
    const lead = plan.channel === 'patrol' || plan.channel === 'steward' ? rng.int(60, 40 * 60) * 1000 : plan.channel === 'hotline' && rng.chance(0.3) ? rng.int(600, 3 * 3600) * 1000 : 0;
    const g: Generated = { key: this.nextKey(), id: uuid7(createdAt, this.env.rng), plan, sim, createdAt, discoveredAt: createdAt - lead };
    this.generated.push(g);
    return g;
  }

  // --- open cases ---------------------------------------------------------------------------------

  /**
   * A case that is open now: the listed actions were taken, the last one `final` ago — `fresh`
   * (well inside its stage limit), `grace` (overdue, marked, not yet escalated) or `late` (overdue
   * at the top tier, where nothing escalates further).
   */
  addOpen(plan: Plan, actions: string[], final: 'fresh' | 'grace' | 'late', rng: Random): Generated {
    for (let attempt = 0; attempt < 25; attempt++) {
      const gaps: number[] = [];
      const dry = this.playOpen(plan, actions, localInstant(2025, 6, 2, 9), rng, gaps, undefined);
      if (!dry) continue;
      const stageLeft = dry.due === null ? 6 : this.env.clock.workingMs(dry.t, dry.due) / HOUR;
      const tail = final === 'fresh' ? stageLeft * rng.float(0.1, 0.6) : final === 'grace' ? stageLeft + rng.float(0.2, 1.5) : stageLeft + rng.float(3, 12);
      const total = gaps.reduce((s, g) => s + g, 0) + tail;
      const reportAt = this.workingBefore(this.nowMs, total);
      const sim = this.playOpen(plan, actions, reportAt, rng, undefined, gaps);
      if (!sim || sim.t > this.nowMs) continue;
      if (sim.advanceTo(this.nowMs)) continue;
      const isOverdue = sim.due !== null && sim.due < this.nowMs;
      if (final === 'fresh' && isOverdue) continue;
      if (final !== 'fresh' && !isOverdue) continue;
      if (!sim.isOpen) continue;
      return this.record(plan, sim, rng);
    }
    throw new Error(`demo: could not make an open ${plan.category.code} case`);
  }

  /** The latest instant with `hours` of working time left before `end`. */
  workingBefore(end: number, hours: number): number {
    let lo = end - (Math.ceil(hours / 7.5) * 1.6 + 30) * DAY;
    let hi = end;
    const want = hours * HOUR;
    for (let i = 0; i < 60; i++) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.env.clock.workingMs(mid, end) >= want) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Plays the actions of an open case; records the working-hour gaps, or replays given ones. */
  playOpen(plan: Plan, actions: string[], reportAt: number, rng: Random, record: number[] | undefined, replay: number[] | undefined): CaseSim | null {
    const sim = this.newSim(plan, reportAt);
    const place = plan.place;
    for (const [i, spec] of actions.entries()) {
      const [name, arg] = spec.split(':') as [CaseAction, string | undefined];
      let gap: number;
      if (replay) gap = replay[i];
      else {
        const left = sim.due === null ? 4 : sim.workingHoursTo(sim.due);
        gap = Math.max(0.02, left * rng.float(0.1, 0.45));
        record!.push(gap);
      }
      const at = sim.after(gap);
      if (sim.advanceTo(at)) return null;
      let actor = this.team(sim.tier, place);
      const o: TransitionOptions = {};
      if (name === 'escalate') o.note = ESCALATE_NOTES[sim.tier];
      if (name === 'register' && plan.category.type === 'petition') Object.assign(o, { flags: PETITION_FLAGS, note: '研判：一般信访事项，无越级信访、无民转刑风险' });
      if (name === 'register' && plan.category.code !== sim.category.code) o.category = plan.category;
      if (name === 'dispatch' && arg) o.tier = arg as Tier;
      if (name === 'summon') Object.assign(o, { departmentCodes: plan.departments, note: `吹哨：${plan.departments.map((d) => this.env.departments.get(d)!.name).join('、')}到场联合处置` });
      if (name === 'requestExtension') Object.assign(o, { amount: 10, unit: 'workingDays', note: '需协调产权单位和维修资金，申请延期' });
      if (name === 'suspend') o.note = '等待维修资金到位，暂缓办理';
      if (name === 'reportBack') o.note = rng.pick(REPORT_BACK[plan.category.code.split('.')[1]] ?? GROUP_REPORT_BACK[plan.category.type]);
      if (name === 'comment') {
        actor = this.staffAtPlace(place);
        o.note = '已电话联系反映人，告知办理进度';
      }
      sim.apply(name, at, actor, o);
      if (name === 'summon') {
        // Departments acknowledge; the answers come after now.
        for (const step of this.scheduleReferrals(rng, sim, at, at)) {
          if (step.step === 'acknowledge' && step.at < this.nowMs && (!replay || step.at > sim.t)) sim.referralStep(step.referral, 'acknowledge', step.at, this.departmentActor(step.referral.departmentCode));
        }
      }
    }
    return sim;
  }
}

// ---------------------------------------------------------------------------------------------
// The history
// ---------------------------------------------------------------------------------------------

/** Resolved cases per figure and category at scale 1 (sums are the article's figures). */
const FIGURE_QUOTAS: Record<DemoFigure, Record<string, number>> = {
  pressingProblemsResolved: { 'livelihood.heating': 420, 'livelihood.drinkingWater': 380, 'livelihood.abandonedProperty': 260, 'livelihood.oldBuildingRepair': 187 },
  casesSolvedByDeliberation: { 'neighbourhood.illegalStructure': 110, 'neighbourhood.compoundParking': 100, 'neighbourhood.fireLaneBlocked': 74 },
  cobuildHazardsResolved: {
    'neighbourhood.illegalStructure': 45, 'streetOrder.outsideStoreTrading': 40, 'streetOrder.streetVending': 20, 'advertising.outdoorAdvert': 10, 'construction.muckSpill': 12,
    'construction.roadOccupation': 12, 'publicFacilities.manholeCover': 18, 'emergency.roadCollapse': 10, 'emergency.waterMainBurst': 12, 'emergency.gasLeak': 10,
  },
  demandsResolved: {
    'neighbourhood.compoundParking': 70, 'cityAppearance.dirtyRoad': 45, 'streetOrder.illegalParkingStreet': 60, 'streetOrder.dryingOnStreet': 25, 'advertising.illegalFlyers': 50,
    'publicFacilities.streetLight': 60, 'livelihood.policyQuestion': 77,
  },
  petitionCasesResolved: { 'petitions.petitionLetter': 210, 'petitions.collectivePetition': 76 },
  petitionConflictsMediated: { 'petitions.petitionLetter': 86, 'petitions.collectivePetition': 12 },
  propertyDisputesMediated: { 'disputes.propertyDispute': 35 },
  hazardsFound: { 'disputes.neighbourDispute': 75, 'disputes.familyDispute': 24, 'construction.constructionNoise': 22 },
};

/** Volume no figure counts: other hazards, disputes and minor cases, resolved. */
const FREE_QUOTAS: Record<string, number> = {
  'cityAppearance.exposedGarbage': 180, 'cityAppearance.uncollectedSnow': 230, 'cityAppearance.pileUp': 90, 'cityAppearance.burningWaste': 45,
  'neighbourhood.stairwellClutter': 160, 'neighbourhood.flyingWireCharging': 110, 'neighbourhood.fireLaneBlocked': 70, 'neighbourhood.illegalStructure': 40,
  'streetOrder.outsideStoreTrading': 30, 'streetOrder.streetVending': 30, 'publicFacilities.brokenPavement': 50, 'publicFacilities.manholeCover': 25,
  'publicSecurity.securityHazard': 45, 'construction.muckSpill': 15, 'construction.roadOccupation': 10, 'advertising.outdoorAdvert': 10,
  'disputes.neighbourDispute': 120, 'disputes.familyDispute': 50, 'disputes.laborDispute': 60, 'construction.constructionNoise': 45,
  'publicSecurity.theft': 70, 'publicSecurity.fraudWarning': 80,
};

const REJECTED = 110;
const MERGED = 90;

function channelMixFor(figure: DemoFigure | null, category: CaseTaxonomyEntry): ChannelMix {
  switch (figure) {
    case 'pressingProblemsResolved':
      return CHANNELS.pressing;
    case 'casesSolvedByDeliberation':
      return CHANNELS.deliberation;
    case 'cobuildHazardsResolved':
      return CHANNELS.cobuild;
    case 'demandsResolved':
      return CHANNELS.demand;
    case 'petitionCasesResolved':
    case 'petitionConflictsMediated':
      return CHANNELS.petition;
    case 'propertyDisputesMediated':
      return CHANNELS.dispute;
    case 'hazardsFound':
      return category.code.endsWith('neighbourDispute') ? [['steward', 80], ['patrol', 20]] : category.code.endsWith('familyDispute') ? [['patrol', 60], ['steward', 40]] : [['patrol', 1]];
    default:
      if (category.type === 'dispute') return CHANNELS.dispute;
      if (category.type === 'minorCase') return CHANNELS.minorCase;
      if (category.type === 'petition') return CHANNELS.petition;
      if (category.type === 'demand') return CHANNELS.demand;
      return PROFILES[category.code]?.place === 'stairwell' ? CHANNELS.hazardInside : CHANNELS.hazardOutside;
  }
}

/** Whether a season is strong in a month: for choosing what open cases are about. */
function inSeason(code: string, month: number): boolean {
  return SEASONS[PROFILES[code]?.season ?? 'flat'][month - 1] >= 0.8;
}

export function generateCaseHistory(world: DemoWorld, options: GenerateCaseHistoryOptions): DemoCaseHistory {
  const seed = options.seed ?? world.seed;
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError('scale must be a positive number');
  const taxonomy = options.taxonomy ?? seedTaxonomy.flatMap((g) => g.categories.map((c) => ({ code: `${g.code}.${c.code}`, name: c.name, type: c.type, tier: c.tier, accept: c.accept, dispatch: c.dispatch, handle: c.handle })));
  const departments = options.departments ?? seedDepartments.map((d) => ({ code: d.code, name: d.name, responseHours: d.responseHours }));
  const b = new HistoryBuilder(world, { now: options.now, seed, scale, taxonomy, departments, calendar: options.calendar ?? defaultCalendar() });
  const idx = b.idx;
  const q = (n: number) => Math.max(0, Math.round(n * scale));
  const nowMonth = localParts(b.nowMs).month;

  const demoCommunity = idx.communities[0];
  const account = (username: string) => world.accounts.find((a) => a.username === username)!;
  const demoResident = idx.persons.get(account('demo-resident').personKey!)!;
  const demoStairwell = account('demo-steward').scopeGridCodes[0];
  const gridWorkerCompounds = account('demo-gridworker').scopeGridCodes;

  const placeFor = (rng: Random, code: string, communityCode?: string): Place => {
    const profile = PROFILES[code] ?? { season: 'flat', place: 'compound' };
    return b.place(rng, profile.place, b.pickCompound(rng, profile.compounds ?? 'any', communityCode));
  };

  // --- 1. The demo resident's own reports (counted in their figures) ------------------------------
  const residentRng = b.rng.fork('demo-resident');
  const residentStairwell = demoResident.gridCode;
  const residentCompound = idx.ancestor(residentStairwell, 'compound')!;
  const residentPlans: { figure: DemoFigure | null; code: string; month: number; rating: Plan['rating']; disputes?: number }[] = [
    { figure: 'pressingProblemsResolved', code: 'livelihood.heating', month: 0, rating: 'rate' },
    { figure: 'demandsResolved', code: 'neighbourhood.compoundParking', month: 9, rating: 'rate' },
    { figure: 'pressingProblemsResolved', code: 'livelihood.drinkingWater', month: 20, rating: 'rate', disputes: 1 },
    { figure: null, code: 'neighbourhood.stairwellClutter', month: 29, rating: 'rate' },
    { figure: 'demandsResolved', code: 'publicFacilities.streetLight', month: 35, rating: 'none' },
  ];
  const taken = new Map<string, number>();
  const take = (figure: DemoFigure | null, code: string) => {
    const key = `${figure}|${code}`;
    taken.set(key, (taken.get(key) ?? 0) + 1);
  };
  for (const r of residentPlans) {
    const category = b.cat(r.code);
    const kind = PROFILES[r.code].place;
    const place = b.place(residentRng, kind, residentCompound, kind === 'stairwell' ? residentStairwell : undefined);
    const plan = b.shape(residentRng, b.basePlan(residentRng, r.figure, category, [['web', 1]], place, {}));
    Object.assign(plan, {
      reporter: { personKey: demoResident.key, name: demoResident.name, phone: demoResident.phone, isAccountHolder: true },
      reportActor: b.actor(demoResident, 'resident'),
      rating: r.rating, disputes: r.disputes ?? 0, late: null, supervisorReopen: false, outcome: 'resolved', suspend: false, returnRequest: null,
    });
    // The newest one is closed and waits for the resident's rating: reported about two weeks ago.
    const month = r.month === 35 ? b.months.length - 1 : r.month;
    const g = r.month === 35 ? addRecent(b, plan, residentRng) : b.addHistorical(plan, residentRng, undefined, month);
    if (g.sim.state !== 'closed' && g.sim.state !== 'rated') throw new Error('demo: the resident’s case did not close');
    take(r.figure, r.code);
  }

  // --- 2. Resolved cases by figure ---------------------------------------------------------------
  for (const [figure, quotas] of Object.entries(FIGURE_QUOTAS) as [DemoFigure, Record<string, number>][]) {
    if (figure === 'hazardsFound') continue;
    const rng = b.rng.fork(`figure:${figure}`);
    for (const [code, n] of Object.entries(quotas)) {
      const category = b.cat(code);
      for (let i = q(n) - (taken.get(`${figure}|${code}`) ?? 0); i > 0; i--) {
        const plan = b.shape(rng, b.basePlan(rng, figure, category, channelMixFor(figure, category), placeFor(rng, code)));
        // A third of WeChat messages arrive unclassified and are classified at registration.
        if (plan.channel === 'wechat' && rng.chance(0.3) && b.cats.has('other.unclassified')) plan.initialCategory = b.cat('other.unclassified');
        b.addHistorical(plan, rng);
      }
    }
  }

  // --- 3. Free volume ---------------------------------------------------------------------------
  const freeRng = b.rng.fork('free');
  for (const [code, n] of Object.entries(FREE_QUOTAS)) {
    const category = b.cat(code);
    for (let i = q(n) - (taken.get(`null|${code}`) ?? 0); i > 0; i--) {
      const plan = b.shape(freeRng, b.basePlan(freeRng, null, category, channelMixFor(null, category), placeFor(freeRng, code)));
      b.addHistorical(plan, freeRng);
    }
  }

  // --- 4. Open cases now (the inboxes, the command centre and the overdue board) ------------------
  const openRng = b.rng.fork('open');
  const seasonal = (codes: string[]) => codes.find((c) => inSeason(c, nowMonth)) ?? codes[codes.length - 1];
  const openCount = { hazardsFound: 0 };
  const open = (code: string, place: Place, actions: string[], final: 'fresh' | 'grace' | 'late', o: Partial<Plan> & { figure?: DemoFigure | null } = {}) => {
    const category = b.cat(code);
    const figure = o.figure ?? null;
    const plan = b.basePlan(openRng, figure, category, channelMixFor(figure, category), place, o);
    if (figure === 'hazardsFound') openCount.hazardsFound++;
    return b.addOpen(plan, actions, final, openRng);
  };
  const atCompound = (code: string, compound: string, stairwell?: string) => b.place(openRng, stairwell ? 'stairwell' : PROFILES[code].place === 'stairwell' ? 'stairwell' : PROFILES[code].place, idx.grid.get(compound)!, stairwell);
  const demoStairwellCompound = idx.ancestor(demoStairwell, 'compound')!.code;
  // The demo steward's stairwell.
  open(seasonal(['neighbourhood.flyingWireCharging', 'neighbourhood.stairwellClutter']), atCompound('neighbourhood.stairwellClutter', demoStairwellCompound, demoStairwell), [], 'fresh', { channel: 'web' });
  open('neighbourhood.fireLaneBlocked', atCompound('neighbourhood.fireLaneBlocked', demoStairwellCompound, demoStairwell), ['accept', 'register', 'dispatch', 'startHandling'], 'grace', { channel: 'hotline' });
  // The demo grid worker's compounds.
  const [gw1, gw2, gw3] = [gridWorkerCompounds[0], gridWorkerCompounds[1 % gridWorkerCompounds.length], gridWorkerCompounds[2 % gridWorkerCompounds.length]];
  open(seasonal(['cityAppearance.uncollectedSnow', 'cityAppearance.exposedGarbage']), atCompound('cityAppearance.exposedGarbage', gw1), ['accept'], 'fresh', { channel: 'hotline' });
  open('neighbourhood.illegalStructure', atCompound('neighbourhood.illegalStructure', gw2), ['accept', 'register', 'dispatch', 'startHandling', 'requestExtension'], 'fresh', { channel: 'patrol' });
  open('neighbourhood.compoundParking', atCompound('neighbourhood.compoundParking', gw3), ['accept', 'register', 'dispatch', 'startHandling'], 'grace', { channel: 'wechat' });
  open('publicFacilities.streetLight', atCompound('publicFacilities.streetLight', gw1), ['accept', 'register', 'dispatch:compound'], 'fresh', { channel: 'hotline' });
  open('cityAppearance.pileUp', atCompound('cityAppearance.pileUp', gw2), ['accept', 'register', 'dispatch', 'startHandling', 'reportBack'], 'fresh', { channel: 'patrol' });
  // 民主社区 at the community tier (the demo secretary).
  const demoCompound = () => b.pickCompound(openRng, 'any', demoCommunity.code).code;
  open(seasonal(['livelihood.heating', 'livelihood.drinkingWater']), atCompound('livelihood.heating', demoCompound()), ['accept', 'register', 'summon'], 'fresh', { channel: 'hotline', departments: [inSeason('livelihood.heating', nowMonth) ? 'heating' : 'waterSupply'] });
  open('disputes.propertyDispute', b.place(openRng, 'compound', b.pickCompound(openRng, 'managed', demoCommunity.code)), ['accept', 'register'], 'fresh', { channel: 'hotline', figure: 'propertyDisputesMediated' });
  open('petitions.petitionLetter', atCompound('petitions.petitionLetter', demoCompound()), ['accept'], 'fresh', { channel: 'staff' });
  open('livelihood.drinkingWater', atCompound('livelihood.drinkingWater', demoCompound()), [], 'grace', { channel: 'wechat' });
  open('neighbourhood.compoundParking', atCompound('neighbourhood.compoundParking', demoCompound()), ['escalate'], 'fresh', { channel: 'web' });
  open('livelihood.oldBuildingRepair', b.place(openRng, 'stairwell', b.pickCompound(openRng, 'old', demoCommunity.code)), ['accept', 'register', 'dispatch', 'startHandling', 'suspend'], 'fresh', { channel: 'staff' });
  open('disputes.neighbourDispute', atCompound('disputes.neighbourDispute', demoCompound()), ['accept'], 'fresh', { channel: 'steward', figure: 'hazardsFound' });
  // The subdistrict (the demo cadre) and the police station (the demo department officer).
  open('disputes.laborDispute', atCompound('disputes.laborDispute', demoCompound()), ['accept', 'register', 'summon'], 'fresh', { channel: 'staff', departments: ['justice'] });
  open('petitions.collectivePetition', atCompound('petitions.collectivePetition', demoCompound()), [], 'fresh', { channel: 'staff' });
  open('publicSecurity.theft', atCompound('publicSecurity.theft', demoCompound()), ['accept', 'register', 'summon'], 'fresh', { channel: 'hotline', departments: ['police'] });
  // The city: the triage queue and a case escalated to the top, both overdue.
  const triage = b.basePlan(openRng, null, b.cat('other.unclassified'), [['wechat', 1]], b.triagePlace(openRng));
  b.addOpen(triage, [], 'late', openRng);
  open('petitions.collectivePetition', atCompound('petitions.collectivePetition', b.pickCompound(openRng).code), ['escalate', 'accept'], 'late', { channel: 'staff' });
  // The demo resident's open report.
  open('cityAppearance.exposedGarbage', b.place(openRng, 'compound', residentCompound), ['accept', 'register', 'dispatch', 'startHandling'], 'fresh', {
    channel: 'web', reporter: { personKey: demoResident.key, name: demoResident.name, phone: demoResident.phone, isAccountHolder: true }, reportActor: b.actor(demoResident, 'resident'),
  });
  // Elsewhere in the city.
  const elsewhere: [string, string[], DemoFigure | null][] = [
    [seasonal(['cityAppearance.uncollectedSnow', 'cityAppearance.exposedGarbage']), ['accept', 'register', 'dispatch', 'startHandling'], null],
    [seasonal(['livelihood.heating', 'livelihood.drinkingWater']), [], null],
    [seasonal(['livelihood.heating', 'livelihood.drinkingWater']), ['accept', 'register'], null],
    ['neighbourhood.stairwellClutter', ['accept'], null],
    ['neighbourhood.fireLaneBlocked', [], null],
    ['cityAppearance.exposedGarbage', ['accept', 'register', 'dispatch'], null],
    ['livelihood.abandonedProperty', ['accept', 'register', 'dispatch', 'startHandling', 'requestExtension'], null],
    ['livelihood.policyQuestion', ['accept'], null],
    ['streetOrder.illegalParkingStreet', ['accept', 'register', 'dispatch:compound', 'startHandling'], null],
    ['publicFacilities.manholeCover', ['accept', 'register', 'dispatch', 'startHandling', 'reportBack'], null],
    ['disputes.propertyDispute', ['accept', 'register', 'dispatch', 'startHandling'], 'propertyDisputesMediated'],
    ['disputes.neighbourDispute', ['accept', 'register', 'dispatch', 'startHandling'], 'hazardsFound'],
    ['disputes.familyDispute', ['accept', 'register'], 'hazardsFound'],
    ['disputes.neighbourDispute', [], 'hazardsFound'],
    ['petitions.petitionLetter', ['accept', 'register', 'dispatch', 'startHandling', 'comment'], null],
    ['publicSecurity.fraudWarning', ['accept', 'register', 'summon'], null],
    ['neighbourhood.illegalStructure', ['accept', 'register', 'summon'], null],
    ['publicSecurity.securityHazard', ['accept', 'register', 'dispatch', 'startHandling'], null],
    ['emergency.waterMainBurst', ['accept', 'register', 'summon'], null],
    ['construction.constructionNoise', ['accept'], null],
  ];
  for (const [i, [code, actions, figure]] of elsewhere.entries()) {
    const community = idx.communities[1 + (i % (idx.communities.length - 1))].code;
    const profile = PROFILES[code];
    const place = b.place(openRng, profile.place, b.pickCompound(openRng, profile.compounds ?? 'any', community));
    const departments = code === 'publicSecurity.fraudWarning' ? ['police'] : code === 'neighbourhood.illegalStructure' ? ['urbanManagement'] : code === 'emergency.waterMainBurst' ? ['waterSupply'] : [];
    const channel: CaseChannel | undefined = figure === 'hazardsFound' ? (code.endsWith('familyDispute') ? 'patrol' : 'steward') : undefined;
    const final = i % 5 === 2 && actions.length > 0 && !actions.includes('reportBack') && !actions.includes('requestExtension') ? 'grace' : 'fresh';
    const plan = b.basePlan(openRng, figure, b.cat(code), channel ? [[channel, 1]] : channelMixFor(figure, b.cat(code)), place, { departments, ...(channel ? { channel } : {}) });
    if (figure === 'hazardsFound') openCount.hazardsFound++;
    b.addOpen(plan, actions, final, openRng);
  }

  // --- 5. Screened disputes (排查), resolved: the figure counts the open ones too -----------------
  {
    const rng = b.rng.fork('figure:hazardsFound');
    const total = Object.values(FIGURE_QUOTAS.hazardsFound).reduce((s, n) => s + q(n), 0);
    let toResolve = total - openCount.hazardsFound;
    const codes = Object.entries(FIGURE_QUOTAS.hazardsFound);
    for (const [code, n] of codes) {
      const category = b.cat(code);
      for (let i = Math.min(q(n), toResolve); i > 0 && toResolve > 0; i--, toResolve--) {
        const plan = b.shape(rng, b.basePlan(rng, 'hazardsFound', category, channelMixFor('hazardsFound', category), placeFor(rng, code)));
        b.addHistorical(plan, rng);
      }
    }
  }

  // --- 6. Rejected reports -----------------------------------------------------------------------
  const rejectRng = b.rng.fork('rejected');
  const rejectable = [...b.cats.values()].filter((c) => c.type !== 'dispute' && c.code !== 'livelihood.policyQuestion' && PROFILES[c.code]);
  for (let i = q(REJECTED); i > 0; i--) {
    const category = rejectRng.chance(0.25) && b.cats.has('other.unclassified') ? b.cat('other.unclassified') : rejectRng.pick(rejectable);
    const plan = b.basePlan(rejectRng, null, category, CHANNELS.rejected, placeFor(rejectRng, category.code), { outcome: 'rejected', late: null });
    b.addHistorical(plan, rejectRng);
  }

  // --- 7. Duplicates merged into an open case ------------------------------------------------------
  addDuplicates(b, q(MERGED));

  return finish(b, seed, scale);
}

/** A resolved case reported a couple of weeks before now (the demo resident's, awaiting a rating). */
function addRecent(b: HistoryBuilder, plan: Plan, rng: Random): Generated {
  for (let attempt = 0; attempt < 30; attempt++) {
    const reportAt = b.workingBefore(b.nowMs, rng.float(40, 75));
    const sim = b.runHistorical(plan, reportAt, rng);
    if (sim && sim.state === 'closed') return b.record(plan, sim, rng);
  }
  throw new Error('demo: could not make a recent case');
}

/**
 * Duplicates: a second report of the same thing at the same place a few hours later, merged into
 * the first while that one is still open; the first one's log notes the merge.
 */
function addDuplicates(b: HistoryBuilder, count: number): void {
  const rng = b.rng.fork('merged');
  const originals = b.generated.filter(
    (g) => (g.sim.state === 'rated' || g.sim.state === 'closed') && (g.plan.category.type === 'hazard' || g.plan.category.type === 'demand') && g.plan.initialCategory === g.plan.category && g.plan.place.gridCode !== null,
  );
  let made = 0;
  for (let attempt = 0; made < count && attempt < count * 20; attempt++) {
    const original = rng.pick(originals);
    const base = b.basePlan(rng, null, original.plan.category, [['web', 35], ['hotline', 35], ['wechat', 30]], original.plan.place, { late: null });
    const reportAt = original.createdAt + Math.round(rng.float(0.3, 8) * HOUR);
    const sim = b.newSim(base, reportAt);
    if (sim.tier !== original.sim.events[0].toTier) continue;
    const mergeAt = sim.after(sim.workingHoursTo(sim.due!) * rng.float(0.1, 0.8));
    const stateThen = [...original.sim.events].reverse().find((e) => e.at <= mergeAt);
    if (!stateThen || !isOpenState(stateThen.to) || mergeAt > b.nowMs) continue;
    if (original.sim.events.some((e) => e.action === 'mergedFrom' && Math.abs(e.at - mergeAt) < 1000)) continue;
    const actor = b.team(sim.tier, base.place);
    if (sim.advanceTo(mergeAt)) continue;
    sim.apply('merge', mergeAt, actor, { intoCase: { id: original.id, key: original.key } });
    const dup = b.record(base, sim, rng);
    const events = original.sim.events;
    const at = events.findIndex((e) => e.at > mergeAt);
    const entry: SimEvent = { action: 'mergedFrom', from: stateThen.to, to: stateThen.to, fromTier: null, toTier: null, actor, note: null, data: { caseId: dup.id, number: `#${dup.key}` }, at: mergeAt };
    events.splice(at === -1 ? events.length : at, 0, entry);
    made++;
  }
}

/** Numbers per year in order of creation, ids for events and referrals, and the rows. */
function finish(b: HistoryBuilder, seed: number, scale: number): DemoCaseHistory {
  const all = [...b.generated].sort((x, y) => x.createdAt - y.createdAt || (x.key < y.key ? -1 : 1));
  const perYear = new Map<number, number>();
  const numberOf = new Map<string, string>();
  for (const g of all) {
    const year = new Date(g.createdAt).getUTCFullYear();
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    numberOf.set(g.key, `${year}-${String(n).padStart(6, '0')}`);
  }
  const idRng = b.rng.fork('event-ids');
  const cases: DemoCase[] = [];
  const events: DemoCaseEvent[] = [];
  const referrals: DemoCaseReferral[] = [];
  const resolveNumbers = (data: Record<string, unknown> | null) => {
    if (!data) return null;
    const out = { ...data };
    for (const key of ['intoNumber', 'number']) if (typeof out[key] === 'string' && (out[key] as string).startsWith('#')) out[key] = numberOf.get((out[key] as string).slice(1));
    return out;
  };
  for (const g of all) {
    const s = g.sim;
    const p = g.plan;
    s.events.forEach((e, i) => {
      events.push({ id: uuid7(e.at, idRng), caseKey: g.key, seq: i + 1, action: e.action, from: e.from, to: e.to, fromTier: e.fromTier, toTier: e.toTier, actor: e.actor, note: e.note, data: resolveNumbers(e.data), at: iso(e.at) });
    });
    for (const r of s.referrals) {
      const state = r.respondedAt !== null ? 'responded' : r.acknowledgedAt !== null ? 'acknowledged' : 'requested';
      referrals.push({
        id: r.id, caseKey: g.key, departmentCode: r.departmentCode, state, requestedAt: iso(r.requestedAt), dueAt: iso(r.dueAt),
        acknowledgedAt: r.acknowledgedAt === null ? null : iso(r.acknowledgedAt), respondedAt: r.respondedAt === null ? null : iso(r.respondedAt), response: r.response,
        gridPath: p.place.gridCode ? b.idx.path.get(p.place.gridCode)! : s.handlingPath,
      });
    }
    const last = s.events[s.events.length - 1].at;
    const isResolved = s.state === 'closed' || s.state === 'rated';
    cases.push({
      key: g.key, id: g.id, number: numberOf.get(g.key)!, type: s.type, categoryCode: s.category.code,
      title: p.place.short && PROFILES[p.category.code]?.place !== 'gridOnly' ? `${p.place.short}${s.category.name}`.slice(0, 100) : p.description.slice(0, 24),
      description: p.description, state: s.state, tier: s.tier, channel: p.channel,
      gridCode: p.place.gridCode, gridPath: p.place.gridCode ? b.idx.path.get(p.place.gridCode)! : null, handlingGridCode: s.handlingCode, handlingPath: s.handlingPath,
      lng: p.place.lng, lat: p.place.lat, address: p.place.address, reporter: p.reporter, limits: s.limits,
      stage: s.stage, dueAt: s.due === null ? null : iso(s.due), overdueAt: s.overdueAt === null ? null : iso(s.overdueAt), slaEscalatedAt: s.slaAt === null ? null : iso(s.slaAt),
      discoveredAt: iso(g.discoveredAt), acceptedAt: s.acceptedAt === null ? null : iso(s.acceptedAt),
      responseDueAt: iso(s.responseDue), respondedAt: s.respondedAt === null ? null : iso(s.respondedAt), assessedAt: s.assessedAt === null ? null : iso(s.assessedAt),
      intervenedAt: s.intervenedAt === null ? null : iso(s.intervenedAt), resolvedAt: s.resolvedAt === null ? null : iso(s.resolvedAt), closedAt: s.closedAt === null ? null : iso(s.closedAt),
      closedVia: s.closedVia, reworkCount: s.reworks, escalationCount: s.escalations, reopenCount: s.reopens, lowestTier: s.lowestTier,
      feedback: s.feedback, rating: s.rating, ratedAt: s.ratedAt === null ? null : iso(s.ratedAt), mergedIntoKey: s.mergedInto?.key ?? null, suspendedFrom: s.suspendedFrom,
      isSkippedLevel: s.isSkippedLevel, isCriminalRisk: s.isCriminalRisk, priority: s.priority, pendingRequest: s.pending, version: s.version,
      createdAt: iso(g.createdAt), updatedAt: iso(last),
      figure: isResolved || p.figure === 'hazardsFound' ? p.figure : null,
    });
  }
  const counters = [...perYear].sort((x, y) => x[0] - y[0]).map(([year, value]) => ({ key: `case:${year}`, value }));
  return { seed, scale, from: iso(b.startMs), to: iso(b.nowMs), cases, events, referrals, counters };
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

export interface LoadDemoCasesOptions {
  /** The database, or the transaction the demo world is being written in. */
  db: Db | Kysely<Database>;
  cipher: FieldCipher;
  world: DemoWorld;
  now: Date;
  log?: (line: string) => void;
  scale?: number;
  seed?: number;
}

export interface LoadDemoCasesResult {
  cases: number;
  open: number;
  overdue: number;
  events: number;
  referrals: number;
}

/** SQLite allows 32,766 bound values per statement; stay well under it (PostgreSQL: 65,535). */
const MAX_PARAMS = 30_000;

/**
 * Writes the case history into a database that already holds the world (same grids and
 * accounts) and no cases. Also makes the demo department officer a member of the police station,
 * so referrals reach an inbox.
 */
export async function loadDemoCases(options: LoadDemoCasesOptions): Promise<LoadDemoCasesResult> {
  const kysely: Kysely<Database> = 'kysely' in options.db ? options.db.kysely : options.db;
  const { cipher, world } = options;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const existing = await kysely.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) throw new Error('demo: the database already has cases; the demo cases load only into a database without cases');

  const [grids, users, categories, departments, calendarRows, hours] = await Promise.all([
    kysely.selectFrom('grids').select(['id', 'code']).execute(),
    kysely.selectFrom('users').select(['id', 'username', 'person_id']).execute(),
    kysely.selectFrom('case_categories').selectAll().execute(),
    kysely.selectFrom('departments').selectAll().execute(),
    calendarRepository(kysely).listAll(),
    calendarRepository(kysely).getSetting(WORKING_HOURS_KEY),
  ]);
  const gridId = new Map(grids.map((g) => [g.code, g.id]));
  const categoryId = new Map(categories.map((c) => [c.code, c.id]));
  const departmentId = new Map(departments.map((d) => [d.code, d.id]));
  const userOfUsername = new Map(users.map((u) => [u.username, u.id]));
  const userOfPerson = new Map<string, string>();
  // Every grid worker has an account (world.staffAccounts): the log names them as the actor of their patrols, reports back and visits, which the worker ranking counts.
  for (const a of [...world.accounts, ...world.staffAccounts]) if (a.personKey && userOfUsername.has(a.username)) userOfPerson.set(a.personKey, userOfUsername.get(a.username)!);
  let workingHours: WorkingHours = DEFAULT_WORKING_HOURS;
  try {
    if (hours) workingHours = JSON.parse(hours) as WorkingHours;
  } catch {
    workingHours = DEFAULT_WORKING_HOURS;
  }
  const calendar = createBusinessCalendar(
    calendarRows.map((r) => ({ date: r.date, kind: r.kind, name: r.name, note: r.note, isProvisional: Number(r.is_provisional) === 1 })),
    workingHours,
  );
  const taxonomy: CaseTaxonomyEntry[] = categories
    .filter((c) => c.parent_id !== null)
    .map((c) => ({ code: c.code, name: c.name, type: c.default_type, tier: c.default_tier, accept: [c.accept_limit, c.accept_unit], dispatch: [c.dispatch_limit, c.dispatch_unit], handle: [c.handle_limit, c.handle_unit] }));
  const history = generateCaseHistory(world, { now: options.now, seed: options.seed, scale: options.scale, taxonomy, departments: departments.map((d) => ({ code: d.code, name: d.name, responseHours: Number(d.response_hours) })), calendar });
  log(`demo: case history generated (${fmt(history.cases.length)} cases, ${fmt(history.events.length)} log entries) in ${seconds(started)}`);

  const need = <T>(map: Map<string, T>, key: string, what: string): T => {
    const value = map.get(key);
    if (value === undefined) throw new Error(`demo: unknown ${what} ${key}`);
    return value;
  };
  const idOfKey = new Map(history.cases.map((c) => [c.key, c.id]));
  const caseRows: CaseTable[] = history.cases.map((c) => {
    const phone = c.reporter.phone === null ? null : normalizePhone(c.reporter.phone);
    const pending = c.pendingRequest ? { ...c.pendingRequest, by: c.pendingRequest.byPersonKey ? userOfPerson.get(c.pendingRequest.byPersonKey) ?? null : null, byPersonKey: undefined } : null;
    return {
      id: c.id, number: c.number, type: c.type, category_id: need(categoryId, c.categoryCode, 'category'), title: c.title, description: c.description,
      state: c.state, is_open: isOpenState(c.state) ? 1 : 0, tier: c.tier, channel: c.channel,
      grid_id: c.gridCode ? need(gridId, c.gridCode, 'grid') : null, grid_path: c.gridPath,
      handling_grid_id: c.handlingGridCode ? need(gridId, c.handlingGridCode, 'grid') : null, handling_path: c.handlingPath,
      lng: c.lng, lat: c.lat, address: c.address,
      reporter_user_id: c.reporter.isAccountHolder && c.reporter.personKey ? userOfPerson.get(c.reporter.personKey) ?? null : null,
      reporter_person_id: null, reporter_name: c.reporter.name,
      reporter_phone_enc: phone ? cipher.encrypt(phone) : null, reporter_phone_hash: phone ? cipher.hash(phone) : null, reporter_phone_last4: phone ? phone.slice(-4) : null,
      limits: JSON.stringify(c.limits), stage: c.stage, due_at: c.dueAt, overdue_at: c.overdueAt, sla_escalated_at: c.slaEscalatedAt,
      discovered_at: c.discoveredAt, accepted_at: c.acceptedAt, response_due_at: c.responseDueAt, responded_at: c.respondedAt, assessed_at: c.assessedAt, intervened_at: c.intervenedAt, resolved_at: c.resolvedAt, closed_at: c.closedAt,
      closed_via: c.closedVia, resolution_id: null, rework_count: c.reworkCount, escalation_count: c.escalationCount, reopen_count: c.reopenCount, lowest_tier: c.lowestTier,
      feedback: c.feedback, rating: c.rating, rated_at: c.ratedAt, merged_into_id: c.mergedIntoKey ? idOfKey.get(c.mergedIntoKey)! : null, suspended_from: c.suspendedFrom,
      is_skipped_level: c.isSkippedLevel, is_criminal_risk: c.isCriminalRisk, priority: c.priority, pending_request: pending ? JSON.stringify(pending) : null,
      version: c.version, created_at: c.createdAt, updated_at: c.updatedAt,
    };
  });
  // The person a demo account belongs to is the reporter's person too (as createCase records it).
  const personIds = new Map<string, string>();
  if (history.cases.some((c) => c.reporter.isAccountHolder)) {
    const rows = await kysely.selectFrom('users').select(['id', 'person_id']).where('id', 'in', [...new Set(userOfPerson.values())]).execute();
    for (const r of rows) if (r.person_id) personIds.set(r.id, r.person_id);
    for (const row of caseRows) if (row.reporter_user_id) row.reporter_person_id = personIds.get(row.reporter_user_id) ?? null;
  }
  const mapData = (data: Record<string, unknown> | null): string | null => {
    if (!data) return null;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      if (key === 'gridCode') out.gridId = value === null ? null : need(gridId, value as string, 'grid');
      else if (key === 'categoryCode') out.categoryId = need(categoryId, value as string, 'category');
      else if (key === 'departmentCodes') out.departmentIds = (value as string[]).map((d) => need(departmentId, d, 'department'));
      else if (key === 'departmentCode') out.departmentId = need(departmentId, value as string, 'department');
      else out[key] = value;
    }
    return JSON.stringify(out);
  };
  const eventRows: Insertable<Database['case_events']>[] = history.events.map((e) => ({
    id: e.id, case_id: idOfKey.get(e.caseKey)!, seq: e.seq, action: e.action, from_state: e.from, to_state: e.to, from_tier: e.fromTier, to_tier: e.toTier,
    actor_id: e.actor.personKey ? userOfPerson.get(e.actor.personKey) ?? null : null, actor_name: e.actor.name, actor_role: e.actor.role, note: e.note, data: mapData(e.data), at: e.at,
  }));
  const referralRows: Insertable<Database['case_referrals']>[] = history.referrals.map((r) => ({
    id: r.id, case_id: idOfKey.get(r.caseKey)!, department_id: need(departmentId, r.departmentCode, 'department'), state: r.state, requested_at: r.requestedAt, due_at: r.dueAt,
    acknowledged_at: r.acknowledgedAt, responded_at: r.respondedAt, response: r.response, grid_path: r.gridPath,
  }));

  await insertBatches(kysely, 'cases', caseRows);
  const nowIso = options.now.toISOString();
  const open = caseRows.filter((c) => c.is_open === 1);
  const overdue = open.filter((c) => c.due_at !== null && c.due_at < nowIso).length;
  log(`demo: cases ${fmt(caseRows.length)} (open ${open.length}, overdue ${overdue}) from ${localDate(Date.parse(history.from))} to ${localDate(options.now.getTime())}`);
  await insertBatches(kysely, 'case_events', eventRows);
  log(`demo: case log entries ${fmt(eventRows.length)}`);
  await insertBatches(kysely, 'case_referrals', referralRows);
  log(`demo: department referrals ${fmt(referralRows.length)} (${referralRows.filter((r) => r.state !== 'responded').length} awaiting an answer)`);
  for (const counter of history.counters) {
    await kysely.insertInto('counters').values(counter).onConflict((oc) => oc.column('key').doUpdateSet({ value: counter.value })).execute();
  }
  const officer = userOfUsername.get('demo-departmentofficer');
  // The demo officer answers for the police station and for the two departments most often summoned (吹哨) over neighbourhood matters.
  for (const code of ['police', 'urbanManagement', 'property']) {
    if (officer && departmentId.has(code)) {
      await kysely.insertInto('department_members').values({ department_id: departmentId.get(code)!, user_id: officer }).onConflict((oc) => oc.columns(['department_id', 'user_id']).doNothing()).execute();
    }
  }
  log(`demo: case numbers ${history.counters.map((c) => `${c.key.slice(5)} → ${c.value}`).join(', ')}; cases loaded in ${seconds(started)}`);
  return { cases: caseRows.length, open: open.length, overdue, events: eventRows.length, referrals: referralRows.length };
}

async function insertBatches<T extends 'cases' | 'case_events' | 'case_referrals'>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]).length));
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
