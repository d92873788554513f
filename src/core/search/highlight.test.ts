import { describe, expect, it } from 'vitest';
import { highlight, matchRanges } from './highlight.js';

describe('highlight', () => {
  it('marks a two-character term inside longer words', () => {
    expect(highlight('流动人口管理', '人口')).toBe('流动<mark>人口</mark>管理');
  });

  it('marks every term of the query and merges overlapping marks', () => {
    expect(highlight('三亚市崖州区不动产登记', '三亚 崖州')).toBe('<mark>三亚</mark>市<mark>崖州</mark>区不动产登记');
    expect(highlight('三亚市', '三亚 亚市')).toBe('<mark>三亚市</mark>');
  });

  it('marks a single character everywhere it occurs', () => {
    expect(highlight('税务登记与个税', '税')).toBe('<mark>税</mark>务登记与个<mark>税</mark>');
  });

  it('marks Latin words at word starts only, case- and width-insensitively', () => {
    expect(highlight('GIS地图 and logistics', 'gis')).toBe('<mark>GIS</mark>地图 and logistics');
    expect(highlight('ＧＩＳ服务', 'gis')).toBe('<mark>ＧＩＳ</mark>服务');
    expect(highlight('database data', 'data x')).toBe('database <mark>data</mark>');
    expect(highlight('资源代码 A01/000001', 'a01/0000')).toBe('资源代码 <mark>A01</mark>/<mark>0000</mark>01');
  });

  it('escapes HTML in the text and never lets the query inject markup', () => {
    expect(highlight('<b>人口</b> & "x"', '人口')).toBe('&lt;b&gt;<mark>人口</mark>&lt;/b&gt; &amp; &quot;x&quot;');
    expect(highlight('a<script>b', '<script>')).toBe('a&lt;<mark>script</mark>&gt;b');
  });

  it('cuts long texts to a window around the first match', () => {
    const text = `${'甲'.repeat(100)}流动人口管理${'乙'.repeat(100)}`;
    const out = highlight(text, '人口', { maxLength: 40 });
    expect(out.startsWith('…')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(out).toContain('<mark>人口</mark>');
    expect(out.replace(/<\/?mark>|…/g, '')).toHaveLength(40);
    expect(highlight('甲'.repeat(100), '人口', { maxLength: 10 })).toBe(`${'甲'.repeat(10)}…`);
  });

  it('returns the escaped text without a match, and never throws', () => {
    expect(highlight('法人单位', '"*:(')).toBe('法人单位');
    expect(highlight(null, '人口')).toBe('');
    expect(matchRanges('𰻞𰻞面', '𰻞面')).toEqual([[2, 5]]);
    for (const q of ['\\', '((', 'NEAR', "'", '\u0000', '\ud800']) expect(() => highlight('人口\ud800x', q, { maxLength: 2 })).not.toThrow();
  });
});
