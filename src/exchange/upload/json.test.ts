import { afterAll, describe, expect, it } from 'vitest';
import { ITEMS, TempDir, collect, failure, withBlockSize } from './fixtures/helpers.js';
import { inspectFile, readRows } from './index.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const file = (text: string | Uint8Array) => tmp.file(text, 'json');
const read = (path: string, over: Record<string, unknown> = {}) => collect(readRows(path, { format: 'json', items: ITEMS, ...over }));

describe('JSON array', () => {
  it('gives each object as a row, row = element index + 1', async () => {
    const rows = await read(file('\ufeff[\n  {"id": "1", "name": "甲", "amount": 12.5},\n  {"id": "2", "name": "乙", "note": null}\n]\n'));
    expect(rows).toEqual([
      { row: 1, values: { id: '1', name: '甲', amount: 12.5 } },
      { row: 2, values: { id: '2', name: '乙', note: null } },
    ]);
  });

  it('is not fooled by brackets, braces, quotes and escapes inside strings', async () => {
    const tricky = ['a]b', '}{', '"', 'back\\slash\\', '\\"]', '中文\u2028'];
    const text = JSON.stringify(tricky.map((note, i) => ({ id: String(i), note, name: { nested: [note, { deep: ']' }] } })));
    const rows = await read(file(text));
    expect(rows.map((r) => r.values.note)).toEqual(tricky);
    expect(rows[0]!.values.name).toEqual({ nested: ['a]b', { deep: ']' }] });
  });

  it('gives the same rows whatever the block size (escapes and backslash runs split between blocks)', async () => {
    const notes = ['\\', '\\\\', '\\"', '"\\', 'x\\\\\\"y', '中\\文', ']}', 'é\n\t'];
    const text = `[${notes.map((note, i) => JSON.stringify({ id: String(i), note, name: { a: [note] } })).join(' ,\n ')}, 7, "s\\""]`;
    const path = file(text);
    const expected = await read(path);
    expect(expected.slice(0, notes.length).map((r) => r.values.note)).toEqual(notes);
    expect(expected.slice(notes.length).map((r) => [r.row, r.problem?.code])).toEqual([
      [notes.length + 1, 'not_an_object'],
      [notes.length + 2, 'not_an_object'],
    ]);
    for (const size of [1, 2, 3, 5, 7]) expect(await withBlockSize(size, () => read(path)), `block ${size}`).toEqual(expected);
  });

  it('a non-object element is a row problem', async () => {
    const rows = await read(file('[{"id":"1"}, 42, "x", null, [1], {"id":"6"}]'));
    expect(rows.map((r) => [r.row, r.problem?.code ?? 'ok'])).toEqual([
      [1, 'ok'],
      [2, 'not_an_object'],
      [3, 'not_an_object'],
      [4, 'not_an_object'],
      [5, 'not_an_object'],
      [6, 'ok'],
    ]);
  });

  it('an empty array has no rows', async () => {
    expect(await read(file(' [ ] '))).toEqual([]);
  });

  it('a document that is not an array is refused', async () => {
    expect((await failure(read(file('{"id":"1"}')))).code).toBe('json_not_array');
    expect((await failure(read(file('"text"')))).code).toBe('json_not_array');
  });

  it('broken JSON names the element and line', async () => {
    const e = await failure(read(file('[\n{"id":"1"},\n{"id": 2,,}\n]')));
    expect([e.status, e.code, e.params.row, e.params.line]).toEqual([400, 'invalid_json', 2, 3]);
    expect((await failure(read(file('[{"id":"1"} {"id":"2"}]')))).code).toBe('invalid_json');
    expect((await failure(read(file('[{"id":"1"},]')))).code).toBe('invalid_json');
    expect((await failure(read(file('[{"id":"1"}] x')))).code).toBe('invalid_json');
  });

  it('a truncated document is truncated_json', async () => {
    const e = await failure(read(file('[\n{"id":"1"},\n{"id":"2", "name": "乙')));
    expect([e.code, e.params.line]).toEqual(['truncated_json', 3]);
    expect((await failure(read(file('[{"id":"1"}')))).code).toBe('truncated_json');
  });

  it('an empty file is empty_file', async () => {
    expect((await failure(read(file('  \n')))).code).toBe('empty_file');
  });

  it('streams a large array across read blocks', async () => {
    const n = 40_000;
    const text = `[${Array.from({ length: n }, (_, i) => JSON.stringify({ id: String(i), name: `名${i}`, note: 'x]'.repeat(i % 50) })).join(',\n')}]`;
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const rows = await read(file(text), { chunkSize: 1234 });
    expect(rows).toHaveLength(n);
    rows.forEach((r, i) => {
      expect(r.row).toBe(i + 1);
      expect(r.values.note).toBe('x]'.repeat(i % 50));
    });
  });

  it('an element over the row limit is 413', async () => {
    const e = await failure(read(file(`[{"id":"1"},${JSON.stringify({ id: '2', note: 'x'.repeat(100_000) })}]`), { limits: { maxRowBytes: 50_000 } }));
    expect([e.status, e.code, e.params.row]).toEqual([413, 'row_too_large', 2]);
  });

  it('an unknown property stops the upload', async () => {
    const e = await failure(read(file('[{"id":"1","民族":"汉"}]')));
    expect([e.code, e.params.columns]).toEqual(['unknown_columns', '民族']);
  });

  it('inspect reads only the first elements', async () => {
    // The tail is broken: inspect must not get that far.
    const info = await inspectFile(file('[{"编号":"1","name":"甲"},{"编号":"2","name":"乙"},{"编号":"3"}, oops'), { format: 'json', items: ITEMS, sampleRows: 2 });
    expect(info.columns).toEqual(['编号', 'name']);
    expect(info.sample).toEqual([
      ['1', '甲'],
      ['2', '乙'],
    ]);
    expect(info.mapping).toEqual({ 编号: 'id', name: 'name' });
    expect(info.encoding).toBe('utf-8');
  });
});
