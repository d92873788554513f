import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Every setting of the server, with its environment variable and default. The README's
 * configuration table is generated from `SETTINGS` (see `govshare config`), so the two cannot drift.
 */
export interface Config {
  dataDir: string;
  databaseUrl: string | null;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  auditHash: 'sm3' | 'sha256';
  auditSignature: 'sm2' | 'ecdsa-p256';
  auditCheckpointEvery: number;
  auditFlushMs: number;
  auditWriter: 'thread' | 'inline';
  sessionTtlMinutes: number;
  passwordMinLength: number;
  /** scrypt cost of new password hashes, as log2 N (existing hashes keep the cost they name). */
  passwordHashCost: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  trustProxy: boolean;
  cookieSecure: boolean;
  nodeId: string;
  anonymousCatalog: boolean;
  uploadMaxBytes: number;
  fileMaxBytes: number;
  webhookAllowedHosts: string[];
  webhookTimeoutMs: number;
  webhookMaxAttempts: number;
}

interface Setting<K extends keyof Config> {
  key: K;
  env: string;
  default: Config[K];
  parse: (raw: string) => Config[K];
  describe: string;
}

class ConfigError extends Error {}
export { ConfigError };

const int = (min: number, max: number) => (raw: string) => {
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`must be between ${min} and ${max}, got ${n}`);
  return n;
};
const oneOf = <T extends string>(...values: T[]) => (raw: string): T => {
  if (!values.includes(raw as T)) throw new ConfigError(`must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
};
const bool = (raw: string) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`must be true or false, got "${raw}"`);
};
const str = (raw: string) => {
  if (!raw.trim()) throw new ConfigError('must not be empty');
  return raw.trim();
};
const list = (raw: string) =>
  raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
const url = (raw: string) => {
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new ConfigError(`must be a postgres:// URL, got "${raw}"`);
  return raw;
};

export const SETTINGS: Setting<keyof Config>[] = [
  { key: 'dataDir', env: 'GOVSHARE_DATA_DIR', default: './data', parse: str, describe: 'Data directory: SQLite file, audit signing key, blobs, backups' },
  { key: 'databaseUrl', env: 'DATABASE_URL', default: null, parse: url, describe: 'PostgreSQL URL; when unset the embedded SQLite database in the data directory is used' },
  { key: 'host', env: 'GOVSHARE_HOST', default: '127.0.0.1', parse: str, describe: 'Address the server listens on' },
  { key: 'port', env: 'GOVSHARE_PORT', default: 8080, parse: int(0, 65535), describe: 'Port the server listens on' },
  { key: 'logLevel', env: 'GOVSHARE_LOG_LEVEL', default: 'info', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), describe: 'Log level (pino)' },
  { key: 'auditHash', env: 'GOVSHARE_AUDIT_HASH', default: 'sm3', parse: oneOf('sm3', 'sha256'), describe: 'Hash of the audit chain (国密 SM3 or SHA-256); fixed when the database is initialised' },
  { key: 'auditSignature', env: 'GOVSHARE_AUDIT_SIGNATURE', default: 'sm2', parse: oneOf('sm2', 'ecdsa-p256'), describe: 'Signature of audit checkpoints (SM2 or ECDSA P-256); used by init when creating the key' },
  { key: 'auditCheckpointEvery', env: 'GOVSHARE_AUDIT_CHECKPOINT_EVERY', default: 1000, parse: int(1, 1_000_000), describe: 'Sign a checkpoint at least every N audit events' },
  { key: 'auditFlushMs', env: 'GOVSHARE_AUDIT_FLUSH_MS', default: 0, parse: int(0, 1000), describe: 'Extra milliseconds the audit group commit waits to gather events (0: flush as soon as the previous commit ends)' },
  { key: 'auditWriter', env: 'GOVSHARE_AUDIT_WRITER', default: 'thread', parse: oneOf('thread', 'inline'), describe: 'Where the audit group commit of data reads runs: a writer thread with its own database connection (thread), or the event loop (inline)' },
  { key: 'sessionTtlMinutes', env: 'GOVSHARE_SESSION_TTL_MINUTES', default: 480, parse: int(5, 43_200), describe: 'Browser session lifetime in minutes' },
  { key: 'passwordMinLength', env: 'GOVSHARE_PASSWORD_MIN_LENGTH', default: 10, parse: int(8, 128), describe: 'Minimum password length (passwords also need three of: lower, upper, digit, symbol)' },
  { key: 'passwordHashCost', env: 'GOVSHARE_PASSWORD_HASH_COST', default: 15, parse: int(10, 20), describe: 'scrypt cost of new password hashes as log2 N: 15 = 32 MiB and ~50–100 ms per hash; each step doubles both (existing hashes keep their own cost)' },
  { key: 'loginMaxFailures', env: 'GOVSHARE_LOGIN_MAX_FAILURES', default: 5, parse: int(1, 100), describe: 'Consecutive failed logins before an account is locked' },
  { key: 'loginLockMinutes', env: 'GOVSHARE_LOGIN_LOCK_MINUTES', default: 15, parse: int(1, 10_080), describe: 'How long a locked account stays locked' },
  { key: 'bodyLimitBytes', env: 'GOVSHARE_BODY_LIMIT_BYTES', default: 1_048_576, parse: int(1024, 1_073_741_824), describe: 'Largest JSON request body accepted' },
  { key: 'rateLimitPerMinute', env: 'GOVSHARE_RATE_LIMIT_PER_MINUTE', default: 6000, parse: int(0, 10_000_000), describe: 'Requests per minute per client address (0 disables)' },
  { key: 'trustProxy', env: 'GOVSHARE_TRUST_PROXY', default: false, parse: bool, describe: 'Trust X-Forwarded-For from a reverse proxy for the client address' },
  { key: 'cookieSecure', env: 'GOVSHARE_COOKIE_SECURE', default: false, parse: bool, describe: 'Mark session cookies Secure (set true behind HTTPS)' },
  { key: 'nodeId', env: 'GOVSHARE_NODE_ID', default: 'node-1', parse: str, describe: 'This server node\'s id: names its audit chain' },
  { key: 'anonymousCatalog', env: 'GOVSHARE_ANONYMOUS_CATALOG', default: false, parse: bool, describe: 'Let anonymous visitors read the published catalog' },
  { key: 'uploadMaxBytes', env: 'GOVSHARE_UPLOAD_MAX_BYTES', default: 4_294_967_296, parse: int(1024, 1_099_511_627_776), describe: 'Largest dataset upload (CSV, NDJSON, JSON, XLSX) accepted; uploads are streamed to disk, never held in memory' },
  { key: 'fileMaxBytes', env: 'GOVSHARE_FILE_MAX_BYTES', default: 1_073_741_824, parse: int(1024, 1_099_511_627_776), describe: 'Largest file of a non-tabular resource (document, image, media) accepted' },
  { key: 'webhookAllowedHosts', env: 'GOVSHARE_WEBHOOK_ALLOWED_HOSTS', default: [], parse: list, describe: 'Comma-separated hosts a subscription may deliver to over plain HTTP (HTTPS URLs are always allowed)' },
  { key: 'webhookTimeoutMs', env: 'GOVSHARE_WEBHOOK_TIMEOUT_MS', default: 10_000, parse: int(100, 120_000), describe: 'How long a webhook delivery waits for the receiver' },
  { key: 'webhookMaxAttempts', env: 'GOVSHARE_WEBHOOK_MAX_ATTEMPTS', default: 10, parse: int(1, 100), describe: 'Delivery attempts (exponential backoff) before a delivery goes to the dead-letter state' },
] as Setting<keyof Config>[];

