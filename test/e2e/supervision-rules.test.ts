import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, captureFailures, clickToSend, startPortal, type Portal } from './support.js';

/**
 * 合规监测 (R23) in the portal: the supervisor opens the rules page, runs every rule now, sees
 * each rule's last run, and raises a threshold. Real server (SQLite, demo catalog), built portal,
 * Debian's Chromium; screenshot in test-artifacts/.
 */

let portal: Portal;

describe('Compliance monitor (合规监测) in Chromium', () => {
  captureFailures('supervision-rules', () => portal?.browser);
  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(() => portal?.close());

  it('the supervisor runs every rule now and raises a threshold', async () => {
    const p = await portal.signIn('supervisor', { viewport: { width: 1440, height: 2100 } });
    await p.goto(`${portal.base}/supervision/rules`);
    const table = p.getByTestId('rules-table');
    await table.getByText('c3.update_overdue').waitFor();
    await table.getByText('第三十一条第五项').first().waitFor();
    await clickToSend(p, p.getByTestId('run-all'));
    await p.getByTestId('run-summary').waitFor();
    await expect.poll(() => p.getByTestId('rule-status-c3.update_overdue').textContent()).toBe('成功');
    const multiple = p.locator('#volumeMultiple');
    await multiple.fill('8');
    await clickToSend(p, p.getByTestId('save-settings'));
    await expect.poll(async () => (await portal.platform.compliance.settings()).volumeMultiple, { timeout: 10_000 }).toBe(8);
    await expect.poll(() => p.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await p.mouse.move(0, 0);
    // The whole page fits the tall viewport: no full-page stitching under the fixed header.
    await p.screenshot({ path: join(ARTIFACTS, 'compliance-rules.png') });
    const runs = await portal.platform.audit.query({ action: 'supervision.rules.run', actor: 'supervisor' } as never);
    expect(runs.items.length).toBeGreaterThanOrEqual(10);
    await p.context().close();
    expect(portal.pageErrors).toEqual([]);
  });
});
