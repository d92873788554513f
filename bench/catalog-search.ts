/**
 * Catalog search end to end (issue 3, Performance; ADR 0007: p95 under 20 ms in-process on SQLite
 * at 100,000 resources). Unlike bench/search.ts, which measures the search primitives alone, this
 * loads published resources through the catalog service (importResources, publish: true) and
 * measures platform.catalog.search — filters, the page's rows, highlighting and facets — in-process
 * and over HTTP (GET /api/v1/catalog/resources with a signed-in bearer token).
 * Run alone: npx tsc -p tsconfig.build.json && node dist/bench/catalog-search.js
 *   GOVSHARE_BENCH_DIALECTS=sqlite,postgres   GOVSHARE_BENCH_CATALOG_RESOURCES=100000
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { loadConfig } from '../src/core/config.js';
import type { Dialect } from '../src/core/db/database.js';
import { createSigningKey } from '../src/audit/keys.js';
import { openPlatform, type Platform } from '../src/platform.js';
import { buildApp } from '../src/core/http/app.js';
import { demoUnitCode } from '../src/demo/seed.js';
import type { CatalogActor, ImportRow, SearchQuery } from '../src/catalog/service.js';
import type { DataItemInput, Layer, ResourceFormat, SharingMethod, UpdateCycle } from '../src/catalog/model.js';
import { createBenchDatabase } from './db.js';

export interface CatalogSearchRow {
  dialect: Dialect;
  query: string;
  facets: boolean;
  mode: 'in-process' | 'http';
  matches: number;
  'p50 ms': number;
  'p95 ms': number;
  /** In-process SQLite rows only: p95 < 20 ms. */
  target: string;
}

const RUNS = 30;
const WARMUP = 3;
const BATCH = 1000;
const UNITS = 100;
const PASSWORD = 'Bench#Catalog2026';

const SYSTEM: CatalogActor = { actorType: 'system', actorId: 'bench', actorName: 'bench', unitId: null, clientIp: null, requestId: null };

interface BenchQuery {
  label: string;
  query: SearchQuery;
}

const QUERIES: BenchQuery[] = [
  { label: '税 (1 char)', query: { q: '税' } },
  { label: '人口 (2 chars)', query: { q: '人口' } },
  { label: '法人 (2 chars)', query: { q: '法人' } },
  { label: '三亚 (2 chars)', query: { q: '三亚' } },
  { label: '崖州 (2 chars)', query: { q: '崖州' } },
  { label: '不动产登记 (5 chars)', query: { q: '不动产登记' } },
  { label: '三亚 人口 (multi-word)', query: { q: '三亚 人口' } },
  { label: '崖州 旅游 统计 (multi-word)', query: { q: '崖州 旅游 统计' } },
  { label: '人口 + layer=base', query: { q: '人口', layer: 'base' } },
  { label: '法人 facets off', query: { q: '法人', facets: false } },
  { label: '(no query, browse)', query: {} },
];

