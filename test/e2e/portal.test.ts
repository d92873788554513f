import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../src/org/uscc.js';
import { ARTIFACTS, captureFailures, clickToSend, clickUntilRequest, confirmPop, inputOf, pick, pickSearch, startPortal, type Portal } from './support.js';

/**
 * The portal end to end: the real server (SQLite, demo data) in this process, the built portal
 * from web/dist, and Debian's Chromium driven by playwright-core. Screenshots go to test-artifacts/.
 */

/** A synthetic unit code that passes GB 32100-2015 and cannot clash with the demo's 000000xxx range. */
function syntheticUscc(): string {
  const first17 = `11460200${String(randomInt(100_000_000, 999_999_999))}`;
  return first17 + usccCheckChar(first17);
}

/** The same code with a wrong check character. */
function withWrongCheck(code: string): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const right = code[17];
  return code.slice(0, 17) + charset[(charset.indexOf(right) + 1) % charset.length];
}

let portal: Portal;
let page: Page;

/** Waits until a sliding panel (drawer) has stopped moving, so a screenshot shows it whole. */
async function settled(p: Page, selector: string): Promise<void> {
  let previous = '';
  for (let i = 0; i < 60; i++) {
    const box = await p.locator(selector).last().boundingBox();
    const now = JSON.stringify(box);
    if (box && now === previous) return;
    previous = now;
    await p.waitForTimeout(50);
  }
}

async function openMenu(p: Page, label: string): Promise<void> {
  await p.getByTestId('side-menu').getByRole('link', { name: label, exact: true }).click();
}

