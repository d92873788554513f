/**
 * The query engine of the data plane (第十八条 online query; DESIGN.md access model): filters,
 * projection, sorting, keyset pagination, key lookups and the change feed over one dataset table
 * (dataset.ts), always inside what the access decision allows (visible fields, the grant's row
 * filter, masking). All filtering happens in SQL; every value is a bound parameter and every
 * identifier a quoted item code.
 *
 * Order is the same on SQLite and PostgreSQL:
 *   - nulls come last in both directions: each nullable sort item is ordered by `(col is null)`
 *     first, then by its value;
 *   - text (C/M items, `_key`) compares by Unicode code point: SQLite's BINARY collation, and
 *     `collate "C"` on PostgreSQL (a UTF-8 database's "C" collation is byte = code point order);
 *   - N/Y items are decimal text on SQLite and compare as `cast(col as real)` there (exact
 *     `numeric` on PostgreSQL: values that differ only beyond double precision may tie on SQLite).
 * Rows tie-break on `_key`, so pagination visits every row once however many rows share a sort
 * value. When a key item is masked or not visible to the caller, `_key` would reveal it, so the
 * rows tie-break on `_seq` instead, `_key` cannot be sorted on, and `_key` is served masked.
 */
import { createHash } from 'node:crypto';
import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import type { Db, Dialect } from '../core/db/database.js';
import { AppError } from '../core/errors.js';
import { iso, systemClock, type Clock } from '../core/clock.js';
import { defineMessages, registerMessages } from '../core/i18n.js';
import { DATA_ITEM_CODE_RE, type DataItem, type DataType } from '../catalog/model.js';
import { fromColumn, ident, toColumn } from './dataset.js';
import { mask } from './masking.js';
import { feedKeysAmong, rememberFeedKeys } from './store.js';
import { parseValue, type StoredValue } from './values.js';
import {
  FILTER_OPS,
  type AccessDecision,
  type Change,
  type ChangePage,
  type DatasetSchema,
  type FieldMask,
  type Filter,
  type FilterOp,
  type RecordPage,
  type RecordQuery,
  type RecordRow,
  type SortSpec,
} from './types.js';
import './messages.js';

export const QUERY_LIMITS = {
  maxFilters: 20,
  maxInValues: 1000,
  defaultLimit: 100,
  maxLimit: 1000,
  /** `count: true` counts up to this many rows exactly. */
  countCap: 10_000,
  maxSortFields: 4,
  /** Longest text a range or prefix filter takes. */
  maxTextValue: 4000,
  maxCursorLength: 8192,
  /** GET filter parameters read at most. */
  maxFilterParams: 100,
  changesDefaultLimit: 1000,
  changesMaxLimit: 10_000,
  /** Changes one streamed (NDJSON) feed response carries at most. */
  changesStreamMaxLimit: 1_000_000,
} as const;

export const queryMessages = defineMessages({
  'exchange.query.bad_filter': {
    zh: '筛选条件格式错误：{filter}（应为 信息项:运算符[:值]，运算符为 eq、ne、in、gt、gte、lt、lte、prefix、isnull、notnull）',
    en: 'Malformed filter: {filter} (use field:op[:value] with op one of eq, ne, in, gt, gte, lt, lte, prefix, isnull, notnull)',
  },
  'exchange.query.bad_filters': { zh: '筛选条件应为数组', en: 'filters must be an array' },
  'exchange.query.too_many_filters': { zh: '筛选条件最多 {max} 个', en: 'At most {max} filters' },
  'exchange.query.unknown_field': { zh: '不是该资源的信息项：{field}', en: 'Not a data item of this resource: {field}' },
  'exchange.query.field_not_visible': { zh: '无权查看该信息项：{field}', en: 'You may not see the data item {field}' },
  'exchange.query.masked_field_filter': {
    zh: '信息项 {field} 已脱敏，只能按等于（eq）、属于（in）或是否为空筛选',
    en: 'The data item {field} is masked: filter it only with eq, in, isnull or notnull',
  },
  'exchange.query.bad_filter_op': { zh: '信息项 {field}（{type} 型）不支持运算符 {op}', en: 'The data item {field} (type {type}) does not support the operator {op}' },
  'exchange.query.value_required': { zh: '运算符 {op} 需要取值（查空值请用 isnull）', en: 'The operator {op} needs a value (use isnull for empty values)' },
  'exchange.query.value_not_allowed': { zh: '运算符 {op} 不带取值', en: 'The operator {op} takes no value' },
  'exchange.query.in_count': { zh: '属于（in）条件需要 1 至 {max} 个取值', en: 'An in filter takes 1 to {max} values' },
  'exchange.query.bad_sort': { zh: '排序参数无效：{sort}（应为 信息项[:asc|desc]）', en: 'Invalid sort: {sort} (use field[:asc|desc])' },
  'exchange.query.not_sortable': {
    zh: '不能按 {field} 排序：只能按记录键（_key）或已建索引、可见且未脱敏的信息项排序',
    en: 'Cannot sort on {field}: only the record key (_key) and indexed, visible, unmasked data items can be sorted on',
  },
  'exchange.query.key_not_sortable': {
    zh: '主键信息项对您脱敏或不可见，不能按记录键（_key）排序',
    en: 'A key data item is masked or hidden for you, so records cannot be sorted on the record key (_key)',
  },
  'exchange.query.duplicate_sort': { zh: '排序信息项重复：{field}', en: 'Sorted on {field} twice' },
  'exchange.query.too_many_sort': { zh: '最多按 {max} 个信息项排序', en: 'Sort on at most {max} data items' },
  'exchange.query.bad_fields': { zh: '返回字段应为信息项代码的数组', en: 'fields must be an array of data item codes' },
  'exchange.query.bad_limit': { zh: '每页条数应为 1 至 {max} 的整数', en: 'limit must be an integer from 1 to {max}' },
  'exchange.query.bad_cursor': { zh: '分页游标无效或不属于本查询，请从第一页重新查询', en: 'The cursor is invalid or belongs to another query; start again from the first page' },
  'exchange.query.bad_change_cursor': { zh: '变更游标应为非负整数：{after}', en: 'The change cursor must be a non-negative integer: {after}' },
  'exchange.query.row_filter_invalid': {
    zh: '授权的行过滤条件与资源当前的信息项不符（{field}），暂不能读取，请联系资源提供单位',
    en: 'The grant\'s row filter no longer fits the resource\'s data items ({field}); ask the providing unit',
  },
});
registerMessages(queryMessages);