// Synthetic vocabulary in the shape of a city's catalog (only synthetic data).
const DISTRICTS = ['三亚市', '三亚市', '三亚市', '海棠区', '吉阳区', '天涯区', '崖州区', '育才生态区'];
const AGENCIES = [
  '公安局', '市场监督管理局', '自然资源和规划局', '人力资源和社会保障局', '旅游和文化广电体育局', '发展和改革委员会', '税务局',
  '卫生健康委员会', '教育局', '民政局', '住房和城乡建设局', '交通运输局', '生态环境局', '应急管理局', '综合行政执法局',
  '农业农村局', '统计局', '医疗保障局', '水务局', '大数据管理局', '财政局', '司法局', '商务局', '科技工业信息化局',
];
const TOPICS = [
  '人口', '流动人口', '户籍人口', '常住人口', '出生人口', '法人', '法人单位', '个体工商户', '企业登记', '不动产', '不动产登记',
  '土地出让', '国土空间规划', '地名地址', '社保', '社保参保', '养老保险', '失业保险', '工伤保险', '就业登记', '旅游',
  '旅游接待', '景区', '酒店住宿', '旅行社', '导游', '社会信用', '行政许可', '行政处罚', '纳税', '发票', '医疗机构',
  '执业医师', '疫苗接种', '学校', '学生学籍', '教师资格', '婚姻登记', '低保救助', '养老机构', '残疾人', '住房公积金',
  '保障性住房', '建筑施工', '公共交通', '机动车', '驾驶人', '道路运输', '港口', '空气质量', '水质监测', '污染源',
  '应急物资', '避难场所', '安全生产', '城市管理案件', '园林绿化', '农业补贴', '渔船', '热带作物', '海域使用', '财政预算',
  '政府采购', '法律援助', '宏观经济', '统计年鉴', '价格监测', '高新技术企业', '专利', '气象观测', '台风', '消防设施',
];
const QUALIFIERS = [
  '基础信息', '登记信息', '统计数据', '备案信息', '许可信息', '监测数据', '台账', '名录', '年报', '变更记录', '明细', '汇总表',
  '服务接口', '档案', '目录', '清单', '专题数据', '核查结果', '业务办理', '空间数据', '历史数据', '月报', '信息表', '数据集',
];
const SCENARIOS = [
  '应急指挥', '流动人口管理', '城市治理', '旅游监管', '营商环境', '社会救助', '信用监管', '综合执法', '防汛防台', '一网通办',
  '生态保护', '交通治理', '市场监管', '公共安全', '智慧旅游', '基层治理', '项目审批', '决策分析',
];
const ITEMS = [
  '公民身份号码', '姓名', '性别', '出生日期', '民族', '户籍地址', '现住址', '联系电话', '统一社会信用代码', '单位名称', '法定代表人',
  '注册资本', '成立日期', '经营范围', '不动产单元号', '权利人', '坐落', '面积', '用途', '参保状态', '缴费基数', '景区名称',
  '等级', '接待人次', '营业收入', '车牌号码', '案件编号', '案件类型', '处理状态', '经度', '纬度', '更新时间', '数据来源', '备注',
  '证照编号', '发证机关', '有效期起', '有效期止', '许可事项', '处罚决定书文号', '罚款金额', '纳税人识别号', '税款所属期', '应纳税额',
  '医疗机构名称', '床位数', '学校名称', '在校人数', '婚姻状况', '登记日期', '救助金额', '房屋编号', '建筑面积', '线路名称',
  '站点名称', '车辆类型', '监测点位', '监测时间', '物资名称', '储备数量', '灾害类型', '补贴金额', '船名', '作物品种', '预算金额',
];
const LAYER_LIST: Layer[] = ['base', 'platform', 'specialized', 'node'];
const CYCLES: UpdateCycle[] = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'];
const METHODS: SharingMethod[] = ['online_query', 'batch_exchange', 'file_download', 'subscription'];

/** A small deterministic PRNG, so every run loads the same catalog. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Registry {
  unitIds: string[];
  classificationIds: string[];
}

/** Resource number i: a published-ready, tabular input with ~10 data items. */
function makeRow(r: () => number, reg: Registry, i: number): ImportRow {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const district = pick(DISTRICTS);
  const agency = pick(AGENCIES);
  const topic = pick(TOPICS);
  const nItems = 8 + Math.floor(r() * 5);
  const names = new Set<string>();
  while (names.size < nItems) names.add(pick(ITEMS));
  const dataItems: DataItemInput[] = [...names].map((name, k) => ({
    name,
    code: `f${k + 1}`,
    dataType: 'C',
    length: 100,
    isKey: k === 0,
    required: k === 0,
    ...(name === '公民身份号码' && r() < 0.5 ? { elementCode: 'DE0001' } : {}),
  }));
  const format: ResourceFormat = i % 2 === 0 ? 'database' : 'spreadsheet';
  return {
    providerUnitId: reg.unitIds[i % reg.unitIds.length]!,
    input: {
      name: `${district}${topic}${pick(QUALIFIERS)}`,
      abstract:
        `${district}${agency}汇集的${topic}相关数据，包括${pick(ITEMS)}、${pick(ITEMS)}等信息，` +
        `按${pick(['日', '周', '月', '季度', '年'])}更新，服务于${pick(SCENARIOS)}和${pick(SCENARIOS)}等场景。`,
      classificationId: pick(reg.classificationIds),
      layer: pick(LAYER_LIST),
      format,
      storageFormat: 'MySQL表',
      secrecyLevel: 'internal',
      sharingType: 'mandatory',
      sharingScope: { all: true, unitIds: [] },
      sharingMethods: [METHODS[i % METHODS.length]!],
      updateCycle: pick(CYCLES),
      keywords: [topic, pick(TOPICS)].filter((k, n, a) => a.indexOf(k) === n),
      scenarios: [pick(SCENARIOS)],
      sourceSystem: `${agency}业务系统`,
      dataItems,
    },
  };
}

