/**
 * Synthetic rows for the Sanya demo's published tabular resources (issue 4): what the demo seeds
 * through the upload service, and what tests and benchmarks use when they need realistic data.
 *
 * Nothing here describes a real person. Names are drawn from short syllable lists; 公民身份号码 are
 * built from a Sanya district code, a birth date and a sequence, with a correct GB 11643 check
 * character, so they pass validation but are picked by a permutation, not from any register;
 * phone numbers are 0898-0000xxxx: in China a local number never starts with 0 (the trunk
 * prefix), so no such number can be dialled. (There is no mobile range reserved for fiction in
 * China: 170/171 belong to virtual operators, 199 to China Telecom, all in use.) 统一社会信用代码
 * have correct GB 32100 and GB 11714 check characters and an organisation-code part starting with
 * "00", which the demo reserves for itself.
 *
 * One seed is one world. With the same seed, person #j has the same ID number, name, birth date,
 * district and household address in every resource, and organisation #j the same credit code,
 * name and legal representative, so a 社保参保信息 row names a person found in 人口基础信息 and a
 * 行政处罚信息 row a market entity found in 法人单位基础信息. Keys are unique within a resource.
 * Generation is deterministic: the same (resource name, count, seed) gives the same rows.
 */
import { normalizeResourceInput } from '../catalog/validate.js';
import type { DataItem, Resource } from '../catalog/model.js';
import { idNumberCheckChar, type StoredValue } from '../exchange/values.js';
import { usccCheckChar } from '../org/uscc.js';
import { DEMO_RESOURCES } from './catalog-data.js';
import { DEMO_UNITS } from './data.js';

/** The seed the demo uses for every resource (one consistent world). */
export const DEMO_SEED = 2026;

/**
 * How many rows the demo seeds per published tabular resource, by resource name. The two base
 * registers are large enough to feel real; the others are 50–500 rows.
 */
export const DEMO_DATASET_SIZES: Record<string, number> = {
  人口基础信息: 50_000,
  法人单位基础信息: 10_000,
  户籍人口变动信息: 500,
  流动人口居住登记信息: 500,
  机动车登记信息: 300,
  驾驶人信息: 300,
  出入境证件办理信息: 100,
  市场主体变更登记信息: 500,
  '行政处罚信息（市场监管）': 200,
  食品经营许可信息: 300,
  特种设备登记信息: 200,
  不动产登记信息: 500,
  土地供应信息: 100,
  社保参保信息: 500,
  人才引进信息: 100,
  最低生活保障对象信息: 300,
  婚姻登记信息: 300,
  社会组织登记信息: 100,
  养老机构信息: 50,
  三亚市地名信息: 300,
  医疗机构执业信息: 150,
  出生医学证明信息: 200,
  预防接种信息: 300,
  执业医师信息: 300,
  传染病疫情统计: 100,
  社会信用信息: 500,
  失信联合惩戒对象名单: 100,
  价格监测信息: 300,
  旅游接待统计: 60,
  A级景区信息: 50,
  旅行社信息: 100,
  星级饭店信息: 80,
  城市管理案件信息: 500,
  违法建筑查处信息: 100,
  商品房网签备案信息: 300,
  保障性住房信息: 200,
  应急避难场所信息: 80,
  危险化学品企业信息: 60,
  应急物资储备信息: 200,
  海棠区网格化管理信息: 120,
  吉阳区社区人口信息: 500,
  天涯区民宿登记信息: 150,
  崖州区渔船管理信息: 200,
  育才生态区传统村落信息: 50,
  吉阳区低保救助台账: 300,
  天涯区基层医疗服务信息: 50,
  崖州区占道经营案件信息: 300,
  崖州湾科技城入驻企业信息: 200,
  共享平台运行统计: 60,
};

/** Persons referenced from other resources are drawn from the first N (the population register). */
const POPULATION = DEMO_DATASET_SIZES['人口基础信息']!;
/** Market entities referenced from other resources are drawn from the first N (the legal-person register). */
const ORGANISATIONS = DEMO_DATASET_SIZES['法人单位基础信息']!;
const SOCIAL_ORGANISATIONS = 1_000;

// ---------------------------------------------------------------- random numbers