// ---------------------------------------------------------------- types

/** A filter whose value(s) are parsed to the item's stored form. */
export interface ParsedFilter {
  field: string;
  op: FilterOp;
  /** eq/ne/gt/gte/lt/lte/prefix. */
  value?: StoredValue;
  /** in: distinct values. */
  values?: StoredValue[];
}

export interface NormalizedQuery {
  filters: ParsedFilter[];
  rowFilter: ParsedFilter[];
  /** Item sort fields (the tie-break column comes after them). */
  sort: SortSpec[];
  tiebreak: { column: '_key' | '_seq'; dir: 'asc' | 'desc' };
  /** Projection, in output order. */
  fields: string[];
  limit: number;
  /** Position after the last row of the previous page. */
  after: { v: StoredValue[]; k: string | number } | null;
  count: boolean;
  /** Short hash of what the cursor is bound to. */
  hash: string;
}

type Issue = { field: string; code: string; messageKey: string; params?: Record<string, string | number> };

/** 400 with every issue as a field error; the first one gives the problem's code and text. */
function fail(issues: Issue[]): AppError {
  const f = issues[0]!;
  return new AppError(400, f.code, f.messageKey, f.params ?? {}, issues);
}

const cut = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n)}…` : s);
const isOp = (op: unknown): op is FilterOp => typeof op === 'string' && (FILTER_OPS as readonly string[]).includes(op);
const RANGE_OPS: ReadonlySet<FilterOp> = new Set(['gt', 'gte', 'lt', 'lte']);
/** Operators that would let a caller work a masked value out: only exact matches are allowed on masked items. */
const MASK_REVEALING_OPS: ReadonlySet<FilterOp> = new Set(['ne', 'gt', 'gte', 'lt', 'lte', 'prefix']);
const isText = (t: DataType) => t === 'C' || t === 'M';
const isDecimal = (t: DataType) => t === 'N' || t === 'Y';

// ---------------------------------------------------------------- GET parameters

/**
 * GET `filter=<field>:<op>[:<value>]` parameters. The value is everything after the second
 * colon (so it may contain ':'); `in` values are separated by ','. 400 'bad_filter' quoting the
 * offending parameter.
 */
export function parseFilterParams(params: string[] | string | undefined): Filter[] {
  if (params === undefined) return [];
  const list = Array.isArray(params) ? params : [params];
  const out: Filter[] = [];
  const bad = (text: string) => new AppError(400, 'bad_filter', 'exchange.query.bad_filter', { filter: cut(String(text)) });
  if (list.length > QUERY_LIMITS.maxFilterParams) throw new AppError(400, 'too_many_filters', 'exchange.query.too_many_filters', { max: QUERY_LIMITS.maxFilters });
  for (const text of list) {
    if (typeof text !== 'string') throw bad(String(text));
    const i = text.indexOf(':');
    if (i <= 0) throw bad(text);
    const field = text.slice(0, i);
    const rest = text.slice(i + 1);
    const j = rest.indexOf(':');
    const op = j < 0 ? rest : rest.slice(0, j);
    const value = j < 0 ? undefined : rest.slice(j + 1);
    if (!isOp(op)) throw bad(text);
    if (op === 'isnull' || op === 'notnull') {
      if (value !== undefined && value !== '') throw bad(text);
      out.push({ field, op });
    } else {
      if (value === undefined) throw bad(text);
      out.push({ field, op, value: op === 'in' ? value.split(',') : value });
    }
  }
  return out;
}

/** A comma-separated GET list: the parts trimmed, empty parts dropped; nothing left → undefined. */
function listParam(params: string[] | string | undefined): string[] | undefined {
  if (params === undefined) return undefined;
  const parts = (Array.isArray(params) ? params : [params]).flatMap((p) => String(p).split(',')).map((p) => p.trim()).filter((p) => p !== '');
  return parts.length ? parts : undefined;
}

/** GET `sort=a,b:desc` (repeatable) → sort specs; absent or empty (`sort=`) → undefined: the default order. 400 'bad_sort'. */
export function parseSortParam(params: string[] | string | undefined): SortSpec[] | undefined {
  return listParam(params)?.map((part) => {
    const [field, dir = 'asc', extra] = part.split(':').map((x) => x.trim());
    if (!field || extra !== undefined || (dir !== 'asc' && dir !== 'desc')) throw new AppError(400, 'bad_sort', 'exchange.query.bad_sort', { sort: cut(part) });
    return { field, dir };
  });
}

/** GET `fields=a,b` → item codes; absent or empty (`fields=`) → undefined: every visible item. */
export function parseFieldsParam(param: string | string[] | undefined): string[] | undefined {
  return listParam(param);
}

/** The change-feed cursor ("0" or absent = from the start). 400 'bad_cursor'. */
export function parseChangesCursor(after: string | undefined | null): number {
  if (after === undefined || after === null || after === '') return 0;
  if (!/^\d{1,15}$/.test(after)) throw new AppError(400, 'bad_cursor', 'exchange.query.bad_change_cursor', { after: cut(after, 50) });
  return Number(after);
}

// ---------------------------------------------------------------- filter shape (grants)

/** Why `f` is not a well-formed filter (checked without a schema, e.g. a grant's row filter), or null. */
export function filterShapeProblem(f: unknown): string | null {
  if (f === null || typeof f !== 'object' || Array.isArray(f)) return 'not an object';
  const { field, op, value, ...rest } = f as Record<string, unknown>;
  if (Object.keys(rest).length) return `unexpected property ${Object.keys(rest)[0]}`;
  if (typeof field !== 'string' || !DATA_ITEM_CODE_RE.test(field)) return `invalid field ${String(field)}`;
  if (!isOp(op)) return `invalid op ${String(op)}`;
  const scalar = (v: unknown) => (typeof v === 'string' && v.length <= QUERY_LIMITS.maxTextValue) || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
  if (op === 'isnull' || op === 'notnull') return value === undefined || value === null ? null : `${op} takes no value`;
  if (op === 'in') {
    if (!Array.isArray(value) || value.length < 1 || value.length > QUERY_LIMITS.maxInValues) return `in takes 1 to ${QUERY_LIMITS.maxInValues} values`;
    return value.every(scalar) ? null : 'in values must be strings, numbers or booleans';
  }
  return scalar(value) ? null : `${op} takes one string, number or boolean value`;
}

// ---------------------------------------------------------------- normalization

interface SchemaInfo {
  items: Map<string, DataItem>;
}
const schemaInfos = new WeakMap<DatasetSchema, SchemaInfo>();
function infoOf(schema: DatasetSchema): SchemaInfo {
  let info = schemaInfos.get(schema);
  if (!info) {
    info = { items: new Map(schema.items.map((i) => [i.code, i])) };
    schemaInfos.set(schema, info);
  }
  return info;
}

/** Key items masked or not visible: `_key` would reveal them. */
function keyHidden(schema: DatasetSchema, decision: AccessDecision): boolean {
  return schema.keyItems.some((k) => decision.masks[k] !== undefined || !decision.fields.includes(k));
}

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/** A range/prefix operand on a text item: any text (a partial ID number is fine), no control characters. */
function parseTextOperand(raw: unknown): { ok: true; value: string } | Issue {
  const s = typeof raw === 'string' ? raw : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : null;
  if (s === null) return { field: '', code: 'bad_filter_value', messageKey: 'exchange.value.wrong_type', params: { type: 'C' } };
  if (s.length > QUERY_LIMITS.maxTextValue) return { field: '', code: 'bad_filter_value', messageKey: 'exchange.value.too_long', params: { max: QUERY_LIMITS.maxTextValue } };
  if (CONTROL_RE.test(s)) return { field: '', code: 'bad_filter_value', messageKey: 'exchange.value.control_characters' };
  return { ok: true, value: s };
}

function parseOperand(item: DataItem, op: FilterOp, raw: unknown): { ok: true; value: StoredValue } | Issue {
  if (raw === null || raw === undefined || (raw === '' && op !== 'prefix')) return { field: '', code: 'bad_filter_value', messageKey: 'exchange.query.value_required', params: { op } };
  if (isText(item.dataType) && (op === 'prefix' || RANGE_OPS.has(op))) {
    const r = parseTextOperand(raw);
    if ('ok' in r && r.value === '') return { field: '', code: 'bad_filter_value', messageKey: 'exchange.query.value_required', params: { op } };
    return r;
  }
  const r = parseValue(item, raw);
  if (!r.ok) return { field: '', code: 'bad_filter_value', messageKey: r.messageKey, params: r.params };
  if (r.value === null) return { field: '', code: 'bad_filter_value', messageKey: 'exchange.query.value_required', params: { op } };
  return { ok: true, value: r.value };
}

/**
 * Checks one filter against the schema (and, for a caller's own filters, against what the
 * decision lets them see). Pushes issues at `path`; returns the parsed filter when it is sound.
 */
function parseFilter(schema: DatasetSchema, decision: AccessDecision | null, f: unknown, path: string, issues: Issue[]): ParsedFilter | null {
  if (f === null || typeof f !== 'object' || Array.isArray(f)) {
    issues.push({ field: path, code: 'bad_filter', messageKey: 'exchange.query.bad_filter', params: { filter: cut(JSON.stringify(f) ?? String(f)) } });
    return null;
  }
  const { field, op, value } = f as Filter;
  const item = typeof field === 'string' ? infoOf(schema).items.get(field) : undefined;
  if (!item) {
    issues.push({ field: `${path}/field`, code: 'unknown_field', messageKey: 'exchange.query.unknown_field', params: { field: cut(String(field), 80) } });
    return null;
  }
  if (decision && !decision.fields.includes(item.code)) {
    issues.push({ field: `${path}/field`, code: 'field_not_visible', messageKey: 'exchange.query.field_not_visible', params: { field: item.code } });
    return null;
  }
  if (!isOp(op)) {
    issues.push({ field: `${path}/op`, code: 'bad_filter_op', messageKey: 'exchange.query.bad_filter_op', params: { field: item.code, type: item.dataType, op: cut(String(op), 40) } });
    return null;
  }
  if (decision && decision.masks[item.code] && MASK_REVEALING_OPS.has(op)) {
    issues.push({ field: `${path}/op`, code: 'masked_field_filter', messageKey: 'exchange.query.masked_field_filter', params: { field: item.code } });
    return null;
  }
  if ((op === 'prefix' && !isText(item.dataType)) || (item.dataType === 'L' && (RANGE_OPS.has(op) || op === 'prefix'))) {
    issues.push({ field: `${path}/op`, code: 'bad_filter_op', messageKey: 'exchange.query.bad_filter_op', params: { field: item.code, type: item.dataType, op } });
    return null;
  }
  const at = (p: Issue, sub: string): Issue => ({ ...p, field: `${path}/${sub}` });
  if (op === 'isnull' || op === 'notnull') {
    if (value !== undefined && value !== null) {
      issues.push({ field: `${path}/value`, code: 'bad_filter_value', messageKey: 'exchange.query.value_not_allowed', params: { op } });
      return null;
    }
    return { field: item.code, op };
  }
  if (op === 'in') {
    if (!Array.isArray(value) || value.length < 1 || value.length > QUERY_LIMITS.maxInValues) {
      issues.push({ field: `${path}/value`, code: 'bad_filter_value', messageKey: 'exchange.query.in_count', params: { max: QUERY_LIMITS.maxInValues } });
      return null;
    }
    const values: StoredValue[] = [];
    const seen = new Set<string>();
    let ok = true;
    value.forEach((raw, i) => {
      const r = parseOperand(item, op, raw);
      if ('ok' in r) {
        const k = `${typeof r.value}:${String(r.value)}`;
        if (!seen.has(k)) {
          seen.add(k);
          values.push(r.value);
        }
      } else {
        ok = false;
        issues.push(at(r, `value/${i}`));
      }
    });
    return ok ? { field: item.code, op, values } : null;
  }
  const r = parseOperand(item, op, value);
  if (!('ok' in r)) {
    issues.push(at(r, 'value'));
    return null;
  }
  return { field: item.code, op, value: r.value };
}

/** The decision's row filter, parsed; a filter that no longer fits the schema fails closed (409). */
function parseRowFilter(schema: DatasetSchema, decision: AccessDecision): ParsedFilter[] {
  const out: ParsedFilter[] = [];
  for (let i = 0; i < decision.rowFilter.length; i++) {
    const issues: Issue[] = [];
    const p = parseFilter(schema, null, decision.rowFilter[i], `rowFilter/${i}`, issues);
    if (!p) {
      const f = decision.rowFilter[i] as Partial<Filter> | undefined;
      throw new AppError(409, 'row_filter_invalid', 'exchange.query.row_filter_invalid', { field: cut(String(f?.field ?? i), 80) });
    }
    out.push(p);
  }
  return out;
}

const rowFilterCache = new WeakMap<AccessDecision, { schema: DatasetSchema; parsed: ParsedFilter[] }>();
function rowFilterOf(schema: DatasetSchema, decision: AccessDecision): ParsedFilter[] {
  const hit = rowFilterCache.get(decision);
  if (hit && hit.schema === schema) return hit.parsed;
  const parsed = parseRowFilter(schema, decision);
  rowFilterCache.set(decision, { schema, parsed });
  return parsed;
}

function shortHash(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('base64url').slice(0, 16);
}

/** Whether `v` is a value the sort column could hold (cursors come from clients). */
function cursorValueOk(item: DataItem, v: unknown): boolean {
  if (v === null) return !item.isKey;
  switch (item.dataType) {
    case 'C':
    case 'M':
      return typeof v === 'string' && v.length <= 1_048_576;
    case 'I':
      return Number.isSafeInteger(v);
    case 'B':
    case 'F':
      return typeof v === 'number' && Number.isFinite(v);
    case 'L':
      return typeof v === 'boolean';
    default: {
      // N/Y/D/T: bound as text, so they must be well-formed or PostgreSQL would reject the cast.
      if (typeof v !== 'string') return false;
      const r = parseValue({ ...item, codeSet: null, required: false, isKey: false }, v);
      return r.ok && r.value === v;
    }
  }
}

/**
 * Validates a record query up front against the schema and the caller's access decision and
 * returns it in the form runQuery executes. 400 with one field error per problem.
 */
export function normalizeQuery(schema: DatasetSchema, decision: AccessDecision, q: RecordQuery): NormalizedQuery {
  const issues: Issue[] = [];
  const info = infoOf(schema);
  const rowFilter = rowFilterOf(schema, decision);

  const filters: ParsedFilter[] = [];
  const rawFilters = q.filters ?? [];
  if (!Array.isArray(rawFilters)) issues.push({ field: 'filters', code: 'bad_filter', messageKey: 'exchange.query.bad_filters' });
  else if (rawFilters.length > QUERY_LIMITS.maxFilters) issues.push({ field: 'filters', code: 'too_many_filters', messageKey: 'exchange.query.too_many_filters', params: { max: QUERY_LIMITS.maxFilters } });
  else
    rawFilters.forEach((f, i) => {
      const p = parseFilter(schema, decision, f, `filters/${i}`, issues);
      if (p) filters.push(p);
    });

  // Sort: indexed, visible, unmasked items, then the tie-break column.
  const hidden = keyHidden(schema, decision);
  const sort: SortSpec[] = [];
  let keyDir: 'asc' | 'desc' = 'asc';
  let sawKey = false;
  const rawSort = q.sort ?? [];
  if (!Array.isArray(rawSort)) issues.push({ field: 'sort', code: 'bad_sort', messageKey: 'exchange.query.bad_sort', params: { sort: cut(String(rawSort)) } });
  else
    rawSort.forEach((s, i) => {
      const path = `sort/${i}`;
      const field = s && typeof s === 'object' ? (s as SortSpec).field : undefined;
      const dir = s && typeof s === 'object' ? ((s as SortSpec).dir ?? 'asc') : undefined;
      if (typeof field !== 'string' || (dir !== 'asc' && dir !== 'desc')) {
        issues.push({ field: path, code: 'bad_sort', messageKey: 'exchange.query.bad_sort', params: { sort: cut(JSON.stringify(s) ?? String(s)) } });
        return;
      }
      if (sawKey) {
        // Nothing sorts after the unique key.
        issues.push({ field: path, code: 'not_sortable', messageKey: 'exchange.query.not_sortable', params: { field: cut(field, 80) } });
        return;
      }
      if (field === '_key') {
        if (hidden) issues.push({ field: path, code: 'not_sortable', messageKey: 'exchange.query.key_not_sortable' });
        sawKey = true;
        keyDir = dir;
        return;
      }
      const item = info.items.get(field);
      if (!item) return void issues.push({ field: path, code: 'unknown_field', messageKey: 'exchange.query.unknown_field', params: { field: cut(field, 80) } });
      if (!decision.fields.includes(field)) return void issues.push({ field: path, code: 'field_not_visible', messageKey: 'exchange.query.field_not_visible', params: { field } });
      if (!schema.columns[field]?.indexed || decision.masks[field]) return void issues.push({ field: path, code: 'not_sortable', messageKey: 'exchange.query.not_sortable', params: { field } });
      if (sort.some((x) => x.field === field)) return void issues.push({ field: path, code: 'not_sortable', messageKey: 'exchange.query.duplicate_sort', params: { field } });
      if (sort.length >= QUERY_LIMITS.maxSortFields) return void issues.push({ field: path, code: 'too_many_sort', messageKey: 'exchange.query.too_many_sort', params: { max: QUERY_LIMITS.maxSortFields } });
      sort.push({ field, dir });
    });
  const tiebreak: NormalizedQuery['tiebreak'] = hidden ? { column: '_seq', dir: 'asc' } : { column: '_key', dir: keyDir };

  let fields = decision.fields;
  if (q.fields !== undefined && q.fields !== null) {
    if (!Array.isArray(q.fields)) issues.push({ field: 'fields', code: 'bad_fields', messageKey: 'exchange.query.bad_fields' });
    else {
      const out: string[] = [];
      q.fields.forEach((f, i) => {
        if (typeof f !== 'string' || !info.items.has(f)) issues.push({ field: `fields/${i}`, code: 'unknown_field', messageKey: 'exchange.query.unknown_field', params: { field: cut(String(f), 80) } });
        else if (!decision.fields.includes(f)) issues.push({ field: `fields/${i}`, code: 'field_not_visible', messageKey: 'exchange.query.field_not_visible', params: { field: f } });
        else if (!out.includes(f)) out.push(f);
      });
      fields = out;
    }
  }

  let limit: number = QUERY_LIMITS.defaultLimit;
  if (q.limit !== undefined && q.limit !== null) {
    const n = typeof q.limit === 'string' && /^\d{1,7}$/.test(q.limit) ? Number(q.limit) : q.limit;
    if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > QUERY_LIMITS.maxLimit) issues.push({ field: 'limit', code: 'bad_limit', messageKey: 'exchange.query.bad_limit', params: { max: QUERY_LIMITS.maxLimit } });
    else limit = n as number;
  }

  if (issues.length) throw fail(issues);

  const hash = shortHash([filters, sort, tiebreak, fields, rowFilter]);
  let after: NormalizedQuery['after'] = null;
  if (q.cursor !== undefined && q.cursor !== null && q.cursor !== '') after = decodeCursor(q.cursor, hash, sort, tiebreak, info);

  return { filters, rowFilter, sort, tiebreak, fields, limit, after, count: q.count === true || (q.count as unknown) === 'true', hash };
}

function encodeCursor(v: StoredValue[], k: string | number, h: string): string {
  return Buffer.from(JSON.stringify({ v, k, h }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: unknown, hash: string, sort: SortSpec[], tiebreak: NormalizedQuery['tiebreak'], info: SchemaInfo): NonNullable<NormalizedQuery['after']> {
  const bad = () => new AppError(400, 'bad_cursor', 'exchange.query.bad_cursor', {}, [{ field: 'cursor', code: 'bad_cursor', messageKey: 'exchange.query.bad_cursor' }]);
  if (typeof cursor !== 'string' || cursor.length > QUERY_LIMITS.maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (c === null || typeof c !== 'object') throw bad();
  const { v, k, h } = c as Record<string, unknown>;
  if (h !== hash || !Array.isArray(v) || v.length !== sort.length) throw bad();
  if (tiebreak.column === '_key' ? typeof k !== 'string' || k.length > 100_000 : !Number.isSafeInteger(k) || (k as number) < 0) throw bad();
  for (let i = 0; i < sort.length; i++) if (!cursorValueOk(info.items.get(sort[i]!.field)!, v[i])) throw bad();
  return { v: v as StoredValue[], k: k as string | number };
}

// ---------------------------------------------------------------- SQL

type Frag = RawBuilder<unknown>;

/** The expression a column is ordered and range-compared by (see the file comment). */
function orderExpr(dialect: Dialect, dataType: DataType, col: string): Frag {
  if (dialect === 'sqlite') return isDecimal(dataType) ? sql`cast(${ident(col)} as real)` : ident(col);
  return isText(dataType) || col === '_key' ? sql`${ident(col)} collate "C"` : ident(col);
}

/** A bound value as compared with orderExpr. */
function valueExpr(dialect: Dialect, dataType: DataType, v: StoredValue): Frag {
  const bound = toColumn(dialect, dataType, v);
  if (dialect === 'sqlite' && isDecimal(dataType)) return sql`cast(${bound} as real)`;
  return sql`${bound}`;
}

/** The smallest string greater than every string starting with `p` (code point order), or null. */
export function prefixUpperBound(p: string): string | null {
  const cps = Array.from(p);
  while (cps.length) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return cps.join('') + String.fromCodePoint(next);
    }
  }
  return null;
}

function conditionSql(dialect: Dialect, items: Map<string, DataItem>, f: ParsedFilter): Frag {
  const dt = items.get(f.field)!.dataType;
  const c = ident(f.field);
  const p = (v: StoredValue) => sql`${toColumn(dialect, dt, v)}`;
  switch (f.op) {
    case 'eq':
      return sql`${c} = ${p(f.value!)}`;
    case 'ne':
      // "Not equal" includes rows without a value.
      return sql`(${c} is null or ${c} <> ${p(f.value!)})`;
    case 'in':
      return sql`${c} in (${sql.join(f.values!.map(p))})`;
    case 'gt':
      return sql`${orderExpr(dialect, dt, f.field)} > ${valueExpr(dialect, dt, f.value!)}`;
    case 'gte':
      return sql`${orderExpr(dialect, dt, f.field)} >= ${valueExpr(dialect, dt, f.value!)}`;
    case 'lt':
      return sql`${orderExpr(dialect, dt, f.field)} < ${valueExpr(dialect, dt, f.value!)}`;
    case 'lte':
      return sql`${orderExpr(dialect, dt, f.field)} <= ${valueExpr(dialect, dt, f.value!)}`;
    case 'prefix': {
      // A code-point range instead of LIKE: case-sensitive on both dialects, wildcards mean
      // nothing, and an index on the column can serve it.
      const e = orderExpr(dialect, dt, f.field);
      const lo = String(f.value);
      const hi = prefixUpperBound(lo);
      return hi === null ? sql`${e} >= ${lo}` : sql`(${e} >= ${lo} and ${e} < ${hi})`;
    }
    case 'isnull':
      return sql`${c} is null`;
    case 'notnull':
      return sql`${c} is not null`;
  }
}

function andAll(parts: Frag[]): Frag {
  return parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` and `);
}

/** Keyset condition: rows strictly after the cursor position in (sort…, tie-break) order, nulls last. */
function afterSql(dialect: Dialect, items: Map<string, DataItem>, n: NormalizedQuery): Frag {
  const after = n.after!;
  const tb = n.tiebreak;
  const tbExpr = tb.column === '_key' ? orderExpr(dialect, 'C', '_key') : ident('_seq');
  let cond: Frag = sql`${tbExpr} ${sql.raw(tb.dir === 'asc' ? '>' : '<')} ${after.k}`;
  for (let i = n.sort.length - 1; i >= 0; i--) {
    const s = n.sort[i]!;
    const item = items.get(s.field)!;
    const v = after.v[i] ?? null;
    const c = ident(s.field);
    if (v === null) {
      // Nulls come last: after a null only more nulls (then the later terms decide).
      cond = sql`(${c} is null and ${cond})`;
      continue;
    }
    const e = orderExpr(dialect, item.dataType, s.field);
    const val = valueExpr(dialect, item.dataType, v);
    const beyond = sql`${e} ${sql.raw(s.dir === 'asc' ? '>' : '<')} ${val}`;
    const nulls = item.isKey ? null : sql`${c} is null`;
    cond = nulls ? sql`(${nulls} or ${beyond} or (${e} = ${val} and ${cond}))` : sql`(${beyond} or (${e} = ${val} and ${cond}))`;
  }
  return cond;
}

function orderSql(dialect: Dialect, items: Map<string, DataItem>, n: NormalizedQuery): Frag {
  const terms: Frag[] = [];
  for (const s of n.sort) {
    const item = items.get(s.field)!;
    if (!item.isKey) terms.push(sql`(${ident(s.field)} is null)`);
    terms.push(sql`${orderExpr(dialect, item.dataType, s.field)} ${sql.raw(s.dir)}`);
  }
  const tb = n.tiebreak;
  terms.push(sql`${tb.column === '_key' ? orderExpr(dialect, 'C', '_key') : ident('_seq')} ${sql.raw(tb.dir)}`);
  return sql.join(terms);
}

// ---------------------------------------------------------------- row mapping

interface OutField {
  code: string;
  dataType: DataType;
  mask: FieldMask | undefined;
}

interface RowPlan {
  out: OutField[];
  /** null: `_key` is served as stored. */
  keyMask: ((key: string) => string) | null;
  /**
   * Index in `out` of a single masked key item: its masked value is the masked `_key` (the key
   * text of a single key item is its value's text), so the row reuses it instead of masking twice.
   */
  keyFromOut: number;
}

/** Shown for a key part the caller may not see at all. */
const HIDDEN = '****';

function keyMasker(schema: DatasetSchema, decision: AccessDecision): RowPlan['keyMask'] {
  if (!keyHidden(schema, decision)) return null;
  const parts = schema.keyItems.map((code) => ({ m: decision.masks[code], visible: decision.fields.includes(code) }));
  const one = (p: (typeof parts)[number], v: StoredValue): string => (!p.visible ? HIDDEN : p.m ? (mask(p.m.rule, v, p.m.custom) ?? '') : String(v));
  if (parts.length === 1) return (key) => one(parts[0]!, key);
  return (key) => {
    let values: StoredValue[];
    try {
      values = JSON.parse(key) as StoredValue[];
    } catch {
      return HIDDEN;
    }
    return JSON.stringify(parts.map((p, i) => (p.visible && !p.m ? (values[i] ?? null) : one(p, values[i] ?? null))));
  };
}

function rowPlan(schema: DatasetSchema, decision: AccessDecision, fields: string[]): RowPlan {
  const items = infoOf(schema).items;
  const out = fields.map((code) => ({ code, dataType: items.get(code)!.dataType, mask: decision.masks[code] }));
  const single = schema.keyItems.length === 1 ? schema.keyItems[0]! : null;
  const keyFromOut = single !== null && decision.masks[single] ? out.findIndex((f) => f.code === single) : -1;
  return { out, keyMask: keyMasker(schema, decision), keyFromOut };
}

type RawRow = Record<string, unknown>;

/** A record from a row read as an array: _key, _rev, _updated_at, then the plan's fields in order. */
function toRecord(plan: RowPlan, a: unknown[]): RecordRow {
  const key = a[0] as string;
  const reuse = plan.keyFromOut >= 0;
  const row: RecordRow = { _key: reuse ? '' : plan.keyMask ? plan.keyMask(key) : key, _rev: Number(a[1]), _updatedAt: a[2] as string };
  const out = plan.out;
  for (let i = 0; i < out.length; i++) {
    const f = out[i]!;
    const v = fromColumn(f.dataType, a[i + 3]);
    row[f.code] = f.mask ? mask(f.mask.rule, v, f.mask.custom) : v;
  }
  if (reuse) row._key = (row[out[plan.keyFromOut]!.code] as string | null) ?? '';
  return row;
}

function selectList(columns: string[]): Frag {
  return sql.join(columns.map((c) => ident(c)));
}

// ---------------------------------------------------------------- queries

/** One page of records matching the query, inside the decision's fields, rows and masking. */
export async function runQuery(db: Db, schema: DatasetSchema, decision: AccessDecision, q: RecordQuery | NormalizedQuery): Promise<RecordPage> {
  const n = 'hash' in q ? q : normalizeQuery(schema, decision, q);
  const items = infoOf(schema).items;
  const d = db.dialect;
  const base: Frag[] = [sql`${ident('_deleted')} = 0`, ...n.filters.map((f) => conditionSql(d, items, f)), ...n.rowFilter.map((f) => conditionSql(d, items, f))];
  const where = n.after ? [...base, afterSql(d, items, n)] : base;

  const cols = ['_key', '_rev', '_updated_at', ...n.fields];
  for (const s of n.sort) if (!cols.includes(s.field)) cols.push(s.field);
  if (n.tiebreak.column === '_seq') cols.push('_seq');
  const table = ident(schema.table);

  const pageQuery = sql<RawRow>`select ${selectList(cols)} from ${table} where ${andAll(where)} order by ${orderSql(d, items, n)} limit ${n.limit + 1}`;
  const countQuery = n.count
    ? sql<{ n: number | string }>`select count(*) as ${ident('n')} from (select 1 as ${ident('x')} from ${table} where ${andAll(base)} limit ${QUERY_LIMITS.countCap + 1}) ${ident('s')}`
    : null;
  const [page, counted] = await Promise.all([pageQuery.execute(db.kysely), countQuery ? countQuery.execute(db.kysely) : null]);

  const rows = page.rows;
  const more = rows.length > n.limit;
  if (more) rows.length = n.limit;
  const plan = rowPlan(schema, decision, n.fields);
  const out: RecordPage = { items: rows.map((r) => toRecord(plan, cols.map((c) => r[c]))), nextCursor: null };
  if (more) {
    const last = rows[rows.length - 1]!;
    const v = n.sort.map((s) => fromColumn(items.get(s.field)!.dataType, last[s.field]));
    out.nextCursor = encodeCursor(v, n.tiebreak.column === '_key' ? (last._key as string) : Number(last._seq), n.hash);
  }
  if (counted) {
    const total = Number(counted.rows[0]?.n ?? 0);
    out.total = Math.min(total, QUERY_LIMITS.countCap);
    out.totalCapped = total > QUERY_LIMITS.countCap;
  }
  return out;
}

// ---------------------------------------------------------------- hot paths: key lookups and the change feed
//
// Their statements are compiled once per table + dialect + decision shape; a call binds only the
// key (or the cursor and limit) and reads rows as arrays:
//   SQLite      better-sqlite3 statement cached per connection, raw (array) mode. Used only while
//               no transaction is open on the connection: Kysely runs a transaction across awaits
//               on that same connection, and reading inside it would see a batch that may still
//               roll back. Then the read goes through Kysely, which waits for the transaction.
//   PostgreSQL  a named prepared statement on the pool (parsed and planned once per connection),
//               rows as arrays.

interface Prepared {
  /** Compiled SQL and its parameters (the per-call ones are replaced). */
  compiled: CompiledQuery<RawRow>;
  /** Selected columns in order (maps Kysely's object rows to arrays on the fallback path). */
  columns: string[];
  plan: RowPlan;
  /** PostgreSQL statement name. */
  name: string;
  sqlite: WeakMap<object, SQLiteStatement>;
}
type SQLiteStatement = { all(params: unknown[]): unknown[]; get(params: unknown[]): unknown };

const PREPARED_MAX = 2000;
const prepared = new Map<string, Prepared>();

/**
 * A decision shape seen on a schema: its signature and the statements compiled for it. Every
 * request brings a new AccessDecision object, so the hot paths recognise its shape by comparing
 * contents with the recent shapes of the same schema object instead of serialising every
 * decision (a grant's row filter, when there is one, is still compared as JSON).
 */
interface Shape {
  fields: string[];
  masks: Record<string, FieldMask>;
  rowFilter: Filter[];
  rowFilterJson: string;
  sig: string;
  /** By kind + dialect. */
  statements: Map<string, Prepared>;
}
const SHAPES_PER_SCHEMA = 16;
const shapes = new WeakMap<DatasetSchema, Shape[]>();

function sameMasks(a: Record<string, FieldMask>, b: Record<string, FieldMask>): boolean {
  let n = 0;
  for (const k in a) {
    n++;
    const x = a[k]!;
    const y = b[k];
    if (!y || x.rule !== y.rule) return false;
    const cx = x.custom ?? null;
    const cy = y.custom ?? null;
    if (cx !== cy && JSON.stringify(cx) !== JSON.stringify(cy)) return false;
  }
  return n === Object.keys(b).length;
}

function sameShape(s: Shape, d: AccessDecision): boolean {
  if (s.fields !== d.fields) {
    if (s.fields.length !== d.fields.length) return false;
    for (let i = 0; i < s.fields.length; i++) if (s.fields[i] !== d.fields[i]) return false;
  }
  if (s.masks !== d.masks && !sameMasks(s.masks, d.masks)) return false;
  if (s.rowFilter.length === 0 && d.rowFilter.length === 0) return true;
  return s.rowFilterJson === JSON.stringify(d.rowFilter);
}

function shapeOf(schema: DatasetSchema, decision: AccessDecision): Shape {
  let list = shapes.get(schema);
  if (!list) {
    list = [];
    shapes.set(schema, list);
  }
  for (const s of list) if (sameShape(s, decision)) return s;
  const s: Shape = {
    fields: decision.fields,
    masks: decision.masks,
    rowFilter: decision.rowFilter,
    rowFilterJson: JSON.stringify(decision.rowFilter),
    sig: JSON.stringify([schema.table, schema.version, schema.items.length, schema.keyItems, decision.fields, decision.masks, decision.rowFilter]),
    statements: new Map(),
  };
  if (list.length >= SHAPES_PER_SCHEMA) list.shift();
  list.push(s);
  return s;
}

function preparedFor(kind: 'key' | 'changes', db: Db, schema: DatasetSchema, decision: AccessDecision, build: () => { query: RawBuilder<RawRow>; columns: string[] }): Prepared {
  const shape = shapeOf(schema, decision);
  const local = `${kind}\u0000${db.dialect}`;
  let p = shape.statements.get(local);
  if (p) return p;
  // Equal schemas in other objects (copies with fresh head values) share statements by signature.
  const key = `${local}\u0000${shape.sig}`;
  p = prepared.get(key);
  if (!p) {
    const { query, columns } = build();
    const compiled = query.compile(db.kysely);
    p = {
      compiled,
      columns,
      plan: rowPlan(schema, decision, decision.fields),
      name: `gs_${kind}_${createHash('sha256').update(compiled.sql).digest('hex').slice(0, 24)}`,
      sqlite: new WeakMap(),
    };
    if (prepared.size >= PREPARED_MAX) prepared.delete(prepared.keys().next().value!);
    prepared.set(key, p);
  }
  shape.statements.set(local, p);
  return p;
}

async function readArrays(db: Db, p: Prepared, params: unknown[], one: boolean): Promise<unknown[][]> {
  const h = db.sqlite;
  if (h && !h.inTransaction) {
    let st = p.sqlite.get(h);
    if (!st) {
      st = h.prepare(p.compiled.sql).raw(true) as unknown as SQLiteStatement;
      p.sqlite.set(h, st);
    }
    if (one) {
      const r = st.get(params) as unknown[] | undefined;
      return r ? [r] : [];
    }
    return st.all(params) as unknown[][];
  }
  if (db.pool) {
    const res = await db.pool.query({ name: p.name, text: p.compiled.sql, values: params, rowMode: 'array' });
    return res.rows as unknown[][];
  }
  const res = await db.kysely.executeQuery<RawRow>({ ...p.compiled, parameters: params });
  return res.rows.map((r) => p.columns.map((c) => r[c]));
}

/**
 * One record by its key (canonicalKey text), or null when it is absent, deleted, or outside the
 * decision's rows. One primary-key lookup with a prepared statement.
 */
export async function fetchByKey(db: Db, schema: DatasetSchema, decision: AccessDecision, key: string): Promise<RecordRow | null> {
  if (typeof key !== 'string' || key.length === 0 || key.length > 100_000) return null;
  const p = preparedFor('key', db, schema, decision, () => {
    const items = infoOf(schema).items;
    const rowFilter = rowFilterOf(schema, decision);
    const columns = ['_key', '_rev', '_updated_at', ...decision.fields];
    // The key is the first bound parameter (identifiers carry none).
    const where = [sql`${ident('_key')} = ${''}`, sql`${ident('_deleted')} = 0`, ...rowFilter.map((f) => conditionSql(db.dialect, items, f))];
    return { query: sql<RawRow>`select ${selectList(columns)} from ${ident(schema.table)} where ${andAll(where)}`, columns };
  });
  const params = p.compiled.parameters.slice();
  params[0] = key;
  const rows = await readArrays(db, p, params, true);
  return rows.length ? toRecord(p.plan, rows[0]!) : null;
}

/**
 * Changes after `afterSeq` in feed order: deletions as { op: 'delete' } without values, other
 * changes as { op: 'upsert', record } projected and masked. Changes to rows outside the
 * decision's row filter are skipped but still move the cursor — except, for a grant's row filter,
 * a row whose key the grant's unit was handed before: it has left the grant's rows, so it comes
 * as a deletion (the keys are remembered per unit in exchange_feed_key, ADR 0020).
 */
export async function readChanges(db: Db, schema: DatasetSchema, decision: AccessDecision, afterSeq: number, limit: number, clock: Clock = systemClock): Promise<ChangePage> {
  if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw new AppError(400, 'bad_cursor', 'exchange.query.bad_change_cursor', { after: String(afterSeq) });
  if (!Number.isInteger(limit) || limit < 1 || limit > QUERY_LIMITS.changesMaxLimit) throw new AppError(400, 'bad_limit', 'exchange.query.bad_limit', { max: QUERY_LIMITS.changesMaxLimit });
  const p = preparedFor('changes', db, schema, decision, () => {
    const items = infoOf(schema).items;
    const rowFilter = rowFilterOf(schema, decision);
    const visible = rowFilter.length ? sql`case when ${andAll(rowFilter.map((f) => conditionSql(db.dialect, items, f)))} then 1 else 0 end` : sql`1`;
    // Record columns first (as toRecord reads them), then the feed's own.
    const columns = ['_key', '_rev', '_updated_at', ...decision.fields, '_seq', '_deleted', '_visible'];
    const query = sql<RawRow>`select ${selectList(columns.slice(0, -1))}, ${visible} as ${ident('_visible')} from ${ident(schema.table)} where ${ident('_seq')} > ${0} order by ${ident('_seq')} limit ${1}`;
    // The row filter's values are bound in the select list, so the cursor and the limit are the last two parameters.
    return { query, columns };
  });
  const params = p.compiled.parameters.slice();
  params[params.length - 2] = afterSeq;
  params[params.length - 1] = limit;
  const rows = await readArrays(db, p, params, false);
  const plan = p.plan;
  const at = 3 + plan.out.length;
  // A grant with a row filter: the keys its unit is handed are remembered, and a row that has left
  // the filter since comes to that unit as a deletion (never to one that did not have it: a key can
  // be an ID number). By unit, not by grant, so a renewed grant goes on from what the unit holds.
  const holder = decision.rowFilter.length ? (decision.consumerUnitId ?? null) : null;
  const handedOut: { key: string; seq: number }[] = [];
  /** Changes outside the filter, as the deletions they become if the unit had the row. */
  const outside: { key: string; change: Change }[] = [];
  const items: Change[] = [];
  const tombstone = (a: unknown[], seq: number): Change => {
    const key = a[0] as string;
    return { seq, op: 'delete', key: plan.keyMask ? plan.keyMask(key) : key, rev: Number(a[1]), updatedAt: a[2] as string };
  };
  for (let i = 0; i < rows.length; i++) {
    const a = rows[i]!;
    const seq = Number(a[at]);
    if (Number(a[at + 2]) !== 1) {
      if (holder !== null) outside.push({ key: a[0] as string, change: tombstone(a, seq) });
      continue;
    }
    if (Number(a[at + 1]) === 1) {
      items.push(tombstone(a, seq));
    } else {
      const record = toRecord(plan, a);
      items.push({ seq, op: 'upsert', key: record._key, rev: record._rev, updatedAt: record._updatedAt, record });
      if (holder !== null) handedOut.push({ key: a[0] as string, seq });
    }
  }
  const last = rows.length ? Number(rows[rows.length - 1]![at]) : afterSeq;
  if (holder === null) return { items, nextCursor: String(last), hasMore: rows.length === limit };
  // One read finds which keys of the page the unit holds; only keys it is handed for the first
  // time are written (a consumer at the tail of an update-heavy feed mostly gets keys it has).
  const asked = outside.map((o) => o.key);
  for (const h of handedOut) asked.push(h.key);
  const had = asked.length ? await feedKeysAmong(db.kysely, holder, schema.resourceCode, asked) : new Set<string>();
  const fresh = handedOut.filter((h) => !had.has(h.key));
  // In a transaction: on SQLite its begin waits for the write lock without blocking the event loop.
  if (fresh.length) await db.kysely.transaction().execute((trx) => rememberFeedKeys(trx, holder, schema.resourceCode, fresh, iso(clock.now())));
  const left = outside.filter((o) => had.has(o.key)).map((o) => o.change);
  return { items: left.length ? mergeBySeq(items, left) : items, nextCursor: String(last), hasMore: rows.length === limit };
}

/** Two lists of changes, each in feed order, as one. */
function mergeBySeq(a: Change[], b: Change[]): Change[] {
  const out: Change[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
