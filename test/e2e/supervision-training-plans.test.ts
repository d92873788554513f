import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTrainingDemo } from '../../src/supervision/training/demo.js';
import { seedPlanDemo } from '../../src/supervision/plans/demo.js';
import { captureFailures, clickToSend, pick, pickSearch, shoot, startPortal, type Portal } from './support.js';

/**
 * Training (培训, R24) and annual plans (年度计划, R26) in the portal. The authority opens the
 * 2026H2 coverage (three units flagged, filtered to them), records a person without an account at
 * a session; opens the 2026 plan (budget total exact), records a follow-up on an item; 市公安局's
 * steward reports progress on its own item. Real server (SQLite, demo data), built portal,
 * Debian's Chromium; screenshots in test-artifacts/.
 */

let portal: Portal;

describe('Training coverage and annual plans in Chromium', () => {
  captureFailures('supervision-training-plans', () => portal?.browser);
  beforeAll(async () => {
    portal = await startPortal({
      catalog: false,
      prepare: async (platform) => {
        await seedTrainingDemo(platform, () => {});
        await seedPlanDemo(platform, () => {});
      },
    });
  }, 120_000);

  afterAll(() => portal?.close());

  it('the authority sees the units without trained staff in 2026H2 and records a person at a session', async () => {
    const p = await portal.signIn('reviewer');
    await p.goto(`${portal.base}/supervision/training/coverage?half=2026H2`);
    const table = p.getByTestId('coverage-table');
    await expect.poll(() => table.getByTestId('training-untrained-tag').count(), { timeout: 15_000 }).toBe(3);
    await p.getByTestId('coverage-untrained-only').click();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(3);
    await expect.poll(() => table.textContent()).toContain('三亚市档案局');
    await shoot(p, 'training-coverage.png');

    await p.goto(`${portal.base}/supervision/training?half=2026H2`);
    await p.getByTestId('training-session-link').filter({ hasText: '数据质量与异议处理实务' }).click();
    const attendance = p.getByTestId('training-attendance');
    await attendance.locator('tbody tr.ant-table-row').first().waitFor();
    const before = await attendance.locator('tbody tr.ant-table-row').count();
    const form = p.getByTestId('training-person-form');
    await pickSearch(p, form.locator('.ant-select').first(), '三亚市档案局');
    await form.getByPlaceholder('姓名').fill('韩演示九');
    await form.getByPlaceholder('岗位').fill('档案数据联络员');
    await clickToSend(p, p.getByTestId('training-person-add'));
    await expect.poll(() => attendance.locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(before + 1);
    await expect.poll(() => attendance.textContent()).toContain('韩演示九');
    await shoot(p, 'training-session.png');

    // 市档案局 is no longer flagged.
    await p.goto(`${portal.base}/supervision/training/coverage?half=2026H2`);
    await expect.poll(() => p.getByTestId('coverage-table').getByTestId('training-untrained-tag').count(), { timeout: 15_000 }).toBe(2);
    await p.context().close();
  });

  it('the authority follows up a plan item; the owner unit reports progress', async () => {
    const p = await portal.signIn('reviewer');
    await p.goto(`${portal.base}/supervision/plans?year=2026`);
    await expect.poll(() => p.getByTestId('plan-totals').textContent(), { timeout: 15_000 }).toContain('8,250,000.50');
    await expect.poll(() => p.getByTestId('plan-table').locator('tbody tr.ant-table-row').count()).toBe(6);
    await shoot(p, 'plan-list.png');
    await p.getByTestId('plan-link').filter({ hasText: '人口综合信息资源库完善' }).click();
    const follow = p.getByTestId('plan-followup-form');
    await follow.waitFor();
    await pick(p, follow.locator('.ant-select'), '存在风险');
    await follow.locator('textarea').fill('已约谈责任单位，要求12月10日前完成数据清洗');
    await clickToSend(p, p.getByTestId('plan-followup-submit'));
    await expect.poll(() => p.getByTestId('plan-timeline').textContent(), { timeout: 15_000 }).toContain('已约谈责任单位');
    await shoot(p, 'plan-detail.png');
    const url = p.url();
    await p.context().close();

    const s = await portal.signIn('steward_ga');
    await s.goto(url);
    const progress = s.getByTestId('plan-progress-form');
    await progress.waitFor();
    await progress.locator('textarea').fill('历史数据清洗已完成九成');
    await clickToSend(s, s.getByTestId('plan-progress-submit'));
    await expect.poll(() => s.getByTestId('plan-timeline').textContent(), { timeout: 15_000 }).toContain('历史数据清洗已完成九成');
    await expect(s.getByTestId('plan-followup-form').count()).resolves.toBe(0);
    await s.context().close();
    expect(portal.pageErrors).toEqual([]);
  });
});
