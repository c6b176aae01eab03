/**
 * Three years of co-building and volunteer service for the Muling demo world (issue 5): the 108
 * partner organisations with their party organisations, registrations and agreements; 3,360
 * in-service party members registered where they live; 39 themed service party branches with
 * 2,117 of those members; the three lists with monthly reviews and projects; activities with
 * sign-ups, check-ins, verified hours on the ledger and measured outputs; evaluations, feedback
 * lists and care visits.
 *
 * The volumes are chosen so that the results report (issue 7) reproduces the article's figures by
 * query over these rows, with the definitions below (verified hours and outputs only; the world's
 * scale does not change them, as for the cases):
 *
 * | id | article | query |
 * | --- | --- | --- |
 * | partnerOrganizations | 108个共驻共建单位党组织 | organisations not deleted, with a party organisation and an active registration (org_registrations) |
 * | inServiceMembersRegistered | 3360名在职党员 | active member_registrations whose person is party_members.kind = 'inService' |
 * | volunteerPartyBranches | 志愿服务党支部39个 | volunteer_teams kind 'partyBranch', not archived |
 * | inServiceMembersServing | 2117名在职党员参与其中 | distinct in-service members in those branches (team_members, not left) |
 * | snowAndRubbishClearedM3 | 清理积雪垃圾14000多立方 | sum of activity_outputs.quantity, metric 'snowAndRubbish', not voided |
 * | alleysRepairedM | 修缮巷道800余延长米 | sum of activity_outputs.quantity, metric 'alleyRepair', not voided |
 * | stairwellCultureBuildings / Units | 楼道文化21栋69个单元 | distinct parents / distinct grids of outputs with metric 'stairwellCulture', not voided |
 * | venueAreaProvidedM2 | 免费活动场所11000多平方米 | sum of cobuild_project_resources.quantity_delivered, kind 'venue', of completed projects |
 * | jointActivities | 共同开展…活动54次 | activities kind 'joint', state 'completed' |
 *
 * Recent activities that ended in the last days are left unverified on purpose: their check-ins
 * exist, their hours count nowhere until an organiser verifies them.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import type { FieldCipher } from '../src/core/secrets.js';
import { newId } from '../src/core/ids.js';
import { normalizeIdNumber } from '../src/core/people/identity.js';
import type { OrganizationKind } from '../src/modules/cobuild/tables.js';
import { defaultRules } from '../src/modules/cobuild/scoring.js';
import type { TeamTheme } from '../src/modules/volunteers/tables.js';
import type { DemoPerson, DemoWorld } from './generate.js';
import { Random } from './random.js';
import { demoPeriodStart, demoStructureAt } from './period.js';

/** What the results report must show over the whole demo period and city. */
export const DEMO_COBUILD_FIGURES = {
  partnerOrganizations: 108,
  inServiceMembersRegistered: 3360,
  volunteerPartyBranches: 39,
  inServiceMembersServing: 2117,
  snowAndRubbishClearedM3: 14_236,
  alleysRepairedM: 826,
  stairwellCultureBuildings: 21,
  stairwellCultureUnits: 69,
  venueAreaProvidedM2: 11_460,
  jointActivities: 54,
} as const;

export interface LoadDemoCobuildOptions {
  db: Kysely<Database>;
  cipher: FieldCipher;
  world: DemoWorld;
  now: Date;
  seed?: number;
  log?: (line: string) => void;
}

const OFFSET = 8 * 3_600_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const BATCH_PARAMS = 30_000;

const localDate = (ms: number) => new Date(ms + OFFSET).toISOString().slice(0, 10);
const localParts = (ms: number) => {
  const d = new Date(ms + OFFSET);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
};
/** The instant of a local wall-clock time. */
const at = (year: number, month: number, day: number, hour = 0, minute = 0) => Date.UTC(year, month - 1, day, hour, minute) - OFFSET;
const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------
// The register of partner organisations (real unit names of a county-level city; all data generated)
// ---------------------------------------------------------------------------------------------

const ORGANIZATIONS: [OrganizationKind, string[]][] = [
  ['organ', [
    '中共穆棱市委组织部', '中共穆棱市委宣传部', '中共穆棱市委政法委员会', '穆棱市纪委监委', '穆棱市人民政府办公室', '穆棱市发展和改革局', '穆棱市教育局', '穆棱市民政局', '穆棱市司法局',
    '穆棱市财政局', '穆棱市人力资源和社会保障局', '穆棱市自然资源局', '穆棱市生态环境局', '穆棱市住房和城乡建设局', '穆棱市交通运输局', '穆棱市水务局', '穆棱市农业农村局', '穆棱市商务局',
    '穆棱市文体广电和旅游局', '穆棱市卫生健康局', '穆棱市退役军人事务局', '穆棱市应急管理局', '穆棱市审计局', '穆棱市市场监督管理局', '穆棱市统计局', '穆棱市医疗保障局', '穆棱市信访局',
    '穆棱市综合行政执法局', '穆棱市公安局', '穆棱市人民检察院', '穆棱市人民法院', '国家税务总局穆棱市税务局', '穆棱市总工会', '共青团穆棱市委员会', '穆棱市妇女联合会', '穆棱市残疾人联合会',
    '穆棱市工商业联合会', '八面通镇人民政府', '穆棱市机关事务服务中心', '穆棱市营商环境建设监督局',
  ]],
  ['institution', [
    '穆棱市人民医院', '穆棱市中医医院', '穆棱市妇幼保健计划生育服务中心', '穆棱市疾病预防控制中心', '穆棱市第一中学', '穆棱市第二中学', '穆棱市第三中学', '穆棱市实验小学', '八面通镇第一小学',
    '八面通镇第二小学', '穆棱市职业教育中心学校', '穆棱市第一幼儿园', '穆棱市图书馆', '穆棱市文化馆', '穆棱市融媒体中心', '穆棱市档案馆', '穆棱市社会保险事业服务中心', '穆棱市就业服务中心',
    '穆棱市不动产登记中心', '穆棱市城市管理服务中心', '穆棱市园林绿化服务中心', '穆棱市供热管理服务中心', '穆棱市水利工程服务中心', '穆棱市气象局', '穆棱市消防救援大队', '穆棱市老年大学',
    '穆棱市青少年活动中心', '穆棱市公共资源交易中心',
  ]],
  ['stateEnterprise', [
    '国网穆棱市供电公司', '中国邮政集团穆棱市分公司', '中国电信穆棱分公司', '中国移动穆棱分公司', '中国联通穆棱分公司', '中国工商银行穆棱支行', '中国农业银行穆棱支行', '中国银行穆棱支行',
    '中国建设银行穆棱支行', '黑龙江穆棱农村商业银行', '中国邮政储蓄银行穆棱市支行', '中国人寿保险穆棱支公司', '中国石油穆棱销售分公司', '穆棱市自来水有限公司',
  ]],
  ['privateEnterprise', [
    '穆棱市龙兴木业有限公司', '穆棱市宏达建筑工程有限公司', '穆棱市兴隆食品有限公司', '穆棱市金穗米业有限公司', '穆棱市鑫源物业服务有限公司', '穆棱市华宇房地产开发有限公司',
    '穆棱市顺达运输有限公司', '穆棱市长城大药房连锁有限公司', '穆棱市福源农副产品有限公司', '穆棱市东方红商贸有限公司', '穆棱市北方硅业有限公司', '穆棱市恒通热力有限公司',
  ]],
  ['socialOrg', ['穆棱市义工联合会', '穆棱市红十字会', '穆棱市慈善总会', '穆棱市老年人体育协会', '穆棱市律师协会', '穆棱市志愿者协会', '穆棱市书法家协会', '穆棱市心理咨询师协会']],
  ['merchant', ['新华街商圈商户联合体', '站前街商户联合体', '光明街个体工商户联合会', '中心市场商户联合体', '兴源路餐饮商户联合体', '东方红商业街商户联合体']],
];

/** The organisation whose contact is the demo-orgcontact account and employer of demo-partymember. */
const DEMO_ORGANIZATION = '穆棱市人民医院';

const memberRange: Record<OrganizationKind, [number, number]> = {
  organ: [26, 58], institution: [40, 118], stateEnterprise: [18, 56], privateEnterprise: [6, 24], socialOrg: [4, 12], merchant: [4, 9],
};

const THEME_NAMES: Record<TeamTheme, string> = {
  legalAid: '法律援助', elderCare: '关爱老人', medicalAid: '医疗救助', snowClearing: '扫雪除冰', helpInNeed: '扶弱济困', healthCare: '医疗保健',
  environment: '环境整治', stairwellCulture: '楼道文化', safetyPatrol: '平安巡防', culture: '文体活动', other: '综合服务',
};

