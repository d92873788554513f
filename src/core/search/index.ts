/**
 * A generic full-text index any module can own a copy of (the catalog's is 'catalog_search').
 * Documents are three weighted text fields (a: 10, b: 4, c: 1), tokenized in JS by tokenizer.ts
 * so SQLite and PostgreSQL index exactly the same tokens:
 *  - SQLite: `<name>_doc(rid, doc_id)` maps the module's text id to an FTS5 rowid, and
 *    `<name>_fts(f_a, f_b, f_c)` is a contentless FTS5 table (the module keeps the text; FTS5 keeps
 *    only the postings, and contentless_delete lets a document be replaced by rowid without a scan);
 *  - PostgreSQL: `<name>(doc_id, tsv)` with a GIN index; the tsvector is built from our tokens as a
 *    literal (positions and weights included), so PG's own parser never re-splits them.
 * Queries are built from tokens too (never from the user's string), so no FTS5 or tsquery syntax a
 * user types can reach the database: nothing here throws on any query string.
 */
import { sql, type Kysely, type Migration, type RawBuilder } from 'kysely';
import type { Dialect } from '../db/database.js';
import { queryTerms, tokenize, type QueryTerm } from './tokenizer.js';

export { queryTerms, queryTokens, tokenize } from './tokenizer.js';
export type { QueryTerm } from './tokenizer.js';

/** The text of one document: a is weighted 10, b 4, c 1 (e.g. name+keywords / abstract+provider / data items). */
export interface SearchFields {
  a?: string | null;
  b?: string | null;
  c?: string | null;
}

/** What matchSql yields per matching document; higher rank = better match, on both dialects. */
export interface SearchMatch {
  doc_id: string;
  rank: number;
}

export interface SearchHit {
  docId: string;
  rank: number;
}

/** Any Kysely instance or transaction, whatever its table types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SearchExecutor = Kysely<any>;

/** What search()/countMatches() need: `platform.db`, or `{ kysely: trx, dialect }` inside a transaction. */
export interface SearchDb {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kysely: Kysely<any>;
  dialect: Dialect;
}

export const FIELD_WEIGHTS = { a: 10, b: 4, c: 1 } as const;
// ts_rank's weight array is {D, C, B, A}; the same 1 : 4 : 10 proportions as bm25 on SQLite.
const PG_WEIGHTS = '{0, 0.1, 0.4, 1.0}';
const PG_MAX_POSITION = 16383;
const PG_MAX_POSITIONS_PER_LEXEME = 256;

const NAME = /^[a-z][a-z0-9_]{0,47}$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`invalid search index name '${name}' (lower-case identifier)`);
  return name;
}

function tables(name: string) {
  checkName(name);
  return { fts: `${name}_fts`, doc: `${name}_doc`, pg: name };
}

/**
 * The migration that creates index `name` (put it in the owning module's MigrationSet, e.g.
 * '2026-11-25-0410-catalog-search': createSearchIndexMigration('catalog_search', dialect)).
 */
export function createSearchIndexMigration(name: string, dialect: Dialect): Migration {
  const t = tables(name);
  if (dialect === 'sqlite') {
    return {
      async up(db) {
        await sql`create table ${sql.table(t.doc)} (rid integer primary key, doc_id text not null unique)`.execute(db);
        // unicode61 keeps every space-separated token of ours whole: CJK characters are letters
        // to it (tested), and our tokens hold only letters, digits and marks. prefix='1' indexes
        // first characters, so a one-character query (税 → 税*) reads one posting list instead of
        // merging every token that starts with it (5× faster on broad characters, index +80%).
        await sql`create virtual table ${sql.table(t.fts)} using fts5(
          f_a, f_b, f_c,
          content = '', contentless_delete = 1, prefix = '1',
          tokenize = 'unicode61 remove_diacritics 0'
        )`.execute(db);
      },
      async down(db) {
        await sql`drop table if exists ${sql.table(t.fts)}`.execute(db);
        await sql`drop table if exists ${sql.table(t.doc)}`.execute(db);
      },
    };
  }
  return {
    async up(db) {
      await sql`create table ${sql.table(t.pg)} (doc_id text primary key, tsv tsvector not null)`.execute(db);
      await sql`create index ${sql.id(`${t.pg}_tsv_idx`)} on ${sql.table(t.pg)} using gin (tsv)`.execute(db);
    },
    async down(db) {
      await sql`drop table if exists ${sql.table(t.pg)}`.execute(db);
    },
  };
}

