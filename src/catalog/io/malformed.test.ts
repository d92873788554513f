import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ITEM_COLUMNS, RESOURCE_COLUMNS } from './columns.js';
import { buildXlsx, buildZip, rowXml } from './fixtures.js';
import { parseCatalogFile } from './index.js';
import { sampleImportContext } from './sample.js';

const ctx = sampleImportContext();
const RES_HEADERS = RESOURCE_COLUMNS.map((c) => c.zh);
const ITEM_HEADERS = ITEM_COLUMNS.map((c) => c.zh);

async function codesOf(buf: Buffer, format: 'xlsx' | 'csv' | 'json' = 'xlsx', limits = {}) {
  const res = await parseCatalogFile(buf, format, ctx, { limits });
  expect(res.resources).toEqual([]);
  return res.errors;
}

describe('import of malformed XLSX files', () => {
  it('garbage bytes are "not an XLSX", not a crash', async () => {
    const errors = await codesOf(randomBytes(4096));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: null, row: null, column: null, code: 'not_xlsx' });
    expect(errors[0]!.message).toContain('不是有效的 XLSX');
  });

  it('a truncated workbook is "not an XLSX"', async () => {
    const good = buildXlsx([{ name: '信息资源', rows: [RES_HEADERS] }]);
    expect((await codesOf(good.subarray(0, Math.floor(good.length / 2))))[0]!.code).toBe('not_xlsx');
  });

  it('an empty file (buffer or stream) says so', async () => {
    expect((await codesOf(Buffer.alloc(0)))[0]!.code).toBe('empty_file');
    const res = await parseCatalogFile(Readable.from([]), 'xlsx', ctx);
    expect(res.errors.map((e) => e.code)).toEqual(['empty_file']);
  });

  it('refuses a file above the size limit', async () => {
    expect((await codesOf(randomBytes(2048), 'xlsx', { maxFileBytes: 1024 }))[0]!.code).toBe('file_too_large');
    const stream = Readable.from([randomBytes(800), randomBytes(800)]);
    const res = await parseCatalogFile(stream, 'csv', ctx, { limits: { maxFileBytes: 1024 } });
    expect(res.errors.map((e) => e.code)).toEqual(['file_too_large']);
  });

  it('a zip bomb — one highly compressible huge sheet — is refused before it is parsed', async () => {
    // 64 MB of XML whitespace deflates to ~64 KB; the limit here is 16 MB.
    const bomb = Buffer.alloc(64 * 2 ** 20, 0x20);
    const buf = buildXlsx([{ name: '信息资源', rawSheetData: bomb }]);
    expect(buf.length).toBeLessThan(2 * 2 ** 20);
    const errors = await codesOf(buf, 'xlsx', { maxEntryBytes: 16 * 2 ** 20, maxUncompressedBytes: 32 * 2 ** 20 });
    expect(errors.map((e) => e.code)).toEqual(['zip_too_large']);
    expect(errors[0]!.message).toContain('压缩炸弹');
  });

  it('a zip bomb that lies about its size in the headers is caught by what actually inflates', async () => {
    const bomb = Buffer.alloc(64 * 2 ** 20, 0x20);
    const buf = buildXlsx([{ name: '信息资源', rawSheetData: bomb, claimUncompressed: 1000 }]);
    const errors = await codesOf(buf, 'xlsx', { maxEntryBytes: 16 * 2 ** 20, maxUncompressedBytes: 32 * 2 ** 20 });
    expect(errors.map((e) => e.code)).toEqual(['zip_too_large']);
  });

  it('headers claiming gigabytes are refused at once with the default limits', async () => {
    const buf = buildXlsx([{ name: '信息资源', rows: [RES_HEADERS], claimUncompressed: 4_000_000_000 }]);
    const t0 = Date.now();
    expect((await codesOf(buf)).map((e) => e.code)).toEqual(['zip_too_large']);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('too many parts in the archive', async () => {
    const parts = Array.from({ length: 30 }, (_, i) => ({ name: `x/${i}.xml`, data: '<a/>' }));
    expect((await codesOf(buildZip(parts), 'xlsx', { maxZipEntries: 20 })).map((e) => e.code)).toEqual(['zip_too_many_entries']);
  });

  it('a sheet claiming row 1,048,576 is refused', async () => {
    const sheet = rowXml(1, RES_HEADERS) + rowXml(1_048_576, ['A01/000001', '人口基础信息']);
    const errors = await codesOf(buildXlsx([{ name: '信息资源', rawSheetData: sheet }]));
    expect(errors.at(-1)).toMatchObject({ code: 'too_many_rows', sheet: '信息资源', row: 1_048_576 });
  });

  it('a sheet with a million tiny rows stops at the row limit', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}"/>`).join('');
    const errors = await codesOf(buildXlsx([{ name: '信息项', rawSheetData: rows }, { name: '信息资源', rows: [RES_HEADERS] }]), 'xlsx', { maxItems: 1000 });
    expect(errors.at(-1)).toMatchObject({ code: 'too_many_rows', sheet: '信息项' });
  });

  it('a row reaching column 10,000 is refused', async () => {
    const sheet = rowXml(1, RES_HEADERS) + '<row r="2"><c r="NTP2" t="inlineStr"><is><t>x</t></is></c></row>';
    const errors = await codesOf(buildXlsx([{ name: '信息资源', rawSheetData: sheet }]));
    expect(errors.at(-1)).toMatchObject({ code: 'too_many_columns', sheet: '信息资源', row: 2 });
  });

  it('a 10 MB cell is reported at its cell, not a crash', async () => {
    const huge = 'x'.repeat(10 * 2 ** 20);
    const buf = buildXlsx([
      { name: '信息资源', rows: [RES_HEADERS, ['A01/000001', '人口基础信息', huge, null, null, 'A01', '基础库', '电子文件', null, null, null, '强制共享', null, null, null, '在线查询', null, '每日']] },
      { name: '信息项', rows: [ITEM_HEADERS] },
    ]);
    const errors = await codesOf(buf);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: '信息资源', row: 2, column: 'C', header: '资源摘要', code: 'cell_too_long' });
    expect(errors[0]!.message).toContain('32767');
  });

  it('broken XML inside a valid archive is "cannot be read"', async () => {
    const buf = buildXlsx([{ name: '信息资源', rawSheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>资源名称</t></is></c></row><row r="2"><c' }]);
    const errors = await codesOf(buf);
    expect(errors.map((e) => e.code)).toEqual(['xlsx_unreadable']);
  });

  it('reads every sheet, small trailing ones included (no part lost at the end of the archive)', async () => {
    for (let k = 0; k < 10; k++) {
      const sheets = [{ name: '信息资源', rows: [['资源名称']] }, ...['B', 'C', 'D', 'E'].map((name) => ({ name, rows: [['x']] }))];
      const errors = await codesOf(buildXlsx(sheets));
      expect(errors.filter((e) => e.code === 'unknown_sheet').map((e) => e.sheet)).toEqual(['B', 'C', 'D', 'E']);
    }
  });

  it('stops listing after the issue limit', async () => {
    const rows = [RES_HEADERS, ...Array.from({ length: 50 }, () => ['bad code'])];
    const errors = await codesOf(buildXlsx([{ name: '信息资源', rows }]), 'xlsx', { maxIssues: 10 });
    expect(errors).toHaveLength(11);
    expect(errors.at(-1)!.code).toBe('too_many_errors');
  });
});

describe('import of malformed CSV and JSON files', () => {
  it('CSV with a UTF-8 BOM but invalid UTF-8 says so', async () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('资源名称\n'), Buffer.from([0xc3, 0x28, 0xa0])]);
    const errors = await codesOf(buf, 'csv');
    expect(errors.map((e) => e.code)).toEqual(['invalid_utf8']);
    expect(errors[0]!.message).toContain('UTF-8');
  });

  it('CSV that is neither UTF-8 nor GB18030 says so', async () => {
    const errors = await codesOf(Buffer.from([0x41, 0x2c, 0xff, 0xff, 0x0a, 0x80, 0x80]), 'csv');
    expect(errors.map((e) => e.code)).toEqual(['invalid_encoding']);
  });

  it('CSV with an unclosed quote is malformed', async () => {
    const errors = await codesOf(Buffer.from('资源名称,资源分类\n"人口基础信息,A01\n'), 'csv');
    expect(errors.map((e) => e.code)).toEqual(['invalid_csv']);
  });

  it('JSON: malformed, not an array, nested too deep, not objects', async () => {
    expect((await codesOf(Buffer.from('[{"name": '), 'json')).map((e) => e.code)).toEqual(['invalid_json']);
    expect((await codesOf(Buffer.from('{"name": "x"}'), 'json')).map((e) => e.code)).toEqual(['json_not_array']);
    expect((await codesOf(Buffer.from('['.repeat(100_000)), 'json')).map((e) => e.code)).toEqual(['too_deep']);
    const errors = await codesOf(Buffer.from('[1, "x"]'), 'json');
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [1, 'json_not_object'],
      [2, 'json_not_object'],
    ]);
  });

  it('whitespace-only CSV and JSON are empty', async () => {
    expect((await codesOf(Buffer.from('\uFEFF  \r\n'), 'csv')).map((e) => e.code)).toEqual(['empty_file']);
    expect((await codesOf(Buffer.from(' \n'), 'json')).map((e) => e.code)).toEqual(['empty_file']);
  });
});
