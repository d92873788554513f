import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DataItem } from '../catalog/model.js';
import { hasMessage } from '../core/i18n.js';
import { usccCheckChar } from '../org/uscc.js';
import { exchangeMessages } from './messages.js';
import { canonicalKey, idNumberCheckChar, normalizeIdNumber, parseValue, validateRow, VALUE_ERROR_CODES, type ParseResult } from './values.js';

let seq = 0;
function item(over: Partial<DataItem> & Pick<DataItem, 'dataType'>): DataItem {
  seq++;
  return {
    seq,
    name: `item ${seq}`,
    code: `f${seq}`,
    length: null,
    precision: null,
    required: false,
    isKey: false,
    description: '',
    codeSet: null,
    sensitivity: 'none',
    masking: 'none',
    maskingCustom: null,
    elementCode: null,
    ...over,
  };
}

const ok = (r: ParseResult) => {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}`);
  return r.value;
};
const code = (r: ParseResult) => (r.ok ? 'ok' : r.code);

/** Synthetic ID number (never a real person): region 460200, born 1990-01-01, sequence 000. */
function syntheticId(first17 = '46020019900101000'): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return first17 + '10X98765432'[sum % 11];
}

describe('C (character)', () => {
  const c = item({ dataType: 'C', length: 5 });
  it('keeps the value exactly, spaces included', () => {
    expect(ok(parseValue(c, ' ab ')) as string).toBe(' ab ');
    expect(ok(parseValue(c, 'a\tb'))).toBe('a\tb');
  });
  it('counts characters, not bytes or UTF-16 units', () => {
    expect(ok(parseValue(c, '海南省三亚'))).toBe('海南省三亚');
    expect(ok(parseValue(c, '𠀋𠀋𠀋𠀋𠀋'))).toBe('𠀋𠀋𠀋𠀋𠀋'); // 10 UTF-16 units, 5 characters
    expect(code(parseValue(c, '海南省三亚市'))).toBe('too_long');
    expect(code(parseValue(c, '𠀋𠀋𠀋𠀋𠀋𠀋'))).toBe('too_long');
    const r = parseValue(c, 'abcdef');
    expect(!r.ok && r.params).toEqual({ max: 5 });
  });
  it('rejects control characters, line breaks and lone surrogates', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\u0000', 'a\u007f', 'a\u0085', '\ud800x', 'x\udc00']) expect(code(parseValue(c, bad)), JSON.stringify(bad)).toBe('control_characters');
  });
  it('takes JSON numbers as their text and rejects objects', () => {
    expect(ok(parseValue(c, 12))).toBe('12');
    expect(code(parseValue(c, { a: 1 }))).toBe('wrong_type');
    expect(code(parseValue(c, true))).toBe('wrong_type');
  });
  it('treats empty and blank cells as null and rejects them when required', () => {
    expect(ok(parseValue(c, ''))).toBeNull();
    expect(ok(parseValue(c, '   '))).toBeNull();
    expect(ok(parseValue(c, null))).toBeNull();
    expect(ok(parseValue(c, undefined))).toBeNull();
    const req = item({ dataType: 'C', length: 5, required: true });
    for (const empty of ['', ' ', null, undefined]) expect(code(parseValue(req, empty))).toBe('required');
    const key = item({ dataType: 'C', length: 5, isKey: true });
    expect(code(parseValue(key, ''))).toBe('required');
  });
});

describe('M (memo)', () => {
  const m = item({ dataType: 'M' });
  it('allows line breaks and up to 1 MiB of UTF-8', () => {
    expect(ok(parseValue(m, 'line 1\r\nline 2\tend'))).toBe('line 1\r\nline 2\tend');
    expect(ok(parseValue(m, 'a'.repeat(1_048_576)))).toHaveLength(1_048_576);
    expect(code(parseValue(m, 'a'.repeat(1_048_577)))).toBe('too_long');
    // 349,526 × 3 bytes = 1,048,578 bytes although only 349,526 UTF-16 units.
    expect(code(parseValue(m, '经'.repeat(349_526)))).toBe('too_long');
    expect(ok(parseValue(m, '经'.repeat(349_525)))).toHaveLength(349_525);
  });
  it('rejects other control characters', () => {
    expect(code(parseValue(m, 'a\u0001'))).toBe('control_characters');
    const r = parseValue(m, 'a\u0001');
    expect(!r.ok && r.messageKey).toBe('exchange.value.control_characters_text');
  });
});

describe('N/Y (decimal)', () => {
  const n = item({ dataType: 'N', length: 6, precision: 2 }); // up to 9999.99
  it('returns a canonical decimal string', () => {
    expect(ok(parseValue(n, '1234.50'))).toBe('1234.5');
    expect(ok(parseValue(n, '001234.00'))).toBe('1234');
    expect(ok(parseValue(n, '+12'))).toBe('12');
    expect(ok(parseValue(n, '-0.00'))).toBe('0');
    expect(ok(parseValue(n, '.5'))).toBe('0.5');
    expect(ok(parseValue(n, '5.'))).toBe('5');
    expect(ok(parseValue(n, ' 42 '))).toBe('42');
    expect(ok(parseValue(n, -9999.99))).toBe('-9999.99');
    expect(ok(parseValue(n, 0.1))).toBe('0.1');
    expect(ok(parseValue(n, '1.5E+3'))).toBe('1500');
    expect(ok(parseValue(n, '25e-2'))).toBe('0.25');
  });
  it('checks digits before and after the point at the boundaries', () => {
    expect(ok(parseValue(n, '9999.99'))).toBe('9999.99');
    expect(code(parseValue(n, '10000'))).toBe('too_many_digits');
    expect(code(parseValue(n, '1.234'))).toBe('too_many_decimals');
    expect(ok(parseValue(n, '1.230'))).toBe('1.23');
    expect(code(parseValue(n, '1e4'))).toBe('too_many_digits');
    expect(code(parseValue(n, 1e-7))).toBe('too_many_decimals');
    const r = parseValue(n, '10000');
    expect(!r.ok && r.params).toEqual({ max: 4 });
  });
  it('keeps 38-digit values exact', () => {
    const big = item({ dataType: 'Y', length: 38, precision: 2 });
    expect(ok(parseValue(big, '123456789012345678901234567890123456.78'))).toBe('123456789012345678901234567890123456.78');
    expect(code(parseValue(big, '1234567890123456789012345678901234567.8'))).toBe('too_many_digits');
  });
  it('rejects what is not a plain decimal', () => {
    for (const bad of ['abc', 'NaN', 'Infinity', '-', '.', '1,000', '0x10', '1e', '1e999', '1e-101', '12a', '١٢', true, NaN, Infinity])
      expect(code(parseValue(n, bad)), String(bad)).toBe('not_a_number');
  });
});

describe('I (integer)', () => {
  const i = item({ dataType: 'I' });
  it('accepts safe integers', () => {
    expect(ok(parseValue(i, '42'))).toBe(42);
    expect(ok(parseValue(i, '-7'))).toBe(-7);
    expect(ok(parseValue(i, '-0'))).toBe(0);
    expect(ok(parseValue(i, 9007199254740991))).toBe(9007199254740991);
    expect(ok(parseValue(i, '9007199254740991'))).toBe(9007199254740991);
  });
  it('rejects fractions, unsafe integers and text', () => {
    expect(code(parseValue(i, '1.5'))).toBe('not_an_integer');
    expect(code(parseValue(i, 1.5))).toBe('not_an_integer');
    expect(code(parseValue(i, '9007199254740992'))).toBe('not_an_integer');
    expect(code(parseValue(i, 2 ** 60))).toBe('not_an_integer');
    expect(code(parseValue(i, 'ten'))).toBe('not_a_number');
    expect(code(parseValue(i, '+'))).toBe('not_a_number');
    expect(code(parseValue(i, Infinity))).toBe('not_a_number');
  });
});

describe('B/F (double, float)', () => {
  const f = item({ dataType: 'F' });
  const b = item({ dataType: 'B' });
  it('accepts finite numbers', () => {
    expect(ok(parseValue(f, '3.14'))).toBe(3.14);
    expect(ok(parseValue(b, '-1.5e3'))).toBe(-1500);
    expect(ok(parseValue(b, 2.5))).toBe(2.5);
    expect(Object.is(ok(parseValue(b, '-0')), 0)).toBe(true);
  });
  it('rejects NaN, Infinity, overflow and loose text', () => {
    for (const bad of ['NaN', 'Infinity', '1e400', '0x1F', '1_000', 'abc', NaN, -Infinity]) expect(code(parseValue(f, bad)), String(bad)).toBe('not_a_number');
  });
});

describe('L (logical)', () => {
  const l = item({ dataType: 'L' });
  it('accepts true/false, 1/0, 是/否 and Y/N', () => {
    for (const t of [true, 'true', 'TRUE', 1, '1', '是', 'Y', 'y']) expect(ok(parseValue(l, t)), String(t)).toBe(true);
    for (const f of [false, 'false', 'False', 0, '0', '否', 'N', 'n']) expect(ok(parseValue(l, f)), String(f)).toBe(false);
  });
  it('rejects anything else', () => {
    for (const bad of ['yes', '对', '2', 2, 'tru']) expect(code(parseValue(l, bad)), String(bad)).toBe('not_a_boolean');
  });
});

describe('D (date)', () => {
  const d = item({ dataType: 'D' });
  it('accepts YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD and Excel serial numbers', () => {
    expect(ok(parseValue(d, '2026-01-05'))).toBe('2026-01-05');
    expect(ok(parseValue(d, '2026/01/05'))).toBe('2026-01-05');
    expect(ok(parseValue(d, '2026/1/5'))).toBe('2026-01-05');
    expect(ok(parseValue(d, '2026-1-05'))).toBe('2026-01-05');
    expect(ok(parseValue(d, '20260105'))).toBe('2026-01-05');
    expect(ok(parseValue(d, '2026-01-05 00:00:00'))).toBe('2026-01-05');
    expect(ok(parseValue(d, 46027))).toBe('2026-01-05');
    expect(ok(parseValue(d, 1))).toBe('1900-01-01');
    expect(ok(parseValue(d, 59))).toBe('1900-02-28');
    expect(ok(parseValue(d, 61))).toBe('1900-03-01');
    expect(ok(parseValue(d, new Date(Date.UTC(2026, 0, 5))))).toBe('2026-01-05');
  });
  it('knows real dates from impossible ones', () => {
    expect(ok(parseValue(d, '2024-02-29'))).toBe('2024-02-29');
    expect(ok(parseValue(d, '2000-02-29'))).toBe('2000-02-29');
    for (const bad of ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '20260230', '0000-01-01'])
      expect(code(parseValue(d, bad)), bad).toBe('not_a_date');
  });
  it('rejects other forms', () => {
    for (const bad of ['05/01/2026', '2026-01-05T08:00:00', '2026-01/05', '2026年1月5日', 'today', 60, 1.5, 0, 3_000_000, true])
      expect(code(parseValue(d, bad)), String(bad)).toBe('not_a_date');
  });
});

describe('T (date-time)', () => {
  const t = item({ dataType: 'T' });
  it('treats a date-time without an offset as China Standard Time and returns UTC', () => {
    expect(ok(parseValue(t, '2026-01-05 08:30:00'))).toBe('2026-01-05T00:30:00.000Z');
    expect(ok(parseValue(t, '2026-01-05T08:30'))).toBe('2026-01-05T00:30:00.000Z');
    expect(ok(parseValue(t, '2026-01-01 03:00:00'))).toBe('2025-12-31T19:00:00.000Z');
    expect(ok(parseValue(t, '2026/1/5 8:30:00'))).toBe('2026-01-05T00:30:00.000Z');
    expect(ok(parseValue(t, '2026-01-05'))).toBe('2026-01-04T16:00:00.000Z');
  });
  it('honours explicit offsets', () => {
    expect(ok(parseValue(t, '2026-01-05T08:30:00Z'))).toBe('2026-01-05T08:30:00.000Z');
    expect(ok(parseValue(t, '2026-01-05T08:30:00+08:00'))).toBe('2026-01-05T00:30:00.000Z');
    expect(ok(parseValue(t, '2026-01-05T08:30:00.123-0530'))).toBe('2026-01-05T14:00:00.123Z');
    expect(ok(parseValue(t, '2026-01-05T08:30:00.5+00'))).toBe('2026-01-05T08:30:00.500Z');
    expect(ok(parseValue(t, '2026-01-05T08:30:00.123000Z'))).toBe('2026-01-05T08:30:00.123Z');
    expect(ok(parseValue(t, new Date('2026-01-05T08:30:00Z')))).toBe('2026-01-05T08:30:00.000Z');
  });
  it('reads Excel serial date-times as China Standard Time', () => {
    expect(ok(parseValue(t, 46027.5))).toBe('2026-01-05T04:00:00.000Z');
  });
  it('rejects impossible and imprecise values', () => {
    for (const bad of ['2026-02-29 10:00:00', '2026-01-05 24:00:00', '2026-01-05 10:60', '2026-01-05 10:00:60', '2026-01-05T10:00+15:00', 'yesterday', '2026-01-05T10'])
      expect(code(parseValue(t, bad)), bad).toBe('not_a_datetime');
    const r = parseValue(t, '2026-01-05T08:30:00.123456Z');
    expect(!r.ok && r.messageKey).toBe('exchange.value.datetime_precision');
  });
});

describe('code sets', () => {
  const sex = item({ dataType: 'C', length: 1, codeSet: [{ value: '1', label: '男' }, { value: '2', label: '女' }] });
  it('accepts only the values of the code set', () => {
    expect(ok(parseValue(sex, '1'))).toBe('1');
    expect(ok(parseValue(sex, 2))).toBe('2');
    expect(code(parseValue(sex, '3'))).toBe('not_in_code_set');
    expect(code(parseValue(sex, '男'))).toBe('not_in_code_set');
    expect(ok(parseValue(sex, ''))).toBeNull();
  });
  it('compares numeric items by their canonical value', () => {
    const level = item({ dataType: 'N', length: 2, precision: 0, codeSet: [{ value: '5', label: '5A' }] });
    expect(ok(parseValue(level, '05'))).toBe('5');
    expect(code(parseValue(level, '4'))).toBe('not_in_code_set');
  });
});

describe('公民身份号码 (GB 11643-1999)', () => {
  const byElement = item({ dataType: 'C', length: 18, elementCode: 'DE0001' });
  const byName = item({ dataType: 'C', length: 18, name: '法定代表人身份证号码' });
  const id = syntheticId();

  it('computes the same check character as the test', () => {
    expect(idNumberCheckChar(id.slice(0, 17))).toBe(id[17]);
  });
  it('accepts a synthetic number built by the algorithm, by element code or by name', () => {
    expect(ok(parseValue(byElement, id))).toBe(id);
    expect(ok(parseValue(byName, id))).toBe(id);
  });
  it('upper-cases a lower-case x check character', () => {
    // Find a synthetic sequence whose check character is X.
    let withX = '';
    for (let s = 0; s < 1000 && !withX; s++) {
      const candidate = syntheticId(`46020019900101${String(s).padStart(3, '0')}`);
      if (candidate.endsWith('X')) withX = candidate;
    }
    expect(withX).not.toBe('');
    expect(ok(parseValue(byElement, withX.toLowerCase()))).toBe(withX);
    expect(normalizeIdNumber(withX.slice(0, 17) + 'x')).toBe(withX);
  });
  it('rejects every single-digit mutation', () => {
    for (let pos = 0; pos < 18; pos++) {
      for (const digit of '0123456789X') {
        if (digit === id[pos] || (digit === 'X' && pos !== 17)) continue;
        const mutated = id.slice(0, pos) + digit + id.slice(pos + 1);
        expect(code(parseValue(byElement, mutated)), mutated).toBe('invalid_id_number');
      }
    }
  });
  it('rejects a correct check character over an impossible birth date, and wrong lengths', () => {
    const feb30 = syntheticId('46020019900230000');
    expect(code(parseValue(byElement, feb30))).toBe('invalid_id_number');
    expect(code(parseValue(byElement, id.slice(0, 15)))).toBe('invalid_id_number');
    expect(code(parseValue(byElement, syntheticId('06020019900101000')))).toBe('invalid_id_number');
  });
  it('leaves items that are not ID numbers alone', () => {
    expect(ok(parseValue(item({ dataType: 'C', length: 18 }), '123456789012345678'))).toBe('123456789012345678');
  });
});

describe('统一社会信用代码', () => {
  const first17 = '91460200MA5T00001';
  const uscc = first17 + usccCheckChar(first17);
  const u = item({ dataType: 'C', length: 18, elementCode: 'DE0010' });
  const byName = item({ dataType: 'C', length: 18, name: '统一社会信用代码' });
  it('accepts a valid code (lower case is upper-cased)', () => {
    expect(ok(parseValue(u, uscc))).toBe(uscc);
    expect(ok(parseValue(byName, uscc.toLowerCase()))).toBe(uscc);
  });
  it('rejects a wrong check character and bad characters', () => {
    const wrong = first17 + (uscc[17] === '0' ? '1' : '0');
    expect(code(parseValue(u, wrong))).toBe('invalid_uscc');
    expect(code(parseValue(u, '91460200MA5T0000I' + uscc[17]))).toBe('invalid_uscc');
    expect(code(parseValue(u, uscc.slice(0, 17)))).toBe('invalid_uscc');
  });
});

describe('validateRow', () => {
  const items = [
    item({ dataType: 'C', code: 'sfzhm', length: 18, elementCode: 'DE0001', isKey: true, required: true }),
    item({ dataType: 'C', code: 'xm', length: 50, required: true }),
    item({ dataType: 'D', code: 'csrq' }),
    item({ dataType: 'N', code: 'sr', length: 10, precision: 2 }),
  ];
  const id = syntheticId();

  it('returns every item value in item order', () => {
    const r = validateRow(items, { sfzhm: id, xm: '测试甲', csrq: '1990/1/1' });
    expect(r.issues).toEqual([]);
    expect(r.values).toEqual({ sfzhm: id, xm: '测试甲', csrq: '1990-01-01', sr: null });
    expect(Object.keys(r.values)).toEqual(['sfzhm', 'xm', 'csrq', 'sr']);
  });
  it('reports every problem with field, code, message key and params', () => {
    const r = validateRow(items, { sfzhm: id.slice(0, 17) + '0', xm: '', csrq: '2026-02-29', sr: '1.234', extra: 'x' });
    expect(r.issues).toEqual([
      { field: 'sfzhm', code: 'invalid_id_number', messageKey: 'exchange.value.invalid_id_number', params: {} },
      { field: 'xm', code: 'required', messageKey: 'exchange.value.required', params: {} },
      { field: 'csrq', code: 'not_a_date', messageKey: 'exchange.value.not_a_date', params: {} },
      { field: 'sr', code: 'too_many_decimals', messageKey: 'exchange.value.too_many_decimals', params: { max: 2 } },
      { field: 'extra', code: 'unknown_field', messageKey: 'exchange.value.unknown_field', params: {} },
    ]);
  });
  it('reports unknown fields unless allowed', () => {
    const row = { sfzhm: id, xm: '测试甲', 姓名: '测试甲' };
    expect(validateRow(items, row, { allowUnknownFields: false }).issues.map((i) => [i.field, i.code])).toEqual([['姓名', 'unknown_field']]);
    expect(validateRow(items, row, { allowUnknownFields: true }).issues).toEqual([]);
    expect(validateRow(items, { sfzhm: id, xm: 'a', sr: undefined }).issues).toEqual([]);
  });
});

describe('canonicalKey', () => {
  it('is the canonical value of a single key', () => {
    const items = [item({ dataType: 'C', code: 'sfzhm', length: 18, elementCode: 'DE0001', isKey: true }), item({ dataType: 'C', code: 'xm', length: 50 })];
    const withX = syntheticId('46020019900101009');
    expect(withX.endsWith('X')).toBe(true);
    expect(canonicalKey(items, { sfzhm: withX.toLowerCase(), xm: 'x' })).toBe(withX);
  });
  it('is a JSON array of canonical values for a composite key', () => {
    const items = [
      item({ dataType: 'C', code: 'qh', length: 6, isKey: true }),
      item({ dataType: 'I', code: 'nd', isKey: true }),
      item({ dataType: 'D', code: 'rq', isKey: true }),
      item({ dataType: 'N', code: 'je', length: 8, precision: 2 }),
    ];
    expect(canonicalKey(items, { qh: '460200', nd: '2026', rq: '20260105', je: '1' })).toBe('["460200",2026,"2026-01-05"]');
    expect(canonicalKey(items, validateRow(items, { qh: '460200', nd: 2026, rq: '2026/1/5' }).values)).toBe('["460200",2026,"2026-01-05"]');
  });
  it('throws on a missing or invalid key value', () => {
    const items = [item({ dataType: 'I', code: 'id', isKey: true })];
    expect(() => canonicalKey(items, {})).toThrow(RangeError);
    expect(() => canonicalKey(items, { id: 'x' })).toThrow(RangeError);
    expect(() => canonicalKey([item({ dataType: 'I' })], { id: 1 })).toThrow(RangeError);
  });
});

describe('exchange messages', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it('has both languages with the same placeholders', () => {
    for (const [key, m] of Object.entries(exchangeMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(placeholders(m.zh), key).toEqual(placeholders(m.en));
    }
  });
  it('defines every message key values.ts produces, for every code', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const text = readFileSync(join(here, 'values.ts'), 'utf8');
    const keys = [...text.matchAll(/problem\('[a-z_]+', '([a-z_]+)'/g)].map((m) => `exchange.value.${m[1]}`);
    keys.push('exchange.value.unknown_field');
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => !hasMessage(k))).toEqual([]);
    for (const c of VALUE_ERROR_CODES) expect(text, c).toContain(`problem('${c}'`);
  });
});
