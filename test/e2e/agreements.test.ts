import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../src/audit/types.js';
import { captureFailures, clickToSend, shoot, startPortal, type Portal } from './support.js';

/**
 * The agreement gate end to end (issue 5, R17). 市民政局 holds a grant to three items of
 * 流动人口居住登记信息 (公安局) waiting for its confidentiality agreement. In the portal the
 * consumer uploads the signed PDF (its SHA-256 shown), each party confirms for its side, the
 * consumer submits it for filing, the secrecy bureau and the IT authority each acknowledge from
 * their 待备案 box — and only then does the grant turn active and the data API answer.
 * Real server (SQLite, demo catalog), built portal, Debian's Chromium; screenshots in test-artifacts/.
 */

const RESOURCE = '流动人口居住登记信息';
const seeder: AuditActor = { actorType: 'system', actorId: 'e2e-agreements', actorName: 'e2e-agreements', unitId: null, clientIp: null, requestId: null };
const PDF = Buffer.from('%PDF-1.7\n% 共享安全保密协议（签署版，演示）\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let portal: Portal;
let pdfPath: string;

const stateOf = (p: Page) => p.getByTestId('agreement-detail').getByTestId('agreement-state').first().getAttribute('data-state');

describe('Confidentiality agreement and filing in Chromium', () => {
  captureFailures('agreements', () => portal?.browser);
  let code = '';
  let agreementId = '';
  let grantId = '';

  beforeAll(async () => {
    portal = await startPortal();
    const { platform } = portal;
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

    pdfPath = join(portal.dataDir, '共享安全保密协议（签署版）.pdf');
    writeFileSync(pdfPath, PDF);
  });

  afterAll(() => portal?.close());

  const read = async (p: Page) =>
    (await p.request.get(`${portal.base}/api/v1/data/${encodeURIComponent(code)}/records?limit=1`, { headers: { 'x-purpose': encodeURIComponent('流动人口服务') } })).status();

  it('the consumer uploads the signed document, both parties confirm, the consumer submits it for filing', async () => {
    const mz = await portal.signIn('user_mz');
    expect(await read(mz)).toBe(403); // no filing, no data
    await mz.goto(`${portal.base}/sharing/agreements`);
    await mz.getByTestId('agreement-table').getByTestId('agreement-link').filter({ hasText: RESOURCE }).first().click();
    await mz.getByTestId('agreement-detail').waitFor();
    expect(await stateOf(mz)).toBe('draft');
    await mz.getByTestId('agreement-obligations').getByText('不得将共享信息用于任何商业目的', { exact: false }).waitFor();
    await mz.getByTestId('agreement-upload-input').setInputFiles(pdfPath);
    await clickToSend(mz, mz.getByTestId('agreement-upload'));
    const hash = createHash('sha256').update(PDF).digest('hex');
    await mz.getByTestId('agreement-sha256').getByText(hash).waitFor();
    expect(await stateOf(mz)).toBe('signed');
    await clickToSend(mz, mz.getByTestId('agreement-confirm-consumer'));
    await mz.getByTestId('agreement-confirmed-consumer').waitFor();
    expect(await mz.getByTestId('agreement-confirm-provider').count()).toBe(0);
    await shoot(mz, 'agreement-signed-consumer-confirmed.png');

    const ga = await portal.signIn('steward_ga');
    await ga.goto(`${portal.base}/sharing/agreements/${agreementId}`);
    await clickToSend(ga, ga.getByTestId('agreement-confirm-provider'));
    await ga.getByTestId('agreement-confirmed-provider').waitFor();

    await mz.reload();
    await clickToSend(mz, mz.getByTestId('agreement-submit'));
    await expect.poll(() => stateOf(mz)).toBe('filing');
    await mz.getByTestId('agreement-filing-secrecy_bureau').getByText('待确认').waitFor();
    expect(await read(mz)).toBe(403);
    await shoot(mz, 'agreement-submitted-for-filing.png');
  });

  it('the secrecy bureau and the authority each acknowledge from their 待备案 box; then the grant is active and the data flows', async () => {
    const secrecy = await portal.signIn('secrecy');
    await secrecy.goto(`${portal.base}/sharing/agreements`);
    await secrecy.getByTestId('agreement-table').getByTestId('agreement-link').filter({ hasText: RESOURCE }).first().click();
    await secrecy.getByTestId('agreement-filing-panel-secrecy_bureau').waitFor();
    expect(await secrecy.getByTestId('agreement-confirm-consumer').count()).toBe(0);
    await secrecy.getByTestId('agreement-reference-secrecy_bureau').fill('三保备〔2026〕18号');
    await shoot(secrecy, 'agreement-secrecy-to-file.png');
    await clickToSend(secrecy, secrecy.getByTestId('agreement-acknowledge-secrecy_bureau'));
    await secrecy.getByTestId('agreement-filing-secrecy_bureau').getByText('已确认备案').waitFor();
    expect(await stateOf(secrecy)).toBe('filing');
    expect((await portal.platform.sharing.getGrant(grantId)).state).toBe('pending_agreement');

    const reviewer = await portal.signIn('reviewer');
    await reviewer.goto(`${portal.base}/sharing/agreements?box=to_file`);
    await reviewer.getByTestId('agreement-table').getByTestId('agreement-link').filter({ hasText: RESOURCE }).first().click();
    await clickToSend(reviewer, reviewer.getByTestId('agreement-acknowledge-authority'));
    await expect.poll(() => stateOf(reviewer)).toBe('filed');
    await reviewer.getByTestId('sharing-timeline').getByText('确认备案').first().waitFor();
    await shoot(reviewer, 'agreement-filed.png');

    expect((await portal.platform.sharing.getGrant(grantId)).state).toBe('active');
    const mz = await portal.signIn('user_mz');
    expect(await read(mz)).toBe(200);
    expect(portal.pageErrors).toEqual([]);
  });
});
