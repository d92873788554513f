/**
 * Highlighting of search hits in JS, from the module's own text (the FTS tables keep no text):
 * marks where the query's terms occur, using the same query rules as the index (tokenizer.ts),
 * so what is marked is what matched: CJK terms as substrings, other words at word starts.
 */
import { normalize, queryTerms, termText } from './tokenizer.js';

export interface HighlightOptions {
  /** Longer texts are cut to a window of about this many characters around the first match. */
  maxLength?: number;
  /** Characters shown before the first match when cutting (default a quarter of maxLength). */
  before?: number;
}

/** A user-perceived character with its normalized (NFKC, lower-case) form. */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CJK_CHAR = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;

interface Needle {
  text: string;
  /** CJK: anywhere. Words: at a word start, and whole unless `prefix`. */
  substring: boolean;
  prefix: boolean;
}

function needles(query: string): Needle[] {
  const out: Needle[] = [];
  for (const term of queryTerms(query)) {
    const { cjk, parts } = termText(term);
    parts.forEach((text, i) => {
      out.push({ text, substring: cjk, prefix: term.prefix && i === parts.length - 1 });
    });
  }
  return out;
}

/** Non-CJK letters/digits: the boundary of a Latin word (CJK next to Latin is a boundary). */
function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch) && !CJK_CHAR.test(ch);
}

/** [start, end) ranges of `text` (UTF-16 offsets) where the query matched, sorted and merged. */
export function matchRanges(text: string | null | undefined, query: string | null | undefined): [number, number][] {
  if (!text || !query) return [];
  const ns = needles(query);
  if (ns.length === 0) return [];
  // Normalize cluster by cluster, remembering where each normalized unit came from.
  let norm = '';
  const from: number[] = [];
  const to: number[] = [];
  CLUSTER.lastIndex = 0;
  for (let m = CLUSTER.exec(text); m; m = CLUSTER.exec(text)) {
    const n = normalize(m[0]);
    for (let k = 0; k < n.length; k++) {
      from.push(m.index);
      to.push(m.index + m[0].length);
    }
    norm += n;
  }
  const ranges: [number, number][] = [];
  for (const nd of ns) {
    if (!nd.text) continue;
    for (let i = norm.indexOf(nd.text); i >= 0; i = norm.indexOf(nd.text, i + 1)) {
      const end = i + nd.text.length;
      if (!nd.substring) {
        if (isWordChar(norm[i - 1])) continue;
        if (!nd.prefix && isWordChar(norm[end])) continue;
      }
      ranges.push([from[i]!, to[end - 1]!]);
    }
  }
  ranges.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Moves an offset off the second half of a surrogate pair. */
function safeOffset(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
}

/**
 * `text` HTML-escaped, with each matched substring wrapped in <mark>…</mark>. When `maxLength` is
 * given and the text is longer, a window around the first match (or the start, without a match)
 * is returned, with '…' where it was cut. Never throws; null/undefined text gives ''.
 */
export function highlight(text: string | null | undefined, query: string | null | undefined, opts: HighlightOptions = {}): string {
  if (!text) return '';
  const ranges = matchRanges(text, query);
  let start = 0;
  let end = text.length;
  const max = opts.maxLength !== undefined && opts.maxLength > 0 ? Math.floor(opts.maxLength) : undefined;
  if (max !== undefined && text.length > max) {
    const first = ranges[0]?.[0] ?? 0;
    const before = Math.min(opts.before ?? Math.floor(max / 4), max);
    start = Math.max(0, Math.min(first - before, text.length - max));
    start = safeOffset(text, start);
    end = safeOffset(text, Math.min(text.length, start + max));
  }
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [s, e] of ranges) {
    if (e <= start || s >= end) continue;
    const ms = Math.max(s, start);
    const me = Math.min(e, end);
    out += escapeHtml(text.slice(at, ms)) + '<mark>' + escapeHtml(text.slice(ms, me)) + '</mark>';
    at = me;
  }
  out += escapeHtml(text.slice(at, end));
  if (end < text.length) out += '…';
  return out;
}
