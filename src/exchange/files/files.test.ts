import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { buildApp } from '../../core/http/app.js';
import { AppError } from '../../core/errors.js';
import { seedDemo } from '../../demo/seed.js';
import type { AuditWriter } from '../../audit/types.js';
import type { CatalogActor } from '../../catalog/policy.js';
import type { Platform } from '../../platform.js';
import type { AccessDecision, ExchangeAccess, ExchangeActor } from '../types.js';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../../test/helpers/platform.js';
import { DEMO_PASSWORD } from '../../../test/helpers/app.js';
import { fileRoutes } from './routes.js';
import { createFileService, type FileService } from './service.js';

/** Mounted under its own prefix (under /api/, where the auth hook runs) so it never collides with the app's own registration. */
const PREFIX = '/api/files-test/v1';
const MAX = 64 * 1024;
const SYSTEM: CatalogActor = { actorType: 'system', actorId: 'test', actorName: 'test', unitId: null, clientIp: null, requestId: null };
const GRANT_ID = 'grant-test-0001';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size = 2000) => Buffer.concat([PNG_SIGNATURE, randomBytes(size - PNG_SIGNATURE.length)]);
const tiff = (size = 2000) => Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), randomBytes(size - 4)]);
const jpeg = (size = 2000) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);

/**
 * A stand-in for the exchange service's access policy (the lead wires the real one): the provider
 * unit; any unit for mandatory resources; restricted only for units in `granted`; 'none' never.
 */
function fakeAccess(platform: Platform, granted: Set<string>): ExchangeAccess {
  const decision = (basis: AccessDecision['basis'], grantId: string | null = null): AccessDecision => ({ basis, grantId, fields: [], masks: {}, rowFilter: [], quota: null });
  return {
    async decide(by, code) {
      const resource = await platform.catalog.getResource(SYSTEM, code);
      if (by.unitId && by.unitId === resource.providerUnitId) return { schema: null, resource, decision: decision('provider') };
      if (by.unitId && resource.sharingType === 'mandatory') return { schema: null, resource, decision: decision('mandatory') };
      if (by.unitId && resource.sharingType === 'restricted' && granted.has(by.unitId)) return { schema: null, resource, decision: decision('grant', GRANT_ID) };
      throw new AppError(403, 'forbidden', 'auth.forbidden');
    },
    readChanges: () => Promise.reject(new Error('not used by files')),
    onCommit: () => () => {},
  };
}

