import { createWriteStream, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import yazl from 'yazl';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { FixedClock } from '../core/clock.js';
import { demoResourceCode, demoRows } from '../demo/datasets.js';
import type { Resource } from '../catalog/model.js';
import { Receiver } from './subscriptions/test-support.js';
import type { Batch, ChangePage, Filter, RecordPage } from './types.js';

/**
 * Issue 4's reliability requirements, in process on both dialects: concurrent batches of one
 * resource never interleave, webhooks over the real exchange survive a failing receiver and stop
 * when access is revoked, and malformed input is refused with a 4xx and a stable code while the
 * dataset stays as it was. (A server killed mid-batch: test/e2e/exchange-reliability.test.ts.)
 */

const enc = encodeURIComponent;
const PEOPLE = demoResourceCode('人口基础信息'); // mandatory, 公安局
const MOVING = demoResourceCode('流动人口居住登记信息'); // restricted, 公安局
const system = { actorType: 'system' as const, actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null };

/** CSV with the item codes as header; values in their stored (text) forms. */
function csvOf(resource: Resource, rows: Record<string, unknown>[]): string {
  const codes = resource.dataItems.map((i) => i.code);
  return stringify([codes, ...rows.map((r) => codes.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))))], { record_delimiter: '\r\n' });
}

/** A 4xx problem whose code, field errors or batch issues name `code`; never a 5xx. */
function expectRefused(res: LightMyRequestResponse, code: string, status?: number): void {
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (status !== undefined) expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const p = res.json() as { code: string; errors?: { code: string }[]; batch?: { issues: { code: string }[]; state: string } };
  const codes = [p.code, ...(p.errors ?? []).map((e) => e.code), ...(p.batch?.issues ?? []).map((i) => i.code)];
  expect(codes, res.body).toContain(code);
  if (p.batch) expect(p.batch.state).toBe('rejected');
}

