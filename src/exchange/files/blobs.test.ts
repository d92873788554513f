import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { createBlobStore, type BlobStore } from './blobs.js';

/** Every file under a directory, relative paths. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)));
}

/** A stream of `total` bytes in chunks, counting what was pulled. */
function chunked(data: Buffer, chunk = 1000): Readable & { pulled: () => number } {
  let off = 0;
  const r = new Readable({
    read() {
      if (off >= data.length) return this.push(null);
      this.push(data.subarray(off, off + chunk));
      off += chunk;
    },
  }) as Readable & { pulled: () => number };
  r.pulled = () => off;
  return r;
}

describe('blob store', () => {
  let dir: string;
  let blobs: BlobStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'govshare-blobs-'));
    blobs = createBlobStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores content under its sha256 in two directory levels and reads it back', async () => {
    const data = randomBytes(10_000);
    const sha = createHash('sha256').update(data).digest('hex');
    const ref = await blobs.write(chunked(data), { maxBytes: 1_000_000 });
    expect(ref).toEqual({ sha256: sha, bytes: 10_000, created: true });
    expect(blobs.pathOf(sha)).toBe(join(dir, 'blobs', 'sha256', sha.slice(0, 2), sha.slice(2, 4), sha));
    expect(readFileSync(blobs.pathOf(sha)).equals(data)).toBe(true);
    expect(filesUnder(join(dir, 'blobs', 'tmp'))).toEqual([]);

    const opened = await blobs.open(sha);
    expect(opened.bytes).toBe(10_000);
    const chunks: Buffer[] = [];
    for await (const c of opened.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it('stores the same content once', async () => {
    const data = randomBytes(3000);
    const a = await blobs.write(chunked(data), { maxBytes: 10_000 });
    const b = await blobs.write(chunked(data, 7), { maxBytes: 10_000 });
    expect(b).toEqual({ ...a, created: false });
    expect(filesUnder(join(dir, 'blobs'))).toHaveLength(1);
  });

  it('stops at the size limit with 413 and leaves nothing behind', async () => {
    const data = randomBytes(50_000);
    const source = chunked(data);
    const err = await blobs.write(source, { maxBytes: 20_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(413);
    expect((err as AppError).code).toBe('file_too_large');
    expect(filesUnder(join(dir, 'blobs'))).toEqual([]);
  });

  it('lets the inspector see the head first and refuse before the rest is stored', async () => {
    const data = Buffer.concat([Buffer.from('MZ'), randomBytes(20_000)]);
    const seen: { length: number; complete: boolean }[] = [];
    const err = await blobs
      .write(chunked(data), {
        maxBytes: 1_000_000,
        inspect: (head, complete) => {
          seen.push({ length: head.length, complete });
          throw new AppError(415, 'file_type_not_allowed', 'exchange.file.executable');
        },
      })
      .catch((e: unknown) => e);
    expect((err as AppError).code).toBe('file_type_not_allowed');
    expect(seen).toEqual([{ length: 4096, complete: false }]);
    expect(filesUnder(join(dir, 'blobs'))).toEqual([]);

    // a small file is inspected whole
    await blobs.write(chunked(Buffer.from('hello')), { maxBytes: 100, inspect: (head, complete) => seen.push({ length: head.length, complete }) });
    expect(seen[1]).toEqual({ length: 5, complete: true });
  });

  it('cleans up when the source fails midway', async () => {
    let n = 0;
    const failing = new Readable({
      read() {
        if (n++ < 3) this.push(randomBytes(1000));
        else this.destroy(new Error('client went away'));
      },
    });
    await expect(blobs.write(failing, { maxBytes: 1_000_000 })).rejects.toThrow('client went away');
    expect(filesUnder(join(dir, 'blobs'))).toEqual([]);
  });

  it('removes temp files a crash left behind, but not fresh ones', async () => {
    const tmp = join(dir, 'blobs', 'tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'old.part'), 'x');
    writeFileSync(join(tmp, 'new.part'), 'y');
    const dayAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(join(tmp, 'old.part'), dayAgo, dayAgo);
    expect(await blobs.removeStaleTemp()).toBe(1);
    expect(readdirSync(tmp)).toEqual(['new.part']);
  });
});