describeEachDialect('resource files', (dialect) => {
  let t: TestPlatform;
  let app: FastifyInstance;
  let files: FileService;
  const granted = new Set<string>();
  const code = { plan: '', topo: '', tabular: '', classified: '', selfDescribing: '' };
  const unit = { zr: '', mz: '' };
  const tokens = new Map<string, string>();

  async function codeOf(name: string): Promise<string> {
    const hit = (await t.platform.catalog.search(SYSTEM, { q: name, facets: false, limit: 50 })).items.find((r) => r.name === name);
    if (!hit) throw new Error(`demo resource ${name} not found`);
    return hit.code;
  }
  async function login(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached) return cached;
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    tokens.set(username, res.json().token as string);
    return tokens.get(username)!;
  }
  const filesUrl = (c: string) => `${PREFIX}/data/${encodeURIComponent(c)}/files`;
  async function as(who: string, method: 'GET' | 'POST', url: string, opts: { body?: Buffer | string; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const bearer = who.startsWith('gst_') || who.length > 40 ? who : await login(who);
    return app.inject({ method, url, payload: opts.body, headers: { authorization: `Bearer ${bearer}`, ...opts.headers } });
  }
  const upload = (who: string, c: string, name: string, body: Buffer, contentType = 'application/octet-stream', extra = '') =>
    as(who, 'POST', `${filesUrl(c)}?name=${encodeURIComponent(name)}${extra}`, { body, headers: { 'content-type': contentType } });
  const purpose = (p: string) => ({ 'x-purpose': encodeURIComponent(p) });

  const blobRoot = () => join(t.platform.config.dataDir, 'blobs');
  function blobFiles(): string[] {
    const dir = join(blobRoot(), 'sha256');
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name);
  }
  const tempFiles = () => (existsSync(join(blobRoot(), 'tmp')) ? readdirSync(join(blobRoot(), 'tmp')) : []);
  async function fileRows(): Promise<number> {
    const r = await t.platform.db.kysely.selectFrom('exchange_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
  async function auditEvents(action: string, actorName: string) {
    return t.platform.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).where('actor_name', '=', actorName).orderBy('seq').execute();
  }

  beforeAll(async () => {
    t = await createTestPlatform(dialect, { config: { fileMaxBytes: MAX } });
    await seedDemo(t.platform, { password: DEMO_PASSWORD, catalog: true });
    const { platform } = t;
    files = createFileService({ db: platform.db, audit: platform.audit, clock: platform.clock, config: platform.config, catalog: platform.catalog, access: fakeAccess(platform, granted) });
    app = await buildApp(platform, { logger: false, serveWeb: false });
    await app.register(fileRoutes, { prefix: PREFIX, files });
    await app.ready();
    code.plan = await codeOf('国土空间规划信息'); // image, mandatory, unit 13
    code.topo = await codeOf('三亚市地形图'); // image, restricted, unit 13
    code.tabular = await codeOf('不动产登记信息'); // database, unit 13
    code.classified = await codeOf('治安卡口视频资源'); // 涉密 stream, unit 10
    code.selfDescribing = await codeOf('地理空间基础框架数据'); // self_describing, unit 13
    unit.zr = (await platform.org.getUserByUsername('steward_zr'))!.unitId!;
    unit.mz = (await platform.org.getUserByUsername('user_mz'))!.unitId!;
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('the provider steward uploads versions of a file: each upload of the same name is the next version', async () => {
    const v1 = png(3000);
    const v2 = png(4000);
    const r1 = await upload('steward_zr', code.plan, '总体规划图.png', v1, 'image/png', `&note=${encodeURIComponent('2026 年版')}`);
    expect(r1.statusCode, r1.body).toBe(201);
    const f1 = r1.json();
    expect(f1).toMatchObject({ resourceCode: code.plan, name: '总体规划图.png', version: 1, contentType: 'image/png', bytes: 3000, note: '2026 年版', uploadedByUnitId: unit.zr, uploadedBy: 'steward_zr' });
    expect(f1.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r1.headers.location).toBe(`${filesUrl(code.plan)}/${f1.id}`);

    const r2 = await upload('steward_zr', code.plan, '总体规划图.png', v2, 'image/png');
    expect(r2.statusCode, r2.body).toBe(201);
    expect(r2.json()).toMatchObject({ name: '总体规划图.png', version: 2, bytes: 4000 });

    const list = await as('steward_zr', 'GET', `${filesUrl(code.plan)}?name=${encodeURIComponent('总体规划图.png')}`, { headers: purpose('核对上传结果') });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((f: { version: number }) => f.version)).toEqual([2, 1]);
    const latest = await as('steward_zr', 'GET', `${filesUrl(code.plan)}?latest=true&purpose=check`);
    expect(latest.json().items.filter((f: { name: string }) => f.name === '总体规划图.png').map((f: { version: number }) => f.version)).toEqual([2]);

    const events = await auditEvents('data.file.upload', 'steward_zr');
    const last = events.at(-1)!;
    expect(last).toMatchObject({ result: 'success', target_id: code.plan, unit_id: unit.zr });
    expect(JSON.parse(last.detail!)).toMatchObject({ fileId: r2.json().id, name: '总体规划图.png', version: 2, bytes: 4000, sha256: r2.json().sha256 });
  });

  it('stores identical content once, whatever it is called', async () => {
    const content = png(2500);
    const before = blobFiles().length;
    const a = await upload('steward_zr', code.plan, 'a.png', content, 'image/png');
    const b = await upload('steward_zr', code.plan, '副本 b.png', content, 'image/png');
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().sha256).toBe(a.json().sha256);
    expect(blobFiles().length).toBe(before + 1);
    expect(blobFiles()).toContain(a.json().sha256);
  });

  it('accepts multipart/form-data with one file part', async () => {
    const content = jpeg(1500);
    const boundary = '----govshare-test-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n现场照片\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="现场照片.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await as('steward_zr', 'POST', filesUrl(code.plan), { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: '现场照片.jpg', version: 1, contentType: 'image/jpeg', bytes: 1500, note: '现场照片' });
  });

  it('refuses executables and contradicting types with 415 and writes nothing', async () => {
    const rows = await fileRows();
    const blobs = blobFiles().length;
    const exe = Buffer.concat([Buffer.from('MZ'), randomBytes(3000)]);
    const r1 = await upload('steward_zr', code.plan, 'viewer.png', exe);
    expect(r1.statusCode).toBe(415);
    expect(r1.json()).toMatchObject({ code: 'file_type_not_allowed', status: 415 });
    expect(r1.headers['content-type']).toMatch(/^application\/problem\+json/);

    const r2 = await upload('steward_zr', code.plan, 'plan.png', png(), 'application/pdf');
    expect(r2.statusCode).toBe(415);
    expect(r2.json().code).toBe('content_type_mismatch');

    const r3 = await upload('steward_zr', code.plan, 'plan.pdf', png(), 'application/octet-stream');
    expect(r3.json().code).toBe('content_type_mismatch');

    // a PDF is a fine file, but not for an image resource
    const r4 = await upload('steward_zr', code.plan, 'report.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), 'application/pdf');
    expect(r4.statusCode).toBe(415);
    expect(r4.json().code).toBe('file_type_not_allowed');

    expect(await fileRows()).toBe(rows);
    expect(blobFiles().length).toBe(blobs);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses a file over the size limit with 413 and writes nothing (announced or streamed)', async () => {
    const rows = await fileRows();
    const blobs = blobFiles().length;
    const res = await upload('steward_zr', code.plan, 'huge.png', png(MAX + 1), 'image/png');
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('file_too_large');

    // no Content-Length: the running count stops it
    const steward = await t.platform.org.getUserByUsername('steward_zr');
    const by: ExchangeActor = { actorType: 'user', actorId: steward!.id, actorName: 'steward_zr', unitId: unit.zr, clientIp: null, requestId: null, kind: 'user', roles: ['unit_steward'], scopes: [], systemId: null };
    const big = png(MAX * 3);
    const stream = Readable.from((function* () {
      for (let i = 0; i < big.length; i += 1000) yield big.subarray(i, i + 1000);
    })());
    await expect(files.upload(by, code.plan, { name: 'huge.png', contentType: 'image/png' }, stream)).rejects.toMatchObject({ status: 413, code: 'file_too_large' });
    // exactly at the limit is fine
    const exact = await files.upload(by, code.plan, { name: 'exact.png' }, Readable.from([png(MAX)]));
    expect(exact.bytes).toBe(MAX);

    expect(await fileRows()).toBe(rows + 1);
    expect(blobFiles().length).toBe(blobs + 1);
    expect(tempFiles()).toEqual([]);
  });

  it('lets only the providing unit upload: its stewards, or its tokens with data:write', async () => {
    const rows = await fileRows();
    for (const who of ['steward_ga', 'user_mz', 'reviewer', 'admin']) {
      const res = await upload(who, code.plan, 'x.png', png(), 'image/png');
      expect(res.statusCode, who).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect(await fileRows()).toBe(rows);
    const denied = await auditEvents('data.file.upload', 'steward_ga');
    expect(denied.at(-1)).toMatchObject({ result: 'denied', target_id: code.plan });

    const system = await t.platform.org.createSystem(SYSTEM, { unitId: unit.zr, code: 'GHXT', name: '国土空间规划系统' });
    const writer = await t.platform.org.createToken(SYSTEM, { systemId: system.id, name: 'ghxt-writer', scopes: ['data:read', 'data:write'], expiresInDays: 30 });
    const reader = await t.platform.org.createToken(SYSTEM, { systemId: system.id, name: 'ghxt-reader', scopes: ['data:read'], expiresInDays: 30 });
    const ok = await upload(writer.secret, code.plan, '接口同步.png', png(), 'image/png');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ uploadedBy: 'ghxt-writer', uploadedByUnitId: unit.zr });
    const no = await upload(reader.secret, code.plan, '接口同步.png', png(), 'image/png');
    expect(no.statusCode).toBe(403);
  });

  it('refuses files on tabular resources (409 not_a_file_resource) and on classified ones (409 not_served)', async () => {
    const tabular = await upload('steward_zr', code.tabular, 'a.png', png(), 'image/png');
    expect(tabular.statusCode).toBe(409);
    expect(tabular.json().code).toBe('not_a_file_resource');
    const classified = await upload('steward_ga', code.classified, 'a.mp4', Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), randomBytes(100)]), 'video/mp4');
    expect(classified.statusCode).toBe(409);
    expect(classified.json().code).toBe('not_served');
    const missing = await upload('steward_zr', 'Z99/999999', 'a.png', png(), 'image/png');
    expect(missing.statusCode).toBe(404);
  });

  it('serves a mandatory resource to another unit, audited with the purpose before the bytes, byte-identical', async () => {
    const content = png(5000);
    const up = await upload('steward_zr', code.plan, '控制性详细规划.png', content, 'image/png');
    const info = up.json();

    const res = await as('user_mz', 'GET', `${filesUrl(code.plan)}/${info.id}/content`, { headers: purpose('社会救助住房核对') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.equals(content)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe('5000');
    expect(res.headers.etag).toBe(`"${info.sha256}"`);
    // A download may be kept privately and revalidated with its ETag (the API's no-store default is overridden).
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="_______.png"; filename*=UTF-8''${encodeURIComponent('控制性详细规划.png')}`);

    const events = await auditEvents('data.file.download', 'user_mz');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ result: 'success', purpose: '社会救助住房核对', grant_id: null, target_id: code.plan, unit_id: unit.mz });
    expect(JSON.parse(events[0]!.detail!)).toEqual({ fileId: info.id, name: '控制性详细规划.png', version: 1, sha256: info.sha256, bytes: 5000 });

    // the metadata too
    const meta = await as('user_mz', 'GET', `${filesUrl(code.plan)}/${info.id}?purpose=check`);
    expect(meta.statusCode).toBe(200);
    expect(meta.json()).toEqual(info);

    // If-None-Match with the ETag: 304, no body (still an audited access)
    const again = await as('user_mz', 'GET', `${filesUrl(code.plan)}/${info.id}/content`, { headers: { ...purpose('复核'), 'if-none-match': `"${info.sha256}"` } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const after = await auditEvents('data.file.download', 'user_mz');
    expect(after).toHaveLength(2);
    expect(JSON.parse(after[1]!.detail!)).toMatchObject({ notModified: true });
  });

  it('does not hand out the stream before the download event is durable', async () => {
    const up = await upload('steward_zr', code.plan, '顺序.png', png(), 'image/png');
    const order: string[] = [];
    const slowAudit: AuditWriter = {
      transact: (work) => t.platform.audit.transact(work),
      append: async (event) => {
        await new Promise((r) => setTimeout(r, 50));
        await t.platform.audit.append(event);
        order.push(`audit:${event.action}`);
      },
      flush: () => t.platform.audit.flush(),
      close: () => Promise.resolve(),
      queueLength: () => t.platform.audit.queueLength(),
    };
    const svc = createFileService({ db: t.platform.db, audit: slowAudit, clock: t.platform.clock, config: t.platform.config, catalog: t.platform.catalog, access: fakeAccess(t.platform, granted) });
    const by: ExchangeActor = { actorType: 'user', actorId: 'u', actorName: 'order-check', unitId: unit.mz, clientIp: null, requestId: null, kind: 'user', roles: ['unit_user'], scopes: [], systemId: null };
    const opened = await svc.open(by, code.plan, up.json().id, '核对');
    order.push('stream');
    expect(order).toEqual(['audit:data.file.download', 'stream']);
    opened.stream?.destroy();
    expect((await auditEvents('data.file.download', 'order-check')).length).toBe(1);
  });

  it('refuses a restricted resource without a grant (audited as denied) and serves it with one', async () => {
    const content = tiff(3000);
    const up = await upload('steward_zr', code.topo, '地形图-1.tif', content, 'image/tiff');
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id;
    const url = `${filesUrl(code.topo)}/${id}/content`;

    const denied = await as('user_mz', 'GET', url, { headers: purpose('规划核查') });
    expect(denied.statusCode).toBe(403);
    const list = await as('user_mz', 'GET', `${filesUrl(code.topo)}?purpose=x`);
    expect(list.statusCode).toBe(403);
    const deniedEvents = (await auditEvents('data.file.download', 'user_mz')).filter((e) => e.target_id === code.topo);
    expect(deniedEvents).toHaveLength(1);
    expect(deniedEvents[0]).toMatchObject({ result: 'denied', purpose: '规划核查' });

    granted.add(unit.mz);
    try {
      const ok = await as('user_mz', 'GET', url, { headers: purpose('规划核查') });
      expect(ok.statusCode).toBe(200);
      expect(ok.rawPayload.equals(content)).toBe(true);
      const events = (await auditEvents('data.file.download', 'user_mz')).filter((e) => e.target_id === code.topo);
      expect(events.at(-1)).toMatchObject({ result: 'success', grant_id: GRANT_ID, purpose: '规划核查' });
    } finally {
      granted.delete(unit.mz);
    }
    // the provider reads its own files without any grant
    const own = await as('steward_zr', 'GET', url, { headers: purpose('自查') });
    expect(own.statusCode).toBe(200);
  });

  it('requires a purpose for every read', async () => {
    const up = await upload('steward_zr', code.plan, '用途.png', png(), 'image/png');
    const id = up.json().id;
    for (const url of [filesUrl(code.plan), `${filesUrl(code.plan)}/${id}`, `${filesUrl(code.plan)}/${id}/content`]) {
      const res = await as('user_mz', 'GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('purpose_required');
      const blank = await as('user_mz', 'GET', `${url}?purpose=%20%20`);
      expect(blank.json().code).toBe('purpose_required');
    }
    const long = await as('user_mz', 'GET', filesUrl(code.plan), { headers: purpose('很'.repeat(501)) });
    expect(long.json().code).toBe('purpose_too_long');
    const bad = await as('user_mz', 'GET', filesUrl(code.plan), { headers: { 'x-purpose': '%E4%B8' } });
    expect(bad.statusCode).toBe(400);
  });

  it('checks file names, unknown files and anonymous callers', async () => {
    const noName = await as('steward_zr', 'POST', filesUrl(code.plan), { body: png(), headers: { 'content-type': 'image/png' } });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().code).toBe('file_name_required');
    for (const name of ['a/b.png', '..\\b.png', '..']) {
      const res = await upload('steward_zr', code.plan, name, png(), 'image/png');
      expect(res.statusCode, name).toBe(400);
      expect(res.json().code).toBe('invalid_file_name');
    }
    const empty = await upload('steward_zr', code.plan, 'empty.png', Buffer.alloc(0), 'image/png');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('file_empty');

    const unknown = await as('user_mz', 'GET', `${filesUrl(code.plan)}/no-such-file?purpose=x`);
    expect(unknown.statusCode).toBe(404);
    const anonymous = await app.inject({ method: 'GET', url: `${filesUrl(code.plan)}?purpose=x` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('numbers concurrent uploads of one name without gaps or duplicates', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => upload('steward_zr', code.plan, '并发.png', png(), 'image/png')));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(results.map((r) => r.json().version as number).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses an oversized multipart file part with 413', async () => {
    const rows = await fileRows();
    const boundary = 'b0undary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`),
      png(MAX + 10),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await as('steward_zr', 'POST', filesUrl(code.plan), { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('file_too_large');
    expect(await fileRows()).toBe(rows);
    expect(tempFiles()).toEqual([]);
  });

  it('answers 413 over a real connection while the client is still sending', async () => {
    // afterAll's app.close() stops the listener too
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const bearer = await login('steward_zr');
    const chunk = png(16 * 1024);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 64; i++) controller.enqueue(chunk); // 1 MiB, chunked: no Content-Length
        controller.close();
      },
    });
    const res = await fetch(`${address}${filesUrl(code.plan)}?name=stream.png`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'image/png' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('file_too_large');
    expect(tempFiles()).toEqual([]);
  });

  it('describes its routes in a valid OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    await SwaggerParser.validate(structuredClone(doc));
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths[`${PREFIX}/data/{code}/files`] ?? {}).sort()).toEqual(['get', 'post']);
    expect(paths[`${PREFIX}/data/{code}/files/{fileId}`]?.get).toBeDefined();
    expect(paths[`${PREFIX}/data/{code}/files/{fileId}/content`]?.get).toBeDefined();
  });

  it('takes JSON and GeoJSON bodies raw for a self-describing resource', async () => {
    const geo = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '三亚湾' }, geometry: null }] }));
    const res = await upload('steward_zr', code.selfDescribing, '岸线.geojson', geo, 'application/geo+json');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ contentType: 'application/geo+json; charset=utf-8', bytes: geo.length });
    const json = await upload('steward_zr', code.selfDescribing, 'meta.json', Buffer.from('{"a":1}'), 'application/json');
    expect(json.statusCode, json.body).toBe(201);
    expect(json.json().contentType).toBe('application/json; charset=utf-8');
    const down = await as('user_mz', 'GET', `${filesUrl(code.selfDescribing)}/${res.json().id}/content`, { headers: purpose('应急指挥') });
    expect(down.rawPayload.equals(geo)).toBe(true);
  });
});
