import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db/schema.js';
import type { ExchangeFileTable } from './tables.js';
import type { FileInfo } from './model.js';

/** SQL of resource files. Functions take the Kysely instance or the transaction to run in. */
type Q = Kysely<Database> | Transaction<Database>;

export type FileRow = ExchangeFileTable;

export function toFileInfo(r: FileRow): FileInfo {
  return {
    id: r.id,
    resourceCode: r.resource_code,
    name: r.name,
    version: Number(r.version),
    contentType: r.content_type,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    note: r.note,
    uploadedByUnitId: r.uploaded_by_unit,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
  };
}

/** The highest version of a name (deleted versions count: numbers are never reused). */
export async function lastVersion(q: Q, resourceCode: string, name: string): Promise<number> {
  const row = await q
    .selectFrom('exchange_file')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('resource_code', '=', resourceCode)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.v === null || row?.v === undefined ? 0 : Number(row.v);
}

export async function insertFile(q: Q, row: FileRow): Promise<void> {
  await q.insertInto('exchange_file').values(row).execute();
}

export async function findFile(q: Q, resourceCode: string, id: string): Promise<FileRow | null> {
  const row = await q
    .selectFrom('exchange_file')
    .selectAll()
    .where('id', '=', id)
    .where('resource_code', '=', resourceCode)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

export interface FileFilter {
  name?: string;
  /** Only the newest version of each name. */
  latest?: boolean;
  limit: number;
  offset: number;
}

/** Served files of a resource: by name, newest version first. */
export async function listFiles(q: Q, resourceCode: string, f: FileFilter): Promise<{ items: FileRow[]; total: number }> {
  let base = q.selectFrom('exchange_file as f').where('f.resource_code', '=', resourceCode).where('f.deleted_at', 'is', null);
  if (f.name !== undefined) base = base.where('f.name', '=', f.name);
  if (f.latest) {
    base = base.where((eb) =>
      eb(
        'f.version',
        '=',
        eb
          .selectFrom('exchange_file as g')
          .select((e) => e.fn.max('g.version').as('v'))
          .whereRef('g.resource_code', '=', 'f.resource_code')
          .whereRef('g.name', '=', 'f.name')
          .where('g.deleted_at', 'is', null),
      ),
    );
  }
  const [items, count] = await Promise.all([
    base.selectAll('f').orderBy('f.name').orderBy('f.version', 'desc').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}
