/**
 * A look inside an uploaded XLSX before anything parses it. ExcelJS and its unzipper trust the
 * archive; a zip bomb (a few MB that inflate to many GB) would exhaust memory or disk. So the
 * central directory is read here, every part is inflated once into a counter (nothing is kept),
 * and the file is refused as soon as a part or the whole passes the limits — whatever the
 * headers claim.
 */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ZipProblem =
  | { code: 'not_xlsx' }
  | { code: 'zip_too_many_entries'; limit: number }
  | { code: 'zip_unsupported'; entry: string }
  | { code: 'zip_too_large'; limit: number };

const EOCD = 0x06054b50;
const CDH = 0x02014b50;
const LFH = 0x04034b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;

const centralDirectoryOffsets = new WeakMap<Buffer, number>();

/** The central directory, or null when the bytes are not a (readable) zip archive. */
export function readCentralDirectory(buf: Buffer, maxEntries: number): ZipEntry[] | { tooMany: true } | null {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LFH) return null;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== ZIP64_LOCATOR) return null;
    const z = Number(buf.readBigUInt64LE(loc + 8));
    if (z < 0 || z + 56 > buf.length || buf.readUInt32LE(z) !== ZIP64_EOCD) return null;
    count = Number(buf.readBigUInt64LE(z + 32));
    cdSize = Number(buf.readBigUInt64LE(z + 40));
    cdOffset = Number(buf.readBigUInt64LE(z + 48));
  }
  if (count > maxEntries) return { tooMany: true };
  if (cdOffset + cdSize > buf.length) return null;
  centralDirectoryOffsets.set(buf, cdOffset);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CDH) return null;
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen > buf.length) return null;
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64 sizes live in extra field 0x0001, in this order, only for the fields that overflowed.
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = buf.readUInt16LE(e);
      const size = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const take = () => {
          if (q + 8 > e + 4 + size) return null;
          const v = Number(buf.readBigUInt64LE(q));
          q += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take() ?? uncompressedSize;
        if (compressedSize === 0xffffffff) compressedSize = take() ?? compressedSize;
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take() ?? localHeaderOffset;
      }
      e += 4 + size;
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Checks an XLSX archive against the limits by inflating every part into a byte counter.
 * Returns null when it is safe to hand to the XLSX reader.
 */
export async function inspectZip(
  buf: Buffer,
  limits: { maxZipEntries: number; maxEntryBytes: number; maxUncompressedBytes: number },
): Promise<ZipProblem | null> {
  const cd = readCentralDirectory(buf, limits.maxZipEntries);
  if (cd === null) return { code: 'not_xlsx' };
  if ('tooMany' in cd) return { code: 'zip_too_many_entries', limit: limits.maxZipEntries };
  if (cd.length === 0) return { code: 'not_xlsx' };
  let declared = 0;
  for (const e of cd) {
    if (e.flags & 0x1) return { code: 'zip_unsupported', entry: e.name };
    if (e.method !== 0 && e.method !== 8) return { code: 'zip_unsupported', entry: e.name };
    declared += e.uncompressedSize;
    if (e.uncompressedSize > limits.maxEntryBytes || declared > limits.maxUncompressedBytes)
      return { code: 'zip_too_large', limit: e.uncompressedSize > limits.maxEntryBytes ? limits.maxEntryBytes : limits.maxUncompressedBytes };
  }
  // The headers may lie: count what actually comes out.
  let total = 0;
  for (const e of cd) {
    const h = e.localHeaderOffset;
    if (h + 30 > buf.length || buf.readUInt32LE(h) !== LFH) return { code: 'not_xlsx' };
    const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
    if (start + e.compressedSize > buf.length) return { code: 'not_xlsx' };
    const data = buf.subarray(start, start + e.compressedSize);
    if (e.method === 0) {
      total += data.length;
      if (data.length > limits.maxEntryBytes) return { code: 'zip_too_large', limit: limits.maxEntryBytes };
    } else {
      const budget = Math.min(limits.maxEntryBytes, limits.maxUncompressedBytes - total);
      const out = await inflateCount(data, budget);
      if (out === 'corrupt') return { code: 'not_xlsx' };
      if (out === 'over') return { code: 'zip_too_large', limit: budget === limits.maxEntryBytes ? limits.maxEntryBytes : limits.maxUncompressedBytes };
      total += out;
    }
    if (total > limits.maxUncompressedBytes) return { code: 'zip_too_large', limit: limits.maxUncompressedBytes };
  }
  return null;
}

