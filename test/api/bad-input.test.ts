/**
 * "Bad input always gets a clear 4xx (problem+json) and never a 5xx": every route of the
 * platform's own OpenAPI document is called with hostile path parameters, query strings and
 * bodies (wrong types for every documented property, huge strings, non-objects). Nothing here
 * may answer 5xx, and every 4xx must be problem+json. Runs as the administrator (the widest
 * permissions, so requests get past authorisation into the services) and anonymously.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDialect } from '../helpers/platform.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
}
interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** Routes that end the caller's own session or credentials: called last would hide nothing, but they would log the fuzzer out. */
const SKIP = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/password', 'POST /api/v1/me/password']);

const BAD_PARAMS = ['%00', 'x'.repeat(3000), '..%2F..%2Fetc%2Fpasswd', '%F0%9F%98%80', '-1', '99999999999999999999999', "1'%20or%20'1'%3D'1"];
const BAD_QUERY = '?limit=abc&offset=-5&page=%00&after=zz&cursor=%FF%FE&sort=%27&q=' + 'x'.repeat(3000) + '&unknownParam=1';

/** Odd values in the headers routes read themselves. */
const BAD_HEADERS: Record<string, string> = {
  'idempotency-key': 'k'.repeat(5000),
  'if-none-match': '"',
  range: 'bytes=abc-',
  'accept-language': 'xx;q=abc, ;;, zh-CN;q=2',
  'x-purpose': '%'.repeat(600),
  'x-request-id': 'r'.repeat(3000),
};

/** Broken files in the formats the upload, import and file routes accept. */
const RAW_BODIES: [string, Buffer][] = [
  ['text/csv', Buffer.from('a,b,c\n"unterminated,\u0000,\n1,2', 'utf8')],
  ['text/csv; charset=gb18030', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x81, 0x0a])],
  ['application/x-ndjson', Buffer.from('{"a":1}\n{not json\n[1,2]\n')],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', Buffer.from('PK\u0003\u0004 not really a zip')],
  ['multipart/form-data; boundary=XYZ', Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="../../x.csv"\r\n\r\nabc\r\n--XY')],
  ['multipart/form-data', Buffer.from('no boundary at all')],
  ['application/octet-stream', Buffer.alloc(64, 0)],
  ['text/plain', Buffer.from('hello')],
];

function typeOf(s: Schema | undefined): string {
  if (!s) return 'unknown';
  if (Array.isArray(s.type)) return s.type.find((x) => x !== 'null') ?? 'unknown';
  if (s.type) return s.type;
  if (s.anyOf?.length) return typeOf(s.anyOf.find((x) => x.type !== 'null'));
  return 'unknown';
}

/** A value of the wrong type for a schema. */
function wrong(s: Schema | undefined): unknown {
  switch (typeOf(s)) {
    case 'string':
      return { not: 'a string' };
    case 'integer':
    case 'number':
      return 'NaN';
    case 'boolean':
      return 'maybe';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return 'not an object';
    default:
      return [[[]]];
  }
}

/** Bodies for an operation: non-objects, every documented property wrong, every string huge. */
function badBodies(op: Operation): unknown[] {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  const props = schema?.properties ?? {};
  const allWrong: Record<string, unknown> = {};
  const huge: Record<string, unknown> = {};
  const nul: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(props)) {
    allWrong[k] = wrong(p);
    const t = typeOf(p);
    nul[k] = t === 'string' ? 'a\u0000b' : t === 'array' ? ['a\u0000b'] : wrong(p);
    huge[k] = t === 'string' ? '很'.repeat(200_000) : t === 'array' ? Array.from({ length: 5000 }, () => 'x') : t === 'integer' || t === 'number' ? 1e308 : wrong(p);
  }
  return [{}, [], 'a string', 12345, null, { nested: { deeper: [1, { x: null }] } }, allWrong, huge, nul, { 'key\u0000': 1 }];
}

/** Where refusals themselves are recorded. */
const AUDIT_TABLES = new Set(['audit_event', 'audit_head', 'audit_checkpoint']);

/** Row count of every table of the platform's database. */
async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const k = t.platform.db.kysely;
  const names =
    t.platform.db.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(k)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(k)).rows.map((r) => r.name);
  const out: Record<string, number> = {};
  for (const name of names) out[name] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(k)).rows[0]!.n);
  return out;
}

/**
 * Calls every route with hostile input. `real` names a value for a path parameter (e.g. an
 * existing resource code) used where the request should reach the service with a bad query or
 * body; otherwise those use 'no-such-id'.
 */
