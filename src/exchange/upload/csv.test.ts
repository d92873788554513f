import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createWriteStream } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ITEMS, TempDir, collect, failure, gb18030, item, withBlockSize } from './fixtures/helpers.js';
import { inspectFile, readRows } from './index.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const csv = (text: string | Uint8Array) => tmp.file(text, 'csv');
const read = (path: string, over: Record<string, unknown> = {}) => collect(readRows(path, { format: 'csv', items: ITEMS, ...over }));

describe('CSV: happy path', () => {
  it('maps header codes to items and numbers rows from the header (row 1)', async () => {
    const rows = await read(csv('id,name,birth,amount\n1,张三,2020-01-02,12.50\n2,李四,,3\n'));
    expect(rows).toEqual([
      { row: 2, values: { id: '1', name: '张三', birth: '2020-01-02', amount: '12.50' } },
      { row: 3, values: { id: '2', name: '李四', birth: '', amount: '3' } },
    ]);
  });

  it('maps columns by item name (trimmed) and by an explicit mapping, ignoring columns mapped to null', async () => {
    const byName = await read(csv(' 编号 ,姓名\n7,王五\n'));
    expect(byName[0]!.values).toEqual({ id: '7', name: '王五' });
    const explicit = await read(csv('ID号,人名,内部列\n8,赵六,x\n'), { mapping: { ID号: 'id', 人名: 'name', 内部列: null } });
    expect(explicit[0]!.values).toEqual({ id: '8', name: '赵六' });
  });

  it('strips a UTF-8 BOM', async () => {
    const rows = await read(csv('\ufeffid,name\n1,甲\n'));
    expect(rows[0]!.values).toEqual({ id: '1', name: '甲' });
  });

  it('reads GB18030 (auto-detected and explicit)', async () => {
    const path = csv(gb18030('编号,姓名,备注\n1,中文,测试数据\n'));
    expect(await read(path)).toEqual([{ row: 2, values: { id: '1', name: '中文', note: '测试数据' } }]);
    expect(await read(path, { encoding: 'gb18030' })).toEqual([{ row: 2, values: { id: '1', name: '中文', note: '测试数据' } }]);
    const info = await inspectFile(path, { format: 'csv', items: ITEMS });
    expect(info.encoding).toBe('gb18030');
    expect(info.columns).toEqual(['编号', '姓名', '备注']);
    expect(info.sample).toEqual([['1', '中文', '测试数据']]);
  });

  it('gives multi-line quoted cells the line they start on and keeps later rows on their lines', async () => {
    const text = 'id,name,note\r\n1,"甲","第一行\r\n第二行"\r\n2,乙,"说""引号"""\r\n\r\n3,丙,"a\nb\nc"\n4,丁,end';
    const rows = await read(csv(text));
    expect(rows.map((r) => r.row)).toEqual([2, 4, 6, 9]);
    expect(rows[0]!.values.note).toBe('第一行\r\n第二行');
    expect(rows[1]!.values.note).toBe('说"引号"');
    expect(rows[2]!.values.note).toBe('a\nb\nc');
    expect(rows[3]!.values).toEqual({ id: '4', name: '丁', note: 'end' });
  });

  it('keeps row numbers right across read blocks (multi-line cells straddling 256 KiB boundaries)', async () => {
    const parts = ['id,name,note\n'];
    for (let i = 0; i < 20_000; i++) parts.push(`${i},"名字${i}","第一行${i}\n第二行"\n`);
    const rows = await read(csv(parts.join('')), { chunkSize: 777 });
    expect(rows).toHaveLength(20_000);
    rows.forEach((r, i) => {
      expect(r.row).toBe(2 + 2 * i);
      expect(r.values).toEqual({ id: String(i), name: `名字${i}`, note: `第一行${i}\n第二行` });
    });
  });

  it('yields chunks of chunkSize rows', async () => {
    const body = Array.from({ length: 25 }, (_, i) => `${i},n${i}`).join('\n');
    const sizes: number[] = [];
    for await (const chunk of readRows(csv(`id,name\n${body}\n`), { format: 'csv', items: ITEMS, chunkSize: 10 })) sizes.push(chunk.length);
    expect(sizes).toEqual([10, 10, 5]);
  });

  it('reads tab-separated files and skips blank records (counting their lines)', async () => {
    const rows = await read(csv('id\tname\n1\t甲\n\n\t\n4\t丁\n'));
    expect(rows).toEqual([
      { row: 2, values: { id: '1', name: '甲' } },
      { row: 5, values: { id: '4', name: '丁' } },
    ]);
  });

  it('takes a quote inside an unquoted cell literally', async () => {
    const rows = await read(csv('id,name\n1,5\'11" tall\n'));
    expect(rows[0]!.values.name).toBe('5\'11" tall');
  });

  it('a header-only file has no rows', async () => {
    expect(await read(csv('id,name\n'))).toEqual([]);
  });
});

