import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { describeEachDialect, createTestPlatform, type TestPlatform } from '../../test/helpers/platform.js';
import type { Db, Dialect } from '../core/db/database.js';
import { AppError } from '../core/errors.js';
import { FixedClock } from '../core/clock.js';
import { translate } from '../core/i18n.js';
import type { DataItem, Resource } from '../catalog/model.js';
import type { Grant } from '../sharing/model.js';
import { createDatasetTable, ident, planColumns, tableNameFor, toColumn } from './dataset.js';
import { decideRead } from './policy.js';
import {
  fetchByKey,
  filterShapeProblem,
  normalizeQuery,
  parseChangesCursor,
  parseFieldsParam,
  parseFilterParams,
  parseSortParam,
  prefixUpperBound,
  readChanges,
  runQuery,
} from './query.js';
import { canonicalKey, idNumberCheckChar, parseValue, type StoredValue } from './values.js';
import type { AccessDecision, ChangePage, DatasetSchema, ExchangeActor, Filter, RecordQuery, RecordRow, SortSpec } from './types.js';

// ---------------------------------------------------------------- fixtures

function item(code: string, dataType: DataItem['dataType'], over: Partial<DataItem> = {}): DataItem {
  return {
    seq: 0,
    name: code,
    code,
    dataType,
    length: dataType === 'C' ? 50 : dataType === 'N' || dataType === 'Y' ? 12 : null,
    precision: dataType === 'Y' ? 2 : dataType === 'N' ? 4 : null,
    required: false,
    isKey: false,
    description: '',
    codeSet: null,
    sensitivity: 'none',
    masking: 'none',
    maskingCustom: null,
    elementCode: null,
    ...over,
  };
}

const codeSet = (values: string[]) => values.map((value) => ({ value, label: value }));

/** "rates": a plain key, every data type, a code-set sort column with nulls, tombstones. */
const RATE_ITEMS: DataItem[] = [
  item('code', 'C', { name: '代码', isKey: true, required: true }),
  item('grp', 'C', { length: 4, codeSet: codeSet(['A', 'B', 'C', 'a', '中']) }),
  item('amount', 'Y'),
  item('ratio', 'N'),
  item('cnt', 'I'),
  item('flag', 'L'),
  item('day', 'D'),
  item('ts', 'T'),
  item('note', 'M'),
  item('val', 'F'),
].map((i, n) => ({ ...i, seq: n + 1 }));

/** "people": the key is a citizen ID number, masked for consumers. */
const PEOPLE_ITEMS: DataItem[] = [
  item('sfzh', 'C', { name: '公民身份号码', length: 18, isKey: true, required: true, sensitivity: 'privacy', masking: 'id_card' }),
  item('xm', 'C', { name: '姓名', sensitivity: 'privacy', masking: 'name' }),
  item('lxdh', 'C', { name: '联系电话', sensitivity: 'privacy', masking: 'phone' }),
  item('xzqh', 'C', { name: '行政区划', length: 6, codeSet: codeSet(['460202', '460203', '460204', '460205']) }),
  item('csrq', 'D', { name: '出生日期' }),
  item('nl', 'I', { name: '年龄', sensitivity: 'privacy', masking: 'custom', maskingCustom: { keepStart: 0, keepEnd: 1, maskChar: '#' } }),
].map((i, n) => ({ ...i, seq: n + 1 }));

/** "volumes": a composite key of a decimal and an integer (count cap, numeric key order). */
const VOLUME_ITEMS: DataItem[] = [item('nd', 'N', { isKey: true, required: true }), item('xh', 'I', { isKey: true, required: true }), item('v', 'C')].map((i, n) => ({ ...i, seq: n + 1 }));

const PROVIDER = 'unit-provider';
const CONSUMER = 'unit-consumer';
const NOW = new Date('2026-12-01T04:00:00.000Z');

function resourceOf(code: string, items: DataItem[], over: Partial<Resource> = {}): Resource {
  return {
    code,
    version: 1,
    state: 'published',
    changeKind: 'create',
    name: code,
    abstract: '',
    providerUnitId: PROVIDER,
    providerUnitName: '提供单位',
    providerDepartment: '',
    classificationId: 'c',
    classificationCode: '101',
    classificationName: '人口',
    layer: 'base',
    format: 'database',
    storageFormat: '',
    secrecyLevel: 'internal',
    dataGrade: 'general',
    sharingType: 'mandatory',
    sharingConditions: '',
    sharingScope: { all: true, unitIds: [] },
    legalBasis: '',
    sharingMethods: ['online_query'],
    openAttribute: 'closed',
    updateCycle: 'monthly',
    updateTimeLimitDays: 5,
    publishedAt: null,
    relatedCodes: [],
    keywords: [],
    scenarios: [],
    sourceSystem: '',
    targetDatabase: '',
    metadataOnly: false,
    dataItems: items,
    createdAt: '',
    updatedAt: '',
    submittedAt: null,
    comment: null,
    ...over,
  };
}

function actor(unitId: string): ExchangeActor {
  return { kind: 'user', actorType: 'user', actorId: 'u', actorName: 'u', unitId, roles: ['unit_user'], scopes: ['data:read'], systemId: null, clientIp: null, requestId: null };
}

