/**
 * Masking of sensitive values served to consumers (第二十一、二十六条; DESIGN.md access model).
 * Works on Unicode code points, so a character outside the BMP (𠀋, emoji) is one character and is
 * never split into half a surrogate pair. `mask` never throws: a value it cannot make sense of is
 * masked more, not less, and an unknown rule hides the whole value.
 */
import type { MaskingCustom, MaskingRule } from '../catalog/model.js';

const STAR = '*';
/** Fixed-width tail for addresses, so the hidden part's length is not revealed either. */
const ADDRESS_TAIL = '****';
const ADDRESS_FALLBACK_KEEP = 6;
const SURROGATE_RE = /[\ud800-\udfff]/;

/**
 * Masks `value` by `rule`. null/undefined stay null; other non-strings are masked as their text.
 *   id_card      keep the first 6 and last 4:          460200********1234
 *   phone        mobiles keep the first 3 and last 4:  138****5678
 *                landlines keep the area code and last 2: 0898-******78
 *   name         keep the first character:             张**, 张*, J*** *****
 *   address      keep up to the first 区/县/镇/乡/街道, then ****; otherwise the first 6 characters
 *   bank_account keep the last 4:                      ************1234
 *   custom       keepStart/keepEnd/maskChar, never revealing more than half the characters
 *   none         unchanged
 * A value too short for a rule's kept parts is masked so that at most half of it shows.
 */
export function mask(rule: MaskingRule, value: unknown, custom?: MaskingCustom | null): string | null {
  if (value === null || value === undefined) return null;
  let s: string;
  try {
    s = typeof value === 'string' ? value : String(value);
  } catch {
    return STAR;
  }
  if (rule === 'none') return s;
  if (s.length === 0) return s;
  try {
    const cps = SURROGATE_RE.test(s) ? Array.from(s) : null;
    const chars: ArrayLike<string> = cps ?? s;
    switch (rule) {
      case 'id_card':
        // A value shorter than the 15-digit old format is not a real ID number: show at most half.
        return chars.length >= 15 ? keepEnds(chars, 6, 4, STAR) : keepEnds(chars, ...halfBudget(chars.length, 6, 4), STAR);
      case 'phone':
        return maskPhone(chars);
      case 'name':
        return maskName(chars);
      case 'address':
        return maskAddress(s, chars);
      case 'bank_account':
        return maskBankAccount(chars);
      case 'custom':
        return maskCustom(chars, custom);
      default:
        return STAR.repeat(chars.length);
    }
  } catch {
    return STAR.repeat(Math.min(s.length, 64));
  }
}

/** Keeps `start` leading and `end` trailing characters and replaces each one between with `m`. */
function keepEnds(chars: ArrayLike<string>, start: number, end: number, m: string): string {
  const n = chars.length;
  if (start + end >= n) [start, end] = halfBudget(n, start, end);
  if (typeof chars === 'string') return chars.slice(0, start) + m.repeat(n - start - end) + chars.slice(n - end);
  let out = '';
  for (let i = 0; i < n; i++) out += i < start || i >= n - end ? chars[i] : m;
  return out;
}

/** Shrinks the kept parts until at most half of the n characters show, trimming the larger part first. */
function halfBudget(n: number, start: number, end: number): [number, number] {
  const budget = Math.floor(n / 2);
  while (start + end > budget) {
    if (end >= start && end > 0) end--;
    else start--;
  }
  return [start, end];
}

function isDigit(ch: string): boolean {
  return ch.length === 1 && ch >= '0' && ch <= '9';
}

/** Masks the digits of `chars` whose digit index is in [keepStart, digitCount - keepEnd); separators stay. */
function maskDigits(chars: ArrayLike<string>, digitCount: number, keepStart: number, keepEnd: number): string {
  if (keepStart + keepEnd >= digitCount) [keepStart, keepEnd] = halfBudget(digitCount, keepStart, keepEnd);
  let out = '';
  let d = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (isDigit(ch)) {
      out += d < keepStart || d >= digitCount - keepEnd ? ch : STAR;
      d++;
    } else if (ch === ' ' || ch === '-' || ch === '(' || ch === ')' || ch === '+') out += ch;
    else out += STAR; // letters or anything unexpected in a phone number are hidden
  }
  return out;
}

