import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AuditActor, AuditInput, AuditWriter } from '../../audit/types.js';
import type { CatalogActor } from '../../catalog/policy.js';
import type { CatalogService } from '../../catalog/service.js';
import { isTabular, type Resource } from '../../catalog/model.js';
import { iso, type Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import type { Db } from '../../core/db/database.js';
import { isUniqueViolation } from '../../core/db/query.js';
import { AppError } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n.js';
import type { DecideResult, ExchangeAccess, ExchangeActor } from '../types.js';
import { cleanPurpose } from '../purpose.js';
import { createBlobStore, type BlobStore } from './blobs.js';
import { FILE_LIMITS, type FileInfo } from './model.js';
import { canUploadFiles, isProvider } from './policy.js';
import { checkFileType } from './sniff.js';
import * as store from './store.js';
import './messages.js';

/**
 * Files of non-tabular resources (documents, images, media; issue 4 item 5): versioned uploads
 * by the providing unit, content-addressed blobs, downloads decided by the access policy and
 * audited before the first byte leaves.
 */
export interface FileService {
  /**
   * Stores a new version of `input.name` (n+1 of that name). The stream is checked (type, size)
   * while it is written; nothing is recorded unless all of it was accepted. The blob is written
   * first, then the row and its audit event in one transaction.
   */
  upload(by: ExchangeActor, code: string, input: UploadInput, stream: Readable): Promise<FileInfo>;
  /** The served files of a resource, by name, newest version first. Purpose required. */
  list(by: ExchangeActor, code: string, purpose: string | null | undefined, opts?: ListOptions): Promise<{ items: FileInfo[]; total: number }>;
  /** One file version's metadata. Purpose required. */
  get(by: ExchangeActor, code: string, fileId: string, purpose: string | null | undefined): Promise<FileInfo>;
  /**
   * A download: the access policy must admit the caller; the 'data.file.download' event is
   * durable before this resolves. With `ifNoneMatch` naming the file's ETag, no stream is opened.
   */
  open(by: ExchangeActor, code: string, fileId: string, purpose: string | null | undefined, opts?: { ifNoneMatch?: string | null }): Promise<OpenedFile>;
  /** config.fileMaxBytes. */
  readonly maxBytes: number;
}

export interface UploadInput {
  /** File name (no path), 1..200 characters. */
  name: string | null | undefined;
  /** The client's declared Content-Type (checked against the content; never stored). */
  contentType?: string | null;
  note?: string | null;
  /** Content-Length when the client announced it: refused early when over the limit. */
  declaredBytes?: number | null;
}

export interface ListOptions {
  name?: string;
  latest?: boolean;
  limit?: number;
  offset?: number;
}

export type OpenedFile =
  | { info: FileInfo; grantId: string | null; notModified: false; stream: Readable }
  | { info: FileInfo; grantId: string | null; notModified: true; stream: null };

export interface FileServiceDeps {
  db: Db;
  audit: AuditWriter;
  clock: Clock;
  config: Pick<Config, 'dataDir' | 'fileMaxBytes'>;
  catalog: Pick<CatalogService, 'getResource'>;
  access: Pick<ExchangeAccess, 'decide'>;
  /** Defaults to the store under config.dataDir. */
  blobs?: BlobStore;
}

/** The catalog is read as the platform itself: which version is published is not the caller's view. */
const CATALOG_READER: CatalogActor = { actorType: 'system', actorId: 'exchange.files', actorName: 'exchange.files', unitId: null, clientIp: null, requestId: null };

const TARGET_TYPE = 'data_resource';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const field = (status: number, code: string, key: MessageKey, name: string, params: Record<string, string | number> = {}) =>
  new AppError(status, code, key, params, [{ field: name, code, messageKey: key, params }]);

/** A file name as stored: NFC, trimmed, no path, no control characters. */
export function cleanFileName(raw: string | null | undefined): string {
  const name = (raw ?? '').normalize('NFC').trim();
  if (!name) throw field(400, 'file_name_required', 'exchange.file.name_required', 'name');
  if ([...name].length > FILE_LIMITS.nameMax || /[/\\]/.test(name) || CONTROL.test(name) || name === '.' || name === '..') {
    throw field(400, 'invalid_file_name', 'exchange.file.name_invalid', 'name', { max: FILE_LIMITS.nameMax });
  }
  return name;
}

function cleanNote(raw: string | null | undefined): string | null {
  const note = (raw ?? '').trim();
  if (!note) return null;
  if ([...note].length > FILE_LIMITS.noteMax) throw field(400, 'note_too_long', 'exchange.file.note_too_long', 'note', { max: FILE_LIMITS.noteMax });
  return note;
}

/** True when an If-None-Match header names this ETag (or is '*'). */
export function etagMatches(ifNoneMatch: string | null | undefined, sha256: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === `"${sha256}"` || tag === sha256;
  });
}

function who(by: AuditActor): AuditActor {
  return { actorType: by.actorType, actorId: by.actorId, actorName: by.actorName, unitId: by.unitId, clientIp: by.clientIp, requestId: by.requestId };
}

