import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import type { ResourceFormat } from '../../catalog/model.js';
import { checkFileType, sniffMagic } from './sniff.js';
import { contentDisposition } from './routes.js';

const bytes = (...parts: (string | number[] | Buffer)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR', Buffer.alloc(64, 7));
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], Buffer.alloc(64, 1));
const GIF = bytes('GIF89a', Buffer.alloc(32, 2));
const WEBP = bytes('RIFF', [0x10, 0, 0, 0], 'WEBPVP8 ', Buffer.alloc(32, 3));
const TIFF = bytes([0x49, 0x49, 0x2a, 0x00], Buffer.alloc(32, 4));
const PDF = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n');
const ZIP = bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0], Buffer.alloc(40, 0));
const MP4 = bytes([0, 0, 0, 0x20], 'ftypisom', Buffer.alloc(32, 0));
const MP3 = bytes('ID3', [4, 0, 0, 0, 0, 0, 0], Buffer.alloc(32, 0));
const MP3_FRAME = bytes([0xff, 0xfb, 0x90, 0x64], Buffer.alloc(32, 0));
const EXE = bytes('MZ', [0x90, 0], Buffer.alloc(60, 0));
const ELF = bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], Buffer.alloc(32, 0));
const SCRIPT = bytes('#!/bin/sh\necho hi\n');
const utf8 = (s: string) => Buffer.from(s, 'utf8');

function check(head: Buffer, name: string, format: ResourceFormat, declaredType: string | null = null) {
  return checkFileType(head, true, { name, declaredType, format });
}
function problem(fn: () => unknown): { status: number; code: string; key: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code, key: e.messageKey };
    throw e;
  }
  throw new Error('expected a problem');
}

describe('file type detection (magic numbers)', () => {
  it('recognises every supported binary type from its first bytes', () => {
    expect(sniffMagic(PNG, true)).toEqual({ kind: 'binary', type: 'png' });
    expect(sniffMagic(JPEG, true)).toEqual({ kind: 'binary', type: 'jpeg' });
    expect(sniffMagic(GIF, true)).toEqual({ kind: 'binary', type: 'gif' });
    expect(sniffMagic(WEBP, true)).toEqual({ kind: 'binary', type: 'webp' });
    expect(sniffMagic(TIFF, true)).toEqual({ kind: 'binary', type: 'tiff' });
    expect(sniffMagic(bytes([0x4d, 0x4d, 0x00, 0x2a], Buffer.alloc(8)), true)).toEqual({ kind: 'binary', type: 'tiff' });
    expect(sniffMagic(PDF, true)).toEqual({ kind: 'binary', type: 'pdf' });
    expect(sniffMagic(ZIP, true)).toEqual({ kind: 'binary', type: 'zip' });
    expect(sniffMagic(MP4, true)).toEqual({ kind: 'binary', type: 'mp4' });
    expect(sniffMagic(MP3, true)).toEqual({ kind: 'binary', type: 'mp3' });
    expect(sniffMagic(MP3_FRAME, true)).toEqual({ kind: 'binary', type: 'mp3' });
  });

  it('marks programs and scripts as executables', () => {
    for (const b of [EXE, ELF, SCRIPT, bytes([0xcf, 0xfa, 0xed, 0xfe], Buffer.alloc(8))]) expect(sniffMagic(b, true).kind).toBe('executable');
    expect(sniffMagic(utf8('<!DOCTYPE html><html><script>alert(1)</script>'), true).kind).toBe('active');
    expect(sniffMagic(utf8('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'), true).kind).toBe('active');
  });

  it('tells text apart by decodability and its first non-space character', () => {
    expect(sniffMagic(utf8('  {"a": 1}'), true)).toMatchObject({ kind: 'text', shape: 'json', charset: 'utf-8', geojson: false });
    expect(sniffMagic(utf8('{"type": "FeatureCollection", "features": []}'), true)).toMatchObject({ kind: 'text', shape: 'json', geojson: true });
    expect(sniffMagic(utf8('\ufeff<?xml version="1.0"?><kml/>'), true)).toMatchObject({ kind: 'text', shape: 'xml' });
    expect(sniffMagic(utf8('名称,数量\n三亚,1\n'), true)).toMatchObject({ kind: 'text', shape: 'plain', charset: 'utf-8' });
    // GB18030 text from older systems (名称,数量)
    expect(sniffMagic(Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xca, 0xfd, 0xc1, 0xbf, 0x0a]), true)).toMatchObject({ kind: 'text', charset: 'gb18030' });
    // binary noise and NUL bytes are not text
    expect(sniffMagic(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41]), true).kind).toBe('unknown');
    expect(sniffMagic(Buffer.alloc(0), true).kind).toBe('empty');
  });

  it('accepts a 4 KiB head cut inside a multi-byte character', () => {
    const text = Buffer.from('三'.repeat(2000), 'utf8'); // 6000 bytes, 3 per character
    const head = text.subarray(0, 4096); // 4096 = 3 × 1365 + 1: ends inside a character
    expect(sniffMagic(head, false)).toMatchObject({ kind: 'text', shape: 'plain', charset: 'utf-8' });
    // as a whole file, a cut character is not UTF-8
    expect(sniffMagic(head, true)).not.toMatchObject({ charset: 'utf-8' });
  });
});

