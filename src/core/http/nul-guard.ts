import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * U+0000 cannot be stored in a PostgreSQL text column (nor in jsonb), and SQLite cuts some
 * functions short at it: a request carrying one anywhere in its path parameters, query string or
 * JSON body is refused up front with 400 `nul_character`, the same on both databases, instead of
 * failing inside a query as a 500 on PostgreSQL. (Streamed uploads check their own values.)
 */
export function containsNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (v === null || typeof v !== 'object' || depth > 64) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (containsNul(x, depth + 1)) return true;
    return false;
  }
  // Only plain data (parsed JSON; params and query, whose maps may come from a null-prototype
  // class); a streamed or binary body is left to its route.
  if (isStreamOrBinary(v)) return false;
  for (const k in v as Record<string, unknown>) {
    if (k.includes('\u0000') || containsNul((v as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

function isStreamOrBinary(v: object): boolean {
  return ArrayBuffer.isView(v) || v instanceof ArrayBuffer || typeof (v as { pipe?: unknown }).pipe === 'function' || typeof (v as { on?: unknown }).on === 'function';
}

export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const where = containsNul(request.params) ? 'params' : containsNul(request.query) ? 'querystring' : containsNul(request.body) ? 'body' : null;
    if (!where) return done();
    done(new AppError(400, 'nul_character', 'error.nul_character', {}, [{ field: where, code: 'nul_character', messageKey: 'error.nul_character', params: {} }]));
  });
}
