import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { translate } from '../../core/i18n.js';
import { ITEMS, item } from './fixtures/helpers.js';
import { DEFAULT_LIMITS, UPLOAD_FILE_ERRORS, UPLOAD_ROW_PROBLEMS, formatFromRequest, suggestMapping, uploadMessages } from './index.js';
import { ColumnResolver, detectEncoding } from './source.js';

describe('formatFromRequest', () => {
  it('reads the content type (parameters and case ignored)', () => {
    expect(formatFromRequest('text/csv; charset=utf-8', undefined)).toBe('csv');
    expect(formatFromRequest('application/x-ndjson', undefined)).toBe('ndjson');
    expect(formatFromRequest('application/ndjson', undefined)).toBe('ndjson');
    expect(formatFromRequest('application/jsonl', undefined)).toBe('ndjson');
    expect(formatFromRequest('Application/JSON', undefined)).toBe('json');
    expect(formatFromRequest('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'x.bin')).toBe('xlsx');
  });

  it('falls back to the extension for octet-stream or no type', () => {
    expect(formatFromRequest('application/octet-stream', '数据.XLSX')).toBe('xlsx');
    expect(formatFromRequest(undefined, 'dir/data.jsonl')).toBe('ndjson');
    expect(formatFromRequest('application/octet-stream', 'data.csv')).toBe('csv');
  });

  it('an explicit format wins', () => {
    expect(formatFromRequest('text/csv', 'a.csv', 'json')).toBe('json');
    expect(formatFromRequest('application/octet-stream', undefined, 'jsonl')).toBe('ndjson');
  });

  it('anything else is 415 unsupported_format', () => {
    for (const [type, name, explicit] of [
      ['application/pdf', 'a.pdf', undefined],
      ['application/octet-stream', 'a.xls', undefined],
      ['application/octet-stream', undefined, undefined],
      ['text/plain', 'a.csv', undefined],
      ['text/csv', 'a.csv', 'parquet'],
    ] as const) {
      let err: unknown;
      try {
        formatFromRequest(type, name, explicit);
      } catch (e) {
        err = e;
      }
      expect(err, `${type} ${name} ${explicit}`).toBeInstanceOf(AppError);
      expect([(err as AppError).status, (err as AppError).code]).toEqual([415, 'unsupported_format']);
    }
  });
});

describe('column mapping', () => {
  it('suggests by code, then by name, ignoring case and spaces, each item once', () => {
    const items = [...ITEMS, item('unit_code', '单位 代码')];
    expect(suggestMapping(['ID', ' 出生 日期 ', 'UNIT_CODE', '单位代码', 'name', '姓名', '其他'], items)).toEqual({
      ID: 'id',
      ' 出生 日期 ': 'birth',
      UNIT_CODE: 'unit_code',
      单位代码: null, // its item went to the column named by its code
      name: 'name',
      姓名: null, // a code match beats a name match, whatever the column order
      其他: null,
    });
  });

  it('reads by exact (trimmed) code, then name; explicit entries win; ignores nameless columns', () => {
    const r = new ColumnResolver(ITEMS, { 姓名: null, 'X ': 'name' });
    expect(r.planHeader(['id', '编号 ', '姓名', 'X ', ''].slice(1), undefined)).toEqual(['id', null, 'name', null]);
    expect(r.resolve('ID')).toBeUndefined(); // readRows is exact; only the suggestion ignores case
    expect(r.resolve('__proto__')).toBeUndefined();
    expect(r.resolve('toString')).toBeUndefined();
  });

  it('a mapping key on the prototype chain is not a mapping', () => {
    const r = new ColumnResolver(ITEMS, {});
    expect(r.resolve('constructor')).toBeUndefined();
    expect(() => new ColumnResolver(ITEMS, { a: 'constructor' })).toThrow(AppError);
  });
});

describe('encoding detection', () => {
  it('BOM → utf-8; valid UTF-8 → utf-8; otherwise gb18030; a character cut at 64 KiB is fine', () => {
    expect(detectEncoding(Uint8Array.of(0xef, 0xbb, 0xbf, 0xff))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('编号,姓名\n'))).toBe('utf-8');
    expect(detectEncoding(Uint8Array.of(0xd6, 0xd0, 0xce, 0xc4))).toBe('gb18030');
    const cut = Buffer.concat([Buffer.alloc(64 * 1024 - 1, 0x61), Buffer.from('中'), Buffer.from([0xff])]);
    expect(detectEncoding(cut)).toBe('utf-8');
  });
});

describe('messages', () => {
  it('every file and row problem code has zh-CN and en text, and every text a code', () => {
    const keys = Object.keys(uploadMessages).sort();
    expect([...UPLOAD_FILE_ERRORS, ...UPLOAD_ROW_PROBLEMS].map((c) => `exchange.upload.${c}`).sort()).toEqual(keys);
    for (const k of keys) {
      expect(translate(k, 'zh-CN')).not.toBe(k);
      expect(translate(k, 'en')).not.toBe(translate(k, 'zh-CN'));
    }
    expect(translate('exchange.upload.cell_too_large', 'zh-CN', { row: 3, column: '备注', limit: DEFAULT_LIMITS.maxCellBytes })).toBe(
      '第 3 行「备注」列的单元格内容过大（上限 2097152 字节）',
    );
  });
});