/** 32-bit finaliser (MurmurHash3 fmix32) to combine seeds. */
function mix(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Mulberry32: tiny, fast and plenty for synthetic data (never for anything secret). */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** [0, 1) */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** a·b mod m for a, b < m < 2^28 without leaving the exact range of doubles. */
function mulmod(a: number, b: number, m: number): number {
  const hi = Math.floor(b / 16384);
  const lo = b % 16384;
  return (((a * hi) % m) * 16384 + a * lo) % m;
}

/** An affine bijection of [0, m): index → scattered but unique position. */
function affine(m: number, seed: number): (j: number) => number {
  let a = (mix(seed, 0xa5a5) % m) | 1;
  while (gcd(a, m) !== 1) a += 2;
  const b = mix(seed, 0x5a5a) % m;
  return (j) => (mulmod(j % m, a, m) + b) % m;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---------------------------------------------------------------- vocabularies

interface District {
  code: string;
  name: string;
}
/** The districts whose codes (4602xx) appear in ID numbers and credit codes; the first two are the most populous. */
const DISTRICTS: District[] = [
  { code: '460203', name: '吉阳区' },
  { code: '460204', name: '天涯区' },
  { code: '460202', name: '海棠区' },
  { code: '460205', name: '崖州区' },
];
const DISTRICT_WEIGHTS = [0.34, 0.3, 0.18, 0.18];

/** Common surnames, with 符 and 邢 (frequent in Hainan). */
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '吴', '林', '符', '邢', '周', '郑', '蔡', '云', '羊', '吉', '麦'];
const GIVEN_MALE = ['伟', '强', '军', '海', '涛', '明', '华', '建', '国', '文', '志', '勇', '杰', '斌', '鹏', '宇', '浩', '晨', '俊', '峰', '振', '亮', '坤', '帆'];
const GIVEN_FEMALE = ['芳', '娜', '丽', '敏', '静', '燕', '霞', '玲', '秀', '婷', '雪', '琳', '颖', '洁', '欣', '怡', '慧', '梅', '兰', '萍', '青', '月', '彤', '妍'];
const GIVEN_ANY = ['小', '晓', '春', '嘉', '子', '一', '安', '思', '家', '雨', '佳', '心'];

/** Two syllables of made-up shop, estate and place names. */
const BRAND_A = ['椰', '海', '鹿', '凤', '珊', '蓝', '金', '南', '崖', '榆', '槟', '琼', '云', '星', '澜', '棠', '鸿', '瑞', '嘉', '和'];
const BRAND_B = ['风', '韵', '岭', '湾', '瑚', '港', '洲', '林', '城', '光', '悦', '屿', '岸', '帆', '景', '华', '源', '泰', '禾', '晟'];
const ROAD_SUFFIX = ['路', '路', '街', '大道', '巷'];
const INDUSTRIES = ['科技', '贸易', '旅业', '置业', '餐饮', '建设工程', '文化传媒', '物流', '农业开发', '酒店管理', '渔业', '医药', '电子商务', '海洋科技'];
const COMPANY_FORMS = ['有限公司', '有限公司', '有限责任公司', '股份有限公司'];
const SHOPS = ['便利店', '水果店', '海鲜排档', '理发店', '五金店', '早餐店', '槟榔收购点'];
const CROPS = ['芒果', '槟榔', '冬季瓜菜', '南繁制种', '热带水果'];

const brand = (r: Rng) => r.pick(BRAND_A) + r.pick(BRAND_B);

function pickDistrict(r: Rng): District {
  let x = r.next();
  for (let k = 0; k < DISTRICTS.length; k++) {
    x -= DISTRICT_WEIGHTS[k]!;
    if (x < 0) return DISTRICTS[k]!;
  }
  return DISTRICTS[0]!;
}

function address(r: Rng, d: District, withRoom: boolean): string {
  const base = `三亚市${d.name}${brand(r)}${r.pick(ROAD_SUFFIX)}${r.between(1, 399)}号`;
  return withRoom && r.chance(0.7) ? `${base}${r.between(1, 30)}栋${r.between(1, 32)}${pad(r.between(1, 8), 2)}室` : base;
}

/** Values for free-text items whose meaning the name gives away; `w` repeats a value to weight it. */
const w = (value: string, times: number) => Array<string>(times).fill(value);
const VOCABULARY: { item: RegExp; resource?: RegExp; values: readonly string[] }[] = [
  { item: /^民族$/, values: [...w('01', 16), ...w('19', 3), '06', '03'] }, // GB 3304: 汉 01, 黎 19, 苗 06, 回 03
  { item: /号牌种类/, values: [...w('02', 8), '01', '52'] }, // GA 24.7: 小型汽车 02, 大型汽车 01, 小型新能源汽车 52
  { item: /车辆类型/, values: ['小型轿车', '小型轿车', '小型普通客车', '小型越野客车', '轻型厢式货车', '重型半挂牵引车'] },
  { item: /准驾车型/, values: ['C1', 'C1', 'C1', 'C2', 'B2', 'A1', 'A2', 'D'] },
  { item: /驾驶证状态/, values: [...w('A', 9), 'B', 'G'] }, // 正常 / 超分 / 违法未处理
  { item: /证件类型/, values: ['14', '14', '21', '25'] }, // 普通护照 / 往来港澳通行证 / 往来台湾通行证 (illustrative)
  { item: /设备种类/, values: ['电梯', '电梯', '电梯', '锅炉', '压力容器', '起重机械', '场（厂）内专用机动车辆'] },
  { item: /规划用途/, values: ['住宅', '住宅', '住宅', '商业', '办公', '商住', '工业'] },
  { item: /供地方式/, values: ['挂牌出让', '挂牌出让', '拍卖出让', '招标出让', '划拨', '协议出让'] },
  { item: /参保险种/, values: ['企业职工基本养老保险', '职工基本医疗保险', '工伤保险', '失业保险', '城乡居民基本养老保险'] },
  { item: /参保状态|就业状态/, values: [...w('1', 8), '2', '3'] },
  { item: /人才类别/, values: ['领军人才', '拔尖人才', '其他类高层次人才', '其他类高层次人才', '急需紧缺人才'] },
  { item: /^等级$/, values: ['一级', '二级', '三级', '三级', '四级', '五级'] },
  { item: /职业名称/, values: ['电工', '焊工', '育婴员', '保育员', '中式烹调师', '健康管理师', '养老护理员', '导游', '潜水员'] },
  { item: /机构类别/, values: ['综合医院', '中医医院', '专科医院', '卫生院', '社区卫生服务中心', '诊所', '诊所'] },
  { item: /病种/, values: ['流行性感冒', '手足口病', '登革热', '其他感染性腹泻病', '肺结核', '水痘'] },
  { item: /信用评价等级/, values: [...w('A', 6), 'B', 'B', 'C', 'D'] },
  { item: /^品名$/, values: ['大米', '猪肉（精瘦肉）', '鸡蛋', '空心菜', '芒果', '带鱼', '活鸡', '矿泉水'] },
  { item: /质量等级/, values: ['5A', '4A', '4A', '3A', '3A', '2A', 'A'] },
  { item: /案件类别/, values: ['占道经营', '乱堆乱放', '违规户外广告', '乱倒建筑垃圾', '噪声扰民', '违规停放共享单车'] },
  { item: /处置状态/, values: ['已受理', '处置中', '已办结', '已办结', '已办结'] },
  { item: /处置结果/, resource: /违法建筑/, values: ['自行拆除', '强制拆除', '限期整改', '没收'] },
  { item: /处置结果/, values: ['劝离', '责令改正', '暂扣物品', '罚款'] },
  { item: /变更事项/, values: ['名称变更', '住所变更', '法定代表人变更', '注册资本变更', '经营范围变更'] },
  { item: /违法行为类型/, values: ['销售不符合食品安全标准的食品', '虚假宣传', '价格违法', '未按规定公示年度报告', '无照经营'] },
  { item: /经营项目/, values: ['预包装食品销售', '散装食品销售', '热食类食品制售', '冷食类食品制售', '糕点类食品制售', '自制饮品制售'] },
  { item: /列入原因/, values: ['拖欠农民工工资', '拒不履行生效法律文书确定的义务', '严重违法失信', '未依法履行纳税义务'] },
  { item: /资质类别及等级/, values: ['建筑工程施工总承包二级', '市政公用工程施工总承包三级', '建筑装修装饰工程专业承包二级'] },
  { item: /房源类型/, values: ['公共租赁住房', '安居型商品住房', '安居型商品住房', '人才房'] },
  { item: /分配状态/, values: ['待审核', '轮候中', '已分配', '已入住'] },
  { item: /危险源等级/, values: ['一级', '二级', '三级', '三级', '四级', '四级'] },
  { item: /地名类别/, values: ['道路', '道路', '街巷', '居民点', '村庄', '桥梁'] },
  { item: /产业领域/, values: ['南繁育种', '深海科技', '航天', '生物医药', '数字经济', '新材料'] },
  { item: /疫苗名称/, values: ['乙肝疫苗', '卡介苗', '脊灰疫苗', '百白破疫苗', '麻腮风疫苗', '乙脑疫苗', '甲肝疫苗'] },
  { item: /执业类别/, values: ['临床', '临床', '中医', '口腔', '公共卫生'] },
  { item: /保护级别/, values: ['国家级传统村落', '省级传统村落', '市级传统村落'] },
  { item: /作业类型/, values: ['拖网', '刺网', '钓具', '围网', '笼壶'] },
  { item: /组织类型/, values: ['社会团体', '民办非企业单位', '基金会'] },
  { item: /登记类型/, resource: /婚姻/, values: ['01', '01', '01', '02', '03'] }, // 结婚 / 离婚 / 补领 (illustrative)
];

/** Emergency supplies with their unit of measure (物资名称 / 计量单位 stay consistent in a row). */
const SUPPLIES: [string, string][] = [
  ['帐篷', '顶'],
  ['折叠床', '张'],
  ['棉被', '床'],
  ['救生衣', '件'],
  ['发电机', '台'],
  ['矿泉水', '箱'],
  ['方便食品', '箱'],
  ['雨衣', '件'],
  ['抽水泵', '台'],
];

const MEMO_SENTENCES = [
  '依法依规开展经营活动。',
  '一般项目：技术服务、技术开发、技术咨询；旅游开发项目策划咨询。',
  '许可项目：食品销售；餐饮服务。',
  '房地产开发经营；物业管理；停车场服务。',
  '水产品批发；水产品零售；渔业机械销售。',
  '依据《中华人民共和国食品安全法》责令改正，并处罚款。',
  '演示数据，内容为合成文本。',
];

// ---------------------------------------------------------------- the world: persons and organisations

const DAY_MS = 86_400_000;
const BIRTH_FROM = Date.UTC(1940, 0, 1);
/** Birth dates 1940-01-01 … 2020-12-31. */
const BIRTH_DAYS = (Date.UTC(2020, 11, 31) - BIRTH_FROM) / DAY_MS + 1;
/** (birth day, district, 3-digit sequence) combinations: the space person indexes are spread over. */
const PERSON_SPACE = BIRTH_DAYS * DISTRICTS.length * 1000;
const ORG_SPACE = 1_000_000;

interface Person {
  index: number;
  id: string;
  /** 1 male, 2 female (the code set of 性别, and the parity of the ID's 17th digit). */
  gender: 1 | 2;
  birth: string;
  birthYear: number;
  district: District;
  name: string;
  address: string;
}

interface Organisation {
  index: number;
  uscc: string;
  kind: 'enterprise' | 'social';
  /** The USCC's second character: the kind of entity within its registry. */
  type: '1' | '2' | '3';
  brand: string;
  name: string;
  district: District;
  established: string;
  legalRep: Person;
  address: string;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function personName(r: Rng, gender: 1 | 2): string {
  const given = gender === 1 ? GIVEN_MALE : GIVEN_FEMALE;
  const first = r.chance(0.55) ? r.pick(given) + r.pick(given) : r.chance(0.5) ? r.pick(GIVEN_ANY) + r.pick(given) : r.pick(given);
  return r.pick(SURNAMES) + first;
}

/** GB 11714 check character of an 8-character organisation code body. */
function orgCodeCheckChar(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let k = 0; k < 8; k++) sum += parseInt(body[k]!, 36) * weights[k]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

class World {
  private readonly personPos: (j: number) => number;
  private readonly orgPos: (j: number) => number;
  constructor(readonly seed: number) {
    this.personPos = affine(PERSON_SPACE, mix(seed, 1));
    this.orgPos = affine(ORG_SPACE, mix(seed, 2));
  }

  person(j: number): Person {
    const c = this.personPos(j);
    const day = c % BIRTH_DAYS;
    const rest = Math.floor(c / BIRTH_DAYS);
    const district = DISTRICTS[rest % DISTRICTS.length]!;
    const seq = Math.floor(rest / DISTRICTS.length);
    const birth = isoDate(BIRTH_FROM + day * DAY_MS);
    const first17 = district.code + birth.replace(/-/g, '') + pad(seq, 3);
    const gender = seq % 2 === 1 ? 1 : 2;
    const r = new Rng(mix(this.seed, 0x9e37, j));
    return {
      index: j,
      id: first17 + idNumberCheckChar(first17),
      gender,
      birth,
      birthYear: Number(birth.slice(0, 4)),
      district,
      name: personName(r, gender),
      address: address(r, district, true),
    };
  }

  organisation(j: number, kind: Organisation['kind']): Organisation {
    const r = new Rng(mix(this.seed, kind === 'enterprise' ? 0x0e17 : 0x50c1, j));
    const district = pickDistrict(r);
    const x = r.next();
    const type = kind === 'enterprise' ? (x < 0.85 ? '1' : x < 0.97 ? '2' : '3') : x < 0.5 ? '1' : x < 0.95 ? '2' : '3';
    const body = '00' + pad(this.orgPos(j), 6);
    const first17 = (kind === 'enterprise' ? '9' : '5') + type + district.code + body + orgCodeCheckChar(body);
    const b = brand(r);
    let name: string;
    if (kind === 'enterprise') {
      if (type === '1') name = `三亚${b}${r.pick(INDUSTRIES)}${r.pick(COMPANY_FORMS)}`;
      else if (type === '2') name = `三亚市${district.name}${b}${r.pick(SHOPS)}`;
      else name = `三亚市${district.name}${b}${r.pick(CROPS)}专业合作社`;
    } else if (type === '1') name = `三亚市${b}${r.pick(['旅游', '餐饮', '椰雕', '潜水', '志愿服务', '黎锦'])}${r.pick(['协会', '促进会', '研究会'])}`;
    else if (type === '2') name = `三亚市${b}${r.pick(['培训学校', '养老服务中心', '社会工作服务中心', '幼儿园'])}`;
    else name = `三亚市${b}${r.pick(['慈善基金会', '教育基金会'])}`;
    return {
      index: j,
      uscc: first17 + usccCheckChar(first17),
      kind,
      type,
      brand: b,
      name,
      district,
      established: isoDate(Date.UTC(1995, 0, 1) + r.int(11_323) * DAY_MS), // 1995 … 2025
      legalRep: this.adult(r),
      address: address(r, district, false),
    };
  }

  /** A random person of the population register who fits `fits` (born by 2005 unless said otherwise). */
  adult(r: Rng, fits: (p: Person) => boolean = (p) => p.birthYear <= 2005): Person {
    let p = this.person(r.int(POPULATION));
    for (let tries = 0; tries < 64 && !fits(p); tries++) p = this.person(r.int(POPULATION));
    return p;
  }
}

// ---------------------------------------------------------------- per-item generators

type Gen = (row: RowCtx) => StoredValue;

interface RowCtx {
  i: number;
  r: Rng;
  world: World;
  /** Persons by role ('' = the row's subject), organisations likewise. */
  persons: Map<string, Person>;
  orgs: Map<string, Organisation>;
  district: District | null;
  /** The last date / date-time generated in the row, so later ones can follow it. */
  lastDay: number | null;
  lastMs: number | null;
  vars: Record<string, string>;
  plan: ResourcePlan;
}

interface ResourcePlan {
  resource: Resource;
  /** The key item identifies the row's subject person / organisation (unique per row). */
  personKey: boolean;
  orgKey: boolean;
  orgKind: Organisation['kind'];
  /** ID roles present among the items (a name item of the same role names that person). */
  idRoles: Set<string>;
  usccRoles: Set<string>;
  gens: { code: string; gen: Gen }[];
  /** A district's own resource (吉阳区社区人口信息): its places are in that district. */
  district: District | null;
  count: number;
  /** Next population index for person-keyed resources (strictly increasing, so IDs are unique). */
  cursor: number;
  personFits: (p: Person) => boolean;
  orgIndex: (i: number) => number;
}

const ID_NAME_RE = /公民身份号码|身份证号|证件号码|驾驶证号|社会保障号码/;
const ID_ROLE_RE = /(公民身份号码|身份证号码?|证件号码|驾驶证号|社会保障号码)$/;
const USCC_NAME_RE = /统一社会信用代码/;
const NAME_ITEM_RE = /(姓名|法定代表人|所有人|权利人|买受人|申请人|网格员|船东|持证人)$/;
const ADDRESS_RE = /(地址|住所|坐落|地点|经营场所)$/;

const isIdItem = (d: DataItem) => d.dataType === 'C' && (d.elementCode === 'DE0001' || d.elementCode === 'DE0030' || ID_NAME_RE.test(d.name));
const isUsccItem = (d: DataItem) => d.dataType === 'C' && (d.elementCode === 'DE0010' || USCC_NAME_RE.test(d.name));
const isNameItem = (d: DataItem) => d.dataType === 'C' && (d.masking === 'name' || d.elementCode === 'DE0002' || d.elementCode === 'DE0012' || NAME_ITEM_RE.test(d.name));
const idRole = (d: DataItem) => d.name.replace(ID_ROLE_RE, '');
const usccRole = (d: DataItem) => d.name.replace(/统一社会信用代码$/, '');
const nameRole = (d: DataItem) => d.name.replace(/姓名$/, '');

function personFor(row: RowCtx, role: string): Person {
  let p = row.persons.get(role);
  if (p) return p;
  const plan = row.plan;
  if (role === '' && plan.personKey) {
    let k = plan.cursor;
    p = row.world.person(k);
    while (!plan.personFits(p)) p = row.world.person(++k);
    plan.cursor = k + 1;
  } else if (/男/.test(role)) p = row.world.adult(row.r, (q) => q.gender === 1 && q.birthYear <= 2003);
  else if (/女|母亲/.test(role)) p = row.world.adult(row.r, (q) => q.gender === 2 && q.birthYear >= 1975 && q.birthYear <= 2003);
  else p = row.world.adult(row.r, plan.personFits);
  row.persons.set(role, p);
  return p;
}

function orgFor(row: RowCtx, role: string): Organisation {
  let o = row.orgs.get(role);
  if (o) return o;
  const plan = row.plan;
  if (role === '' && plan.orgKey) o = row.world.organisation(plan.orgIndex(row.i), plan.orgKind);
  else o = row.world.organisation(row.r.int(plan.orgKind === 'social' ? SOCIAL_ORGANISATIONS : ORGANISATIONS), plan.orgKind);
  row.orgs.set(role, o);
  return o;
}

/** The row's district: the one a district's own resource is about, its subject person's or organisation's, else a random one. */
function districtOf(row: RowCtx): District {
  if (row.district) return row.district;
  if (row.plan.district) row.district = row.plan.district;
  else if (row.plan.idRoles.has('')) row.district = personFor(row, '').district;
  else if (row.plan.usccRoles.has('')) row.district = orgFor(row, '').district;
  else row.district = pickDistrict(row.r);
  return row.district;
}

/** Cuts to `max` code points (vocabulary values are written to fit; this is the safety net). */
function fit(s: string, max: number | null): string {
  if (max === null || s.length <= max) return s;
  return Array.from(s).slice(0, max).join('');
}

/** A non-negative decimal in [min, max] with at most `scale` decimals, in canonical text. */
function decimal(r: Rng, min: number, max: number, scale: number, intDigits: number): string {
  const f = 10 ** scale;
  const cap = 10 ** Math.min(intDigits, 15) - 1 / f;
  const hi = Math.round(Math.min(max, cap) * f);
  const lo = Math.min(Math.round(min * f), hi);
  return decimalText(lo + r.int(hi - lo + 1), scale);
}

function decimalText(units: number, scale: number): string {
  if (scale === 0) return String(units);
  const s = pad(units, scale + 1);
  const int = s.slice(0, -scale);
  const frac = s.slice(-scale).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

const NUMBER_RANGES: { item: RegExp; resource?: RegExp; min: number; max: number }[] = [
  { item: /经度/, min: 108.95, max: 109.8 },
  { item: /纬度/, min: 18.15, max: 18.45 },
  { item: /%|进度/, min: 0, max: 100 },
  { item: /公顷/, min: 0.5, max: 60 },
  { item: /建筑面积/, min: 25, max: 400 },
  { item: /面积/, min: 10, max: 800 },
  { item: /吨位/, min: 5, max: 600 },
  { item: /注册资本/, min: 3, max: 20_000 },
  { item: /总投资/, min: 500, max: 800_000 },
  { item: /成交价款/, min: 500, max: 200_000 },
  { item: /旅游总收入/, min: 400_000, max: 1_200_000 },
  { item: /罚没金额/, min: 500, max: 200_000 },
  { item: /缴费基数/, min: 4_000, max: 30_000 },
  { item: /补贴金额/, min: 10_000, max: 500_000 },
  { item: /保障金额|救助金额/, min: 300, max: 1_500 },
  { item: /合同金额/, min: 600_000, max: 8_000_000 },
  { item: /价格/, min: 1, max: 300 },
  { item: /万元/, min: 10, max: 100_000 },
  { item: /元/, min: 10, max: 100_000 },
  // integers
  { item: /记分/, min: 0, max: 12 },
  { item: /床位/, resource: /民宿/, min: 4, max: 40 },
  { item: /床位/, min: 20, max: 800 },
  { item: /家庭人口/, min: 1, max: 6 },
  { item: /发病数/, min: 0, max: 60 },
  { item: /^星级$/, min: 3, max: 5 },
  { item: /客房数/, min: 50, max: 600 },
  { item: /容纳人数/, min: 500, max: 20_000 },
  { item: /^数量$/, min: 10, max: 5_000 },
  { item: /研发人员数/, min: 5, max: 800 },
  { item: /户数/, min: 30, max: 800 },
  { item: /门诊人次/, min: 1_000, max: 30_000 },
  { item: /签约人数/, min: 500, max: 20_000 },
  { item: /承载量/, min: 2_000, max: 60_000 },
  { item: /过夜游客/, min: 1_500_000, max: 3_500_000 },
  { item: /入境游客/, min: 20_000, max: 150_000 },
  { item: /资源数/, min: 50, max: 3_000 },
  { item: /调用次数/, min: 10_000, max: 3_000_000 },
  { item: /订阅数/, min: 10, max: 500 },
  { item: /失信记录数/, min: 0, max: 5 },
  { item: /守信记录数/, min: 0, max: 30 },
];

function rangeFor(item: DataItem, resource: Resource, fallback: [number, number]): [number, number] {
  const hit = NUMBER_RANGES.find((n) => n.item.test(item.name) && (!n.resource || n.resource.test(resource.name)));
  return hit ? [hit.min, hit.max] : fallback;
}

const GENERIC_FROM = Date.UTC(2015, 0, 1) / DAY_MS;
const GENERIC_DAYS = Date.UTC(2025, 11, 31) / DAY_MS - GENERIC_FROM + 1;
const FUTURE_FROM = Date.UTC(2026, 0, 1) / DAY_MS;
const RECENT_FROM_MS = Date.UTC(2024, 0, 1);
const RECENT_MS = Date.UTC(2026, 0, 1) - RECENT_FROM_MS;

/** How many unique keys a key generator can produce (checked against `count`). */
interface KeyGen {
  gen: Gen;
  capacity: number;
}

function keyGenerator(item: DataItem, plan: ResourcePlan): KeyGen {
  const len = item.length ?? 4000;
  switch (item.dataType) {
    case 'I':
      return { gen: (row) => row.i + 1, capacity: Number.MAX_SAFE_INTEGER };
    case 'N':
    case 'Y': {
      const digits = (item.length ?? 38) - (item.precision ?? 0);
      return { gen: (row) => String(row.i + 1), capacity: 10 ** Math.min(digits, 15) - 1 };
    }
    case 'D':
      return { gen: (row) => isoDate(Date.UTC(2000, 0, 1) + row.i * DAY_MS), capacity: 2_900_000 };
    case 'T':
      return { gen: (row) => new Date(Date.UTC(2020, 0, 1) + row.i * 1000).toISOString(), capacity: 1e9 };
    case 'L':
      return { gen: (row) => row.i === 1, capacity: 2 };
    case 'B':
    case 'F':
      return { gen: (row) => row.i + 0.5, capacity: 1e15 };
    default:
      break;
  }
  if (isIdItem(item) && idRole(item) === '') return { gen: (row) => personFor(row, '').id, capacity: PERSON_SPACE };
  if (isUsccItem(item) && usccRole(item) === '') {
    return { gen: (row) => orgFor(row, '').uscc, capacity: plan.orgKind === 'social' ? SOCIAL_ORGANISATIONS : ORG_SPACE };
  }
  if (/月份/.test(item.name) && len >= 7) {
    // Newest first: 2025-12, 2025-11, …
    return { gen: (row) => monthBefore(2025, 12, row.i), capacity: 12 * 2000 };
  }
  if ((item.elementCode === 'DE0020' || /不动产单元号/.test(item.name)) && len >= 28) {
    // 6 district + 6 宗地 (街道 街坊) + GB + 5 宗地号 + F + 8 定着物: 28 characters.
    return {
      gen: (row) => {
        const d = districtOf(row);
        const n = row.i;
        return `${d.code}${pad(1 + (n % 7), 3)}${pad(1 + ((n >> 3) % 40), 3)}GB${pad(1 + Math.floor(n / 4), 5)}F${pad(1 + (n % 4), 4)}${pad(1 + row.r.int(30), 4)}`;
      },
      capacity: 399_996,
    };
  }
  if (/号牌号码/.test(item.name) && len >= 7) {
    // The letter O is never issued on Chinese plates, so 琼BO#### cannot be a real vehicle.
    return { gen: (row) => `琼BO${pad(row.i, 4)}`, capacity: 10_000 };
  }
  if (/文号/.test(item.name) && len >= 20) {
    return { gen: (row) => `三市监处罚〔${2025 - Math.floor(row.i / 5000)}〕${(row.i % 5000) + 1}号`, capacity: 5000 * 20 };
  }
  // Generic record number: up to four letters of the item code, then a zero-padded sequence.
  const prefix = item.code.replace(/[^a-z]/g, '').toUpperCase().slice(0, Math.max(0, Math.min(4, len - 6)));
  const width = Math.min(len - prefix.length, 8);
  return { gen: (row) => prefix + pad(row.i + 1, width), capacity: 10 ** width - 1 };
}

function monthBefore(year: number, month: number, back: number): string {
  const m = year * 12 + (month - 1) - back;
  return `${Math.floor(m / 12)}-${pad((m % 12) + 1, 2)}`;
}

function nameGenerator(item: DataItem, plan: ResourcePlan): Gen {
  const role = nameRole(item);
  if (/法定代表人/.test(item.name) && plan.usccRoles.has('')) return (row) => orgFor(row, '').legalRep.name;
  if (plan.idRoles.has(role)) return (row) => personFor(row, role).name;
  return (row) => row.world.adult(row.r).name;
}

/** Free-text items recognised by name (organisation, place and facility names, and so on). */
function textGenerator(item: DataItem, plan: ResourcePlan): Gen | null {
  const n = item.name;
  const rn = plan.resource.name;
  const hasOrg = plan.usccRoles.has('');
  if (/市场主体名称|企业名称|主体名称|社会组织名称/.test(n) && hasOrg) return (row) => orgFor(row, '').name;
  if (/组织类型/.test(n) && hasOrg && plan.orgKind === 'social') return (row) => ['社会团体', '民办非企业单位', '基金会'][Number(orgFor(row, '').type) - 1]!;
  if (/旅行社名称/.test(n)) return (row) => `三亚${hasOrg ? orgFor(row, '').brand : brand(row.r)}国际旅行社有限公司`;
  if (/饭店名称/.test(n)) return (row) => `三亚${hasOrg ? orgFor(row, '').brand : brand(row.r)}${row.r.pick(['大酒店', '度假酒店', '国际酒店', '海景酒店'])}`;
  if (/机构名称/.test(n) && /养老/.test(rn)) return (row) => `三亚市${districtOf(row).name}${brand(row.r)}养老院`;
  if (/机构名称/.test(n) && /基层/.test(rn)) return (row) => `天涯区${brand(row.r)}社区卫生服务站`;
  if (/机构名称|执业机构|出生医院/.test(n)) return (row) => `三亚${brand(row.r)}${row.r.pick(['医院', '中医院', '口腔医院', '门诊部', '卫生院', '妇产医院'])}`;
  if (/景区名称/.test(n)) return (row) => `三亚${brand(row.r)}${row.r.pick(['景区', '文化旅游区', '生态公园', '度假区'])}`;
  if (/场所名称/.test(n)) return (row) => `${districtOf(row).name}${brand(row.r)}${row.r.pick(['广场', '公园', '体育场', '学校操场'])}应急避难场所`;
  if (/项目名称/.test(n)) return (row) => `三亚${brand(row.r)}${row.r.pick(['片区道路工程', '安居房项目', '学校建设项目', '污水处理厂扩建工程', '产业园一期'])}`;
  if (/村落名称/.test(n)) return (row) => `${brand(row.r)}村`;
  if (/所在村/.test(n)) return (row) => `${brand(row.r)}${row.r.pick(['村', '社区'])}`;
  if (/所属社区/.test(n)) return (row) => `${brand(row.r)}社区`;
  if (/网格名称/.test(n)) return (row) => `${brand(row.r)}社区第${row.r.between(1, 12)}网格`;
  if (/标准名称/.test(n)) return (row) => `${brand(row.r)}${row.r.pick(['路', '街', '村', '桥', '巷'])}`;
  if (/民宿名称/.test(n)) return (row) => `${brand(row.r)}${row.r.pick(['海景民宿', '客栈', '度假屋', '民宿'])}`;
  if (/^船名$/.test(n)) return (row) => `琼三亚渔${pad(row.i + 1, 5)}`;
  if (/储备库/.test(n)) return (row) => `三亚市${districtOf(row).name}应急物资储备库`;
  if (/物资名称/.test(n)) {
    return (row) => {
      const [what, unit] = row.r.pick(SUPPLIES);
      row.vars.unit = unit;
      return what;
    };
  }
  if (/计量单位/.test(n)) return (row) => row.vars.unit ?? row.r.pick(SUPPLIES)[1];
  if (/月份/.test(n)) return (row) => monthBefore(2025, 12, row.r.int(24));
  return null;
}

function vocabularyGenerator(item: DataItem, resource: Resource): Gen | null {
  const hit = VOCABULARY.find((v) => v.item.test(item.name) && (!v.resource || v.resource.test(resource.name)));
  if (!hit) return null;
  return (row) => {
    const value = row.r.pick(hit.values);
    if (/处置状态/.test(item.name)) row.vars.closed = value === '已办结' ? '1' : '';
    return value;
  };
}

function codeSetGenerator(item: DataItem, plan: ResourcePlan): Gen {
  const values = item.codeSet!.map((e) => e.value);
  const set = new Set(values);
  if (values.every((v) => /^46\d{4}$/.test(v))) {
    return (row) => {
      const d = districtOf(row).code;
      return set.has(d) ? d : row.r.pick(values);
    };
  }
  if (/性别/.test(item.name) && set.has('1') && set.has('2')) {
    const role = plan.idRoles.has('') ? '' : null;
    return (row) => (role === null ? row.r.pick(['1', '2']) : String(personFor(row, role).gender));
  }
  // The first value is usually the normal state (正常, 存续): make it the common one.
  return (row) => (values.length >= 3 && row.r.chance(0.7) ? values[0]! : row.r.pick(values));
}

function dateGenerator(item: DataItem, plan: ResourcePlan): Gen {
  const n = item.name;
  if ((item.elementCode === 'DE0003' || /出生日期/.test(n)) && plan.idRoles.has('')) return (row) => personFor(row, '').birth;
  if (/成立/.test(n) && plan.usccRoles.has('')) return (row) => orgFor(row, '').established;
  const future = /有效期|下次检验/.test(n);
  const follows = /移出|结束|截止/.test(n);
  return (row) => {
    let day: number;
    if (future) day = FUTURE_FROM + row.r.int(6 * 365);
    else if (follows && row.lastDay !== null) {
      if (!item.required && row.r.chance(0.6)) return null;
      day = row.lastDay + row.r.between(30, 700);
    } else day = GENERIC_FROM + row.r.int(GENERIC_DAYS);
    row.lastDay = day;
    return isoDate(day * DAY_MS);
  };
}

function timeGenerator(item: DataItem): Gen {
  const closing = /结案|结束|完成/.test(item.name);
  return (row) => {
    let ms: number;
    if (closing && row.lastMs !== null) {
      if (!item.required && row.vars.closed === '') return null;
      ms = row.lastMs + row.r.between(1, 72 * 60) * 60_000;
    } else ms = RECENT_FROM_MS + row.r.int(RECENT_MS / 1000) * 1000;
    row.lastMs = ms;
    return new Date(ms).toISOString();
  };
}

function valueGenerator(item: DataItem, plan: ResourcePlan): { gen: Gen; contextual: boolean } {
  const resource = plan.resource;
  const len = item.length;
  if (item.dataType === 'C' || item.dataType === 'M') {
    if (item.dataType === 'C' && isIdItem(item)) {
      const role = idRole(item);
      return { gen: (row) => personFor(row, role).id, contextual: true };
    }
    if (item.dataType === 'C' && isUsccItem(item)) {
      const role = usccRole(item);
      return { gen: (row) => orgFor(row, role).uscc, contextual: true };
    }
    if (item.codeSet && item.codeSet.length > 0) return { gen: codeSetGenerator(item, plan), contextual: true };
    if (item.dataType === 'C' && isNameItem(item)) return { gen: nameGenerator(item, plan), contextual: true };
    if (item.dataType === 'C' && (item.masking === 'phone' || /电话|手机/.test(item.name)) && (len ?? 20) >= 14) {
      return { gen: (row) => `0898-0000${pad(row.r.int(10_000), 4)}`, contextual: false };
    }
    if (item.dataType === 'C' && (item.masking === 'address' || ADDRESS_RE.test(item.name))) {
      if (/户籍/.test(item.name) && plan.idRoles.has('')) return { gen: (row) => fit(personFor(row, '').address, len), contextual: true };
      if (/住所|企业地址/.test(item.name) && plan.usccRoles.has('')) return { gen: (row) => fit(orgFor(row, '').address, len), contextual: true };
      return { gen: (row) => fit(address(row.r, districtOf(row), /居住/.test(item.name)), len), contextual: false };
    }
    const text = item.dataType === 'C' ? textGenerator(item, plan) : null;
    if (text) return { gen: (row) => fit(String(text(row)), len), contextual: true };
    const vocab = item.dataType === 'C' ? vocabularyGenerator(item, resource) : null;
    if (vocab) return { gen: (row) => fit(String(vocab(row)), len), contextual: false };
    if (item.dataType === 'M') {
      return { gen: (row) => `${row.r.pick(MEMO_SENTENCES)}${row.r.chance(0.5) ? row.r.pick(MEMO_SENTENCES) : ''}`, contextual: false };
    }
    const label = item.name.replace(/（.*?）|\(.*?\)/g, '');
    return { gen: (row) => fit(`${label}${row.r.between(1, 99)}`, len), contextual: false };
  }
  switch (item.dataType) {
    case 'N':
    case 'Y': {
      const scale = item.precision ?? 0;
      const intDigits = (item.length ?? 38) - scale;
      const [min, max] = rangeFor(item, resource, [0, 10_000]);
      return { gen: (row) => decimal(row.r, min, max, scale, intDigits), contextual: false };
    }
    case 'I': {
      const [min, max] = rangeFor(item, resource, [0, 1000]);
      return { gen: (row) => row.r.between(min, max), contextual: false };
    }
    case 'B':
    case 'F': {
      const [min, max] = rangeFor(item, resource, [0, 1000]);
      return { gen: (row) => Math.round((min + row.r.next() * (max - min)) * 100) / 100, contextual: false };
    }
    case 'L':
      return { gen: (row) => row.r.chance(0.3), contextual: false };
    case 'D':
      return { gen: dateGenerator(item, plan), contextual: true };
    case 'T':
      return { gen: timeGenerator(item), contextual: true };
  }
}

function planResource(resource: Resource, count: number): ResourcePlan {
  const items = resource.dataItems;
  const keys = items.filter((d) => d.isKey);
  if (keys.length === 0) throw new RangeError(`demoRows: resource ${resource.name} has no key data item`);
  const personKey = keys.some((d) => isIdItem(d) && idRole(d) === '');
  const orgKey = keys.some((d) => isUsccItem(d) && usccRole(d) === '');
  // The population register itself lists everyone from index 0; other person-keyed registers
  // (driving licences, social insurance) start elsewhere and only list adults.
  const register = keys.some((d) => d.elementCode === 'DE0001');
  const population = register || /人口|出生|户籍/.test(resource.name);
  const orgKind: Organisation['kind'] = /社会组织/.test(resource.name) ? 'social' : 'enterprise';
  const space = orgKind === 'social' ? SOCIAL_ORGANISATIONS : count <= ORGANISATIONS ? ORGANISATIONS : ORG_SPACE;
  const offset = hashString(resource.name);
  const plan: ResourcePlan = {
    resource,
    personKey,
    orgKey,
    orgKind,
    idRoles: new Set(items.filter(isIdItem).map(idRole)),
    usccRoles: new Set(items.filter(isUsccItem).map(usccRole)),
    gens: [],
    district: DISTRICTS.find((d) => resource.name.startsWith(d.name)) ?? null,
    count,
    cursor: register ? 0 : offset % Math.max(1, POPULATION - 4 * count),
    personFits: population ? () => true : (p) => p.birthYear <= 2005,
    // 7919 is prime and divides no power of ten, so i ↦ (7919·i + offset) mod space is a bijection.
    orgIndex: (i) => (mulmod(i, 7919 % space, space) + (offset % space)) % space,
  };
  for (const item of items) {
    if (item.isKey) {
      const k = keyGenerator(item, plan);
      if (count > k.capacity) throw new RangeError(`demoRows: ${resource.name} cannot have ${count} unique values of key ${item.code} (at most ${k.capacity})`);
      plan.gens.push({ code: item.code, gen: k.gen });
      continue;
    }
    const { gen, contextual } = valueGenerator(item, plan);
    // Optional items are sometimes empty, except those that follow from the row's subject.
    const optional = !item.required && !contextual;
    // The first rows are complete, so the first page a demo shows has every column filled.
    plan.gens.push({ code: item.code, gen: optional ? (row) => (row.i >= 10 && row.r.chance(0.03) ? null : gen(row)) : gen });
  }
  return plan;
}

/**
 * `count` synthetic rows for a tabular resource, keyed by data item code, every value in the
 * stored form of src/exchange/values.ts (so `validateRow` finds no issue) and every key unique.
 * Deterministic: the same resource name, count and seed give the same rows. Throws a RangeError
 * when the resource has no key item or its key cannot take `count` distinct values.
 */
export function* demoRows(resource: Resource, count: number, seed: number = DEMO_SEED): Generator<Record<string, unknown>> {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`demoRows: count must be a non-negative integer, got ${count}`);
  const plan = planResource(resource, count);
  const world = new World(seed >>> 0);
  const r = new Rng(mix(seed >>> 0, hashString(resource.name)));
  for (let i = 0; i < count; i++) {
    const row: RowCtx = { i, r, world, persons: new Map(), orgs: new Map(), district: null, lastDay: null, lastMs: null, vars: {}, plan };
    const out: Record<string, unknown> = {};
    for (const { code, gen } of plan.gens) out[code] = gen(row);
    yield out;
  }
}

// ---------------------------------------------------------------- demo resources without a database

/**
 * The resource codes the demo seed assigns: classification code + '/' + the resource's position
 * among the demo resources of that classification (the catalog numbers each classification from
 * 000001, and the seed creates the resources in DEMO_RESOURCES order). 人口基础信息 is A01/000001.
 */
export function demoResourceCode(name: string): string {
  const index = DEMO_RESOURCES.findIndex((r) => r.name === name);
  if (index < 0) throw new RangeError(`No demo resource named ${name}`);
  const cls = DEMO_RESOURCES[index]!.classification;
  const seq = DEMO_RESOURCES.slice(0, index + 1).filter((r) => r.classification === cls).length;
  return `${cls}/${pad(seq, 6)}`;
}

/**
 * A demo resource as the catalog would publish it (version 1), built without a database: for
 * tests, benchmarks and documentation examples. Provider ids are placeholders.
 */
export function demoResource(name: string): Resource {
  const r = DEMO_RESOURCES.find((x) => x.name === name);
  if (!r) throw new RangeError(`No demo resource named ${name}`);
  const tabular = r.format === 'database' || r.format === 'spreadsheet';
  const n = normalizeResourceInput({
    name: r.name,
    abstract: r.abstract,
    classificationId: `demo-${r.classification}`,
    layer: r.layer,
    format: r.format,
    secrecyLevel: r.secrecy ?? (r.sharingType === 'mandatory' ? 'public' : 'internal'),
    sharingType: r.sharingType,
    sharingConditions: r.conditions ?? '',
    legalBasis: r.legalBasis ?? '',
    sharingMethods: r.methods ?? (tabular ? ['online_query', 'batch_exchange', 'subscription'] : ['file_download']),
    updateCycle: r.updateCycle,
    updateTimeLimitDays: r.updateCycle === 'realtime' ? 0 : r.updateCycle === 'daily' ? 1 : 5,
    keywords: r.keywords,
    scenarios: r.scenarios ?? [],
    sourceSystem: r.sourceSystem ?? '',
    targetDatabase: r.targetDatabase ?? '',
    dataItems: tabular ? (r.items ?? []) : [],
  });
  const at = '2026-01-05T02:00:00.000Z';
  return {
    ...n,
    code: demoResourceCode(name),
    version: 1,
    state: 'published',
    changeKind: 'create',
    providerUnitId: `demo-unit-${r.unit}`,
    providerUnitName: DEMO_UNITS.find((u) => u.seq === r.unit)?.name ?? `demo unit ${r.unit}`,
    classificationCode: r.classification,
    classificationName: r.classification,
    publishedAt: at,
    dataItems: n.dataItems.map((d, k) => ({ ...d, seq: k + 1 })),
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    comment: null,
  };
}
