import { afterAll, describe, expect, it } from 'vitest';
import { ITEMS, TempDir, collect, failure, gb18030, withBlockSize } from './fixtures/helpers.js';
import { inspectFile, readRows } from './index.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const file = (text: string | Uint8Array) => tmp.file(text, 'ndjson');
const read = (path: string, over: Record<string, unknown> = {}) => collect(readRows(path, { format: 'ndjson', items: ITEMS, ...over }));

describe('NDJSON', () => {
  it('gives parsed JSON values keyed by item code, row = line (blank lines skipped but counted)', async () => {
    const rows = await read(file('{"id":"1","name":"甲","amount":12.5}\n\n  \n{"id":"2","name":"乙","note":null,"birth":"2020-01-02"}\r\n'));
    expect(rows).toEqual([
      { row: 1, values: { id: '1', name: '甲', amount: 12.5 } },
      { row: 4, values: { id: '2', name: '乙', note: null, birth: '2020-01-02' } },
    ]);
  });

  it('maps properties by item name and explicit mapping; nested values pass through for validation', async () => {
    const rows = await read(file('{"编号":1,"人名":"甲","x":true,"note":{"a":[1]}}\n'), { mapping: { 人名: 'name', x: null } });
    expect(rows[0]!.values).toEqual({ id: 1, name: '甲', note: { a: [1] } });
  });

  it('a bad line or a non-object line is a row problem and reading goes on', async () => {
    const rows = await read(file('{"id":"1"}\n{"id": 2,,}\n[1,2]\n"text"\n{"id":"5"}\n{"id":"6"'));
    expect(rows.map((r) => [r.row, r.problem?.code ?? 'ok'])).toEqual([
      [1, 'ok'],
      [2, 'invalid_json_line'],
      [3, 'not_an_object'],
      [4, 'not_an_object'],
      [5, 'ok'],
      [6, 'invalid_json_line'],
    ]);
    expect(rows[1]!.problem!.messageKey).toBe('exchange.upload.invalid_json_line');
  });

  it('an unknown property stops the upload, naming it', async () => {
    const e = await failure(read(file('{"id":"1"}\n{"id":"2","性别":"男"}\n')));
    expect([e.status, e.code, e.params.columns, e.params.row]).toEqual([400, 'unknown_columns', '性别', 2]);
  });

  it('two properties for one item are refused', async () => {
    const e = await failure(read(file('{"id":"1","编号":"1"}\n')));
    expect(e.code).toBe('duplicate_columns');
  });

  it('keeps line numbers across read blocks', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) lines.push(i % 3 === 2 ? '' : JSON.stringify({ id: String(i), note: `备注${'文'.repeat(i % 17)}` }));
    const rows = await read(file(lines.join('\n')), { chunkSize: 999 });
    expect(rows).toHaveLength(20_000);
    for (const r of rows) expect(r.values.id).toBe(String(r.row - 1));
  });

  it('gives the same rows whatever the block size', async () => {
    const path = file('\ufeff{"id":"1","name":"甲\\n乙"}\r\n\r\n{"id":"3","note":"中文😀"}\r\nnope\n{"id":"5"}');
    const expected = [
      { row: 1, values: { id: '1', name: '甲\n乙' } },
      { row: 3, values: { id: '3', note: '中文😀' } },
      { row: 4, values: {}, problem: { code: 'invalid_json_line', messageKey: 'exchange.upload.invalid_json_line', params: {} } },
      { row: 5, values: { id: '5' } },
    ];
    expect(await read(path)).toEqual(expected);
    for (const size of [1, 2, 3, 5, 8]) expect(await withBlockSize(size, () => read(path)), `block ${size}`).toEqual(expected);
  });

  it('invalid UTF-8 is an invalid_encoding file problem with the line', async () => {
    const bytes = Buffer.concat([Buffer.from('{"id":"1"}\n{"id":"'), Buffer.from(gb18030('中')), Buffer.from('"}\n')]);
    const e = await failure(read(file(bytes)));
    expect([e.code, e.params.row]).toEqual(['invalid_encoding', 2]);
  });

  it('a line over the row limit is 413; a string over the cell limit too', async () => {
    const big = JSON.stringify({ id: '1', note: 'x'.repeat(5000) });
    const e = await failure(read(file(`{"id":"0"}\n${big}\n`), { limits: { maxRowBytes: 4096 } }));
    expect([e.status, e.code, e.params.row]).toEqual([413, 'row_too_large', 2]);
    const cell = await failure(read(file(`${JSON.stringify({ id: '1', note: 'x'.repeat(10 * 1024 * 1024) })}\n`)));
    expect([cell.status, cell.code, cell.params.column]).toEqual([413, 'cell_too_large', 'note']);
  });

  it('an empty file is empty_file', async () => {
    expect((await failure(read(file('')))).code).toBe('empty_file');
    expect((await failure(read(file('\n\n')))).code).toBe('empty_file');
  });

  it('inspect: property names of the first objects, values as text, suggested mapping', async () => {
    const info = await inspectFile(file('{"ID":1,"姓名":"甲"}\nbad\n{"ID":2,"姓名":"乙","amount":3.5,"x":{"a":1}}\n{"ID":3}\n'), { format: 'ndjson', items: ITEMS, sampleRows: 2 });
    expect(info).toEqual({
      columns: ['ID', '姓名', 'amount', 'x'],
      sample: [
        ['1', '甲', '', ''],
        ['2', '乙', '3.5', '{"a":1}'],
      ],
      encoding: 'utf-8',
      mapping: { ID: 'id', 姓名: 'name', amount: 'amount', x: null },
      unmappedRequired: [],
    });
  });
});
