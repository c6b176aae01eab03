/**
 * Notices (公告) for the Muling demo: about thirty per community over the three demo years, in
 * their season (供暖缴费 in autumn, 防汛 in summer, 除雪 in winter), most with an expiry, a few
 * pinned and current, a few posted by the subdistrict for everyone. Deterministic for a seed.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { newId } from '../src/core/ids.js';
import { mulberry32 } from './random.js';

export interface LoadDemoNoticesOptions {
  db: Kysely<Database>;
  now: Date;
  seed?: number;
  log?: (line: string) => void;
}

type Category = Database['notices']['category'];
interface Template { title: string; body: string; category: Category; months?: number[]; days: number }

/** `{place}` is the community; `{date}` a day shortly after posting. */
const TEMPLATES: Template[] = [
  { title: '停水通知', category: 'utilities', days: 3, body: '因供水管网检修，{date} 8:00—17:00 {place}辖区暂停供水。\n\n请居民提前储水，关闭家中水龙头，恢复供水后先放水片刻再使用。' },
  { title: '停电检修通知', category: 'utilities', days: 3, body: '供电公司将于 {date} 9:00—16:00 对{place}线路进行检修，期间停电。\n\n- 请提前做好准备\n- 电梯停运，请走楼梯\n- 行动不便的老人可联系网格员帮忙' },
  { title: '冬季供暖缴费通知', category: 'utilities', months: [9, 10], days: 45, body: '本年度供暖期为10月20日至次年4月20日，请于 {date} 前缴纳供暖费。\n\n- 线上：微信“穆棱热力”公众号缴费\n- 线下：社区服务大厅代收\n\n**低保户、特困户**可到社区申请补贴。' },
  { title: '防汛安全提示', category: 'safety', months: [6, 7, 8], days: 20, body: '进入主汛期，{place}提醒居民：\n\n- 暴雨天气不在低洼处停车\n- 远离河道、沟渠\n- 发现险情拨打社区值班电话\n\n社区防汛物资存放在服务大厅，如需沙袋请联系网格员。' },
  { title: '冬季除雪倡议', category: 'environment', months: [12, 1, 2], days: 15, body: '大雪过后，{place}组织党员志愿者和驻区单位清扫积雪。\n\n欢迎居民一起参加，扫净门前雪，方便老人孩子出行。' },
  { title: '垃圾分类宣传', category: 'environment', days: 30, body: '{place}推行生活垃圾分类：可回收物、有害垃圾、厨余垃圾、其他垃圾分类投放。\n\n每周六上午在小区门口设咨询点，积分可兑换生活用品。' },
  { title: '志愿活动招募', category: 'activity', days: 10, body: '{place}新时代文明实践站招募志愿者，{date} 参加“邻里守望”志愿服务。\n\n报名请联系网格员，或在“居民之家”报名，在职党员参加计入双报到服务时长。' },
  { title: '消防安全检查通知', category: 'safety', months: [3, 4, 10, 11], days: 14, body: '{place}将于 {date} 起开展消防安全入户检查，重点检查楼道堆物、电动车入户充电。\n\n请居民配合，清理楼道杂物。' },
  { title: '老年人免费体检通知', category: 'policy', months: [4, 5, 9], days: 20, body: '辖区65周岁以上老年人可于 {date} 起到社区卫生服务站免费体检，请携带身份证和医保卡。' },
  { title: '疫苗接种提醒', category: 'policy', days: 14, body: '社区卫生服务站 {date} 为适龄儿童和老年人接种疫苗，请提前预约。' },
  { title: '春节期间安全提示', category: 'safety', months: [1, 2], days: 20, body: '春节将至，{place}提醒：\n\n- 燃放烟花爆竹遵守禁限放规定\n- 外出前关好水电气\n- 谨防电信诈骗' },
  { title: '城乡居民医保缴费提醒', category: 'policy', months: [10, 11, 12], days: 40, body: '下一年度城乡居民医疗保险开始缴费，请于 {date} 前通过微信或社区代办点缴纳。' },
  { title: '小区环境整治通知', category: 'environment', months: [4, 5, 6, 7, 8, 9], days: 10, body: '{place}将于 {date} 集中清理楼道杂物和废弃自行车，请居民提前处理个人物品。' },
  { title: '居民议事会议题征集', category: 'general', days: 14, body: '{place}四方联动议事会征集下月议题，欢迎在“居民之家”提出或联系楼道红管家。' },
  { title: '便民服务进小区', category: 'activity', days: 7, body: '便民服务联盟 {date} 在{place}广场开展理发、磨刀、义诊、家电维修服务，欢迎居民参加。' },
];

