import type { Readable } from 'node:stream';
import type { Lang } from '../../core/i18n.js';
import type { Resource } from '../model.js';
import type { UnitNameResolver } from './cells.js';

export interface ExportOptions {
  /** Public base URL of the platform (no trailing slash), e.g. 'https://share.sanya.gov.cn'. */
  baseUrl: string;
  /** Language of headers and labels (XLSX, CSV); zh-CN by default. Import reads either. */
  lang?: Lang;
  /** Names for the unit ids of sharing scopes (the ids are written without it). */
  unitName?: UnitNameResolver;
  /** DCAT catalog title / publisher; defaults name the platform. */
  catalogTitle?: string;
  publisherName?: string;
}

export type ResourceSource = AsyncIterable<Resource> | Iterable<Resource>;

export async function* iterate(src: ResourceSource): AsyncGenerator<Resource> {
  if (Symbol.asyncIterator in src) yield* src as AsyncIterable<Resource>;
  else yield* src as Iterable<Resource>;
}

/** Writes with backpressure: waits for 'drain' when the destination's buffer is full. */
export async function write(out: NodeJS.WritableStream, chunk: string | Buffer): Promise<void> {
  if (out.write(chunk)) return;
  await drained(out);
}

/** Resolves when `out` has room again (at once if it has now). */
export async function waitForRoom(out: NodeJS.WritableStream): Promise<void> {
  if ((out as { writableNeedDrain?: boolean }).writableNeedDrain) await drained(out);
}

function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: unknown) => {
      out.removeListener('drain', onDrain);
      out.removeListener('error', onError);
      out.removeListener('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (e: unknown) => done(e);
    const onClose = () => done(new Error('The output stream closed before the export finished'));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

export function end(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

/** Reads a whole upload into memory, up to `max` bytes; beyond that the rest is drained and null returned. */
export async function readAll(input: Readable | Buffer, max: number): Promise<Buffer | null> {
  if (Buffer.isBuffer(input)) return input.length > max ? null : input;
  const chunks: Buffer[] = [];
  let n = 0;
  // Past the limit the rest is read and dropped, so an HTTP request body is not left half-read.
  for await (const c of input as AsyncIterable<Buffer | string>) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    n += b.length;
    if (n <= max) chunks.push(b);
    else chunks.length = 0;
  }
  return n > max ? null : Buffer.concat(chunks, n);
}

export const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
