import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../core/config.js';
import { openPlatform, type Platform } from '../platform.js';
import type { AuditActor } from '../audit/types.js';

/** Options every command accepts. */
export interface GlobalOptions {
  dataDir?: string;
  port?: string;
  host?: string;
}

/** A clear one-line failure: printed without a stack trace, exit code 1 (or the given one). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function cliConfig(opts: GlobalOptions): Config {
  const overrides: Partial<Config> = {};
  if (opts.dataDir) overrides.dataDir = opts.dataDir;
  if (opts.host) overrides.host = opts.host;
  if (opts.port !== undefined) {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be an integer between 0 and 65535, got "${opts.port}"`);
    overrides.port = port;
  }
  return loadConfig(process.env, overrides);
}

/** The operator at the console: audited as `cli:<os user>`. */
export function cliActor(): AuditActor {
  let name = 'operator';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (containers): keep the generic name
  }
  return { actorType: 'cli', actorId: name, actorName: `cli:${name}`, unitId: null, clientIp: null, requestId: null };
}

/** Opens the platform for one command and always closes it (flushing the audit queue). */
export async function withPlatform<T>(config: Config, fn: (p: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform(config);
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}
