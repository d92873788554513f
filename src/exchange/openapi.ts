/**
 * The machine-readable description of one resource's data API (R9, 第十七条: the unified interface
 * standard, with a description per resource): an OpenAPI 3.0.3 document for the resource *as this
 * caller may use it*. Only the data items the caller's access decision shows appear, masked items
 * are plain strings described by their masking rule, the filter/fields/sort parameters enumerate
 * exactly the item codes the caller may use there, and upload endpoints appear only for a caller
 * that may upload. A code generator pointed at it produces a client that cannot ask for what the
 * platform would refuse. Served at GET /api/v1/data/{code}/openapi.json; the prose standard is
 * docs/interface-standard.md.
 */
import {
  DATA_TYPE_LABELS,
  MASKING_RULE_LABELS,
  SHARING_TYPE_LABELS,
  UPDATE_CYCLE_LABELS,
  type DataItem,
  type Resource,
} from '../catalog/model.js';
import { indexedItems } from './dataset.js';
import { MEMO_MAX_BYTES } from './values.js';
import { FILTER_OPS, UPLOAD_FORMATS, UPLOAD_MODES, BATCH_STATES, type AccessDecision, type DatasetSchema, type FieldMask } from './types.js';

export interface ResourceOpenApiInput {
  /** The catalog entry of the served (latest published) version. */
  resource: Resource;
  /** The dataset; null for a non-tabular resource (files). */
  schema: DatasetSchema | null;
  /** The caller's access decision; null = the provider unit (every item, unmasked). */
  decision: AccessDecision | null;
  /** Base URL of the platform as the caller reaches it, e.g. http://127.0.0.1:8080. */
  serverUrl: string;
  /** The caller may upload (provider unit with write rights): adds the upload and batch endpoints. */
  canUpload: boolean;
  /** The caller may export the archival package (provider unit, authority). Default: decision null or basis 'provider'. */
  canArchive?: boolean;
}

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const problem = (status: number) => ({ $ref: `#/components/responses/Problem${status}` });

/** Problem responses and the exchange codes each status carries. */
const PROBLEM_STATUSES: Record<number, { zh: string; en: string; codes: string[] }> = {
  400: {
    zh: '请求有误',
    en: 'Bad request',
    codes: [
      'purpose_required',
      'purpose_too_long',
      'purpose_malformed',
      'validation_failed',
      'bad_filter',
      'bad_filter_op',
      'bad_filter_value',
      'too_many_filters',
      'unknown_field',
      'field_not_visible',
      'masked_field_filter',
      'bad_sort',
      'not_sortable',
      'too_many_sort',
      'bad_fields',
      'bad_limit',
      'bad_cursor',
      'malformed_json',
    ],
  },
  401: { zh: '未认证（缺少或无效的令牌）', en: 'Not authenticated (missing, expired or revoked token)', codes: ['unauthenticated'] },
  403: {
    zh: '无权访问',
    en: 'Forbidden',
    codes: ['scope_required', 'not_shared', 'outside_scope', 'no_grant', 'grant_not_active', 'grant_expired', 'grant_system_mismatch', 'not_provider', 'forbidden'],
  },
  404: { zh: '资源、记录或文件不存在（或不在授权的行范围内）', en: 'Resource, record or file not found (or outside the rows of the grant)', codes: ['not_found'] },
  409: {
    zh: '资源当前不能提供此服务',
    en: 'The resource cannot serve this request now',
    codes: ['not_tabular', 'not_a_file_resource', 'data_not_served', 'row_filter_invalid', 'batch_in_progress', 'idempotency_conflict', 'dataset_schema_conflict'],
  },
  413: { zh: '文件过大', en: 'File too large', codes: ['upload_too_large', 'file_too_large', 'body_too_large'] },
  415: { zh: '文件格式不支持或与声明不符', en: 'Unsupported or mismatching file format', codes: ['unsupported_format', 'content_type_mismatch', 'file_type_not_allowed'] },
  422: { zh: '上传内容未通过校验（全部不写入）', en: 'Upload rejected (nothing was written)', codes: ['upload_invalid', 'idempotency_key_reused'] },
  429: { zh: '超出配额或频率限制', en: 'Quota or rate limit exceeded', codes: ['quota_exceeded', 'rate_limited'] },
};

const READ_PROBLEMS = [400, 401, 403, 404, 409, 429];
const WRITE_PROBLEMS = [400, 401, 403, 404, 409, 413, 415, 422, 429];

function problems(statuses: number[]): Json {
  return Object.fromEntries(statuses.map((s) => [String(s), problem(s)]));
}

function label(l: { zh: string; en: string }): string {
  return `${l.zh} ${l.en}`;
}

/** Canonical decimal text as the platform returns it: no exponent, no leading or trailing zeros. */
function decimalPattern(length: number | null, precision: number | null): string {
  const scale = precision ?? 0;
  const intDigits = (length ?? 38) - scale;
  const int = intDigits > 0 ? `(0|[1-9][0-9]{0,${intDigits - 1}})` : '0';
  const frac = scale > 0 ? `(\\.[0-9]{0,${scale - 1}}[1-9])?` : '';
  return `^-?${int}${frac}$`;
}

function itemFacts(item: DataItem): string[] {
  const facts = [`${label(DATA_TYPE_LABELS[item.dataType])}（${item.dataType}）`];
  if (item.dataType === 'C' && item.length) facts.push(`最长 ${item.length} 字符 / at most ${item.length} characters`);
  if ((item.dataType === 'N' || item.dataType === 'Y') && item.length) {
    facts.push(`共 ${item.length} 位，小数 ${item.precision ?? 0} 位，十进制文本 / ${item.length} digits, ${item.precision ?? 0} after the point, as decimal text`);
  }
  if (item.isKey) facts.push('主键 key');
  else if (item.required) facts.push('必填 required');
  if (item.sensitivity !== 'none') facts.push(`敏感 sensitive: ${item.sensitivity}`);
  return facts;
}