async function seedRegistry(platform: Platform): Promise<Registry> {
  const unitIds: string[] = [];
  for (let seq = 1; seq <= UNITS; seq++) {
    const agency = AGENCIES[(seq - 1) % AGENCIES.length]!;
    const district = DISTRICTS[3 + ((seq - 1) % 5)]!;
    const unit = await platform.org.createUnit(SYSTEM, {
      code: demoUnitCode(seq),
      name: seq <= AGENCIES.length ? `三亚市${agency}` : `${district}${agency}（${seq}）`,
      shortName: `单位${seq}`,
      kind: seq <= AGENCIES.length ? 'city_department' : 'district',
    });
    unitIds.push(unit.id);
  }
  const c = platform.catalog;
  const basic = await c.createClassification(SYSTEM, { kind: 'basic', code: '1', name: '基础信息资源' });
  const population = await c.createClassification(SYSTEM, { kind: 'basic', code: '101', name: '人口信息', parentId: basic.id });
  const legal = await c.createClassification(SYSTEM, { kind: 'basic', code: '102', name: '法人单位信息', parentId: basic.id });
  const theme = await c.createClassification(SYSTEM, { kind: 'theme', code: '2', name: '主题信息资源' });
  const department = await c.createClassification(SYSTEM, { kind: 'department', code: '3', name: '部门信息资源' });
  await c.createDataElement(SYSTEM, { code: 'DE0001', name: '公民身份号码', dataType: 'C', length: 18, authoritativeUnitId: unitIds[0]! });
  await c.createDataElement(SYSTEM, { code: 'DE0002', name: '姓名', dataType: 'C', length: 50, authoritativeUnitId: unitIds[0]! });
  return { unitIds, classificationIds: [population.id, legal.id, theme.id, department.id] };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const ms = (x: number) => Number(x.toFixed(2));

async function measure(once: () => Promise<number>): Promise<{ p50: number; p95: number; matches: number }> {
  let matches = 0;
  for (let k = 0; k < WARMUP; k++) matches = await once();
  const times: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t = performance.now();
    matches = await once();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), matches };
}

