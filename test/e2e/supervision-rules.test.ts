import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { createSigningKey } from '../../src/audit/keys.js';
import { buildApp, webDistDir } from '../../src/core/http/app.js';
import { seedDemo } from '../../src/demo/seed.js';
import { captureFailures } from './support.js';

/**
 * 合规监测 (R23) in the portal: the supervisor opens the rules page, runs every rule now, sees
 * each rule's last run, and raises a threshold. Real server (SQLite, demo catalog), built portal,
 * Debian's Chromium; screenshot in test-artifacts/.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PASSWORD = 'E2e-Rules-Pass#2026';
const CHROMIUM = process.env.GOVSHARE_CHROMIUM ?? '/usr/bin/chromium';

let dataDir: string;
let platform: Platform;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const pageErrors: string[] = [];

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 2100 }, locale: 'zh-CN' });
  const p = await context.newPage();
  p.setDefaultTimeout(30_000);
  p.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  await p.goto(`${base}/login`);
  await p.locator('input[data-testid="login-username"], [data-testid="login-username"] input').first().fill(username);
  await p.locator('input[data-testid="login-password"], [data-testid="login-password"] input').first().fill(PASSWORD);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('welcome').waitFor();
  return p;
}

describe('Compliance monitor (合规监测) in Chromium', () => {
  captureFailures('supervision-rules', () => browser);
  beforeAll(async () => {
    if (!webDistDir()) throw new Error('web/dist is missing: run `npm run build` first');
    dataDir = mkdtempSync(join(tmpdir(), 'govshare-e2e-rules-'));
    const config = loadConfig({}, { dataDir, databaseUrl: null, logLevel: 'silent', rateLimitPerMinute: 0 });
    createSigningKey(config.dataDir, config.auditSignature);
    platform = await openPlatform(config);
    await seedDemo(platform, { password: PASSWORD, catalog: true });
    app = await buildApp(platform, { logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await platform?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the supervisor runs every rule now and raises a threshold', async () => {
    const p = await signIn('supervisor');
    await p.goto(`${base}/supervision/rules`);
    const table = p.getByTestId('rules-table');
    await table.getByText('c3.update_overdue').waitFor();
    await table.getByText('第三十一条第五项').first().waitFor();
    await p.getByTestId('run-all').click();
    await p.getByTestId('run-summary').waitFor();
    await expect.poll(() => p.getByTestId('rule-status-c3.update_overdue').textContent()).toBe('成功');
    const multiple = p.locator('#volumeMultiple');
    await multiple.fill('8');
    await p.getByTestId('save-settings').click();
    await expect.poll(async () => (await platform.compliance.settings()).volumeMultiple, { timeout: 10_000 }).toBe(8);
    await expect.poll(() => p.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await p.mouse.move(0, 0);
    // The whole page fits the tall viewport: no full-page stitching under the fixed header.
    await p.screenshot({ path: join(ARTIFACTS, 'compliance-rules.png') });
    const runs = await platform.audit.query({ action: 'supervision.rules.run', actor: 'supervisor' } as never);
    expect(runs.items.length).toBeGreaterThanOrEqual(10);
    await p.context().close();
    expect(pageErrors).toEqual([]);
  });
});