/** A tsvector literal of the three fields: positions continue across fields with a gap, so a phrase never spans two fields. */
export function tsvectorLiteral(fields: SearchFields): string {
  const lexemes = new Map<string, string[]>();
  let pos = 0;
  for (const [weight, text] of [
    ['A', fields.a],
    ['B', fields.b],
    ['C', fields.c],
  ] as const) {
    for (const token of tokenize(text)) {
      pos = Math.min(pos + 1, PG_MAX_POSITION);
      let list = lexemes.get(token);
      if (!list) lexemes.set(token, (list = []));
      const entry = `${pos}${weight}`;
      if (list.length < PG_MAX_POSITIONS_PER_LEXEME && list[list.length - 1] !== entry) list.push(entry);
    }
    pos = Math.min(pos + 1, PG_MAX_POSITION);
  }
  const parts: string[] = [];
  for (const [lexeme, positions] of lexemes) parts.push(`${quoteLexeme(lexeme)}:${positions.join(',')}`);
  return parts.join(' ');
}

function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function ftsText(text: string | null | undefined): string {
  return tokenize(text).join(' ');
}

/** Adds or replaces one document (call inside the module's transaction that changes the source row). */
export async function upsertDocument(
  db: SearchExecutor,
  dialect: Dialect,
  name: string,
  docId: string,
  fields: SearchFields,
): Promise<void> {
  await upsertDocuments(db, dialect, name, [{ docId, fields }]);
}

/** Adds or replaces many documents (reindexing, imports); run it in a transaction for speed on SQLite. */
export async function upsertDocuments(
  db: SearchExecutor,
  dialect: Dialect,
  name: string,
  docs: Iterable<{ docId: string; fields: SearchFields }>,
): Promise<void> {
  const t = tables(name);
  if (dialect === 'sqlite') {
    for (const { docId, fields } of docs) {
      const row = await sql<{ rid: number }>`
        insert into ${sql.table(t.doc)} (doc_id) values (${docId})
        on conflict (doc_id) do update set doc_id = excluded.doc_id
        returning rid`.execute(db);
      const rid = row.rows[0]!.rid;
      await sql`insert or replace into ${sql.table(t.fts)} (rowid, f_a, f_b, f_c)
        values (${rid}, ${ftsText(fields.a)}, ${ftsText(fields.b)}, ${ftsText(fields.c)})`.execute(db);
    }
    return;
  }
  // PG: one multi-row statement per 500 documents.
  let batch: { docId: string; tsv: string }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const seen = new Map(batch.map((d) => [d.docId, d.tsv]));
    const values = [...seen].map(([id, tsv]) => sql`(${id}, ${tsv}::tsvector)`);
    await sql`insert into ${sql.table(t.pg)} (doc_id, tsv) values ${sql.join(values)}
      on conflict (doc_id) do update set tsv = excluded.tsv`.execute(db);
    batch = [];
  };
  for (const { docId, fields } of docs) {
    batch.push({ docId, tsv: tsvectorLiteral(fields) });
    if (batch.length >= 500) await flush();
  }
  await flush();
}

export async function deleteDocument(db: SearchExecutor, dialect: Dialect, name: string, docId: string): Promise<void> {
  const t = tables(name);
  if (dialect === 'sqlite') {
    const row = await sql<{ rid: number }>`delete from ${sql.table(t.doc)} where doc_id = ${docId} returning rid`.execute(db);
    const rid = row.rows[0]?.rid;
    if (rid !== undefined) await sql`delete from ${sql.table(t.fts)} where rowid = ${rid}`.execute(db);
    return;
  }
  await sql`delete from ${sql.table(t.pg)} where doc_id = ${docId}`.execute(db);
}

