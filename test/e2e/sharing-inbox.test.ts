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
import { demoUnitCode, seedDemo } from '../../src/demo/seed.js';
import type { SharingActor } from '../../src/sharing/workflow/types.js';
import { captureFailures, recordToasts, toast } from './support.js';

/**
 * The workflow kernel in the portal (issue 5): a steward of 市公安局 sees what awaits the unit with
 * working-day countdowns (one task overdue after a sweep), reads and clears notifications; the IT
 * authority changes a deadline setting. Real server (SQLite), built portal, Debian's Chromium.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PASSWORD = 'E2e-Inbox-Pass#2026';
const CHROMIUM = process.env.GOVSHARE_CHROMIUM ?? '/usr/bin/chromium';

let dataDir: string;
let platform: Platform;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const pageErrors: string[] = [];

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await recordToasts(context);
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

describe('Sharing inbox in Chromium', () => {
  captureFailures('sharing-inbox', () => browser);
  beforeAll(async () => {
    if (!webDistDir()) throw new Error('web/dist is missing: run `npm run build` first');
    dataDir = mkdtempSync(join(tmpdir(), 'govshare-e2e-inbox-'));
    const config = loadConfig({}, { dataDir, databaseUrl: null, logLevel: 'silent', rateLimitPerMinute: 0 });
    createSigningKey(config.dataDir, config.auditSignature);
    platform = await openPlatform(config);
    await seedDemo(platform, { password: PASSWORD, catalog: false });
    const mz = (await platform.org.getUnitByCode(demoUnitCode(11)))!.id;
    const ga = (await platform.org.getUnitByCode(demoUnitCode(10)))!.id;
    const by: SharingActor = { actorType: 'user', actorId: 'e2e', actorName: 'user_mz', unitId: mz, clientIp: null, requestId: null, kind: 'user', roles: ['unit_user'] };
    for (const [id, title, days] of [
      ['e2e-inbox-1', '测试需求：户籍人口统计（e2e）', 10],
      ['e2e-inbox-2', '测试需求：低保对象核验（e2e）', 2],
    ] as const) {
      await platform.audit.transact(async (trx) => {
        const ev = await platform.workflow.record(trx, {
          by,
          itemKind: 'demand',
          itemId: id,
          title,
          action: 'sharing.demand.route',
          fromState: 'registered',
          toState: 'routed',
          open: [{ step: 'answer', assignee: { role: 'unit_steward', unitId: ga }, workingDays: days }],
          notify: [{ assignee: { role: 'unit_steward', unitId: ga }, kind: 'workflow.notice.assigned', params: { title, step: 'answer' } }],
        });
        return { value: undefined, events: [ev] };
      });
    }
    // The second task's deadline has passed: the sweeper marks it and tells the unit and the authority.
    await platform.db.kysely.updateTable('sharing_task').set({ due_at: new Date(Date.now() - 3 * 86_400_000).toISOString() }).where('item_id', '=', 'e2e-inbox-2').execute();
    expect((await platform.workflow.sweep()).newlyOverdue).toBe(1);

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

  it("shows the steward's tasks with countdowns, the overdue one first, and clears notifications", async () => {
    const p = await signIn('steward_ga');
    await p.goto(`${base}/inbox`);
    const table = p.getByTestId('inbox-table');
    await table.getByText('测试需求：户籍人口统计（e2e）').waitFor();
    const rows = table.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.nth(0).innerText()).toContain('低保对象核验');
    expect(await rows.nth(0).getByTestId('due-tag').innerText()).toContain('已超期');
    expect(await rows.nth(1).getByTestId('due-tag').innerText()).toMatch(/剩余 \d+ 个工作日/);
    expect(await rows.nth(1).innerText()).toContain('答复');
    await shoot(p, 'sharing-inbox-tasks.png');

    await p.getByTestId('tab-notifications').click();
    const notes = p.getByTestId('notifications-table');
    await notes.getByText('已超过办理时限').first().waitFor();
    await p.getByTestId('mark-all-read').click();
    await expect.poll(() => notes.locator('.ant-tag', { hasText: '未读' }).count()).toBe(0);
    await shoot(p, 'sharing-inbox-notifications.png');
    await p.context().close();
  });

  it('lets the IT authority change a deadline, and keeps the settings page from units', async () => {
    const p = await signIn('reviewer');
    await p.goto(`${base}/sharing/settings`);
    const input = p.locator('[data-testid="deadline-delivery"] input, input[data-testid="deadline-delivery"]').first();
    await input.waitFor();
    // The field is there before the settings arrive: wait for the value, not the first render.
    await expect.poll(() => input.inputValue()).toBe('20');
    await input.fill('15');
    await p.getByTestId('save-deadlines').click();
    await toast(p, '时限设置已保存');
    expect((await platform.workflow.settings()).delivery).toBe(15);
    await shoot(p, 'sharing-deadline-settings.png');
    await p.context().close();

    const u = await signIn('user_mz');
    await u.goto(`${base}/inbox`);
    await u.getByTestId('inbox-table').waitFor();
    expect(await u.getByTestId('side-menu').innerText()).not.toContain('时限设置');
    await u.context().close();
    expect(pageErrors).toEqual([]);
  });
});
