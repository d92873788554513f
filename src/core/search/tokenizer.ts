/**
 * Chinese-capable tokenization shared by the index (documents) and the query side, so both
 * databases index and look up exactly the same tokens (DESIGN.md, Search).
 *
 * Document side, per CJK run (maximal sequence of Han/kana characters): every character bigram,
 * in order, then the run's last character alone. Every character is thereby the first character
 * of some token, so a one-character query is a prefix query ('税' → 税*) served by FTS5's prefix='1'
 * index. Measured at 100,000 catalog-like documents: bigrams + last character 54 MB, plus prefix='1'
 * 98 MB, every character as a token instead 91 MB — but unigram tokens would break the positions the
 * bigram phrases rely on; counting 人 (69 % of documents) takes 9.4 ms without a prefix index and
 * 2.1 ms with either. The segmenter's multi-character CJK words are not indexed: two-character
 * words are bigrams already, and longer ones would never be looked up, because the query side uses
 * bigram phrases, which do not depend on where ICU happens to cut (不动|产, 三|亚|市).
 * Everything else (Latin, digits, other scripts) is words: runs of letters, digits and marks, so
 * codes split on their punctuation ('A01/000001' → a01 000001, 'id_no' → id no); scripts written
 * without spaces (Thai, Lao, Khmer, Myanmar) get their words from Intl.Segmenter('zh-CN', word).
 */

const CJK_CLASS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}';
/** A CJK run, or a run of other letters/digits/marks. */
const PIECE = new RegExp(`([${CJK_CLASS}]+)|((?:(?![${CJK_CLASS}])[\\p{L}\\p{N}\\p{M}])+)`, 'gu');
const WHITESPACE = /\s+/u;

/** Longer tokens are cut: nobody searches for a 200-letter word, and PG caps lexemes at 2 KB. */
export const MAX_TOKEN_LENGTH = 64;
/** Per field; the rest is not indexed (keeps a PG tsvector far below its 1 MB limit). */
export const MAX_FIELD_LENGTH = 65_536;
/** A query beyond this many characters is cut, and beyond MAX_QUERY_TERMS terms the rest ignored. */
export const MAX_QUERY_LENGTH = 256;
export const MAX_QUERY_TERMS = 16;

const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function cut(token: string): string {
  return token.length > MAX_TOKEN_LENGTH ? Array.from(token).slice(0, MAX_TOKEN_LENGTH).join('') : token;
}

/** A piece of normalized text in order: a maximal CJK run, or one non-CJK word. */
interface Piece {
  cjk: boolean;
  text: string;
}

