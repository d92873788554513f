import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
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
import type { AuditActor } from '../../src/audit/types.js';
import { seedDemo } from '../../src/demo/seed.js';
import { captureFailures } from './support.js';

/**
 * The agreement gate end to end (issue 5, R17). 市民政局 holds a grant to three items of
 * 流动人口居住登记信息 (公安局) waiting for its confidentiality agreement. In the portal the
 * consumer uploads the signed PDF (its SHA-256 shown), each party confirms for its side, the
 * consumer submits it for filing, the secrecy bureau and the IT authority each acknowledge from
 * their 待备案 box — and only then does the grant turn active and the data API answer.
 * Real server (SQLite, demo catalog), built portal, Debian's Chromium; screenshots in test-artifacts/.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PASSWORD = 'E2e-Agreement-Pass#2026';
const CHROMIUM = process.env.GOVSHARE_CHROMIUM ?? '/usr/bin/chromium';
const RESOURCE = '流动人口居住登记信息';
const seeder: AuditActor = { actorType: 'system', actorId: 'e2e-agreements', actorName: 'e2e-agreements', unitId: null, clientIp: null, requestId: null };

let dataDir: string;
let platform: Platform;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let pdfPath: string;
const PDF = Buffer.from('%PDF-1.7\n% 共享安全保密协议（签署版，演示）\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
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

const stateOf = (p: Page) => p.getByTestId('agreement-detail').getByTestId('agreement-state').first().getAttribute('data-state');

describe('Confidentiality agreement and filing in Chromium', () => {
  captureFailures('agreements', () => browser);
  let code = '';
  let agreementId = '';
  let grantId = '';

  beforeAll(async () => {
    if (!webDistDir()) throw new Error('web/dist is missing: run `npm run build` first');
    dataDir = mkdtempSync(join(tmpdir(), 'govshare-e2e-agreements-'));
    const config = loadConfig({}, { dataDir, databaseUrl: null, logLevel: 'silent', rateLimitPerMinute: 0 });
    createSigningKey(config.dataDir, config.auditSignature);
    platform = await openPlatform(config);
    await seedDemo(platform, { password: PASSWORD, catalog: true });
    app = await buildApp(platform, { logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const hit = (await platform.catalog.search(seeder, { q: RESOURCE, facets: false })).items.find((r) => r.name === RESOURCE)!;
    code = hit.code;
    const resource = (await platform.catalog.published(code))!;
    const mz = (await platform.org.getUserByUsername('user_mz'))!;
    const ga = (await platform.org.getUserByUsername('steward_ga'))!;
    // A grant of this test's own (demo data may hold others for the unit): revoke any other, so the read below shows this gate alone.
    for (const g of await platform.sharing.listGrants({ resourceCode: code, consumerUnitId: mz.unitId! })) {
      if (g.state !== 'revoked' && g.state !== 'expired') await platform.sharing.setGrantState(seeder, g.id, 'revoked', 'e2e 隔离');
    }
    const grant = await platform.sharing.createGrant(seeder, {
      resourceCode: code,
      consumerUnitId: mz.unitId!,
      fields: resource.dataItems.slice(0, 3).map((i) => i.code),
      purpose: '流动人口服务管理',
      state: 'pending_agreement',
    });
    grantId = grant.id;
    const by = { ...seeder, actorType: 'user' as const, actorId: ga.id, actorName: 'steward_ga', unitId: ga.unitId, kind: 'user' as const, roles: ga.roles, systemId: null };
    agreementId = (await platform.agreements.startForGrant(by, grant, { applicationId: null })).id;

    mkdirSync(ARTIFACTS, { recursive: true });
    pdfPath = join(dataDir, '共享安全保密协议（签署版）.pdf');
    writeFileSync(pdfPath, PDF);
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

  const read = async (p: Page) =>
    (await p.request.get(`${base}/api/v1/data/${encodeURIComponent(code)}/records?limit=1`, { headers: { 'x-purpose': encodeURIComponent('流动人口服务') } })).status();

  it('the consumer uploads the signed document, both parties confirm, the consumer submits it for filing', async () => {
    const mz = await signIn('user_mz');
    expect(await read(mz)).toBe(403); // no filing, no data
    await mz.goto(`${base}/sharing/agreements`);
    await mz.getByTestId('agreement-table').getByTestId('agreement-link').filter({ hasText: RESOURCE }).first().click();
    await mz.getByTestId('agreement-detail').waitFor();
    expect(await stateOf(mz)).toBe('draft');
    await mz.getByTestId('agreement-obligations').getByText('不得将共享信息用于任何商业目的', { exact: false }).waitFor();
    await mz.getByTestId('agreement-upload-input').setInputFiles(pdfPath);
    await mz.getByTestId('agreement-upload').click();
    const hash = createHash('sha256').update(PDF).digest('hex');
    await mz.getByTestId('agreement-sha256').getByText(hash).waitFor();
    expect(await stateOf(mz)).toBe('signed');
    await mz.getByTestId('agreement-confirm-consumer').click();
    await mz.getByTestId('agreement-confirmed-consumer').waitFor();
    expect(await mz.getByTestId('agreement-confirm-provider').count()).toBe(0);
    await shoot(mz, 'agreement-signed-consumer-confirmed.png');

    const ga = await signIn('steward_ga');
    await ga.goto(`${base}/sharing/agreements/${agreementId}`);
    await ga.getByTestId('agreement-confirm-provider').click();
    await ga.getByTestId('agreement-confirmed-provider').waitFor();

    await mz.reload();
    await mz.getByTestId('agreement-submit').click();
    await expect.poll(() => stateOf(mz)).toBe('filing');
    await mz.getByTestId('agreement-filing-secrecy_bureau').getByText('待确认').waitFor();
    expect(await read(mz)).toBe(403);
    await shoot(mz, 'agreement-submitted-for-filing.png');
  });

  it('the secrecy bureau and the authority each acknowledge from their 待备案 box; then the grant is active and the data flows', async () => {
    const secrecy = await signIn('secrecy');
    await secrecy.goto(`${base}/sharing/agreements`);
    await secrecy.getByTestId('agreement-table').getByTestId('agreement-link').filter({ hasText: RESOURCE }).first().click();
    await secrecy.getByTestId('agreement-filing-panel-secrecy_bureau').waitFor();
    expect(await secrecy.getByTestId('agreement-confirm-consumer').count()).toBe(0);
    await secrecy.getByTestId('agreement-reference-secrecy_bureau').fill('三保备〔2026〕18号');
    await shoot(secrecy, 'agreement-secrecy-to-file.png');
    await secrecy.getByTestId('agreement-acknowledge-secrecy_bureau').click();
    await secrecy.getByTestId('agreement-filing-secrecy_bureau').getByText('已确认备案').waitFor();
    expect(await stateOf(secrecy)).toBe('filing');
    expect((await platform.sharing.getGrant(grantId)).state).toBe('pending_agreement');

    const reviewer = await signIn('reviewer');
    await reviewer.goto(`${base}/sharing/agreements?box=to_file`);
    await reviewer.getByTestId('agreement-table').getByTestId('agreement-link').filter({ hasText: RESOURCE }).first().click();
    await reviewer.getByTestId('agreement-acknowledge-authority').click();
    await expect.poll(() => stateOf(reviewer)).toBe('filed');
    await reviewer.getByTestId('sharing-timeline').getByText('确认备案').first().waitFor();
    await shoot(reviewer, 'agreement-filed.png');

    expect((await platform.sharing.getGrant(grantId)).state).toBe('active');
    const mz = await signIn('user_mz');
    expect(await read(mz)).toBe(200);
    expect(pageErrors).toEqual([]);
  });
});
