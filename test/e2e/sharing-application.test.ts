import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../src/audit/types.js';
import type { ExchangeActor } from '../../src/exchange/types.js';
import { idNumberCheckChar } from '../../src/exchange/values.js';
import { demoUnitCode } from '../../src/demo/seed.js';
import { captureFailures, clickToSend, shoot, startPortal, type Portal } from './support.js';

/**
 * 共享申请 end to end (issue 5, browser test a). 市民政局 applies in the portal for the restricted
 * privacy resource 社保参保信息 (人社局) from its catalog page; 人社局's steward approves it with fewer
 * fields; the confidentiality agreement — found through the grant page — is signed by both parties
 * and filed by the secrecy bureau and the IT authority; then 市民政局 queries the data and sees only
 * the granted fields, the ID number masked.
 * Real server (SQLite, demo catalog), built portal, Debian's Chromium; screenshots in test-artifacts/.
 */

const RESOURCE = '社保参保信息';
const seeder: AuditActor = { actorType: 'system', actorId: 'e2e-applications', actorName: 'e2e-applications', unitId: null, clientIp: null, requestId: null };
const PDF = Buffer.from('%PDF-1.7\n% 共享安全保密协议（签署版，演示）\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let portal: Portal;
let pdfPath: string;

/** Synthetic ID numbers (never a real person) with a correct check character. */
function syntheticId(n: number): string {
  const first17 = `46020319850${n}0${n}91${n}`;
  return first17 + idNumberCheckChar(first17);
}
const ROWS = [1, 2, 3].map((n) => ({ shbzhm: `4602030000000000${n}0`, sfzhm: syntheticId(n), xm: `测试${'甲乙丙'[n - 1]}某`, cbxz: '城镇职工养老保险', cbzt: '1', jfjs: '5000.00', cbdw_tyshxydm: demoUnitCode(12), cbrq: '2020-01-01' }));

const applicationState = (p: Page) => p.getByTestId('application-state').first().getAttribute('data-state');
const agreementState = (p: Page) => p.getByTestId('agreement-detail').getByTestId('agreement-state').first().getAttribute('data-state');

describe('A sharing application in Chromium: apply, approve with fewer fields, agreement filed, masked data', () => {
  captureFailures('sharing-application', () => portal?.browser);
  let code = '';
  let applicationId = '';
  let agreementId = '';

  beforeAll(async () => {
    portal = await startPortal();
    const { platform } = portal;
    code = (await platform.catalog.search(seeder, { q: RESOURCE, facets: false })).items.find((r) => r.name === RESOURCE)!.code;
    const resource = (await platform.catalog.published(code))!;
    // 人社局 has put its data on the platform.
    const steward: ExchangeActor = { ...seeder, kind: 'user', roles: ['unit_steward'], scopes: [], systemId: null, unitId: resource.providerUnitId };
    const lines = ROWS.map((r) => `${JSON.stringify(r)}\n`);
    const { batch } = await platform.exchange.submitBatch(steward, code, { body: Readable.from(lines), meta: { contentType: 'application/x-ndjson', fileName: 'e2e.ndjson' } }, { mode: 'upsert' });
    expect(batch.state).toBe('committed');

    pdfPath = join(portal.dataDir, '共享安全保密协议（签署版）.pdf');
    writeFileSync(pdfPath, PDF);
  });

  afterAll(() => portal?.close());

  const read = async (p: Page) =>
    (await p.request.get(`${portal.base}/api/v1/data/${encodeURIComponent(code)}/records?limit=5`, { headers: { 'x-purpose': encodeURIComponent('低保资格核查') } })).status();

  it('民政局 applies from the catalog entry: items ticked, purpose, legal basis, scenario, scope, system, validity', async () => {
    const mz = await portal.signIn('user_mz');
    expect(await read(mz)).toBe(403);
    await mz.goto(`${portal.base}/catalog/resources/${code}`);
    await mz.getByTestId('resource-apply').click();
    await mz.getByTestId('application-form').waitFor();
    await mz.getByTestId('application-resource-name').getByText(RESOURCE).waitFor();
    for (const item of ['shbzhm', 'sfzhm', 'xm', 'cbzt']) await mz.getByTestId(`item-${item}`).click();
    await mz.locator('textarea[data-testid="application-purpose"]').fill('城乡低保对象家庭经济状况核对');
    await mz.locator('textarea[data-testid="application-legal-basis"]').fill('《社会救助暂行办法》第十一条');
    await mz.locator('input[data-testid="application-scenario"]').fill('社会救助资格核查');
    await mz.locator('input[data-testid="application-scope"]').fill('市民政局社会救助科，全市范围');
    // The unit's one system and the validity are prefilled from the catalog entry.
    await mz.getByTestId('application-system').getByText('社会救助信息系统').waitFor();
    await shoot(mz, 'application-form.png');
    await clickToSend(mz, mz.getByTestId('application-submit'));
    await mz.getByTestId('application-title').waitFor();
    await expect.poll(() => applicationState(mz)).toBe('submitted');
    applicationId = new URL(mz.url()).pathname.split('/').pop()!;
    await mz.getByTestId('sharing-tasks').getByText('答复申请').waitFor();
    await shoot(mz, 'application-submitted.png');
    await mz.context().close();
  });

  it('人社局 approves from its 待我审核 box with fewer fields: the grant waits for the agreement', async () => {
    const rs = await portal.signIn('steward_rs');
    await rs.goto(`${portal.base}/sharing/applications?box=to_review`);
    await rs.getByTestId('applications-table').locator(`[data-testid="application-link"][data-id="${applicationId}"]`).click();
    const panel = rs.getByTestId('approval-panel');
    await panel.waitFor();
    // Narrow: the name is not needed for the check.
    await rs.getByTestId('grant-item-xm').click();
    await shoot(rs, 'application-approval-panel.png');
    await clickToSend(rs, rs.getByTestId('approve-button'));
    await expect.poll(() => applicationState(rs)).toBe('approved');
    const notice = rs.getByTestId('approved-notice');
    await notice.getByTestId('grant-state').getByText('待签署保密协议并备案').waitFor();
    await rs.getByTestId('application-grant').getByTestId('item-list').getByText('公民身份号码').waitFor();
    expect(await rs.getByTestId('application-grant').getByTestId('item-list').getByText('姓名').count()).toBe(0);
    await shoot(rs, 'application-approved.png');
    await rs.context().close();
  });

  it('the agreement, found through the grant page, is signed by both parties and filed by both offices', async () => {
    const mz = await portal.signIn('user_mz');
    await mz.goto(`${portal.base}/sharing/applications/${applicationId}`);
    await mz.getByTestId('grant-link').click();
    await mz.getByTestId('grant-title').waitFor();
    await mz.getByTestId('grant-agreement').waitFor();
    expect(await read(mz)).toBe(403); // pending_agreement: no filing, no data
    await shoot(mz, 'application-grant-pending.png');
    await mz.getByTestId('grant-agreement-link').click();
    await mz.getByTestId('agreement-detail').waitFor();
    agreementId = new URL(mz.url()).pathname.split('/').pop()!;
    expect(await agreementState(mz)).toBe('draft');
    await mz.getByTestId('agreement-upload-input').setInputFiles(pdfPath);
    await clickToSend(mz, mz.getByTestId('agreement-upload'));
    await expect.poll(() => agreementState(mz)).toBe('signed');
    await clickToSend(mz, mz.getByTestId('agreement-confirm-consumer'));
    await mz.getByTestId('agreement-confirmed-consumer').waitFor();

    const rs = await portal.signIn('steward_rs');
    await rs.goto(`${portal.base}/sharing/applications/${applicationId}`);
    await rs.getByTestId('grant-link').click();
    await rs.getByTestId('grant-agreement-link').click();
    await clickToSend(rs, rs.getByTestId('agreement-confirm-provider'));
    await rs.getByTestId('agreement-confirmed-provider').waitFor();
    await rs.context().close();

    await mz.reload();
    await clickToSend(mz, mz.getByTestId('agreement-submit'));
    await expect.poll(() => agreementState(mz)).toBe('filing');
    expect(await read(mz)).toBe(403);
    await mz.context().close();

    const secrecy = await portal.signIn('secrecy');
    await secrecy.goto(`${portal.base}/sharing/agreements/${agreementId}`);
    await clickToSend(secrecy, secrecy.getByTestId('agreement-acknowledge-secrecy_bureau'));
    await secrecy.getByTestId('agreement-filing-secrecy_bureau').getByText('已确认备案').waitFor();
    await secrecy.context().close();

    const reviewer = await portal.signIn('reviewer');
    await reviewer.goto(`${portal.base}/sharing/agreements/${agreementId}`);
    await clickToSend(reviewer, reviewer.getByTestId('agreement-acknowledge-authority'));
    await expect.poll(() => agreementState(reviewer)).toBe('filed');
    // The authority registers the application and its answer.
    await reviewer.goto(`${portal.base}/sharing/applications/${applicationId}`);
    await clickToSend(reviewer, reviewer.getByTestId('register-button'));
    await expect.poll(() => reviewer.getByTestId('register-button').count()).toBe(0);
    await reviewer.context().close();
  });

  it('民政局 queries the data: only the granted fields, the ID number masked; the grant page shows every change', async () => {
    const mz = await portal.signIn('user_mz');
    expect(await read(mz)).toBe(200);
    await mz.goto(`${portal.base}/sharing/applications/${applicationId}`);
    await mz.getByTestId('grant-link').click();
    await mz.getByTestId('grant-state').getByText('生效').first().waitFor();
    await mz.getByTestId('grant-agreement').getByText('保密协议已备案').waitFor();
    await mz.getByTestId('sharing-timeline').getByText('生效').first().waitFor();
    await shoot(mz, 'application-grant-active.png');

    await mz.goto(`${portal.base}/data/${encodeURIComponent(code)}`);
    await mz.getByTestId('dataset-title').getByText(RESOURCE).waitFor();
    await mz.locator('input[data-testid="query-purpose"]').fill('城乡低保对象家庭经济状况核对');
    await mz.getByTestId('query-run').click();
    const table = mz.getByTestId('query-results');
    const bodyRows = table.locator('tbody tr.ant-table-row');
    await expect.poll(() => bodyRows.count()).toBe(ROWS.length);
    const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim()).filter(Boolean);
    for (const name of ['社会保障号码', '公民身份号码', '参保状态']) expect(headers.some((h) => h.startsWith(name)), name).toBe(true);
    for (const name of ['姓名', '参保险种', '缴费基数（元）', '参保日期']) expect(headers.some((h) => h.startsWith(name)), name).toBe(false);
    expect(headers.find((h) => h.startsWith('公民身份号码'))).toContain('脱敏');
    const text = await table.innerText();
    for (const r of ROWS) {
      expect(text).not.toContain(r.sfzhm);
      expect(text).not.toContain(r.xm);
      expect(text).toContain(`${r.sfzhm.slice(0, 6)}********${r.sfzhm.slice(-4)}`);
    }
    await shoot(mz, 'application-consumer-query.png');
    await mz.context().close();
    expect(portal.pageErrors).toEqual([]);
  });
});
