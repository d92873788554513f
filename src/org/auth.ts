import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Platform } from '../platform.js';
import { AppError } from '../core/errors.js';
import './messages.js';

export const SESSION_COOKIE = 'gs_session';
export const CSRF_COOKIE = 'gs_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const LOGIN_ROUTE = '/api/v1/auth/login';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves the caller of every API request into `request.actor`: a bearer credential (a session
 * token from login, or an application system's `gst_…` token) or the `gs_session` cookie.
 * A bearer credential that is wrong, expired or revoked is answered with 401 at once; a stale
 * cookie just leaves the caller anonymous so they can sign in again. Cookie-authenticated unsafe
 * requests must echo the session's CSRF token in `X-CSRF-Token`.
 */
export function authHook(platform: Platform): onRequestAsyncHookHandler {
  return async function orgAuth(request: FastifyRequest, _reply: FastifyReply) {
    request.actor = null;
    // Static portal files and probes need no identity; skip the lookup for them.
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i.exec(header);
      if (!m) throw new AppError(401, 'invalid_token', 'org.auth.invalid_token');
      const actor = await platform.org.authenticate(m[1], 'bearer');
      if (!actor) throw new AppError(401, 'invalid_token', 'org.auth.invalid_token');
      request.actor = actor;
      return;
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (!cookie) return;
    let actor = null;
    try {
      actor = await platform.org.authenticate(cookie, 'cookie');
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
    if (!actor) return;
    if (!SAFE_METHODS.has(request.method) && request.routeOptions.url !== LOGIN_ROUTE) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !actor.csrfToken || !sameSecret(sent, actor.csrfToken)) {
        throw new AppError(403, 'csrf_failed', 'auth.csrf');
      }
    }
    request.actor = actor;
  };
}