/** Removes every document (before a full reindex). */
export async function clearIndex(db: SearchExecutor, dialect: Dialect, name: string): Promise<void> {
  const t = tables(name);
  if (dialect === 'sqlite') {
    await sql`delete from ${sql.table(t.fts)}`.execute(db);
    await sql`delete from ${sql.table(t.doc)}`.execute(db);
    return;
  }
  await sql`delete from ${sql.table(t.pg)}`.execute(db);
}

/** Merges FTS5 segments / refreshes PG statistics; worth it after a bulk load, never required. */
export async function optimizeIndex(db: SearchDb, name: string): Promise<void> {
  const t = tables(name);
  if (db.dialect === 'sqlite') {
    await sql`insert into ${sql.table(t.fts)} (${sql.id(t.fts)}) values ('optimize')`.execute(db.kysely);
    return;
  }
  await sql`analyze ${sql.table(t.pg)}`.execute(db.kysely);
}

/** The FTS5 MATCH string of some terms: quoted phrases, so operators a user typed are plain text. */
export function ftsMatchString(terms: QueryTerm[]): string {
  return terms.map((t) => `"${t.tokens.join(' ').replace(/"/g, '""')}"${t.prefix ? '*' : ''}`).join(' AND ');
}

/** The FTS5 queries of the two tiers: every term in field a (name), and the other matches. */
function ftsTiers(terms: QueryTerm[]): { all: string; name: string; rest: string } {
  const all = ftsMatchString(terms);
  return { all, name: `{f_a} : (${all})`, rest: `(${all}) NOT {f_a} : (${all})` };
}

/** The tsquery literal of some terms: quoted lexemes, phrases with <->, prefixes with :*; `weight` restricts every lexeme to a field. */
export function tsqueryString(terms: QueryTerm[], weight: '' | 'A' = ''): string {
  return terms
    .map((t) => {
      const lexemes = t.tokens.map((tok, i) => {
        const star = t.prefix && i === t.tokens.length - 1 ? '*' : '';
        return `${quoteLexeme(tok)}${star || weight ? `:${star}${weight}` : ''}`;
      });
      return lexemes.length === 1 ? lexemes[0]! : `(${lexemes.join(' <-> ')})`;
    })
    .join(' & ');
}

/**
 * How matchSql ranks. Both put documents whose field a (the name) holds every term first (rank ≥ 1),
 * then the others (rank < 1):
 *  - 'bm25': within each tier by relevance (SQLite bm25 with weights 10/4/1, PG ts_rank with
 *    1/0.4/0.1), squashed into [0, 1) — costs about 0.3 µs per matching document on SQLite;
 *  - 'tier': the tier only (rank exactly 1 or 0); the caller breaks ties with its own order. For
 *    queries matching a large share of the documents, where bm25's IDF is ~0 anyway.
 */
export type RankMode = 'bm25' | 'tier';

/**
 * Which matches matchSql yields: 'both' tiers (the default), or one of them — 'name' (every term
 * in field a, rank ≥ 1) or 'rest' (rank < 1) — so a caller that orders by tier can read the name
 * tier alone and stop when a page is full (the filtered catalog search does).
 */
export type MatchTier = 'both' | 'name' | 'rest';

/** Above this many matches planSearch() ranks by tier only: keeps a broad query's cost flat. */
export const RANK_CAP = 10_000;

const EMPTY = sql<SearchMatch>`(select cast(null as text) as doc_id, cast(0 as double precision) as rank where 1 = 0)`;

/**
 * A sub-select yielding (doc_id, rank) for every document matching `query` (all terms, AND;
 * CJK terms as contiguous text), higher rank = better on both dialects (see RankMode).
 * Join it with the module's own tables so filters, facets, count and paging are ONE query:
 *   db.selectFrom('catalog_resource as r')
 *     .innerJoin(matchSql(dialect, 'catalog_search', q).as('m'), 'm.doc_id', 'r.id')
 *     .orderBy('m.rank', 'desc')
 * Prefer planSearch(), which counts first and picks the rank mode. A query with no searchable
 * token (see queryTerms; e.g. '"*:') matches nothing: callers that treat an empty q as "no
 * search" check `queryTerms(q).length` first.
 */
