import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureFailures, clickToSend, shoot, startPortal, type Portal } from './support.js';

/**
 * 违规事项 (R23) through the portal: the compliance monitor raises a 第三项 candidate (a resource
 * of 市公安局 not updated in time); the supervisor opens it and confirms it, orders rectification
 * by a deadline; 市公安局's data steward sees it and answers; the supervisor closes it as
 * rectified; switched to English, the portal shows the violation's English title and article (on
 * its pages, in the steward's inbox and notifications). Real server
 * (SQLite, demo catalog), built portal, Debian's Chromium; screenshots of the list and the detail
 * with its timeline in test-artifacts/supervision-*.png.
 */

const RESOURCE = '人口基础信息';
const TITLE = '人口基础信息未按更新周期更新';
const TITLE_EN = 'Population base data past its update cycle';

let portal: Portal;

async function stateIs(p: Page, label: string): Promise<void> {
  await expect.poll(async () => (await p.getByTestId('violation-state').first().textContent()) ?? '', { timeout: 15_000 }).toBe(label);
}

/** Opens an action's modal, writes its text, submits, and waits for the new state. */
async function act(p: Page, action: string, text: string, after: string, deadline?: (p: Page) => Promise<void>): Promise<void> {
  await p.getByTestId(`violation-action-${action}`).click();
  const modal = p.locator('.ant-modal:visible');
  await modal.getByTestId('violation-modal-text').fill(text);
  if (deadline) await deadline(p);
  await clickToSend(p, modal.getByTestId('violation-modal-ok'));
  await stateIs(p, after);
}

