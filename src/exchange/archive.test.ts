import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { parse } from 'csv-parse/sync';
import type { Resource } from '../catalog/model.js';
import { demoResource, demoRows } from '../demo/datasets.js';
import { ARCHIVE_FORMAT, writeArchive, type ArchiveManifest } from './archive.js';
import type { DatasetSchema, RecordRow } from './types.js';
import { canonicalKey } from './values.js';

function schemaOf(resource: Resource, lastSeq: number): DatasetSchema {
  return {
    resourceCode: resource.code,
    table: 'ds_test',
    items: resource.dataItems,
    version: resource.version,
    columns: {},
    keyItems: resource.dataItems.filter((d) => d.isKey).map((d) => d.code),
    lastSeq,
    rowCount: 0,
    lastUpdateAt: null,
  };
}

function toRecord(resource: Resource, row: Record<string, unknown>, n: number): RecordRow {
  return { _key: canonicalKey(resource.dataItems, row), _rev: 1 + (n % 3), _updatedAt: '2026-01-05T02:00:00.000Z', ...(row as Record<string, string | number | boolean | null>) };
}

/** Rows in batches, generated on demand (the test holds no dataset either). */
async function* batches(resource: Resource, count: number, size: number, extra: RecordRow[] = []): AsyncIterable<RecordRow[]> {
  let batch: RecordRow[] = [...extra];
  let n = 0;
  for (const row of demoRows(resource, count, 42)) {
    batch.push(toRecord(resource, row, n++));
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Each entry's name, size and SHA-256, streamed (nothing held); `keep` entries also returned whole. */
async function readZip(path: string, keep: (name: string) => boolean) {
  const zip = await yauzl.openPromise(path);
  const entries: { name: string; bytes: number; sha256: string; content?: Buffer }[] = [];
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry);
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      if (keep(entry.fileName)) chunks.push(chunk);
    }
    entries.push({ name: entry.fileName, bytes, sha256: hash.digest('hex'), content: keep(entry.fileName) ? Buffer.concat(chunks) : undefined });
  }
  zip.close();
  return entries;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('archival package', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'archive-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes every row to NDJSON and CSV, with a manifest whose hashes match every entry', async () => {
    const resource = demoResource('法人单位基础信息');
    // Values CSV must quote, and a memo with a line break.
    const tricky = toRecord(resource, { ...[...demoRows(resource, 1, 9)][0]!, sczt_mc: '三亚"引号",逗号有限公司', jyfw: '第一行\r\n第二行, "引用"', zczb: null }, 0);
    const path = join(dir, 'small.zip');
    const tmp = await mkdtemp(join(dir, 'tmp-small-'));
    const result = await writeArchive(createWriteStream(path), {
      resource,
      schema: schemaOf(resource, 1234),
      rows: batches(resource, 500, 64, [tricky]),
      exportedAt: '2026-02-01T08:00:00.000Z',
      exportedBy: 'steward_ga（三亚市市场监督管理局）',
      platformVersion: '0.1.0',
      tmpDir: tmp,
    });
    expect(await readdir(tmp)).toEqual([]); // the temporary CSV is gone
    expect(result.rowCount).toBe(501);
    expect(result.archive.sha256).toBe(await sha256File(path));

    const entries = await readZip(path, () => true);
    expect(entries.map((e) => e.name)).toEqual(['dataset.ndjson', 'dataset.csv', 'fields.csv', 'metadata.json', 'README.txt', 'SHA256SUMS', 'manifest.json']);
    expect(result.files).toEqual(entries.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })));

    const byName = new Map(entries.map((e) => [e.name, e]));
    const manifest = JSON.parse(byName.get('manifest.json')!.content!.toString('utf8')) as ArchiveManifest;
    expect(manifest).toMatchObject({
      format: ARCHIVE_FORMAT,
      resourceCode: 'A02/000001',
      resourceName: '法人单位基础信息',
      version: 1,
      exportedAt: '2026-02-01T08:00:00.000Z',
      exportedBy: 'steward_ga（三亚市市场监督管理局）',
      platformVersion: '0.1.0',
      rowCount: 501,
      lastSeq: 1234,
      hashAlgorithm: 'sha256',
    });
    expect(manifest.files).toEqual(entries.filter((e) => e.name !== 'manifest.json').map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })));

    // SHA256SUMS is `sha256sum -c` input for the data files and the README.
    const sums = byName.get('SHA256SUMS')!.content!.toString('utf8').trim().split('\n');
    expect(sums).toEqual(entries.slice(0, 5).map((e) => `${e.sha256}  ${e.name}`));

    // NDJSON: the rows exactly, in order.
    const expected = [tricky];
    let n = 0;
    for (const row of demoRows(resource, 500, 42)) expected.push(toRecord(resource, row, n++));
    const lines = byName.get('dataset.ndjson')!.content!.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(expected);

    // CSV: BOM, item codes as header, the stored values as text.
    const csvText = byName.get('dataset.csv')!.content!.toString('utf8');
    expect(csvText.startsWith('\ufefftyshxydm,sczt_mc,fddbr,zczb,clrq,djzt,zs,jyfw\r\n')).toBe(true);
    const records = parse(csvText, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(501);
    const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    for (let k = 0; k < expected.length; k++) {
      for (const d of resource.dataItems) expect(records[k]![d.code], `${k} ${d.code}`).toBe(asText(expected[k]![d.code]));
    }

    const fields = parse(byName.get('fields.csv')!.content!.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(fields.map((f) => f.code)).toEqual(resource.dataItems.map((d) => d.code));
    expect(fields[0]).toMatchObject({ code: 'tyshxydm', name: '统一社会信用代码', dataType: 'C', length: '18', isKey: 'true' });
    expect(fields.find((f) => f.code === 'djzt')!.codeSet).toBe('1=存续|2=注销|3=吊销');

    expect(JSON.parse(byName.get('metadata.json')!.content!.toString('utf8'))).toEqual(resource);
    const readmeText = byName.get('README.txt')!.content!.toString('utf8');
    expect(readmeText).toContain('法人单位基础信息 (A02/000001)');
    expect(readmeText).toContain('sha256sum -c SHA256SUMS');
    expect(readmeText).toContain('Verifying');
  });

  it('streams 100,000 rows with flat memory', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const resource = demoResource('人口基础信息');
    const path = join(dir, 'large.zip');
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
    let result;
    try {
      result = await writeArchive(createWriteStream(path), {
        resource,
        schema: schemaOf(resource, 100_000),
        rows: batches(resource, 100_000, 1000),
        exportedAt: '2026-02-01T08:00:00.000Z',
        exportedBy: 'test',
      });
    } finally {
      clearInterval(timer);
    }
    gc();
    const retained = process.memoryUsage().heapUsed - baseline;
    expect(result.rowCount).toBe(100_000);
    const ndjson = result.files.find((f) => f.name === 'dataset.ndjson')!;
    const csv = result.files.find((f) => f.name === 'dataset.csv')!;
    // The data is far larger than what the heap ever held: nothing buffered the dataset.
    expect(ndjson.bytes + csv.bytes).toBeGreaterThan(30 * 1024 * 1024);
    expect(peak - baseline).toBeLessThan(48 * 1024 * 1024);
    expect(retained).toBeLessThan(8 * 1024 * 1024);

    // Read back as streams: hashes match the manifest and every line is a row.
    const entries = await readZip(path, (name) => name === 'manifest.json');
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.content!.toString('utf8')) as ArchiveManifest;
    expect(manifest.files).toEqual(entries.filter((e) => e.name !== 'manifest.json').map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })));
    expect(manifest.rowCount).toBe(100_000);
  }, 120_000);

  it('fails cleanly when the rows fail: rejects, leaves no temporary file and ends the output', async () => {
    const resource = demoResource('养老机构信息');
    const tmp = await mkdtemp(join(dir, 'tmp-fail-'));
    async function* broken(): AsyncIterable<RecordRow[]> {
      let n = 0;
      for (const row of demoRows(resource, 10, 1)) yield [toRecord(resource, row, n++)];
      throw new Error('database went away');
    }
    const out = createWriteStream(join(dir, 'broken.zip'));
    await expect(writeArchive(out, { resource, schema: schemaOf(resource, 10), rows: broken(), exportedAt: '2026-02-01T08:00:00.000Z', exportedBy: 'test', tmpDir: tmp })).rejects.toThrow('database went away');
    expect(await readdir(tmp)).toEqual([]);
    expect(out.destroyed).toBe(true);
  });

  it('fails cleanly when the output fails midway instead of waiting forever', async () => {
    const resource = demoResource('人口基础信息');
    let written = 0;
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        written += chunk.length;
        if (written > 64 * 1024) cb(new Error('client went away'));
        else setImmediate(cb);
      },
    });
    const tmp = await mkdtemp(join(dir, 'tmp-out-'));
    await expect(writeArchive(out, { resource, schema: schemaOf(resource, 0), rows: batches(resource, 20_000, 500), exportedAt: '2026-02-01T08:00:00.000Z', exportedBy: 'test', tmpDir: tmp })).rejects.toThrow('client went away');
    expect(await readdir(tmp)).toEqual([]);
  });

  it('refuses an export time that is not a date-time', async () => {
    const resource = demoResource('养老机构信息');
    const out = createWriteStream(join(dir, 'never.zip'));
    await expect(writeArchive(out, { resource, schema: schemaOf(resource, 0), rows: batches(resource, 1, 1), exportedAt: 'yesterday', exportedBy: 'test' })).rejects.toThrow(RangeError);
    out.destroy();
    expect(await readFile(join(dir, 'never.zip')).catch(() => Buffer.alloc(0))).toHaveLength(0);
  });
});
