import { AppError } from '../../core/errors.js';
import { checkFileType, type DetectedType } from '../../exchange/files/sniff.js';
import './messages.js';

/**
 * What an evidence file is, from its first bytes (magic numbers): documents (PDF, OFD, Office,
 * TXT, CSV, ZIP, the 'file' format's kinds) and images (the 'image' format's kinds). The file
 * checks of the exchange decide; executables, scripts and active content are always refused.
 * Throws 400 file_empty, 415 file_type_not_allowed or 415 content_type_mismatch.
 */
export function checkEvidenceType(head: Buffer, complete: boolean, name: string, declaredType: string | null): DetectedType {
  const notAllowed = (e: unknown): e is AppError => e instanceof AppError && e.messageKey === 'exchange.file.type_not_allowed';
  try {
    return checkFileType(head, complete, { name, declaredType, format: 'file' });
  } catch (e) {
    if (!notAllowed(e)) throw e;
    try {
      return checkFileType(head, complete, { name, declaredType, format: 'image' });
    } catch (e2) {
      if (!notAllowed(e2)) throw e2;
      throw new AppError(415, 'file_type_not_allowed', 'sharing.objection.evidence_type', { detected: String(e.params.detected ?? '?') });
    }
  }
}
