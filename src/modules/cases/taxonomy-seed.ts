import type { CaseType, LimitUnit, Tier } from './tables.js';

/**
 * The seeded two-level taxonomy. Urban-management event groups follow the 数字城管 event classes
 * (市容环境, 街面秩序, 宣传广告, 施工管理, 突发事件) plus 公共设施; neighbourhood and social-governance
 * groups follow what the Muling article names (私搭乱建, 车辆乱停, 消防通道, 出店经营, 吃水, 弃管楼物业,
 * 物业纠纷…). Time limits echo published city tables (e.g. 暴露垃圾 4 工作时, 私搭乱建 7 工作日) and
 * 12345 practice (水电气热 24 h, general 7 d). Admins edit all of it; cases keep the limits they
 * were registered under.
 */
export interface SeedCategory {
  code: string;
  name: string;
  nameEn: string;
  type: CaseType;
  tier: Tier;
  /** accept, dispatch, handle: [amount, unit] */
  accept: [number, LimitUnit];
  dispatch: [number, LimitUnit];
  handle: [number, LimitUnit];
  radiusM: number;
}

export interface SeedGroup {
  code: string;
  name: string;
  nameEn: string;
  categories: SeedCategory[];
}

const h = (n: number): [number, LimitUnit] => [n, 'workingHours'];
const d = (n: number): [number, LimitUnit] => [n, 'workingDays'];

function c(code: string, name: string, nameEn: string, type: CaseType, tier: Tier, accept: [number, LimitUnit], dispatch: [number, LimitUnit], handle: [number, LimitUnit], radiusM = 50): SeedCategory {
  return { code, name, nameEn, type, tier, accept, dispatch, handle, radiusM };
}

export const seedTaxonomy: SeedGroup[] = [
  {
    code: 'cityAppearance', name: '市容环境', nameEn: 'City appearance',
    categories: [
      c('exposedGarbage', '暴露垃圾', 'Exposed rubbish', 'hazard', 'compound', h(1), h(1), h(4)),
      c('dirtyRoad', '道路不洁', 'Dirty road', 'demand', 'community', h(1), h(1), h(5), 100),
      c('uncollectedSnow', '积雪结冰未清', 'Snow and ice not cleared', 'hazard', 'compound', h(1), h(1), h(8), 100),
      c('pileUp', '乱堆物堆料', 'Materials piled in public space', 'hazard', 'compound', h(2), h(2), d(2)),
      c('burningWaste', '焚烧垃圾树叶', 'Burning rubbish or leaves', 'hazard', 'community', h(1), h(1), h(2), 200),
    ],
  },
  {
    code: 'streetOrder', name: '街面秩序', nameEn: 'Street order',
    categories: [
      c('outsideStoreTrading', '出店经营', 'Trading outside the shopfront', 'hazard', 'community', h(2), h(2), d(1)),
      c('streetVending', '占道经营', 'Street vending on the road', 'hazard', 'community', h(2), h(2), d(1), 100),
      c('illegalParkingStreet', '机动车乱停放', 'Illegal parking on the street', 'demand', 'community', h(1), h(1), h(4)),
      c('dryingOnStreet', '沿街晾晒', 'Laundry hung along the street', 'demand', 'compound', h(4), h(4), d(2)),
    ],
  },
  {
    code: 'advertising', name: '宣传广告', nameEn: 'Advertising',
    categories: [
      c('illegalFlyers', '非法小广告', 'Illegal flyers', 'demand', 'compound', h(4), h(4), d(2), 30),
      c('outdoorAdvert', '违规户外广告', 'Unauthorised outdoor advert', 'hazard', 'community', h(4), h(4), d(5)),
    ],
  },
  {
    code: 'construction', name: '施工管理', nameEn: 'Construction',
    categories: [
      c('constructionNoise', '施工扰民', 'Construction noise', 'dispute', 'community', h(2), h(2), d(2), 200),
      c('muckSpill', '渣土撒漏', 'Spilled muck from trucks', 'hazard', 'community', h(1), h(1), h(8), 200),
      c('roadOccupation', '施工占道', 'Construction occupying the road', 'hazard', 'community', h(2), h(2), d(3), 100),
    ],
  },
  {
    code: 'emergency', name: '突发事件', nameEn: 'Emergencies',
    categories: [
      c('roadCollapse', '路面塌陷', 'Road collapse', 'hazard', 'subdistrict', h(0.5), h(0.5), h(8), 100),
      c('waterMainBurst', '供水管道破裂', 'Burst water main', 'hazard', 'subdistrict', h(0.5), h(0.5), h(8), 100),
      c('gasLeak', '燃气泄漏', 'Gas leak', 'hazard', 'subdistrict', h(0.5), h(0.5), h(4), 100),
    ],
  },
  {
    code: 'publicFacilities', name: '公共设施', nameEn: 'Public facilities',
    categories: [
      c('manholeCover', '井盖缺失破损', 'Missing or broken manhole cover', 'hazard', 'community', h(1), h(1), d(4), 30),
      c('streetLight', '路灯不亮', 'Street light out', 'demand', 'community', h(2), h(2), d(3), 30),
      c('brokenPavement', '道路破损', 'Broken pavement', 'hazard', 'community', h(2), h(4), d(5)),
    ],
  },
  {
    code: 'neighbourhood', name: '小区环境秩序', nameEn: 'Neighbourhood order',
    categories: [
      c('illegalStructure', '私搭乱建', 'Illegal structure', 'hazard', 'compound', h(4), h(4), d(7)),
      c('compoundParking', '车辆乱停', 'Vehicles parked at random', 'demand', 'compound', h(2), h(2), d(1)),
      c('fireLaneBlocked', '消防通道堵塞', 'Fire lane blocked', 'hazard', 'stairwell', h(1), h(1), h(4), 30),
      c('stairwellClutter', '楼道堆物', 'Clutter in the stairwell', 'hazard', 'stairwell', h(2), h(2), d(1), 10),
      c('flyingWireCharging', '飞线充电', 'E-bike charged by trailing cable', 'hazard', 'stairwell', h(1), h(1), h(8), 10),
    ],
  },
  {
    code: 'livelihood', name: '民生保障', nameEn: 'Livelihood',
    categories: [
      c('drinkingWater', '吃水难', 'Drinking water supply', 'demand', 'community', h(2), h(2), d(1), 300),
      c('heating', '供暖不热', 'Heating not warm', 'demand', 'community', h(2), h(2), d(1), 100),
      c('abandonedProperty', '弃管楼物业', 'Building without property management', 'demand', 'community', d(1), d(1), d(15)),
      c('oldBuildingRepair', '老旧楼房维修', 'Repair of an old building', 'demand', 'community', d(1), d(2), d(15)),
      c('policyQuestion', '政策咨询', 'Policy question', 'demand', 'community', h(4), h(4), d(3), 0),
    ],
  },
  {
    code: 'disputes', name: '矛盾纠纷', nameEn: 'Disputes',
    categories: [
      c('neighbourDispute', '邻里纠纷', 'Neighbour dispute', 'dispute', 'stairwell', h(4), h(4), d(3), 10),
      c('propertyDispute', '物业纠纷', 'Property management dispute', 'dispute', 'community', h(4), h(4), d(7)),
      c('laborDispute', '劳资纠纷', 'Wage dispute', 'dispute', 'subdistrict', h(4), h(4), d(10), 0),
      c('familyDispute', '婚姻家庭纠纷', 'Family dispute', 'dispute', 'compound', h(4), h(4), d(5), 0),
    ],
  },
  {
    code: 'petitions', name: '信访事项', nameEn: 'Petitions',
    categories: [
      c('petitionLetter', '来信来访', 'Petition by letter or visit', 'petition', 'community', d(1), d(1), d(15), 0),
      c('collectivePetition', '群体性诉求', 'Collective petition', 'petition', 'subdistrict', h(4), h(4), d(10), 0),
    ],
  },
  {
    code: 'publicSecurity', name: '治安案件', nameEn: 'Minor cases',
    categories: [
      c('theft', '盗窃', 'Theft', 'minorCase', 'subdistrict', h(1), h(1), d(5), 100),
      c('fraudWarning', '电信诈骗', 'Telecom fraud', 'minorCase', 'subdistrict', h(1), h(1), d(5), 0),
      c('securityHazard', '治安隐患', 'Public-security hazard', 'hazard', 'community', h(2), h(2), d(2), 100),
    ],
  },
];

