import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF that renderPdf wrote, for tests and checks: content streams are inflated
 * and their glyph codes mapped back to Unicode through the fonts' ToUnicode CMaps. One string
 * per text-showing operator (a line of a paragraph, a table cell), in drawing order, per page.
 * Not a general PDF parser: it reads what pdfkit writes (Flate streams, hex strings, 2-byte CIDs).
 */
export function pdfText(pdf: Buffer): { pages: string[][]; text: string } {
  const src = pdf.toString('latin1');
  const streams: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const start = m.index + m[0].length;
    const end = src.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    let body: string;
    try {
      body = inflateSync(raw).toString('latin1');
    } catch {
      body = raw.toString('latin1');
    }
    streams.push(body);
    re.lastIndex = end + 9;
  }
  const map = new Map<string, string>();
  const utf16 = (hex: string) => {
    let s = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return s;
  };
  for (const s of streams.filter((x) => x.includes('begincmap'))) {
    for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const p of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(p[1]!.toLowerCase(), utf16(p[2]!));
    }
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const p of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
        const lo = parseInt(p[1]!, 16);
        const hi = parseInt(p[2]!, 16);
        const width = p[1]!.length;
        const dst = p[3]!;
        if (dst.startsWith('[')) {
          const list = [...dst.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => x[1]!);
          for (let c = lo; c <= hi; c++) map.set(c.toString(16).padStart(width, '0'), utf16(list[c - lo] ?? ''));
        } else {
          const base = dst.slice(1, -1);
          const last = parseInt(base.slice(-4), 16);
          for (let c = lo; c <= hi; c++) map.set(c.toString(16).padStart(width, '0'), utf16(base.slice(0, -4) + (last + c - lo).toString(16).padStart(4, '0')));
        }
      }
    }
  }
  const decode = (hex: string) => {
    let s = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) s += map.get(hex.slice(i, i + 4).toLowerCase()) ?? '\ufffd';
    return s;
  };
  const pages: string[][] = [];
  for (const s of streams) {
    if (!/\bBT\b/.test(s) || s.includes('begincmap')) continue;
    const lines: string[] = [];
    for (const op of s.matchAll(/(\[(?:[^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj)/g)) {
      const hexes = op[2] !== undefined ? [op[2]] : [...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!);
      lines.push(hexes.map(decode).join(''));
    }
    pages.push(lines);
  }
  return { pages, text: pages.map((p) => p.join('\n')).join('\n') };
}
