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

/** The headers for the platform's own options, computed once for the hook and for the router's own errors. */
export function platformSecurityHeaders(): Record<string, string> {
  platformHeaders ??= securityHeaders();
  return platformHeaders;
}

/** What an API answer may be kept as, unless its route says otherwise (downloads: `private, no-cache` with an ETag). */
export const API_CACHE_CONTROL = 'no-store';

/**
 * Sets the security headers on every response (before the route runs, so errors carry them too).
 * API answers are personal and audited data: `Cache-Control: no-store` keeps them out of browser and
 * proxy caches (a copy on a shared workstation's disk would be an access nobody audited). The portal's
 * own files (hashed assets) keep the caching @fastify/static gives them.
 */
export function installSecurityHeaders(app: FastifyInstance, options?: HelmetOptions): void {
  const headers = options ? securityHeaders(options) : platformSecurityHeaders();
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    if (request.url.startsWith('/api/v1/')) reply.header('cache-control', API_CACHE_CONTROL);
    done();
  });
}
