import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { idNumberCheckChar } from './values.js';
import { FixedClock } from '../core/clock.js';
import type { Batch, ChangePage, RecordPage } from './types.js';
import { QUERY_LIMITS } from './query.js';

/** A synthetic ID number (never a real person): Sanya region code, a birth date, a sequence, the check character. */
function idNumber(n: number, birth = '19900101'): string {
  const first17 = `460202${birth}${String(n).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

const enc = encodeURIComponent;

describeEachDialect('exchange data plane (uploads, query, changes)', (dialect) => {
  let t: TestApp;
  let steward: string;
  let consumer: string;
  let people: string; // 人口基础信息 (mandatory, 公安局)
  let moving: string; // 流动人口居住登记信息 (restricted, 公安局)
  let unitMz: string;
  const start = '2026-11-02T02:00:00.000Z'; // a Monday, 10:00 in Sanya
  const clock = new FixedClock(start);

  const url = (code: string, rest = '') => `/api/v1/data/${enc(code)}${rest}`;
  const csv = (rows: string[]) => ['sfzhm,xm,xb,mz,csrq,hjdz,ssq,rkzt', ...rows].join('\r\n') + '\r\n';
  const person = (n: number, name = `测试${n}`, district = '460202') => `${idNumber(n)},${name},1,01,1990-01-01,三亚市吉阳区测试路${n}号,${district},10`;
  const upload = (code: string, body: string, headers: Record<string, string> = {}, query = '') =>
    t.as(steward, 'POST', url(code, `/batches${query}`), body, { 'content-type': 'text/csv', ...headers });

  beforeAll(async () => {
    // Sessions outlive the week the overdue test moves the clock forward.
    t = await createTestApp(dialect, { catalog: true, clock, config: { sessionTtlMinutes: 43_200 } });
    steward = await t.login('steward_ga');
    consumer = await t.login('user_mz');
    const find = async (name: string) => {
      const r = await t.as(steward, 'GET', `/api/v1/catalog/resources?q=${enc(name)}&facets=false`);
      const hit = (r.json().items as { code: string; name: string }[]).find((x) => x.name === name);
      if (!hit) throw new Error(`demo resource ${name} not found`);
      return hit.code;
    };
    people = await find('人口基础信息');
    moving = await find('流动人口居住登记信息');
    const me = await t.as(consumer, 'GET', '/api/v1/me');
    unitMz = me.json().unitId ?? me.json().unit?.id;
  }, 120_000);
  afterAll(async () => t?.close());

  it('commits a valid CSV batch, reports counts, and serves masked rows to another unit with the purpose audited', async () => {
    const res = await upload(people, csv([person(1, '王小明'), person(2), person(3)]));
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json() as Batch;
    expect(b).toMatchObject({ state: 'committed', inserted: 3, updated: 0, rowsRead: 3, issueCount: 0 });

    const q = await t.as(consumer, 'GET', url(people, `/records?filter=${enc(`sfzhm:eq:${idNumber(1)}`)}`), undefined, { 'x-purpose': enc('低保资格核查') });
    expect(q.statusCode, q.body).toBe(200);
    expect(q.headers['cache-control']).toBe('no-store');
    const page = q.json() as RecordPage;
    expect(page.items).toHaveLength(1);
    const row = page.items[0]!;
    expect(row.sfzhm).toBe(`460202********${idNumber(1).slice(-4)}`);
    expect(row.xm).toBe('王**');
    expect(row.xb).toBe('1');
    // An empty projection or sort is none (`fields=` used to return only the key metadata).
    const empty = await t.as(consumer, 'GET', url(people, `/records?filter=${enc(`sfzhm:eq:${idNumber(1)}`)}&fields=&sort=%20,`), undefined, { 'x-purpose': enc('低保资格核查') });
    expect(empty.statusCode, empty.body).toBe(200);
    expect((empty.json() as RecordPage).items).toEqual(page.items);
    expect(Object.keys(row)).toEqual(expect.arrayContaining(['sfzhm', 'xm', 'xb']));
    const badSort = await t.as(consumer, 'GET', url(people, '/records?sort=csrq:asc:x&purpose=x'));
    expect([badSort.statusCode, badSort.json().code]).toEqual([400, 'bad_sort']);

    const events = await t.platform.audit.query({ action: 'data.record.query', limit: 10 } as never);
    const ev = events.items.find((e) => e.purpose === '低保资格核查');
    expect(ev).toBeTruthy();
    expect(ev!.detail).toMatchObject({ rows: 1, basis: 'mandatory' });
  });

  it('the provider sees unmasked values; key lookup works and is audited with the key', async () => {
    const r = await t.as(steward, 'GET', url(people, `/records/${enc(idNumber(2))}?purpose=${enc('数据核对')}`));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().sfzhm).toBe(idNumber(2));
    const events = await t.platform.audit.query({ action: 'data.record.get', limit: 10 } as never);
    expect(events.items.some((e) => (e.detail as { key?: string } | null)?.key === idNumber(2))).toBe(true);
    const missing = await t.as(steward, 'GET', url(people, `/records/${enc(idNumber(99))}?purpose=x`));
    expect(missing.statusCode).toBe(404);
  });

  it('a batch with one bad row writes nothing and lists row, field, value and reason', async () => {
    const before = await t.as(steward, 'GET', url(people));
    const rowsBefore = before.json().rowCount;
    const bad = `460202199001010099,坏行,3,01,1990-13-01,三亚市,460202,10`;
    const res = await upload(people, csv([person(10), bad, person(11)]));
    expect(res.statusCode, res.body).toBe(422);
    const p = res.json();
    expect(p.code).toBe('upload_invalid');
    const issues = p.batch.issues as { row: number; field: string; value: string; code: string; message: string }[];
    expect(issues.map((i) => [i.row, i.field, i.code])).toEqual(
      expect.arrayContaining([
        [3, 'sfzhm', 'invalid_id_number'],
        [3, 'xb', 'not_in_code_set'],
        [3, 'csrq', 'not_a_date'],
      ]),
    );
    expect(issues.find((i) => i.field === 'xb')!.value).toBe('3');
    const after = await t.as(steward, 'GET', url(people));
    expect(after.json().rowCount).toBe(rowsBefore);
    const k = await t.as(steward, 'GET', url(people, `/records/${enc(idNumber(10))}?purpose=x`));
    expect(k.statusCode).toBe(404);
    const report = await t.as(steward, 'GET', url(people, `/batches/${p.batch.id}/report`));
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('不在代码集中');
  });

  it('an Idempotency-Key makes a retried batch a no-op; different content with the same key is refused', async () => {
    const body = csv([person(20), person(21)]);
    const a = await upload(people, body, { 'idempotency-key': 'k-20' });
    expect(a.statusCode, a.body).toBe(200);
    const b = await upload(people, body, { 'idempotency-key': 'k-20' });
    expect(b.statusCode).toBe(200);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().id).toBe(a.json().id);
    const c = await upload(people, csv([person(22)]), { 'idempotency-key': 'k-20' });
    expect(c.statusCode).toBe(422);
    expect(c.json().code).toBe('idempotency_key_reused');
  });

  it('the change feed returns changes in order with tombstones, resumable from any cursor', async () => {
    const start = (await t.as(steward, 'GET', url(people))).json().lastSeq as number;
    await upload(people, csv([person(1, '王小明改')])); // update
    await upload(people, 'sfzhm\r\n' + idNumber(3) + '\r\n', {}, '?mode=delete'); // delete
    const feed = await t.as(consumer, 'GET', url(people, `/changes?after=${start}&purpose=${enc('同步')}`));
    expect(feed.statusCode, feed.body).toBe(200);
    const page = feed.json() as ChangePage;
    // The key is the ID number, masked for a consumer like the field itself.
    expect(page.items.map((c) => [c.op, c.key])).toEqual([
      ['upsert', `460202********${idNumber(1).slice(-4)}`],
      ['delete', `460202********${idNumber(3).slice(-4)}`],
    ]);
    expect(page.items[0]!.record!.xm).toBe('王***'); // masked for the consumer
    expect(Number(page.nextCursor)).toBe(page.items[1]!.seq);
    const own = (await t.as(steward, 'GET', url(people, `/changes?after=${page.items[0]!.seq}&purpose=x`))).json() as ChangePage;
    expect(own.items.map((c) => [c.op, c.key])).toEqual([['delete', idNumber(3)]]);
    const bad = await t.as(consumer, 'GET', url(people, `/changes?after=abc&purpose=x`));
    expect(bad.statusCode).toBe(400);
  });

  it('the streamed feed (NDJSON) carries the same changes as the pages, audits every page it reads, and ends with the cursor', async () => {
    const paged = (await t.as(steward, 'GET', url(people, '/changes?after=0&limit=10000&purpose=x'))).json() as ChangePage;
    expect(paged.items.length).toBeGreaterThan(4);
    const limits = QUERY_LIMITS as { changesMaxLimit: number };
    const pageSize = limits.changesMaxLimit;
    limits.changesMaxLimit = 2; // several internal pages from a few rows
    try {
      const before = (await t.platform.audit.query({ action: 'data.changes.read', limit: 500 } as never)).items.length;
      const res = await t.as(steward, 'GET', url(people, `/changes/stream?after=0&purpose=${enc('同步')}`));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/x-ndjson');
      const lines = res.body.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const end = lines.pop()!;
      expect(lines).toEqual(JSON.parse(JSON.stringify(paged.items)));
      expect(end).toEqual({ nextCursor: paged.nextCursor, hasMore: false });
      const after = (await t.platform.audit.query({ action: 'data.changes.read', limit: 500 } as never)).items.length;
      expect(after - before).toBe(Math.ceil(paged.items.length / 2) + (paged.items.length % 2 === 0 ? 1 : 0));
      // A limit cuts the stream; the last line says where to resume.
      const cut = (await t.as(consumer, 'GET', url(people, '/changes/stream?after=0&limit=3&purpose=x'))).body.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(cut).toHaveLength(4);
      expect(cut[3]).toEqual({ nextCursor: String(cut[2].seq), hasMore: true });
      expect(cut[0].record.xm).toMatch(/\*/); // masked for the other unit, as in the pages
    } finally {
      limits.changesMaxLimit = pageSize;
    }
    expect((await t.as(consumer, 'GET', url(people, '/changes/stream?after=0'))).statusCode).toBe(400); // no purpose
    expect((await t.as(consumer, 'GET', url(people, '/changes/stream?after=0&limit=1000001&purpose=x'))).statusCode).toBe(400);
    expect((await t.as(consumer, 'GET', url(people, '/changes/stream?after=x1&purpose=x'))).statusCode).toBe(400);
  });

  it('a stream the client abandons after one page audits exactly that page, though the next one was already read', async () => {
    const { actorOf } = await import('../catalog/test-fixtures.js');
    const a = await actorOf(t.platform, 'steward_ga');
    const ga = { ...a, roles: [...(a.roles ?? [])], kind: 'user' as const, scopes: [], systemId: null };
    const limits = QUERY_LIMITS as { changesMaxLimit: number };
    const pageSize = limits.changesMaxLimit;
    limits.changesMaxLimit = 2;
    try {
      const count = async () => (await t.platform.audit.query({ action: 'data.changes.read', limit: 500 } as never)).items.length;
      const before = await count();
      const pages = await t.platform.exchange.changePages(ga, people, '同步', '0', 1000);
      const it = pages[Symbol.asyncIterator]();
      const first = await it.next();
      expect(first.done).toBe(false);
      expect(first.value!.items).toHaveLength(2);
      expect(first.value!.hasMore).toBe(true);
      await new Promise((r) => setTimeout(r, 50)); // the read-ahead of page 2 completes meanwhile
      await it.return?.(undefined);
      expect(await count()).toBe(before + 1);
    } finally {
      limits.changesMaxLimit = pageSize;
    }
  });

  it('snapshot mode deletes the rows the batch does not list; unchanged rows make no change', async () => {
    const all = (await t.as(steward, 'GET', url(people, '/records?limit=1000&purpose=x'))).json() as RecordPage;
    const keep = all.items.slice(0, 2).map((r) => r._key);
    const before = (await t.as(steward, 'GET', url(people))).json();
    const lines = (await Promise.all(keep.map((k) => t.as(steward, 'GET', url(people, `/records/${enc(k)}?purpose=x`))))).map((r) => {
      const v = r.json();
      return [v.sfzhm, v.xm, v.xb, v.mz, v.csrq, v.hjdz, v.ssq, v.rkzt].join(',');
    });
    const res = await upload(people, csv(lines), {}, '?mode=snapshot');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ unchanged: 2, inserted: 0, updated: 0, deleted: before.rowCount - 2 });
    expect((await t.as(steward, 'GET', url(people))).json().rowCount).toBe(2);
  });

  it('requires a purpose, refuses uploads by other units, non-shared data and unknown filters with 4xx', async () => {
    const noPurpose = await t.as(consumer, 'GET', url(people, '/records'));
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().code).toBe('purpose_required');
    // One purpose rule for every data read (src/exchange/purpose.ts): a header that does not
    // decode is refused, not taken as it came; over 500 characters is its own error.
    const undecodable = await t.as(consumer, 'GET', url(people, '/records'), undefined, { 'x-purpose': '%E4%B8' });
    expect(undecodable.statusCode).toBe(400);
    expect(undecodable.json()).toMatchObject({ code: 'purpose_malformed', errors: [{ field: 'X-Purpose', code: 'purpose_malformed' }] });
    const long = await t.as(consumer, 'GET', url(people, `/records/x?purpose=${enc('很'.repeat(501))}`));
    expect(long.statusCode).toBe(400);
    expect(long.json().code).toBe('purpose_too_long');
    const exactly = await t.as(consumer, 'GET', url(people, `/records?limit=1&purpose=${enc('很'.repeat(500))}`));
    expect(exactly.statusCode).toBe(200);
    // The parameter wins over the header.
    const both = await t.as(consumer, 'GET', url(people, `/records?limit=1&purpose=${enc('参数用途')}`), undefined, { 'x-purpose': '%E4%B8' });
    expect(both.statusCode).toBe(200);
    const foreign = await t.as(consumer, 'POST', url(people, '/batches'), csv([person(30)]), { 'content-type': 'text/csv' });
    expect(foreign.statusCode).toBe(403);
    const restricted = await t.as(consumer, 'GET', url(moving, '/records?purpose=x'));
    expect(restricted.statusCode).toBe(403);
    for (const f of ['nosuch:eq:1', "sfzhm:eq:' or 1=1 --", 'xm:prefix:王', 'csrq:bogus:1']) {
      const r = await t.as(consumer, 'GET', url(people, `/records?filter=${enc(f)}&purpose=x`));
      expect(r.statusCode, f).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, f).toBeLessThan(500);
    }
    const cursor = await t.as(consumer, 'GET', url(people, '/records?cursor=garbage&purpose=x'));
    expect(cursor.statusCode).toBe(400);
  });

  it('a restricted grant serves only its fields and rows, masked as the grant says', async () => {
    const resource = await t.platform.catalog.published(moving);
    const items = resource!.dataItems.map((i) => i.code);
    const grant = await t.platform.sharing.createGrant(
      { actorType: 'system', actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null },
      { resourceCode: moving, consumerUnitId: unitMz, fields: items.slice(0, 3), purpose: '流动人口服务', state: 'active' },
    );
    const info = await t.as(consumer, 'GET', url(moving));
    expect(info.json().access).toMatchObject({ basis: 'grant', grantId: grant.id, fields: items.slice(0, 3) });
    const r = await t.as(consumer, 'GET', url(moving, '/records?purpose=x'));
    expect(r.statusCode, r.body).toBe(200);
    const hidden = await t.as(consumer, 'GET', url(moving, `/records?fields=${items[4]}&purpose=x`));
    expect(hidden.statusCode).toBe(400);
    // The exchange catalog (R5) lists the granted unit as a consumer of the resource.
    const reviewer = await t.login('reviewer');
    const ex = await t.as(reviewer, 'GET', `/api/v1/catalog/exchange-catalog?q=${enc('流动人口居住登记信息')}`);
    expect(ex.statusCode, ex.body).toBe(200);
    const entry = (ex.json().items as { code: string; consumers: { unitId: string; via: string }[] }[]).find((e) => e.code === moving)!;
    expect(entry.consumers).toContainEqual(expect.objectContaining({ unitId: unitMz, via: 'grant' }));
    await t.platform.sharing.setGrantState({ actorType: 'system', actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null }, grant.id, 'revoked', '测试撤销');
    await new Promise((r) => setTimeout(r, 2100)); // grant cache
    const revoked = await t.as(consumer, 'GET', url(moving, '/records?purpose=x'));
    expect(revoked.statusCode).toBe(403);
  });

  it("a grant's row filter: a row the consumer had comes as a deletion in its change feed once it moves out of the grant's rows", async () => {
    const system = { actorType: 'system' as const, actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null };
    const grant = await t.platform.sharing.createGrant(system, {
      resourceCode: moving,
      consumerUnitId: unitMz,
      fields: ['djbh', 'xm', 'ssq'],
      rowFilter: [{ field: 'ssq', op: 'eq', value: '460203' }],
      purpose: '吉阳区流动人口服务',
      state: 'active',
    });
    const rows = (list: [string, string][]) => ['djbh,sfzhm,xm,jzdz,ssq,djrq', ...list.map(([no, district], i) => `${no},${idNumber(70 + i)},测试${no},三亚市测试路${i}号,${district},2026-10-01`)].join('\r\n') + '\r\n';
    const before = (await t.as(steward, 'GET', url(moving, '/changes?after=0&limit=10000&purpose=x'))).json() as ChangePage;
    const first = await upload(moving, rows([['LD-0001', '460203'], ['LD-0002', '460203'], ['LD-0003', '460204']]));
    expect(first.statusCode, first.body).toBe(200);
    const feed = async (after: string) => {
      const r = await t.as(consumer, 'GET', url(moving, `/changes?after=${after}&purpose=${enc('同步')}`));
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json() as ChangePage;
      return { page, summary: page.items.map((c) => `${c.op}:${c.key}`) };
    };
    const a = await feed(before.nextCursor);
    expect(a.summary).toEqual(['upsert:LD-0001', 'upsert:LD-0002']);
    expect(Object.keys(a.page.items[0]!.record!)).toEqual(['_key', '_rev', '_updatedAt', 'djbh', 'xm', 'ssq']);
    // LD-0002 moves to 天涯区, LD-0003 changes in 天涯区 (never the consumer's), LD-0004 is new in 吉阳区.
    const second = await upload(moving, rows([['LD-0002', '460204'], ['LD-0003', '460204'], ['LD-0004', '460203']]).replace(/测试LD-0003/, '改名'));
    expect(second.statusCode, second.body).toBe(200);
    const b = await feed(a.page.nextCursor);
    expect(b.summary).toEqual(['delete:LD-0002', 'upsert:LD-0004']);
    expect(b.page.items[0]).toEqual({ seq: expect.any(Number), op: 'delete', key: 'LD-0002', rev: 2, updatedAt: expect.any(String) });
    // The provider sees every change as it is.
    const own = (await t.as(steward, 'GET', url(moving, `/changes?after=${a.page.nextCursor}&purpose=x`))).json() as ChangePage;
    expect(own.items.map((c) => `${c.op}:${c.key}`)).toEqual(['upsert:LD-0002', 'upsert:LD-0003', 'upsert:LD-0004']);
    await t.platform.sharing.setGrantState(system, grant.id, 'revoked', '测试结束');
  });

  it('the upload wizard: stage a GB18030 file, map columns by name, dry-run asynchronously, then commit by upload id', async () => {
    const text = '公民身份号码,姓名,性别,民族,出生日期,户籍地址,所属区,人口状态\r\n' + person(40, '黎明') + '\r\n';
    const gb = encodeGb18030(text);
    const staged = await t.as(steward, 'POST', url(people, `/uploads?fileName=${enc('人口.csv')}`), gb, { 'content-type': 'text/csv' });
    expect(staged.statusCode, staged.body).toBe(200);
    const s = staged.json();
    expect(s.encoding).toBe('gb18030');
    expect(s.columns[0]).toBe('公民身份号码');
    expect(s.mapping['公民身份号码']).toBe('sfzhm');
    expect(s.unmappedRequired).toEqual([]);
    const dry = await t.as(steward, 'POST', url(people, '/batches'), { uploadId: s.uploadId, dryRun: true }, { prefer: 'respond-async' });
    expect(dry.statusCode, dry.body).toBe(202);
    let b = dry.json() as Batch;
    for (let i = 0; i < 100 && !['validated', 'rejected', 'committed'].includes(b.state); i++) {
      await new Promise((r) => setTimeout(r, 50));
      b = (await t.as(steward, 'GET', url(people, `/batches/${b.id}`))).json() as Batch;
    }
    expect(b).toMatchObject({ state: 'validated', dryRun: true, inserted: 1 });
    expect((await t.as(steward, 'GET', url(people, `/records/${enc(idNumber(40))}?purpose=x`))).statusCode).toBe(404);
    clock.advance(1000); // the batch list is newest first
    const commit = await t.as(steward, 'POST', url(people, `/batches?uploadId=${s.uploadId}`));
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ state: 'committed', inserted: 1 });
    const got = await t.as(steward, 'GET', url(people, `/records/${enc(idNumber(40))}?purpose=x`));
    expect(got.json().xm).toBe('黎明');
    const list = await t.as(steward, 'GET', url(people, '/batches?limit=2'));
    expect(list.json().items[0].id).toBe(commit.json().id);
  });

  it('lists datasets with update status, and the overdue list for the authority', async () => {
    const mine = await t.as(steward, 'GET', '/api/v1/data?role=provider');
    expect(mine.statusCode, mine.body).toBe(200);
    const entry0 = (mine.json().items as { resourceCode: string; providerUnitId: string; canUpload: boolean; lastUpdateAt: string | null; overdue: boolean }[]).find((x) => x.resourceCode === people)!;
    expect(entry0).toMatchObject({ canUpload: true, overdue: false });
    expect(entry0.lastUpdateAt).not.toBeNull();
    const reviewer = await t.login('reviewer');
    const overdueCodes = async () => {
      const r = await t.as(reviewer, 'GET', '/api/v1/data/overdue');
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items as { resourceCode: string; daysOverdue: number; dueAt: string }[];
    };
    expect((await overdueCodes()).map((x) => x.resourceCode)).not.toContain(people); // updated just now
    try {
      // Daily cycle + 1 working day: by next Monday both are overdue (the weekend does not count).
      clock.set('2026-11-09T02:00:00.000Z');
      const later = await overdueCodes();
      const p = later.find((x) => x.resourceCode === people);
      expect(p, JSON.stringify(later.slice(0, 3))).toBeTruthy();
      expect(p!.daysOverdue).toBeGreaterThanOrEqual(1);
      expect(later.map((x) => x.resourceCode)).toContain(moving); // never uploaded since publication
      const steward2 = await t.as(steward, 'GET', '/api/v1/data/overdue');
      expect((steward2.json().items as { providerUnitId: string }[]).every((x) => x.providerUnitId === entry0.providerUnitId)).toBe(true);
    } finally {
      clock.set(start);
    }
    expect((await t.as(consumer, 'GET', '/api/v1/data/overdue')).statusCode).toBe(403);
  });

  it('exports the archival package with a manifest whose checksums match', async () => {
    const r = await t.as(steward, 'GET', url(people, '/archive'));
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    const dir = mkdtempSync(join(tmpdir(), 'gs-archive-'));
    try {
      const file = join(dir, 'a.zip');
      writeFileSync(file, r.rawPayload);
      const entries = await readZip(file);
      const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
      expect(manifest.resource?.code ?? manifest.resourceCode).toBe(people);
      const { createHash } = await import('node:crypto');
      for (const f of manifest.files as { name: string; sha256: string }[]) {
        expect(createHash('sha256').update(entries.get(f.name)!).digest('hex'), f.name).toBe(f.sha256);
      }
      const lines = entries.get('dataset.ndjson')!.toString('utf8').trim().split('\n');
      expect(lines.length).toBe((await t.as(steward, 'GET', url(people))).json().rowCount);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await t.as(consumer, 'GET', url(people, '/archive'))).statusCode).toBe(403);
  });

  it('a new catalog version with a new data item adds a column; the superseded version is still served with its items', async () => {
    const { actorOf } = await import('../catalog/test-fixtures.js');
    const ga = await actorOf(t.platform, 'steward_ga');
    const reviewerActor = await actorOf(t.platform, 'reviewer');
    const v1 = (await t.platform.catalog.published(people))!;
    await t.platform.catalog.startChange(ga, people, '新增联系电话');
    const input = {
      name: v1.name,
      abstract: v1.abstract,
      providerDepartment: v1.providerDepartment,
      classificationId: v1.classificationId,
      layer: v1.layer,
      format: v1.format,
      storageFormat: v1.storageFormat,
      secrecyLevel: v1.secrecyLevel,
      dataGrade: v1.dataGrade,
      sharingType: v1.sharingType,
      sharingConditions: v1.sharingConditions,
      sharingScope: v1.sharingScope,
      legalBasis: v1.legalBasis,
      sharingMethods: v1.sharingMethods,
      openAttribute: v1.openAttribute,
      updateCycle: v1.updateCycle,
      updateTimeLimitDays: v1.updateTimeLimitDays,
      keywords: v1.keywords,
      scenarios: v1.scenarios,
      sourceSystem: v1.sourceSystem,
      targetDatabase: v1.targetDatabase,
      dataItems: [
        ...v1.dataItems.map(({ seq: _seq, ...i }) => i),
        { name: '联系电话', code: 'lxdh', dataType: 'C' as const, length: 20, sensitivity: 'privacy' as const, masking: 'phone' as const },
      ],
    };
    await t.platform.catalog.updateDraft(ga, people, input);
    await t.platform.catalog.submit(ga, people);
    await t.platform.catalog.approve(reviewerActor, people);
    await t.platform.catalog.confirm(ga, people);
    await new Promise((r) => setTimeout(r, 2100)); // the exchange's 2 s resource cache
    const key = idNumber(77);
    const up = await t.as(steward, 'POST', url(people, '/batches'), ['sfzhm,xm,xb,mz,csrq,hjdz,ssq,rkzt,lxdh', `${key},新版,1,01,1990-01-01,三亚市吉阳区,460203,10,0898-00001234`].join('\r\n'), { 'content-type': 'text/csv' });
    expect(up.statusCode, up.body).toBe(200);
    const latest = await t.as(consumer, 'GET', url(people, `/records/${enc(key)}?purpose=x`));
    expect(latest.json().lxdh).toMatch(/\*/); // masked phone
    const old = await t.as(consumer, 'GET', url(people, `/records/${enc(key)}?purpose=x&version=${v1.version}`));
    expect(old.statusCode, old.body).toBe(200);
    expect(old.json()).not.toHaveProperty('lxdh');
    expect(old.json().xm).toBe('新*');
    const none = await t.as(consumer, 'GET', url(people, `/records/${enc(key)}?purpose=x&version=99`));
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('version_not_served');
  });
});

/** GB18030 bytes of a text (via the round trip of every BMP code point the decoder knows). */
function encodeGb18030(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, Buffer>();
  for (let b1 = 0x81; b1 <= 0xfe; b1++) {
    for (let b2 = 0x40; b2 <= 0xfe; b2++) {
      if (b2 === 0x7f) continue;
      const buf = Buffer.from([b1, b2]);
      const ch = dec.decode(buf);
      if (ch.length === 1 && !table.has(ch)) table.set(ch, buf);
    }
  }
  const parts: Buffer[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) parts.push(Buffer.from(ch, 'ascii'));
    else {
      const b = table.get(ch);
      if (!b) throw new Error(`no GB18030 two-byte code for ${ch}`);
      parts.push(b);
    }
  }
  return Buffer.concat(parts);
}

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((ok, fail) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return fail(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return fail(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(e.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => ok(out));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}
