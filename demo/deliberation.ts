/**
 * Three years of deliberation for the Muling demo world (D1–D4), written after the cases:
 *
 * - the four parties as records of their own: each community's party committee, a social
 *   organisation and its 物业管理服务部, ten property companies, and an owners' committee for every
 *   compound with a property company;
 * - a four-party council (四方联动议事会) for each such compound and one per community (for the
 *   abandoned compounds), four seats and a secretary, an owners' delegate re-elected once;
 * - joint meetings (党建联席会议) at the city, the subdistrict, each community (three years) and each
 *   compound grid with a party branch (the last year), monthly by their RRULE up to three months ahead;
 * - a council meeting, a vote by seat and a resolution with action items for each case the cases
 *   generator closed through deliberation (the article's 280-odd 私搭乱建、车辆乱停、消防通道) —
 *   those cases get their `resolution_id` — and for each of the 35 property disputes it mediated
 *   (those stay closed by handling, as the results report counts them); residents' topics beside
 *   a third of them; resolutions of the joint meetings turning needs into work.
 *
 * Deterministic for a seed and `now` (ids included). Historic topics carry their support counts
 * from the paper forms (议题征集表) they were collected on, without per-account support rows.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { horizonOf } from '../src/modules/deliberation/ensure-upcoming-meetings.js';
import { jointMeetingDefaults, localDay, occurrences } from '../src/modules/deliberation/recurrence.js';
import { tallyMotion, type MotionRule } from '../src/modules/deliberation/tally.js';
import type { BodyLevel, OrgKind, Position, VoteChoice } from '../src/modules/deliberation/tables.js';
import type { DemoWorld } from './generate.js';
import { Random } from './random.js';

export interface LoadDemoDeliberationOptions {
  db: Kysely<Database>;
  world: DemoWorld;
  now: Date;
  seed?: number;
  log?: (line: string) => void;
}

type Rows = { [T in keyof Database]?: Insertable<Database[T]>[] };

const DAY = 86_400_000;
const PROPERTY_COMPANIES = ['穆棱安居物业服务有限公司', '穆棱龙祥物业管理有限公司', '八面通鑫源物业服务有限公司', '穆棱华宇物业管理有限公司', '穆棱恒泰物业服务有限公司', '八面通金秋物业管理有限公司', '穆棱宏达物业服务有限公司', '穆棱嘉和物业管理有限公司', '八面通顺达物业服务有限公司', '穆棱福林物业管理有限公司'];
const SOCIAL_ORGS = ['邻里守望志愿服务社', '红色物业服务队', '和谐家园社会工作服务站', '老兵调解工作室', '夕阳红互助服务社', '百姓议事会'];
const PARTNERS = [
  ['穆棱市供电公司', 'partner'], ['穆棱市自来水公司', 'partner'], ['穆棱市城市管理综合执法局', 'government'], ['穆棱市住房和城乡建设局', 'government'],
  ['穆棱市公安局八面通派出所', 'government'], ['中国建设银行穆棱支行', 'partner'], ['穆棱市人民医院', 'partner'], ['穆棱市第一中学', 'partner'], ['穆棱市消防救援大队', 'government'], ['穆棱市民政局', 'government'],
] as const;
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华玉兰国庆海燕春梅晓东志强文博子涵宇航';
const JOINT_TOPICS = [
  ['冬季清雪责任分片', '驻区单位分片认领主干道和背街小巷清雪任务，社区志愿服务队配合'], ['老旧小区供暖管网改造', '协调供热公司对老旧小区供暖管网进行检修改造，列入三单项目清单'],
  ['弃管楼物业托管', '弃管楼由社区物业管理服务部托管，驻区单位认领楼道维修资金'], ['便民小屋设点', '在小区增设便民小屋，驻区单位提供场地和志愿者'],
  ['二次供水水质检测', '自来水公司每季度对二次供水设施进行检测并公示'], ['背街小巷路灯维修', '供电公司与社区共同排查背街小巷路灯，限期修复'],
  ['困难群众微心愿认领', '驻区单位党组织认领困难群众微心愿，月底前完成'], ['消防安全联合检查', '消防救援大队联合社区开展高层住宅消防通道检查'],
  ['在职党员进社区服务', '组织在职党员到居住地社区报到，认领服务岗位'], ['违法建设联合整治', '城管、住建与社区联合整治违法建设，建立台账逐一销号'],
] as const;
const GRID_TOPICS = [['楼道杂物清理', '组织楼道红管家带领居民清理楼道杂物'], ['独居老人走访', '网格员与楼道红管家每周走访独居老人'], ['垃圾分类宣传', '网格党支部开展垃圾分类入户宣传']] as const;

/** A UUIDv7 whose time is `ms` and whose random bits come from the seeded generator. */
function uuid7(ms: number, rng: Random): string {
  const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
  const ts = hex(Math.max(0, Math.floor(ms)), 12);
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${hex(rng.int(0, 0xfff), 3)}-${hex(0x8000 | rng.int(0, 0x3fff), 4)}-${hex(rng.int(0, 0xffffff), 6)}${hex(rng.int(0, 0xffffff), 6)}`;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** 14:30 in Beijing on the day of `ms`. */
const afternoonOf = (ms: number) => Date.parse(`${localDay(new Date(ms))}T06:30:00Z`);

export async function loadDemoDeliberation(options: LoadDemoDeliberationOptions): Promise<Record<string, number>> {
  const { db, world } = options;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const rng = new Random(options.seed ?? world.seed).fork('deliberation');
  const nowMs = options.now.getTime();
  const startMs = Date.parse(`${localDay(new Date(nowMs - 3 * 365 * DAY)).slice(0, 7)}-01T00:00:00+08:00`);
  const horizon = horizonOf(options.now);
  const rows: Rows = {};
  const push = <T extends keyof Database>(table: T, row: Insertable<Database[T]>) => ((rows[table] ??= [] as never) as Insertable<Database[T]>[]).push(row);
  const id = (ms: number) => uuid7(ms, rng);

  const [grids, users, partyOrgs] = await Promise.all([
    db.selectFrom('grids').select(['id', 'code', 'name', 'level', 'path', 'parent_id', 'attributes']).where('level', 'in', ['city', 'subdistrict', 'community', 'compound']).execute(),
    db.selectFrom('users').select(['id', 'username']).execute(),
    db.selectFrom('party_orgs').select(['name', 'kind', 'grid_id']).execute(),
  ]);
  const userOf = new Map(users.map((u) => [u.username, u.id]));
  const city = grids.find((g) => g.level === 'city')!;
  const town = grids.find((g) => g.level === 'subdistrict')!;
  const communities = grids.filter((g) => g.level === 'community').sort((a, b) => a.code.localeCompare(b.code));
  const compounds = grids.filter((g) => g.level === 'compound').sort((a, b) => a.code.localeCompare(b.code));
  const isManaged = (g: { attributes: string | null }) => (g.attributes ? (JSON.parse(g.attributes) as { propertyManagement?: string }).propertyManagement !== 'abandoned' : true);
  const communityOf = (g: { path: string }) => communities.find((c) => g.path.startsWith(c.path))!;
  const personName = () => `${rng.pick([...SURNAMES])}${rng.pick([...GIVEN])}${rng.chance(0.5) ? rng.pick([...GIVEN]) : ''}`;
  const residentsOf = new Map<string, string[]>();
  for (const p of world.persons) {
    const key = p.gridCode.slice(0, 15);
    if (!residentsOf.has(key)) residentsOf.set(key, []);
    if (p.birthYear <= world.referenceYear - 25) residentsOf.get(key)!.push(p.name);
  }
  const residentName = (compoundCode: string) => {
    const names = residentsOf.get(compoundCode);
    return names?.length ? rng.pick(names) : personName();
  };
  const nameOfPerson = new Map(world.persons.map((p) => [p.key, p.name]));
  const staffOf = (communityCode: string, position: string) => world.staff.filter((s) => s.communityCode === communityCode && s.position === position).map((s) => nameOfPerson.get(s.personKey)!);
  const demoResidentAccount = world.accounts.find((a) => a.role === 'resident');
  const demoCompoundCode = demoResidentAccount?.scopeGridCodes[0];
  const demoCommunityCode = world.accounts.find((a) => a.role === 'secretary')?.scopeGridCodes[0];

  // --- organisations ----------------------------------------------------------------------------
  const t0 = iso(startMs);
  const org = (name: string, kind: OrgKind, grid: { id: string; path: string }, contact: string | null = null) => {
    const orgId = id(startMs);
    push('deliberation_orgs', { id: orgId, name, kind, grid_id: grid.id, grid_path: grid.path, contact_name: contact, created_at: t0 });
    return { id: orgId, name, kind };
  };
  type Org = ReturnType<typeof org>;
  const perCommunity = new Map<string, { party: Org; social: Org; service: Org; federation: Org; companies: Org[] }>();
  const companies = PROPERTY_COMPANIES.map((name, i) => ({ name, community: communities[i % communities.length] }));
  communities.forEach((c, i) => {
    const committee = partyOrgs.find((o) => o.grid_id === c.id && o.kind === 'committee')?.name ?? `${c.name}党委`;
    perCommunity.set(c.code, {
      party: org(committee, 'communityParty', c, staffOf(c.code, 'secretary')[0] ?? null),
      social: org(`${c.name.replace('社区', '')}${SOCIAL_ORGS[i % SOCIAL_ORGS.length]}`, 'socialOrg', c, personName()),
      service: org(`${c.name}便民服务联盟物业管理服务部`, 'propertyCompany', c, personName()),
      federation: org(`${c.name}业主委员会联合会`, 'ownersCommittee', c, personName()),
      companies: companies.filter((x) => x.community.code === c.code).map((x) => org(x.name, 'propertyCompany', c, personName())),
    });
  });
  const partners = PARTNERS.map(([name, kind]) => org(name, kind, city, personName()));
  const townOffice = org(`${town.name}党委（街道大党委）`, 'government', town, personName());
  const cityOffice = org('中共穆棱市委组织部', 'government', city, personName());

  // --- bodies ---------------------------------------------------------------------------------------
  interface Body { id: string; kind: 'fourParty' | 'jointMeeting'; level: BodyLevel; name: string; path: string; rule: MotionRule; seats: { org: Org; memberId: string }[]; members: { id: string; name: string; orgId: string | null; position: Position }[] }
  const bodies: Body[] = [];
  const addBody = (kind: Body['kind'], level: BodyLevel, name: string, grid: { id: string; path: string }, threshold: number): Body => {
    const bodyId = id(startMs);
    const rule: MotionRule = kind === 'fourParty' ? { votingRule: 'perSeat', quorumPercent: 75, majority: 'simple', countsAbstentions: false } : { votingRule: 'perMember', quorumPercent: 50, majority: 'simple', countsAbstentions: false };
    push('bodies', {
      id: bodyId, kind, level, name, grid_id: grid.id, grid_path: grid.path, voting_rule: rule.votingRule, quorum_percent: rule.quorumPercent, majority: rule.majority, counts_abstentions: 0,
      topic_threshold: threshold, is_active: 1, created_at: t0, updated_at: t0,
    });
    const body: Body = { id: bodyId, kind, level, name, path: grid.path, rule, seats: [], members: [] };
    bodies.push(body);
    return body;
  };
  const addMember = (body: Body, name: string, position: Position, seat: Org | null, options: { username?: string; termStart?: string; termEnd?: string | null } = {}) => {
    const memberId = id(startMs);
    push('body_members', {
      id: memberId, body_id: body.id, org_id: seat?.id ?? null, user_id: options.username ? (userOf.get(options.username) ?? null) : null, name, position,
      term_start: options.termStart ?? localDay(new Date(startMs)), term_end: options.termEnd ?? null, created_at: t0,
    });
    if (!options.termEnd) body.members.push({ id: memberId, name, orgId: seat?.id ?? null, position });
    return memberId;
  };
  const seat = (body: Body, seatOrg: Org, delegate: string, position: Position, username?: string) => {
    push('body_orgs', { body_id: body.id, org_id: seatOrg.id, seat_kind: seatOrg.kind, created_at: t0 });
    body.seats.push({ org: seatOrg, memberId: addMember(body, delegate, position, seatOrg, { username }) });
  };

  const councilOf = new Map<string, Body>();
  const reElection = localDay(new Date(startMs + 18 * 30 * DAY));
  const councilFor = (name: string, grid: { id: string; path: string; code: string }, community: { code: string }, owners: Org, property: Org, isDemo: boolean) => {
    const c = perCommunity.get(community.code)!;
    const body = addBody('fourParty', grid.code.length === 15 ? 'compound' : 'community', name, grid, isDemo ? 5 : rng.int(8, 20));
    const workers = staffOf(community.code, 'communityWorker');
    const isDemoCommunity = community.code === demoCommunityCode;
    const chair = isDemoCommunity && isDemo ? (staffOf(community.code, 'secretary')[0] ?? personName()) : rng.pick(workers.length ? workers : [personName()]);
    seat(body, c.party, chair, 'chair', isDemoCommunity && isDemo ? 'demo-secretary' : undefined);
    seat(body, c.social, personName(), 'member', isDemo ? 'demo-partymember' : undefined);
    // The owners' committee changed its delegate at the re-election half way through.
    addMember(body, residentName(grid.code), 'viceChair', owners, { termEnd: reElection });
    push('body_orgs', { body_id: body.id, org_id: owners.id, seat_kind: owners.kind, created_at: t0 });
    body.seats.push({ org: owners, memberId: addMember(body, residentName(grid.code), 'viceChair', owners, { termStart: reElection }) });
    seat(body, property, personName(), 'member', isDemo ? 'demo-orgcontact' : undefined);
    // The council's clerk is another community worker than the one in the chair.
    const clerks = workers.filter((w) => w !== chair);
    addMember(body, rng.pick(clerks.length ? clerks : [personName()]), 'secretary', null);
    return body;
  };
  for (const compound of compounds.filter(isManaged)) {
    const community = communityOf(compound);
    const c = perCommunity.get(community.code)!;
    const owners = org(`${compound.name}业主委员会`, 'ownersCommittee', compound, residentName(compound.code));
    const property = c.companies.length ? rng.pick(c.companies) : c.service;
    councilOf.set(compound.code, councilFor(`${compound.name}四方联动议事会`, compound, community, owners, property, compound.code === demoCompoundCode));
  }
  for (const community of communities) {
    const c = perCommunity.get(community.code)!;
    councilOf.set(community.code, councilFor(`${community.name}四方联动议事会`, community, community, c.federation, c.service, false));
  }
  const councils = bodies.length;

  // Joint meetings: city, subdistrict, each community, each compound grid with a party branch.
  const jointBodies: Body[] = [];
  const cityBody = addBody('jointMeeting', 'city', '穆棱市城市基层党建联席会议', city, 100);
  addMember(cityBody, personName(), 'chair', cityOffice);
  addMember(cityBody, personName(), 'secretary', cityOffice);
  addMember(cityBody, personName(), 'member', townOffice);
  for (const c of communities) addMember(cityBody, staffOf(c.code, 'secretary')[0] ?? personName(), 'member', perCommunity.get(c.code)!.party);
  for (const p of partners) addMember(cityBody, p.name.includes('局') ? `${personName()}` : personName(), 'member', p);
  jointBodies.push(cityBody);
  const townBody = addBody('jointMeeting', 'subdistrict', `${town.name}党建联席会议（街道大党委）`, town, 60);
  addMember(townBody, personName(), 'chair', townOffice);
  addMember(townBody, personName(), 'secretary', townOffice);
  for (const c of communities) addMember(townBody, staffOf(c.code, 'secretary')[0] ?? personName(), 'member', perCommunity.get(c.code)!.party, c.code === demoCommunityCode ? { username: 'demo-secretary' } : {});
  for (const p of rng.sample(partners, 5)) addMember(townBody, personName(), 'member', p);
  addMember(townBody, staffOf(demoCommunityCode ?? '', 'cadre')[0] ?? personName(), 'member', townOffice, { username: 'demo-cadre' });
  jointBodies.push(townBody);
  for (const c of communities) {
    const body = addBody('jointMeeting', 'community', `${c.name}党建联席会议`, c, 30);
    const own = perCommunity.get(c.code)!;
    const isDemo = c.code === demoCommunityCode;
    addMember(body, staffOf(c.code, 'secretary')[0] ?? personName(), 'chair', own.party, isDemo ? { username: 'demo-secretary' } : {});
    addMember(body, rng.pick(staffOf(c.code, 'communityWorker').concat(personName())), 'secretary', own.party);
    addMember(body, personName(), 'member', own.social);
    for (const p of rng.sample(partners, 4)) addMember(body, personName(), 'member', p, isDemo && p === partners[0] ? { username: 'demo-orgcontact' } : {});
    jointBodies.push(body);
  }
  const branchOf = new Map(partyOrgs.filter((o) => o.kind === 'branch').map((o) => [o.grid_id, o.name]));
  for (const g of compounds.filter((x) => branchOf.has(x.id))) {
    const community = communityOf(g);
    const body = addBody('jointMeeting', 'grid', `${g.name}网格党建联席会议`, g, 20);
    const branch = org(branchOf.get(g.id)!, 'communityParty', g, residentName(g.code));
    addMember(body, residentName(g.code), 'chair', branch);
    addMember(body, rng.pick(staffOf(community.code, 'communityWorker').concat(staffOf(community.code, 'gridWorker'))), 'secretary', null);
    addMember(body, residentName(g.code), 'member', null);
    addMember(body, personName(), 'member', rng.pick(partners));
    jointBodies.push(body);
  }

  // --- meetings, motions, resolutions ---------------------------------------------------------------
  const counters = new Map<string, number>();
  const resolutionRows = new Map<string, Insertable<Database['resolutions']>>();
  let meetings = 0;
  let resolutions = 0;
  let actionItems = 0;
  const holdMeeting = (body: Body, startsAt: number, title: string, seriesId: string | null, options: { minutes?: string; absent?: number } = {}) => {
    const meetingId = id(startsAt);
    const isPast = startsAt + 2 * 3_600_000 < nowMs;
    const state = isPast ? 'closed' : 'scheduled';
    push('meetings', {
      id: meetingId, body_id: body.id, series_id: seriesId, grid_path: body.path, title, kind: seriesId ? 'regular' : 'special', state, starts_at: iso(startsAt), ends_at: iso(startsAt + 2 * 3_600_000),
      location: body.kind === 'fourParty' ? `${body.name.replace('四方联动议事会', '')}党群服务站` : body.level === 'city' ? '穆棱市委党校' : body.level === 'subdistrict' ? `${town.name}党群服务中心` : `${body.name.replace('党建联席会议', '')}党群服务中心`,
      checkin_code: String(rng.int(0, 999_999)).padStart(6, '0'), minutes: isPast ? (options.minutes ?? null) : null, minutes_updated_at: isPast ? iso(startsAt + 2.5 * 3_600_000) : null,
      attachments: null, started_at: isPast ? iso(startsAt + 5 * 60_000) : null, closed_at: isPast ? iso(startsAt + 2 * 3_600_000) : null, created_by: null, created_at: iso(Math.min(startsAt - 7 * DAY, nowMs)), updated_at: iso(Math.min(startsAt + 2 * 3_600_000, nowMs)), version: isPast ? 4 : 1,
    });
    const absent = new Set(isPast ? rng.sample(body.members.filter((m) => !body.seats.some((s) => s.memberId === m.id)), options.absent ?? 0).map((m) => m.id) : []);
    for (const m of body.members) {
      push('meeting_attendance', { meeting_id: meetingId, member_id: m.id, invited_at: iso(Math.min(startsAt - 7 * DAY, nowMs)), checked_in_at: isPast && !absent.has(m.id) ? iso(startsAt - rng.int(0, 15) * 60_000) : null, method: isPast && !absent.has(m.id) ? rng.pick(['qr', 'qr', 'code', 'manual'] as const) : null });
    }
    meetings++;
    return { meetingId, present: body.members.filter((m) => !absent.has(m.id)) };
  };
  const agendaSeq = new Map<string, number>();
  const agenda = (meetingId: string, at: number, kind: 'case' | 'topic' | 'other', title: string, caseId: string | null = null, topicId: string | null = null) => {
    const itemId = id(at);
    const seq = (agendaSeq.get(meetingId) ?? 0) + 1;
    agendaSeq.set(meetingId, seq);
    push('agenda_items', { id: itemId, meeting_id: meetingId, seq, kind, title, case_id: caseId, topic_id: topicId, ref_id: null, outcome: null, created_at: iso(at - 3 * DAY) });
    return itemId;
  };
  /** A motion voted by name with its computed result; a resolution when it passes. */
  const decide = (body: Body, meetingId: string, at: number, present: Body['members'], itemIds: string[], title: string, text: string, dissent = 0): string | null => {
    const motionId = id(at);
    const voters = body.rule.votingRule === 'perSeat' ? body.seats.map((s) => ({ key: s.org.id, memberId: s.memberId, orgId: s.org.id as string | null, name: body.members.find((m) => m.id === s.memberId)!.name })) : present.map((m) => ({ key: m.id, memberId: m.id, orgId: m.orgId, name: m.name }));
    const choices: VoteChoice[] = voters.map((_, i) => (i < dissent ? (rng.chance(0.5) ? 'no' : 'abstain') : 'yes'));
    const eligible = body.rule.votingRule === 'perSeat' ? body.seats.length : body.members.length;
    const tally = tallyMotion({ rule: body.rule, eligible, present: body.rule.votingRule === 'perSeat' ? body.seats.length : present.length, votes: choices });
    push('motions', { id: motionId, meeting_id: meetingId, agenda_item_id: itemIds[0], agenda_item_ids: JSON.stringify(itemIds), text, state: tally.outcome, rule: JSON.stringify(body.rule), result: JSON.stringify(tally), opened_at: iso(at + 40 * 60_000), decided_at: iso(at + 55 * 60_000) });
    voters.forEach((v, i) => push('votes', { id: id(at), motion_id: motionId, voter_key: v.key, member_id: v.memberId, org_id: v.orgId, voter_name: v.name, choice: choices[i], recorded_by: null, at: iso(at + (45 + i) * 60_000) }));
    if (tally.outcome !== 'passed') return null;
    const year = localDay(new Date(at)).slice(0, 4);
    const n = (counters.get(`${body.id}:${year}`) ?? 0) + 1;
    counters.set(`${body.id}:${year}`, n);
    const resolutionId = id(at);
    resolutionRows.set(resolutionId, { id: resolutionId, number: `${year}-${String(n).padStart(3, '0')}`, motion_id: motionId, meeting_id: meetingId, body_id: body.id, grid_path: body.path, title, text, state: 'inProgress', progress: 0, decided_at: iso(at + 55 * 60_000), done_at: null });
    push('resolutions', resolutionRows.get(resolutionId)!);
    resolutions++;
    return resolutionId;
  };
  /** Action items owned by organisations of the body, done by `doneBy` when it lies in the past. */
  const act = (resolutionId: string, body: Body, at: number, items: { title: string; owner: Org }[], doneBy: number | null) => {
    let doneCount = 0;
    let progressSum = 0;
    for (const item of items) {
      const dueMs = doneBy ?? at + rng.int(14, 45) * DAY;
      const finished = doneBy !== null ? doneBy - rng.int(1, 48) * 3_600_000 : at + rng.int(5, 60) * DAY;
      // Older work is long done; some of the last quarter's is still under way.
      const isDone = finished < nowMs && (doneBy !== null || at < nowMs - 100 * DAY || rng.chance(0.6));
      const progress = isDone ? 100 : finished < nowMs ? rng.pick([30, 50, 80]) : rng.pick([0, 0, 20, 50]);
      push('action_items', {
        id: id(at), resolution_id: resolutionId, grid_path: body.path, title: item.title, owner_kind: 'org', owner_org_id: item.owner.id, owner_member_id: null, owner_name: item.owner.name,
        due_on: localDay(new Date(Math.max(dueMs, at + 3 * DAY))), state: isDone ? 'done' : progress > 0 ? 'inProgress' : 'open', progress, note: isDone ? '已完成，现场核实' : null,
        reminded_on: null, completed_at: isDone ? iso(Math.max(finished, at + DAY)) : null, created_at: iso(at + 60 * 60_000), updated_at: iso(Math.min(Math.max(finished, at + DAY), nowMs)),
      });
      actionItems++;
      if (isDone) doneCount++;
      progressSum += progress;
    }
    const resolution = resolutionRows.get(resolutionId)!;
    const isDone = doneCount === items.length;
    Object.assign(resolution, { progress: isDone ? 100 : Math.round(progressSum / items.length), state: isDone ? 'done' : 'inProgress', done_at: isDone ? iso(Math.min(doneBy ?? nowMs, nowMs)) : null });
  };

  // Council meetings about the cases closed through deliberation and the property disputes mediated.
  const cases = await db
    .selectFrom('cases')
    .innerJoin('case_categories', 'case_categories.id', 'cases.category_id')
    .select(['cases.id', 'cases.number', 'cases.title', 'cases.description', 'cases.grid_path', 'cases.created_at', 'cases.accepted_at', 'cases.closed_at', 'cases.closed_via', 'case_categories.code', 'case_categories.name as category_name'])
    .where((eb) => eb.or([eb('cases.closed_via', '=', 'deliberation'), eb.and([eb('case_categories.code', '=', 'disputes.propertyDispute'), eb('cases.closed_at', 'is not', null)])]))
    .orderBy('cases.created_at')
    .execute();
  const linked: { caseId: string; resolutionId: string }[] = [];
  const groups = new Map<string, { body: Body; at: number; cases: typeof cases }>();
  for (const c of cases) {
    const codes = (c.grid_path ?? '').split('/').filter(Boolean);
    const compoundCode = codes.find((x) => x.length === 15);
    const communityCode = codes.find((x) => x.length === 12);
    const body = (compoundCode && councilOf.get(compoundCode)) || (communityCode && councilOf.get(communityCode));
    if (!body || !c.closed_at) continue;
    const from = Date.parse(c.accepted_at ?? c.created_at);
    const to = Date.parse(c.closed_at);
    let at = afternoonOf(from + (to - from) * 0.35);
    if (at <= from || at >= to - 3 * 3_600_000) at = from + (to - from) * 0.3;
    const key = `${body.id}:${localDay(new Date(at)).slice(0, 7)}:${Math.floor(new Date(at).getUTCDate() / 8)}`;
    const group = groups.get(key);
    if (group && group.at < to - 3 * 3_600_000 && group.at > from) group.cases.push(c);
    else if (!group) groups.set(key, { body, at, cases: [c] });
    else groups.set(`${key}:${c.id}`, { body, at, cases: [c] });
  }
  let topics = 0;
  for (const { body, at, cases: group } of groups.values()) {
    const { meetingId } = holdMeeting(body, at, `${body.name}（${localDay(new Date(at)).slice(5).replace('-', '月')}日）`, null, {
      minutes: `# ${body.name}议事纪要\n\n**到会**：四方代表全部到会，议事秘书记录。\n\n## 议题\n${group.map((c) => `- ${c.number} ${c.title}`).join('\n')}\n\n## 决议\n- 经四方协商表决通过，形成决议，明确责任单位和完成时限。\n`,
    });
    for (const c of group) {
      const isDispute = c.code === 'disputes.propertyDispute';
      const items: string[] = [];
      if (!isDispute && rng.chance(0.35)) {
        const topicId = id(at - 10 * DAY);
        push('topics', {
          id: topicId, body_id: body.id, grid_id: grids.find((g) => g.path === body.path)!.id, grid_path: body.path, title: `关于${c.category_name}的议题`, description: c.description, case_id: c.id,
          proposer_user_id: null, proposer_name: residentName((c.grid_path ?? '').split('/').filter(Boolean).find((x) => x.length === 15) ?? ''), state: 'decided', support_count: rng.int(10, 40), agenda_item_id: null,
          created_at: iso(at - rng.int(8, 20) * DAY), updated_at: iso(at + 3_600_000),
        });
        items.push(agenda(meetingId, at, 'topic', `关于${c.category_name}的议题`, c.id, topicId));
        rows.topics!.at(-1)!.agenda_item_id = items[0];
        topics++;
      }
      items.push(agenda(meetingId, at, 'case', `${c.number} ${c.title}`, c.id));
      const owners = body.seats.map((s) => s.org);
      const property = owners.find((o) => o.kind === 'propertyCompany')!;
      const committee = owners.find((o) => o.kind === 'ownersCommittee')!;
      const social = owners.find((o) => o.kind === 'socialOrg')!;
      const text = isDispute
        ? '经社区、社会组织、业主委员会和物业服务企业四方调解，双方达成一致：物业整改服务问题并公示，业主按约定补交物业费。'
        : c.code.endsWith('illegalStructure')
          ? '违建由业主限期自行拆除，逾期由物业配合城管依法拆除；业委会做好劝导，社会组织组织志愿者协助清运。'
          : c.code.endsWith('compoundParking')
            ? '重新施划停车位和禁停线，物业落实车辆管理，业委会组织业主签订文明停车承诺。'
            : '消防通道施划禁停黄线、安装地锁，物业负责实施和日常巡查；业委会告知全体业主。';
      const resolutionId = decide(body, meetingId, at, body.members, items, c.title, text, rng.chance(0.12) ? 1 : 0);
      if (!resolutionId) continue;
      const work = isDispute
        ? [{ title: '物业整改服务问题并公示整改结果', owner: property }, { title: '业委会督促业主补交物业费', owner: committee }]
        : c.code.endsWith('illegalStructure')
          ? [{ title: '督促业主限期拆除违建', owner: committee }, { title: '配合拆除并清运建筑垃圾', owner: property }, ...(rng.chance(0.5) ? [{ title: '组织志愿者协助清运', owner: social }] : [])]
          : [{ title: c.code.endsWith('compoundParking') ? '施划停车位和禁停线' : '施划禁停黄线并安装地锁', owner: property }, { title: '告知全体业主并组织签订承诺', owner: committee }];
      act(resolutionId, body, at, work, Date.parse(c.closed_at!) - 2 * 3_600_000);
      if (c.closed_via === 'deliberation') linked.push({ caseId: c.id, resolutionId });
    }
  }

  // Joint meetings: each series from three years ago to three months ahead.
  const orgsById = new Map((rows.deliberation_orgs ?? []).map((o) => [o.id as string, { id: o.id as string, name: o.name as string, kind: o.kind as OrgKind }]));
  for (const body of jointBodies) {
    const defaults = jointMeetingDefaults[body.level as Exclude<BodyLevel, 'compound'>];
    // The grid level of the joint meetings was added to the three upper ones a year ago.
    const seriesStart = body.level === 'grid' ? Date.parse(`${localDay(new Date(nowMs - 365 * DAY)).slice(0, 7)}-01T00:00:00+08:00`) : startMs;
    const seriesId = id(seriesStart);
    const title = body.level === 'grid' ? `${body.name}（月度例会）` : `${body.name}（月度联席）`;
    push('meeting_series', {
      id: seriesId, body_id: body.id, title, rrule: defaults.rrule, starts_on: localDay(new Date(seriesStart)), start_time: defaults.startTime, duration_minutes: 120,
      location: null, is_active: 1, generated_until: horizon.toISOString(), created_at: t0,
    });
    const resolutionRate = body.level === 'grid' ? 0.08 : body.level === 'community' ? 0.7 : 0.9;
    for (const start of occurrences({ rrule: defaults.rrule, startsOn: localDay(new Date(seriesStart)), startTime: defaults.startTime }, new Date(seriesStart), horizon)) {
      const at = start.getTime();
      const topic = body.level === 'grid' ? rng.pick(GRID_TOPICS) : rng.pick(JOINT_TOPICS);
      const { meetingId, present } = holdMeeting(body, at, title, seriesId, {
        absent: rng.int(0, Math.max(0, Math.floor(body.members.length / 5))),
        minutes: `# ${title}\n\n**主持**：${body.members[0]?.name ?? ''}\n\n## 会议内容\n- 通报上月三单（需求、资源、项目）落实情况\n- 研究：${topic[0]}\n\n## 议定事项\n- ${topic[1]}\n`,
      });
      if (at > nowMs || !rng.chance(resolutionRate)) continue;
      const item = agenda(meetingId, at, 'other', topic[0]);
      const resolutionId = decide(body, meetingId, at, present, [item], topic[0], topic[1], rng.chance(0.1) ? 1 : 0);
      if (!resolutionId) continue;
      const memberOrgs = [...new Set(body.members.map((m) => m.orgId).filter((o): o is string => o !== null))];
      const owners = rng.sample(memberOrgs, rng.int(1, Math.min(3, memberOrgs.length))).map((o) => orgsById.get(o)!);
      act(resolutionId, body, at, owners.map((o) => ({ title: topic[0], owner: o })), null);
    }
  }

  // Residents' topics being collected now in the demo compound.
  const demoCouncil = demoCompoundCode ? councilOf.get(demoCompoundCode) : undefined;
  if (demoCouncil) {
    const grid = grids.find((g) => g.path === demoCouncil.path)!;
    for (const [title, description, supports] of [
      ['小区增设电动车充电桩', '楼道里飞线充电太危险，建议在北门空地建集中充电棚。', 4],
      ['单元门禁损坏需维修', '3号楼2单元门禁坏了一个多月，陌生人随意进出。', 2],
      ['健身器材老化更换', '小区广场的健身器材锈蚀严重，老人锻炼不安全。', 3],
    ] as const) {
      push('topics', {
        id: id(nowMs - supports * DAY), body_id: demoCouncil.id, grid_id: grid.id, grid_path: grid.path, title, description, case_id: null, proposer_user_id: null, proposer_name: residentName(grid.code),
        state: 'open', support_count: supports, agenda_item_id: null, created_at: iso(nowMs - supports * 2 * DAY), updated_at: iso(nowMs - DAY),
      });
      topics++;
    }
  }

  // --- write ------------------------------------------------------------------------------------
  const order: (keyof Database)[] = ['deliberation_orgs', 'bodies', 'body_orgs', 'body_members', 'meeting_series', 'meetings', 'meeting_attendance', 'topics', 'agenda_items', 'motions', 'votes', 'resolutions', 'action_items'];
  for (const table of order) {
    const list = (rows[table] ?? []) as Record<string, unknown>[];
    if (list.length === 0) continue;
    const size = Math.max(1, Math.floor(30_000 / Object.keys(list[0]).length));
    for (let i = 0; i < list.length; i += size) await db.insertInto(table).values(list.slice(i, i + size) as never).execute();
  }
  for (let i = 0; i < linked.length; i += 200) {
    const part = linked.slice(i, i + 200);
    for (const l of part) await db.updateTable('cases').set({ resolution_id: l.resolutionId }).where('id', '=', l.caseId).execute();
  }
  const counts = {
    deliberationOrgs: rows.deliberation_orgs?.length ?? 0, councils, jointBodies: jointBodies.length, meetings, resolutions, actionItems, topics,
    votes: rows.votes?.length ?? 0, casesLinked: linked.length,
  };
  log(
    `demo: deliberation — ${counts.councils} four-party councils, ${counts.jointBodies} joint meetings (city, subdistrict, ${communities.length} communities, ${counts.jointBodies - 2 - communities.length} grids), ` +
      `${meetings} meetings, ${resolutions} resolutions, ${actionItems} action items, ${topics} topics; ${linked.length} cases linked to their resolution in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return counts;
}