/** Scripts written without spaces between words, where only a dictionary segmenter finds words. */
const NEEDS_SEGMENTER = /[\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const ONLY_MARKS = /^\p{M}+$/u;

/**
 * The pieces of already-normalized text in text order. The segmenter is asked only about spans of
 * scripts written without spaces: for CJK its words are subsumed by the bigrams (and ICU takes
 * quadratic time on long CJK runs: 4 s for 64 K characters), and for space-separated scripts its
 * words, split on punctuation as ours must be, are exactly the letter/digit runs.
 */
function pieces(norm: string): Piece[] {
  const out: Piece[] = [];
  const word = (text: string) => {
    if (!ONLY_MARKS.test(text)) out.push({ cjk: false, text: cut(text) });
  };
  PIECE.lastIndex = 0;
  for (let m = PIECE.exec(norm); m; m = PIECE.exec(norm)) {
    if (m[1]) {
      out.push({ cjk: true, text: m[1] });
    } else if (NEEDS_SEGMENTER.test(m[2]!)) {
      for (const seg of segmenter.segment(m[2]!)) if (seg.isWordLike) word(seg.segment);
    } else {
      word(m[2]!);
    }
  }
  return out;
}

/** Bigrams of a CJK run in order (code points, so supplementary-plane Han stays whole). */
function bigrams(chars: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Index tokens of a text, in order: per CJK run its bigrams then its last character; other words
 * whole (lower-cased, NFKC). Deterministic; the output joined by spaces is what the index stores.
 */
export function tokenize(text: string | null | undefined): string[] {
  if (!text) return [];
  const norm = normalize(text.length > MAX_FIELD_LENGTH ? text.slice(0, MAX_FIELD_LENGTH) : text);
  const out: string[] = [];
  for (const p of pieces(norm)) {
    if (p.cjk) {
      const chars = Array.from(p.text);
      for (const b of bigrams(chars)) out.push(b);
      out.push(chars[chars.length - 1]!);
    } else {
      out.push(p.text);
    }
  }
  return out;
}

/**
 * One query term: consecutive tokens that must appear next to each other (a phrase), with the
 * last token matched as a prefix when `prefix` is set. All terms of a query must match (AND).
 */
export interface QueryTerm {
  tokens: string[];
  prefix: boolean;
}

/**
 * Query terms of a user's search string; never throws, returns [] when nothing is searchable.
 *  - a CJK run of 2+ characters → the phrase of its bigrams (substring semantics: 人口基础 matches
 *    exactly where 人口基础 occurs);
 *  - a single CJK character → a prefix term (税 → 税*);
 *  - non-CJK words written together without spaces ('A01/000001', '3.14') → one phrase;
 *  - the last term, when non-CJK, is a prefix (search as you type: 'gi' finds GIS).
 * Operators and syntax characters of FTS5 or tsquery have no meaning here: they are separators.
 */
export function queryTerms(q: string | null | undefined): QueryTerm[] {
  if (typeof q !== 'string' || q.length === 0) return [];
  const norm = normalize(q.length > MAX_QUERY_LENGTH * 4 ? q.slice(0, MAX_QUERY_LENGTH * 4) : q).slice(0, MAX_QUERY_LENGTH);
  const terms: QueryTerm[] = [];
  let lastIsWord = false;
  for (const chunk of norm.split(WHITESPACE)) {
    if (!chunk) continue;
    let words: string[] = [];
    const flushWords = () => {
      if (words.length) terms.push({ tokens: words, prefix: false });
      words = [];
    };
    for (const p of pieces(chunk)) {
      if (p.cjk) {
        flushWords();
        const chars = Array.from(p.text);
        terms.push(chars.length === 1 ? { tokens: chars, prefix: true } : { tokens: bigrams(chars), prefix: false });
        lastIsWord = false;
      } else {
        words.push(p.text);
        lastIsWord = true;
      }
    }
    flushWords();
  }
  if (lastIsWord && terms.length) terms[terms.length - 1]!.prefix = true;
  const seen = new Set<string>();
  const unique: QueryTerm[] = [];
  for (const t of terms) {
    const key = `${t.tokens.join(' ')}${t.prefix ? '*' : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(t);
    if (unique.length === MAX_QUERY_TERMS) break;
  }
  return unique;
}

/**
 * The query side as flat strings, for logs and tests: each term's tokens joined by a space, with
 * a trailing '*' on prefix terms ('三亚 崖州' → ['三亚', '崖州']; '税' → ['税*']).
 */
export function queryTokens(q: string | null | undefined): string[] {
  return queryTerms(q).map((t) => `${t.tokens.join(' ')}${t.prefix ? '*' : ''}`);
}

/**
 * The original text each query term stands for, normalized (for highlighting): a CJK phrase
 * rebuilt from its bigrams, non-CJK phrases as their words.
 */
export function termText(term: QueryTerm): { cjk: boolean; parts: string[] } {
  const first = term.tokens[0] ?? '';
  const cjk = new RegExp(`^[${CJK_CLASS}]`, 'u').test(first);
  if (!cjk) return { cjk, parts: term.tokens };
  let text = first;
  for (let i = 1; i < term.tokens.length; i++) text += Array.from(term.tokens[i]!).slice(1).join('');
  return { cjk, parts: [text] };
}