export function matchSql(
  dialect: Dialect,
  name: string,
  query: string,
  opts: { rank?: RankMode; tier?: MatchTier } = {},
): RawBuilder<SearchMatch> {
  const t = tables(name);
  const terms = queryTerms(query);
  if (terms.length === 0) return EMPTY;
  const bm25 = (opts.rank ?? 'bm25') === 'bm25';
  const tierOf = opts.tier ?? 'both';
  if (dialect === 'sqlite') {
    const fts = sql.table(t.fts);
    const doc = sql.table(t.doc);
    const q = ftsTiers(terms);
    // 1 − 1/(1 − bm25) maps bm25's (−∞, 0) onto [0, 1) in one call (FTS5 returns negated scores).
    const score = bm25
      ? sql`1.0 - 1.0 / (1.0 - bm25(${fts}, ${sql.lit(FIELD_WEIGHTS.a)}, ${sql.lit(FIELD_WEIGHTS.b)}, ${sql.lit(FIELD_WEIGHTS.c)}))`
      : sql`0.0`;
    const nameTier = sql`select d.doc_id as doc_id, 1.0 + ${score} as rank
        from ${fts} join ${doc} d on d.rid = ${fts}.rowid where ${fts} match ${q.name}`;
    const restTier = sql`select d.doc_id as doc_id, ${score} as rank
        from ${fts} join ${doc} d on d.rid = ${fts}.rowid where ${fts} match ${q.rest}`;
    if (tierOf === 'name') return sql<SearchMatch>`(${nameTier})`;
    if (tierOf === 'rest') return sql<SearchMatch>`(${restTier})`;
    return sql<SearchMatch>`(${nameTier}
      union all
      ${restTier})`;
  }
  const tsq = tsqueryString(terms);
  const nameQ = sql`s.tsv @@ ${tsqueryString(terms, 'A')}::tsquery`;
  const tier = tierOf === 'name' ? sql`1.0` : tierOf === 'rest' ? sql`0.0` : sql`case when ${nameQ} then 1.0 else 0.0 end`;
  const only = tierOf === 'name' ? sql` and ${nameQ}` : tierOf === 'rest' ? sql` and not ${nameQ}` : sql``;
  // ts_rank normalization 1|32: divide by 1 + log(length), then squash into [0, 1).
  const score = bm25 ? sql` + ts_rank(${sql.lit(PG_WEIGHTS)}::float4[], s.tsv, ${tsq}::tsquery, 33)` : sql``;
  // float8, so pg hands rank over as a number (numeric would arrive as a string).
  return sql<SearchMatch>`(select s.doc_id as doc_id, cast(${tier}${score} as double precision) as rank
    from ${sql.table(t.pg)} s where s.tsv @@ ${tsq}::tsquery${only})`;
}

/** How many documents match `query`. */
export async function countMatches(db: SearchDb, name: string, query: string): Promise<number> {
  const terms = queryTerms(query);
  if (terms.length === 0) return 0;
  const t = tables(name);
  const { rows } =
    db.dialect === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from ${sql.table(t.fts)} where ${sql.table(t.fts)} match ${ftsMatchString(terms)}`.execute(db.kysely)
      : await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t.pg)} where tsv @@ ${tsqueryString(terms)}::tsquery`.execute(db.kysely);
  return Number(rows[0]?.n ?? 0);
}

/** What a module needs to run one search joined with its own tables. */
export interface SearchPlan {
  /** Documents matching the query, before the module's own filters. */
  total: number;
  rank: RankMode;
  /** The (doc_id, rank) sub-select to join; matches nothing when total is 0. */
  match: RawBuilder<SearchMatch>;
}

/** Counts the matches, then picks bm25 ranking up to `rankCap` matches and tier ranking beyond. */
export async function planSearch(db: SearchDb, name: string, query: string, opts: { rankCap?: number } = {}): Promise<SearchPlan> {
  const total = await countMatches(db, name, query);
  const rank: RankMode = total <= (opts.rankCap ?? RANK_CAP) ? 'bm25' : 'tier';
  return { total, rank, match: total === 0 ? EMPTY : matchSql(db.dialect, name, query, { rank }) };
}

