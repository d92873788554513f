import { createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEMS, TempDir, collect, failure, item } from './fixtures/helpers.js';
import { inspectFile, readRows } from './index.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const read = (path: string, over: Record<string, unknown> = {}) => collect(readRows(path, { format: 'xlsx', items: ITEMS, ...over }));

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = tmp.next('xlsx');
  await wb.xlsx.writeFile(path);
  return path;
}

async function zipOf(entries: { name: string; data: Buffer | Readable }[]): Promise<string> {
  const path = tmp.next('xlsx');
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    if (Buffer.isBuffer(e.data)) zip.addBuffer(e.data, e.name);
    else zip.addReadStream(e.data, e.name);
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(path)).on('finish', resolve).on('error', reject);
  });
  return path;
}

/** Every part of a (small) archive, in archive order. */
async function unzip(path: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const parts = new Map<string, Buffer>();
  for await (const e of zip.eachEntry()) {
    if (e.fileName.endsWith('/')) continue; // directory entries
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
    parts.set(e.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return parts;
}

/** `total` bytes of zeros, produced piece by piece (never held in memory). */
function zeros(total: number): Readable {
  const piece = Buffer.alloc(1024 * 1024);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, piece.length);
      left -= n;
      this.push(n === piece.length ? piece : piece.subarray(0, n));
    },
  });
}

const NAMES = Array.from({ length: 3000 }, (_, i) => `测试姓名${i}号·中文字符`);
let mainBook: string;

beforeAll(async () => {
  mainBook = await workbook((wb) => {
    wb.addWorksheet('说明', { state: 'hidden' }).addRow(['这是隐藏的说明页']);
    const ws = wb.addWorksheet('数据');
    ws.addRow(['编号', '姓名', '出生日期', '金额', '备注']); // row 1
    ws.addRow(['1', '张三', new Date(Date.UTC(2020, 0, 2)), 12.5, { richText: [{ text: '富' }, { font: { bold: true }, text: '文本' }] }]); // row 2
    // row 3 stays empty
    ws.getRow(4).values = ['2', '李四', new Date(Date.UTC(2020, 0, 2, 8, 30, 15)), { formula: '1+2', result: 3 }, true];
    ws.getRow(5).values = [3, { text: '王五', hyperlink: 'https://example.invalid/' }, { formula: 'DATE(2021,3,4)', result: 44259 }, null, ''];
    ws.getCell('C5').numFmt = 'yyyy-mm-dd';
    ws.getRow(6).values = ['4', '赵六', null, { error: '#N/A' }];
    ws.getRow(7).values = ['5', '钱七', null, { formula: 'NA()', result: { error: '#DIV/0!' } }];
    ws.getRow(8).values = ['6', '孙八', null, { formula: 'A1-A1', result: 0 }, { formula: 'FALSE()', result: false }];
    // Many distinct Chinese strings: the shared-strings part spans many inflate chunks.
    NAMES.forEach((name, i) => ws.addRow([`n${i}`, name]));
    const other = wb.addWorksheet('其他');
    other.addRow(['id', 'name']);
    other.addRow(['9', '其他表']);
  });
});