describe('GovShare portal in Chromium', () => {
  captureFailures('portal', () => portal?.browser);
  beforeAll(async () => {
    portal = await startPortal();
    page = await portal.newPage();
  });

  afterAll(() => portal?.close());

  const unitCode = syntheticUscc();
  const unitName = `三亚市数据测试局${unitCode.slice(8, 12)}`;
  const username = `e2e_${unitCode.slice(9, 15).toLowerCase()}`;
  const displayName = '端到端测试用户';

  it('signs in as the demo admin in the Chinese UI, after showing why a wrong password fails', async () => {
    await page.goto(`${portal.base}/`);
    await expect.poll(() => page.url()).toContain('/login');
    expect(await page.title()).toBe('政务信息资源共享平台');
    await inputOf(page, 'login-username').fill('admin');
    await inputOf(page, 'login-password').fill('not-the-password');
    await clickToSend(page, page.getByTestId('login-submit'));
    await page.getByTestId('login-error').getByText('用户名或密码错误').waitFor();

    await inputOf(page, 'login-password').fill(portal.password);
    await clickToSend(page, page.getByTestId('login-submit'));
    await page.getByTestId('welcome').getByText('欢迎您，平台管理员（演示）').waitFor();
    await page.getByTestId('platform-name').getByText('政务信息资源共享平台').waitFor();
    const menu = page.getByTestId('side-menu');
    for (const label of ['首页', '机关单位', '用户管理', '应用系统', '访问令牌', '审计日志', '工作日历']) {
      await menu.getByText(label, { exact: true }).waitFor();
    }
  });

  it('creates a unit: the server rejects a bad check character on the code field, then accepts the valid code', async () => {
    await openMenu(page, '机关单位');
    await page.getByRole('heading', { name: '机关单位' }).waitFor();
    await page.getByTestId('unit-tree').getByText('三亚市公安局').waitFor();
    await page.getByTestId('unit-create').click();

    await inputOf(page, 'unit-code').fill(withWrongCheck(unitCode));
    await inputOf(page, 'unit-name').fill(unitName);
    await inputOf(page, 'unit-short-name').fill('数据测试局');
    await inputOf(page, 'unit-person-name').fill('王某某');
    await inputOf(page, 'unit-person-title').fill('分管副局长');
    await inputOf(page, 'unit-person-phone').fill('0898-00009999');
    await inputOf(page, 'unit-person-email').fill('leader@e2e.invalid');
    await inputOf(page, 'unit-contact-0-name').fill('李某某');
    await inputOf(page, 'unit-contact-0-duty').fill('共享业务联系人');
    await inputOf(page, 'unit-contact-0-phone').fill('0898-00009998');
    await clickToSend(page, page.getByTestId('unit-form-submit'));

    // The problem's per-field error lands under the code input.
    const codeItem = page.locator('.ant-form-item-has-error', { has: page.getByTestId('unit-code') });
    await codeItem.getByText('统一社会信用代码无效').waitFor();
    await page.getByTestId('unit-form-error').waitFor();

    await inputOf(page, 'unit-code').fill(unitCode);
    await clickToSend(page, page.getByTestId('unit-form-submit'));
    await page.getByText(`单位“${unitName}”已创建`).waitFor();
    // Wait for the dialog to finish closing: it hands focus back to the "new unit" button.
    await page.getByTestId('unit-form').waitFor({ state: 'hidden' });

    await inputOf(page, 'unit-search').fill(unitName);
    await inputOf(page, 'unit-search').press('Enter');
    const row = page.getByTestId(`unit-row-${unitCode}`);
    await row.waitFor();
    await page.getByTestId('unit-table').getByText(unitCode).waitFor();
    await page.getByTestId('unit-tree').getByText(unitName).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-units.png'), fullPage: true });

    await row.click();
    const drawer = page.getByTestId('unit-drawer');
    await drawer.getByText('主管领导').first().waitFor();
    await drawer.getByText('王某某').waitFor();
    await drawer.getByText('李某某').waitFor();
    await drawer.getByText(unitCode).waitFor();
    await settled(page, '.ant-drawer-content-wrapper');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-unit-detail.png'), fullPage: true });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('creates a user in that unit', async () => {
    await openMenu(page, '用户管理');
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    await page.getByTestId('user-create').click();
    await inputOf(page, 'user-username').fill(username);
    await inputOf(page, 'user-display-name').fill(displayName);
    await pickSearch(page, 'user-unit', unitName);
    await inputOf(page, 'user-password').fill('Weak');
    // A lost click fails late (CI saw the second submit send nothing): click again while no request left.
    const submit = () => clickUntilRequest(page, page.getByTestId('user-form-submit'), (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/users'));
    await submit();
    // Weak password: the server's reason is shown on the password field.
    await page.locator('.ant-form-item-has-error', { has: page.getByTestId('user-password') }).getByText('密码至少 10 位').waitFor();

    await inputOf(page, 'user-password').fill('Unit-User#2026x');
    await submit();
    await page.getByText(`用户“${displayName}”已创建`).waitFor();
    await page.getByTestId('user-form').waitFor({ state: 'hidden' });
    await inputOf(page, 'user-search').fill(username);
    await inputOf(page, 'user-search').press('Enter');
    const table = page.getByTestId('user-table');
    await table.getByText(username).waitFor();
    await table.getByText(unitName).waitFor();
    await table.getByText('单位用户').waitFor();
  });

  it('issues an API token whose secret is shown once, then revokes it', async () => {
    await openMenu(page, '访问令牌');
    await page.getByRole('heading', { name: '访问令牌' }).waitFor();
    await page.getByTestId('token-create').click();
    await pick(page, 'token-system', '流动人口管理系统');
    await inputOf(page, 'token-name').fill('端到端测试令牌');
    await clickToSend(page, page.getByTestId('token-form-submit'));

    const secret = page.getByTestId('token-secret');
    await secret.waitFor();
    expect(await secret.innerText()).toMatch(/^gst_[A-Za-z0-9_-]{20,}/);
    await page.getByText('令牌密钥只显示这一次').waitFor();
    await page.getByTestId('token-secret-done').click();
    await secret.waitFor({ state: 'hidden' });

    const row = page.getByTestId('token-table').locator('tr', { hasText: '端到端测试令牌' });
    await row.getByText('有效').waitFor();
    await row.getByText('读取目录').waitFor();
    // antd spaces out two-character Chinese button labels ("吊 销").
    await row.getByRole('button', { name: /吊\s?销/ }).click();
    await confirmPop(page, page.getByRole('button', { name: /吊\s?销/ }));
    await row.getByText('已吊销').waitFor();
  });

  it('finds both events in the audit log and verifies the chain', async () => {
    await openMenu(page, '审计日志');
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    await inputOf(page, 'audit-filter-actor').fill('admin');
    await inputOf(page, 'audit-filter-action').fill('org.');
    await page.getByTestId('audit-filters').getByText('操作类型').click();
    const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/audit/events?') && r.url().includes('action=org.') && r.ok());
    await page.getByTestId('audit-search').click();
    await filtered;

    const table = page.getByTestId('audit-table');
    await table.getByText('org.unit.create').first().waitFor();
    await table.getByText('org.user.create').first().waitFor();
    // Filtered on org.*: no sign-in events in the list.
    expect(await table.getByText('auth.login').count()).toBe(0);

    await table.getByText('org.unit.create').first().click();
    const drawer = page.getByTestId('audit-drawer');
    await drawer.getByText('前序哈希').waitFor();
    await drawer.getByText('本条哈希').waitFor();
    await drawer.getByText(unitCode).first().waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await result.getByText('审计链完整，未发现篡改').waitFor();
    await result.getByText(/共校验 \d+ 条事件/).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-audit.png'), fullPage: true });
  });

  it('switches to English and the menu follows', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByTestId('lang-en').click();
    const menu = page.getByTestId('side-menu');
    for (const label of ['Home', 'Units', 'Users', 'Application systems', 'API tokens', 'Audit log', 'Working-day calendar']) {
      await menu.getByText(label, { exact: true }).waitFor();
    }
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // The choice survives a reload (localStorage) and the session cookie keeps us signed in.
    await page.reload();
    await page.getByTestId('side-menu').getByText('Units', { exact: true }).waitFor();
    await openMenu(page, 'Units');
    await page.getByRole('heading', { name: 'Units' }).waitFor();
    await page.getByTestId('unit-table').getByText('City department').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-en.png'), fullPage: true });
  });

  it('raised no uncaught errors in the page', () => {
    expect(portal.pageErrors).toEqual([]);
  });
});
