import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type SqliteDialectConfig } from 'kysely';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** An open database: the Kysely instance plus what differs per dialect. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** Where the SQLite file lives (null on PostgreSQL). */
  sqlitePath: string | null;
  /** The raw better-sqlite3 handle (backup, pragmas); null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  /** The pg pool (metrics); null on SQLite. */
  pool: pg.Pool | null;
  /**
   * Resolves once every commit made before the call is on disk (docs/adr/0010). SQLite runs
   * with synchronous=NORMAL, so a commit only writes the WAL; this fdatasyncs the WAL file on
   * libuv's thread pool — off the event loop — and one sync serves every caller that arrived
   * before it started. PostgreSQL: at once (its COMMIT already waited for its WAL flush).
   * The audit writer awaits it before any audited operation reports success.
   */
  durable(): Promise<void>;
  /**
   * SQLite: how many transactions of this connection wait for the write lock, in memory the audit
   * writer thread shares; the thread holds its next commit back while it is above zero, so a
   * state change is not starved by a stream of audit commits (docs/adr/0019). Null on PostgreSQL.
   */
  writeIntent: Int32Array | null;
  close(): Promise<void>;
}

// int8 (bigint) columns come back as numbers: every bigint GovShare stores (sequence numbers,
// counts, byte sizes) stays far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// Dataset columns (src/exchange/dataset.ts) read back in the platform's text forms: dates as
// 'YYYY-MM-DD' and timestamps as ISO-8601 UTC with milliseconds, the same as on SQLite.
pg.types.setTypeParser(1082, (v) => v);
const parseTimestamptz = pg.types.getTypeParser(1184);
pg.types.setTypeParser(1184, (v) => (parseTimestamptz(v) as Date).toISOString());

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Override the SQLite file (tests use a temp file). */
  sqliteFile?: string;
  poolSize?: number;
}

export function openDb(opts: OpenOptions): Db {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 20 });
    // A pooled connection that errors while idle must not crash the process.
    pool.on('error', () => {});
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      kysely,
      dialect: 'postgres',
      sqlitePath: null,
      sqlite: null,
      pool,
      durable: () => Promise.resolve(),
      writeIntent: null,
      close: () => kysely.destroy(),
    };
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const file = opts.sqliteFile ?? join(opts.dataDir, 'govshare.db');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL: a commit writes the WAL without fsync; durable() syncs it off the event loop before
  // anything is acknowledged (docs/adr/0010). In WAL mode NORMAL never corrupts the database.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // 64 MiB page cache (default 2 MiB): dataset scans and large batches stay in memory.
  sqlite.pragma('cache_size = -65536');
  const writeIntent = new Int32Array(new SharedArrayBuffer(4));
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }, sqlite, writeIntent) });
  const wal = walSyncer(`${file}-wal`);
  return {
    kysely,
    dialect: 'sqlite',
    sqlitePath: file,
    sqlite,
    pool: null,
    durable: wal.sync,
    writeIntent,
    close: async () => {
      await kysely.destroy();
      wal.close();
    },
  };
}

/** How long a statement on the main SQLite connection waits for the write lock. */
const BUSY_TIMEOUT_MS = 10_000;
/** The longest pause between two tries to begin a transaction while another connection writes. */
const BEGIN_RETRY_MAX_MS = 4;

/**
 * Transactions on SQLite begin IMMEDIATE (take the write lock at once). The audit writer thread
 * (docs/adr/0019) is a second writing connection: a DEFERRED transaction that read first would
 * fail with SQLITE_BUSY_SNAPSHOT, without waiting, whenever the thread committed in between.
 * While the thread holds the lock, the begin is retried after a pause on a timer rather than
 * in SQLite's busy handler, which would sleep on the event loop (every request would wait).
 * A write sent through Kysely outside a transaction gets a transaction of its own the same way,
 * so no autocommit write waits in the busy handler either.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly handle: SQLite.Database,
    private readonly writeIntent: Int32Array,
  ) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings, this.handle, this.writeIntent);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    settings: SqliteDialectConfig,
    private readonly handle: SQLite.Database,
    private readonly writeIntent: Int32Array,
  ) {
    super(settings);
  }

  private connection: DatabaseConnection | null = null;

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    this.connection ??= new OwnTransactionWrites(inner, this.handle, () => this.beginImmediate());
    return this.connection;
  }

  override async beginTransaction(_connection: DatabaseConnection): Promise<void> {
    await this.beginImmediate();
  }

  /** BEGIN IMMEDIATE, waiting for the write lock on a timer (see the class comment). */
  async beginImmediate(): Promise<void> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    let announced = false;
    try {
      for (let pause = 1; ; pause = Math.min(pause * 2, BEGIN_RETRY_MAX_MS)) {
        if (this.tryBegin(deadline)) return;
        if (!announced) {
          // The audit writer thread holds its next commit back until this transaction has begun.
          Atomics.add(this.writeIntent, 0, 1);
          announced = true;
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    } finally {
      if (announced) {
        Atomics.sub(this.writeIntent, 0, 1);
        Atomics.notify(this.writeIntent, 0);
      }
    }
  }

  /** BEGIN IMMEDIATE without waiting: false while another connection holds the write lock. */
  private tryBegin(deadline: number): boolean {
    // The connection is this driver's only one: nothing else runs on it between these lines.
    this.handle.pragma('busy_timeout = 0');
    try {
      this.handle.exec('begin immediate');
      return true;
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw e;
      return false;
    } finally {
      this.handle.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }
}

/** Kysely's writing statements; raw SQL is told by its first word. */
const WRITE_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
const RAW_WRITE = /^\s*(?:insert|update|delete|replace|create|drop|alter)\b/i;

/** Whether a compiled query writes (and so needs the write lock). */
export function writesData(query: CompiledQuery): boolean {
  const kind = (query.query as { kind?: string } | undefined)?.kind;
  if (kind !== undefined && WRITE_NODES.has(kind)) return true;
  return (kind === undefined || kind === 'RawNode') && RAW_WRITE.test(query.sql);
}

/**
 * The main connection as Kysely sees it: a write outside a transaction runs in a transaction of
 * its own, begun like every other (so it waits for the write lock on a timer); all else passes.
 */
class OwnTransactionWrites implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly handle: SQLite.Database,
    private readonly begin: () => Promise<void>,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.handle.inTransaction || !writesData(query)) return this.inner.executeQuery<R>(query);
    await this.begin();
    try {
      const result = await this.inner.executeQuery<R>(query);
      this.handle.exec('commit');
      return result;
    } catch (e) {
      if (this.handle.inTransaction) this.handle.exec('rollback');
      throw e;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

const fdatasyncAsync = promisify(fdatasync);

/**
 * Group fsync of a SQLite WAL file: at most one fdatasync runs at a time; a caller arriving
 * while one runs waits for the next one (the running sync may have started before its commit).
 */
export function walSyncer(walPath: string): { sync(): Promise<void>; close(): void } {
  let fd: number | null = null;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const once = async (): Promise<void> => {
    if (fd === null) {
      try {
        fd = openSync(walPath, 'r');
      } catch (e) {
        // No WAL file: nothing is waiting in one (the last checkpoint already synced the database).
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
    }
    await fdatasyncAsync(fd);
  };
  const sync = (): Promise<void> => {
    if (!running) {
      running = once().finally(() => {
        running = null;
      });
      return running;
    }
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return sync();
      });
    return next;
  };
  return {
    sync,
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/** True when the database answers a trivial query (readiness probe). */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db.kysely);
    return true;
  } catch {
    return false;
  }
}
