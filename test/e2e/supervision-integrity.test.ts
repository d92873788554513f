import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/exchange/values.js';
import { tableNameFor } from '../../src/exchange/dataset.js';
import { ARTIFACTS, captureFailures, clickToSend, startPortal, type Portal } from './support.js';

/**
 * 数据完整性 (第三十一条第七项) in the portal: 市公安局 uploads 人口基础信息 through the API, the
 * sweeper seals it, someone edits a row directly in the database; the supervisor opens 数据完整性,
 * runs the full verification and sees the edited row's key with its sealed vs found hash.
 * Real server (SQLite, demo catalog), built portal, Debian's Chromium; screenshot in test-artifacts/.
 */

let portal: Portal;

/** A synthetic citizen ID number (never a real person). */
function syntheticId(n: number): string {
  const first17 = `460202199001010${String(n).padStart(2, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

describe('数据完整性: a dataset row edited in the database is shown to the supervisor', () => {
  captureFailures('supervision-integrity', () => portal?.browser);
  let table = '';

  beforeAll(async () => {
    portal = await startPortal();
    const { base, platform } = portal;
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'steward_ga', password: portal.password }) });
    const token = ((await login.json()) as { token: string }).token;
    const found = await fetch(`${base}/api/v1/catalog/resources?q=${encodeURIComponent('人口基础信息')}&facets=false`, { headers: { authorization: `Bearer ${token}` } });
    const code = ((await found.json()) as { items: { code: string; name: string }[] }).items.find((r) => r.name === '人口基础信息')!.code;
    table = tableNameFor(code);
    const csv = ['sfzhm,xm,xb,mz,csrq,hjdz,ssq,rkzt', ...[1, 2, 3, 4, 5].map((n) => `${syntheticId(n)},演示${n},1,01,1990-01-01,三亚市吉阳区演示路${n}号,460202,10`)].join('\r\n') + '\r\n';
    const up = await fetch(`${base}/api/v1/data/${encodeURIComponent(code)}/batches`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
    expect(up.status).toBe(200);
    // The sweeper's run: seals the rows as the upload wrote them.
    expect(await platform.integrity.run('c7.dataset_tamper', 'sweep')).toEqual([]);
    // A direct edit, as a DBA would make it.
    await sql.raw(`update ${table} set xm = '被改动' where _key = '${syntheticId(3)}'`).execute(platform.db.kysely);
  });

  afterAll(() => portal?.close());

  it('the supervisor runs the full verification and sees the edited row as 第七项 with its key and hashes', async () => {
    const p = await portal.signIn('supervisor');
    await p.goto(`${portal.base}/supervision/integrity`);
    const datasets = p.getByTestId('integrity-check-c7.dataset_tamper');
    await datasets.waitFor().catch(async (e: unknown) => {
      await p.screenshot({ path: join(ARTIFACTS, 'integrity-debug.png'), fullPage: true });
      throw e;
    });
    await clickToSend(p, p.getByTestId('integrity-verify'));
    await datasets.getByTestId('integrity-broken').waitFor();
    await datasets.getByText(syntheticId(3)).first().waitFor();
    await datasets.getByText('行的内容被直接修改', { exact: false }).first().waitFor();
    await p.getByTestId('integrity-check-c7.audit_chain').getByTestId('integrity-ok').waitFor();
    await p.getByTestId('integrity-check-c7.schema_drift').getByTestId('integrity-ok').waitFor();
    await expect.poll(() => p.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await p.mouse.move(0, 0);
    await p.screenshot({ path: join(ARTIFACTS, 'integrity-1-found.png'), fullPage: true });
    await p.context().close();
    expect(portal.pageErrors).toEqual([]);
  });
});