describe('CSV: row problems', () => {
  it('a row with the wrong number of cells is a column_count problem, not a crash', async () => {
    const rows = await read(csv('id,name\n1,甲\n2,乙,多余\n3\n4,丁\n'));
    expect(rows.map((r) => [r.row, r.problem?.code ?? 'ok'])).toEqual([
      [2, 'ok'],
      [3, 'column_count'],
      [4, 'column_count'],
      [5, 'ok'],
    ]);
    expect(rows[1]!.problem).toEqual({ code: 'column_count', messageKey: 'exchange.upload.column_count', params: { expected: 2, actual: 3 } });
  });
});

describe('CSV: file problems', () => {
  it('unknown columns are listed', async () => {
    const e = await failure(read(csv('id,name,性别,民族\n1,甲,男,汉\n')));
    expect([e.status, e.code]).toEqual([400, 'unknown_columns']);
    expect(e.params).toMatchObject({ count: 2, columns: '性别, 民族' });
  });

  it('missing required columns are named', async () => {
    const e = await failure(read(csv('id,note\n1,x\n'), { requiredColumns: ['id', 'name'] }));
    expect([e.status, e.code]).toEqual([400, 'missing_columns']);
    expect(e.params.columns).toBe('姓名 (name)');
  });

  it('two columns for one item, or a mapping to a non-item, are refused', async () => {
    expect((await failure(read(csv('id,编号\n1,1\n')))).code).toBe('duplicate_columns');
    expect((await failure(read(csv('id\n1\n'), { mapping: { id: 'no_such_item' } }))).code).toBe('invalid_mapping');
  });

  it('an unterminated quote (truncated file) names the row it starts on', async () => {
    const e = await failure(read(csv('id,name\n1,甲\n2,"乙\n3,丙\n')));
    expect([e.status, e.code, e.params.row]).toEqual([400, 'unterminated_quote', 3]);
  });

  it('text after a closing quote is an invalid quote', async () => {
    const e = await failure(read(csv('id,name\n1,"甲"乙\n')));
    expect([e.code, e.params.row]).toEqual(['invalid_quote', 2]);
  });

  it('invalid UTF-8 with encoding utf-8 given explicitly fails with the row', async () => {
    const bytes = Buffer.concat([Buffer.from('id,name\n1,甲\n2,'), Buffer.from(gb18030('中文')), Buffer.from('\n')]);
    const e = await failure(read(csv(bytes), { encoding: 'utf-8' }));
    expect([e.status, e.code, e.params.row, e.params.encoding]).toEqual([400, 'invalid_encoding', 3, 'UTF-8']);
  });

  it('invalid UTF-8 after the auto-detected first 64 KiB fails near its row', async () => {
    const head = 'id,name\n' + Array.from({ length: 10_000 }, (_, i) => `${i},甲乙丙\n`).join('');
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from('x,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const e = await failure(read(csv(bytes)));
    expect([e.code, e.params.row]).toEqual(['invalid_encoding', 10_002]);
  });

  it('an empty file (or only a BOM / blank lines) is empty_file', async () => {
    expect((await failure(read(csv('')))).code).toBe('empty_file');
    expect((await failure(read(csv('\ufeff\n\n')))).code).toBe('empty_file');
  });

  it('10,000 columns are too many', async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    const e = await failure(read(csv(`${header}\n`)));
    expect([e.status, e.code]).toEqual([400, 'too_many_columns']);
    expect(e.params).toMatchObject({ row: 1, count: 10_000, limit: 1000 });
  });

  it('a 10 MB cell is refused with 413', async () => {
    const e = await failure(read(csv(`id,note\n1,x\n2,${'a'.repeat(10 * 1024 * 1024)}\n`)));
    expect([e.status, e.code, e.params.row, e.params.column]).toEqual([413, 'cell_too_large', 3, 'note']);
  });

  it('a multi-byte cell over the byte limit is refused although it has fewer characters', async () => {
    const e = await failure(read(csv(`id,note\n1,${'中'.repeat(400)}\n`), { limits: { maxCellBytes: 1000 } }));
    expect([e.status, e.code]).toEqual([413, 'cell_too_large']);
    expect(await read(csv(`id,note\n1,${'中'.repeat(300)}\n`), { limits: { maxCellBytes: 1000 } })).toHaveLength(1);
  });

  it('a quote left open in a large file stops at the row limit instead of buffering the file', async () => {
    const body = Array.from({ length: 50_000 }, (_, i) => `${i},name${i}`).join('\n');
    const e = await failure(read(csv(`id,name\n1,"open\n${body}\n`), { limits: { maxRowBytes: 64 * 1024 } }));
    expect([e.status, e.code, e.params.row]).toEqual([413, 'row_too_large', 2]);
  });
});

