import type { Config } from '../core/config.js';
import { buildApp } from '../core/http/app.js';
import { openPlatform, type Platform } from '../platform.js';

/**
 * Serves the portal and the API until SIGTERM/SIGINT, then shuts down in order: stop accepting,
 * drain in-flight requests, flush the audit queue and sign a checkpoint, close the database.
 */
export async function serve(config: Config, opened?: Platform): Promise<void> {
  const platform = opened ?? (await openPlatform(config, { background: true }));
  // A platform opened for seeding (demo) starts its background work here.
  if (opened) {
    await platform.exchange.recover();
    platform.subscriptions.start();
  }
  const app = await buildApp(platform);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const db = platform.db.dialect === 'sqlite' ? platform.db.sqlitePath : 'PostgreSQL';
  console.log(`GovShare 政务信息资源共享平台 — http://${config.host}:${port}  (database: ${db}, data dir: ${config.dataDir})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
      await platform.close();
      process.exit(0);
    } catch (e) {
      console.error(`shutdown failed: ${(e as Error).message}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
