/**
 * Hand-built XLSX files for the import tests: a minimal zip writer and workbook skeleton, so a
 * test can put exactly the XML it wants into a sheet (a bomb, a 10 MB cell, a row claiming
 * 1,048,576) and lie in the zip headers when it wants to.
 */
import { PassThrough } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import type { Resource } from '../model.js';
import { exportCatalog, type ExportFormat } from './index.js';
import { SAMPLE_UNITS } from './sample.js';
import { crc32 } from './zip.js';

export interface ZipPart {
  name: string;
  data: Buffer | string;
  /** Pretend in the headers that the part inflates to this many bytes. */
  claimUncompressed?: number;
}

/** A zip archive of the given parts (deflated). */
export function buildZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const raw = Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, 'utf8');
    const comp = deflateRawSync(raw, { level: 9 });
    const name = Buffer.from(p.name, 'utf8');
    const size = p.claimUncompressed ?? raw.length;
    const crc = crc32(raw);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(Math.min(size, 0xfffffffe), 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, comp);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(Math.min(size, 0xfffffffe), 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function colName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** `<row>` XML of inline-string cells, 1-based row number. */
export function rowXml(r: number, values: (string | number | null)[]): string {
  const cells = values
    .map((v, i) => {
      if (v === null || v === '') return '';
      const ref = `${colName(i + 1)}${r}`;
      return typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
    })
    .join('');
  return `<row r="${r}">${cells}</row>`;
}

export interface SheetSpec {
  name: string;
  /** Rows of values (row 1 first), or raw `<sheetData>` content. */
  rows?: (string | number | null)[][];
  rawSheetData?: string | Buffer;
  claimUncompressed?: number;
}

/** A minimal but complete XLSX workbook. */
export function buildXlsx(sheets: SheetSpec[]): Buffer {
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        '</Relationships>',
    },
  ];
  sheets.forEach((s, i) => {
    const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    const tail = '</sheetData></worksheet>';
    const body = s.rawSheetData ?? (s.rows ?? []).map((r, k) => rowXml(k + 1, r)).join('');
    const data = Buffer.isBuffer(body) ? Buffer.concat([Buffer.from(head), body, Buffer.from(tail)]) : head + body + tail;
    parts.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data, claimUncompressed: s.claimUncompressed });
  });
  return buildZip(parts);
}

const unitNames = new Map(SAMPLE_UNITS.map((u) => [u.id, u.name]));

/** Exports into memory, with unit names for sharing scopes (as the backend passes them). */
export async function exportToBuffer(resources: Resource[] | AsyncIterable<Resource>, format: ExportFormat, lang?: 'zh-CN' | 'en'): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportCatalog(resources, format, out, { baseUrl: 'https://share.example.gov.cn', lang, unitName: (id) => unitNames.get(id) });
  return Buffer.concat(chunks);
}