export function defaultConfig(): Config {
  const c = {} as Record<string, unknown>;
  for (const s of SETTINGS) c[s.key] = s.default;
  return c as unknown as Config;
}

/**
 * Loads the configuration: defaults, then an optional JSON file named by `GOVSHARE_CONFIG`
 * (keys as in `Config`), then environment variables, then explicit overrides (CLI flags).
 * Every bad value is reported at once, with the variable that carried it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const config = defaultConfig() as unknown as Record<string, unknown>;
  const problems: string[] = [];
  const fileName = env.GOVSHARE_CONFIG;
  if (fileName) {
    if (!existsSync(fileName)) problems.push(`GOVSHARE_CONFIG: file not found: ${fileName}`);
    else {
      try {
        const fromFile = JSON.parse(readFileSync(fileName, 'utf8')) as Record<string, unknown>;
        for (const [k, v] of Object.entries(fromFile)) {
          const s = SETTINGS.find((x) => x.key === k);
          if (!s) {
            problems.push(`${fileName}: unknown setting "${k}"`);
            continue;
          }
          try {
            config[k] = s.parse(String(v));
          } catch (e) {
            problems.push(`${fileName}: ${k} ${(e as Error).message}`);
          }
        }
      } catch (e) {
        problems.push(`${fileName}: not valid JSON (${(e as Error).message})`);
      }
    }
  }
  for (const s of SETTINGS) {
    const raw = env[s.env];
    if (raw === undefined || raw === '') continue;
    try {
      config[s.key] = s.parse(raw);
    } catch (e) {
      problems.push(`${s.env} ${(e as Error).message}`);
    }
  }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) config[k] = v;
  if (problems.length) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  config.dataDir = resolve(String(config.dataDir));
  return config as unknown as Config;
}
