import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureFailures, clickToSend, clickUntilRequest, confirmPop, inputOf, pick, pickSearch, pickTreeSearch, shoot, startPortal, toast, type Portal } from './support.js';

/**
 * The catalog workflow end to end (issue 3): the authority's reviewer registers a classification
 * and a standard data element; a steward of 市公安局 drafts a resource with data items under it,
 * the reviewer returns it with a comment, the steward fixes and resubmits, the reviewer approves,
 * the unit confirms, and a two-character Chinese search finds it. The test creates its own
 * registry entries (fresh codes per run), so it does not depend on the demo catalog.
 * Real server (SQLite, demo data), built portal, Debian's Chromium; screenshots in test-artifacts/.
 */

let portal: Portal;
let steward: Page;
let reviewer: Page;

/** The form item (label, control, error) that holds a test id. */
function formItem(p: Page, testId: string) {
  return p.locator('.ant-form-item', { has: p.getByTestId(testId) }).last();
}

async function openMenu(p: Page, label: string): Promise<void> {
  await p.getByTestId('side-menu').getByRole('link', { name: label, exact: true }).click();
}

describe('Catalog workflow in Chromium', () => {
  captureFailures('catalog', () => portal?.browser);
  beforeAll(async () => {
    portal = await startPortal();
    steward = await portal.signIn('steward_ga');
    reviewer = await portal.signIn('reviewer');
  });

  afterAll(() => portal?.close());

  // A fresh name per run; it contains 户籍 so the two-character search must find it.
  const tag = String(randomInt(1000, 9999));
  const name = `户籍迁移证明开具信息（测试${tag}）`;
  const classCode = `E2E${tag}`;
  const className = `端到端测试分类${tag}`;
  const elementCode = `E2E-${tag}`;
  const elementName = `公民身份号码（测试${tag}）`;
  const returnComment = '请在摘要中说明数据覆盖的时间范围，并将“出生日期”设为必填项。';
  let code = '';

  it('shows each role only its catalog menu entries', async () => {
    const stewardMenu = steward.getByTestId('side-menu');
    for (const label of ['目录检索', '共享目录', '交换目录', '采集目录', '本单位资源']) await stewardMenu.getByText(label, { exact: true }).waitFor();
    expect(await stewardMenu.getByText('目录审核', { exact: true }).count()).toBe(0);
    const reviewerMenu = reviewer.getByTestId('side-menu');
    for (const label of ['目录检索', '目录审核', '一数一源', '分类维护', '数据元']) await reviewerMenu.getByText(label, { exact: true }).waitFor();
    expect(await reviewerMenu.getByText('本单位资源', { exact: true }).count()).toBe(0);
  });

  it('lets the reviewer register a classification and a standard data element', async () => {
    const p = reviewer;
    await openMenu(p, '分类维护');
    await p.getByRole('heading', { name: '分类维护' }).waitFor();
    await p.getByTestId('class-create-root').click();
    await inputOf(p, 'class-code').fill(classCode);
    await inputOf(p, 'class-name').fill(className);
    await inputOf(p, 'class-description').fill('端到端测试用的一级分类');
    await clickToSend(p, p.getByTestId('class-form-submit'));
    await p.getByTestId('classification-tree').getByText(`${classCode} ${className}`).waitFor();

    await openMenu(p, '数据元');
    await p.getByRole('heading', { name: '数据元' }).waitFor();
    await p.getByTestId('element-create').click();
    await inputOf(p, 'element-code').fill(elementCode);
    await inputOf(p, 'element-name').fill(elementName);
    await inputOf(p, 'element-definition').fill('居民身份证号码，18 位');
    await inputOf(p, 'element-length').fill('18');
    await pickSearch(p, 'element-unit', '公安', '三亚市公安局');
    await clickToSend(p, p.getByTestId('element-form-submit'));
    await p.getByTestId('elements-table').getByText(elementName).waitFor();
  });

  it('lets the steward draft a resource with data items, showing the server rejecting a duplicate item code on that row', async () => {
    const p = steward;
    await openMenu(p, '本单位资源');
    await p.getByRole('heading', { name: '本单位资源' }).waitFor();
    await p.getByTestId('mine-create').click();
    await p.getByRole('heading', { name: '新建信息资源' }).waitFor();

    await inputOf(p, 'draft-name').fill(name);
    await pickTreeSearch(p, 'draft-classification', classCode, `${classCode} ${className}`);
    await inputOf(p, 'draft-abstract').fill('户籍迁入、迁出时开具的户籍迁移证明及准迁证信息。');
    await inputOf(p, 'draft-department').fill('户政管理支队');
    await inputOf(p, 'draft-storage').fill('MySQL表');
    await inputOf(p, 'draft-source').fill('公安人口管理系统');
    await inputOf(p, 'draft-target').fill('人口基础信息库');
    for (const k of ['户籍', '迁移']) {
      await inputOf(p, 'draft-keywords').fill(k);
      await inputOf(p, 'draft-keywords').press('Enter');
    }

    // Row 0 comes as the key item; fill it as the citizen ID.
    await inputOf(p, 'item-0-name').fill('公民身份号码');
    await inputOf(p, 'item-0-code').fill('id_number');
    await inputOf(p, 'item-0-length').fill('18');
    await pick(p, 'item-0-sensitivity', '个人隐私');
    // Marking it sensitive suggests the masking rule from the item's name.
    await formItem(p, 'item-0-masking').getByText('身份证号脱敏').waitFor();
    await pickSearch(p, 'item-0-element', elementCode, elementName);

    await p.getByTestId('item-add').click();
    await inputOf(p, 'item-1-name').fill('迁移证编号');
    await inputOf(p, 'item-1-code').fill('permit_no');
    await inputOf(p, 'item-1-length').fill('32');
    await p.getByTestId('item-1-required').check();

    await p.getByTestId('item-add').click();
    await inputOf(p, 'item-2-name').fill('迁入地址');
    await inputOf(p, 'item-2-code').fill('permit_no'); // a duplicate only the server checks
    await inputOf(p, 'item-2-length').fill('200');

    await p.getByTestId('item-add').click();
    await inputOf(p, 'item-3-name').fill('出生日期');
    await inputOf(p, 'item-3-code').fill('birth_date');
    await pick(p, 'item-3-type', 'D 日期型');
    // A date has no length: the input is disabled.
    await expect.poll(() => inputOf(p, 'item-3-length').isDisabled()).toBe(true);

    const saveDraft = () => clickUntilRequest(p, p.getByTestId('draft-save'), (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/catalog/resources'));
    await saveDraft();
    await p.getByTestId('draft-error').waitFor();
    await formItem(p, 'item-2-code').getByText('信息项代码重复').waitFor();
    // The reason is listed at the top as well, not only on the cell.
    await p.getByTestId('draft-error').getByText('信息项代码重复：permit_no（与第 2 项相同）').waitFor();

    await inputOf(p, 'item-2-code').fill('destination_address');
    await saveDraft();
    await toast(p, /已保存草稿/);
    // The resource code is the classification code + '/' + a 6-digit sequence.
    await expect.poll(() => p.url()).toContain(`/catalog/mine/draft/${classCode}/000001?version=1`);
    code = `${classCode}/000001`;
    await p.getByTestId('draft-error').waitFor({ state: 'hidden' });
    await shoot(p, 'catalog-editor.png');

    await p.getByTestId('draft-submit').click();
    await confirmPop(p, 'draft-submit-confirm');
    await toast(p, `“${name}”已提交审核`);
    await p.getByRole('heading', { name: '本单位资源' }).waitFor();
    await p.getByTestId('mine-table').locator('tr', { hasText: name }).getByText('待审核').waitFor();
  });

  it('lets the reviewer return it with a comment', async () => {
    const p = reviewer;
    await openMenu(p, '目录审核');
    await p.getByRole('heading', { name: '目录审核' }).waitFor();
    await p.getByTestId(`review-row-${code}`).click();
    await p.getByRole('heading', { name: `审核：${name}` }).waitFor();
    await p.getByTestId('data-items-table').getByText('迁移证编号').waitFor();

    await p.getByTestId('review-return').click();
    // The return needs a comment: OK stays disabled until there is one.
    const ok = p.getByTestId('review-decision-ok');
    expect(await ok.isDisabled()).toBe(true);
    await p.getByTestId('review-comment').fill(returnComment);
    await ok.click();
    await toast(p, `“${name}”已退回提供单位修改`);
    await p.getByRole('heading', { name: '目录审核' }).waitFor();
  });

  it("shows the steward the reviewer's comment; the steward fixes the draft and resubmits", async () => {
    const p = steward;
    await p.goto(`${portal.base}/catalog/mine`);
    await p.getByTestId('mine-returned-alert').getByText(returnComment).waitFor();
    await p.getByTestId(`mine-comment-${code}`).getByText(returnComment).waitFor();
    await p.getByTestId(`mine-edit-${code}`).click();
    await p.getByTestId('editor-returned-comment').getByText(returnComment).waitFor();

    await inputOf(p, 'draft-abstract').fill('2015 年以来户籍迁入、迁出时开具的户籍迁移证明及准迁证信息。');
    await p.getByTestId('item-3-required').check();
    await p.getByTestId('draft-submit').click();
    await confirmPop(p, 'draft-submit-confirm');
    await toast(p, `“${name}”已提交审核`);
    await p.getByTestId('mine-table').locator('tr', { hasText: name }).getByText('待审核').waitFor();
  });

  it('lets the reviewer approve the resubmission, with the earlier return in the timeline', async () => {
    const p = reviewer;
    await p.goto(`${portal.base}/catalog/review`);
    await p.getByTestId(`review-row-${code}`).click();
    await p.getByRole('heading', { name: `审核：${name}` }).waitFor();
    await p.getByTestId('workflow-timeline').getByText(returnComment).waitFor();
    await p.getByTestId('resource-metadata').getByText('2015 年以来').waitFor();
    await shoot(p, 'catalog-review.png');

    await p.getByTestId('review-approve').click();
    await p.getByTestId('review-comment').fill('同意发布。');
    await clickToSend(p, p.getByTestId('review-decision-ok'));
    await toast(p, `“${name}”已审核通过，待提供单位确认发布`);
  });

  it('lets the steward confirm the publication', async () => {
    const p = steward;
    await p.goto(`${portal.base}/catalog/mine`);
    const row = p.getByTestId('mine-table').locator('tr', { hasText: name });
    await row.getByText('审核通过待确认').waitFor();
    await p.getByTestId(`mine-confirm-${code}`).click();
    await confirmPop(p, 'confirm-confirm');
    await toast(p, `“${name}”已发布为 v1`);
    await row.getByText('已发布').waitFor();
  });

  it('finds it with the two-character search 户籍, highlighted, and its detail page shows the data items', async () => {
    const p = steward;
    await openMenu(p, '目录检索');
    await p.getByRole('heading', { name: '目录检索' }).waitFor();
    const searched = p.waitForResponse((r) => r.url().includes('/api/v1/catalog/resources?') && r.url().includes(`q=${encodeURIComponent('户籍')}`) && r.ok());
    await inputOf(p, 'catalog-search').fill('户籍');
    await inputOf(p, 'catalog-search').press('Enter');
    await searched;
    const hit = p.getByTestId(`result-${code}`);
    await hit.waitFor();
    await hit.locator('mark', { hasText: '户籍' }).first().waitFor();
    await p.getByTestId('catalog-total').getByText(/“户籍”共找到 \d+ 个资源/).waitFor();
    await p.getByTestId('facet-provider').getByText('三亚市公安局').waitFor();
    await shoot(p, 'catalog-search.png');

    await hit.getByRole('link', { name: name }).click();
    await p.getByTestId('resource-title').getByText(name).waitFor();
    const items = p.getByTestId('data-items-table');
    for (const item of ['公民身份号码', '迁移证编号', '迁入地址', '出生日期']) await items.getByText(item, { exact: true }).waitFor();
    await items.getByText('id_number').waitFor();
    await items.getByText(elementName).waitFor();
    await p.getByTestId('access-box').getByText('强制共享：各单位均可直接使用').waitFor();
    await p.getByTestId('workflow-timeline').getByText(returnComment).waitFor();
    await shoot(p, 'catalog-detail.png');
  });

  it('lets the reviewer import a compilation file: a file with a mistake is refused with its row, a corrected one is imported', async () => {
    const p = reviewer;
    // Start from the published entry as the catalog exports it, renamed into a new entry.
    const exported = await p.request.get(`${portal.base}/api/v1/catalog/export?format=json&q=${encodeURIComponent(name)}`);
    expect(exported.ok()).toBe(true);
    const [entry] = (await exported.json()) as Record<string, unknown>[];
    const importedName = `户籍迁出登记信息（导入${tag}）`;
    const fresh: Record<string, unknown> = { ...entry, name: importedName };
    delete fresh.code;
    const dir = mkdtempSync(join(tmpdir(), 'govshare-e2e-import-'));
    const bad = join(dir, 'bad.json');
    const good = join(dir, 'good.json');
    writeFileSync(bad, JSON.stringify([{ ...fresh, sharingType: 'none', legalBasis: '' }]));
    writeFileSync(good, JSON.stringify([fresh]));

    await openMenu(p, '共享目录');
    await p.getByTestId('sharing-import').click();
    const modal = p.locator('.ant-modal');
    await modal.locator('input[type=file]').setInputFiles(bad);
    await clickToSend(p, p.getByTestId('import-check'));
    await p.getByTestId('import-issues').waitFor();
    await p.getByTestId('import-issues').getByText(/依据/).first().waitFor();
    expect(await p.getByTestId('import-commit').isDisabled()).toBe(true);
    await shoot(p, 'catalog-import-errors.png');

    await modal.locator('input[type=file]').setInputFiles(good);
    await clickToSend(p, p.getByTestId('import-check'));
    await p.getByTestId('import-checked').getByText('校验通过：将新增 1 条、更新 0 条').waitFor();
    await clickToSend(p, p.getByTestId('import-commit'));
    await toast(p, '已导入：新增 1 条、更新 0 条');
    const found = await p.request.get(`${portal.base}/api/v1/catalog/resources?q=${encodeURIComponent(importedName)}`);
    expect((await found.json()).total).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('raised no uncaught errors in the pages', () => {
    expect(portal.pageErrors).toEqual([]);
  });
});
