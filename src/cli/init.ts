import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Config } from '../core/config.js';
import { createSigningKey } from '../audit/keys.js';
import { openPlatform, type Platform } from '../platform.js';
import { cliActor } from './context.js';

export interface InitResult {
  platform: Platform;
  keyCreated: boolean;
  /** Set when this run created the first administrator. */
  admin?: { username: string; password: string; generated: boolean };
}

/** A random password that satisfies the password policy (upper, lower, digit, symbol). */
export function generatePassword(): string {
  return `Gs-${randomBytes(12).toString('base64url')}-7a`;
}

/**
 * Prepares a data directory: the directory, the audit signing key, the database schema and —
 * unless `createAdmin` is false — the first platform administrator. Safe to run twice.
 */
export async function initDataDir(
  config: Config,
  opts: { adminUsername?: string; adminPassword?: string; createAdmin?: boolean } = {},
): Promise<InitResult> {
  mkdirSync(config.dataDir, { recursive: true });
  const { created } = createSigningKey(config.dataDir, config.auditSignature);
  const platform = await openPlatform(config);
  const result: InitResult = { platform, keyCreated: created };
  if (opts.createAdmin === false) return result;
  const username = opts.adminUsername ?? 'admin';
  const admins = await platform.org.listUsers({ role: 'platform_admin', limit: 1, offset: 0 });
  if (admins.total > 0) return result;
  const generated = !opts.adminPassword;
  const password = opts.adminPassword ?? generatePassword();
  const infoCenter = (await platform.org.listUnits({ function: 'information_center', limit: 1, offset: 0 })).items[0] ?? null;
  await platform.org.createUser(cliActor(), {
    username,
    displayName: '平台管理员',
    unitId: infoCenter?.id ?? null,
    roles: ['platform_admin'],
    password,
  });
  result.admin = { username, password, generated };
  return result;
}