/** The JSON schema of one data item's value as served (`forInput`: as an upload may send it). */
function itemSchema(item: DataItem, mask: FieldMask | undefined, indexed: boolean, forInput: boolean): Json {
  const nullable = !(item.required || item.isKey);
  const extension = {
    seq: item.seq,
    dataType: item.dataType,
    length: item.length,
    precision: item.precision,
    required: item.required || item.isKey,
    key: item.isKey,
    sensitivity: item.sensitivity,
    indexed,
    ...(item.elementCode ? { elementCode: item.elementCode } : {}),
  };
  const base: Json = { title: item.name, 'x-govshare': extension };
  const about = [item.description, itemFacts(item).join('；')].filter((s) => s !== '');
  if (mask && mask.rule !== 'none') {
    const rule = MASKING_RULE_LABELS[mask.rule];
    return {
      ...base,
      type: 'string',
      ...(nullable ? { nullable: true } : {}),
      description: [...about, `脱敏规则：${rule.zh}（返回脱敏后的文本；只能按 eq、in、isnull、notnull 过滤，不能排序）/ Masking rule: ${rule.en} (served masked; filter only with eq, in, isnull, notnull; not sortable)`].join('\n\n'),
      'x-masking': mask.rule,
    };
  }
  let type: Json;
  switch (item.dataType) {
    case 'C':
      type = { type: 'string', maxLength: item.length ?? 4000 };
      break;
    case 'M':
      type = { type: 'string', maxLength: MEMO_MAX_BYTES };
      about.push(`最多 ${MEMO_MAX_BYTES} 字节 UTF-8 / at most ${MEMO_MAX_BYTES} bytes of UTF-8`);
      break;
    case 'N':
    case 'Y':
      // Exact decimals travel as strings: no float rounding on either side.
      type = forInput
        ? { oneOf: [{ type: 'string', pattern: '^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*$' }, { type: 'number' }] }
        : { type: 'string', format: 'decimal', pattern: decimalPattern(item.length, item.precision) };
      break;
    case 'I':
      type = { type: 'integer', format: 'int64', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };
      break;
    case 'B':
    case 'F':
      type = { type: 'number', format: 'double' };
      break;
    case 'L':
      type = forInput ? { oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false', '1', '0', '是', '否', 'Y', 'N', 'y', 'n'] }, { type: 'integer', enum: [0, 1] }] } : { type: 'boolean' };
      break;
    case 'D':
      type = forInput ? { type: 'string', description: 'YYYY-MM-DD, YYYY/MM/DD 或 YYYYMMDD' } : { type: 'string', format: 'date' };
      break;
    case 'T':
      type = forInput ? { type: 'string', description: 'ISO 8601；不带时区按北京时间 / without an offset: China Standard Time' } : { type: 'string', format: 'date-time' };
      break;
  }
  // OpenAPI 3.0.3: `nullable` only acts next to `type`, so a oneOf carries it on each branch.
  if (nullable) type = Array.isArray(type.oneOf) ? { oneOf: (type.oneOf as Json[]).map((t) => ({ ...t, nullable: true })) } : { ...type, nullable: true };
  if (item.codeSet && item.codeSet.length > 0) {
    const values: (string | null)[] = item.codeSet.map((e) => e.value);
    if (nullable) values.push(null);
    type = { ...type, enum: values };
    about.push(`代码集 Code set: ${item.codeSet.map((e) => `${e.value}=${e.label}`).join(', ')}`);
    base['x-code-set'] = item.codeSet.map((e) => ({ value: e.value, label: e.label }));
  }
  return { ...base, ...type, description: about.join('\n\n') };
}

/** Operators each item admits for this caller (query.ts: masked items only the non-revealing ones, prefix on text, no ranges on L). */
function opsFor(item: DataItem, masked: boolean): readonly string[] {
  if (masked) return ['eq', 'in', 'isnull', 'notnull'];
  if (item.dataType === 'L') return ['eq', 'ne', 'in', 'isnull', 'notnull'];
  if (item.dataType === 'C' || item.dataType === 'M') return FILTER_OPS;
  return FILTER_OPS.filter((op) => op !== 'prefix');
}

/** `field:op[:value]` for exactly the (field, operator) pairs this caller may use. */
function filterPattern(items: DataItem[], masked: Set<string>): string {
  const groups = new Map<string, string[]>();
  for (const d of items) {
    const ops = opsFor(d, masked.has(d.code)).join('|');
    groups.set(ops, [...(groups.get(ops) ?? []), d.code]);
  }
  if (groups.size === 0) return '^$';
  const alternatives = [...groups].map(([ops, fields]) => `(${fields.join('|')}):(${ops})`);
  return `^(${alternatives.join('|')})(:.*)?$`;
}

function filterDescription(items: DataItem[], masked: Set<string>): string {
  const lines = items.map((d) => `${d.code}: ${opsFor(d, masked.has(d.code)).join(', ')}`);
  return [
    '过滤条件 `信息项:操作[:值]`，可重复（≤ 20 个），多个条件为“与”。`in` 的值以逗号分隔（≤ 1000 个）；`isnull`、`notnull` 不带值。值按信息项的数据类型解析；`prefix` 仅用于字符型；脱敏信息项只能用 eq、in、isnull、notnull。',
    'Filter `field:op[:value]`, repeatable (≤ 20), ANDed. `in` takes comma-separated values (≤ 1000); `isnull` and `notnull` take none. Values are parsed with the item’s data type; `prefix` is for text items; masked items take only eq, in, isnull, notnull.',
    `可用的信息项与操作 Items and operators: ${lines.length ? lines.join('; ') : '—'}`,
  ].join('\n\n');
}

function accessDescription(decision: AccessDecision | null, visible: DataItem[], masked: string[]): string[] {
  if (decision === null) return ['**访问依据 Access**: 提供单位（全部信息项，不脱敏）/ provider unit (every item, unmasked)'];
  const basis = { provider: '提供单位 provider unit', mandatory: '强制共享 mandatory sharing', grant: '授权 grant' }[decision.basis];
  const lines = [`**访问依据 Access**: ${basis}${decision.grantId ? `（${decision.grantId}）` : ''}；可见信息项 ${visible.length} 项 / ${visible.length} visible items`];
  if (masked.length) lines.push(`**脱敏 Masked**: ${masked.join(', ')}`);
  if (decision.rowFilter.length) {
    const conds = decision.rowFilter.map((f) => `${f.field} ${f.op}${f.value === undefined ? '' : ` ${JSON.stringify(f.value)}`}`).join(' AND ');
    lines.push(`**行范围 Rows**: 仅返回满足 ${conds} 的记录 / only records where ${conds}`);
  }
  if (decision.quota && (decision.quota.requestsPerDay !== null || decision.quota.rowsPerDay !== null)) {
    lines.push(`**配额 Quota**: 每日请求 requests/day ${decision.quota.requestsPerDay ?? '∞'}，每日记录 rows/day ${decision.quota.rowsPerDay ?? '∞'}（超出返回 429 quota_exceeded）`);
  }
  return lines;
}

function info(input: ResourceOpenApiInput, visible: DataItem[], masked: string[]): Json {
  const r = input.resource;
  const lines = [
    r.abstract,
    `**提供单位 Provider**: ${r.providerUnitName}`,
    `**共享类型 Sharing type**: ${label(SHARING_TYPE_LABELS[r.sharingType])}`,
    `**更新周期 Update cycle**: ${label(UPDATE_CYCLE_LABELS[r.updateCycle])}（更新时限 ${r.updateTimeLimitDays} 个工作日 / within ${r.updateTimeLimitDays} working days）`,
  ];
  if (r.legalBasis) lines.push(`**设立依据 Legal basis**: ${r.legalBasis}`);
  if (r.sharingConditions) lines.push(`**共享条件 Conditions**: ${r.sharingConditions}`);
  lines.push(...accessDescription(input.decision, visible, masked));
  lines.push(
    '**用途 Purpose**: 每次读取都必须声明用途（`X-Purpose` 请求头，URL 编码的 UTF-8；或 `purpose` 参数），用途随每次访问记入审计，仅可用于本单位履行职责（第二十一、二十六条）。' +
      ' Every read must declare its purpose (`X-Purpose` header, URL-encoded UTF-8, or the `purpose` parameter); it is recorded with every access.',
    '**认证 Authentication**: `Authorization: Bearer gst_<prefix>_<secret>`（应用系统 API 令牌）。错误为 RFC 9457 `application/problem+json`，带稳定的 `code`。',
  );
  return {
    title: `${r.name} (${r.code})`,
    version: String(r.version),
    description: lines.filter((l) => l !== '').join('\n\n'),
  };
}

/**
 * The OpenAPI 3.0.3 document of one resource for one caller (see the file comment). Pure: the
 * caller has already decided access; nothing here reads the database or audits.
 */
export function buildResourceOpenApi(input: ResourceOpenApiInput): Json {
  const { resource, schema, decision } = input;
  const tabular = schema !== null;
  const allItems = schema ? schema.items : [];
  const visibleCodes = new Set(decision ? decision.fields : allItems.map((d) => d.code));
  const visible = allItems.filter((d) => visibleCodes.has(d.code));
  const masks = decision?.masks ?? {};
  const maskedCodes = visible.filter((d) => masks[d.code] && masks[d.code]!.rule !== 'none').map((d) => d.code);
  const fallbackIndexed = indexedItems(allItems);
  const isIndexed = (d: DataItem) => schema?.columns[d.code]?.indexed ?? fallbackIndexed.has(d.code);
  const maskedSet = new Set(maskedCodes);
  // A key item masked or hidden: _key would reveal it, so it is served masked and cannot be sorted on (query.ts).
  const keyHidden = (schema?.keyItems ?? []).some((k) => !visibleCodes.has(k) || maskedSet.has(k));
  const sortable = [...(keyHidden ? [] : ['_key']), ...visible.filter((d) => isIndexed(d) && !maskedSet.has(d.code)).map((d) => d.code)];
  const canArchive = input.canArchive ?? (decision === null || decision.basis === 'provider');

  const schemas: Json = {
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details（`code` 为稳定的错误代码 / stable error code）',
      required: ['type', 'title', 'status', 'detail', 'code'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string', description: '请求语言的说明 / message in the request’s language' },
        code: { type: 'string' },
        instance: { type: 'string' },
        requestId: { type: 'string' },
        errors: { type: 'array', items: ref('FieldError') },
      },
    },
    FieldError: {
      type: 'object',
      required: ['field', 'code', 'message'],
      properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
    },
  };
  const parameters: Json = {
    Code: {
      name: 'code',
      in: 'path',
      required: true,
      description: `资源代码（路径中需 URL 编码：${encodeURIComponent(resource.code)}）/ Resource code, URL-encoded in the path`,
      schema: { type: 'string', enum: [resource.code], default: resource.code },
    },
    Purpose: {
      name: 'X-Purpose',
      in: 'header',
      required: false,
      description: '使用用途，1–500 字符，URL 编码的 UTF-8；与 `purpose` 参数二选一（都给出时以参数为准），缺少时返回 400 purpose_required / Purpose of use (URL-encoded UTF-8); this or `purpose` (which wins when both are sent) is required',
      schema: { type: 'string', minLength: 1 },
      example: encodeURIComponent('社会救助资格核查'),
    },
    PurposeQuery: {
      name: 'purpose',
      in: 'query',
      required: false,
      description: '使用用途（代替 X-Purpose 请求头）/ Purpose of use (instead of the X-Purpose header)',
      schema: { type: 'string', minLength: 1, maxLength: 500 },
    },
  };
  const responses: Json = Object.fromEntries(
    Object.entries(PROBLEM_STATUSES).map(([status, p]) => [
      `Problem${status}`,
      {
        description: `${p.zh} / ${p.en}. code: ${p.codes.join(', ')}`,
        ...(status === '429'
          ? { headers: { 'Retry-After': { description: '可重试前的秒数（配额：至北京时间次日零点）/ Seconds to wait (a quota: until the next CST midnight)', schema: { type: 'integer', minimum: 1 } } } }
          : {}),
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
    ]),
  );
  // A caller whose grant has a quota gets it with every read (quota.ts, headers()).
  const readHeaders: Json =
    decision?.quota && (decision.quota.requestsPerDay !== null || decision.quota.rowsPerDay !== null)
      ? {
          headers: {
            'RateLimit-Policy': { description: '授权的每日配额，如 "requests";q=10000;w=86400 / The grant\'s daily quota (IETF RateLimit fields)', schema: { type: 'string' } },
            RateLimit: { description: '今日剩余量与距北京时间次日零点的秒数，如 "requests";r=9874;t=50400 / What is left today and the seconds to the CST midnight', schema: { type: 'string' } },
          },
        }
      : {};
  const ok = (schema: Json): Json => ({ description: 'OK', ...readHeaders, content: { 'application/json': { schema } } });
  const paths: Json = {};
  const base = '/api/v1/data/{code}';
  const readParams = [param('Purpose'), param('PurposeQuery')];

  paths[base] = {
    parameters: [param('Code')],
    get: {
      operationId: 'getDataset',
      tags: ['dataset'],
      summary: '数据集概况 / Dataset information',
      description: '信息项、记录数、最后更新时间、是否逾期、本调用方的访问依据与脱敏信息项。/ Items, row count, last update, overdue flag and the caller’s access.',
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref('DatasetInfo') } } }, ...problems([401, 403, 404, 409]) },
    },
  };
  schemas.DatasetInfo = {
    type: 'object',
    description: '数据集概况 / Dataset information',
    properties: {
      resourceCode: { type: 'string' },
      name: { type: 'string' },
      providerUnitId: { type: 'string' },
      providerUnitName: { type: 'string' },
      sharingType: { type: 'string', enum: ['mandatory', 'restricted', 'none'] },
      format: { type: 'string' },
      tabular: { type: 'boolean' },
      version: { type: 'integer' },
      updateCycle: { type: 'string' },
      updateTimeLimitDays: { type: 'integer' },
      rowCount: { type: 'integer' },
      lastSeq: { type: 'integer' },
      lastUpdateAt: { type: 'string', format: 'date-time', nullable: true },
      dueAt: { type: 'string', format: 'date-time', nullable: true },
      nextDueAt: { type: 'string', format: 'date-time', nullable: true },
      overdue: { type: 'boolean' },
      daysOverdue: { type: 'integer' },
      canUpload: { type: 'boolean' },
      access: {
        type: 'object',
        nullable: true,
        properties: {
          basis: { type: 'string', enum: ['provider', 'mandatory', 'grant'] },
          grantId: { type: 'string', nullable: true },
          fields: { type: 'array', items: { type: 'string' } },
          masked: { type: 'array', items: { type: 'string' } },
        },
      },
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            name: { type: 'string' },
            dataType: { type: 'string' },
            length: { type: 'integer', nullable: true },
            precision: { type: 'integer', nullable: true },
            required: { type: 'boolean' },
            isKey: { type: 'boolean' },
            description: { type: 'string' },
            codeSet: { type: 'array', nullable: true, items: { type: 'object', properties: { value: { type: 'string' }, label: { type: 'string' } } } },
            sensitivity: { type: 'string' },
            masking: { type: 'string' },
            visible: { type: 'boolean' },
            masked: { type: 'boolean' },
            indexed: { type: 'boolean' },
          },
        },
      },
    },
  };

  if (tabular) {
    const recordProps: Json = {
      _key: {
        type: 'string',
        description:
          '记录键：单一主键为其值的文本，复合主键为各主键值的 JSON 数组文本 / Record key: the key value as text, or a JSON array of the key values for a composite key' +
          (keyHidden ? '。主键信息项对您脱敏或不可见，_key 以脱敏形式返回 / A key item is masked or hidden for you: _key is served masked' : ''),
      },
      _rev: { type: 'integer', minimum: 1, description: '修订号，新增为 1，每次变更加 1 / Revision: 1 when inserted, +1 on every change' },
      _updatedAt: { type: 'string', format: 'date-time', description: '最后变更时间（UTC）/ Last change (UTC)' },
    };
    for (const d of visible) recordProps[d.code] = itemSchema(d, masks[d.code], isIndexed(d), false);
    schemas.Record = {
      type: 'object',
      description: '一条记录：可见信息项（按 fields 投影）及记录元数据 / One record: the visible items (as projected by `fields`) and metadata',
      required: ['_key', '_rev', '_updatedAt'],
      properties: recordProps,
      additionalProperties: false,
    };
    schemas.RecordPage = {
      type: 'object',
      required: ['items', 'nextCursor'],
      properties: {
        items: { type: 'array', items: ref('Record') },
        nextCursor: { type: 'string', nullable: true, description: '下一页游标，null 表示没有更多 / Cursor of the next page; null at the end' },
        total: { type: 'integer', description: '仅 count=true 时：匹配的记录数，最多统计到 10000 / With count=true: matching rows, counted up to 10,000' },
        totalCapped: { type: 'boolean', description: 'total 达到上限 / total reached the cap' },
      },
    };
    schemas.Filter = {
      type: 'object',
      required: ['field', 'op'],
      properties: {
        field: { type: 'string', enum: visible.length ? visible.map((d) => d.code) : ['_none'] },
        op: { type: 'string', enum: [...FILTER_OPS] },
        value: { description: '按信息项类型解析；in 为数组（≤ 1000）；isnull/notnull 不带 / Parsed with the item’s type; an array for in; none for isnull/notnull' },
      },
      additionalProperties: false,
    };
    schemas.SortSpec = {
      type: 'object',
      required: ['field'],
      properties: { field: { type: 'string', enum: sortable.length ? sortable : ['_none'] }, dir: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } },
      additionalProperties: false,
    };
    schemas.RecordQuery = {
      type: 'object',
      properties: {
        filters: { type: 'array', items: ref('Filter'), maxItems: 20 },
        fields: { type: 'array', items: { type: 'string', enum: visible.map((d) => d.code) }, uniqueItems: true },
        sort: { type: 'array', items: ref('SortSpec'), maxItems: 4 },
        limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        cursor: { type: 'string', nullable: true },
        count: { type: 'boolean', default: false },
        purpose: { type: 'string', minLength: 1, maxLength: 500 },
      },
      additionalProperties: false,
    };
    schemas.Change = {
      type: 'object',
      required: ['seq', 'op', 'key', 'rev', 'updatedAt'],
      properties: {
        seq: { type: 'integer', description: '变更序号（本资源内单调递增）/ Change sequence number (increasing per resource)' },
        op: { type: 'string', enum: ['upsert', 'delete'] },
        key: { type: 'string' },
        rev: { type: 'integer' },
        updatedAt: { type: 'string', format: 'date-time' },
        record: ref('Record'),
      },
    };
    schemas.ChangePage = {
      type: 'object',
      required: ['items', 'nextCursor', 'hasMore'],
      properties: {
        items: { type: 'array', items: ref('Change') },
        nextCursor: { type: 'string', pattern: '^[0-9]+$', description: '作为下一次的 after / Pass as `after` next time' },
        hasMore: { type: 'boolean' },
      },
    };

    const fieldEnum = visible.map((d) => d.code);
    const sortEnum = sortable.flatMap((f) => [f, `${f}:asc`, `${f}:desc`]);
    Object.assign(parameters, {
      Filter: {
        name: 'filter',
        in: 'query',
        required: false,
        style: 'form',
        explode: true,
        description: filterDescription(visible, maskedSet),
        schema: { type: 'array', items: { type: 'string', pattern: filterPattern(visible, maskedSet) }, maxItems: 20 },
      },
      Fields: {
        name: 'fields',
        in: 'query',
        required: false,
        style: 'form',
        explode: false,
        description: '返回的信息项（逗号分隔），默认全部可见信息项 / Items to return (comma-separated); default: every visible item',
        schema: { type: 'array', items: { type: 'string', enum: fieldEnum.length ? fieldEnum : ['_none'] } },
      },
      Sort: {
        name: 'sort',
        in: 'query',
        required: false,
        style: 'form',
        explode: false,
        description: '排序（逗号分隔，`信息项[:desc]`，最多 4 项），仅可按建有索引、可见且未脱敏的信息项及 _key（须在最后）；默认 _key 升序 / Sort (comma-separated `field[:desc]`, at most 4) on indexed, visible, unmasked items and _key (last); default _key ascending',
        schema: { type: 'array', items: { type: 'string', enum: sortEnum.length ? sortEnum : ['_none'] } },
      },
      Limit: { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
      Cursor: { name: 'cursor', in: 'query', required: false, description: '上一页返回的 nextCursor（仅对同一查询有效）/ nextCursor of the previous page of the same query', schema: { type: 'string' } },
      Count: { name: 'count', in: 'query', required: false, description: '同时返回总数（最多统计到 10000）/ Also return the total (counted up to 10,000)', schema: { type: 'boolean', default: false } },
      Key: {
        name: 'key',
        in: 'path',
        required: true,
        description: '记录键（URL 编码）；复合主键为各主键值的 JSON 数组文本，如 ["A",1] / Record key, URL-encoded; a composite key is the JSON array text of its values',
        schema: { type: 'string' },
      },
      After: { name: 'after', in: 'query', required: false, description: '游标：上次返回的 nextCursor；"0" 表示从头开始 / Cursor: the last nextCursor; "0" = from the start', schema: { type: 'string', pattern: '^[0-9]+$', default: '0' } },
      ChangeLimit: { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 } },
    });

    paths[`${base}/records`] = {
      parameters: [param('Code')],
      get: {
        operationId: 'listRecords',
        tags: ['records'],
        summary: '在线查询 / Query records',
        description: '按条件查询，游标分页。每次调用记入审计（用途、授权、返回行数）。/ Filtered query with cursor pagination; every call is audited.',
        parameters: [param('Filter'), param('Fields'), param('Sort'), param('Limit'), param('Cursor'), param('Count'), ...readParams],
        responses: { '200': ok(ref('RecordPage')), ...problems(READ_PROBLEMS) },
      },
    };
    paths[`${base}/records/query`] = {
      parameters: [param('Code')],
      post: {
        operationId: 'queryRecords',
        tags: ['records'],
        summary: '在线查询（JSON 请求体）/ Query records (JSON body)',
        parameters: readParams,
        requestBody: { required: true, content: { 'application/json': { schema: ref('RecordQuery') } } },
        responses: { '200': ok(ref('RecordPage')), ...problems(READ_PROBLEMS) },
      },
    };
    paths[`${base}/records/{key}`] = {
      parameters: [param('Code'), param('Key')],
      get: {
        operationId: 'getRecord',
        tags: ['records'],
        summary: '按键查询一条记录 / Get one record by key',
        parameters: readParams,
        responses: { '200': ok(ref('Record')), ...problems(READ_PROBLEMS) },
      },
    };
    paths[`${base}/changes`] = {
      parameters: [param('Code')],
      get: {
        operationId: 'listChanges',
        tags: ['changes'],
        summary: '变更流 / Change feed',
        description:
          '自游标之后的变更，每个键只给出最新状态（删除为 op=delete 的墓碑）。从任意游标续读不丢失、不重复。/ Changes after the cursor, the latest state per key (deletions as op=delete tombstones). Resuming from any cursor loses and repeats nothing.',
        parameters: [param('After'), param('ChangeLimit'), ...readParams],
        responses: { '200': ok(ref('ChangePage')), ...problems(READ_PROBLEMS) },
      },
    };

    if (input.canUpload) addUploadApi(paths, schemas, parameters, base, visible, (d) => isIndexed(d));
  } else {
    addFileApi(paths, schemas, parameters, base, readParams, input.canUpload);
  }

  if (canArchive && tabular) {
    paths[`${base}/archive`] = {
      parameters: [param('Code')],
      get: {
        operationId: 'getArchive',
        tags: ['archive'],
        summary: '归档包（第七条）/ Archival package',
        description: 'ZIP：dataset.ndjson、dataset.csv、fields.csv、metadata.json、README.txt、SHA256SUMS、manifest.json（各文件的 SHA-256）。/ ZIP with the data, its description and SHA-256 manifest.',
        parameters: readParams,
        responses: {
          '200': { description: 'OK', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
          ...problems([401, 403, 404, 409]),
        },
      },
    };
  }

  const tags = [
    { name: 'dataset', description: '数据集概况 / Dataset' },
    ...(tabular
      ? [
          { name: 'records', description: '在线查询 / Online query' },
          { name: 'changes', description: '变更流 / Change feed' },
          ...(input.canUpload ? [{ name: 'uploads', description: '数据上传 / Uploads' }] : []),
        ]
      : [{ name: 'files', description: '文件 / Files' }]),
    ...(canArchive && tabular ? [{ name: 'archive', description: '归档 / Archive' }] : []),
  ];

  return {
    openapi: '3.0.3',
    info: info(input, visible, maskedCodes),
    servers: [{ url: input.serverUrl, description: 'GovShare' }],
    security: [{ bearerAuth: [] }],
    tags,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'gst_<prefix>_<secret>',
          description: '应用系统的 API 令牌，由平台管理员或本单位数据管理员签发；人员可用登录会话令牌 / An application system’s API token; people may use a login session token',
        },
      },
      schemas,
      parameters,
      responses,
    },
    'x-govshare': {
      resourceCode: resource.code,
      version: resource.version,
      sharingType: resource.sharingType,
      format: resource.format,
      tabular,
      canUpload: input.canUpload,
      access: decision
        ? { basis: decision.basis, grantId: decision.grantId, fields: visible.map((d) => d.code), masked: maskedCodes, rowFilter: decision.rowFilter, quota: decision.quota }
        : null,
    },
  };
}

