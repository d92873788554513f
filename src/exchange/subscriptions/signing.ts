import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignatureAlgorithm } from '../types.js';

/**
 * Webhook signatures. Every delivery carries
 *   X-GovShare-Timestamp: <unix seconds>
 *   X-GovShare-Signature: <algorithm>=<hex HMAC of "<timestamp>.<raw body>">
 * keyed with the subscription's shared secret (its UTF-8 text as returned at creation).
 * Receivers recompute the HMAC over the exact bytes received, compare in constant time, and
 * reject old timestamps (replay protection); X-GovShare-Delivery lets them drop duplicates.
 */

const HASH: Record<SignatureAlgorithm, string> = { 'hmac-sha256': 'sha256', 'hmac-sm3': 'sm3' };

/** A new shared secret: 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Hex HMAC of "<timestamp>.<body>". */
export function hmacHex(algorithm: SignatureAlgorithm, secret: string, timestamp: number | string, body: string | Buffer): string {
  const h = createHmac(HASH[algorithm], secret);
  h.update(`${timestamp}.`);
  h.update(body);
  return h.digest('hex');
}

/** The X-GovShare-Signature header value. */
export function signatureHeader(algorithm: SignatureAlgorithm, secret: string, timestamp: number | string, body: string | Buffer): string {
  return `${algorithm}=${hmacHex(algorithm, secret, timestamp, body)}`;
}

/**
 * Checks a received delivery (what a receiver does; the tests and the documentation use it).
 * `toleranceSeconds` bounds the clock skew between sender and receiver (default 5 minutes).
 */
export function verifySignature(opts: {
  secret: string;
  header: string | undefined;
  timestamp: string | undefined;
  body: string | Buffer;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): boolean {
  const { header, timestamp } = opts;
  if (!header || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (opts.toleranceSeconds ?? 300)) return false;
  const eq = header.indexOf('=');
  if (eq < 0) return false;
  const algorithm = header.slice(0, eq) as SignatureAlgorithm;
  if (!Object.hasOwn(HASH, algorithm)) return false;
  const given = Buffer.from(header.slice(eq + 1), 'hex');
  const expected = Buffer.from(hmacHex(algorithm, opts.secret, timestamp, opts.body), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