export function createFileService(deps: FileServiceDeps): FileService {
  const { db, audit, clock, config, catalog, access } = deps;
  const blobs = deps.blobs ?? createBlobStore(config.dataDir);
  const k = db.kysely;
  const maxBytes = config.fileMaxBytes;

  /** The latest published version, when it is a resource whose data are files on the platform. */
  async function fileResource(code: string): Promise<Resource> {
    let r: Resource;
    try {
      r = await catalog.getResource(CATALOG_READER, code);
    } catch (e) {
      if (e instanceof AppError && e.status === 404) throw new AppError(404, 'not_found', 'exchange.file.resource_not_found', { code });
      throw e;
    }
    if (r.state !== 'published') throw new AppError(404, 'not_found', 'exchange.file.resource_not_found', { code });
    if (isTabular(r.format)) throw new AppError(409, 'not_a_file_resource', 'exchange.file.not_a_file_resource', { code });
    if (r.metadataOnly) throw new AppError(409, 'not_served', 'exchange.file.not_served', { code });
    return r;
  }

  /** The sharing decision for a read; a refusal is audited as denied, then rethrown. */
  async function decide(by: ExchangeActor, code: string, action: string, purpose: string, detail: Record<string, unknown> | null): Promise<DecideResult> {
    try {
      return await access.decide(by, code);
    } catch (e) {
      if (e instanceof AppError && e.status === 403) {
        await audit.append({ ...who(by), action, targetType: TARGET_TYPE, targetId: code, result: 'denied', purpose, detail });
      }
      throw e;
    }
  }

  /** Metadata reads: the provider always, anyone else the access policy admits. */
  async function admitReader(by: ExchangeActor, resource: Resource): Promise<void> {
    if (isProvider(by, resource.providerUnitId)) return;
    await access.decide(by, resource.code);
  }

  const notFound = (id: string) => new AppError(404, 'not_found', 'exchange.file.not_found', { id });

  return {
    maxBytes,

    async upload(by, code, input, stream) {
      let name: string;
      let note: string | null;
      let resource: Resource;
      try {
        name = cleanFileName(input.name);
        note = cleanNote(input.note);
        resource = await fileResource(code);
        if (!canUploadFiles(by, resource.providerUnitId)) {
          await audit.append({ ...who(by), action: 'data.file.upload', targetType: TARGET_TYPE, targetId: code, result: 'denied', detail: { name } });
          throw new AppError(403, 'forbidden', 'exchange.file.upload_forbidden');
        }
        if (input.declaredBytes !== null && input.declaredBytes !== undefined && input.declaredBytes > maxBytes) {
          throw new AppError(413, 'file_too_large', 'exchange.file.too_large', { max: maxBytes });
        }
      } catch (e) {
        // Refused before reading: let the rest of the body drain so the answer still gets out.
        stream.resume();
        throw e;
      }
      let contentType = '';
      const blob = await blobs.write(stream, {
        maxBytes,
        inspect: (head, complete) => {
          contentType = checkFileType(head, complete, { name, declaredType: input.contentType ?? null, format: resource.format }).contentType;
        },
      });

      const uploadedAt = iso(clock.now());
      for (let attempt = 1; ; attempt++) {
        try {
          return await audit.transact(async (trx) => {
            const version = (await store.lastVersion(trx, resource.code, name)) + 1;
            const row: store.FileRow = {
              id: randomUUID(),
              resource_code: resource.code,
              name,
              version,
              content_type: contentType,
              bytes: blob.bytes,
              sha256: blob.sha256,
              note,
              uploaded_by_unit: by.unitId ?? resource.providerUnitId,
              uploaded_by: by.actorName,
              uploaded_at: uploadedAt,
              deleted_at: null,
            };
            await store.insertFile(trx, row);
            const event: AuditInput = {
              ...who(by),
              action: 'data.file.upload',
              targetType: TARGET_TYPE,
              targetId: code,
              result: 'success',
              detail: { fileId: row.id, name, version, sha256: blob.sha256, bytes: blob.bytes, contentType, newBlob: blob.created },
            };
            return { value: store.toFileInfo(row), events: [event] };
          });
        } catch (e) {
          // Two uploads of the same name at once: the later one takes the next number.
          if (attempt < 10 && isUniqueViolation(e)) continue;
          throw e;
        }
      }
    },

    async list(by, code, purpose, opts = {}) {
      cleanPurpose(purpose);
      const resource = await fileResource(code);
      await admitReader(by, resource);
      const limit = Math.min(Math.max(opts.limit ?? 100, 1), FILE_LIMITS.listMax);
      const offset = Math.max(opts.offset ?? 0, 0);
      const page = await store.listFiles(k, resource.code, { name: opts.name, latest: opts.latest, limit, offset });
      return { items: page.items.map(store.toFileInfo), total: page.total };
    },

    async get(by, code, fileId, purpose) {
      cleanPurpose(purpose);
      const resource = await fileResource(code);
      await admitReader(by, resource);
      const row = await store.findFile(k, resource.code, fileId);
      if (!row) throw notFound(fileId);
      return store.toFileInfo(row);
    },

    async open(by, code, fileId, purpose, opts = {}) {
      const p = cleanPurpose(purpose);
      const resource = await fileResource(code);
      const decision = await decide(by, resource.code, 'data.file.download', p, { fileId });
      const row = await store.findFile(k, resource.code, fileId);
      if (!row) throw notFound(fileId);
      const info = store.toFileInfo(row);
      const grantId = decision.decision.grantId;
      const detail = { fileId: info.id, name: info.name, version: info.version, sha256: info.sha256, bytes: info.bytes };
      const event = (extra: Record<string, unknown> = {}): AuditInput => ({
        ...who(by),
        action: 'data.file.download',
        targetType: TARGET_TYPE,
        targetId: code,
        result: 'success',
        purpose: p,
        grantId,
        detail: { ...detail, ...extra },
      });

      if (etagMatches(opts.ifNoneMatch, info.sha256)) {
        await audit.append(event({ notModified: true }));
        return { info, grantId, notModified: true, stream: null };
      }
      const blob = await blobs.open(info.sha256);
      try {
        if (blob.bytes !== info.bytes) throw new Error(`blob ${info.sha256} has ${blob.bytes} bytes, expected ${info.bytes}`);
        await audit.append(event());
      } catch (e) {
        await blob.close();
        throw e;
      }
      return { info, grantId, notModified: false, stream: blob.stream };
    },
  };
}
