import { createHash, randomUUID } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../core/errors.js';
import { FILE_LIMITS } from './model.js';
import './messages.js';

/**
 * Content-addressed blobs on disk: `dataDir/blobs/sha256/ab/cd/<hex>`. A write streams the
 * source to a temp file in `dataDir/blobs/tmp` while hashing and counting, fsyncs it and renames
 * it into place, so a blob is either absent or complete (kill -9 leaves at most a temp file).
 * Identical content lands on the same path: it is stored once.
 */
export interface BlobStore {
  /**
   * Stores a stream. `inspect` sees the first `FILE_LIMITS.sniffBytes` bytes (or the whole file
   * when shorter, `complete` true) before anything else is accepted; when it throws, the write
   * stops, the temp file is removed and the error propagates. Past `maxBytes`: 413 file_too_large.
   */
  write(source: Readable, opts: { maxBytes: number; inspect?: (head: Buffer, complete: boolean) => void }): Promise<BlobRef>;
  /** Opens a blob for reading (the descriptor is open when this resolves). */
  open(sha256: string): Promise<OpenBlob>;
  exists(sha256: string): Promise<boolean>;
  /** Absolute path of a blob. */
  pathOf(sha256: string): string;
  /** Removes temp files older than `maxAgeMs` (left by a crash mid-upload); returns how many. */
  removeStaleTemp(maxAgeMs?: number): Promise<number>;
  /** The blob store's root (dataDir/blobs). */
  readonly root: string;
}

export interface BlobRef {
  sha256: string;
  bytes: number;
  /** false when the same content was already stored. */
  created: boolean;
}

export interface OpenBlob {
  bytes: number;
  stream: Readable;
  /** Closes the descriptor when the stream will not be consumed. */
  close(): Promise<void>;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** fsync a directory so a rename in it survives a crash (best effort where unsupported). */
async function syncDir(dir: string): Promise<void> {
  let fh: FileHandle | null = null;
  try {
    fh = await open(dir, fsConstants.O_RDONLY);
    await fh.sync();
  } catch {
    // Some platforms cannot fsync a directory; the file itself is already synced.
  } finally {
    await fh?.close().catch(() => {});
  }
}

export function createBlobStore(dataDir: string): BlobStore {
  const root = join(dataDir, 'blobs');
  const tmpDir = join(root, 'tmp');

  function pathOf(sha256: string): string {
    if (!HEX64.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256}`);
    return join(root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async function exists(sha256: string): Promise<boolean> {
    try {
      return (await stat(pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  return {
    root,
    pathOf,
    exists,

    async removeStaleTemp(maxAgeMs = 24 * 60 * 60 * 1000) {
      let names: string[];
      try {
        names = await readdir(tmpDir);
      } catch {
        return 0;
      }
      const cutoff = Date.now() - maxAgeMs;
      let removed = 0;
      for (const name of names) {
        const p = join(tmpDir, name);
        try {
          if ((await stat(p)).mtimeMs < cutoff) {
            await rm(p, { force: true });
            removed++;
          }
        } catch {
          // gone meanwhile
        }
      }
      return removed;
    },

    async write(source, { maxBytes, inspect }) {
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, `${randomUUID()}.part`);
      const fh = await open(tmp, 'wx');
      const hash = createHash('sha256');
      const headParts: Buffer[] = [];
      let headLength = 0;
      let inspected = false;
      let bytes = 0;
      let closed = false;
      const check = (complete: boolean) => {
        inspected = true;
        inspect?.(Buffer.concat(headParts, headLength), complete);
      };
      try {
        // Not destroying the source on an early stop lets the HTTP layer still answer (413/415).
        for await (const raw of source.iterator({ destroyOnReturn: false })) {
          const chunk: Buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as string);
          bytes += chunk.length;
          if (bytes > maxBytes) throw new AppError(413, 'file_too_large', 'exchange.file.too_large', { max: maxBytes });
          if (!inspected) {
            const want = FILE_LIMITS.sniffBytes - headLength;
            const part = chunk.length > want ? chunk.subarray(0, want) : chunk;
            headParts.push(part);
            headLength += part.length;
            if (headLength >= FILE_LIMITS.sniffBytes) check(false);
          }
          hash.update(chunk);
          let off = 0;
          while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
        }
        if (!inspected) check(true);
        await fh.sync();
        await fh.close();
        closed = true;
      } catch (e) {
        // Stop reading; what is left of the request is discarded by the HTTP server.
        source.resume();
        if (!closed) await fh.close().catch(() => {});
        await rm(tmp, { force: true });
        if (e instanceof AppError) throw e;
        const code = (e as { code?: string; statusCode?: number } | null)?.code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'file_too_large', 'exchange.file.too_large', { max: maxBytes });
        if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED') {
          throw new AppError(400, 'upload_interrupted', 'exchange.file.upload_failed');
        }
        throw e;
      }

      const sha256 = hash.digest('hex');
      const target = pathOf(sha256);
      try {
        if (await exists(sha256)) {
          await rm(tmp, { force: true });
          return { sha256, bytes, created: false };
        }
        await mkdir(dirname(target), { recursive: true });
        await rename(tmp, target);
        await syncDir(dirname(target));
        return { sha256, bytes, created: true };
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    },

    async open(sha256) {
      const fh = await open(pathOf(sha256), 'r');
      try {
        const { size } = await fh.stat();
        const stream = fh.createReadStream({ autoClose: true });
        const close = () =>
          new Promise<void>((resolve) => {
            if (stream.closed) return resolve();
            stream.once('close', () => resolve());
            stream.destroy();
          });
        return { bytes: size, stream, close };
      } catch (e) {
        await fh.close().catch(() => {});
        throw e;
      }
    },
  };
}