describe('XLSX', () => {
  it('reads the first visible sheet: strings, numbers, dates, rich text, formulas, booleans; empty cells absent', async () => {
    const rows = await read(mainBook);
    expect(rows.slice(0, 6)).toEqual([
      { row: 2, values: { id: '1', name: '张三', birth: '2020-01-02', amount: 12.5, note: '富文本' } },
      { row: 4, values: { id: '2', name: '李四', birth: '2020-01-02T08:30:15', amount: 3, note: true } },
      { row: 5, values: { id: 3, name: '王五', birth: '2021-03-04' } },
      {
        row: 6,
        values: {},
        problem: { code: 'cell_error', messageKey: 'exchange.upload.cell_error', params: { column: '金额', error: '#N/A' } },
      },
      { row: 7, values: {}, problem: { code: 'cell_error', messageKey: 'exchange.upload.cell_error', params: { column: '金额', error: '#ERROR' } } },
      // Falsy formula results are values, not empty cells.
      { row: 8, values: { id: '6', name: '孙八', amount: 0, note: 0 } },
    ]);
    // Every multi-byte string survived the chunked decoding intact.
    const names = rows.slice(6).map((r) => r.values.name);
    expect(names).toEqual(NAMES);
    expect(rows[rows.length - 1]!.row).toBe(8 + NAMES.length);
  });

  it('reads a sheet by name, with an explicit mapping', async () => {
    expect(await read(mainBook, { sheet: '其他' })).toEqual([{ row: 2, values: { id: '9', name: '其他表' } }]);
    const hidden = await read(mainBook, { sheet: '说明', mapping: { 这是隐藏的说明页: null } });
    expect(hidden).toEqual([]);
    const e = await failure(read(mainBook, { sheet: '不存在' }));
    expect([e.code, e.params.sheets]).toEqual(['sheet_not_found', '说明, 数据, 其他']);
  });

  it('unknown and missing columns are file problems', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['编号', '性别']);
      ws.addRow(['1', '男']);
    });
    const e = await failure(read(path));
    expect([e.code, e.params.columns]).toEqual(['unknown_columns', '性别']);
    const m = await failure(read(path, { mapping: { 性别: null }, requiredColumns: ['id', 'name'] }));
    expect([m.code, m.params.columns]).toEqual(['missing_columns', '姓名 (name)']);
  });

  it('takes the first non-empty row as the header and ignores cells without a header', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.getRow(3).values = ['id', null, 'name'];
      ws.getRow(4).values = ['1', 'no header', '甲', 'beyond'];
    });
    expect(await read(path)).toEqual([{ row: 4, values: { id: '1', name: '甲' } }]);
  });

  it('10,000 header columns are too many', async () => {
    const path = await workbook((wb) => {
      wb.addWorksheet('S').addRow(Array.from({ length: 10_000 }, (_, i) => `c${i}`));
    });
    const e = await failure(read(path));
    expect([e.status, e.code, e.params.limit]).toEqual([400, 'too_many_columns', 1000]);
  });

  it('a cell over the size limit is 413', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['id', 'note']);
      ws.addRow(['1', '备注'.repeat(100)]);
    });
    const e = await failure(read(path, { limits: { maxCellBytes: 300 } }));
    expect([e.status, e.code, e.params.row, e.params.column]).toEqual([413, 'cell_too_large', 2, 'note']);
  });

  it('a file that is not a zip, or a zip that is no workbook, is not_xlsx; an empty one empty_file', async () => {
    expect((await failure(read(tmp.file('id,name\n1,甲\n', 'xlsx')))).code).toBe('not_xlsx');
    expect((await failure(read(await zipOf([{ name: 'readme.txt', data: Buffer.from('hello') }])))).code).toBe('not_xlsx');
    expect((await failure(read(tmp.file('', 'xlsx')))).code).toBe('empty_file');
  });

  it('refuses a zip bomb (300 MB of zeros in one part) before inflating it', async () => {
    const path = await zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros(300 * 1024 * 1024) },
    ]);
    const started = Date.now();
    const e = await failure(read(path));
    expect([e.status, e.code, e.params.entry, e.params.limit]).toEqual([413, 'zip_bomb', 'xl/worksheets/sheet1.xml', 200]);
    // Refused from the central directory: no time spent inflating 300 MB.
    expect(Date.now() - started).toBeLessThan(1000);
  }, 60_000);

  it('reads the parts in the order it needs, wherever they sit in the archive (styles after the sheet: dates still dates)', async () => {
    const parts = await unzip(mainBook);
    const names = [...parts.keys()];
    const sheetFirst = [...names.filter((n) => n.startsWith('xl/worksheets/')), ...names.filter((n) => !n.startsWith('xl/worksheets/')).reverse()];
    expect(sheetFirst.indexOf('xl/styles.xml')).toBeGreaterThan(sheetFirst.indexOf('xl/worksheets/sheet2.xml'));
    const path = await zipOf(sheetFirst.map((name) => ({ name, data: parts.get(name)! })));
    const rows = await read(path);
    expect(rows[0]).toEqual({ row: 2, values: { id: '1', name: '张三', birth: '2020-01-02', amount: 12.5, note: '富文本' } });
    expect(rows.slice(6).map((r) => r.values.name)).toEqual(NAMES);
  });

  it('a broken sheet is xlsx_unreadable, an encrypted part xlsx_encrypted', async () => {
    const parts = await unzip(mainBook);
    const sheet = parts.get('xl/worksheets/sheet2.xml')!;
    parts.set('xl/worksheets/sheet2.xml', Buffer.concat([sheet.subarray(0, 2000), Buffer.from('<<<not xml')]));
    const broken = await zipOf([...parts].map(([name, data]) => ({ name, data })));
    const e = await failure(read(broken));
    expect([e.status, e.code]).toEqual([400, 'xlsx_unreadable']);

    const zip = readFileSync(await zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }]));
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(zip.readUInt16LE(cd + 8) | 1, cd + 8); // general purpose flag bit 0: encrypted
    const enc = await failure(read(tmp.file(zip, 'xlsx')));
    expect(enc.code).toBe('xlsx_encrypted');
  });

  it('a part that inflates to more than its header declares is refused (sizes are enforced, not trusted)', async () => {
    const zip = readFileSync(mainBook);
    const name = Buffer.from('xl/worksheets/sheet2.xml');
    const cd = zip.lastIndexOf(name) - 46; // central directory record of the sheet
    expect(zip.readUInt32LE(cd)).toBe(0x02014b50);
    expect(zip.readUInt32LE(cd + 24)).toBeGreaterThan(100_000);
    zip.writeUInt32LE(1000, cd + 24); // claims 1000 bytes uncompressed
    const e = await failure(read(tmp.file(zip, 'xlsx')));
    expect([e.status, e.code]).toEqual([400, 'not_xlsx']);
  });

  it('refuses a workbook whose parts expand beyond the total limit', async () => {
    const e = await failure(read(mainBook, { limits: { maxXlsxUncompressedBytes: 10_000 } }));
    expect([e.status, e.code]).toEqual([413, 'xlsx_too_large']);
  });

  it('inspect: header, sample as text (dates formatted), no encoding, suggested mapping', async () => {
    const items = [...ITEMS, item('extra', '附加', { required: true })];
    const info = await inspectFile(mainBook, { format: 'xlsx', items, sampleRows: 3 });
    expect(info).toEqual({
      columns: ['编号', '姓名', '出生日期', '金额', '备注'],
      sample: [
        ['1', '张三', '2020-01-02', '12.5', '富文本'],
        ['2', '李四', '2020-01-02T08:30:15', '3', 'true'],
        ['3', '王五', '2021-03-04', '', ''],
      ],
      encoding: null,
      mapping: { 编号: 'id', 姓名: 'name', 出生日期: 'birth', 金额: 'amount', 备注: 'note' },
      unmappedRequired: ['extra'],
    });
  });
});
