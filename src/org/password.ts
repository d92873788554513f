import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../core/errors.js';

/**
 * Password hashing with scrypt. The stored string names its own parameters
 * (`scrypt$N$r$p$salt$hash`, salt and hash base64url), so the cost can be raised later and old
 * hashes still verify.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 B = 32 MiB and ~50–100 ms per hash on a server core: slow for guessing, fine for logins. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/** The scrypt parameters for a cost given as log2 N (the `passwordHashCost` setting). */
export function scryptParams(cost: number): ScryptParams {
  return { ...DEFAULT_SCRYPT, N: 2 ** cost };
}
const KEY_LEN = 32;
const SALT_LEN = 16;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LEN);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  // Refuse absurd parameters from a tampered row rather than burn memory on them.
  if (![N, r, p].every(Number.isInteger) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4], 'base64url');
  const expected = Buffer.from(parts[5], 'base64url');
  if (expected.length === 0) return false;
  const key = await scrypt(password, salt, { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password, verified against when the username is unknown so both paths cost the same. */
const dummyHashes = new Map<number, Promise<string>>();
export function timingDummyHash(params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  let h = dummyHashes.get(params.N);
  if (!h) dummyHashes.set(params.N, (h = hashPassword(randomBytes(16).toString('hex'), params)));
  return h;
}

export type PasswordRule = 'too_short' | 'too_few_classes' | 'contains_username' | 'too_long';

/** The rules a password breaks (empty when acceptable). */
export function passwordProblems(password: string, opts: { minLength: number; username?: string }): PasswordRule[] {
  const problems: PasswordRule[] = [];
  const length = [...password].length;
  if (length < opts.minLength) problems.push('too_short');
  if (length > 256) problems.push('too_long');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('too_few_classes');
  const u = opts.username?.trim().toLowerCase();
  if (u && u.length >= 3 && password.toLowerCase().includes(u)) problems.push('contains_username');
  return problems;
}

/** Throws 400 'weak_password' with one field error per broken rule. */
export function assertStrongPassword(password: string, opts: { minLength: number; username?: string; field?: string }): void {
  const problems = passwordProblems(password, opts);
  if (!problems.length) return;
  const field = opts.field ?? 'body.password';
  throw new AppError(
    400,
    'weak_password',
    'org.password.weak',
    { minLength: opts.minLength },
    problems.map((code) => ({ field, code, messageKey: `org.password.${code}`, params: { minLength: opts.minLength } })),
  );
}
