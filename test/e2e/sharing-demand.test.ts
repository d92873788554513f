import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureFailures, clickToSend, confirmPop, inputOf, pick, pickSearch, shoot, startPortal, type Portal } from './support.js';

/**
 * Browser test (b) of issue 5 (R12, R14): 市民政局 raises a demand on 市公安局's resource in the
 * unified form; 市公安局's steward declines it with circumstances and reasons; the IT authority
 * registers it and escalates the major matter; the leadership group decides on its decisions
 * page; the requester then sees the binding decision on the demand.
 * Real server (SQLite, demo catalog), built portal, Debian's Chromium; screenshots in test-artifacts/.
 */

const RESOURCE = '流动人口居住登记信息';
const TITLE = '流动人口低保核查数据需求（E2E）';
const DECISION = '市公安局应在五个工作日内向市民政局共享流动人口居住登记信息中的居住地址和登记日期，身份号码脱敏后提供。';

let portal: Portal;

/** A date some weeks ahead, YYYY-MM-DD in China Standard Time. */
function weeksAhead(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 7 * 86_400_000).toISOString().slice(0, 10);
}

describe('Demand declined, escalated and decided by the leadership group, in Chromium', () => {
  captureFailures('sharing-demand', () => portal?.browser);
  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(() => portal?.close());

  let demandUrl = '';

  it('lets 市民政局 raise a demand on a catalog resource in the unified form; it goes to 市公安局 at once', async () => {
    const p = await portal.signIn('user_mz');
    await p.goto(`${portal.base}/sharing/demands`);
    await p.getByTestId('demand-new').click();
    await p.getByTestId('demand-form').waitFor();
    await inputOf(p, 'demand-title').fill(TITLE);
    await inputOf(p, 'demand-duty').fill('最低生活保障对象认定（流动人口）');
    await inputOf(p, 'demand-legal-basis').fill('《社会救助暂行办法》第十一条；《三亚市政务信息资源共享管理办法》第十二条');
    await inputOf(p, 'demand-content').fill('核查申请低保的流动人口家庭成员在本市的居住登记情况');
    await inputOf(p, 'demand-item-name-0').fill('居住地址');
    await inputOf(p, 'demand-scope').fill('全市申请低保的流动人口家庭');
    await inputOf(p, 'demand-purpose').fill('低保资格审核');
    await pickSearch(p, 'demand-target-resource', '流动人口', RESOURCE);
    await pick(p, 'demand-method', '在线查询');
    await pick(p, 'demand-system', '社会救助信息系统');
    const date = inputOf(p, 'demand-needed-by');
    await date.click();
    await date.fill(weeksAhead(8));
    // Tab, not Enter: Enter in a form field submits the form.
    await date.press('Tab');
    await expect.poll(() => date.inputValue()).toBe(weeksAhead(8));
    await shoot(p, 'sharing-demand-1-form.png');
    await clickToSend(p, p.getByTestId('demand-submit'));
    await p.getByTestId('demand-title').getByText(TITLE).waitFor();
    demandUrl = new URL(p.url()).pathname;
    expect(demandUrl).toMatch(/^\/sharing\/demands\/[0-9a-f-]{36}$/);
    await expect.poll(() => p.getByTestId('demand-state').first().textContent()).toBe('待答复');
    await p.getByText('三亚市公安局').first().waitFor();
    await p.getByTestId('sharing-tasks').waitFor();
    await shoot(p, 'sharing-demand-2-submitted.png');
    await p.context().close();
  });

  it('lets 市公安局 decline it, with circumstances and reasons', async () => {
    const p = await portal.signIn('steward_ga');
    await p.goto(`${portal.base}${demandUrl}`);
    await p.getByTestId('demand-provider-panel').waitFor();
    await p.getByTestId('demand-provider-panel').getByRole('tab', { name: '拒绝' }).click();
    // Reasons are required: the form refuses without them.
    await p.getByTestId('demand-do-decline').click();
    await p.getByTestId('demand-form-decline').locator('.ant-form-item-explain-error').first().waitFor();
    await inputOf(p, 'demand-decline-circumstances').fill('流动人口居住登记信息含公民个人隐私，本局尚未与市民政局签订共享安全保密协议。');
    await inputOf(p, 'demand-decline-reasons').fill('依据《中华人民共和国个人信息保护法》第三十四条，超出履行法定职责所必需的范围。');
    await clickToSend(p, p.getByTestId('demand-do-decline'));
    await expect.poll(() => p.getByTestId('demand-state').first().textContent()).toBe('已拒绝待协调');
    await p.getByTestId('demand-answer').getByText('个人信息保护法', { exact: false }).waitFor();
    await shoot(p, 'sharing-demand-3-declined.png');
    await p.context().close();
  });

  it('lets the authority register the demand and the decline, then escalate the major matter', async () => {
    const p = await portal.signIn('reviewer');
    await p.goto(`${portal.base}${demandUrl}`);
    const panel = p.getByTestId('demand-authority-panel');
    await panel.waitFor();
    await panel.getByRole('tab', { name: /备案/ }).click();
    await clickToSend(p, p.getByTestId('demand-do-register'));
    await p.getByTestId('demand-records').getByText('已备案').waitFor();
    await panel.getByRole('tab', { name: '提请领导小组' }).click();
    await inputOf(p, 'demand-escalate-reason').fill('涉及公民个人隐私数据跨部门共享，属重大事项，提请领导小组决定。');
    await clickToSend(p, p.getByTestId('demand-do-escalate'));
    await expect.poll(() => p.getByTestId('demand-state').first().textContent()).toBe('提请领导小组');
    await shoot(p, 'sharing-demand-4-escalated.png');
    await p.context().close();
  });

  it('lets the leadership group decide from its decisions page; the decision binds', async () => {
    const p = await portal.signIn('leader');
    await p.goto(`${portal.base}/sharing/decisions`);
    await p.getByTestId(`decision-row-${TITLE}`).waitFor();
    await shoot(p, 'sharing-demand-5-decisions.png');
    await p.getByTestId(`decision-row-${TITLE}`).click();
    await p.getByTestId('demand-leader-panel').waitFor();
    await pick(p, 'demand-leader-outcome', '提供单位应当共享');
    await inputOf(p, 'demand-leader-text').fill(DECISION);
    await p.getByTestId('demand-do-leader-decide').click();
    await confirmPop(p, 'demand-confirm-leader-decide');
    await expect.poll(() => p.getByTestId('demand-state').first().textContent()).toBe('已决定');
    await p.getByTestId('demand-decision').getByText('领导小组决定（最终）').waitFor();
    expect(await p.getByTestId('demand-leader-panel').count()).toBe(0);
    await shoot(p, 'sharing-demand-6-decided.png');
    await p.context().close();
  });

  it('shows the requester the decision, the record and the timeline', async () => {
    const p = await portal.signIn('user_mz');
    await p.goto(`${portal.base}/sharing/demands`);
    await p.getByTestId('demand-tab-decided').click();
    await p.getByTestId(`demand-row-${TITLE}`).click();
    await p.getByTestId('demand-decision').getByText(DECISION).waitFor();
    await p.getByTestId('demand-decision').getByText('提供单位应当共享').waitFor();
    const records = p.getByTestId('demand-records');
    await records.getByText('领导小组决定').waitFor();
    await records.getByText('拒绝', { exact: true }).waitFor();
    const timeline = p.getByTestId('sharing-timeline');
    await timeline.waitFor();
    expect(await timeline.locator('.ant-timeline-item').count()).toBeGreaterThanOrEqual(5);
    // The requester has nothing left to do on it.
    expect(await p.getByTestId('demand-withdraw').count()).toBe(0);
    await shoot(p, 'sharing-demand-7-requester-sees-decision.png');
    await p.context().close();
    expect(portal.pageErrors).toEqual([]);
  });
});