describeEachDialect('exchange reliability (issue 4)', (dialect) => {
  let t: TestApp;
  let clock: FixedClock;
  let steward: string;
  let consumer: string;
  let people: Resource;
  let moving: Resource;
  let unitMz: string;
  /** Rows of 人口基础信息: the first 2,000 for the concurrency test, the rest for the webhook batches. */
  let personRows: Record<string, unknown>[];
  const tmp = mkdtempSync(join(tmpdir(), 'govshare-reliability-'));

  const url = (code: string, rest = '') => `/api/v1/data/${enc(code)}${rest}`;
  const upload = (code: string, body: string | Buffer, headers: Record<string, string> = {}, query = '') =>
    t.as(steward, 'POST', url(code, `/batches${query}`), body, { 'content-type': 'text/csv', ...headers });
  /** A grant of 流动人口居住登记信息 (every item) to 民政局. */
  const grantMoving = (purpose: string, rowFilter: Filter[] = []) =>
    t.platform.sharing.createGrant(system, { resourceCode: MOVING, consumerUnitId: unitMz, fields: moving.dataItems.map((i) => i.code), rowFilter, purpose, state: 'active' });
  /** 民政局 subscribes over the API (201); the receiver learns the secret. Returns the subscription's id. */
  const subscribe = async (receiver: Receiver, code: string, body: Record<string, unknown>) => {
    const res = await t.as(consumer, 'POST', url(code, '/subscriptions'), body);
    expect(res.statusCode, res.body).toBe(201);
    const { subscription, secret } = res.json() as { subscription: { id: string }; secret: string };
    receiver.secrets.set(subscription.id, secret);
    return subscription.id;
  };
  const info = async (code: string) => {
    const r = await t.as(steward, 'GET', url(code));
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { rowCount: number; lastSeq: number };
  };

  beforeAll(async () => {
    // A clock the webhook test moves to each retry's due time (the platform's backoff starts at 1 s).
    clock = new FixedClock(new Date());
    t = await createTestApp(dialect, { catalog: true, clock, config: { webhookAllowedHosts: ['127.0.0.1'], webhookTimeoutMs: 2000, webhookMaxAttempts: 10 } });
    steward = await t.login('steward_ga');
    consumer = await t.login('user_mz');
    people = (await t.platform.catalog.published(PEOPLE))!;
    moving = (await t.platform.catalog.published(MOVING))!;
    expect(people.name).toBe('人口基础信息');
    expect(moving.name).toBe('流动人口居住登记信息');
    const me = await t.as(consumer, 'GET', '/api/v1/me');
    unitMz = me.json().unitId ?? me.json().unit?.id;
    personRows = [...demoRows(people, 2300)];
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('two concurrent batches of the same keys never interleave: readers see all of one or all of the other', async () => {
    const keys = personRows.slice(0, 2000);
    const bodyA = csvOf(people, keys.map((r) => ({ ...r, hjdz: 'A' })));
    const bodyB = csvOf(people, keys.map((r) => ({ ...r, hjdz: 'B' })));
    const count = async (filter: string) => {
      const r = await t.as(steward, 'GET', url(PEOPLE, `/records?filter=${enc(filter)}&count=true&limit=1&purpose=${enc('一致性检查')}`));
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as RecordPage).total!;
    };
    // The dataset table exists before the race starts (its lazy creation is tested on its own below).
    expect((await info(PEOPLE)).rowCount).toBe(0);
    const observations: { a: number; b: number; ab: number }[] = [];
    let done = false;
    const observer = (async () => {
      while (!done) {
        const [a, b, ab] = await Promise.all([count('hjdz:eq:A'), count('hjdz:eq:B'), count('hjdz:in:A,B')]);
        observations.push({ a, b, ab });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const [ra, rb] = await Promise.all([upload(PEOPLE, bodyA), upload(PEOPLE, bodyB)]);
    done = true;
    await observer;
    expect(ra.statusCode, ra.body).toBe(200);
    expect(rb.statusCode, rb.body).toBe(200);
    const a = ra.json() as Batch;
    const b = rb.json() as Batch;
    expect([a.state, b.state]).toEqual(['committed', 'committed']);

    expect(observations.length).toBeGreaterThan(0);
    for (const o of observations) {
      expect([0, 2000], JSON.stringify(o)).toContain(o.a);
      expect([0, 2000], JSON.stringify(o)).toContain(o.b);
      expect([0, 2000], JSON.stringify(o)).toContain(o.ab);
    }

    // Serialised: one inserted every key, the other then updated every key, in disjoint seq ranges.
    const [first, second] = a.lastSeq! < b.lastSeq! ? [a, b] : [b, a];
    expect(first).toMatchObject({ inserted: 2000, updated: 0 });
    expect(second).toMatchObject({ inserted: 0, updated: 2000 });
    expect(first.firstSeq).not.toBeNull();
    expect(second.firstSeq).not.toBeNull();
    expect(first.lastSeq!).toBeLessThan(second.firstSeq!);

    const winner = second === a ? 'A' : 'B';
    const final = { a: await count('hjdz:eq:A'), b: await count('hjdz:eq:B') };
    expect(final).toEqual(winner === 'A' ? { a: 2000, b: 0 } : { a: 0, b: 2000 });
    expect((await info(PEOPLE)).rowCount).toBe(2000);

    // The feed holds each key once, at its last change (all inside the later batch's range).
    const feed = await t.as(steward, 'GET', url(PEOPLE, `/changes?after=0&limit=10000&purpose=x`));
    const page = feed.json() as ChangePage;
    expect(page.items).toHaveLength(2000);
    for (const c of page.items) {
      expect(c.seq).toBeGreaterThanOrEqual(second.firstSeq!);
      expect(c.seq).toBeLessThanOrEqual(second.lastSeq!);
      expect(c.record!.hjdz).toBe(winner);
    }
  }, 60_000);

  it('the first concurrent uses of a published dataset (its table is created lazily) all succeed', async () => {
    const code = demoResourceCode('户籍人口变动信息'); // 公安局's own, never touched before this test
    const reads = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? t.as(steward, 'GET', url(code)) : t.as(steward, 'GET', url(code, `/records?count=true&purpose=${enc('首次使用')}`)))),
    );
    for (const r of reads) expect(r.statusCode, r.body).toBe(200);
    expect((await info(code)).rowCount).toBe(0);
  });

  it('webhooks over the real exchange: retried through 503s and refused connections, every change once, in order; revoking access stops delivery', async () => {
    const receiver = new Receiver();
    await receiver.start();
    const subs = t.platform.subscriptions;
    const deliveries = (id: string) =>
      t.platform.db.kysely.selectFrom('exchange_delivery').selectAll().where('subscription_id', '=', id).orderBy('from_seq').execute();
    const subRow = (id: string) => t.platform.db.kysely.selectFrom('exchange_subscription').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    /** runOnce, then moves the clock to the open delivery's next attempt (if it failed). */
    const step = async (id: string) => {
      await subs.runOnce();
      const open = (await deliveries(id)).find((d) => d.state === 'pending');
      if (open && open.next_attempt_at > clock.now().toISOString()) clock.set(open.next_attempt_at);
    };
    try {
      // 民政局 subscribes over the API to the mandatory 人口基础信息, from the start of its feed.
      const sub = { id: await subscribe(receiver, PEOPLE, { url: receiver.url(), purpose: '社会救助对象核查', from: 'start', batchSize: 500 }) };

      const batch = async (rows: Record<string, unknown>[]) => {
        const r = await upload(PEOPLE, csvOf(people, rows));
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json().state).toBe('committed');
      };
      const rowsBefore = (await info(PEOPLE)).rowCount;
      await batch(personRows.slice(2000, 2100));
      // Another subscription from 'now': only what is committed after it was created.
      const now = await t.as(consumer, 'POST', url(PEOPLE, '/subscriptions'), { url: receiver.url('/now'), purpose: '社会救助对象核查', from: 'now' });
      expect(now.statusCode, now.body).toBe(201);
      const subNow = (now.json() as { subscription: { id: string; cursor: string } }).subscription;
      const headAtCreation = (await info(PEOPLE)).lastSeq;

      // The receiver is down: 503 twice, then connections refused; batches keep committing meanwhile.
      receiver.fallback = 503;
      await step(sub.id);
      const attempted = receiver.received.filter((r) => r.subscriptionId === sub.id);
      expect(attempted.map((r) => r.answered), 'the worker sent nothing although the feed has changes after the cursor').toEqual([503]);
      await batch(personRows.slice(2100, 2150));
      await step(sub.id);
      const port = receiver.port;
      await receiver.stop();
      await batch(personRows.slice(2150, 2200));
      await step(sub.id);
      await step(sub.id);
      const stuck = await deliveries(sub.id);
      expect(stuck.filter((d) => d.state === 'pending')).toHaveLength(1);
      expect(stuck.filter((d) => d.state === 'delivered')).toHaveLength(0);
      const pending = stuck.find((d) => d.state === 'pending')!;
      expect(Number(pending.attempts)).toBe(4);
      expect(pending.last_error).toMatch(/^network: /);
      expect(Number((await subRow(sub.id)).cursor)).toBe(0);

      // Back up: everything arrives.
      await receiver.start(port);
      receiver.fallback = 200;
      await batch(personRows.slice(2200, 2250));
      const head = (await info(PEOPLE)).lastSeq;
      for (let i = 0; i < 50 && Number((await subRow(sub.id)).cursor) < head; i++) await step(sub.id);
      expect(Number((await subRow(sub.id)).cursor)).toBe(head);

      const got = receiver.received.filter((r) => r.subscriptionId === sub.id && r.event === 'changes');
      expect(got.every((r) => r.signatureValid)).toBe(true);
      // The failed attempts were one delivery, retried with the same id and the same changes.
      const failed = got.filter((r) => r.answered !== 200);
      expect(failed.map((r) => r.answered)).toEqual([503, 503]);
      const firstId = got[0]!.deliveryId;
      const retried = got.filter((r) => r.deliveryId === firstId);
      expect(retried.map((r) => r.answered)).toEqual([503, 503, 200]);
      expect(new Set(retried.map((r) => JSON.stringify(r.body.changes)))).toHaveLength(1);

      // Exactly once per delivery id, in seq order, nothing missing against the consumer's feed.
      const ok = receiver.delivered(sub.id);
      expect(new Set(ok.map((r) => r.deliveryId)).size).toBe(ok.length);
      const seqs = receiver.deliveredSeqs(sub.id);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
      const feed = await t.as(consumer, 'GET', url(PEOPLE, `/changes?after=0&limit=10000&purpose=${enc('社会救助对象核查')}`));
      expect(feed.statusCode, feed.body).toBe(200);
      const feedPage = feed.json() as ChangePage;
      expect(feedPage.items).toHaveLength(rowsBefore + 250);
      expect(seqs).toEqual(feedPage.items.map((c) => c.seq));
      // What was delivered is what the consumer may see (masked like its own reads).
      const delivered = ok.flatMap((r) => r.body.changes ?? []);
      expect(delivered.map((c) => [c.key, c.record])).toEqual(feedPage.items.map((c) => [c.key, c.record]));
      expect(delivered[0]!.record!.sfzhm).toMatch(/\*/);
      const rows = await deliveries(sub.id);
      expect(rows.every((d) => d.state === 'delivered')).toBe(true);
      // The 'now' subscription starts at the head of the feed and gets exactly what was committed after it was created.
      expect(subNow.cursor).toBe(String(headAtCreation));
      for (let i = 0; i < 20 && Number((await subRow(subNow.id)).cursor) < head; i++) await step(subNow.id);
      expect(receiver.deliveredSeqs(subNow.id)).toEqual(feedPage.items.filter((c) => c.seq > headAtCreation).map((c) => c.seq));
      expect(receiver.deliveredSeqs(subNow.id)).toHaveLength(150);

      // A restricted resource through a grant: delivered while the grant holds, stopped when it is revoked.
      const grant = await grantMoving('流动人口服务');
      const s2 = { id: await subscribe(receiver, MOVING, { url: receiver.url('/moving'), purpose: '流动人口服务', from: 'start' }) };
      const movingRows = [...demoRows(moving, 40)];
      const r1 = await upload(MOVING, csvOf(moving, movingRows.slice(0, 20)));
      expect(r1.statusCode, r1.body).toBe(200);
      await step(s2.id);
      expect(receiver.deliveredSeqs(s2.id)).toHaveLength(20);

      await t.platform.sharing.setGrantState(system, grant.id, 'revoked', '测试撤销');
      const r2 = await upload(MOVING, csvOf(moving, movingRows.slice(20)));
      expect(r2.statusCode, r2.body).toBe(200);
      const before = receiver.received.filter((r) => r.subscriptionId === s2.id).length;
      await step(s2.id);
      await step(s2.id);
      expect(receiver.received.filter((r) => r.subscriptionId === s2.id)).toHaveLength(before);
      const after = await t.as(consumer, 'GET', `/api/v1/subscriptions/${s2.id}`);
      expect(after.statusCode, after.body).toBe(200);
      expect(after.json()).toMatchObject({ state: 'stopped', stateReason: 'access_revoked' });
      // The grant's consumer can no longer read it directly either.
      expect((await t.as(consumer, 'GET', url(MOVING, '/changes?after=0&purpose=x'))).statusCode).toBe(403);
    } finally {
      await receiver.stop();
    }
  }, 60_000);

  it("a webhook under a district-filtered grant: a row that moves out of the district is delivered as a deletion; one the unit never had is not", async () => {
    const receiver = new Receiver();
    await receiver.start();
    const subs = t.platform.subscriptions;
    try {
      const grant = await grantMoving('吉阳区流动人口服务', [{ field: 'ssq', op: 'eq', value: '460203' }]);
      const sub = { id: await subscribe(receiver, MOVING, { url: receiver.url('/district'), purpose: '吉阳区流动人口服务', from: 'now' }) };
      const [a, b, c] = [...demoRows(moving, 43)].slice(40).map((r, i): Record<string, unknown> => ({ ...r, ssq: ['460203', '460203', '460204'][i] }));
      const r1 = await upload(MOVING, csvOf(moving, [a!, b!, c!]));
      expect(r1.statusCode, r1.body).toBe(200);
      await subs.runOnce();
      const changes = () => receiver.delivered(sub.id).flatMap((r) => r.body.changes ?? []).map((x) => `${x.op}:${x.key}`);
      expect(changes()).toEqual([`upsert:${String(a!.djbh)}`, `upsert:${String(b!.djbh)}`]);
      // a moves to 天涯区; c changes within 天涯区 (never the unit's).
      const r2 = await upload(MOVING, csvOf(moving, [{ ...a!, ssq: '460204' }, { ...c!, jzdz: '三亚市天涯区测试路 9 号' }]));
      expect(r2.statusCode, r2.body).toBe(200);
      await subs.runOnce();
      expect(changes()).toEqual([`upsert:${String(a!.djbh)}`, `upsert:${String(b!.djbh)}`, `delete:${String(a!.djbh)}`]);
      expect(receiver.received.filter((r) => r.subscriptionId === sub.id).every((r) => r.signatureValid)).toBe(true);
      await t.platform.sharing.setGrantState(system, grant.id, 'revoked', '测试结束');
    } finally {
      await receiver.stop();
    }
  }, 60_000);

  it('malformed uploads and reads are refused with a 4xx and a stable code; nothing is written, never a 5xx', async () => {
    const before = await info(PEOPLE);
    const header = people.dataItems.map((i) => i.code).join(',');
    const good = csvOf(people, [personRows[0]!]).split('\r\n')[1]!;

    // Truncated CSV: a quote that never closes.
    expectRefused(await upload(PEOPLE, `${header}\r\n${good}\r\n"${good.slice(0, 30)}`), 'unterminated_quote');
    // Wrong encoding: bytes that are not UTF-8, declared UTF-8.
    const latin = Buffer.concat([Buffer.from(`${header}\r\n`), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe]), Buffer.from(`,${good.slice(19)}\r\n`)]);
    expectRefused(await upload(PEOPLE, latin, {}, '?encoding=utf-8'), 'invalid_encoding');
    // An .xlsx that is not a zip.
    const xlsxType = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    expectRefused(await upload(PEOPLE, `${header}\r\n${good}\r\n`, xlsxType), 'not_xlsx');
    expectRefused(await upload(PEOPLE, Buffer.from('PK\u0003\u0004 not really a zip at all'), { 'content-type': 'application/octet-stream' }, '?fileName=data.xlsx'), 'not_xlsx');

    // A zip bomb: a real archive with one part of 300 MB of zeros (a few hundred KB compressed).
    const bombPath = join(tmp, 'bomb.xlsx');
    await new Promise<void>((resolve, reject) => {
      const zip = new yazl.ZipFile();
      zip.addBuffer(Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), '[Content_Types].xml');
      const piece = Buffer.alloc(1024 * 1024);
      let left = 300;
      zip.addReadStream(new Readable({ read() { this.push(left-- > 0 ? piece : null); } }), 'xl/worksheets/sheet1.xml');
      zip.end();
      zip.outputStream.pipe(createWriteStream(bombPath)).on('finish', resolve).on('error', reject);
    });
    const bomb = readFileSync(bombPath);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const started = Date.now();
    expectRefused(await upload(PEOPLE, bomb, xlsxType), 'zip_bomb');
    expectRefused(await t.as(steward, 'POST', url(PEOPLE, '/uploads'), bomb, xlsxType), 'zip_bomb', 413);
    expect(Date.now() - started).toBeLessThan(10_000);

    // 10,000 columns.
    const wide = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    expectRefused(await upload(PEOPLE, `${wide}\r\n${wide.replace(/c/g, 'v')}\r\n`), 'too_many_columns');
    // A 10 MB cell.
    const huge = `${header}\r\n${good.replace(/^([^,]*,)[^,]*/, `$1${'甲'.repeat(10 * 1024 * 1024 / 3)}`)}\r\n`;
    expectRefused(await upload(PEOPLE, huge), 'cell_too_large');
    // Unknown fields in an upload: an extra CSV column, an extra NDJSON property.
    expectRefused(await upload(PEOPLE, `${header},drop_table\r\n${good},x\r\n`), 'unknown_columns');
    const ndjson = JSON.stringify({ ...personRows[0], 'xm; drop table exchange_batch; --': '1' }) + '\n';
    expectRefused(await upload(PEOPLE, ndjson, { 'content-type': 'application/x-ndjson' }), 'unknown_columns');
    // An unknown upload mode (query and wizard command), bad mapping JSON, a mapping to no item.
    expectRefused(await upload(PEOPLE, `${header}\r\n${good}\r\n`, {}, '?mode=merge'), 'validation_failed', 400);
    expectRefused(await upload(PEOPLE, JSON.stringify({ uploadId: 'x', mode: 'merge' }), { 'content-type': 'application/json' }), 'bad_mode', 400);
    expectRefused(await upload(PEOPLE, `${header}\r\n${good}\r\n`, {}, `?mapping=${enc('{"xm": ')}`), 'bad_mapping', 400);
    expectRefused(await upload(PEOPLE, `${header}\r\n${good}\r\n`, {}, `?mapping=${enc('["xm"]')}`), 'bad_mapping', 400);
    expectRefused(await upload(PEOPLE, `${header}\r\n${good}\r\n`, {}, `?mapping=${enc('{"xm":"no_such_item"}')}`), 'invalid_mapping');
    // An empty body.
    expectRefused(await upload(PEOPLE, ''), 'upload_empty', 400);
    expectRefused(await t.as(steward, 'POST', url(PEOPLE, '/uploads'), '', { 'content-type': 'text/csv' }), 'upload_empty', 400);

    // SQL in filter values: bound as values (no row matches, nothing dropped) or refused by type.
    for (const f of ["xm:eq:' or '1'='1", 'xm:in:a,b) or (1=1', "hjdz:prefix:%' or 1=1 --", 'hjdz:prefix:_']) {
      const r = await t.as(steward, 'GET', url(PEOPLE, `/records?filter=${enc(f)}&count=true&purpose=x`));
      expect(r.statusCode, `${f}: ${r.body}`).toBe(200);
      expect((r.json() as RecordPage).total, f).toBe(0);
    }
    expectRefused(await t.as(steward, 'GET', url(PEOPLE, `/records?filter=${enc("csrq:eq:2020-01-01' or 1=1 --")}&purpose=x`)), 'bad_filter_value', 400);
    expectRefused(await t.as(steward, 'GET', url(PEOPLE, `/records?filter=${enc("sfzhm:eq:0'; drop table exchange_batch; --")}&purpose=x`)), 'bad_filter_value', 400);
    const inBody = await t.as(steward, 'POST', url(PEOPLE, '/records/query'), { filters: [{ field: 'xm', op: 'eq', value: "x'); delete from exchange_batch; --" }], count: true, purpose: 'x' });
    expect(inBody.statusCode, inBody.body).toBe(200);
    expect(inBody.json().total).toBe(0);
    // Unknown fields in filters, projections and sorts (including identifiers that try to break out).
    expectRefused(await t.as(steward, 'GET', url(PEOPLE, `/records?filter=${enc('nosuch:eq:1')}&purpose=x`)), 'unknown_field', 400);
    expectRefused(await t.as(steward, 'GET', url(PEOPLE, `/records?filter=${enc('xm" or 1=1 --:eq:1')}&purpose=x`)), 'unknown_field', 400);
    expectRefused(await t.as(steward, 'GET', url(PEOPLE, `/records?fields=${enc('xm,"_key" from x; --')}&purpose=x`)), 'unknown_field', 400);
    expectRefused(await t.as(steward, 'POST', url(PEOPLE, '/records/query'), { filters: [{ field: 'nosuch', op: 'eq', value: 1 }], purpose: 'x' }), 'unknown_field', 400);
    expectRefused(await t.as(steward, 'POST', url(PEOPLE, '/records/query'), { filters: [], where: '1=1', purpose: 'x' }), 'unknown_field', 400);
    const badSort = await t.as(steward, 'GET', url(PEOPLE, `/records?sort=${enc('xm; drop table x')}&purpose=x`));
    expect(badSort.statusCode, badSort.body).toBe(400);
    // Bad cursors: records (garbage, another query's, tampered) and changes.
    expectRefused(await t.as(steward, 'GET', url(PEOPLE, '/records?cursor=garbage&purpose=x')), 'bad_cursor', 400);
    const page1 = (await t.as(steward, 'GET', url(PEOPLE, '/records?limit=2&purpose=x'))).json() as RecordPage;
    expect(page1.nextCursor).toBeTruthy();
    expectRefused(await t.as(steward, 'GET', url(PEOPLE, `/records?limit=2&filter=${enc('xb:eq:1')}&cursor=${enc(page1.nextCursor!)}&purpose=x`)), 'bad_cursor', 400);
    const tampered = page1.nextCursor!.slice(0, -3) + (page1.nextCursor!.endsWith('AAA') ? 'BBB' : 'AAA');
    expectRefused(await t.as(steward, 'GET', url(PEOPLE, `/records?limit=2&cursor=${enc(tampered)}&purpose=x`)), 'bad_cursor', 400);
    for (const after of ['abc', '-1', '1e9', '1.5', '9999999999999999', "0'--"]) {
      expectRefused(await t.as(steward, 'GET', url(PEOPLE, `/changes?after=${enc(after)}&purpose=x`)), 'bad_cursor', 400);
    }
    expectRefused(await t.as(steward, 'GET', url(PEOPLE, `/batches?cursor=${enc('not-a-cursor')}`)), 'bad_cursor', 400);

    // Nothing was written by any of it.
    const after = await info(PEOPLE);
    expect(after).toMatchObject({ rowCount: before.rowCount, lastSeq: before.lastSeq });
    const batches = (await t.as(steward, 'GET', url(PEOPLE, '/batches?limit=100'))).json() as { items: Batch[] };
    const recent = batches.items.filter((b) => b.state === 'committed' && (b.lastSeq ?? 0) > before.lastSeq);
    expect(recent).toEqual([]);
  }, 60_000);
});