function maskPhone(chars: ArrayLike<string>): string {
  let digits = '';
  for (let i = 0; i < chars.length; i++) if (isDigit(chars[i]!)) digits += chars[i];
  const n = digits.length;
  // Mobile: 11 digits starting with 1, optionally after the country code 86 / 0086.
  const countryLen = n === 13 && digits.startsWith('86') ? 2 : n === 15 && digits.startsWith('0086') ? 4 : 0;
  if (n - countryLen === 11 && digits[countryLen] === '1') return maskDigits(chars, n, countryLen + 3, 4);
  // Landline with a trunk prefix 0: the area code is what precedes the first separator, else
  // 010 and 02x (three digits) or four digits (0898).
  if (digits[0] === '0' && n >= 7) {
    let area = 0;
    let sawDigit = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (isDigit(ch)) {
        area++;
        sawDigit = true;
      } else if (sawDigit) break;
    }
    if (area === n) area = digits[1] === '1' || digits[1] === '2' ? 3 : 4;
    if (area > 4) area = 4;
    return maskDigits(chars, n, area, 2);
  }
  return maskDigits(chars, n, 0, n >= 4 ? 2 : Math.floor(n / 2));
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\u3000';
}

function maskName(chars: ArrayLike<string>): string {
  const n = chars.length;
  if (n === 1) return STAR;
  let out = chars[0]!;
  // Spaces stay so a Latin name still reads as given name and surname (J*** *****).
  for (let i = 1; i < n; i++) out += isSpace(chars[i]!) ? chars[i] : STAR;
  return out;
}

/** 区 that names something above (自治区, 特别行政区) or below (小区, 社区, 园区) the district level. */
const NOT_DISTRICT_BEFORE = new Set(['治', '政', '小', '社', '园']);

function maskAddress(s: string, chars: ArrayLike<string>): string {
  // Markers are BMP characters, so a UTF-16 index into s is safe to cut at.
  let cut = -1;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '县' || ch === '镇' || ch === '乡') {
      cut = i + 1;
      break;
    }
    if (ch === '区' && !(i > 0 && NOT_DISTRICT_BEFORE.has(s[i - 1]!))) {
      cut = i + 1;
      break;
    }
    if (ch === '街' && s[i + 1] === '道') {
      cut = i + 2;
      break;
    }
  }
  if (cut > 0) return cut >= s.length ? s : s.slice(0, cut) + ADDRESS_TAIL;
  const n = chars.length;
  let keep = ADDRESS_FALLBACK_KEEP;
  if (keep * 2 > n) keep = Math.floor(n / 2);
  let out = '';
  for (let i = 0; i < keep; i++) out += chars[i];
  return out + ADDRESS_TAIL;
}

function maskBankAccount(chars: ArrayLike<string>): string {
  const n = chars.length;
  let end = 4;
  if (end * 2 > n) end = Math.floor(n / 2);
  let out = '';
  // Spaces between digit groups stay (**** **** **** 1234); everything else but the tail is hidden.
  for (let i = 0; i < n; i++) out += i >= n - end || chars[i] === ' ' ? chars[i] : STAR;
  return out;
}

function maskCustom(chars: ArrayLike<string>, custom: MaskingCustom | null | undefined): string {
  const n = chars.length;
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);
  let start = count(custom?.keepStart);
  let end = count(custom?.keepEnd);
  const mc = custom?.maskChar;
  const m = typeof mc === 'string' && mc.length > 0 && Array.from(mc).length === 1 ? mc : STAR;
  if (start > n) start = n;
  if (end > n) end = n;
  [start, end] = halfBudget(n, start, end);
  if (typeof chars === 'string') return chars.slice(0, start) + m.repeat(n - start - end) + chars.slice(n - end);
  let out = '';
  for (let i = 0; i < n; i++) out += i < start || i >= n - end ? chars[i] : m;
  return out;
}