/** Branches per community (39 in all); every community has the three with measured outputs. */
const BRANCHES: TeamTheme[][] = [
  ['snowClearing', 'environment', 'stairwellCulture', 'legalAid', 'elderCare', 'medicalAid', 'helpInNeed'],
  ['snowClearing', 'environment', 'stairwellCulture', 'elderCare', 'healthCare', 'legalAid', 'safetyPatrol'],
  ['snowClearing', 'environment', 'stairwellCulture', 'helpInNeed', 'medicalAid', 'culture', 'elderCare'],
  ['snowClearing', 'environment', 'stairwellCulture', 'legalAid', 'healthCare', 'elderCare'],
  ['snowClearing', 'environment', 'stairwellCulture', 'medicalAid', 'helpInNeed', 'safetyPatrol'],
  ['snowClearing', 'environment', 'stairwellCulture', 'elderCare', 'culture', 'legalAid'],
];

const SERVICE_TITLES: Record<TeamTheme, string[]> = {
  snowClearing: ['清理路旁积雪', '扫雪除冰保畅通', '清理小区积雪垃圾', '楼前道路除冰', '清运积雪'],
  environment: ['修缮背街小巷', '清理卫生死角', '巷道路面修补', '小区环境整治', '清理小广告'],
  stairwellCulture: ['打造特色楼道文化', '楼道文化墙绘制', '红色楼道布置', '楼道宣传栏更新'],
  legalAid: ['法律咨询进小区', '普法宣传讲座', '矛盾纠纷调解', '防诈骗宣传'],
  elderCare: ['走访独居老人', '为老人理发', '陪伴空巢老人', '老年人智能手机教学'],
  medicalAid: ['义诊进社区', '慢病随访', '免费测血压血糖', '急救知识培训'],
  helpInNeed: ['帮扶困难家庭', '爱心物资发放', '助残服务', '困难学生课业辅导'],
  healthCare: ['健康讲座', '中医养生咨询', '眼科义诊', '口腔健康检查'],
  safetyPatrol: ['夜间治安巡逻', '消防安全检查', '防火宣传', '电动车安全检查'],
  culture: ['广场舞辅导', '书法进社区', '社区读书会', '老年合唱排练'],
  other: ['便民服务'],
};

const JOINT_TITLES = ['到社区慰问困难党员', '居民趣味运动会', '百家宴', '邻里文化节文艺汇演', '送温暖进社区', '重阳节敬老活动', '迎新春写春联送福字', '党员志愿服务日'];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '于', '董', '韩', '冯', '曹'];
const GIVEN = ['建国', '秀英', '桂兰', '志强', '海燕', '丽娟', '国庆', '文斌', '春梅', '晓东', '淑珍', '立新', '红霞', '宏伟', '玉兰', '永刚', '雪梅', '振华', '丹', '磊', '静', '伟', '敏', '洋', '婷', '勇', '杰', '娜', '涛', '超'];
const SKILLS = ['驾驶', '电工', '水暖维修', '法律咨询', '医疗护理', '心理疏导', '书法', '摄影', '课业辅导', '财会', '厨艺', '理发', '文艺演出', '计算机'];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Integers that add up to `total`, proportional to `weights` (largest remainder). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]] += 1;
  return out;
}

async function insertAll<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const perRow = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.floor(BATCH_PARAMS / perRow));
  for (let i = 0; i < rows.length; i += size) await db.insertInto(table).values(rows.slice(i, i + size) as never).execute();
}

interface Grid {
  id: string;
  code: string;
  name: string;
  level: string;
  path: string;
  parent_id: string | null;
  lng: number | null;
  lat: number | null;
}

// ---------------------------------------------------------------------------------------------
// The loader
// ---------------------------------------------------------------------------------------------

/**
 * Writes the co-building and volunteer history into a database that holds the world (and
 * possibly its cases) and nothing of co-building. Runs inside the world's transaction.
 */
