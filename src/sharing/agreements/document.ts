import { AppError } from '../../core/errors.js';
import { extensionOf, KINDS, kindLabel, sniffMagic, type FileKind } from '../../exchange/files/sniff.js';
import './messages.js';

/** The kinds a signed agreement may be: a PDF or OFD (版式文件) or a scan (JPEG, PNG). */
export const DOCUMENT_KINDS = ['pdf', 'ofd', 'jpeg', 'png'] as const satisfies readonly FileKind[];
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * What a signed document is, from its first bytes (magic numbers), never from what the client
 * says: %PDF-, PNG's signature, JPEG's SOI marker, or a ZIP container named .ofd (OFD, GB/T
 * 33190, is a ZIP package). A file name whose extension names another kind is refused too.
 * Throws 400 file_empty or 415 file_type_not_allowed / content_type_mismatch.
 */
export function checkDocument(head: Buffer, complete: boolean, name: string): { kind: DocumentKind; contentType: string } {
  const magic = sniffMagic(head, complete);
  const ext = extensionOf(name);
  if (magic.kind === 'empty') throw new AppError(400, 'file_empty', 'exchange.file.empty');
  let kind: DocumentKind | null = null;
  let detected = magic.kind === 'text' ? 'TXT' : magic.kind === 'binary' ? kindLabel(magic.type) : magic.kind === 'executable' ? 'executable' : 'unknown';
  if (magic.kind === 'binary') {
    if (magic.type === 'pdf' || magic.type === 'png' || magic.type === 'jpeg') kind = magic.type;
    else if (magic.type === 'zip' && ext === '.ofd') kind = 'ofd';
  }
  if (kind === null) throw new AppError(415, 'file_type_not_allowed', 'sharing.agreement.document_type', { detected });
  detected = kindLabel(kind);
  if (ext !== '' && !KINDS[kind].extensions.includes(ext)) {
    throw new AppError(415, 'content_type_mismatch', 'sharing.agreement.document_name_mismatch', { ext, detected });
  }
  return { kind, contentType: KINDS[kind].contentType };
}
