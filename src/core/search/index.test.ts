import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDb, type Db } from '../db/database.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/helpers/platform.js';
import {
  countMatches,
  createSearchIndexMigration,
  deleteDocument,
  matchSql,
  planSearch,
  search,
  searchPage,
  tsvectorLiteral,
  upsertDocument,
  upsertDocuments,
  type SearchFields,
} from './index.js';

const INDEX = 'test_search';

const DOCS: Record<string, SearchFields> = {
  pop: { a: '人口基础信息 人口 户籍', b: '公安局 全市户籍人口与常住人口的基础信息', c: '公民身份号码 姓名 性别 出生日期 户籍地址' },
  float: { a: '流动人口管理信息', b: '公安局 流动人口登记与居住证办理', c: '公民身份号码 姓名 现住址' },
  legal: { a: '法人单位基础信息', b: '市场监督管理局 各类市场主体登记信息', c: '统一社会信用代码 单位名称 法定代表人' },
  estate: { a: '三亚市崖州区不动产登记信息', b: '自然资源和规划局 崖州区不动产权属登记', c: '不动产单元号 权利人 坐落' },
  tax: { a: '税务登记信息', b: '税务局 纳税人登记', c: '纳税人识别号 纳税人名称' },
  gis: { a: 'GIS地图服务 A01/000001', b: '自然资源和规划局 城市基础地理信息 web服务', c: '图层名称 坐标系' },
  // 人口 appears only in the abstract here: must rank below documents named after it.
  tourism: { a: '旅游接待统计', b: '旅文局 按人口与游客量统计的接待情况', c: '景区名称 接待人次' },
};

async function ids(db: Db, q: string): Promise<string[]> {
  return (await search(db, INDEX, q, { limit: 50 })).map((h) => h.docId);
}

