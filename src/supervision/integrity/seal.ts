/**
 * The keyed hashes that make integrity records unforgeable by someone who can only write to the
 * database (docs/adr/0013): HMAC-SHA256 with a 256-bit secret kept in the data directory
 * (`integrity-seal.key`, mode 0600), never in the database. Seals and marks are recomputed and
 * compared here; a database-only tamperer can change rows, but not the MACs that vouch for them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataType } from '../../catalog/model.js';
import { fromColumn } from '../../exchange/dataset.js';

export const SEAL_KEY_FILE = 'integrity-seal.key';

/** Loads the seal secret from the data directory, creating it on first use. */
export function loadSealKey(dataDir: string): Buffer {
  const file = join(dataDir, SEAL_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      // 'wx': two processes starting together never overwrite each other's key.
      writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    try {
      chmodSync(file, 0o600);
    } catch {
      // Best effort (a read-only mount keeps its own permissions).
    }
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file}: expected 64 hex characters (the integrity seal secret)`);
  return Buffer.from(hex, 'hex');
}

/** MAC of a sequence of values (JSON-encoded, so field boundaries are unambiguous): HMAC-SHA256, hex. */
export function mac(key: Buffer, parts: unknown[]): string {
  return createHmac('sha256', key).update(JSON.stringify(parts)).digest('hex');
}

export function sameMac(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** A dataset column as the seal sees it. */
export interface SealColumn {
  code: string;
  dataType: DataType;
}

/** The metadata columns of a dataset row (src/exchange/dataset.ts). */
export interface RowMeta {
  _key: string;
  _seq: number | string;
  _rev: number | string;
  _updated_at: string;
  _deleted: number | string | boolean;
  _batch: string | null;
}

/**
 * The seal of one row: resource, key, change metadata and the non-null item values in code order.
 * Null values are left out so that a column added by a new catalog version (null in every existing
 * row) does not change the seal of rows written before it.
 */
export function rowMac(key: Buffer, code: string, cols: readonly SealColumn[], row: RowMeta & Record<string, unknown>): string {
  const values: unknown[] = [];
  for (const c of cols) {
    const v = fromColumn(c.dataType, row[c.code]);
    if (v !== null) values.push(c.code, v);
  }
  return mac(key, ['row/1', code, row._key, Number(row._seq), Number(row._rev), Number(row._deleted) ? 1 : 0, row._updated_at, row._batch ?? null, values]);
}

/** The MAC of a dataset's seal mark. */
export function markMac(key: Buffer, code: string, table: string, sealedSeq: number): string {
  return mac(key, ['mark/1', code, table, sealedSeq]);
}

/** The MAC of a check's carried state. */
export function stateMac(key: Buffer, checkId: string, state: unknown): string {
  return mac(key, ['state/1', checkId, state]);
}

/** The first characters of a hash, for evidence. */
export const short = (h: string | null | undefined): string | null => (h ? h.slice(0, 16) : null);