describe('CSV: block boundaries', () => {
  const text =
    '\ufeffid,name,note\r\n1,"甲","第一行\r\n第二行"\r\n2,乙,"说""引号"""\r\n\r\n3,丙,"a\nb\nc"\n4,丁\n5,"戊",""\r\n6,己,"""\n"""\r7,庚,末';
  const expected = [
    { row: 2, values: { id: '1', name: '甲', note: '第一行\r\n第二行' } },
    { row: 4, values: { id: '2', name: '乙', note: '说"引号"' } },
    { row: 6, values: { id: '3', name: '丙', note: 'a\nb\nc' } },
    { row: 9, values: {}, problem: { code: 'column_count', messageKey: 'exchange.upload.column_count', params: { expected: 3, actual: 2 } } },
    { row: 10, values: { id: '5', name: '戊', note: '' } },
    { row: 11, values: { id: '6', name: '己', note: '"\n"' } },
    { row: 13, values: { id: '7', name: '庚', note: '末' } },
  ];

  it('gives the same rows whatever the block size (characters, quote pairs and CRLF split between blocks)', async () => {
    const path = csv(text);
    expect(await read(path)).toEqual(expected);
    for (const size of [1, 2, 3, 4, 5, 7, 11]) expect(await withBlockSize(size, () => read(path)), `block ${size}`).toEqual(expected);
  });

  it('decodes GB18030 split between blocks', async () => {
    const path = csv(gb18030('编号,姓名,备注\n1,中文,"多行\n文本"\n2,测试,数据\n'));
    for (const size of [1, 3, 64 * 1024])
      expect(await withBlockSize(size, () => read(path, { encoding: 'gb18030' }))).toEqual([
        { row: 2, values: { id: '1', name: '中文', note: '多行\n文本' } },
        { row: 4, values: { id: '2', name: '测试', note: '数据' } },
      ]);
  });

  it('names the right row for bad bytes whatever the block size', async () => {
    const bytes = Buffer.concat([Buffer.from('id,name\n1,"甲\n乙"\n\n4,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    const path = csv(bytes);
    for (const size of [1, 2, 5, 1024]) {
      const e = await withBlockSize(size, () => failure(read(path, { encoding: 'utf-8' })));
      expect([e.code, e.params.row], `block ${size}`).toEqual(['invalid_encoding', 5]);
    }
  });
});

describe('CSV: streaming', () => {
  it('reads a 200,000-row file with little heap growth', async () => {
    const path = tmp.next('csv');
    const out = createWriteStream(path);
    out.write('id,name,birth,amount,note\n');
    for (let i = 0; i < 200_000; i++) out.write(`${i},姓名${i % 1000},2020-01-${String(1 + (i % 28)).padStart(2, '0')},${i}.5,备注文本${i}\n`);
    await new Promise<void>((r) => out.end(r));
    // Live heap, not heapUsed: garbage V8 has not collected yet depends on the machine's load.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let n = 0;
    let last = 0;
    for await (const chunk of readRows(path, { format: 'csv', items: ITEMS })) {
      n += chunk.length;
      last = chunk[chunk.length - 1]!.row;
      if (n % 20_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(n).toBe(200_000);
    expect(last).toBe(200_001);
    // The file is ~10 MB on disk (~20 MB as UTF-16 text); holding it would show far more.
    expect(peak - before).toBeLessThan(50 * 1024 * 1024);
  });
});

describe('CSV: inspect', () => {
  it('returns the header, sample rows, the encoding and a suggested mapping', async () => {
    const items = [...ITEMS, item('unit_code', '单位 代码', { required: true })];
    const path = csv('\ufeffID, 姓名 ,单位代码,其他\n1,甲,A1,x\n\n2,"乙\n丙",A2,y\n3,丁,A3,z\n');
    const info = await inspectFile(path, { format: 'csv', items, sampleRows: 2 });
    expect(info).toEqual({
      columns: ['ID', '姓名', '单位代码', '其他'],
      sample: [
        ['1', '甲', 'A1', 'x'],
        ['2', '乙\n丙', 'A2', 'y'],
      ],
      encoding: 'utf-8',
      mapping: { ID: 'id', 姓名: 'name', 单位代码: 'unit_code', 其他: null },
      unmappedRequired: [],
    });
    const partial = await inspectFile(csv('姓名\n甲\n'), { format: 'csv', items });
    expect(partial.unmappedRequired).toEqual(['id', 'unit_code']);
  });
});
