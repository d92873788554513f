import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, MAX_TOKEN_LENGTH, queryTerms, queryTokens, tokenize } from './tokenizer.js';

describe('tokenize', () => {
  it('indexes every CJK bigram of a run, then its last character', () => {
    expect(tokenize('人口基础信息')).toEqual(['人口', '口基', '基础', '础信', '信息', '息']);
  });

  it('joins characters the segmenter splits into one run, so place names get their bigram', () => {
    // The segmenter cuts 三亚市崖州区 into single characters; the bigrams still hold 三亚 and 崖州.
    const tokens = tokenize('三亚市崖州区育才镇');
    expect(tokens).toContain('三亚');
    expect(tokens).toContain('崖州');
    expect(tokens).toContain('育才');
  });

  it('keeps Latin and digit words whole, lower-cased and NFKC-normalized, and splits codes on punctuation', () => {
    expect(tokenize('ＧＩＳ地图服务 A01/000001 id_no v1.2')).toEqual(['gis', '地图', '图服', '服务', '务', 'a01', '000001', 'id', 'no', 'v1', '2']);
  });

  it('ends a CJK run at punctuation and spaces', () => {
    expect(tokenize('三亚，崖州')).toEqual(['三亚', '亚', '崖州', '州']);
  });

  it('keeps supplementary-plane Han characters whole', () => {
    expect(tokenize('𰻞𰻞面')).toEqual(['𰻞𰻞', '𰻞面', '面']);
  });

  it('drops punctuation, symbols and emoji, and cuts very long words', () => {
    expect(tokenize('“”！@#￥%……&*（）😀 -- <script>')).toEqual(['script']);
    expect(tokenize('x'.repeat(500))[0]).toHaveLength(MAX_TOKEN_LENGTH);
    expect(tokenize('')).toEqual([]);
    expect(tokenize(null)).toEqual([]);
  });

  it('asks Intl.Segmenter for words only in scripts written without spaces', () => {
    expect(tokenize('ภาษาไทยง่าย')).toEqual(['ภาษา', 'ไทย', 'ง่าย']);
  });

  it('is fast on long CJK text (no dictionary segmentation of CJK runs)', () => {
    const long = Array.from({ length: 65_536 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join('');
    expect(tokenize(long)).toHaveLength(65_536);
  });

  it('is deterministic', () => {
    const text = '流动人口管理 GIS 三亚市崖州区 A01/000001';
    expect(tokenize(text)).toEqual(tokenize(text));
  });
});

describe('queryTerms', () => {
  it('makes a multi-character CJK run a phrase of its bigrams', () => {
    expect(queryTerms('人口基础')).toEqual([{ tokens: ['人口', '口基', '基础'], prefix: false }]);
    expect(queryTokens('人口')).toEqual(['人口']);
  });

  it('makes a single CJK character a prefix term, wherever it stands', () => {
    expect(queryTokens('税')).toEqual(['税*']);
    expect(queryTokens('税 人口')).toEqual(['税*', '人口']);
  });

  it('splits on spaces into AND terms and makes only a trailing Latin word a prefix', () => {
    expect(queryTokens('三亚 崖州')).toEqual(['三亚', '崖州']);
    expect(queryTokens('gis 人口')).toEqual(['gis', '人口']);
    expect(queryTokens('人口 gi')).toEqual(['人口', 'gi*']);
  });

  it('keeps a code written without spaces as one phrase', () => {
    expect(queryTokens('A01/0000')).toEqual(['a01 0000*']);
  });

  it('gives query syntax no meaning: FTS5 and tsquery operators are plain words or separators', () => {
    expect(queryTokens('"a" OR b* NEAR(c d) -e (f) \\g :h & | ! <-> \'x\'')).toEqual(['a', 'or', 'b', 'near c', 'd', 'e', 'f', 'g', 'h', 'x*']);
    expect(queryTerms('"*:()\\\'-')).toEqual([]);
    expect(queryTerms('   ')).toEqual([]);
    expect(queryTerms(undefined)).toEqual([]);
  });

  it('removes duplicate terms and caps their number', () => {
    expect(queryTokens('人口 人口')).toEqual(['人口']);
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(queryTerms(many)).toHaveLength(MAX_QUERY_TERMS);
  });
});