describe('file type check against name, declared type and resource format', () => {
  it('accepts images for image resources and reports the detected type', () => {
    expect(check(PNG, '规划图.png', 'image', 'image/png')).toEqual({ kind: 'png', contentType: 'image/png' });
    expect(check(JPEG, 'photo.JPG', 'image', 'image/jpeg').kind).toBe('jpeg');
    expect(check(TIFF, 'dem.tif', 'image', 'image/tiff').contentType).toBe('image/tiff');
    expect(check(GIF, 'a.gif', 'image').kind).toBe('gif');
    expect(check(WEBP, 'a.webp', 'image', 'application/octet-stream').kind).toBe('webp');
    // no extension and no declaration: the content decides
    expect(check(PNG, 'scan', 'image').kind).toBe('png');
  });

  it('refuses executables whatever they are called or declared as', () => {
    for (const [b, name] of [
      [EXE, 'photo.png'],
      [ELF, 'report.pdf'],
      [SCRIPT, 'notes.txt'],
    ] as const) {
      expect(problem(() => check(b, name, 'file', 'application/octet-stream'))).toMatchObject({ status: 415, code: 'file_type_not_allowed', key: 'exchange.file.executable' });
    }
    expect(problem(() => check(PDF, 'setup.exe', 'file'))).toMatchObject({ status: 415, code: 'file_type_not_allowed', key: 'exchange.file.extension_refused' });
    expect(problem(() => check(utf8('hello'), 'page.txt', 'file', 'text/html'))).toMatchObject({ status: 415, code: 'file_type_not_allowed' });
  });

  it('refuses a declared type or extension that contradicts the content', () => {
    expect(problem(() => check(PNG, 'plan.png', 'image', 'application/pdf'))).toMatchObject({ status: 415, code: 'content_type_mismatch', key: 'exchange.file.declared_mismatch' });
    expect(problem(() => check(PNG, 'plan.pdf', 'image', 'image/png'))).toMatchObject({ status: 415, code: 'content_type_mismatch', key: 'exchange.file.extension_mismatch' });
    expect(problem(() => check(ZIP, 'report.pdf', 'file'))).toMatchObject({ status: 415, code: 'content_type_mismatch' });
    expect(problem(() => check(utf8('a,b\n1,2\n'), 'data.json', 'self_describing'))).toMatchObject({ status: 415, code: 'content_type_mismatch' });
    expect(problem(() => check(utf8('{"a":1}'), 'data.csv', 'file'))).toMatchObject({ status: 415, code: 'content_type_mismatch' });
    // a ZIP may be declared as application/zip whatever office format it holds
    expect(check(ZIP, '报告.docx', 'file', 'application/zip').kind).toBe('docx');
  });

  it('limits each resource format to its kinds', () => {
    expect(problem(() => check(PDF, 'a.pdf', 'image', 'application/pdf'))).toMatchObject({ status: 415, code: 'file_type_not_allowed', key: 'exchange.file.type_not_allowed' });
    expect(problem(() => check(PNG, 'a.png', 'file'))).toMatchObject({ status: 415, code: 'file_type_not_allowed' });
    expect(problem(() => check(MP4, 'a.mp4', 'file'))).toMatchObject({ status: 415, code: 'file_type_not_allowed' });
    expect(problem(() => check(utf8('a,b\n'), 'a.csv', 'self_describing'))).toMatchObject({ status: 415, code: 'file_type_not_allowed' });

    expect(check(PDF, 'a.pdf', 'file').contentType).toBe('application/pdf');
    expect(check(ZIP, 'a.ofd', 'file').contentType).toBe('application/ofd');
    expect(check(ZIP, 'a.xlsx', 'file').contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(check(ZIP, 'a.pptx', 'file').kind).toBe('pptx');
    expect(check(utf8('名称,数量\n'), '统计.csv', 'file', 'application/vnd.ms-excel').contentType).toBe('text/csv; charset=utf-8');
    expect(check(utf8('会议纪要'), '纪要.txt', 'file', 'text/plain').contentType).toBe('text/plain; charset=utf-8');
    expect(check(utf8('a,b\n'), 'export', 'file', 'text/csv').kind).toBe('csv');

    expect(check(utf8('{"type":"FeatureCollection","features":[]}'), 'roads.json', 'self_describing').kind).toBe('json');
    expect(check(utf8('{"type":"FeatureCollection","features":[]}'), 'roads', 'self_describing').kind).toBe('geojson');
    expect(check(utf8('{"type":"FeatureCollection"}'), 'roads.geojson', 'self_describing', 'application/json').contentType).toBe('application/geo+json; charset=utf-8');
    expect(check(utf8('<kml/>'), 'a.kml', 'self_describing').kind).toBe('xml');
    expect(check(ZIP, 'shapes.zip', 'self_describing').kind).toBe('zip');

    for (const format of ['stream', 'service'] as const) {
      expect(check(MP4, 'a.mp4', format, 'video/mp4').kind).toBe('mp4');
      expect(check(MP3, 'a.mp3', format, 'audio/mpeg').kind).toBe('mp3');
      expect(check(utf8('[]'), 'a.json', format).kind).toBe('json');
      expect(problem(() => check(PNG, 'a.png', format))).toMatchObject({ code: 'file_type_not_allowed' });
    }
  });

  it('refuses empty and unrecognised files', () => {
    expect(problem(() => check(Buffer.alloc(0), 'a.pdf', 'file'))).toMatchObject({ status: 400, code: 'file_empty' });
    expect(problem(() => check(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.doc', 'file'))).toMatchObject({ status: 415, code: 'file_type_not_allowed', key: 'exchange.file.unrecognised' });
  });
});

describe('Content-Disposition', () => {
  it('carries the UTF-8 name (RFC 5987) with an ASCII fallback', () => {
    expect(contentDisposition('规划图 v2.png')).toBe(`attachment; filename="___ v2.png"; filename*=UTF-8''%E8%A7%84%E5%88%92%E5%9B%BE%20v2.png`);
    expect(contentDisposition('a"b;c\'(1).pdf')).toBe(`attachment; filename="a_b_c'(1).pdf"; filename*=UTF-8''a%22b%3Bc%27%281%29.pdf`);
  });
});