function addUploadApi(paths: Json, schemas: Json, parameters: Json, base: string, items: DataItem[], isIndexed: (d: DataItem) => boolean): void {
  const inputProps: Json = {};
  for (const d of items) inputProps[d.code] = itemSchema(d, undefined, isIndexed(d), true);
  schemas.RecordInput = {
    type: 'object',
    description: '上传的一条记录，键为信息项代码（CSV/XLSX 的表头也可用信息项名称）/ One uploaded record keyed by item code (CSV/XLSX headers may also use item names)',
    required: items.filter((d) => d.required || d.isKey).map((d) => d.code),
    properties: inputProps,
    additionalProperties: false,
  };
  schemas.UploadIssue = {
    type: 'object',
    required: ['row', 'field', 'value', 'code', 'message'],
    properties: {
      row: { type: 'integer', description: '文件中的行号（CSV/XLSX 含表头行；0 表示整个文件）/ Row as in the file (0 = the file itself)' },
      field: { type: 'string', nullable: true },
      value: { type: 'string', nullable: true },
      code: { type: 'string' },
      message: { type: 'string' },
    },
  };
  schemas.Batch = {
    type: 'object',
    required: ['id', 'resourceCode', 'mode', 'format', 'state'],
    properties: {
      id: { type: 'string' },
      resourceCode: { type: 'string' },
      mode: { type: 'string', enum: [...UPLOAD_MODES] },
      format: { type: 'string', enum: [...UPLOAD_FORMATS] },
      state: { type: 'string', enum: [...BATCH_STATES] },
      dryRun: { type: 'boolean', description: '只校验不写入的批次（通过时 state 为 validated）/ validate-only batch (state validated when it passes)' },
      idempotencyKey: { type: 'string', nullable: true },
      fileName: { type: 'string', nullable: true },
      bytes: { type: 'integer' },
      sha256: { type: 'string', nullable: true },
      rowsRead: { type: 'integer' },
      rowsInvalid: { type: 'integer' },
      inserted: { type: 'integer' },
      updated: { type: 'integer' },
      unchanged: { type: 'integer' },
      deleted: { type: 'integer' },
      issueCount: { type: 'integer' },
      issues: { type: 'array', items: ref('UploadIssue'), description: '前 100 个问题 / the first 100 issues' },
      createdBy: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      finishedAt: { type: 'string', format: 'date-time', nullable: true },
      firstSeq: { type: 'integer', nullable: true },
      lastSeq: { type: 'integer', nullable: true },
    },
  };
  schemas.BatchPage = { type: 'object', properties: { items: { type: 'array', items: ref('Batch') }, nextCursor: { type: 'string', nullable: true } } };
  schemas.UploadPreview = {
    type: 'object',
    required: ['uploadId', 'format', 'columns', 'mapping'],
    properties: {
      uploadId: { type: 'string' },
      format: { type: 'string', enum: [...UPLOAD_FORMATS] },
      encoding: { type: 'string', nullable: true },
      bytes: { type: 'integer' },
      columns: { type: 'array', items: { type: 'string' } },
      sample: { type: 'array', items: { type: 'array', items: { type: 'string' } }, description: '前 5 行 / the first 5 rows' },
      mapping: { type: 'object', additionalProperties: { type: 'string', nullable: true }, description: '建议的列 → 信息项对应 / suggested column → item mapping' },
      unmappedRequired: { type: 'array', items: { type: 'string' } },
    },
  };
  schemas.BatchFromUpload = {
    type: 'object',
    required: ['uploadId'],
    properties: {
      uploadId: { type: 'string' },
      mode: { type: 'string', enum: [...UPLOAD_MODES], default: 'upsert' },
      mapping: { type: 'object', additionalProperties: { type: 'string', nullable: true } },
      dryRun: { type: 'boolean', default: false },
    },
    additionalProperties: false,
  };
  schemas.UploadRejected = {
    allOf: [ref('Problem'), { type: 'object', properties: { batch: ref('Batch') } }],
  };
  Object.assign(parameters, {
    FileName: { name: 'fileName', in: 'query', required: false, description: '原文件名（也可用 X-File-Name 请求头，URL 编码）/ Original file name (or the X-File-Name header, URL-encoded)', schema: { type: 'string', maxLength: 255 } },
    Sheet: { name: 'sheet', in: 'query', required: false, description: 'XLSX 工作表名称，缺省为第一个 / XLSX sheet name (default: the first)', schema: { type: 'string', maxLength: 100 } },
    UploadId: { name: 'uploadId', in: 'query', required: false, description: '使用已通过 /uploads 暂存的文件，不带请求体 / Use a file staged with /uploads instead of a body', schema: { type: 'string', maxLength: 64 } },
    BatchLimit: { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
    Format: { name: 'format', in: 'query', required: false, description: '缺省按 Content-Type / default: from Content-Type', schema: { type: 'string', enum: [...UPLOAD_FORMATS] } },
    Encoding: { name: 'encoding', in: 'query', required: false, description: 'CSV 编码 / CSV encoding', schema: { type: 'string', enum: ['utf-8', 'gb18030', 'auto'], default: 'auto' } },
    Mode: {
      name: 'mode',
      in: 'query',
      required: false,
      description: 'upsert：按键新增或更新；snapshot：本批即全量（未出现的键被删除）；delete：本批列出要删除的键 / upsert by key; snapshot = the whole dataset; delete = keys to delete',
      schema: { type: 'string', enum: [...UPLOAD_MODES], default: 'upsert' },
    },
    Mapping: { name: 'mapping', in: 'query', required: false, description: 'JSON：列名 → 信息项代码（null 忽略该列）/ JSON column → item code (null ignores the column)', schema: { type: 'string' } },
    DryRun: { name: 'dryRun', in: 'query', required: false, description: '只校验不写入 / validate only', schema: { type: 'boolean', default: false } },
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: '幂等键：同一键同一内容在提交后重发返回原批次（Idempotent-Replayed: true）；同一键不同内容返回 422 idempotency_key_reused / Same key + same content after a commit replays the batch; different content is refused',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    },
    Prefer: { name: 'Prefer', in: 'header', required: false, description: 'respond-async：立即返回 202，在后台处理 / return 202 at once and run in the background', schema: { type: 'string', enum: ['respond-async'] } },
    BatchId: { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
  });
  const fileBody = (withJsonBatch: boolean) => ({
    required: true,
    description: '文件内容：CSV（UTF-8 或 GB18030，首行为信息项代码或名称）、NDJSON、JSON 数组或 XLSX（第一个工作表）/ The file: CSV, NDJSON, JSON array or XLSX (first sheet)',
    content: {
      'text/csv': { schema: { type: 'string', format: 'binary' } },
      'application/x-ndjson': { schema: { type: 'string', format: 'binary' } },
      'application/json': { schema: withJsonBatch ? { oneOf: [{ type: 'array', items: ref('RecordInput') }, ref('BatchFromUpload')] } : { type: 'array', items: ref('RecordInput') } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    },
  });
  paths[`${base}/uploads`] = {
    parameters: [param('Code')],
    post: {
      operationId: 'createUpload',
      tags: ['uploads'],
      summary: '上传文件并预览（两步上传的第一步）/ Upload a file and preview it (step 1 of 2)',
      parameters: [param('FileName'), param('Format'), param('Encoding'), param('Sheet')],
      requestBody: fileBody(false),
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref('UploadPreview') } } }, ...problems(WRITE_PROBLEMS.filter((s) => s !== 422)) },
    },
  };
  paths[`${base}/batches`] = {
    parameters: [param('Code')],
    post: {
      operationId: 'createBatch',
      tags: ['uploads'],
      summary: '提交一批数据（全部成功或全部不写入）/ Submit a batch (all or nothing)',
      description:
        '请求体为文件本身（同 /uploads），或 JSON {uploadId, mode, mapping, dryRun} 提交已上传的文件。/ The body is the file itself, or JSON {uploadId, …} for a file uploaded with /uploads.',
      parameters: [param('Mode'), param('Mapping'), param('UploadId'), param('Encoding'), param('Format'), param('Sheet'), param('FileName'), param('DryRun'), param('IdempotencyKey'), param('Prefer')],
      requestBody: fileBody(true),
      responses: {
        '200': {
          description: '已提交（或 dryRun 校验通过）/ Committed (or validated with dryRun)',
          headers: { 'Idempotent-Replayed': { description: 'true：幂等重放的原批次 / the original batch, replayed', schema: { type: 'string', enum: ['true'] } } },
          content: { 'application/json': { schema: ref('Batch') } },
        },
        '202': {
          description: '已受理，后台处理中（Prefer: respond-async）/ Accepted, running in the background',
          headers: { Location: { description: '批次地址，轮询获取进度 / the batch, poll it', schema: { type: 'string' } } },
          content: { 'application/json': { schema: ref('Batch') } },
        },
        '422': { description: PROBLEM_STATUSES[422]!.en + '. code: upload_invalid, idempotency_key_reused', content: { 'application/problem+json': { schema: ref('UploadRejected') } } },
        ...problems(WRITE_PROBLEMS.filter((s) => s !== 422)),
      },
    },
    get: {
      operationId: 'listBatches',
      tags: ['uploads'],
      summary: '批次列表（新的在前）/ Batches, newest first',
      parameters: [param('Cursor'), param('BatchLimit')],
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref('BatchPage') } } }, ...problems([400, 401, 403, 404]) },
    },
  };
  paths[`${base}/batches/{id}`] = {
    parameters: [param('Code'), param('BatchId')],
    get: {
      operationId: 'getBatch',
      tags: ['uploads'],
      summary: '批次状态与进度 / Batch state and progress',
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref('Batch') } } }, ...problems([401, 403, 404]) },
    },
  };
  paths[`${base}/batches/{id}/report`] = {
    parameters: [param('Code'), param('BatchId')],
    get: {
      operationId: 'getBatchReport',
      tags: ['uploads'],
      summary: '问题报告（CSV：行号、信息项、值、问题、代码）/ Issue report (CSV: row, field, value, problem, code)',
      responses: { '200': { description: 'OK', content: { 'text/csv': { schema: { type: 'string' } } } }, ...problems([401, 403, 404]) },
    },
  };
}

