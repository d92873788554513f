import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureFailures, clickToSend, confirmModal, shoot, startPortal, type Portal } from './support.js';

/**
 * The annual report (年度报告, R21) and the dashboards in the portal: the authority opens its
 * dashboard, drafts last year's report, completes a section (a new version) and sends it to the
 * leadership group; the leader acknowledges it; the supervisor opens the supervision dashboard.
 * Real server (SQLite, demo catalog), built portal, Debian's Chromium; screenshots in test-artifacts/.
 */

let portal: Portal;
/** The portal drafts the report of the year before the current one; the dashboards show the current year. */
const YEAR = new Date().getFullYear();

describe('Annual report and dashboards in Chromium', () => {
  captureFailures('report-dashboard', () => portal?.browser);
  let reportUrl = '';

  beforeAll(async () => {
    portal = await startPortal({
      // A published evaluation of the year, so the dashboards show results.
      prepare: async (platform) => {
        const u = (await platform.org.getUserByUsername('reviewer'))!;
        await platform.evaluation.run({ actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles }, { year: YEAR, publish: true });
      },
    });
  });

  afterAll(() => portal?.close());

  it("the authority opens its dashboard, drafts last year's report, completes it and sends it", async () => {
    const p = await portal.signIn('reviewer');
    await p.goto(`${portal.base}/evaluation/dashboard/authority`);
    await p.getByTestId('dashboard-authority').waitFor();
    await p.locator('[data-testid="chart-grades"][data-rendered="true"]').waitFor();
    await shoot(p, 'dashboard-authority.png');

    await p.goto(`${portal.base}/evaluation/reports`);
    await p.getByTestId('report-draft').click();
    await p.waitForURL(/\/evaluation\/reports\/[0-9a-f-]{36}$/);
    reportUrl = p.url();
    await expect.poll(() => p.getByTestId('report-state').first().textContent()).toBe('已起草');
    await p.getByTestId('report-text').getByText(`${YEAR - 1} 年，全市`, { exact: false }).waitFor();
    await p.getByTestId('report-edit').click();
    await p.getByTestId('report-text-achievements').fill('基础信息资源实现按需共享，跨部门应用持续增加。');
    await clickToSend(p, p.getByTestId('report-save'));
    await p.getByText('第 2 版', { exact: false }).first().waitFor();
    await p.getByTestId('report-text').getByText('基础信息资源实现按需共享，跨部门应用持续增加。').waitFor();
    await p.getByTestId('report-send').click();
    await confirmModal(p);
    await expect.poll(() => p.getByTestId('report-state').first().textContent()).toBe('已报送');
    await shoot(p, 'annual-report-sent.png');
    await p.context().close();
  });

  it('the leader finds it in the inbox and acknowledges receipt; the supervisor opens the supervision dashboard', async () => {
    const p = await portal.signIn('leader');
    await p.goto(reportUrl);
    await clickToSend(p, p.getByTestId('report-receive'));
    await expect.poll(() => p.getByTestId('report-state').first().textContent()).toBe('已签收');
    await p.getByRole('tab', { name: '统计数据' }).click();
    await p.getByText('跨部门应用系统使用共享资源情况（第二十二条）').waitFor();
    await shoot(p, 'annual-report-received.png');
    await p.context().close();

    const s = await portal.signIn('supervisor');
    await s.goto(`${portal.base}/evaluation/dashboard/supervision`);
    await s.getByTestId('dashboard-supervision').waitFor();
    await s.locator('[data-testid="chart-pending-kind"][data-rendered="true"], [data-testid="chart-usage-monthly"][data-rendered="true"]').first().waitFor();
    await shoot(s, 'dashboard-supervision.png');
    await s.context().close();
    expect(portal.pageErrors).toEqual([]);
  });
});
