import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../catalog/model.js';
import { demoResource, demoRows } from '../demo/datasets.js';
import { planColumns } from './dataset.js';
import { buildResourceOpenApi } from './openapi.js';
import type { AccessDecision, DatasetSchema } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

function schemaOf(resource: Resource): DatasetSchema {
  return {
    resourceCode: resource.code,
    table: 'ds_0123456789abcdef',
    items: resource.dataItems,
    version: resource.version,
    columns: planColumns('sqlite', resource.dataItems, {}).columns,
    keyItems: resource.dataItems.filter((d) => d.isKey).map((d) => d.code),
    lastSeq: 0,
    rowCount: 0,
    lastUpdateAt: null,
  };
}

const SERVER = 'http://127.0.0.1:8080';

async function valid(doc: Doc): Promise<void> {
  // validate() dereferences in place: give it a copy.
  await SwaggerParser.validate(structuredClone(doc));
  // What it does not check for OpenAPI 3: every path template variable is declared, operation ids are unique.
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths as Record<string, Doc>)) {
    const template = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      expect(ids.has(op.operationId), op.operationId).toBe(false);
      ids.add(op.operationId);
      const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p: Doc) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop()] : p))
        .filter((p: Doc) => p.in === 'path')
        .map((p: Doc) => p.name)
        .sort();
      expect(declared, `${method} ${path}`).toEqual(template);
    }
  }
}

/** Every operation, as [method, path, operation]. */
function operations(doc: Doc): [string, string, Doc][] {
  const out: [string, string, Doc][] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Doc>)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) if (item[method]) out.push([method, path, item[method]]);
  }
  return out;
}

function param(doc: Doc, op: Doc, name: string): Doc {
  for (const p of op.parameters ?? []) {
    const resolved = p.$ref ? doc.components.parameters[p.$ref.split('/').pop()] : p;
    if (resolved.name === name) return resolved;
  }
  return undefined;
}