export async function loadDemoCobuild(options: LoadDemoCobuildOptions): Promise<Record<string, number>> {
  const { db, cipher, world } = options;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const rng = new Random(options.seed ?? world.seed).fork('cobuild');
  const nowMs = options.now.getTime();
  const nowParts = localParts(nowMs);
  // The 36 months up to now, from the first of the month; the organisations and teams stand from before (demo/period.ts).
  const startMs = demoPeriodStart(options.now).getTime();
  const createdAt = demoStructureAt(options.now).toISOString();

  const existing = await db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) throw new Error('demo: the database already has organisations; co-building loads only into a database without them');

  // --- what the world wrote ----------------------------------------------------------------------
  const gridRows = await db.selectFrom('grids').select(['id', 'code', 'name', 'level', 'path', 'parent_id', 'centroid_lng as lng', 'centroid_lat as lat']).execute();
  const grid = new Map<string, Grid>(gridRows.map((g) => [g.code, g as Grid]));
  const gridById = new Map<string, Grid>(gridRows.map((g) => [g.id, g as Grid]));
  const communities = world.grids.filter((g) => g.level === 'community').map((g) => grid.get(g.code)!);
  const compoundsOf = new Map(communities.map((c) => [c.id, gridRows.filter((g) => g.level === 'compound' && g.parent_id === c.id) as Grid[]]));
  const communityOfPath = (path: string) => communities.find((c) => path.startsWith(c.path))!;
  const personRows = await db.selectFrom('persons').select(['id', 'id_number_hash']).execute();
  const idOfHash = new Map(personRows.map((p) => [p.id_number_hash, p.id]));
  const personId = (p: DemoPerson) => idOfHash.get(cipher.hash(normalizeIdNumber(p.idNumber)))!;
  const users = await db.selectFrom('users').select(['id', 'username', 'person_id']).execute();
  const userId = (username: string) => users.find((u) => u.username === username)?.id ?? null;
  const demoCommunity = communities[0];
  const personByKey = new Map(world.persons.map((p) => [p.key, p]));
  const secretaryOf = new Map(world.staff.filter((s) => s.position === 'secretary').map((s) => [grid.get(s.communityCode!)!.id, personByKey.get(s.personKey)!.name]));
  const secretaryUser = userId('demo-secretary');
  const organizerOf = (communityId: string) => (communityId === demoCommunity.id ? secretaryUser : null);

  const memberKeys = new Set(world.partyMembers.map((m) => m.personKey));
  const staffKeys = new Set(world.staff.map((s) => s.personKey));
  const accountKeys = new Set(world.accounts.map((a) => a.personKey));
  const age = (p: DemoPerson) => world.referenceYear - p.birthYear;

  // --- 1. organisations, registrations, agreements -------------------------------------------------
  const orgRng = rng.fork('organizations');
  const dealt = orgRng.shuffle(ORGANIZATIONS.flatMap(([kind, names]) => names.map((name) => ({ kind, name })))).filter((o) => o.name !== DEMO_ORGANIZATION);
  dealt.unshift({ kind: 'institution', name: DEMO_ORGANIZATION });
  const orgs = dealt.map((o, i) => {
    const community = communities[i % communities.length];
    const compound = orgRng.pick(compoundsOf.get(community.id)!);
    const [lo, hi] = memberRange[o.kind];
    return {
      id: newId(), name: o.name, kind: o.kind, community, compound, members: orgRng.int(lo, hi),
      partyOrgName: o.kind === 'merchant' ? `${o.name.replace(/联合体|联合会/, '')}联合党支部` : `${o.name}${o.kind === 'institution' && orgRng.chance(0.3) ? '党总支' : orgRng.chance(0.15) ? '党委' : '党支部'}`,
    };
  });
  const demoOrg = orgs[0];
  const contactPerson = personByKey.get(world.accounts.find((a) => a.username === 'demo-orgcontact')!.personKey!)!;
  const organizationRows: Insertable<Database['organizations']>[] = orgs.map((o) => {
    const isDemo = o === demoOrg;
    const phone = isDemo && contactPerson.phone ? contactPerson.phone : `13${orgRng.int(0, 9)}${String(orgRng.int(0, 99_999_999)).padStart(8, '0')}`;
    return {
      id: o.id, name: o.name, kind: o.kind, credit_code: null, address: `八面通镇${o.compound.name}附近`, grid_id: o.compound.id, grid_path: o.compound.path,
      party_org_name: o.partyOrgName, party_org_kind: o.kind === 'merchant' ? 'joint' : o.partyOrgName.endsWith('党委') ? 'committee' : o.partyOrgName.endsWith('党总支') ? 'generalBranch' : 'branch',
      party_member_count: o.members, secretary_name: `${orgRng.pick(SURNAMES)}${orgRng.pick(GIVEN)}`,
      contact_name: isDemo ? contactPerson.name : `${orgRng.pick(SURNAMES)}${orgRng.pick(GIVEN)}`, contact_phone_enc: cipher.encrypt(phone), contact_phone_hash: cipher.hash(phone),
      contact_user_id: isDemo ? userId('demo-orgcontact') : null, description: null, deleted_at: null, version: 1, created_at: createdAt, updated_at: createdAt,
    };
  });
  await insertAll(db, 'organizations', organizationRows);
  await insertAll(db, 'org_registrations', orgs.map((o) => ({
    id: newId(), organization_id: o.id, community_id: o.community.id, community_path: o.community.path, registered_on: `2018-${String(orgRng.int(5, 12)).padStart(2, '0')}-${String(orgRng.int(1, 28)).padStart(2, '0')}`,
    state: 'active' as const, ended_on: null, note: null, created_by: null, created_at: createdAt,
  })));
  const commitmentTexts = ['开放活动场地供居民使用', '每季度组织党员进社区志愿服务', '结对帮扶困难家庭', '资助社区文化活动', '参与冬季扫雪除冰', '提供专业技能服务', '参与楼道环境整治', '开展政策宣传'];
  const agreements: Insertable<Database['cobuild_agreements']>[] = [];
  const commitments: Insertable<Database['cobuild_commitments']>[] = [];
  for (const o of orgs) {
    const id = newId();
    const signed = localDate(startMs + orgRng.int(0, 40) * DAY);
    agreements.push({ id, organization_id: o.id, community_id: o.community.id, community_path: o.community.path, title: `${o.community.name}与${o.name}共驻共建协议`, terms: '双方按月参加联席会议，共同梳理需求、资源、项目三张清单，资源共享、活动共办、难题共解。', signed_on: signed, starts_on: signed, ends_on: null, state: 'active', created_by: null, created_at: createdAt, updated_at: createdAt });
    for (const text of orgRng.sample(commitmentTexts, orgRng.int(2, 4))) {
      const roll = orgRng.next();
      const whenMs = startMs + orgRng.int(60, 1000) * DAY;
      const settled = whenMs < nowMs;
      commitments.push({
        id: newId(), agreement_id: id, organization_id: o.id, community_path: o.community.path, content: text, kind: null, quantity: null,
        state: settled && roll < 0.06 ? 'withdrawn' : settled && roll < 0.6 ? 'fulfilled' : 'open',
        fulfilled_at: settled && roll >= 0.06 && roll < 0.6 ? iso(whenMs) : null, withdrawn_at: settled && roll < 0.06 ? iso(whenMs) : null, withdrawn_reason: settled && roll < 0.06 ? '单位人员调整，暂无法履行' : null, created_at: createdAt,
      });
    }
  }
  await insertAll(db, 'cobuild_agreements', agreements);
  await insertAll(db, 'cobuild_commitments', commitments);
  log(`demo: partner organisations ${orgs.length} with registrations, agreements and ${commitments.length} commitments`);

  // --- 2. in-service party members registered where they live -------------------------------------
  const memberRng = rng.fork('members');
  const demoMemberAccount = world.accounts.find((a) => a.username === 'demo-partymember')!;
  const candidates = memberRng.shuffle(world.persons.filter((p) => !memberKeys.has(p.key) && !staffKeys.has(p.key) && !accountKeys.has(p.key) && age(p) >= 22 && age(p) <= 60));
  const wanted = DEMO_COBUILD_FIGURES.inServiceMembersRegistered;
  const extraPersons: Insertable<Database['persons']>[] = [];
  interface Member { personId: string; name: string; gridPath: string; community: Grid; orgIndex: number }
  const members: Member[] = [];
  const stairwells = gridRows.filter((g) => g.level === 'stairwell') as Grid[];
  // The demo member lives in 民主社区 (a resident without an account) and works for the demo organisation.
  const demoMemberPerson = candidates.find((p) => grid.get(p.gridCode)!.path.startsWith(demoCommunity.path) && p.phone !== null)!;
  const chosen = [demoMemberPerson, ...candidates.filter((p) => p !== demoMemberPerson)].slice(0, wanted);
  for (const p of chosen) {
    const g = grid.get(p.gridCode)!;
    members.push({ personId: personId(p), name: p.name, gridPath: g.path, community: communityOfPath(g.path), orgIndex: -1 });
  }
  // A small world has fewer adults than the article's members: the rest are registered residents without a household record.
  while (members.length < wanted) {
    const g = memberRng.pick(stairwells);
    const id = newId();
    const name = `${memberRng.pick(SURNAMES)}${memberRng.pick(GIVEN)}`;
    extraPersons.push({ id, name, gender: memberRng.chance(0.5) ? 'male' : 'female', birth_year: memberRng.int(1966, 2000), id_number_enc: null, id_number_hash: null, phone_enc: null, phone_hash: null, grid_id: g.id, grid_path: g.path, household_id: null, room_id: null, relation: null, note: '在职党员（未入户登记）', created_at: createdAt, updated_at: createdAt });
    members.push({ personId: id, name, gridPath: g.path, community: communityOfPath(g.path), orgIndex: -1 });
  }
  await insertAll(db, 'persons', extraPersons);
  // Employers in proportion to their party members (never more registered than they have).
  const perOrg = apportion(wanted - 1, orgs.map((o) => o.members));
  perOrg[0] += 1;
  let cursor = 1;
  members[0].orgIndex = 0;
  perOrg[0] -= 1;
  for (const [i, n] of perOrg.entries()) for (let k = 0; k < n; k++) members[cursor++].orgIndex = i;
  const registrations: Insertable<Database['member_registrations']>[] = [];
  const partyRows: Insertable<Database['party_members']>[] = [];
  const registrationOf = new Map<string, string>();
  for (const m of members) {
    const id = newId();
    registrationOf.set(m.personId, id);
    // Registered (双报到) before the demo period begins, so every year of it counts the article's 3,360.
    const registeredOn = localDate(at(2018, 6, 1) + memberRng.int(0, Math.max(1, Math.floor((startMs - at(2018, 6, 1)) / DAY) - 1)) * DAY);
    registrations.push({
      id, person_id: m.personId, community_id: m.community.id, community_path: m.community.path, employer_org_id: orgs[m.orgIndex].id, registered_on: registeredOn,
      state: 'active', ended_on: null, skills: memberRng.chance(0.6) ? JSON.stringify(memberRng.sample(SKILLS, memberRng.int(1, 2))) : null, note: null, created_by: null, created_at: createdAt, updated_at: createdAt,
    });
    partyRows.push({ person_id: m.personId, kind: 'inService', party_org_id: null, employer_org_id: orgs[m.orgIndex].id, joined_on: null, grid_path: m.gridPath, created_at: createdAt });
  }
  await insertAll(db, 'party_members', partyRows);
  await insertAll(db, 'member_registrations', registrations);
  // demo-partymember is this in-service member from now on (the world's pick was a community member).
  const demoMember = members[0];
  const demoMemberUser = userId('demo-partymember');
  if (demoMemberUser) {
    await db.updateTable('users').set({ person_id: demoMember.personId, display_name: demoMember.name }).where('id', '=', demoMemberUser).execute();
    await db.updateTable('cases').set({ reporter_person_id: demoMember.personId, reporter_name: demoMember.name }).where('reporter_user_id', '=', demoMemberUser).execute();
  }
  log(`demo: in-service party members ${members.length} registered with their communities (${extraPersons.length} registered without a household record); demo-partymember is ${demoMember.name} of ${DEMO_ORGANIZATION} (was ${demoMemberAccount.displayName})`);

  // --- 3. themed service party branches and teams ---------------------------------------------------
  const teamRng = rng.fork('teams');
  interface Team { id: string; theme: TeamTheme; community: Grid; kind: 'partyBranch' | 'team'; members: string[]; leaderName: string }
  const teams: Team[] = [];
  const membersBy = new Map(communities.map((c) => [c.id, members.filter((m) => m.community.id === c.id)]));
  const servingPerCommunity = apportion(DEMO_COBUILD_FIGURES.inServiceMembersServing, communities.map((c) => membersBy.get(c.id)!.length));
  const teamRows: Insertable<Database['volunteer_teams']>[] = [];
  const teamMemberRows: Insertable<Database['team_members']>[] = [];
  communities.forEach((c, ci) => {
    const themes = BRANCHES[ci];
    const pool = membersBy.get(c.id)!;
    const serving = [pool[0] === demoMember ? demoMember : undefined, ...teamRng.shuffle(pool.filter((m) => m !== demoMember))].filter((m): m is Member => Boolean(m)).slice(0, servingPerCommunity[ci]);
    const split = apportion(serving.length, themes.map((t) => (t === 'snowClearing' || t === 'environment' ? 1.6 : 1)));
    let k = 0;
    themes.forEach((theme, ti) => {
      const team: Team = { id: newId(), theme, community: c, kind: 'partyBranch', members: serving.slice(k, k + split[ti]).map((m) => m.personId), leaderName: '' };
      k += split[ti];
      const leader = members.find((m) => m.personId === team.members[team.members.length - 1])!;
      team.leaderName = leader.name;
      teams.push(team);
      teamRows.push({ id: team.id, name: `${c.name}${THEME_NAMES[theme]}志愿服务党支部`, kind: 'partyBranch', theme, community_id: c.id, grid_path: c.path, description: `由在职党员组成的特色型党支部，开展${THEME_NAMES[theme]}志愿服务。`, leader_person_id: leader.personId, founded_on: '2018-09-01', archived_at: null, created_by: null, version: 1, created_at: createdAt, updated_at: createdAt });
      for (const pid of team.members) teamMemberRows.push({ team_id: team.id, person_id: pid, role: pid === leader.personId ? 'leader' : 'member', joined_on: localDate(startMs - teamRng.int(0, 300) * DAY), left_on: null, grid_path: c.path, created_at: createdAt });
    });
    // One residents' volunteer team per community: residents and community party members (not counted above).
    const residents = teamRng.sample(world.persons.filter((p) => grid.get(p.gridCode)!.path.startsWith(c.path) && age(p) >= 18 && age(p) <= 75 && !accountKeys.has(p.key)), 18);
    const team: Team = { id: newId(), theme: 'culture', community: c, kind: 'team', members: residents.map(personId), leaderName: residents[0]?.name ?? '' };
    teams.push(team);
    teamRows.push({ id: team.id, name: `${c.name}居民志愿服务队`, kind: 'team', theme: 'culture', community_id: c.id, grid_path: c.path, description: '居民自愿组成的志愿服务队，开展文体和邻里互助活动。', leader_person_id: team.members[0] ?? null, founded_on: '2019-03-05', archived_at: null, created_by: null, version: 1, created_at: createdAt, updated_at: createdAt });
    for (const pid of team.members) teamMemberRows.push({ team_id: team.id, person_id: pid, role: pid === team.members[0] ? 'leader' : 'member', joined_on: '2019-03-05', left_on: null, grid_path: c.path, created_at: createdAt });
  });
  await insertAll(db, 'volunteer_teams', teamRows);
  await insertAll(db, 'team_members', teamMemberRows);
  log(`demo: ${teams.filter((t) => t.kind === 'partyBranch').length} themed service party branches with ${DEMO_COBUILD_FIGURES.inServiceMembersServing} in-service members, ${teams.filter((t) => t.kind === 'team').length} residents' teams`);

  // --- 4. activities, sign-ups, the ledger, outputs ------------------------------------------------
  const actRng = rng.fork('activities');
  interface Activity { id: string; team: Team | null; orgIndex: number | null; kind: 'service' | 'joint'; theme: TeamTheme; title: string; startsMs: number; endsMs: number; compound: Grid; capacity: number; state: 'published' | 'completed'; verified: boolean }
  const activities: Activity[] = [];
  const weekendMorning = (ms: number, hour = 8) => {
    const p = localParts(ms);
    const shift = p.weekday === 0 || p.weekday === 6 ? 0 : 6 - p.weekday;
    const d = localParts(ms + shift * DAY);
    return at(d.year, d.month, d.day, hour, actRng.chance(0.5) ? 0 : 30);
  };
  const isWinter = (month: number) => month >= 11 || month <= 3;
  const isSummer = (month: number) => month >= 4 && month <= 10;
  const pendingFrom = nowMs - 6 * DAY;
  for (let m = 0; m <= 36; m++) {
    const monthStart = at(nowParts.year - 3, nowParts.month + m, 1);
    const month = localParts(monthStart).month;
    for (const team of teams) {
      let count = 0;
      if (team.kind === 'team') count = 1;
      else if (team.theme === 'snowClearing') count = isWinter(month) ? actRng.int(2, 3) : actRng.chance(0.3) ? 1 : 0;
      else if (team.theme === 'environment') count = isSummer(month) ? actRng.int(1, 2) : 0;
      // Stairwell culture is mostly the 21 decorated buildings below; in between, smaller upkeep without measured output.
      else if (team.theme === 'stairwellCulture') count = actRng.chance(0.4) ? 1 : 0;
      else count = actRng.chance(0.85) ? 1 : 0;
      for (let i = 0; i < count; i++) {
        const startsMs = weekendMorning(monthStart + actRng.int(0, 26) * DAY, team.theme === 'snowClearing' ? 7 : 8);
        if (startsMs >= nowMs - 2 * HOUR) continue;
        const theme = team.theme === 'snowClearing' && !isWinter(month) ? 'environment' : team.theme;
        activities.push({
          id: newId(), team, orgIndex: null, kind: 'service', theme, title: actRng.pick(SERVICE_TITLES[theme]), startsMs, endsMs: startsMs + 3 * HOUR,
          compound: actRng.pick(compoundsOf.get(team.community.id)!), capacity: actRng.int(12, 30), state: 'completed', verified: true,
        });
      }
    }
  }
  // Stairwell culture: 21 buildings, 69 stairwells, one activity per building.
  const buildings = gridRows.filter((g) => g.level === 'building') as Grid[];
  const stairsOf = new Map<string, Grid[]>();
  for (const s of stairwells) stairsOf.set(s.parent_id!, [...(stairsOf.get(s.parent_id!) ?? []), s]);
  const four = actRng.shuffle(buildings.filter((b) => (stairsOf.get(b.id)?.length ?? 0) >= 4));
  const three = actRng.shuffle(buildings.filter((b) => (stairsOf.get(b.id)?.length ?? 0) === 3));
  const units = DEMO_COBUILD_FIGURES.stairwellCultureUnits;
  const decorated: { building: Grid; stairs: Grid[] }[] = [];
  const nFour = Math.min(four.length, units - 3 * DEMO_COBUILD_FIGURES.stairwellCultureBuildings);
  for (const b of four.slice(0, nFour)) decorated.push({ building: b, stairs: stairsOf.get(b.id)!.slice(0, 4) });
  for (const b of [...three, ...four.slice(nFour)].slice(0, DEMO_COBUILD_FIGURES.stairwellCultureBuildings - decorated.length)) decorated.push({ building: b, stairs: stairsOf.get(b.id)!.slice(0, 3) });
  const cultureTeams = teams.filter((t) => t.theme === 'stairwellCulture');
  const culture = new Map<string, Grid[]>();
  decorated.forEach((d, i) => {
    const compound = gridById.get(d.building.parent_id!)!;
    const team = cultureTeams.find((t) => compound.path.startsWith(t.community.path))!;
    const startsMs = weekendMorning(startMs + Math.floor(((i + 0.5) / decorated.length) * (nowMs - startMs - 20 * DAY)));
    const id = newId();
    culture.set(id, d.stairs);
    activities.push({ id, team, orgIndex: null, kind: 'service', theme: 'stairwellCulture', title: `${compound.name}${d.building.name}${actRng.pick(SERVICE_TITLES.stairwellCulture)}`, startsMs, endsMs: startsMs + 4 * HOUR, compound, capacity: 15, state: 'completed', verified: true });
  });
  // Joint activities held with partner organisations: 54 completed.
  for (let i = 0; i < DEMO_COBUILD_FIGURES.jointActivities; i++) {
    const c = communities[i % communities.length];
    const orgIndex = actRng.pick(orgs.map((o, k) => (o.community.id === c.id ? k : -1)).filter((k) => k >= 0));
    const startsMs = weekendMorning(startMs + Math.floor(((i + 0.5) / DEMO_COBUILD_FIGURES.jointActivities) * (pendingFrom - startMs - 10 * DAY)), 9);
    activities.push({ id: newId(), team: null, orgIndex, kind: 'joint', theme: 'culture', title: `${orgs[orgIndex].name}与${c.name}${actRng.pick(JOINT_TITLES)}`, startsMs, endsMs: startsMs + 3 * HOUR, compound: actRng.pick(compoundsOf.get(c.id)!), capacity: 40, state: 'completed', verified: true });
  }
  // Those that ended in the last days wait for verification; their hours count nowhere yet.
  for (const a of activities) if (a.startsMs >= pendingFrom) { a.verified = false; a.state = 'published'; }
  // Upcoming: sign-ups open, and one under way now in 民主社区 (the demo member is on it).
  const demoSnow = teams.find((t) => t.community.id === demoCommunity.id && t.theme === 'snowClearing')!;
  const demoBranch = teams.find((t) => t.members.includes(demoMember.personId))!;
  const upcoming: Activity[] = [];
  const nowSlot = Math.floor((nowMs - HOUR) / (30 * 60_000)) * 30 * 60_000;
  upcoming.push({ id: newId(), team: demoBranch, orgIndex: null, kind: 'service', theme: demoBranch.theme, title: isWinter(nowParts.month) ? '清理路旁积雪' : SERVICE_TITLES[demoBranch.theme][0], startsMs: nowSlot, endsMs: nowSlot + 4 * HOUR, compound: compoundsOf.get(demoCommunity.id)![0], capacity: 20, state: 'published', verified: false });
  for (const team of teams) {
    if (team.kind !== 'partyBranch' || (team.theme !== 'snowClearing' && team.theme !== 'elderCare' && team.theme !== 'legalAid')) continue;
    const startsMs = weekendMorning(nowMs + actRng.int(2, 16) * DAY, 8);
    const theme = team.theme === 'snowClearing' && !isWinter(localParts(startsMs).month) ? 'environment' : team.theme;
    upcoming.push({ id: newId(), team, orgIndex: null, kind: 'service', theme, title: actRng.pick(SERVICE_TITLES[theme]), startsMs, endsMs: startsMs + 3 * HOUR, compound: actRng.pick(compoundsOf.get(team.community.id)!), capacity: team === demoSnow ? 8 : actRng.int(10, 25), state: 'published', verified: false });
  }
  const demoJointOrg = 0;
  const jointStart = weekendMorning(nowMs + 9 * DAY, 9);
  upcoming.push({ id: newId(), team: null, orgIndex: demoJointOrg, kind: 'joint', theme: 'culture', title: `${orgs[demoJointOrg].name}与${demoCommunity.name}${JOINT_TITLES[0]}`, startsMs: jointStart, endsMs: jointStart + 3 * HOUR, compound: compoundsOf.get(demoCommunity.id)![1], capacity: 30, state: 'published', verified: false });
  activities.push(...upcoming);

  // Outputs: the article's totals spread over the verified activities that produce them.
  const snowActs = activities.filter((a) => a.verified && a.theme === 'snowClearing');
  const alleyActs = activities.filter((a) => a.verified && a.theme === 'environment' && isSummer(localParts(a.startsMs).month)).filter((_, i) => i % 2 === 0);
  const snowShares = apportion(DEMO_COBUILD_FIGURES.snowAndRubbishClearedM3, snowActs.map(() => actRng.float(0.6, 1.4)));
  const alleyShares = apportion(DEMO_COBUILD_FIGURES.alleysRepairedM, alleyActs.map(() => actRng.float(0.5, 1.5)));
  const outputRows: Insertable<Database['activity_outputs']>[] = [];
  const outputsOf = new Map<string, { metric: string; unit: string; quantity: number }[]>();
  const addOutput = (a: Activity, metric: 'snowAndRubbish' | 'alleyRepair' | 'stairwellCulture', quantity: number, unit: string, place: Grid | null) => {
    const verifiedAt = iso(a.endsMs + DAY);
    outputRows.push({ id: newId(), activity_id: a.id, metric, quantity, unit, grid_id: place?.id ?? null, output_grid_path: place?.path ?? null, grid_path: a.compound.path, note: null, verified_at: verifiedAt, verified_by: organizerOf(communityOfPath(a.compound.path).id), voided_at: null, void_reason: null, created_at: verifiedAt });
    outputsOf.set(a.id, [...(outputsOf.get(a.id) ?? []), { metric, unit, quantity }]);
  };
  snowActs.forEach((a, i) => addOutput(a, 'snowAndRubbish', snowShares[i], 'm3', null));
  alleyActs.forEach((a, i) => addOutput(a, 'alleyRepair', alleyShares[i], 'm', a.compound));
  for (const a of activities) if (a.verified) for (const s of culture.get(a.id) ?? []) addOutput(a, 'stairwellCulture', 1, 'stairwell', s);

  // Sign-ups: everyone serving in a branch attends at least once; joint activities draw the organisation's members.
  const attended = new Map<string, number>();
  const signupRows: Insertable<Database['activity_signups']>[] = [];
  const ledgerRows: Insertable<Database['volunteer_ledger']>[] = [];
  const hoursOf = new Map<string, { year: number; hours: number; points: number; activityId: string; title: string; date: string }[]>();
  const membersOfOrgIn = (orgIndex: number, communityId: string) => members.filter((m) => m.orgIndex === orgIndex && m.community.id === communityId).map((m) => m.personId);
  activities.sort((a, b) => a.startsMs - b.startsMs);
  for (const a of activities) {
    const community = communityOfPath(a.compound.path);
    let pool: string[];
    if (a.team) pool = a.team.members;
    else {
      const own = membersOfOrgIn(a.orgIndex!, community.id);
      const branchMembers = teams.filter((t) => t.community.id === community.id && t.kind === 'partyBranch').flatMap((t) => t.members);
      pool = [...new Set([...own, ...actRng.sample(branchMembers, 25)])];
    }
    if (pool.length === 0) continue;
    const isFuture = a.startsMs > nowMs;
    const isNow = a.startsMs <= nowMs && a.endsMs > nowMs;
    const target = isFuture ? Math.min(a.capacity + 2, actRng.int(3, a.capacity)) : Math.min(pool.length, a.capacity, actRng.int(6, Math.max(6, Math.min(18, a.capacity))));
    // Those who have not served yet come first.
    const order = [...pool].sort((x, y) => (attended.get(x) ?? 0) - (attended.get(y) ?? 0) || (actRng.next() - 0.5));
    let people = order.slice(0, target);
    if ((isNow || isFuture) && a.team === demoBranch) people = [demoMember.personId, ...people.filter((p) => p !== demoMember.personId)].slice(0, target);
    people.forEach((pid, idx) => {
      const signupId = newId();
      const signedUp = a.startsMs - actRng.int(1, 6) * DAY - actRng.int(0, 600) * 60_000;
      const state = idx < a.capacity ? 'confirmed' : 'waitlisted';
      const inMs = a.startsMs + actRng.int(-20, 12) * 60_000;
      // Under way now: most have checked in already (not the demo member, who does it in the demo).
      const isHereNow = isNow && state === 'confirmed' && pid !== demoMember.personId && inMs < nowMs && actRng.chance(0.7);
      const showedUp = (!isFuture && !isNow && state === 'confirmed' && actRng.chance(0.96)) || isHereNow;
      const outMs = a.endsMs + actRng.int(-25, 20) * 60_000;
      const isVerified = a.verified && showedUp;
      const isRejected = a.verified && showedUp && actRng.chance(0.015);
      const hours = isVerified && !isRejected ? Math.min((a.endsMs - a.startsMs) / HOUR, Math.max(1, Math.round(((outMs - Math.max(inMs, a.startsMs)) / HOUR) * 2) / 2)) : null;
      const verifiedAt = a.verified ? iso(a.endsMs + DAY + actRng.int(0, 600) * 60_000) : null;
      const jitter = () => actRng.float(-0.0006, 0.0006);
      signupRows.push({
        id: signupId, activity_id: a.id, person_id: pid, user_id: pid === demoMember.personId ? demoMemberUser : null, grid_path: a.compound.path, state, signed_up_at: iso(signedUp), promoted_at: null, cancelled_at: null,
        checked_in_at: showedUp ? iso(inMs) : null, checkin_method: showedUp ? (actRng.chance(0.6) ? 'qr' : 'code') : null, checkin_lng: showedUp && a.compound.lng !== null ? a.compound.lng + jitter() : null, checkin_lat: showedUp && a.compound.lat !== null ? a.compound.lat + jitter() : null,
        checked_out_at: showedUp && !isNow && actRng.chance(0.92) ? iso(outMs) : null, checkout_lng: null, checkout_lat: null,
        verification: !a.verified || !showedUp ? (a.verified ? 'rejected' : 'pending') : isRejected ? 'rejected' : 'verified', verified_hours: hours, verified_at: a.verified && showedUp ? verifiedAt : a.verified ? verifiedAt : null,
        verified_by: a.verified ? organizerOf(community.id) : null, verify_note: a.verified && !showedUp ? '未到场' : isRejected ? '签到后未参加' : null, version: 1,
      });
      if (hours !== null && hours > 0) {
        attended.set(pid, (attended.get(pid) ?? 0) + 1);
        ledgerRows.push({
          id: newId(), person_id: pid, grid_path: a.compound.path, activity_id: a.id, signup_id: signupId, kind: 'credit', hours, points: hours * 10, occurred_on: localDate(a.startsMs), reason: null, corrects_id: null,
          entered_by: organizerOf(community.id), entered_by_name: secretaryOf.get(community.id) ?? null, entered_at: verifiedAt!,
        });
        hoursOf.set(pid, [...(hoursOf.get(pid) ?? []), { year: localParts(a.startsMs).year, hours, points: hours * 10, activityId: a.id, title: a.title, date: localDate(a.startsMs) }]);
      }
    });
  }
  // Anyone in a branch who has not served yet (absent when their turn came) joins one more of its past activities.
  const confirmedOf = new Map<string, number>();
  const signedUp = new Set(signupRows.map((r) => `${r.activity_id}|${r.person_id}`));
  for (const r of signupRows) if (r.state === 'confirmed') confirmedOf.set(r.activity_id as string, (confirmedOf.get(r.activity_id as string) ?? 0) + 1);
  for (const team of teams.filter((t) => t.kind === 'partyBranch')) {
    const own = activities.filter((a) => a.team === team && a.verified);
    const past = own.length ? own : activities.filter((a) => a.verified && a.compound.path.startsWith(team.community.path));
    for (const pid of team.members.filter((p) => !attended.has(p))) {
      const free = past.filter((x) => !signedUp.has(`${x.id}|${pid}`));
      const a = free.find((x) => (confirmedOf.get(x.id) ?? 0) < x.capacity) ?? free[free.length - 1];
      if (!a) continue;
      if ((confirmedOf.get(a.id) ?? 0) >= a.capacity) a.capacity += 1;
      confirmedOf.set(a.id, (confirmedOf.get(a.id) ?? 0) + 1);
      const community = communityOfPath(a.compound.path);
      const signupId = newId();
      const hours = (a.endsMs - a.startsMs) / HOUR;
      const verifiedAt = iso(a.endsMs + DAY);
      signupRows.push({
        id: signupId, activity_id: a.id, person_id: pid, user_id: pid === demoMember.personId ? demoMemberUser : null, grid_path: a.compound.path, state: 'confirmed', signed_up_at: iso(a.startsMs - 2 * DAY), promoted_at: null, cancelled_at: null,
        checked_in_at: iso(a.startsMs), checkin_method: 'code', checkin_lng: null, checkin_lat: null, checked_out_at: iso(a.endsMs), checkout_lng: null, checkout_lat: null,
        verification: 'verified', verified_hours: hours, verified_at: verifiedAt, verified_by: organizerOf(community.id), verify_note: null, version: 1,
      });
      ledgerRows.push({ id: newId(), person_id: pid, grid_path: a.compound.path, activity_id: a.id, signup_id: signupId, kind: 'credit', hours, points: hours * 10, occurred_on: localDate(a.startsMs), reason: null, corrects_id: null, entered_by: organizerOf(community.id), entered_by_name: secretaryOf.get(community.id) ?? null, entered_at: verifiedAt });
      hoursOf.set(pid, [...(hoursOf.get(pid) ?? []), { year: localParts(a.startsMs).year, hours, points: hours * 10, activityId: a.id, title: a.title, date: localDate(a.startsMs) }]);
      attended.set(pid, 1);
    }
  }
  // A few corrections, as organisers make them: the credit stays, the difference is a new entry.
  for (const credit of actRng.sample(ledgerRows.filter((l) => l.kind === 'credit' && Number(l.hours) >= 3), 40)) {
    ledgerRows.push({ ...credit, id: newId(), kind: 'correction', hours: -0.5, points: -5, reason: '签退时间更正', corrects_id: credit.id, signup_id: credit.signup_id, entered_at: iso(Date.parse(credit.entered_at as string) + DAY) });
    const entry = hoursOf.get(credit.person_id as string)!.find((e) => e.activityId === credit.activity_id)!;
    entry.hours -= 0.5;
    entry.points -= 5;
    const signup = signupRows.find((s) => s.id === credit.signup_id)!;
    signup.verified_hours = Number(signup.verified_hours) - 0.5;
  }
  const branchServing = new Set(teams.filter((t) => t.kind === 'partyBranch').flatMap((t) => t.members));
  const neverServed = [...branchServing].filter((p) => !attended.has(p)).length;
  const activityRows: Insertable<Database['activities']>[] = activities.map((a) => {
    const community = communityOfPath(a.compound.path);
    return {
      id: a.id, team_id: a.team?.id ?? null, organization_id: a.orgIndex === null ? null : orgs[a.orgIndex].id, kind: a.kind, theme: a.theme, title: a.title,
      description: a.kind === 'joint' ? '社区党组织与驻区单位党组织共同开展。' : null, grid_id: a.compound.id, grid_path: a.compound.path, place: `${a.compound.name}`, lng: a.compound.lng, lat: a.compound.lat,
      checkin_radius_m: 500, starts_at: iso(a.startsMs), ends_at: iso(a.endsMs), capacity: a.capacity, checkin_code: String(actRng.int(0, 999_999)).padStart(6, '0'), points_per_hour: 10,
      state: a.state, completed_at: a.state === 'completed' ? iso(a.endsMs + DAY) : null, organizer_user_id: organizerOf(community.id), organizer_name: secretaryOf.get(community.id) ?? null,
      created_by: organizerOf(community.id), version: 1, created_at: iso(a.startsMs - 10 * DAY), updated_at: iso(a.state === 'completed' ? a.endsMs + DAY : a.startsMs - 10 * DAY),
    };
  });
  await insertAll(db, 'activities', activityRows);
  await insertAll(db, 'activity_signups', signupRows);
  await insertAll(db, 'volunteer_ledger', ledgerRows);
  await insertAll(db, 'activity_outputs', outputRows);
  if (neverServed > 0) log(`demo: warning — ${neverServed} branch members without a verified activity`);
  log(`demo: activities ${activities.length} (${activities.filter((a) => !a.verified && a.startsMs < nowMs && a.endsMs <= nowMs).length} awaiting verification, ${upcoming.length} upcoming), sign-ups ${signupRows.length}, ledger entries ${ledgerRows.length}, outputs ${outputRows.length}`);

  // --- 5. needs, resources, projects, monthly reviews --------------------------------------------------
  const listRng = rng.fork('lists');
  const needTitles: Record<string, string[]> = {
    venue: ['居民活动场地', '老年人文体活动室', '青少年假期课堂场地', '党员学习教育场地', '四方议事会议室', '趣味运动会场地'],
    funds: ['困难家庭救助资金', '楼道照明改造资金', '社区文化活动经费', '弃管楼维修资金'],
    equipment: ['冬季扫雪工具', '楼道照明灯具', '社区图书角书籍', '健身器材', '应急物资'],
    skills: ['法律咨询服务', '心理疏导服务', '水电维修服务', '课业辅导'],
    people: ['扫雪志愿者', '独居老人陪护', '活动组织人员', '治安巡逻人员'],
  };
  const unitOf: Record<string, string> = { venue: 'm2', funds: 'yuan', equipment: 'item', skills: 'hour', people: 'person' };
  const qty: Record<string, () => number> = {
    venue: () => listRng.int(120, 600), funds: () => listRng.int(2, 40) * 1000, equipment: () => listRng.int(10, 120), skills: () => listRng.int(8, 60), people: () => listRng.int(5, 30),
  };
  const kinds = ['venue', 'funds', 'equipment', 'skills', 'people'] as const;
  const needRows: Insertable<Database['cobuild_needs']>[] = [];
  const resourceRows: Insertable<Database['cobuild_resources']>[] = [];
  const projectRows: Insertable<Database['cobuild_projects']>[] = [];
  const projectResourceRows: Insertable<Database['cobuild_project_resources']>[] = [];
  const milestoneRows: Insertable<Database['cobuild_milestones']>[] = [];
  // Completed venue projects deliver the article's area between them.
  const venueProjects = 36;
  const venueShares = apportion(DEMO_COBUILD_FIGURES.venueAreaProvidedM2, Array.from({ length: venueProjects }, () => listRng.float(0.5, 1.6)));
  let venueDone = 0;
  const monthlyItems = new Map<string, { type: 'need' | 'resource' | 'project'; id: string; title: string; communityId: string }[]>();
  const note = (ms: number, communityId: string, item: { type: 'need' | 'resource' | 'project'; id: string; title: string }) => {
    const key = `${localDate(ms).slice(0, 7)}|${communityId}`;
    monthlyItems.set(key, [...(monthlyItems.get(key) ?? []), { ...item, communityId }]);
  };
  const total = 240;
  for (let i = 0; i < total; i++) {
    const c = communities[i % communities.length];
    // Every fifth need is for a venue: the first 36 of them are met by completed projects; the few
    // posted in the last weeks are still open or under way (and count nowhere yet).
    const isVenue = i % 5 === 0;
    const isCountedVenue = isVenue && venueDone < venueProjects;
    const kind = isVenue ? 'venue' : kinds[1 + (i % 4)];
    const postedMs = startMs + Math.floor(((i + listRng.float(0, 1)) / total) * (nowMs - startMs - 5 * DAY));
    const compound = listRng.pick(compoundsOf.get(c.id)!);
    const needId = newId();
    const quantity = isCountedVenue ? venueShares[venueDone] : qty[kind]();
    const title = listRng.pick(needTitles[kind]);
    const age = nowMs - postedMs;
    const state: 'completed' | 'inProgress' | 'planned' | 'open' | 'cancelled' = isCountedVenue
      ? 'completed'
      : isVenue
        ? listRng.weighted([['open', 2], ['planned', 1], ['inProgress', 2]] as const)
        : age < 45 * DAY ? listRng.weighted([['open', 3], ['planned', 1]] as const) : age < 120 * DAY ? listRng.weighted([['inProgress', 3], ['completed', 2], ['open', 1]] as const) : listRng.weighted([['completed', 8], ['cancelled', 1], ['open', 0.3]] as const);
    if (isCountedVenue) venueDone += 1;
    const needState = state === 'completed' ? 'fulfilled' : state === 'open' ? 'open' : state === 'cancelled' ? 'cancelled' : 'matched';
    needRows.push({
      id: needId, grid_id: (listRng.chance(0.5) ? c : compound).id, grid_path: (listRng.chance(0.5) ? c : compound).path, kind, title: `${compound.name}${title}`, description: null, quantity, unit: unitOf[kind],
      deadline: localDate(postedMs + listRng.int(20, 90) * DAY), location: compound.name, lng: compound.lng, lat: compound.lat, state: needState, posted_by: organizerOf(c.id), posted_by_name: secretaryOf.get(c.id) ?? null,
      last_review_id: null, version: 1, created_at: iso(postedMs), updated_at: iso(postedMs),
    });
    note(postedMs, c.id, { type: 'need', id: needId, title: `${compound.name}${title}` });
    if (needState === 'open' || needState === 'cancelled') continue;
    // The resource of an organisation serving that community.
    const orgIndex = listRng.pick(orgs.map((o, k) => (o.community.id === c.id ? k : -1)).filter((k) => k >= 0));
    const org = orgs[orgIndex];
    const resourceId = newId();
    const offered = kind === 'venue' ? quantity : Math.max(quantity, qty[kind]());
    const resourceTitle = kind === 'venue' ? `${org.name}${listRng.pick(['会议室', '活动室', '报告厅', '操场', '多功能厅'])}` : kind === 'funds' ? `${org.name}共建资金` : kind === 'equipment' ? `${org.name}捐赠物资` : `${org.name}党员志愿服务`;
    resourceRows.push({
      id: resourceId, organization_id: org.id, grid_path: org.compound.path, kind, title: resourceTitle, description: null, quantity: offered, unit: unitOf[kind],
      available_from: localDate(postedMs - 10 * DAY), available_until: null, availability: kind === 'venue' ? '工作日晚间及周末' : null, location: org.compound.name, lng: org.compound.lng, lat: org.compound.lat,
      state: state === 'completed' && kind !== 'venue' && kind !== 'skills' && kind !== 'people' ? 'committed' : 'available', posted_by: null, last_review_id: null, version: 1, created_at: iso(postedMs - 12 * DAY), updated_at: iso(postedMs),
    });
    note(postedMs - 12 * DAY, c.id, { type: 'resource', id: resourceId, title: resourceTitle });
    const projectId = newId();
    const startedMs = postedMs + listRng.int(5, 15) * DAY;
    const completedMs = Math.min(nowMs - DAY, startedMs + listRng.int(10, 40) * DAY);
    projectRows.push({
      id: projectId, title: `${compound.name}${title}共建项目`, description: null, need_id: needId, grid_path: needRows[needRows.length - 1].grid_path as string, state: state as 'planned' | 'inProgress' | 'completed',
      starts_on: localDate(startedMs), started_at: state === 'planned' ? null : iso(startedMs), completed_at: state === 'completed' ? iso(completedMs) : null,
      outcome: state === 'completed' ? listRng.pick(['按期完成，居民满意', '项目完成，受益居民逾百人', '已交付使用', '活动顺利开展']) : null, rating: state === 'completed' ? listRng.weighted([[5, 5], [4, 4], [3, 1]] as const) : null,
      beneficiaries: state === 'completed' ? listRng.int(20, 400) : null, created_by: organizerOf(c.id), last_review_id: null, version: 1, created_at: iso(postedMs + 3 * DAY), updated_at: iso(state === 'completed' ? completedMs : startedMs),
    });
    note(postedMs + 3 * DAY, c.id, { type: 'project', id: projectId, title: `${compound.name}${title}共建项目` });
    projectResourceRows.push({ id: newId(), project_id: projectId, resource_id: resourceId, organization_id: org.id, kind, unit: unitOf[kind], quantity_committed: quantity, quantity_delivered: state === 'completed' ? quantity : null, delivered_at: state === 'completed' ? iso(completedMs) : null, grid_path: needRows[needRows.length - 1].grid_path as string });
    ['对接协调', '组织实施', '验收交付'].forEach((t, k) => milestoneRows.push({ id: newId(), project_id: projectId, title: t, due_on: localDate(startedMs + (k + 1) * 10 * DAY), done_at: state === 'completed' || (state === 'inProgress' && k === 0) ? iso(startedMs + (k + 1) * 8 * DAY) : null, note: null, sort: k, created_at: iso(postedMs + 3 * DAY) }));
  }
  // Resources still on offer, not yet used.
  for (const o of orgs) {
    if (!listRng.chance(0.6)) continue;
    const kind = listRng.pick(kinds);
    const createdMs = nowMs - listRng.int(5, 200) * DAY;
    const title = kind === 'venue' ? `${o.name}${listRng.pick(['会议室', '活动室', '多功能厅'])}` : kind === 'funds' ? `${o.name}共建资金` : kind === 'equipment' ? `${o.name}可提供物资` : `${o.name}${listRng.pick(SKILLS)}志愿服务`;
    const id = newId();
    resourceRows.push({
      id, organization_id: o.id, grid_path: o.compound.path, kind, title, description: null, quantity: qty[kind](), unit: unitOf[kind], available_from: localDate(createdMs), available_until: listRng.chance(0.3) ? localDate(nowMs + listRng.int(30, 200) * DAY) : null,
      availability: kind === 'venue' ? listRng.pick(['每周六全天', '工作日18:00以后', '寒暑假期间']) : null, location: o.compound.name, lng: o.compound.lng, lat: o.compound.lat, state: 'available', posted_by: null, last_review_id: null, version: 1, created_at: iso(createdMs), updated_at: iso(createdMs),
    });
    note(createdMs, o.community.id, { type: 'resource', id, title });
  }
  // Monthly joint meetings review what each community's lists gained that month — the community's
  // joint meeting of that month in the Deliberation module's records, when it held one.
  const jointMeetings = await db
    .selectFrom('meetings')
    .innerJoin('bodies', 'bodies.id', 'meetings.body_id')
    .select(['meetings.id', 'meetings.starts_at', 'bodies.grid_path'])
    .where('bodies.kind', '=', 'jointMeeting')
    .where('bodies.level', '=', 'community')
    .where('meetings.starts_at', '<', iso(nowMs))
    .execute();
  const meetingOf = new Map(jointMeetings.map((m) => [`${localDate(Date.parse(m.starts_at)).slice(0, 7)}|${m.grid_path}`, m]));
  const reviewRows: Insertable<Database['cobuild_reviews']>[] = [];
  const reviewed = new Map<string, string>();
  for (const [key, items] of monthlyItems) {
    const [month, communityId] = key.split('|');
    const reviewedMs = at(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 28, 15);
    if (reviewedMs > nowMs) continue;
    const c = gridById.get(communityId)!;
    const id = newId();
    const meeting = meetingOf.get(`${month}|${c.path}`);
    reviewRows.push({ id, community_id: c.id, community_path: c.path, meeting_id: meeting?.id ?? null, reviewed_on: meeting ? localDate(Date.parse(meeting.starts_at)) : localDate(reviewedMs), note: `${month.replace('-', '年')}月党建联席会议`, items: JSON.stringify(items.map(({ type, id: itemId, title }) => ({ type, id: itemId, title }))), created_by: organizerOf(c.id), created_by_name: secretaryOf.get(c.id) ?? null, created_at: iso(reviewedMs) });
    for (const item of items) reviewed.set(item.id, id);
  }
  await insertAll(db, 'cobuild_reviews', reviewRows);
  for (const row of needRows) row.last_review_id = reviewed.get(row.id as string) ?? null;
  for (const row of resourceRows) row.last_review_id = reviewed.get(row.id as string) ?? null;
  for (const row of projectRows) row.last_review_id = reviewed.get(row.id as string) ?? null;
  await insertAll(db, 'cobuild_needs', needRows);
  await insertAll(db, 'cobuild_resources', resourceRows);
  await insertAll(db, 'cobuild_projects', projectRows);
  await insertAll(db, 'cobuild_project_resources', projectResourceRows);
  await insertAll(db, 'cobuild_milestones', milestoneRows);
  log(`demo: three lists — needs ${needRows.length}, resources ${resourceRows.length}, projects ${projectRows.length} (${projectRows.filter((p) => p.state === 'completed').length} completed), ${reviewRows.length} monthly reviews`);

  // --- 6. assessment schemes, service records, evaluations, feedback lists --------------------------
  const years = [...new Set([localParts(startMs).year, nowParts.year - 2, nowParts.year - 1, nowParts.year])].sort();
  await insertAll(db, 'assessment_schemes', years.map((year) => ({ id: newId(), year, rules: JSON.stringify(defaultRules), updated_by: null, created_at: createdAt, updated_at: createdAt })));
  const evalRng = rng.fork('evaluations');
  const serviceRows: Insertable<Database['service_records']>[] = [];
  const serviceTexts: [Database['service_records']['kind'], string][] = [['pairing', '与困难家庭结对帮扶，定期走访'], ['wish', '认领并完成困难群众微心愿'], ['care', '参与冬日暖阳慰问'], ['consultation', '为居民解答医保政策'], ['other', '协助社区开展人口普查']];
  for (const m of members) {
    if (!evalRng.chance(0.35)) continue;
    const [kind, text] = evalRng.pick(serviceTexts);
    serviceRows.push({ id: newId(), registration_id: registrationOf.get(m.personId)!, person_id: m.personId, community_path: m.community.path, kind, description: text, served_on: localDate(startMs + evalRng.int(0, Math.floor((nowMs - startMs) / DAY) - 1) * DAY), recorded_by: organizerOf(m.community.id), recorded_by_name: secretaryOf.get(m.community.id) ?? null, created_at: createdAt });
  }
  await insertAll(db, 'service_records', serviceRows);
  const evaluationRows: Insertable<Database['evaluations']>[] = [];
  const fullYears = years.filter((y) => y < nowParts.year && at(y + 1, 1, 1) > startMs);
  const gradeOf = new Map<string, { community: string; employer: string; comment: string | null }>();
  for (const year of fullYears) {
    const evaluatedAt = iso(at(year + 1, 1, 15, 10));
    for (const m of members) {
      const hours = (hoursOf.get(m.personId) ?? []).filter((e) => e.year === year).reduce((s, e) => s + e.hours, 0);
      const community = hours >= 9 ? evalRng.weighted([['excellent', 6], ['competent', 4]] as const) : hours > 0 ? evalRng.weighted([['excellent', 2], ['competent', 7], ['basicallyCompetent', 1]] as const) : evalRng.weighted([['competent', 6], ['basicallyCompetent', 3], ['incompetent', 0.3]] as const);
      const employer = evalRng.weighted([['excellent', 3], ['competent', 6], ['basicallyCompetent', 1]] as const);
      const comment = community === 'excellent' ? '服务积极，群众认可' : community === 'basicallyCompetent' ? '参与社区服务较少' : null;
      if (year === fullYears[fullYears.length - 1]) gradeOf.set(m.personId, { community, employer, comment });
      const base = { registration_id: registrationOf.get(m.personId)!, person_id: m.personId, year, community_path: m.community.path, employer_org_id: orgs[m.orgIndex].id, created_at: evaluatedAt, updated_at: evaluatedAt };
      evaluationRows.push({ ...base, id: newId(), side: 'community', grade: community, comment, evaluator_user_id: organizerOf(m.community.id), evaluator_name: secretaryOf.get(m.community.id) ?? null });
      evaluationRows.push({ ...base, id: newId(), side: 'employer', grade: employer, comment: null, evaluator_user_id: orgs[m.orgIndex] === demoOrg ? userId('demo-orgcontact') : null, evaluator_name: organizationRows[m.orgIndex].contact_name as string });
    }
  }
  await insertAll(db, 'evaluations', evaluationRows);
  // The feedback lists of the last full year, one per employer and community, as sent in January.
  const feedbackRows: Insertable<Database['evaluation_feedbacks']>[] = [];
  const lastYear = fullYears[fullYears.length - 1];
  if (lastYear) {
    const servicesOf = new Map<string, Insertable<Database['service_records']>[]>();
    for (const r of serviceRows) servicesOf.set(r.person_id as string, [...(servicesOf.get(r.person_id as string) ?? []), r]);
    const pairs = new Map<string, Member[]>();
    for (const m of members) pairs.set(`${m.orgIndex}|${m.community.id}`, [...(pairs.get(`${m.orgIndex}|${m.community.id}`) ?? []), m]);
    for (const [key, group] of pairs) {
      const [orgIndex, communityId] = key.split('|');
      const c = gridById.get(communityId)!;
      const lines = group.map((m) => {
        const served = (hoursOf.get(m.personId) ?? []).filter((e) => e.year === lastYear);
        const outputs = new Map<string, { metric: string; unit: string; quantity: number }>();
        for (const e of served) for (const o of outputsOf.get(e.activityId) ?? []) outputs.set(`${o.metric}:${o.unit}`, { ...o, quantity: (outputs.get(`${o.metric}:${o.unit}`)?.quantity ?? 0) + o.quantity });
        const grades = gradeOf.get(m.personId);
        return {
          registrationId: registrationOf.get(m.personId), person: { id: m.personId, name: m.name }, community: { id: c.id, name: c.name }, activities: served.length,
          hours: served.reduce((s, e) => s + e.hours, 0), points: served.reduce((s, e) => s + e.points, 0), outputs: [...outputs.values()],
          services: (servicesOf.get(m.personId) ?? []).filter((s) => (s.served_on as string).startsWith(String(lastYear))).map((s) => ({ kind: s.kind, description: s.description, servedOn: s.served_on })),
          recentActivities: served.slice(-5).reverse().map((e) => ({ title: e.title, date: e.date, hours: e.hours })),
          grades: { community: grades?.community ?? null, communityComment: grades?.comment ?? null, employer: grades?.employer ?? null },
        };
      });
      const sentMs = at(lastYear + 1, 1, 20, 10);
      feedbackRows.push({
        id: newId(), organization_id: orgs[Number(orgIndex)].id, community_id: c.id, community_path: c.path, year: lastYear, content: JSON.stringify(lines), member_count: lines.length,
        sent_by: organizerOf(c.id), sent_by_name: secretaryOf.get(c.id) ?? null, sent_at: iso(sentMs), acknowledged_at: evalRng.chance(0.7) ? iso(sentMs + evalRng.int(1, 10) * DAY) : null, acknowledged_by_name: null,
      });
    }
    for (const f of feedbackRows) if (f.acknowledged_at) f.acknowledged_by_name = organizationRows.find((o) => o.id === f.organization_id)!.contact_name as string;
  }
  await insertAll(db, 'evaluation_feedbacks', feedbackRows);
  log(`demo: service records ${serviceRows.length}, evaluations ${evaluationRows.length} (${fullYears.join(', ')}), feedback lists ${feedbackRows.length}`);

  // --- 7. care visits (冬日暖阳, 大走访) -------------------------------------------------------------
  const careRng = rng.fork('care');
  const careOf = new Map<string, string>();
  for (const c of world.careGroups) if (!careOf.has(c.personKey)) careOf.set(c.personKey, { elderlyAlone: '独居老人', disabled: '残疾人', lowIncome: '低保家庭', hardship: '困难家庭' }[c.groupCode]);
  const careRows: Insertable<Database['care_visits']>[] = [];
  const needy = world.persons.filter((p) => careOf.has(p.key));
  const oldMembers = world.partyMembers.map((m) => personByKey.get(m.personKey)!).filter((p) => age(p) >= 70);
  const visit = (p: DemoPerson, kind: 'partyMember' | 'resident', campaign: Database['care_visits']['campaign'], ms: number) => {
    const g = grid.get(p.gridCode)!;
    const c = communityOfPath(g.path);
    const branch = careRng.pick(teams.filter((t) => t.community.id === c.id && t.kind === 'partyBranch'));
    const org = careRng.chance(0.5) ? careRng.pick(orgs.filter((o) => o.community.id === c.id)) : null;
    const needsFollowUp = careRng.chance(0.14);
    const visitedOn = localDate(ms);
    careRows.push({
      id: newId(), grid_id: g.id, grid_path: g.path, visited_person_id: personId(p), visited_name: p.name, visited_kind: kind, hardship: kind === 'partyMember' ? careOf.get(p.key) ?? '老党员' : careOf.get(p.key)!,
      campaign, visited_on: visitedOn, visitors: JSON.stringify([{ name: secretaryOf.get(c.id) ?? '社区书记' }, { name: branch.leaderName }, ...(org ? [{ name: `${org.name}党员代表` }] : [])]),
      organization_id: org?.id ?? null, team_id: branch.id, items_brought: careRng.pick(['米、面、油', '棉被、慰问金', '牛奶、水果', '取暖煤、慰问金', '药品、生活用品']), value_yuan: careRng.int(2, 10) * 100,
      needs_follow_up: needsFollowUp ? 1 : 0, follow_up_note: needsFollowUp ? careRng.pick(['家中暖气不热，需协调供热公司', '申请临时救助', '需定期上门测血压', '门窗漏风需维修']) : null,
      follow_up_done_at: needsFollowUp && ms < nowMs - 20 * DAY && careRng.chance(0.8) ? iso(ms + careRng.int(3, 15) * DAY) : null, follow_up_done_by: null, note: null,
      created_by: organizerOf(c.id), created_at: iso(ms + 10 * HOUR), updated_at: iso(ms + 10 * HOUR),
    });
  };
  for (let y = localParts(startMs).year; y <= nowParts.year; y++) {
    for (const [month, campaign, pool, n] of [[1, 'winterSun', needy, 90], [12, 'winterSun', needy, 90], [5, 'bigVisit', oldMembers, 60], [9, 'bigVisit', oldMembers, 60]] as const) {
      for (const p of careRng.sample(pool, Math.min(pool.length, n))) {
        const ms = at(y, month, careRng.int(3, 25), 9);
        if (ms < startMs || ms > nowMs - DAY) continue;
        visit(p, pool === oldMembers ? 'partyMember' : 'resident', campaign, ms);
      }
    }
  }
  await insertAll(db, 'care_visits', careRows);
  log(`demo: care visits ${careRows.length}; co-building and volunteers loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  return {
    organizations: orgs.length, inServiceMembers: members.length, teams: teams.length, activities: activities.length, signups: signupRows.length, ledgerEntries: ledgerRows.length,
    outputs: outputRows.length, needs: needRows.length, resources: resourceRows.length, projects: projectRows.length, evaluations: evaluationRows.length, careVisits: careRows.length,
  };
}
