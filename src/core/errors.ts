import type { MessageKey } from './i18n.js';

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. "/code" or "body.password". */
  field: string;
  /** Stable machine code, e.g. "invalid_format". */
  code: string;
  /** Human message (already localized when produced by the problem handler). */
  message: string;
}

/**
 * An error that maps to an RFC 9457 problem response. `code` is stable and documented;
 * the message is looked up by key in the request's language, with `params` interpolated.
 */
export class AppError extends Error {
  /** Response headers that belong with this problem (e.g. Retry-After); set through withHeader. */
  readonly headers: Record<string, string> = {};

  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly fieldErrors: { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> }[] = [],
  ) {
    super(`${code}: ${messageKey}`);
  }

  withHeader(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
}

export const badRequest = (code: string, key: MessageKey, params?: Record<string, string | number>) =>
  new AppError(400, code, key, params);
export const unauthorized = (code = 'unauthenticated', key: MessageKey = 'auth.required') => new AppError(401, code, key);
export const forbidden = (key: MessageKey = 'auth.forbidden', params?: Record<string, string | number>) =>
  new AppError(403, 'forbidden', key, params);
export const notFound = (what: string) => new AppError(404, 'not_found', 'error.not_found', { what });
export const conflict = (code: string, key: MessageKey, params?: Record<string, string | number>) =>
  new AppError(409, code, key, params);

/** A validation failure on one or more fields (422 would also do; 400 keeps clients simple). */
export function invalid(
  fields: { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> }[],
): AppError {
  return new AppError(400, 'validation_failed', 'error.validation', {}, fields);
}