function queryString(q: SearchQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function benchDialect(dialect: Dialect, resources: number): Promise<CatalogSearchRow[]> {
  const bdb = await createBenchDatabase(dialect);
  const config = loadConfig({}, { dataDir: bdb.dataDir, databaseUrl: bdb.databaseUrl, logLevel: 'silent', rateLimitPerMinute: 0 });
  createSigningKey(config.dataDir, 'sm2');
  const platform = await openPlatform(config);
  try {
    const reg = await seedRegistry(platform);
    const r = rng(20261125);

    // Load.
    const t0 = performance.now();
    let loaded = 0;
    let items = 0;
    while (loaded < resources) {
      const n = Math.min(BATCH, resources - loaded);
      const rows = Array.from({ length: n }, (_, k) => makeRow(r, reg, loaded + k));
      items += rows.reduce((s, row) => s + (row.input.dataItems?.length ?? 0), 0);
      await platform.catalog.importResources(SYSTEM, rows, { publish: true });
      loaded += n;
      const sec = (performance.now() - t0) / 1000;
      const batchNo = loaded / BATCH;
      if (loaded === resources || batchNo === 5 || (Number.isInteger(batchNo) && batchNo % 10 === 0)) {
        const rate = loaded / sec;
        console.log(
          `  [${dialect}] loaded ${loaded}/${resources} resources (${items} data items) in ${sec.toFixed(1)} s — ${rate.toFixed(0)} resources/s` +
            (loaded < resources ? `, ETA ${((resources - loaded) / rate).toFixed(0)} s` : ''),
        );
      }
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    // What autovacuum would do shortly after a bulk load; without it the planner has no statistics.
    if (dialect === 'postgres') await sql`analyze`.execute(platform.db.kysely);
    console.log(`Catalog search [${dialect}]: loaded ${resources} published resources (${items} data items) in ${loadSeconds.toFixed(1)} s (${(resources / loadSeconds).toFixed(0)} resources/s)`);

    const out: CatalogSearchRow[] = [];
    const target = (mode: 'in-process' | 'http', p95: number) =>
      dialect === 'sqlite' && mode === 'in-process' ? (p95 < 20 ? 'p95 < 20 ms: yes' : 'p95 < 20 ms: NO') : '(reported)';

    // (a) In-process, as the routes call it: a signed-in unit user.
    const user = await platform.org.createUser(SYSTEM, { username: 'bench_reader', displayName: '基准测试用户', unitId: reg.unitIds[0]!, roles: ['unit_user'], password: PASSWORD });
    const actor: CatalogActor = { actorType: 'user', actorId: user.id, actorName: user.username, unitId: user.unitId, roles: user.roles, scopes: [], clientIp: null, requestId: null };
    for (const { label, query } of QUERIES) {
      const m = await measure(async () => (await platform.catalog.search(actor, { limit: 20, ...query })).total);
      out.push({ dialect, query: label, facets: query.facets !== false, mode: 'in-process', matches: m.matches, 'p50 ms': m.p50, 'p95 ms': m.p95, target: target('in-process', m.p95) });
    }

    // (b) Over HTTP on the loopback, sequential requests with a bearer token.
    const app = await buildApp(platform, { logger: false, serveWeb: false });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`;
      const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench_reader', password: PASSWORD }) });
      if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      const { token } = (await login.json()) as { token: string };
      const headers = { authorization: `Bearer ${token}` };
      for (const { label, query } of QUERIES) {
        const url = `${base}/catalog/resources${queryString({ limit: 20, ...query })}`;
        const m = await measure(async () => {
          const res = await fetch(url, { headers });
          if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
          return ((await res.json()) as { total: number }).total;
        });
        out.push({ dialect, query: label, facets: query.facets !== false, mode: 'http', matches: m.matches, 'p50 ms': m.p50, 'p95 ms': m.p95, target: target('http', m.p95) });
      }
    } finally {
      await app.close();
    }
    return out;
  } finally {
    await platform.close();
    await bdb.drop();
  }
}

export async function benchCatalogSearch(opts: { dialects: ('sqlite' | 'postgres')[]; resources: number }): Promise<CatalogSearchRow[]> {
  const rows: CatalogSearchRow[] = [];
  for (const dialect of opts.dialects) rows.push(...(await benchDialect(dialect, opts.resources)));
  console.log(`\nCatalog search: platform.catalog.search / GET /api/v1/catalog/resources, top 20 + total (+ facets unless off), ${RUNS} sequential runs per query after ${WARMUP} warm-ups, ${opts.resources} resources (target: in-process SQLite p95 < 20 ms)`);
  console.table(rows);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dialects = (process.env.GOVSHARE_BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as Dialect[];
  const rows = await benchCatalogSearch({ dialects, resources: Number(process.argv[2] ?? process.env.GOVSHARE_BENCH_CATALOG_RESOURCES ?? 100_000) });
  process.exitCode = rows.every((r) => !r.target.endsWith('NO')) ? 0 : 1;
}