describe('per-resource OpenAPI document', () => {
  it('describes a mandatory resource with masked items as the consumer sees it', async () => {
    const resource = demoResource('人口基础信息');
    const decision: AccessDecision = {
      basis: 'mandatory',
      grantId: null,
      fields: resource.dataItems.map((d) => d.code),
      masks: { sfzhm: { rule: 'id_card' }, xm: { rule: 'name' }, hjdz: { rule: 'address' } },
      rowFilter: [],
      quota: null,
    };
    const doc: Doc = buildResourceOpenApi({ resource, schema: schemaOf(resource), decision, serverUrl: SERVER, canUpload: false });
    await valid(doc);
    // Mandatory sharing has no quota: no RateLimit headers promised.
    expect(doc.paths['/api/v1/data/{code}/records'].get.responses['200'].headers).toBeUndefined();

    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info.title).toBe('人口基础信息 (A01/000001)');
    expect(doc.info.version).toBe('1');
    expect(doc.info.description).toContain('强制共享');
    expect(doc.info.description).toContain('每日');
    expect(doc.info.description).toContain('X-Purpose');
    expect(doc.servers).toEqual([{ url: SERVER, description: 'GovShare' }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);

    const record = doc.components.schemas.Record;
    expect(Object.keys(record.properties)).toEqual(['_key', '_rev', '_updatedAt', 'sfzhm', 'xm', 'xb', 'mz', 'csrq', 'hjdz', 'ssq', 'rkzt']);
    // Masked: a plain string described by its rule, none of the type's constraints.
    expect(record.properties.sfzhm).toMatchObject({ type: 'string', 'x-masking': 'id_card' });
    expect(record.properties.sfzhm.description).toContain('脱敏规则：身份证号脱敏');
    expect(record.properties.sfzhm.maxLength).toBeUndefined();
    // Typed items, code sets, required/key flags.
    expect(record.properties.csrq).toMatchObject({ type: 'string', format: 'date', title: '出生日期' });
    expect(record.properties.csrq.nullable).toBeUndefined();
    expect(record.properties.xb).toMatchObject({ type: 'string', maxLength: 1, nullable: true, enum: ['1', '2', null] });
    expect(record.properties.xb['x-code-set']).toEqual([
      { value: '1', label: '男' },
      { value: '2', label: '女' },
    ]);
    expect(record.properties.sfzhm['x-govshare']).toMatchObject({ key: true, required: true, dataType: 'C', length: 18 });
    expect(record.properties.mz).toMatchObject({ type: 'string', maxLength: 2, nullable: true });

    // Reads only, each with the purpose header; no uploads, no archive for a consumer.
    const ops = operations(doc);
    expect(ops.map(([m, p]) => `${m.toUpperCase()} ${p}`).sort()).toEqual(
      ['GET /api/v1/data/{code}', 'GET /api/v1/data/{code}/records', 'POST /api/v1/data/{code}/records/query', 'GET /api/v1/data/{code}/records/{key}', 'GET /api/v1/data/{code}/changes'].sort(),
    );
    for (const [, , op] of ops) {
      if (op.operationId === 'getDataset') continue; // metadata, not a data read
      expect(param(doc, op, 'X-Purpose'), op.operationId).toMatchObject({ in: 'header' });
      expect(param(doc, op, 'purpose'), op.operationId).toMatchObject({ in: 'query' });
      for (const status of ['400', '401', '403', '404', '429']) expect(op.responses[status], `${op.operationId} ${status}`).toBeDefined();
    }
    expect(doc.components.responses.Problem403.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.components.responses.Problem403.description).toContain('no_grant');

    // Masked items: projected, filtered only by operators that reveal nothing, never sorted on.
    const list = doc.paths['/api/v1/data/{code}/records'].get;
    expect(param(doc, list, 'fields').schema.items.enum).toContain('sfzhm');
    const filter = new RegExp(param(doc, list, 'filter').schema.items.pattern);
    expect(filter.test('csrq:gte:1990-01-01')).toBe(true);
    expect(filter.test('ssq:in:460202,460203')).toBe(true);
    expect(filter.test('xm:prefix:王')).toBe(false); // masked: prefix would reveal it
    expect(filter.test('sfzhm:eq:460203199001011234')).toBe(true);
    expect(filter.test('sfzhm:gte:4602')).toBe(false);
    expect(filter.test('hjdz:isnull')).toBe(true);
    expect(filter.test('csrq:prefix:1990')).toBe(false); // prefix is for text
    expect(filter.test('mz:prefix:0')).toBe(true);
    expect(filter.test('nosuch:eq:1')).toBe(false);
    expect(record.properties.sfzhm.description).toContain('eq、in、isnull、notnull');
    const sort = param(doc, list, 'sort').schema.items.enum;
    expect(sort).toContain('csrq:desc');
    expect(sort).not.toContain('sfzhm');
    expect(sort).not.toContain('_key'); // the key item is masked: _key would reveal it
    expect(sort).not.toContain('mz'); // not indexed
    expect(record.properties._key.description).toContain('served masked');
    expect(doc.components.parameters.Code.schema.enum).toEqual(['A01/000001']);
    expect(doc.components.parameters.Code.description).toContain('A01%2F000001');
    expect(doc['x-govshare'].access).toMatchObject({ basis: 'mandatory', masked: ['sfzhm', 'xm', 'hjdz'] });
  });

  it('shows a restricted grant only the granted fields, its row filter and its quota', async () => {
    const resource = demoResource('社保参保信息');
    const decision: AccessDecision = {
      basis: 'grant',
      grantId: 'grant-0001',
      fields: ['shbzhm', 'xm', 'cbzt', 'jfjs', 'cbrq'],
      masks: { xm: { rule: 'name' } },
      rowFilter: [{ field: 'cbzt', op: 'eq', value: '1' }],
      quota: { requestsPerDay: 10_000, rowsPerDay: 500_000 },
    };
    const doc: Doc = buildResourceOpenApi({ resource, schema: schemaOf(resource), decision, serverUrl: SERVER, canUpload: false });
    await valid(doc);

    expect(Object.keys(doc.components.schemas.Record.properties)).toEqual(['_key', '_rev', '_updatedAt', 'shbzhm', 'xm', 'cbzt', 'jfjs', 'cbrq']);
    const text = JSON.stringify(doc);
    for (const hidden of ['sfzhm', 'cbxz', 'cbdw_tyshxydm', '公民身份号码', '参保单位统一社会信用代码']) expect(text, hidden).not.toContain(hidden);
    const list = doc.paths['/api/v1/data/{code}/records'].get;
    expect(param(doc, list, 'fields').schema.items.enum).toEqual(['shbzhm', 'xm', 'cbzt', 'jfjs', 'cbrq']);
    expect(doc.components.schemas.Filter.properties.field.enum).toEqual(['shbzhm', 'xm', 'cbzt', 'jfjs', 'cbrq']);
    // The key is visible and unmasked: records can be sorted on _key.
    expect(doc.components.schemas.SortSpec.properties.field.enum).toEqual(['_key', 'shbzhm', 'cbrq']);
    expect(doc.info.description).toContain('grant-0001');
    expect(doc.info.description).toContain('cbzt eq "1"');
    expect(doc.info.description).toContain('10000');
    // Exact decimals travel as canonical decimal strings.
    const jfjs = doc.components.schemas.Record.properties.jfjs;
    expect(jfjs).toMatchObject({ type: 'string', format: 'decimal', nullable: true });
    const decimal = new RegExp(jfjs.pattern);
    for (const ok of ['0', '8111.91', '-12.5', '9999999999999999.99']) expect(decimal.test(ok), ok).toBe(true);
    for (const bad of ['8111.910', '007', '1e3', '1.234', '12345678901234567.1']) expect(decimal.test(bad), bad).toBe(false);
    expect(doc['x-govshare'].access).toMatchObject({ basis: 'grant', grantId: 'grant-0001', fields: ['shbzhm', 'xm', 'cbzt', 'jfjs', 'cbrq'], masked: ['xm'] });
    // The quota travels with every read as RateLimit headers; a refusal says when to retry.
    for (const [path, method] of [['records', 'get'], ['records/query', 'post'], ['records/{key}', 'get'], ['changes', 'get']] as const) {
      expect(Object.keys(doc.paths[`/api/v1/data/{code}/${path}`][method].responses['200'].headers), path).toEqual(['RateLimit-Policy', 'RateLimit']);
    }
    expect(Object.keys(doc.components.responses.Problem429.headers)).toEqual(['Retry-After']);
  });

  it('gives the provider every item, the upload endpoints and the archive', async () => {
    const resource = demoResource('法人单位基础信息');
    const doc: Doc = buildResourceOpenApi({ resource, schema: schemaOf(resource), decision: null, serverUrl: SERVER, canUpload: true });
    await valid(doc);

    const paths = Object.keys(doc.paths);
    for (const p of ['/uploads', '/batches', '/batches/{id}', '/batches/{id}/report', '/archive']) expect(paths).toContain(`/api/v1/data/{code}${p}`);
    const batches = doc.paths['/api/v1/data/{code}/batches'].post;
    expect(param(doc, batches, 'Idempotency-Key')).toMatchObject({ in: 'header' });
    expect(param(doc, batches, 'Prefer').schema.enum).toEqual(['respond-async']);
    expect(param(doc, batches, 'mode').schema.enum).toEqual(['upsert', 'snapshot', 'delete']);
    expect(Object.keys(batches.responses)).toEqual(expect.arrayContaining(['200', '202', '422']));
    expect(Object.keys(batches.requestBody.content)).toEqual(
      expect.arrayContaining(['text/csv', 'application/x-ndjson', 'application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']),
    );
    const input = doc.components.schemas.RecordInput;
    expect(input.required).toEqual(['tyshxydm', 'sczt_mc', 'fddbr', 'clrq']);
    expect(input.properties.jyfw).toMatchObject({ type: 'string', nullable: true });
    const record = doc.components.schemas.Record.properties;
    expect(record.zczb.pattern).toBeDefined();
    expect(record.jyfw).toMatchObject({ type: 'string', maxLength: 1_048_576 });
    expect(doc.info.description).toContain('提供单位');

    // A demo row is valid against the served Record schema's per-item rules.
    const row = [...demoRows(resource, 1, 1)][0]!;
    expect(new RegExp(record.zczb.pattern).test(String(row.zczb))).toBe(true);
    expect(record.djzt.enum).toContain(row.djzt);
  });

  it('describes a non-tabular resource by its file endpoints', async () => {
    const resource = demoResource('国土空间规划信息');
    const consumer: Doc = buildResourceOpenApi({
      resource,
      schema: null,
      decision: { basis: 'mandatory', grantId: null, fields: [], masks: {}, rowFilter: [], quota: null },
      serverUrl: SERVER,
      canUpload: false,
    });
    await valid(consumer);
    expect(Object.keys(consumer.paths).sort()).toEqual(['/api/v1/data/{code}', '/api/v1/data/{code}/files', '/api/v1/data/{code}/files/{fileId}', '/api/v1/data/{code}/files/{fileId}/content'].sort());
    expect(consumer.paths['/api/v1/data/{code}/files'].post).toBeUndefined();
    expect(consumer.components.schemas.Record).toBeUndefined();
    const download = consumer.paths['/api/v1/data/{code}/files/{fileId}/content'].get;
    expect(param(consumer, download, 'X-Purpose')).toBeDefined();
    expect(param(consumer, download, 'If-None-Match')).toBeDefined();
    expect(consumer.components.schemas.FileInfo.required).toContain('sha256');
    expect(download.responses['200'].content['*/*'].schema).toEqual({ type: 'string', format: 'binary' });

    const provider: Doc = buildResourceOpenApi({ resource, schema: null, decision: null, serverUrl: SERVER, canUpload: true });
    await valid(provider);
    const upload = provider.paths['/api/v1/data/{code}/files'].post;
    expect(upload.operationId).toBe('uploadFile');
    expect(param(provider, upload, 'name')).toMatchObject({ in: 'query' });
    expect(Object.keys(upload.requestBody.content)).toEqual(['application/octet-stream', 'multipart/form-data']);
    expect(provider.paths['/api/v1/data/{code}/archive']).toBeUndefined();
  });
});