function addFileApi(paths: Json, schemas: Json, parameters: Json, base: string, readParams: Json[], canUpload: boolean): void {
  schemas.FileInfo = {
    type: 'object',
    required: ['id', 'resourceCode', 'name', 'version', 'contentType', 'bytes', 'sha256'],
    properties: {
      id: { type: 'string' },
      resourceCode: { type: 'string' },
      name: { type: 'string' },
      version: { type: 'integer', description: '同名文件的版本号 1, 2, 3… / version of the file of that name' },
      contentType: { type: 'string', description: '平台按内容识别的类型 / the type detected from the content' },
      bytes: { type: 'integer' },
      sha256: { type: 'string', description: '内容的 SHA-256，也是下载的 ETag / SHA-256 of the content, also the download’s ETag' },
      note: { type: 'string', nullable: true },
      uploadedByUnitId: { type: 'string' },
      uploadedBy: { type: 'string' },
      uploadedAt: { type: 'string', format: 'date-time' },
    },
  };
  schemas.FileList = { type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: ref('FileInfo') }, total: { type: 'integer' } } };
  Object.assign(parameters, {
    FileId: { name: 'fileId', in: 'path', required: true, schema: { type: 'string' } },
    FileName: { name: 'name', in: 'query', required: false, description: '文件名（不含路径）；原始请求体上传时必填 / File name (no path); required with a raw body', schema: { type: 'string', minLength: 1, maxLength: 200 } },
    Note: { name: 'note', in: 'query', required: false, description: '本版本说明 / what this version is', schema: { type: 'string', maxLength: 2000 } },
    ListName: { name: 'name', in: 'query', required: false, description: '只列出该文件名的各版本 / only the versions of this name', schema: { type: 'string', minLength: 1, maxLength: 200 } },
    Latest: { name: 'latest', in: 'query', required: false, description: '每个文件名只列最新版本 / only the newest version of each name', schema: { type: 'boolean' } },
    ListLimit: { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
    Offset: { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
    IfNoneMatch: { name: 'If-None-Match', in: 'header', required: false, description: '上次下载的 ETag；未变化时返回 304 / ETag of an earlier download: 304 when unchanged', schema: { type: 'string' } },
  });
  const list: Json = {
    operationId: 'listFiles',
    tags: ['files'],
    summary: '文件列表（按文件名，新版本在前）/ Files by name, newest version first',
    parameters: [param('ListName'), param('Latest'), param('ListLimit'), param('Offset'), ...readParams],
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref('FileList') } } }, ...problems(READ_PROBLEMS) },
  };
  paths[`${base}/files`] = { parameters: [param('Code')], get: list };
  if (canUpload) {
    (paths[`${base}/files`] as Json).post = {
      operationId: 'uploadFile',
      tags: ['files'],
      summary: '上传文件（同名文件生成新版本）/ Upload a file (a new version of a file of the same name)',
      description:
        '请求体为文件本身（?name= 必填），或 multipart/form-data（name、note 字段在文件之前）。类型按内容识别，与文件名或 Content-Type 矛盾时返回 415。' +
        ' The body is the file (with ?name=), or multipart/form-data; the type is detected from the bytes.',
      parameters: [param('FileName'), param('Note')],
      requestBody: {
        required: true,
        content: {
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          'multipart/form-data': {
            schema: { type: 'object', properties: { name: { type: 'string' }, note: { type: 'string' }, file: { type: 'string', format: 'binary' } }, required: ['file'] },
          },
        },
      },
      responses: {
        '201': { description: 'Created', headers: { Location: { schema: { type: 'string' } } }, content: { 'application/json': { schema: ref('FileInfo') } } },
        ...problems([400, 401, 403, 404, 409, 413, 415, 429]),
      },
    };
  }
  paths[`${base}/files/{fileId}`] = {
    parameters: [param('Code'), param('FileId')],
    get: {
      operationId: 'getFile',
      tags: ['files'],
      summary: '文件信息 / File information',
      parameters: readParams,
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref('FileInfo') } } }, ...problems(READ_PROBLEMS) },
    },
  };
  paths[`${base}/files/{fileId}/content`] = {
    parameters: [param('Code'), param('FileId')],
    get: {
      operationId: 'downloadFile',
      tags: ['files'],
      summary: '下载文件内容（记入审计）/ Download the content (audited)',
      parameters: [param('IfNoneMatch'), ...readParams],
      responses: {
        '200': {
          description: 'OK',
          headers: { ETag: { schema: { type: 'string' } }, 'Content-Disposition': { schema: { type: 'string' } } },
          content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
        },
        '304': { description: '未变化 / Not modified' },
        ...problems(READ_PROBLEMS),
      },
    },
  };
}