seedTaxonomy.push({
  code: 'other', name: '其他', nameEn: 'Other',
  categories: [c('unclassified', '待分类', 'Not yet classified', 'demand', 'community', h(2), h(2), d(5), 0)],
});

export interface SeedDepartment {
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  responseHours: number;
}

/** Departments called in for joint handling (四室联动, 吹哨报到). Response hours: how long before a referral is overdue. */
export const seedDepartments: SeedDepartment[] = [
  { code: 'police', name: '八面通派出所', nameEn: 'Bamiantong police station', kind: 'police', responseHours: 1 },
  { code: 'procuratorate', name: '穆棱市人民检察院', nameEn: 'Muling procuratorate', kind: 'procuratorate', responseHours: 8 },
  { code: 'court', name: '穆棱市人民法院', nameEn: 'Muling court', kind: 'court', responseHours: 8 },
  { code: 'justice', name: '八面通司法所', nameEn: 'Bamiantong justice office', kind: 'justice', responseHours: 4 },
  { code: 'urbanManagement', name: '穆棱市城市管理综合执法局', nameEn: 'Urban management bureau', kind: 'urbanManagement', responseHours: 2 },
  { code: 'housing', name: '穆棱市住房和城乡建设局', nameEn: 'Housing and construction bureau', kind: 'housing', responseHours: 8 },
  { code: 'marketRegulation', name: '穆棱市市场监督管理局', nameEn: 'Market regulation bureau', kind: 'marketRegulation', responseHours: 8 },
  { code: 'emergency', name: '穆棱市应急管理局', nameEn: 'Emergency management bureau', kind: 'emergency', responseHours: 1 },
  { code: 'waterSupply', name: '穆棱市供水公司', nameEn: 'Water supply company', kind: 'waterSupply', responseHours: 2 },
  { code: 'heating', name: '穆棱市供热公司', nameEn: 'Heating company', kind: 'heating', responseHours: 2 },
  { code: 'property', name: '八面通物业服务公司', nameEn: 'Bamiantong property services', kind: 'propertyCompany', responseHours: 2 },
];