async function sweep(t: TestApp, paths: Record<string, Record<string, Operation>>, auth: Record<string, string>, real: Record<string, string> = {}): Promise<{ calls: number; failures: string[] }> {
  const fill = (path: string, fallback: string) => path.replace(/\{([^}]+)\}/g, (_m, name: string) => real[name] ?? fallback);
  {
    const failures: string[] = [];
    let calls = 0;
    const check = async (method: string, url: string, payload?: unknown, extra: Record<string, string> = {}) => {
      calls++;
      // A Buffer goes out as it is (with the content type in `extra`); anything else as JSON.
      const raw = Buffer.isBuffer(payload);
      const res = await t.app.inject({
        method: method as never,
        url,
        headers: { ...auth, 'x-purpose': 'fuzz', ...(payload === undefined || raw ? {} : { 'content-type': 'application/json' }), ...extra },
        ...(payload === undefined ? {} : { payload: raw ? payload : JSON.stringify(payload) }),
      });
      const shown = payload === undefined ? '' : raw ? ` <${extra['content-type']} ${payload.length} bytes>` : ` ${JSON.stringify(payload).slice(0, 80)}`;
      const what = `${method} ${url.slice(0, 120)}${shown}`;
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ${what}: ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) {
        failures.push(`${res.statusCode} not problem+json (${res.headers['content-type']}) ${what}`);
      }
    };
    for (const [path, ops] of Object.entries(paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [m, op] of Object.entries(ops)) {
        const method = m.toUpperCase();
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) || SKIP.has(`${method} ${path}`)) continue;
        const hasParams = path.includes('{');
        // Path parameters: each hostile value everywhere.
        if (hasParams) for (const v of BAD_PARAMS) await check(method, path.replace(/\{[^}]+\}/g, v), method === 'GET' || method === 'DELETE' ? undefined : {});
        // Query strings full of wrong types.
        if (method === 'GET') {
          await check(method, fill(path, 'A01%2F000001') + BAD_QUERY);
          await check(method, fill(path, 'A01%2F000001') + '?q=a%00b&purpose=a%00b&name=%00');
          await check(method, fill(path, 'A01%2F000001'), undefined, { 'x-purpose': 'a%00b%01', 'accept-language': '%00' });
          await check(method, fill(path, 'A01%2F000001'), undefined, BAD_HEADERS);
        }
        // Bodies.
        if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
          const target = fill(path, 'no-such-id');
          for (const body of badBodies(op)) await check(method, target, body);
          await check(method, `${target}?format=bogus&dryRun=maybe&mode=zz&limit=abc&version=-1&lang=%00`, {});
          // Other content types with broken content: what upload and import routes parse themselves.
          for (const [type, body] of RAW_BODIES) await check(method, target, body, { 'content-type': type });
          await check(method, target, {}, BAD_HEADERS);
        }
      }
    }
    return { calls, failures };
  }
}

describeEachDialect('bad input on every route', (dialect) => {
  let t: TestApp;
  let admin: string;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    paths = (await t.app.inject({ url: '/api/openapi.json' })).json().paths;
  }, 120_000);
  afterAll(() => t.close());

  it('never answers 5xx, and answers every 4xx with problem+json — as the administrator', async () => {
    const { calls, failures } = await sweep(t, paths, { authorization: `Bearer ${admin}` });
    expect(calls).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 300_000);

  it('never answers 5xx, answers every 4xx with problem+json, and changes nothing — anonymously', async () => {
    const before = await tableCounts(t);
    expect(Object.keys(before).length).toBeGreaterThan(30);
    expect(before.app_user).toBeGreaterThan(0);
    const { calls, failures } = await sweep(t, paths, {});
    expect(calls).toBeGreaterThan(500);
    expect(failures).toEqual([]);
    // Refusals are audited; nothing else may have moved.
    const after = await tableCounts(t);
    const changed = Object.keys(after).filter((k) => after[k] !== before[k] && !AUDIT_TABLES.has(k));
    expect(changed).toEqual([]);
  }, 300_000);
});

describeEachDialect('bad input on every route of a published resource', (dialect) => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true });
    paths = (await t.app.inject({ url: '/api/openapi.json' })).json().paths;
  }, 180_000);
  afterAll(() => t.close());

  // 人口基础信息 (A01/000001) is provided by 公安局: its steward reaches the upload, query and
  // catalog services with every bad query and body; a consumer unit's user reaches the reads; the
  // catalog reviewer and the supervisor reach their own modules' services. (All eleven demo roles
  // passed once; these four cover the distinct service paths at a quarter of the time.)
  for (const user of ['steward_ga', 'user_mz', 'reviewer', 'supervisor']) {
    it(`never answers 5xx on A01/000001 — as ${user}`, async () => {
      const token = await t.login(user);
      const { calls, failures } = await sweep(t, paths, { authorization: `Bearer ${token}` }, { code: 'A01%2F000001' });
      expect(calls).toBeGreaterThan(500);
      expect(failures).toEqual([]);
    }, 300_000);
  }
});
