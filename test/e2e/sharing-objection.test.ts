import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/exchange/values.js';
import { captureFailures, clickToSend, pickMany, shoot, startPortal, type Portal } from './support.js';

/**
 * (c) An objection (异议, R15) from raising to archive through the portal. 市民政局 objects in
 * writing to one record of 人口基础信息 (市公安局) with a PDF as evidence; the IT authority accepts
 * it (the record is marked for every consumer); 市公安局's steward verifies and answers
 * "corrected"; 市民政局 acknowledges; the authority closes it as upheld — the mark is removed and
 * the objection archived, counted for supervision. Real server (SQLite, demo catalog), built
 * portal, Debian's Chromium; screenshots in test-artifacts/.
 */

const RESOURCE = '人口基础信息';

let portal: Portal;

/** A synthetic citizen ID number (never a real person) used as the record key. */
function syntheticId(): string {
  const first17 = '46020219900101077';
  return first17 + idNumberCheckChar(first17);
}

async function stateIs(p: Page, label: string): Promise<void> {
  await expect.poll(async () => (await p.getByTestId('objection-state').first().textContent()) ?? '', { timeout: 15_000 }).toBe(label);
}

/** Opens the objection from the list's "awaiting me" tab, as its next handler would. */
async function openFromInbox(p: Page, id: string): Promise<void> {
  await p.goto(`${portal.base}/sharing/objections?box=to_handle`);
  await p.getByTestId('objection-table').locator(`a[href="/sharing/objections/${id}"]`).click();
  await p.getByTestId('objection-steps').waitFor();
}

describe('Objection (异议) from raising to archive in Chromium', () => {
  captureFailures('sharing-objection', () => portal?.browser);
  let code = '';
  let id = '';

  beforeAll(async () => {
    portal = await startPortal();
    const hit = (await portal.platform.catalog.search({ actorType: 'system', actorId: 'e2e-objection', actorName: 'e2e-objection', unitId: null, clientIp: null, requestId: null }, { q: RESOURCE, limit: 20 })).items.find((r: { name: string }) => r.name === RESOURCE);
    if (!hit) throw new Error(`demo resource ${RESOURCE} not found`);
    code = hit.code;
  });

  afterAll(() => portal?.close());

  it('a consumer unit raises an objection in writing with a PDF as evidence', async () => {
    const p = await portal.signIn('user_mz');
    await p.goto(`${portal.base}/sharing/objections/new?resource=${encodeURIComponent(code)}&keys=${syntheticId()}`);
    const form = p.getByTestId('objection-form');
    await form.getByText('三亚市公安局', { exact: true }).waitFor();
    await expect.poll(() => form.getByTestId('objection-keys').textContent()).toContain(syntheticId());
    // The data item concerned: 姓名.
    await pickMany(p, 'objection-fields', '姓名');
    await form.getByTestId('objection-description').fill('该记录的姓名与本单位窗口核验的户口簿不一致');
    await form.getByTestId('objection-evidence').fill('2026年11月低保复核时窗口核验户口簿原件');
    await form.getByTestId('objection-expected').fill('按户籍登记更正姓名');
    await form.locator('input[type=file]').setInputFiles({
      name: '户口簿核验记录.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% synthetic evidence for the e2e test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
    });
    await shoot(p, 'objection-1-form.png');
    await clickToSend(p, form.getByTestId('objection-submit'));
    await p.getByTestId('objection-steps').waitFor();
    await stateIs(p, '已提出');
    id = decodeURIComponent(new URL(p.url()).pathname.split('/').pop()!);
    await p.getByTestId('objection-evidence').getByText('户口簿核验记录.pdf').waitFor();
    await p.getByTestId('sharing-timeline').getByText('提出异议').first().waitFor();
    await shoot(p, 'objection-2-raised.png');
    await p.context().close();
  });

  it('the authority accepts it; the record shows as under objection', async () => {
    const p = await portal.signIn('reviewer');
    await openFromInbox(p, id);
    await p.getByTestId('objection-comment').fill('已登记受理，请市公安局核实');
    await clickToSend(p, p.getByTestId('objection-accept'));
    await stateIs(p, '已受理（已标注）');
    await p.getByTestId('objection-marked').waitFor();
    const marks = await portal.platform.objections.marks(code);
    expect(marks.keys).toContain(syntheticId());
    expect(marks.fields).toContain('xm');
    await shoot(p, 'objection-3-accepted.png');
    await p.context().close();
  });

  it('the provider verifies and answers "corrected"; the result is fed back', async () => {
    const p = await portal.signIn('steward_ga');
    await openFromInbox(p, id);
    await p.getByTestId('sharing-tasks').getByText('核实').first().waitFor();
    await p.getByTestId('objection-answer-corrected').click();
    await p.getByTestId('objection-answer-text').fill('经核实户籍档案，姓名登记有误，已更正并重新上传该记录');
    await clickToSend(p, p.getByTestId('objection-answer-submit'));
    await stateIs(p, '已反馈');
    await p.getByTestId('objection-result').getByText('已更正', { exact: true }).waitFor();
    await shoot(p, 'objection-4-answered.png');
    await p.context().close();
  });

  it('the raiser acknowledges the result', async () => {
    const p = await portal.signIn('user_mz');
    await openFromInbox(p, id);
    await p.getByTestId('objection-feedback-text').fill('已核对，更正无误');
    await clickToSend(p, p.getByTestId('objection-acknowledge'));
    await stateIs(p, '已确认');
    await p.context().close();
  });

  it('the authority closes it as upheld: the mark is removed, the objection archived and counted', async () => {
    const p = await portal.signIn('reviewer');
    await openFromInbox(p, id);
    await p.getByTestId('objection-close-upheld').click();
    await p.getByTestId('objection-conclusion').fill('异议成立，提供单位已更正数据');
    await clickToSend(p, p.getByTestId('objection-close-submit'));
    await stateIs(p, '已归档');
    await p.getByTestId('objection-outcome').first().getByText('异议成立').waitFor();
    await expect.poll(() => p.getByTestId('objection-steps').locator('.ant-steps-item-finish').count()).toBe(7);
    await expect.poll(() => p.getByTestId('sharing-timeline').locator('.ant-timeline-item').count()).toBeGreaterThanOrEqual(7);
    expect(await p.getByTestId('objection-marked').count()).toBe(0);
    const marks = await portal.platform.objections.marks(code);
    expect(marks.objectionIds).not.toContain(id);
    expect(await portal.platform.objections.upheldCount()).toBe(1);
    await shoot(p, 'objection-5-archived.png');
    await p.goto(`${portal.base}/sharing/objections?box=all`);
    await p.getByTestId('objection-stats').waitFor();
    await p.getByTestId('objection-table').getByText('异议成立').waitFor();
    await shoot(p, 'objection-6-list.png');
    await p.context().close();
    expect(portal.pageErrors).toEqual([]);
  });
});
