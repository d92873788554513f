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
 * The annual report (年度报告, R21) and the dashboards in the portal: the authority opens its
 * dashboard, drafts the 2025 report, completes a section (a new version) and sends it to the
 * leadership group; the leader acknowledges it; the supervisor opens the supervision dashboard.
 * Real server (SQLite, demo catalog), built portal, Debian's Chromium; screenshots in test-artifacts/.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PASSWORD = 'E2e-Report-Pass#2026';
const CHROMIUM = process.env.GOVSHARE_CHROMIUM ?? '/usr/bin/chromium';

let dataDir: string;
let platform: Platform;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const pageErrors: string[] = [];

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
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

async function shoot(p: Page, file: string): Promise<void> {
  await expect.poll(() => p.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
  await p.mouse.move(0, 0);
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
}

describe('Annual report and dashboards in Chromium', () => {
  captureFailures('report-dashboard', () => browser);
  let reportUrl = '';

  beforeAll(async () => {
    if (!webDistDir()) throw new Error('web/dist is missing: run `npm run build` first');
    dataDir = mkdtempSync(join(tmpdir(), 'govshare-e2e-report-'));
    const config = loadConfig({}, { dataDir, databaseUrl: null, logLevel: 'silent', rateLimitPerMinute: 0 });
    createSigningKey(config.dataDir, config.auditSignature);
    platform = await openPlatform(config);
    await seedDemo(platform, { password: PASSWORD, catalog: true });
    // A published evaluation of the year, so the dashboards show results.
    const u = (await platform.org.getUserByUsername('reviewer'))!;
    await platform.evaluation.run({ actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles }, { year: 2026, publish: true });
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

  it('the authority opens its dashboard, drafts the 2025 report, completes it and sends it', async () => {
    const p = await signIn('reviewer');
    await p.goto(`${base}/evaluation/dashboard/authority`);
    await p.getByTestId('dashboard-authority').waitFor();
    await p.locator('[data-testid="chart-grades"][data-rendered="true"]').waitFor();
    await shoot(p, 'dashboard-authority.png');

    await p.goto(`${base}/evaluation/reports`);
    await p.getByTestId('report-draft').click();
    await p.waitForURL(/\/evaluation\/reports\/[0-9a-f-]{36}$/);
    reportUrl = p.url();
    await expect.poll(() => p.getByTestId('report-state').first().textContent()).toBe('已起草');
    await p.getByTestId('report-text').getByText('2025 年，全市', { exact: false }).waitFor();
    await p.getByTestId('report-edit').click();
    await p.getByTestId('report-text-achievements').fill('基础信息资源实现按需共享，跨部门应用持续增加。');
    await p.getByTestId('report-save').click();
    await p.getByText('第 2 版', { exact: false }).first().waitFor();
    await p.getByTestId('report-text').getByText('基础信息资源实现按需共享，跨部门应用持续增加。').waitFor();
    await p.getByTestId('report-send').click();
    await p.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => p.getByTestId('report-state').first().textContent()).toBe('已报送');
    await shoot(p, 'annual-report-sent.png');
    await p.context().close();
  });

  it('the leader finds it in the inbox and acknowledges receipt; the supervisor opens the supervision dashboard', async () => {
    const p = await signIn('leader');
    await p.goto(reportUrl);
    await p.getByTestId('report-receive').click();
    await expect.poll(() => p.getByTestId('report-state').first().textContent()).toBe('已签收');
    await p.getByRole('tab', { name: '统计数据' }).click();
    await p.getByText('跨部门应用系统使用共享资源情况（第二十二条）').waitFor();
    await shoot(p, 'annual-report-received.png');
    await p.context().close();

    const s = await signIn('supervisor');
    await s.goto(`${base}/evaluation/dashboard/supervision`);
    await s.getByTestId('dashboard-supervision').waitFor();
    await s.locator('[data-testid="chart-pending-kind"][data-rendered="true"], [data-testid="chart-usage-monthly"][data-rendered="true"]').first().waitFor();
    await shoot(s, 'dashboard-supervision.png');
    await s.context().close();
    expect(pageErrors).toEqual([]);
  });
});
