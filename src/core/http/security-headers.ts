import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The portal's Content-Security-Policy and helmet's other defaults. */
export const SECURITY_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // Ant Design injects its CSS-in-JS styles at run time; the docs page needs inline styles too.
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
};

/**
 * The headers helmet sets for these options, computed once. Nothing in them depends on the
 * request (no CSP nonces), so running helmet's middleware per request — which is what
 * @fastify/helmet does, rebuilding it and re-parsing the CSP every time, ~10% of a key lookup's
 * CPU — only repeats this result.
 */
export function securityHeaders(options: HelmetOptions = SECURITY_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  let failed: unknown = null;
  helmet(options)({ headers: {} } as IncomingMessage, res, (e?: unknown) => {
    if (e) failed = e;
  });
  if (failed) throw failed;
  return headers;
}

let platformHeaders: Record<string, string> | null = null;

/** The headers for the platform's own options (the portal's pages and files), computed once. */
export function platformSecurityHeaders(): Record<string, string> {
  platformHeaders ??= securityHeaders();
  return platformHeaders;
}

/** What an API answer may be kept as, unless its route says otherwise (downloads: `private, no-cache` with an ETag). */
export const API_CACHE_CONTROL = 'no-store';

/** The API's answers: `/api/v1/…` (the OpenAPI document and its UI under /api/docs are pages and keep the portal's set). */
const isApiUrl = (url: string): boolean => url.startsWith('/api/v1/');

/**
 * The headers of an API answer — JSON, problem+json or an attachment, never a page to render — after
 * OWASP's REST Security Cheat Sheet: nothing may load or frame it (`default-src 'none';
 * frame-ancestors 'none'`, `X-Frame-Options: DENY`), no sniffing, no referrer, same-origin reads
 * only, HSTS as on every answer, and `Cache-Control: no-store`: API answers are personal and audited
 * data (a copy in a browser or proxy cache on a shared workstation would be an access nobody
 * audited). The document-only headers (COOP, Origin-Agent-Cluster, DNS prefetch, IE download
 * options, the portal's full CSP) are left off: ~400 bytes less on every data-plane answer.
 * Computed once.
 */
let apiHeaders: Record<string, string> | null = null;
function apiSecurityHeaders(): Record<string, string> {
  if (!apiHeaders) {
    const hsts = platformSecurityHeaders()['strict-transport-security'];
    apiHeaders = {
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cache-control': API_CACHE_CONTROL,
      ...(hsts ? { 'strict-transport-security': hsts } : {}),
    };
  }
  return apiHeaders;
}

/** The security headers for an answer to this URL: the API's set or the portal's. */
export function securityHeadersFor(url: string): Record<string, string> {
  return isApiUrl(url) ? apiSecurityHeaders() : platformSecurityHeaders();
}

/**
 * Sets the security headers on every response (before the route runs, so errors carry them too):
 * the API's set on `/api/v1/…`, the portal's elsewhere. The portal's own files (hashed assets) keep
 * the caching @fastify/static gives them.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  const document = platformSecurityHeaders();
  const api = apiSecurityHeaders();
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApiUrl(request.url) ? api : document);
    done();
  });
}