export interface SearchPage {
  total: number;
  rank: RankMode;
  hits: SearchHit[];
}

/**
 * One page of matches, best first, with the total. Ties: doc_id in bm25 mode; in tier mode the
 * most recently indexed first on SQLite, doc_id on PG (orders both read without sorting).
 */
export async function searchPage(
  db: SearchDb,
  name: string,
  query: string,
  opts: { limit?: number; offset?: number; rankCap?: number } = {},
): Promise<SearchPage> {
  const limit = clampInt(opts.limit, 20, 0, 10_000);
  const offset = clampInt(opts.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  const plan = await planSearch(db, name, query, opts);
  if (plan.total === 0 || limit === 0) return { total: plan.total, rank: plan.rank, hits: [] };
  const toHits = (rows: SearchMatch[]) => rows.map((r) => ({ docId: r.doc_id, rank: Number(r.rank) }));
  if (plan.rank === 'tier') {
    // Tier by tier, each read in an order the database has without sorting every match: FTS5
    // rowid order on SQLite, the primary key on PG (a broad query finds 20 hits in a few rows).
    const t = tables(name);
    const terms = queryTerms(query);
    const fts = sql.table(t.fts);
    const q = ftsTiers(terms);
    const tier = (which: 'name' | 'rest', lim: number, off: number) => {
      const rank = sql.lit(which === 'name' ? 1 : 0);
      if (db.dialect === 'sqlite') {
        return sql<SearchMatch>`select d.doc_id as doc_id, ${rank} as rank from ${fts} join ${sql.table(t.doc)} d on d.rid = ${fts}.rowid
          where ${fts} match ${which === 'name' ? q.name : q.rest} order by ${fts}.rowid desc limit ${lim} offset ${off}`.execute(db.kysely);
      }
      const cond =
        which === 'name'
          ? sql`s.tsv @@ ${tsqueryString(terms, 'A')}::tsquery`
          : sql`s.tsv @@ ${tsqueryString(terms)}::tsquery and not s.tsv @@ ${tsqueryString(terms, 'A')}::tsquery`;
      return sql<SearchMatch>`select s.doc_id, ${rank} as rank from ${sql.table(t.pg)} s where ${cond}
        order by s.doc_id limit ${lim} offset ${off}`.execute(db.kysely);
    };
    const first = (await tier('name', limit, offset)).rows;
    if (first.length === limit) return { total: plan.total, rank: plan.rank, hits: toHits(first) };
    const nameCount = first.length > 0 ? offset + first.length : await countTier(db, t, terms);
    const rest = (await tier('rest', limit - first.length, Math.max(0, offset - nameCount))).rows;
    return { total: plan.total, rank: plan.rank, hits: toHits([...first, ...rest]) };
  }
  const { rows } = await sql<SearchMatch>`select m.doc_id, m.rank from ${plan.match} m
    order by m.rank desc, m.doc_id limit ${limit} offset ${offset}`.execute(db.kysely);
  return { total: plan.total, rank: plan.rank, hits: toHits(rows) };
}

/** Documents holding every term in field a. */
async function countTier(db: SearchDb, t: ReturnType<typeof tables>, terms: QueryTerm[]): Promise<number> {
  const { rows } =
    db.dialect === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from ${sql.table(t.fts)} where ${sql.table(t.fts)} match ${ftsTiers(terms).name}`.execute(db.kysely)
      : await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t.pg)} where tsv @@ ${tsqueryString(terms, 'A')}::tsquery`.execute(db.kysely);
  return Number(rows[0]?.n ?? 0);
}

/** The best matches of `query`, best first (see searchPage, which also returns the total). */
export async function search(
  db: SearchDb,
  name: string,
  query: string,
  opts: { limit?: number; offset?: number; rankCap?: number } = {},
): Promise<SearchHit[]> {
  return (await searchPage(db, name, query, opts)).hits;
}

function clampInt(v: number | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined || !Number.isFinite(v)) return dflt;
  return Math.min(max, Math.max(min, Math.trunc(v)));
}
