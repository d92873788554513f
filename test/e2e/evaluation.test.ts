import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, captureFailures, confirmPop, startPortal, type Portal } from './support.js';

/**
 * 年度评估 (R20, 第二十八条) in the portal: the IT authority runs this year's evaluation over the
 * demo (catalog plus a few recorded data accesses, so scores differ), publishes it after
 * confirmation and looks at the ranking chart; a unit's user then finds the published results
 * and its own score. Real server (SQLite), built portal, Debian's Chromium; screenshot in
 * test-artifacts/evaluation-ranking.png.
 */

let portal: Portal;

describe('Annual evaluation (年度评估) run, published and ranked in Chromium', () => {
  captureFailures('evaluation', () => portal?.browser);
  beforeAll(async () => {
    portal = await startPortal({
      // A few data accesses (as the exchange records them) so the usage indicators differ between units.
      prepare: async (platform) => {
        const k = platform.db.kysely;
        const resources = await k.selectFrom('catalog_resource').select(['code', 'provider_unit_id']).where('published_version', 'is not', null).orderBy('code').execute();
        const units = (await k.selectFrom('unit').select('id').orderBy('id').execute()).map((u) => u.id);
        let n = 0;
        for (const [i, r] of resources.slice(0, 6).entries()) {
          const consumers = units.filter((u) => u !== r.provider_unit_id).slice(0, 6 - i);
          for (const unitId of consumers) {
            for (let j = 0; j <= i; j++) {
              await platform.audit.append({ actorType: 'user', actorId: 'e2e', actorName: 'e2e', unitId, clientIp: null, requestId: null, action: 'data.record.query', targetType: 'dataset', targetId: r.code, result: 'success', purpose: '演示', detail: { rows: 10 * (j + 1) } });
              n++;
            }
          }
        }
        if (n === 0) throw new Error('no demo resources to access');
      },
    });
  });

  afterAll(() => portal?.close());

  it('the authority runs the year, publishes after confirming, and opens the ranking chart', async () => {
    const p = await portal.signIn('reviewer');
    await p.goto(`${portal.base}/evaluation/runs`);
    await p.getByTestId('run-evaluation').click();
    await confirmPop(p, p.locator('.ant-btn-primary'));
    await p.getByTestId('ranking-chart').waitFor();
    await p.getByText('草稿', { exact: true }).first().waitFor();
    await p.getByTestId('publish-run').click();
    await confirmPop(p, 'publish-confirm');
    await p.getByText('已发布', { exact: true }).first().waitFor();
    await expect.poll(() => p.getByTestId('publish-run').count()).toBe(0);
    // The chart drew a bar per unit on its canvas.
    const canvas = p.getByTestId('ranking-chart').locator('canvas');
    await expect.poll(() => canvas.count()).toBeGreaterThan(0);
    const box = await p.getByTestId('ranking-chart').boundingBox();
    expect(box!.height).toBeGreaterThan(200);
    const [run] = await portal.platform.evaluation.list({ actorType: 'system', actorId: 'e2e', actorName: 'e2e', unitId: null, clientIp: null, requestId: null, roles: [] }, { year: new Date().getFullYear() });
    expect(run!.state).toBe('published');
    await expect.poll(() => p.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await p.mouse.move(0, 0);
    await p.screenshot({ path: join(ARTIFACTS, 'evaluation-ranking.png'), fullPage: true });
    // 使用情况: the month trend of the accesses recorded above (the run caught the rollup up).
    await p.goto(`${portal.base}/evaluation/usage`);
    await p.getByTestId('usage-trend').locator('canvas').waitFor();
    await p.getByText('data.record.query').or(p.getByText('查询', { exact: true })).first().waitFor();
    await p.screenshot({ path: join(ARTIFACTS, 'evaluation-usage.png'), fullPage: true });
  });

  it('a unit user sees the published results and its own score', async () => {
    const p = await portal.signIn('user_mz');
    await p.goto(`${portal.base}/evaluation/results`);
    await p.getByTestId('ranking-chart').waitFor();
    await p.getByText('本单位得分').waitFor();
    await p.getByText('查看计分明细').click();
    await p.getByTestId('unit-total').waitFor();
    expect(portal.pageErrors).toEqual([]);
  });
});