describe('Violation (违规事项) from candidate to rectified in Chromium', () => {
  captureFailures('supervision', () => portal?.browser);
  let id = '';
  let code = '';

  beforeAll(async () => {
    portal = await startPortal();
    const { platform } = portal;
    const sys = { actorType: 'system' as const, actorId: 'e2e-supervision', actorName: 'e2e-supervision', unitId: null, clientIp: null, requestId: null };
    const hit = (await platform.catalog.search(sys, { q: RESOURCE, limit: 20 })).items.find((r: { name: string }) => r.name === RESOURCE);
    if (!hit) throw new Error(`demo resource ${RESOURCE} not found`);
    code = hit.code;
    const ga = (await platform.org.getUserByUsername('steward_ga'))!.unitId!;
    const now = new Date();
    const r = await platform.violations.raiseCandidates([
      {
        ruleId: 'c3.update_overdue',
        category: 3,
        unitId: ga,
        dedupeKey: `c3:${code}:e2e`,
        title: TITLE,
        titleEn: TITLE_EN,
        evidence: { resourceCode: code, updateCycle: 'monthly', lastUpdate: '2026-08-31T16:00:00.000Z', dueAt: '2026-09-30T15:59:59.999Z' },
        subject: { type: 'resource', id: code },
        observedAt: now.toISOString(),
      },
    ]);
    expect(r.created).toBe(1);
    id = (await platform.violations.list({ ...sys, kind: 'system', roles: [] }, { state: 'candidate' })).items.find((v) => v.title === TITLE)!.id;
  });

  afterAll(() => portal?.close());

  it('the supervisor confirms the candidate and orders rectification; the unit answers; the supervisor closes it', async () => {
    const sup = await portal.signIn('supervisor');
    await sup.goto(`${portal.base}/supervision/violations?state=candidate`);
    await sup.getByTestId('violation-table').getByText(TITLE).waitFor();
    await shoot(sup, 'supervision-list.png');
    await sup.getByTestId('violation-table').locator(`a[href="/supervision/violations/${id}"]`).click();
    await stateIs(sup, '待核实线索');
    // The evidence reads as a table; the resource code links to the catalog.
    await sup.getByTestId('violation-evidence').locator(`a[href="/catalog/resources/${encodeURIComponent(code)}"]`).first().waitFor();
    await act(sup, 'confirm', '经核实，该资源最近一次更新已超过更新周期', '已确认');
    await act(sup, 'order', '请于期限内完成数据更新，并报送整改情况', '整改中', async (p) => {
      await p.getByTestId('violation-deadline-days').click();
      await p.locator('input[data-testid="violation-days"], [data-testid="violation-days"] input').first().fill('15');
    });
    await sup.getByTestId('violation-due').waitFor();

    // 市公安局's steward finds the order in the inbox; switched to English, the task and the notices
    // show the violation's English title and the article in English, without a reload.
    const gaEn = await portal.signIn('steward_ga');
    await gaEn.goto(`${portal.base}/inbox`);
    const inbox = gaEn.getByTestId('inbox-table');
    await inbox.getByText(`第三十一条第三项：${TITLE}`).waitFor();
    await gaEn.getByTestId('language-switch').click();
    await gaEn.getByTestId('lang-en').click();
    await inbox.getByText(`Art. 31 (3): ${TITLE_EN}`).waitFor();
    expect(await inbox.innerText()).not.toContain(TITLE);
    await expect.poll(() => gaEn.locator('.ant-dropdown:not(.ant-dropdown-hidden)').count(), { timeout: 10_000 }).toBe(0);
    await shoot(gaEn, 'supervision-inbox-tasks-en.png');
    await gaEn.getByTestId('tab-notifications').click();
    const notes = gaEn.getByTestId('notifications-table');
    await notes.getByText(`Your unit was ordered to rectify: ${TITLE_EN}, by`).waitFor();
    await notes.getByText(`Violation confirmed: ${TITLE_EN} (Art. 31 (3))`).waitFor();
    expect(await notes.innerText()).not.toContain(TITLE);
    await shoot(gaEn, 'supervision-inbox-notifications-en.png');
    await gaEn.context().close();

    const ga = await portal.signIn('steward_ga');
    await ga.goto(`${portal.base}/supervision/violations`);
    await ga.getByTestId('violation-table').locator(`a[href="/supervision/violations/${id}"]`).click();
    await stateIs(ga, '整改中');
    await act(ga, 'answer', '已完成人口基础信息全量更新，并建立按月更新的工作机制', '单位已答复');

    await sup.reload();
    await stateIs(sup, '单位已答复');
    await sup.getByTestId('violation-answer').getByText('已完成人口基础信息全量更新').waitFor();
    await act(sup, 'close', '整改到位', '已整改');
    const timeline = sup.getByTestId('sharing-timeline');
    await expect.poll(async () => timeline.locator('.ant-timeline-item').count(), { timeout: 15_000 }).toBe(5);
    await shoot(sup, 'supervision-detail.png');

    // Switched to English, the portal shows the violation's English title on the detail and in the list.
    await sup.getByTestId('language-switch').click();
    await sup.getByTestId('lang-en').click();
    await stateIs(sup, 'Rectified');
    await expect.poll(async () => sup.getByTestId('violation-title').textContent(), { timeout: 15_000 }).toBe(TITLE_EN);
    expect(await sup.getByTestId('violation-article').textContent()).toBe('Art. 31 (3)');
    await sup.goto(`${portal.base}/supervision/violations?state=rectified`);
    const href = `a[href="/supervision/violations/${id}"]`;
    const link = sup.getByTestId('violation-table').locator(href);
    await expect.poll(async () => link.textContent(), { timeout: 15_000 }).toBe(TITLE_EN);
    expect(await sup.getByTestId('violation-table').locator('tr', { has: sup.locator(href) }).getByTestId('violation-article').textContent()).toBe('Art. 31 (3)');
    await shoot(sup, 'supervision-list-en.png');

    const v = await portal.platform.violations.get({ actorType: 'system', actorId: null, actorName: 'e2e', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] }, id);
    expect(v).toMatchObject({ state: 'rectified', answeredBy: 'steward_ga', confirmedBy: 'supervisor' });
    expect(portal.pageErrors).toEqual([]);
  });

  it('complaint feedback reaches the complainant: 民政局 sees the result on its complaint page', async () => {
    const { platform } = portal;
    const actor = async (username: string) => {
      const u = (await platform.org.getUserByUsername(username))!;
      return { actorType: 'user' as const, actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user' as const, roles: u.roles, systemId: null };
    };
    const mz = await actor('user_mz');
    const sup = await actor('supervisor');
    const ga = (await platform.org.getUserByUsername('steward_ga'))!.unitId!;
    const c = await platform.complaints.submit(mz, { targetUnitId: ga, addressee: 'supervision', category: 3, title: '户籍迁移数据长期未同步', text: '救助审核中多次发现户籍迁移信息滞后一个月以上。' });
    await platform.complaints.accept(sup, c.id);
    await platform.complaints.link(sup, c.id, [id]);
    await platform.complaints.conclude(sup, c.id, { outcome: 'upheld', result: '投诉属实，已责令市公安局整改并完成数据更新。' });

    const p = await portal.signIn('user_mz');
    await p.goto(`${portal.base}/supervision/complaints/${c.id}`);
    await p.getByTestId('complaint-result').getByText('投诉属实，已责令市公安局整改并完成数据更新。').waitFor();
    await p.getByTestId('complaint-action-acknowledge').waitFor();
    await shoot(p, 'supervision-complaint.png');
    expect(portal.pageErrors).toEqual([]);
  });
});