/** Inflates into a counter; stops as soon as more than `budget` bytes came out. */
function inflateCount(data: Buffer, budget: number): Promise<number | 'over' | 'corrupt'> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let n = 0;
    let done = false;
    const finish = (v: number | 'over' | 'corrupt') => {
      if (done) return;
      done = true;
      resolve(v);
    };
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget) {
        finish('over');
        inflate.destroy();
      }
    });
    inflate.on('error', () => finish('corrupt'));
    inflate.on('end', () => finish(n));
    inflate.on('close', () => finish(n > budget ? 'over' : n));
    // Feed in slices so a single huge part never sits inflated in memory.
    let off = 0;
    const feed = () => {
      while (!done && off < data.length) {
        const slice = data.subarray(off, off + 64 * 1024);
        off += slice.length;
        if (!inflate.write(slice)) {
          inflate.once('drain', feed);
          return;
        }
      }
      if (!done && off >= data.length) inflate.end();
    };
    feed();
  });
}

const PAD_NAME = 'govshare-end-of-parts.bin';
const PAD_BYTES = 2 * 1024 * 1024;
const EMPTY_SST =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>';
/** Parts ExcelJS must have seen before the first sheet to parse sheets straight from the zip. */
const FIRST = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A local header for a stored (uncompressed) part of `size` bytes. */
function storedHeader(name: Buffer, size: number, crc: number): Buffer {
  const lh = Buffer.alloc(30);
  lh.writeUInt32LE(LFH, 0);
  lh.writeUInt16LE(10, 4);
  lh.writeUInt16LE(0x0800, 6);
  lh.writeUInt16LE(0, 8);
  lh.writeUInt32LE(crc, 14);
  lh.writeUInt32LE(size, 18);
  lh.writeUInt32LE(size, 22);
  lh.writeUInt16LE(name.length, 26);
  return lh;
}

/**
 * The archive rearranged for ExcelJS's streaming reader (call after inspectZip accepted it):
 *  - the workbook, its relationships and the shared strings first (an empty shared-strings part
 *    is added when there is none): ExcelJS then parses each sheet straight from the zip instead
 *    of spooling sheets to temp files it only removes at process exit;
 *  - a stored padding part after the real parts: its unzipper signals the end of the archive as
 *    soon as the input is consumed, while small parts may still wait in its buffer — and those
 *    are silently dropped (typically the last sheet). The padding is larger than every buffer on
 *    the way, so the end cannot come before the reader has taken every real part.
 * The central directory is passed through unchanged; the unzipper reads only local headers.
 */
export function xlsxReaderStream(buf: Buffer): Readable {
  const cdOffset = centralDirectoryOffsets.get(buf);
  const entries = readCentralDirectory(buf, Number.MAX_SAFE_INTEGER);
  if (cdOffset === undefined || entries === null || 'tooMany' in entries) throw new Error('xlsxReaderStream: inspect the archive first');
  // Each local record runs to the next one (so data descriptors travel with their part).
  const starts = [...new Set(entries.map((e) => e.localHeaderOffset))].sort((a, b) => a - b);
  const segments = entries.map((e) => {
    const next = starts.find((o) => o > e.localHeaderOffset) ?? cdOffset;
    return { name: e.name.replace(/^\//, ''), start: e.localHeaderOffset, end: next };
  });
  const rank = (name: string) => {
    const i = FIRST.indexOf(name);
    return i < 0 ? FIRST.length : i;
  };
  const ordered = segments.map((seg, i) => ({ seg, i })).sort((a, b) => rank(a.seg.name) - rank(b.seg.name) || a.i - b.i).map((x) => x.seg);
  const sst = Buffer.from(EMPTY_SST);
  const sstName = Buffer.from('xl/sharedStrings.xml');
  const padName = Buffer.from(PAD_NAME);
  const zeros = Buffer.alloc(64 * 1024);
  const hasSst = segments.some((x) => x.name === 'xl/sharedStrings.xml');
  function* slices(from: number, to: number): Generator<Buffer> {
    for (let off = from; off < to; off += 64 * 1024) yield buf.subarray(off, Math.min(off + 64 * 1024, to));
  }
  function* pieces(): Generator<Buffer> {
    for (const seg of ordered) {
      if (!hasSst && rank(seg.name) > rank('xl/sharedStrings.xml')) {
        // Once, just before the first part that comes after the shared strings.
        if (!emittedSst) {
          emittedSst = true;
          yield storedHeader(sstName, sst.length, crc32(sst));
          yield sstName;
          yield sst;
        }
      }
      yield* slices(seg.start, seg.end);
    }
    if (!hasSst && !emittedSst) {
      yield storedHeader(sstName, sst.length, crc32(sst));
      yield sstName;
      yield sst;
    }
    yield storedHeader(padName, PAD_BYTES, 0);
    yield padName;
    for (let n = 0; n < PAD_BYTES; n += zeros.length) yield zeros;
    yield* slices(cdOffset!, buf.length);
  }
  let emittedSst = false;
  return Readable.from(pieces(), { objectMode: false });
}