const BATCH = 400;

/** Writes the demo's notices. Expects grids and accounts already written. */
export async function loadDemoNotices(options: LoadDemoNoticesOptions): Promise<{ notices: number }> {
  const { db, now } = options;
  const log = options.log ?? (() => {});
  const rand = mulberry32((options.seed ?? 20181026) ^ 0x0a11ce);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const nowMs = now.getTime();
  const start = nowMs - 3 * 365 * 86400_000;
  const grids = await db.selectFrom('grids').select(['id', 'name', 'path', 'level']).where('level', 'in', ['subdistrict', 'community', 'compound']).execute();
  const users = await db.selectFrom('users').select(['id', 'username', 'role', 'display_name']).where('role', 'in', ['admin', 'cadre', 'secretary', 'gridWorker']).orderBy('username').execute();
  const communities = grids.filter((g) => g.level === 'community');
  if (!communities.length || !users.length) return { notices: 0 };
  // The demo account of a role writes (`demo-gridworker`, not one of the other grid workers).
  const author = (role: string) => users.find((u) => u.username === `demo-${role.toLowerCase()}`) ?? users.find((u) => u.role === role) ?? users[0]!;
  const rows: Insertable<Database['notices']>[] = [];

  const add = (grid: (typeof grids)[number], t: Template, publishedMs: number, who: (typeof users)[number], isPinned = false) => {
    const date = new Date(publishedMs + (2 + Math.floor(rand() * 5)) * 86400_000 + 8 * 3600_000);
    const body = t.body.replace(/\{place\}/g, grid.name).replace(/\{date\}/g, `${date.getUTCMonth() + 1}月${date.getUTCDate()}日`);
    const published = new Date(publishedMs).toISOString();
    // Most expire after their event; a standing few (垃圾分类, 议题征集) stay until taken down.
    const expires = t.category === 'environment' && rand() < 0.3 ? null : new Date(publishedMs + t.days * 86400_000).toISOString();
    const isTakenDown = rand() < 0.03;
    rows.push({
      id: newId(), grid_id: grid.id, grid_path: grid.path, title: t.title, body, category: t.category, status: isTakenDown ? 'unpublished' : 'published', is_pinned: isPinned ? 1 : 0,
      published_at: published, expires_at: expires, author_user_id: who.id, author_name: who.display_name, created_at: published, updated_at: published,
    });
  };
  const inSeason = (t: Template, ms: number) => !t.months || t.months.includes(new Date(ms + 8 * 3600_000).getUTCMonth() + 1);
  const templateFor = (ms: number) => {
    for (let i = 0; i < 20; i++) {
      const t = pick(TEMPLATES);
      if (inSeason(t, ms)) return t;
    }
    return TEMPLATES.find((t) => !t.months)!;
  };

  for (const community of communities) {
    // About thirty over three years: one every five weeks or so, at office hours Beijing time.
    for (let ms = start + Math.floor(rand() * 20) * 86400_000; ms < nowMs - 86400_000; ms += (25 + Math.floor(rand() * 25)) * 86400_000) {
      const at = Math.floor(ms / 86400_000) * 86400_000 + (1 + Math.floor(rand() * 7)) * 3600_000;
      add(community, templateFor(at), at, author('secretary'));
    }
    // What is on the board today: a pinned notice in season and a volunteer call.
    add(community, templateFor(nowMs), nowMs - (1 + Math.floor(rand() * 3)) * 86400_000, author('secretary'), true);
    add(community, TEMPLATES.find((t) => t.title === '志愿活动招募')!, nowMs - 2 * 3600_000, author('gridWorker'));
  }
  const subdistrict = grids.find((g) => g.level === 'subdistrict');
  if (subdistrict) {
    for (let ms = start; ms < nowMs; ms += 91 * 86400_000) add(subdistrict, templateFor(ms), ms + 9 * 3600_000, author('cadre'));
  }
  for (let i = 0; i < rows.length; i += BATCH) await db.insertInto('notices').values(rows.slice(i, i + BATCH)).execute();
  log(`demo: notices ${rows.length} (${communities.length} communities, three years)`);
  return { notices: rows.length };
}
