/**
 * JSON: an array of Resource objects exactly as the API returns them (with their data items).
 * Import takes the same shape (or ResourceInput objects, or { resources: [...] }); ids are
 * platform-specific, so the classification code and the unit names are what it resolves.
 */
import { CatalogAssembler } from './assemble.js';
import { IssueSink, type ImportLimits } from './issues.js';
import { end, iterate, write, type ExportOptions, type ResourceSource } from './stream.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const JSON_SHEET = 'JSON';

export async function exportJson(resources: ResourceSource, out: NodeJS.WritableStream, _opts: ExportOptions): Promise<void> {
  let first = true;
  await write(out, '[');
  for await (const r of iterate(resources)) {
    const dataItems = [...r.dataItems].sort((a, b) => a.seq - b.seq);
    await write(out, `${first ? '\n' : ',\n'}${JSON.stringify({ ...r, dataItems })}`);
    first = false;
  }
  await write(out, first ? ']\n' : '\n]\n');
  await end(out);
}

const MAX_DEPTH = 16;

/** Nesting depth of the raw text (brackets outside strings), checked before JSON.parse. */
function tooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function readJson(buf: Buffer, asm: CatalogAssembler, sink: IssueSink, limits: ImportLimits): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    sink.fatal('invalid_encoding');
  }
  if (text.trim() === '') sink.fatal('empty_file');
  if (tooDeep(text)) sink.fatal('too_deep');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    sink.fatal('invalid_json', { reason: String((e as Error).message).slice(0, 200) });
  }
  const list =
    Array.isArray(value) ? value : value && typeof value === 'object' && Array.isArray((value as { resources?: unknown }).resources) ? (value as { resources: unknown[] }).resources : null;
  if (!list) sink.fatal('json_not_array');
  if (list.length > limits.maxResources) sink.fatal('too_many_resources', { limit: limits.maxResources });
  asm.setResourceSheetName(JSON_SHEET);
  list.forEach((o, i) => asm.addResourceObject(o, i));
}
