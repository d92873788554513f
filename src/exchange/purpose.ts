/**
 * 用途 (第二十一、二十六条; docs/interface-standard.md §2): every data read — query, key lookup,
 * change feed, file list and download — and every subscription states why the data is used. One
 * rule for all of them: the `purpose` parameter (query string or request body) when given, else
 * the X-Purpose header as URL-encoded UTF-8; trimmed; 1–500 characters.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import type { MessageKey } from '../core/i18n.js';
import './messages.js';

export const PURPOSE_MAX = 500;

/**
 * The `purpose` parameter or body field in route schemas. Loose on purpose (no minimum, a
 * generous maximum): cleanPurpose answers blank and too long with their own codes.
 */
export const PurposeSchema = Type.String({
  maxLength: PURPOSE_MAX * 4,
  description: `用途 purpose of use (1..${PURPOSE_MAX} characters after trimming); for data reads, when absent, the X-Purpose header (URL-encoded UTF-8)`,
});

function problem(code: string, key: MessageKey, field: string, params: Record<string, string | number> = {}): AppError {
  return new AppError(400, code, key, params, [{ field, code, messageKey: key, params }]);
}

/**
 * The trimmed purpose; 400 `purpose_required` (missing or blank) or `purpose_too_long` (over
 * PURPOSE_MAX characters), naming `field`.
 */
export function cleanPurpose(value: unknown, field = 'purpose', requiredKey: MessageKey = 'exchange.purpose.required'): string {
  const p = typeof value === 'string' ? value.trim() : '';
  if (!p) throw problem('purpose_required', requiredKey, field);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(p)) throw problem('purpose_malformed', 'exchange.purpose.control', field);
  if ([...p].length > PURPOSE_MAX) throw problem('purpose_too_long', 'exchange.purpose.too_long', field, { max: PURPOSE_MAX });
  return p;
}

/**
 * The purpose as sent, not yet checked: the parameter when non-empty, else the X-Purpose header
 * decoded (400 `purpose_malformed` when its percent-encoding does not decode), else undefined.
 */
export function sentPurpose(request: FastifyRequest, fromParams?: string | null): string | undefined {
  if (typeof fromParams === 'string' && fromParams.trim()) return fromParams;
  const h = request.headers['x-purpose'];
  const raw = Array.isArray(h) ? h[0] : h;
  if (raw === undefined || raw === '') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw problem('purpose_malformed', 'exchange.purpose.malformed', 'X-Purpose');
  }
}

/** The checked purpose of a data read (see sentPurpose and cleanPurpose). */
export function purposeOf(request: FastifyRequest, fromParams?: string | null): string {
  return cleanPurpose(sentPurpose(request, fromParams));
}