describeEachDialect('search index', (dialect) => {
  let tdb: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    db = openDb({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir });
    await createSearchIndexMigration(INDEX, dialect).up(db.kysely);
    await db.kysely.transaction().execute(async (trx) => {
      await upsertDocuments(trx, dialect, INDEX, Object.entries(DOCS).map(([docId, fields]) => ({ docId, fields })));
    });
  });

  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  it('finds 人口 inside longer words (人口基础信息, 流动人口管理)', async () => {
    const found = await ids(db, '人口');
    expect(found).toEqual(expect.arrayContaining(['pop', 'float', 'tourism']));
    expect(found).not.toContain('legal');
  });

  it('finds 法人 in 法人单位基础信息', async () => {
    expect(await ids(db, '法人')).toEqual(['legal']);
  });

  it('finds place names 三亚 and 崖州 inside 三亚市崖州区…', async () => {
    expect(await ids(db, '三亚')).toEqual(['estate']);
    expect(await ids(db, '崖州')).toEqual(['estate']);
    expect(await ids(db, '崖州区不动产')).toEqual(['estate']);
  });

  it('matches a one-character query by prefix, also at the end of a run', async () => {
    expect(await ids(db, '税')).toEqual(['tax']);
    // 籍 only ends runs (户籍): the run's last character is indexed alone for this.
    expect(await ids(db, '籍')).toEqual(['pop']);
  });

  it('matches Latin words, prefixes of the last word, and codes', async () => {
    expect(await ids(db, 'GIS')).toEqual(['gis']);
    expect(await ids(db, 'gi')).toEqual(['gis']);
    expect(await ids(db, 'ＧＩＳ 地图')).toEqual(['gis']);
    expect(await ids(db, 'A01/000001')).toEqual(['gis']);
    expect(await ids(db, 'a01/0000')).toEqual(['gis']);
    expect(await ids(db, '000001')).toEqual(['gis']);
  });

  it('requires every term (AND) and CJK terms as contiguous text', async () => {
    expect(await ids(db, '人口 流动')).toEqual(['float']);
    expect(await ids(db, '人口 法人')).toEqual([]);
    // 基础 and 信息 both occur in legal and gis, but not the text 地理基础.
    expect(await ids(db, '地理基础')).toEqual([]);
    expect(await ids(db, '地理信息')).toEqual(['gis']);
  });

  it('ranks a name match above an abstract-only match', async () => {
    const hits = await search(db, INDEX, '人口', { limit: 10 });
    const order = hits.map((h) => h.docId);
    expect(order.indexOf('pop')).toBeLessThan(order.indexOf('tourism'));
    expect(order.indexOf('float')).toBeLessThan(order.indexOf('tourism'));
    expect(hits[0]!.rank).toBeGreaterThan(hits[hits.length - 1]!.rank);
  });

  it('puts name matches first in tier mode too (broad queries), paging across the two tiers', async () => {
    const bm25 = await searchPage(db, INDEX, '人口', { limit: 50 });
    expect(bm25.rank).toBe('bm25');
    const tier = await searchPage(db, INDEX, '人口', { limit: 50, rankCap: 1 });
    expect(tier.rank).toBe('tier');
    expect(tier.total).toBe(bm25.total);
    expect(new Set(tier.hits.map((h) => h.docId))).toEqual(new Set(bm25.hits.map((h) => h.docId)));
    const names = tier.hits.filter((h) => h.rank === 1).map((h) => h.docId);
    expect(new Set(names)).toEqual(new Set(['pop', 'float']));
    expect(tier.hits.at(-1)).toEqual({ docId: 'tourism', rank: 0 });
    const pages = [];
    for (let offset = 0; offset < tier.total; offset++) {
      pages.push(...(await searchPage(db, INDEX, '人口', { limit: 1, offset, rankCap: 1 })).hits);
    }
    expect(pages).toEqual(tier.hits);
    expect((await searchPage(db, INDEX, '人口', { limit: 5, offset: 99, rankCap: 1 })).hits).toEqual([]);
  });

  it('handles one-character prefixes and codes in tier mode on both tiers', async () => {
    expect((await searchPage(db, INDEX, '税', { rankCap: 0 })).hits).toEqual([{ docId: 'tax', rank: 1 }]);
    expect((await searchPage(db, INDEX, 'a01/0000', { rankCap: 0 })).hits).toEqual([{ docId: 'gis', rank: 1 }]);
    // 局 only occurs in field b: the second tier.
    const rest = await searchPage(db, INDEX, '局', { rankCap: 0, limit: 50 });
    expect(rest.hits.length).toBe(rest.total);
    expect(rest.hits.every((h) => h.rank === 0)).toBe(true);
  });

  it.runIf(dialect === 'sqlite')('stores each pre-tokenized CJK bigram as one FTS5 token (unicode61 does not re-split it)', async () => {
    await sql`create virtual table test_vocab using fts5vocab(test_search_fts, 'row')`.execute(db.kysely);
    const terms = async (list: string[]) =>
      (await sql<{ term: string }>`select term from test_vocab where term in (${sql.join(list)})`.execute(db.kysely)).rows.map((r) => r.term).sort();
    // Every token of 人口基础信息 is one term; its inner characters never become terms of their own.
    expect(await terms(['人口', '口基', '基础', '础信', '信息', '息', 'a01', '000001'])).toEqual(['000001', 'a01', '人口', '信息', '口基', '基础', '息', '础信'].sort());
    expect(await terms(['基', '础', '人口 口基', '人口基础信息'])).toEqual([]);
  });

  it('indexes in the caller\'s transaction: a rollback leaves nothing behind', async () => {
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await upsertDocument(trx, dialect, INDEX, 'rolled-back', { a: '海洋渔业捕捞许可' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await ids(db, '捕捞')).toEqual([]);
  });

  it('plans a search: counts first, bm25 up to the cap, tier beyond', async () => {
    expect(await planSearch(db, INDEX, '人口')).toMatchObject({ total: 3, rank: 'bm25' });
    expect(await planSearch(db, INDEX, '人口', { rankCap: 2 })).toMatchObject({ total: 3, rank: 'tier' });
    const none = await planSearch(db, INDEX, '"(');
    expect(none.total).toBe(0);
    expect((await sql<{ doc_id: string }>`select * from ${none.match} m`.execute(db.kysely)).rows).toEqual([]);
  });

  it('pages with limit and offset, and counts all matches', async () => {
    const all = await ids(db, '信息');
    expect(await countMatches(db, INDEX, '信息')).toBe(all.length);
    const page = await search(db, INDEX, '信息', { limit: 2, offset: 1 });
    expect(page.map((h) => h.docId)).toEqual(all.slice(1, 3));
  });

  it('never throws on query syntax a user may type, and matches nothing for nothing searchable', async () => {
    const nasty = [
      '"', "'", '*', ':', ':*', '人口*', '"人口" OR "法人"', 'NEAR(人口 法人)', 'NOT 人口', '-人口', '人口 -', '(人口', '人口)',
      '\\', '\\\\人口', '^人口', 'f_a:人口', '{f_a}: x', '人口 & 法人', '人口 | 法人', '!人口', '<->', "'人口':*A", '人口 <2> 法人',
      'AND', 'OR', 'NOT', 'near', '%', '_', "'; drop table test_search; --", '\u0000', '\ud800', '😀', 'x'.repeat(5000), '人'.repeat(3000),
    ];
    for (const q of nasty) {
      await expect(search(db, INDEX, q), q).resolves.toBeInstanceOf(Array);
      await expect(countMatches(db, INDEX, q), q).resolves.toBeTypeOf('number');
    }
    expect(await ids(db, '"人口" OR "法人"')).toEqual([]); // all four words must match: or, 人口, 法人 → none has "or"
    expect(await ids(db, '(人口')).toEqual(expect.arrayContaining(['pop', 'float']));
    expect(await ids(db, '"*:')).toEqual([]);
    expect(await countMatches(db, INDEX, '')).toBe(0);
  });

  it('joins with a module table in one query through matchSql', async () => {
    await sql`create table test_owner (id text primary key, kind text not null)`.execute(db.kysely);
    await sql`insert into test_owner (id, kind) values ('pop', 'base'), ('float', 'node'), ('tourism', 'base')`.execute(db.kysely);
    const rows = await db.kysely
      .selectFrom(sql<{ id: string; kind: string }>`test_owner`.as('o'))
      .innerJoin(matchSql(dialect, INDEX, '人口').as('m'), 'm.doc_id', 'o.id')
      .select(['o.id', 'm.rank'])
      .where('o.kind', '=', 'base')
      .orderBy('m.rank', 'desc')
      .execute();
    expect(rows.map((r) => r.id)).toEqual(['pop', 'tourism']);
    expect(rows.every((r) => typeof r.rank === 'number')).toBe(true);
    const tiered = await db.kysely
      .selectFrom(sql<{ id: string; kind: string }>`test_owner`.as('o'))
      .innerJoin(matchSql(dialect, INDEX, '人口', { rank: 'tier' }).as('m'), 'm.doc_id', 'o.id')
      .select(['o.id', 'm.rank'])
      .orderBy('m.rank', 'desc')
      .orderBy('o.id')
      .execute();
    expect(tiered.map((r) => [r.id, r.rank])).toEqual([['float', 1], ['pop', 1], ['tourism', 0]]);
    const empty = await db.kysely
      .selectFrom(sql<{ id: string }>`test_owner`.as('o'))
      .innerJoin(matchSql(dialect, INDEX, '**').as('m'), 'm.doc_id', 'o.id')
      .select('o.id')
      .execute();
    expect(empty).toEqual([]);
  });

  it('replaces a document on upsert and forgets it on delete', async () => {
    await upsertDocument(db.kysely, dialect, INDEX, 'tmp', { a: '殡葬服务机构名录' });
    expect(await ids(db, '殡葬')).toEqual(['tmp']);
    await upsertDocument(db.kysely, dialect, INDEX, 'tmp', { a: '婚姻登记信息' });
    expect(await ids(db, '殡葬')).toEqual([]);
    expect(await ids(db, '婚姻')).toEqual(['tmp']);
    await deleteDocument(db.kysely, dialect, INDEX, 'tmp');
    await deleteDocument(db.kysely, dialect, INDEX, 'tmp');
    expect(await ids(db, '婚姻')).toEqual([]);
  });

  it('indexes pathological documents without error', async () => {
    const huge = Array.from({ length: 80_000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join('');
    await upsertDocument(db.kysely, dialect, INDEX, 'huge', { a: huge, b: '人口 '.repeat(2000), c: '<>\'"\\ \u0000 😀' });
    expect(await ids(db, '人口 流动')).toEqual(['float']);
    expect(await ids(db, huge.slice(100, 104))).toContain('huge');
    await deleteDocument(db.kysely, dialect, INDEX, 'huge');
  });
});

describe('tsvectorLiteral', () => {
  it('weights fields A/B/C and leaves a gap between fields so phrases never span them', () => {
    expect(tsvectorLiteral({ a: '人口', b: '口基' })).toBe("'人口':1A '口':2A '口基':4B '基':5B");
  });
});