function grantOf(resourceCode: string, over: Partial<Grant>): Grant {
  return {
    id: `grant-${Math.random().toString(36).slice(2)}`,
    resourceCode,
    consumerUnitId: CONSUMER,
    consumerSystemId: null,
    fields: null,
    rowFilter: [],
    masking: {},
    purpose: 'test',
    legalBasis: '',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: null,
    quotaRequestsPerDay: null,
    quotaRowsPerDay: null,
    state: 'active',
    stateReason: null,
    createdBy: 't',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

const providerDecision = (schema: DatasetSchema): AccessDecision => ({ basis: 'provider', grantId: null, fields: schema.items.map((i) => i.code), masks: {}, rowFilter: [], quota: null });

/** Canonical stored value of `raw` for `item` (what an upload would store). */
function stored(it: DataItem, raw: unknown): StoredValue {
  const r = parseValue(it, raw);
  if (!r.ok) throw new Error(`bad fixture value ${String(raw)} for ${it.code}: ${r.code}`);
  return r.value;
}

interface Row {
  values: Record<string, StoredValue>;
  key: string;
  seq: number;
  deleted: boolean;
}

async function buildTable(db: Db, code: string, items: DataItem[], rows: Omit<Row, 'key' | 'seq'>[]): Promise<{ schema: DatasetSchema; rows: Row[] }> {
  const dialect = db.dialect;
  const table = tableNameFor(code);
  const plan = planColumns(dialect, items, {});
  await createDatasetTable(db.kysely, dialect, table, Object.values(plan.columns));
  const full: Row[] = rows.map((r, i) => ({ ...r, key: canonicalKey(items, r.values), seq: i + 1 }));
  const cols = ['_key', '_seq', '_rev', '_updated_at', '_deleted', '_batch', ...items.map((i) => i.code)];
  for (let i = 0; i < full.length; i += 400) {
    const chunk = full.slice(i, i + 400).map(
      (r) =>
        sql`(${sql.join([
          sql`${r.key}`,
          sql`${r.seq}`,
          sql`${1 + (r.seq % 3)}`,
          sql`${new Date(Date.UTC(2026, 10, 1) + r.seq * 1000).toISOString()}`,
          sql`${r.deleted ? 1 : 0}`,
          sql`${null}`,
          ...items.map((it) => sql`${toColumn(dialect, it.dataType, r.values[it.code] ?? null)}`),
        ])})`,
    );
    await sql`insert into ${ident(table)} (${sql.join(cols.map((c) => ident(c)))}) values ${sql.join(chunk)}`.execute(db.kysely);
  }
  const keyItems = items.filter((i) => i.isKey).map((i) => i.code);
  return { schema: { resourceCode: code, table, items, version: 1, columns: plan.columns, keyItems, lastSeq: full.length, rowCount: full.length, lastUpdateAt: null }, rows: full };
}

const SPECIAL_CODES = ['alpha', 'Alpha', 'beta_1', 'beta%2', 'beta12', 'betaX', '中文', 'émile', '😀x', 'ｚ', 'Zeta', 'z', "o'brien"];

function rateRows(): Omit<Row, 'key' | 'seq'>[] {
  const it = Object.fromEntries(RATE_ITEMS.map((i) => [i.code, i]));
  const out: Omit<Row, 'key' | 'seq'>[] = [];
  for (let i = 0; i < 2500; i++) {
    const dayMs = Date.UTC(2020, 0, 1) + ((i * 37) % 2000) * 86_400_000;
    out.push({
      deleted: i % 97 === 5,
      values: {
        code: i < SPECIAL_CODES.length ? SPECIAL_CODES[i]! : `r${String(i).padStart(4, '0')}`,
        grp: ['A', 'B', 'C', 'a', '中', null][i % 6]!,
        amount: i % 7 === 0 ? null : stored(it.amount!, (i * 3.25 - 1000).toFixed(2)),
        ratio: stored(it.ratio!, String((i % 50) * 1.5 - 10)),
        cnt: i % 13 === 0 ? null : (i * 7) % 101,
        flag: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
        day: i % 11 === 0 ? null : new Date(dayMs).toISOString().slice(0, 10),
        ts: i % 9 === 0 ? null : new Date(Date.UTC(2025, 0, 1) + i * 5 * 3_600_000 + (i % 1000)).toISOString(),
        note: `备注 ${i}${i % 10 === 0 ? '\n第二行' : ''}`,
        val: i / 4,
      },
    });
  }
  return out;
}

function idNumber(n: number): string {
  const first17 = `460200${1950 + (n % 50)}0${1 + (n % 9)}1${n % 10}${String(n).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

function peopleRows(): Omit<Row, 'key' | 'seq'>[] {
  const out: Omit<Row, 'key' | 'seq'>[] = [];
  for (let i = 0; i < 40; i++) {
    out.push({
      deleted: i === 7,
      values: {
        sfzh: idNumber(i),
        xm: ['张测试', '李演示', '王样例', 'Test Person'][i % 4]!,
        lxdh: `1380000${String(1000 + i).padStart(4, '0')}`,
        xzqh: ['460202', '460203', '460204', '460205'][i % 4]!,
        csrq: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
        nl: 20 + i,
      },
    });
  }
  return out;
}

function volumeRows(): Omit<Row, 'key' | 'seq'>[] {
  const out: Omit<Row, 'key' | 'seq'>[] = [];
  const nds = ['9', '10', '-2.5', '100.25', '0.5'];
  for (let i = 0; i < 10_050; i++) out.push({ deleted: false, values: { nd: nds[i % 5]!, xh: Math.floor(i / 5), v: i < 20 ? 'few' : 'many' } });
  return out;
}

// ---------------------------------------------------------------- helpers

/** Code point order (what both dialects must implement for text). */
function cmpText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function cmpValue(a: StoredValue, b: StoredValue, dataType: DataItem['dataType']): number {
  if (typeof a === 'string' && typeof b === 'string') return dataType === 'N' || dataType === 'Y' ? Number(a) - Number(b) : cmpText(a, b);
  return Number(a) - Number(b);
}

function sortRows(rows: Row[], sort: SortSpec[], items: DataItem[], keyDir: 'asc' | 'desc' = 'asc', tiebreak: '_key' | '_seq' = '_key'): Row[] {
  const byCode = new Map(items.map((i) => [i.code, i]));
  return [...rows].sort((x, y) => {
    for (const s of sort) {
      const a = x.values[s.field] ?? null;
      const b = y.values[s.field] ?? null;
      if (a === null && b === null) continue;
      if (a === null) return 1; // nulls last either way
      if (b === null) return -1;
      const c = cmpValue(a, b, byCode.get(s.field)!.dataType);
      if (c !== 0) return s.dir === 'asc' ? c : -c;
    }
    const c = tiebreak === '_key' ? cmpText(x.key, y.key) : x.seq - y.seq;
    return keyDir === 'asc' ? c : -c;
  });
}

async function allPages(db: Db, schema: DatasetSchema, d: AccessDecision, q: RecordQuery): Promise<{ rows: RecordRow[]; pages: number }> {
  const rows: RecordRow[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await runQuery(db, schema, d, { ...q, cursor });
    rows.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    if (pages > 1000) throw new Error('runaway pagination');
  } while (cursor);
  return { rows, pages };
}

async function problem(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

// ---------------------------------------------------------------- pure parts

describe('query parameters', () => {
  it('parseFilterParams: field:op[:value], the value keeps its colons, in splits on commas', () => {
    expect(parseFilterParams(undefined)).toEqual([]);
    expect(parseFilterParams('ts:gte:2026-01-05T08:30:00+08:00')).toEqual([{ field: 'ts', op: 'gte', value: '2026-01-05T08:30:00+08:00' }]);
    expect(parseFilterParams(['grp:in:A,B,中', 'note:isnull', 'cnt:notnull:', 'code:eq:'])).toEqual([
      { field: 'grp', op: 'in', value: ['A', 'B', '中'] },
      { field: 'note', op: 'isnull' },
      { field: 'cnt', op: 'notnull' },
      { field: 'code', op: 'eq', value: '' },
    ]);
  });

  it('parseFilterParams: 400 bad_filter quoting the offending text', async () => {
    for (const bad of ['grp', ':eq:A', 'grp:like:A', 'grp:eq', 'note:isnull:x']) {
      const e = await problem(() => parseFilterParams(['code:eq:x', bad]));
      expect([e.status, e.code, e.params.filter]).toEqual([400, 'bad_filter', bad]);
    }
  });

  it('parseSortParam, parseFieldsParam, parseChangesCursor', async () => {
    expect(parseSortParam('grp,day:desc')).toEqual([
      { field: 'grp', dir: 'asc' },
      { field: 'day', dir: 'desc' },
    ]);
    expect(parseSortParam(undefined)).toBeUndefined();
    expect((await problem(() => parseSortParam('grp:down'))).code).toBe('bad_sort');
    expect(parseSortParam(' grp , day : desc ')).toEqual([
      { field: 'grp', dir: 'asc' },
      { field: 'day', dir: 'desc' },
    ]);
    expect(parseSortParam('')).toBeUndefined();
    expect(parseSortParam(',')).toBeUndefined();
    for (const bad of ['grp:asc:x', ':desc', 'grp:up']) expect((await problem(() => parseSortParam(bad))).code).toBe('bad_sort');
    expect(parseFieldsParam('a,b,,c')).toEqual(['a', 'b', 'c']);
    expect(parseFieldsParam(' a , b ')).toEqual(['a', 'b']);
    // An empty projection is no projection: every visible item (not only the key metadata).
    expect(parseFieldsParam('')).toBeUndefined();
    expect(parseFieldsParam(' , ')).toBeUndefined();
    expect(parseFieldsParam(undefined)).toBeUndefined();
    expect(parseChangesCursor(undefined)).toBe(0);
    expect(parseChangesCursor('1234')).toBe(1234);
    for (const bad of ['-1', '1.5', 'abc', '1e3', '9999999999999999']) expect((await problem(() => parseChangesCursor(bad))).code).toBe('bad_cursor');
  });

  it('filterShapeProblem accepts well-formed filters only', () => {
    expect(filterShapeProblem({ field: 'xzqh', op: 'eq', value: '460202' })).toBeNull();
    expect(filterShapeProblem({ field: 'xzqh', op: 'in', value: ['460202', 1, true] })).toBeNull();
    expect(filterShapeProblem({ field: 'xzqh', op: 'isnull' })).toBeNull();
    for (const bad of [null, [], { field: 'X', op: 'eq', value: 1 }, { field: 'a', op: 'like', value: 1 }, { field: 'a', op: 'eq' }, { field: 'a', op: 'in', value: [] }, { field: 'a', op: 'isnull', value: 1 }, { field: 'a', op: 'eq', value: {} }, { field: 'a', op: 'eq', value: 1, extra: 1 }]) {
      expect(filterShapeProblem(bad)).not.toBeNull();
    }
  });

  it('prefixUpperBound is the next string in code point order', () => {
    expect(prefixUpperBound('abc')).toBe('abd');
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}')).toBeNull();
    expect(prefixUpperBound('a\uD7FF')).toBe('a\uE000');
    expect(prefixUpperBound('x😀')).toBe('x😁');
  });
});

// ---------------------------------------------------------------- on both dialects

describeEachDialect('exchange query engine', (dialect: Dialect) => {
  let tp: TestPlatform;
  let db: Db;
  let rates: { schema: DatasetSchema; rows: Row[] };
  let people: { schema: DatasetSchema; rows: Row[] };
  let volumes: { schema: DatasetSchema; rows: Row[] };
  const it_ = (code: string) => RATE_ITEMS.find((i) => i.code === code)!;

  beforeAll(async () => {
    tp = await createTestPlatform(dialect);
    db = tp.platform.db;
    rates = await buildTable(db, 'Q01/000001', RATE_ITEMS, rateRows());
    people = await buildTable(db, 'Q01/000002', PEOPLE_ITEMS, peopleRows());
    volumes = await buildTable(db, 'Q01/000003', VOLUME_ITEMS, volumeRows());
  });
  afterAll(async () => {
    await tp?.cleanup();
  });

  const live = (rows: Row[]) => rows.filter((r) => !r.deleted);

  /** Every key a query returns (all pages), checking that no row comes twice. */
  async function keysOf(filters: Filter[], d?: AccessDecision, schema?: DatasetSchema): Promise<string[]> {
    const s = schema ?? rates.schema;
    const { rows } = await allPages(db, s, d ?? providerDecision(s), { filters, limit: 1000 });
    const keys = rows.map((r) => r._key);
    expect(new Set(keys).size).toBe(keys.length);
    return keys.sort(cmpText);
  }
  const expectKeys = (pred: (v: Record<string, StoredValue>) => boolean) =>
    live(rates.rows)
      .filter((r) => pred(r.values))
      .map((r) => r.key)
      .sort(cmpText);

  describe('filters', () => {
    it('eq / ne / in on text with a code set; ne includes rows without a value', async () => {
      expect(await keysOf([{ field: 'grp', op: 'eq', value: '中' }])).toEqual(expectKeys((v) => v.grp === '中'));
      expect(await keysOf([{ field: 'grp', op: 'ne', value: 'A' }])).toEqual(expectKeys((v) => v.grp !== 'A'));
      expect(await keysOf([{ field: 'grp', op: 'in', value: ['a', 'B'] }])).toEqual(expectKeys((v) => v.grp === 'a' || v.grp === 'B'));
      // case-sensitive on both dialects
      expect(await keysOf([{ field: 'grp', op: 'eq', value: 'a' }])).toEqual(expectKeys((v) => v.grp === 'a'));
    });

    it('a value outside the code set is a 400 bad_filter_value with the value problem', async () => {
      const e = await problem(async () => normalizeQuery(rates.schema, providerDecision(rates.schema), { filters: [{ field: 'grp', op: 'in', value: ['A', 'Q'] }] }));
      expect([e.status, e.code]).toEqual([400, 'bad_filter_value']);
      expect(e.fieldErrors[0]).toMatchObject({ field: 'filters/0/value/1', code: 'bad_filter_value', messageKey: 'exchange.value.not_in_code_set' });
    });

    it('isnull / notnull', async () => {
      expect(await keysOf([{ field: 'grp', op: 'isnull' }])).toEqual(expectKeys((v) => v.grp === null));
      expect(await keysOf([{ field: 'day', op: 'notnull' }, { field: 'flag', op: 'isnull' }])).toEqual(expectKeys((v) => v.day !== null && v.flag === null));
    });

    it('I ranges and in with numbers given as text', async () => {
      expect(await keysOf([{ field: 'cnt', op: 'gt', value: 90 }])).toEqual(expectKeys((v) => v.cnt !== null && (v.cnt as number) > 90));
      expect(await keysOf([{ field: 'cnt', op: 'gte', value: '10' }, { field: 'cnt', op: 'lte', value: '12' }])).toEqual(expectKeys((v) => v.cnt !== null && (v.cnt as number) >= 10 && (v.cnt as number) <= 12));
      expect(await keysOf([{ field: 'cnt', op: 'in', value: ['7', 14, '21'] }])).toEqual(expectKeys((v) => v.cnt === 7 || v.cnt === 14 || v.cnt === 21));
    });

    it('N / Y ranges compare numerically (9 < 10), with negatives and decimals', async () => {
      expect(await keysOf([{ field: 'ratio', op: 'gte', value: '9' }, { field: 'ratio', op: 'lt', value: '10' }])).toEqual(expectKeys((v) => Number(v.ratio) >= 9 && Number(v.ratio) < 10));
      expect(await keysOf([{ field: 'ratio', op: 'lte', value: '-8.5' }])).toEqual(expectKeys((v) => Number(v.ratio) <= -8.5));
      expect(await keysOf([{ field: 'amount', op: 'gt', value: '5000.5' }])).toEqual(expectKeys((v) => v.amount !== null && Number(v.amount) > 5000.5));
      expect(await keysOf([{ field: 'amount', op: 'eq', value: '-996.75' }])).toEqual(expectKeys((v) => v.amount === '-996.75'));
      expect(await keysOf([{ field: 'ratio', op: 'eq', value: '0010.000' }])).toEqual(expectKeys((v) => v.ratio === '10'));
    });

    it('D ranges', async () => {
      const got = await keysOf([
        { field: 'day', op: 'gte', value: '2021-03-01' },
        { field: 'day', op: 'lt', value: '2021/06/01' },
      ]);
      expect(got).toEqual(expectKeys((v) => v.day !== null && (v.day as string) >= '2021-03-01' && (v.day as string) < '2021-06-01'));
      expect(got.length).toBeGreaterThan(10);
    });

    it('T ranges: a time without offset is China Standard Time, with offset converted', async () => {
      const lo = '2025-03-01T00:00:00.000Z';
      const hi = '2025-03-05T12:00:00.000Z';
      const want = expectKeys((v) => v.ts !== null && (v.ts as string) >= lo && (v.ts as string) <= hi);
      expect(await keysOf([{ field: 'ts', op: 'gte', value: '2025-03-01T08:00:00' }, { field: 'ts', op: 'lte', value: '2025-03-05T20:00:00+08:00' }])).toEqual(want);
      expect(want.length).toBeGreaterThan(5);
    });

    it('L eq', async () => {
      expect(await keysOf([{ field: 'flag', op: 'eq', value: true }])).toEqual(expectKeys((v) => v.flag === true));
      expect(await keysOf([{ field: 'flag', op: 'eq', value: '否' }])).toEqual(expectKeys((v) => v.flag === false));
    });

    it('prefix is literal (% and _ are not wildcards), case-sensitive, and works beyond the BMP', async () => {
      expect(await keysOf([{ field: 'code', op: 'prefix', value: 'beta_' }])).toEqual(['beta_1']);
      expect(await keysOf([{ field: 'code', op: 'prefix', value: 'beta%' }])).toEqual(['beta%2']);
      // betaX is a tombstone
      expect(await keysOf([{ field: 'code', op: 'prefix', value: 'beta' }])).toEqual(['beta%2', 'beta12', 'beta_1'].sort(cmpText));
      expect(await keysOf([{ field: 'code', op: 'prefix', value: 'Beta' }])).toEqual([]);
      expect(await keysOf([{ field: 'code', op: 'prefix', value: 'al' }])).toEqual(['alpha']);
      expect(await keysOf([{ field: 'code', op: 'prefix', value: '😀' }])).toEqual(['😀x']);
      expect(await keysOf([{ field: 'note', op: 'prefix', value: '备注 24' }])).toEqual(expectKeys((v) => (v.note as string).startsWith('备注 24')));
    });

    it('SQL in a value is only a value: no rows, the table intact', async () => {
      const attack = "' or 1=1 --";
      expect(await keysOf([{ field: 'code', op: 'eq', value: attack }])).toEqual([]);
      expect(await keysOf([{ field: 'note', op: 'prefix', value: attack }])).toEqual([]);
      expect(await keysOf([{ field: 'code', op: 'in', value: [attack, "x'); drop table t; --"] }])).toEqual([]);
      expect(await keysOf([{ field: 'code', op: 'eq', value: "o'brien" }])).toEqual(["o'brien"]);
      // a value the item type cannot hold is a 400, not SQL
      expect((await problem(runQuery(db, rates.schema, providerDecision(rates.schema), { filters: [{ field: 'cnt', op: 'eq', value: '1 or 1=1' }] }))).code).toBe('bad_filter_value');
      const count = await runQuery(db, rates.schema, providerDecision(rates.schema), { filters: [], count: true, limit: 1 });
      expect(count.total).toBe(live(rates.rows).length);
    });

    it('validates everything up front with field errors', async () => {
      const d: AccessDecision = { ...providerDecision(rates.schema), fields: ['code', 'grp', 'cnt', 'note', 'day'], masks: { note: { rule: 'custom', custom: null } } };
      const cases: [RecordQuery, string, string][] = [
        [{ filters: [{ field: 'nope', op: 'eq', value: 1 }] }, 'unknown_field', 'filters/0/field'],
        [{ filters: [{ field: '_key', op: 'eq', value: 1 }] }, 'unknown_field', 'filters/0/field'],
        [{ filters: [{ field: 'ratio', op: 'eq', value: '1' }] }, 'field_not_visible', 'filters/0/field'],
        [{ filters: [{ field: 'note', op: 'prefix', value: '备注' }] }, 'masked_field_filter', 'filters/0/op'],
        [{ filters: [{ field: 'note', op: 'gt', value: '备注' }] }, 'masked_field_filter', 'filters/0/op'],
        [{ filters: [{ field: 'note', op: 'ne', value: '备注' }] }, 'masked_field_filter', 'filters/0/op'],
        [{ filters: [{ field: 'cnt', op: 'prefix', value: '1' }] }, 'bad_filter_op', 'filters/0/op'],
        [{ filters: [{ field: 'cnt', op: 'like' as never, value: '1' }] }, 'bad_filter_op', 'filters/0/op'],
        [{ filters: [{ field: 'day', op: 'gt', value: '2021-02-30' }] }, 'bad_filter_value', 'filters/0/value'],
        [{ filters: [{ field: 'cnt', op: 'eq' }] }, 'bad_filter_value', 'filters/0/value'],
        [{ filters: [{ field: 'cnt', op: 'isnull', value: 3 }] }, 'bad_filter_value', 'filters/0/value'],
        [{ filters: [{ field: 'cnt', op: 'in', value: [] }] }, 'bad_filter_value', 'filters/0/value'],
        [{ filters: [{ field: 'cnt', op: 'in', value: Array.from({ length: 1001 }, (_, i) => i) }] }, 'bad_filter_value', 'filters/0/value'],
        [{ filters: Array.from({ length: 21 }, () => ({ field: 'cnt', op: 'notnull' as const })) }, 'too_many_filters', 'filters'],
        [{ filters: [], sort: [{ field: 'cnt', dir: 'asc' }] }, 'not_sortable', 'sort/0'],
        [{ filters: [], sort: [{ field: 'note', dir: 'asc' }] }, 'not_sortable', 'sort/0'],
        [{ filters: [], sort: [{ field: 'ts', dir: 'asc' }] }, 'field_not_visible', 'sort/0'],
        [{ filters: [], sort: [{ field: 'day', dir: 'up' as never }] }, 'bad_sort', 'sort/0'],
        [{ filters: [], sort: [{ field: '_key', dir: 'asc' }, { field: 'day', dir: 'asc' }] }, 'not_sortable', 'sort/1'],
        [{ filters: [], fields: ['code', 'ratio'] }, 'field_not_visible', 'fields/1'],
        [{ filters: [], fields: ['code', 'zzz'] }, 'unknown_field', 'fields/1'],
        [{ filters: [], limit: 0 }, 'bad_limit', 'limit'],
        [{ filters: [], limit: 1001 }, 'bad_limit', 'limit'],
        [{ filters: [], limit: 2.5 }, 'bad_limit', 'limit'],
      ];
      for (const [q, code, field] of cases) {
        const e = await problem(async () => normalizeQuery(rates.schema, d, q));
        expect([e.status, e.code], JSON.stringify(q).slice(0, 200)).toEqual([400, code]);
        expect(e.fieldErrors[0]!.field).toBe(field);
        expect(translate(e.messageKey, 'en', e.params)).not.toMatch(/\{\w+\}/);
      }
      // several problems are reported together
      const many = await problem(async () => normalizeQuery(rates.schema, d, { filters: [{ field: 'nope', op: 'eq', value: 1 }, { field: 'ratio', op: 'eq', value: 1 }], limit: 0 }));
      expect(many.fieldErrors.map((f) => f.code)).toEqual(['unknown_field', 'field_not_visible', 'bad_limit']);
      // eq / in / isnull on a masked field are allowed (the caller already knows the value)
      expect(() => normalizeQuery(rates.schema, d, { filters: [{ field: 'note', op: 'eq', value: '备注 1' }, { field: 'note', op: 'in', value: ['备注 2'] }, { field: 'note', op: 'notnull' }] })).not.toThrow();
    });
  });

  describe('projection, sorting and pagination', () => {
    it('projects the requested fields (in the requested order) after the metadata', async () => {
      const page = await runQuery(db, rates.schema, providerDecision(rates.schema), { filters: [{ field: 'code', op: 'eq', value: 'alpha' }], fields: ['cnt', 'code', 'cnt'] });
      expect(page.items).toHaveLength(1);
      const row = page.items[0]!;
      expect(Object.keys(row)).toEqual(['_key', '_rev', '_updatedAt', 'cnt', 'code']);
      expect(row).toMatchObject({ _key: 'alpha', code: 'alpha', cnt: null });
      expect(typeof row._rev).toBe('number');
      expect(row._updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('returns every type in its stored form', async () => {
      const r = rates.rows.find((x) => x.values.code === 'r0100')!;
      const page = await runQuery(db, rates.schema, providerDecision(rates.schema), { filters: [{ field: 'code', op: 'eq', value: 'r0100' }] });
      const { _key, _rev, _updatedAt, ...values } = page.items[0]!;
      expect(_key).toBe('r0100');
      expect(values).toEqual(r.values);
    });

    it('default order is _key ascending in code point order, the same on both dialects', async () => {
      const { rows } = await allPages(db, rates.schema, providerDecision(rates.schema), { filters: [], fields: ['code'], limit: 1000 });
      expect(rows.map((r) => r._key)).toEqual(sortRows(live(rates.rows), [], RATE_ITEMS).map((r) => r.key));
    });

    const orders: { name: string; sort: SortSpec[]; keyDir?: 'asc' | 'desc'; limit: number }[] = [
      { name: 'grp asc (non-unique, nulls last)', sort: [{ field: 'grp', dir: 'asc' }], limit: 97 },
      { name: 'grp desc (nulls still last)', sort: [{ field: 'grp', dir: 'desc' }], limit: 250 },
      { name: 'grp desc, day asc, _key desc', sort: [{ field: 'grp', dir: 'desc' }, { field: 'day', dir: 'asc' }], keyDir: 'desc', limit: 113 },
      { name: 'ts desc', sort: [{ field: 'ts', dir: 'desc' }], limit: 1000 },
    ];
    for (const o of orders) {
      it(`cursor pagination over 2,500 rows visits every live row exactly once in order: ${o.name}`, async () => {
        const sort = o.keyDir ? [...o.sort, { field: '_key', dir: o.keyDir }] : o.sort;
        const { rows, pages } = await allPages(db, rates.schema, providerDecision(rates.schema), { filters: [], sort, limit: o.limit, fields: ['grp'] });
        const want = sortRows(live(rates.rows), o.sort, RATE_ITEMS, o.keyDir ?? 'asc').map((r) => r.key);
        expect(rows.map((r) => r._key)).toEqual(want);
        expect(pages).toBe(Math.ceil(want.length / o.limit) + (want.length % o.limit === 0 ? 1 : 0));
      });
    }

    it('pagination with a filter and a row filter', async () => {
      const d: AccessDecision = { ...providerDecision(rates.schema), rowFilter: [{ field: 'flag', op: 'eq', value: true }] };
      const { rows } = await allPages(db, rates.schema, d, { filters: [{ field: 'cnt', op: 'lt', value: 50 }], sort: [{ field: 'day', dir: 'desc' }], limit: 40 });
      const want = sortRows(live(rates.rows).filter((r) => r.values.flag === true && r.values.cnt !== null && (r.values.cnt as number) < 50), [{ field: 'day', dir: 'desc' }], RATE_ITEMS);
      expect(rows.map((r) => r._key)).toEqual(want.map((r) => r.key));
    });

    it('sorts a decimal key numerically; composite keys are JSON arrays', async () => {
      const d = providerDecision(volumes.schema);
      const page = await runQuery(db, volumes.schema, d, { filters: [{ field: 'xh', op: 'eq', value: 0 }], sort: [{ field: 'nd', dir: 'asc' }] });
      expect(page.items.map((r) => r.nd)).toEqual(['-2.5', '0.5', '9', '10', '100.25']);
      expect(page.items[0]!._key).toBe('["-2.5",0]');
      const desc = await runQuery(db, volumes.schema, d, { filters: [{ field: 'xh', op: 'lte', value: 1 }], sort: [{ field: 'nd', dir: 'desc' }, { field: 'xh', dir: 'desc' }], limit: 3 });
      expect(desc.items.map((r) => [r.nd, r.xh])).toEqual([
        ['100.25', 1],
        ['100.25', 0],
        ['10', 1],
      ]);
      const next = await runQuery(db, volumes.schema, d, { filters: [{ field: 'xh', op: 'lte', value: 1 }], sort: [{ field: 'nd', dir: 'desc' }, { field: 'xh', dir: 'desc' }], limit: 3, cursor: desc.nextCursor });
      expect(next.items.map((r) => [r.nd, r.xh])).toEqual([
        ['10', 0],
        ['9', 1],
        ['9', 0],
      ]);
    });

    it('400 bad_cursor for garbage and for a cursor of another query', async () => {
      const d = providerDecision(rates.schema);
      const first = await runQuery(db, rates.schema, d, { filters: [{ field: 'grp', op: 'eq', value: 'A' }], sort: [{ field: 'day', dir: 'asc' }], limit: 10 });
      expect(first.nextCursor).toBeTruthy();
      const bad: (string | number)[] = [
        'garbage!',
        'eyJ2IjpbXX0',
        Buffer.from('{"v":[1],"k":"x","h":"nope"}').toString('base64url'),
        Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString()), v: ["2021-02-30"] })).toString('base64url'),
        Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString()), k: 5 })).toString('base64url'),
        12,
      ];
      for (const cursor of bad) {
        const e = await problem(runQuery(db, rates.schema, d, { filters: [{ field: 'grp', op: 'eq', value: 'A' }], sort: [{ field: 'day', dir: 'asc' }], cursor: cursor as string }));
        expect([e.status, e.code]).toEqual([400, 'bad_cursor']);
      }
      // same cursor, another filter / sort / projection / row filter
      const other: RecordQuery[] = [
        { filters: [{ field: 'grp', op: 'eq', value: 'B' }], sort: [{ field: 'day', dir: 'asc' }] },
        { filters: [{ field: 'grp', op: 'eq', value: 'A' }], sort: [{ field: 'day', dir: 'desc' }] },
        { filters: [{ field: 'grp', op: 'eq', value: 'A' }], sort: [{ field: 'day', dir: 'asc' }], fields: ['code'] },
      ];
      for (const q of other) expect((await problem(runQuery(db, rates.schema, d, { ...q, cursor: first.nextCursor }))).code).toBe('bad_cursor');
      const narrowed: AccessDecision = { ...d, rowFilter: [{ field: 'flag', op: 'eq', value: true }] };
      expect((await problem(runQuery(db, rates.schema, narrowed, { filters: [{ field: 'grp', op: 'eq', value: 'A' }], sort: [{ field: 'day', dir: 'asc' }], limit: 10, cursor: first.nextCursor }))).code).toBe('bad_cursor');
      // while the same query continues fine, with a different page size too
      const second = await runQuery(db, rates.schema, d, { filters: [{ field: 'grp', op: 'eq', value: 'A' }], sort: [{ field: 'day', dir: 'asc' }], limit: 5, cursor: first.nextCursor });
      expect(second.items).toHaveLength(5);
    });

    it('count: exact up to 10,000, then capped', async () => {
      const d = providerDecision(volumes.schema);
      const all = await runQuery(db, volumes.schema, d, { filters: [], count: true, limit: 5 });
      expect([all.total, all.totalCapped, all.items.length]).toEqual([10_000, true, 5]);
      const few = await runQuery(db, volumes.schema, d, { filters: [{ field: 'v', op: 'eq', value: 'few' }], count: true, limit: 5 });
      expect([few.total, few.totalCapped]).toEqual([20, false]);
      const none = await runQuery(db, volumes.schema, d, { filters: [{ field: 'v', op: 'eq', value: 'none' }], count: true });
      expect([none.total, none.totalCapped, none.items, none.nextCursor]).toEqual([0, false, [], null]);
      const noCount = await runQuery(db, volumes.schema, d, { filters: [], limit: 1 });
      expect(noCount.total).toBeUndefined();
      // the count ignores the cursor: it is the query's total
      const page2 = await runQuery(db, rates.schema, providerDecision(rates.schema), { filters: [{ field: 'grp', op: 'eq', value: 'A' }], count: true, limit: 10 });
      const page3 = await runQuery(db, rates.schema, providerDecision(rates.schema), { filters: [{ field: 'grp', op: 'eq', value: 'A' }], count: true, limit: 10, cursor: page2.nextCursor });
      expect(page3.total).toBe(page2.total);
      expect(page2.total).toBe(expectKeys((v) => v.grp === 'A').length);
    });
  });

  describe('masking and grants', () => {
    const peopleResource = (over: Partial<Resource> = {}) => resourceOf('Q01/000002', PEOPLE_ITEMS, over);
    const sample = () => people.rows.find((r) => !r.deleted && r.values.xm === '张测试')!;

    it('the provider sees every value as stored', async () => {
      const d = decideRead(actor(PROVIDER), peopleResource(), [], NOW);
      const s = sample();
      const row = await fetchByKey(db, people.schema, d, s.key);
      expect(row).toMatchObject({ _key: s.key, ...s.values });
    });

    it('mandatory consumers get id_card / name / phone / custom masks, the key masked too, and pagination by _seq', async () => {
      const d = decideRead(actor(CONSUMER), peopleResource(), [], NOW);
      const s = sample();
      const row = (await runQuery(db, people.schema, d, { filters: [{ field: 'sfzh', op: 'eq', value: s.values.sfzh }] })).items[0]!;
      const id = s.values.sfzh as string;
      expect(row.sfzh).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
      expect(row._key).toBe(row.sfzh);
      expect(row.xm).toBe('张**');
      expect(row.lxdh).toBe(`138****${(s.values.lxdh as string).slice(7)}`);
      expect(row.nl).toBe(`#${String(s.values.nl).slice(1)}`);
      expect(row.xzqh).toBe(s.values.xzqh);
      expect(row.csrq).toBe(s.values.csrq);
      // no raw ID number anywhere in the page or its cursor
      const page = await runQuery(db, people.schema, d, { filters: [], limit: 5 });
      const text = JSON.stringify(page) + Buffer.from(page.nextCursor!, 'base64url').toString();
      for (const r of people.rows) expect(text).not.toContain(r.values.sfzh as string);
      const { rows } = await allPages(db, people.schema, d, { filters: [], limit: 7 });
      expect(rows.map((r) => r.nl)).toEqual(sortRows(live(people.rows), [], PEOPLE_ITEMS, 'asc', '_seq').map((r) => `#${String(r.values.nl).slice(1)}`));
      // the key cannot be sorted on, masked fields neither
      expect((await problem(async () => normalizeQuery(people.schema, d, { filters: [], sort: [{ field: '_key', dir: 'asc' }] }))).code).toBe('not_sortable');
      expect((await problem(async () => normalizeQuery(people.schema, d, { filters: [], sort: [{ field: 'sfzh', dir: 'asc' }] }))).code).toBe('not_sortable');
      expect((await problem(async () => normalizeQuery(people.schema, d, { filters: [{ field: 'sfzh', op: 'prefix', value: '460200' }] }))).code).toBe('masked_field_filter');
      // key lookup by the real key answers with the masked row
      const byKey = await fetchByKey(db, people.schema, d, s.key);
      expect(byKey).toEqual(row);
    });

    it('a grant of the unit can un-mask a sensitive item of a mandatory resource', async () => {
      const g = grantOf('Q01/000002', { masking: { sfzh: 'none', xm: 'none' } });
      const d = decideRead(actor(CONSUMER), peopleResource(), [g], NOW);
      const s = sample();
      const row = (await fetchByKey(db, people.schema, d, s.key))!;
      expect(row._key).toBe(s.key);
      expect(row.sfzh).toBe(s.values.sfzh);
      expect(row.xm).toBe(s.values.xm);
      expect(row.lxdh).not.toBe(s.values.lxdh);
      // with the key visible, _key sorts again
      expect(() => normalizeQuery(people.schema, d, { filters: [], sort: [{ field: '_key', dir: 'desc' }] })).not.toThrow();
    });

    it('a restricted grant: its fields, its rows (queries, key lookups, changes) and its masks', async () => {
      const g = grantOf('Q01/000002', { fields: ['xm', 'xzqh', 'csrq'], rowFilter: [{ field: 'xzqh', op: 'eq', value: '460203' }], masking: { csrq: 'custom' } });
      const d = decideRead(actor(CONSUMER), peopleResource({ sharingType: 'restricted', sharingScope: { all: true, unitIds: [] } }), [g], NOW);
      expect(d.fields).toEqual(['xm', 'xzqh', 'csrq']);
      const { rows } = await allPages(db, people.schema, d, { filters: [], limit: 3 });
      const mine = live(people.rows).filter((r) => r.values.xzqh === '460203');
      expect(rows).toHaveLength(mine.length);
      for (const r of rows) {
        expect(Object.keys(r)).toEqual(['_key', '_rev', '_updatedAt', 'xm', 'xzqh', 'csrq']);
        expect(r._key).toBe('****');
        expect(r.xzqh).toBe('460203');
        expect(r.csrq).toBe('**********');
      }
      // a filter cannot reach outside the grant's rows
      expect((await runQuery(db, people.schema, d, { filters: [{ field: 'xzqh', op: 'eq', value: '460202' }] })).items).toEqual([]);
      // hidden items cannot be filtered on or projected
      expect((await problem(async () => normalizeQuery(people.schema, d, { filters: [{ field: 'sfzh', op: 'eq', value: mine[0]!.values.sfzh }] }))).code).toBe('field_not_visible');
      expect(await fetchByKey(db, people.schema, d, mine[0]!.key)).toMatchObject({ xzqh: '460203' });
      const outside = live(people.rows).find((r) => r.values.xzqh === '460202')!;
      expect(await fetchByKey(db, people.schema, d, outside.key)).toBeNull();
      const changes = await readChanges(db, people.schema, d, 0, 1000);
      expect(changes.items.map((c) => c.seq)).toEqual(people.rows.filter((r) => r.values.xzqh === '460203').map((r) => r.seq));
      expect(changes.nextCursor).toBe(String(people.rows.length));
      expect(changes.items.every((c) => c.key === '****')).toBe(true);
    });

    it('a masked part of a composite key is masked inside _key', async () => {
      const d: AccessDecision = { ...providerDecision(volumes.schema), basis: 'grant', masks: { xh: { rule: 'custom', custom: { keepStart: 0, keepEnd: 0, maskChar: '#' } } } };
      const row = (await fetchByKey(db, volumes.schema, d, '["100.25",13]'))!;
      expect(row).toMatchObject({ _key: '["100.25","##"]', nd: '100.25', xh: '##' });
      const page = await runQuery(db, volumes.schema, d, { filters: [{ field: 'xh', op: 'eq', value: 13 }], sort: [{ field: 'nd', dir: 'asc' }] });
      expect(page.items.map((r) => r._key)).toEqual(['["-2.5","##"]', '["0.5","##"]', '["9","##"]', '["10","##"]', '["100.25","##"]']);
    });

    it('a row filter that no longer fits the schema fails closed with 409', async () => {
      const d: AccessDecision = { ...providerDecision(people.schema), basis: 'grant', rowFilter: [{ field: 'gone', op: 'eq', value: 'x' }] };
      for (const p of [runQuery(db, people.schema, d, { filters: [] }), fetchByKey(db, people.schema, d, people.rows[0]!.key), readChanges(db, people.schema, d, 0, 10)]) {
        const e = await problem(p);
        expect([e.status, e.code]).toEqual([409, 'row_filter_invalid']);
      }
    });
  });

  describe('key lookup', () => {
    it('finds live rows, never tombstones, and treats odd keys as absent', async () => {
      const d = providerDecision(rates.schema);
      const alive = rates.rows.find((r) => !r.deleted && r.values.code === '😀x')!;
      expect(await fetchByKey(db, rates.schema, d, alive.key)).toMatchObject({ _key: '😀x', grp: alive.values.grp });
      const dead = rates.rows.find((r) => r.deleted)!;
      expect(await fetchByKey(db, rates.schema, d, dead.key)).toBeNull();
      for (const k of ['', 'nope', "' or 1=1 --", 'x'.repeat(200_000)]) expect(await fetchByKey(db, rates.schema, d, k)).toBeNull();
      const composite = await fetchByKey(db, volumes.schema, providerDecision(volumes.schema), '["100.25",3]');
      expect(composite).toMatchObject({ nd: '100.25', xh: 3, v: 'few' });
      // the statement is reused: another decision of the same shape, then another shape
      expect(await fetchByKey(db, rates.schema, providerDecision(rates.schema), 'alpha')).toMatchObject({ code: 'alpha' });
      const narrow: AccessDecision = { ...d, fields: ['code'], rowFilter: [{ field: 'grp', op: 'eq', value: 'B' }] };
      expect(await fetchByKey(db, rates.schema, narrow, 'alpha')).toBeNull(); // alpha is in group A
      expect(await fetchByKey(db, rates.schema, narrow, 'Alpha')).toEqual({ _key: 'Alpha', _rev: expect.any(Number), _updatedAt: expect.any(String), code: 'Alpha' });
    });
  });

  describe('reads during an open write transaction', () => {
    it('never see rows of a batch that is still open and then rolls back', async () => {
      const d = providerDecision(rates.schema);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const didInsert = new Promise<void>((r) => (inserted = r));
      const trx = db.kysely
        .transaction()
        .execute(async (t) => {
          const v = toColumn(dialect, 'L', true);
          await sql`insert into ${ident(rates.schema.table)} (${ident('_key')}, ${ident('_seq')}, ${ident('_rev')}, ${ident('_updated_at')}, ${ident('_deleted')}, ${ident('code')}, ${ident('flag')}) values (${'uncommitted'}, ${999_999}, ${1}, ${'2026-12-01T00:00:00.000Z'}, ${0}, ${'uncommitted'}, ${v})`.execute(t);
          inserted();
          await gate;
          throw new Error('roll back');
        })
        .catch(() => 'rolled back');
      await didInsert;
      const lookup = fetchByKey(db, rates.schema, d, 'uncommitted');
      const changes = readChanges(db, rates.schema, d, 2500, 10);
      await new Promise((r) => setTimeout(r, 30));
      release();
      expect(await trx).toBe('rolled back');
      expect(await lookup).toBeNull();
      expect((await changes).items).toEqual([]);
      expect(await fetchByKey(db, rates.schema, d, 'uncommitted')).toBeNull();
    });
  });

  describe('change feed', () => {
    it('reads upserts with records and deletes without values, in seq order, page by page', async () => {
      const d = providerDecision(rates.schema);
      const page = await readChanges(db, rates.schema, d, 0, 10);
      expect(page.items.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(page.nextCursor).toBe('10');
      expect(page.hasMore).toBe(true);
      const del = page.items.find((c) => c.seq === 6)!; // row 5 is a tombstone
      expect(del).toEqual({ seq: 6, op: 'delete', key: rates.rows[5]!.key, rev: expect.any(Number), updatedAt: expect.any(String) });
      const up = page.items[0]!;
      expect(up).toMatchObject({ seq: 1, op: 'upsert', key: 'alpha', record: { _key: 'alpha', ...rates.rows[0]!.values } });
      let after = 0;
      let seen = 0;
      for (;;) {
        const p = await readChanges(db, rates.schema, d, after, 1000);
        seen += p.items.length;
        after = Number(p.nextCursor);
        if (!p.hasMore) break;
      }
      expect(seen).toBe(2500);
      const end = await readChanges(db, rates.schema, d, 2500, 10);
      expect(end).toEqual({ items: [], nextCursor: '2500', hasMore: false });
    });

    it('skips changes outside the row filter but still moves the cursor', async () => {
      const d: AccessDecision = { ...providerDecision(rates.schema), fields: ['code', 'grp'], rowFilter: [{ field: 'grp', op: 'eq', value: 'C' }] };
      const page = await readChanges(db, rates.schema, d, 0, 100);
      expect(page.items.map((c) => c.seq)).toEqual(rates.rows.slice(0, 100).filter((r) => r.values.grp === 'C').map((r) => r.seq));
      expect(page.nextCursor).toBe('100');
      expect(page.hasMore).toBe(true);
      const nothing = await readChanges(db, rates.schema, { ...d, rowFilter: [{ field: 'code', op: 'eq', value: 'nobody' }] }, 0, 50);
      expect(nothing).toEqual({ items: [], nextCursor: '50', hasMore: true });
      expect(Object.keys(page.items[0]!.record!)).toEqual(['_key', '_rev', '_updatedAt', 'code', 'grp']);
    });

    it("sends a unit's grant the deletion of a row that left its row filter — once the unit had the row; never a key it did not have", async () => {
      const groups = ['A', 'C', 'C', 'B', 'C', 'A'];
      const t = await buildTable(db, 'Q01/000900', RATE_ITEMS, groups.map((grp, i) => ({ deleted: false, values: { code: `m${i}`, grp, ratio: 1, val: i } })));
      const filtered = (consumerUnitId: string, grantId = `grant-of-${consumerUnitId}`): AccessDecision => ({
        ...providerDecision(t.schema),
        basis: 'grant',
        grantId,
        consumerUnitId,
        fields: ['code', 'grp'],
        rowFilter: [{ field: 'grp', op: 'eq', value: 'C' }],
      });
      const summary = (page: ChangePage) => page.items.map((c) => `${c.seq}:${c.op}:${c.key}`);
      // The grant's consumer mirrors its rows: m1, m2, m4 (remembered at the service clock's time).
      const clock = new FixedClock('2026-03-02T08:00:00.000Z');
      expect(summary(await readChanges(db, t.schema, filtered('unit-1'), 0, 100, clock))).toEqual(['2:upsert:m1', '3:upsert:m2', '5:upsert:m4']);
      const remembered = await db.kysely.selectFrom('exchange_feed_key').select('created_at').where('resource_code', '=', 'Q01/000900').execute();
      expect(remembered.map((r) => r.created_at)).toEqual(Array(3).fill('2026-03-02T08:00:00.000Z'));
      // Read again, every key is known: one read, no write transaction.
      const begun = vi.spyOn(db.kysely, 'transaction');
      try {
        expect(summary(await readChanges(db, t.schema, filtered('unit-1'), 0, 100, clock))).toEqual(['2:upsert:m1', '3:upsert:m2', '5:upsert:m4']);
        expect(begun).not.toHaveBeenCalled();
      } finally {
        begun.mockRestore();
      }
      // Then m2 moves out of group C, m3 changes outside it (never the grant's), m4 leaves and is
      // deleted, m5 enters.
      const change = async (key: string, grp: string, seq: number, deleted = 0) =>
        sql`update ${ident(t.schema.table)} set ${ident('grp')} = ${toColumn(dialect, 'C', grp)}, ${ident('_seq')} = ${seq}, ${ident('_rev')} = ${ident('_rev')} + 1, ${ident('_deleted')} = ${deleted} where ${ident('_key')} = ${key}`.execute(db.kysely);
      await change('m2', 'A', 7);
      await change('m3', 'A', 8);
      await change('m4', 'B', 9, 1);
      await change('m5', 'C', 10);
      const next = await readChanges(db, t.schema, filtered('unit-1'), 6, 100);
      expect(summary(next)).toEqual(['7:delete:m2', '9:delete:m4', '10:upsert:m5']);
      expect(next.items[0]).toEqual({ seq: 7, op: 'delete', key: 'm2', rev: expect.any(Number), updatedAt: expect.any(String) });
      expect(next.nextCursor).toBe('10');
      // The same cursor read again gives the same page; so does the unit's renewed grant (another id).
      expect(summary(await readChanges(db, t.schema, filtered('unit-1'), 6, 100))).toEqual(['7:delete:m2', '9:delete:m4', '10:upsert:m5']);
      expect(summary(await readChanges(db, t.schema, filtered('unit-1', 'renewed-grant'), 6, 100))).toEqual(['7:delete:m2', '9:delete:m4', '10:upsert:m5']);
      // Another unit with the same filter that never had m2 or m4 learns nothing of them.
      expect(summary(await readChanges(db, t.schema, filtered('unit-2'), 6, 100))).toEqual(['10:upsert:m5']);
      // The provider (no row filter) sees every change as it is.
      expect(summary(await readChanges(db, t.schema, providerDecision(t.schema), 6, 100))).toEqual(['7:upsert:m2', '8:upsert:m3', '9:delete:m4', '10:upsert:m5']);
      // The keys handed out are remembered per unit and resource, with the change that first carried them.
      const kept = await db.kysely.selectFrom('exchange_feed_key').select(['unit_id', 'record_key', 'first_seq']).where('resource_code', '=', 'Q01/000900').orderBy('unit_id').orderBy('record_key').execute();
      expect(kept.map((r) => `${r.unit_id}:${r.record_key}:${Number(r.first_seq)}`)).toEqual(['unit-1:m1:2', 'unit-1:m2:3', 'unit-1:m4:5', 'unit-1:m5:10', 'unit-2:m5:10']);
      // A decision without a row filter, or without a unit, remembers nothing.
      await readChanges(db, t.schema, { ...filtered('unit-3'), rowFilter: [] }, 0, 100);
      await readChanges(db, t.schema, { ...filtered('unit-3'), consumerUnitId: undefined }, 0, 100);
      expect(await db.kysely.selectFrom('exchange_feed_key').select('unit_id').where('unit_id', '=', 'unit-3').execute()).toEqual([]);
    });

    it('400 for a bad cursor or limit', async () => {
      const d = providerDecision(rates.schema);
      expect((await problem(readChanges(db, rates.schema, d, -1, 10))).code).toBe('bad_cursor');
      expect((await problem(readChanges(db, rates.schema, d, 0, 0))).code).toBe('bad_limit');
      expect((await problem(readChanges(db, rates.schema, d, 0, 10_001))).code).toBe('bad_limit');
    });
  });
});
