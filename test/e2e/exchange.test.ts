import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../src/audit/types.js';
import { idNumberCheckChar } from '../../src/exchange/values.js';
import { captureFailures, clickToSend, shoot, startPortal, type Portal } from './support.js';

/**
 * The data exchange end to end (issue 4). A steward of 市公安局 uploads 流动人口居住登记信息
 * through the portal's wizard: a file with one bad row is refused with that row, field and reason;
 * the corrected file validates and commits. Then 市民政局, holding a grant for three of its items,
 * queries it: only the granted columns come back, the citizen ID number masked.
 * Real server (SQLite, demo catalog), built portal, Debian's Chromium; screenshots in test-artifacts/.
 */

const RESOURCE = '流动人口居住登记信息';

const admin: AuditActor = { actorType: 'system', actorId: 'e2e-exchange', actorName: 'e2e-exchange', unitId: null, clientIp: null, requestId: null };

interface ItemInfo {
  code: string;
  name: string;
  dataType: string;
  codeSet: { value: string; label: string }[] | null;
  masking: string;
  isKey: boolean;
}

let portal: Portal;

/** A synthetic citizen ID number with a correct check character (birth dates in 1990, sequence 9xx). */
function syntheticId(n: number): string {
  const first17 = `460203199001${String(10 + n).padStart(2, '0')}9${String(n).padStart(2, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** Row n of the upload: a valid synthetic value for every item, from the item's type and code set. */
function validRow(items: ItemInfo[], n: number): Record<string, string> {
  const row: Record<string, string> = {};
  for (const i of items) {
    if (i.codeSet?.length) row[i.code] = i.codeSet[n % i.codeSet.length]!.value;
    else if (i.masking === 'id_card') row[i.code] = syntheticId(n);
    else if (i.masking === 'name') row[i.code] = `测试${'甲乙丙丁戊己'[n % 6]}某`;
    else if (i.masking === 'phone') row[i.code] = `0898-0000${String(9000 + n)}`;
    else if (i.masking === 'address') row[i.code] = `三亚市吉阳区测试路${n + 1}号`;
    else if (i.dataType === 'D') row[i.code] = `2026-0${(n % 9) + 1}-1${n % 10}`;
    else if (i.dataType === 'T') row[i.code] = `2026-01-0${(n % 9) + 1}T08:30:00+08:00`;
    else if (i.dataType === 'I') row[i.code] = String(n);
    else if (['N', 'Y', 'B', 'F'].includes(i.dataType)) row[i.code] = `${n}.5`;
    else if (i.dataType === 'L') row[i.code] = n % 2 ? 'true' : 'false';
    else row[i.code] = `E2E-${i.code.toUpperCase()}-${String(n + 1).padStart(4, '0')}`;
  }
  return row;
}

function csvOf(items: ItemInfo[], rows: Record<string, string>[]): string {
  const header = items.map((i) => i.code).join(',');
  return [header, ...rows.map((r) => items.map((i) => r[i.code] ?? '').join(','))].join('\r\n') + '\r\n';
}

describe('Data exchange in Chromium', () => {
  captureFailures('exchange', () => portal?.browser);
  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(() => portal?.close());

  let code = '';
  let items: ItemInfo[] = [];
  let rows: Record<string, string>[] = [];

  it('lets the provider upload: a bad row is refused with its row, field and reason; the fixed file validates and commits', async () => {
    const p = await portal.signIn('steward_ga');
    await p.goto(`${portal.base}/data`);
    const link = p.getByTestId('dataset-table').getByTestId('dataset-link').filter({ hasText: RESOURCE });
    await link.click();
    await p.getByTestId('dataset-title').getByText(RESOURCE).waitFor();
    await p.getByTestId('access-basis').getByText('提供方').waitFor();
    code = decodeURIComponent(new URL(p.url()).pathname.replace(/^\/data\//, ''));

    // The file's header is the resource's item codes, as its dataset serves them.
    const info = await p.request.get(`${portal.base}/api/v1/data/${encodeURIComponent(code)}`);
    expect(info.ok()).toBe(true);
    const body = (await info.json()) as { resourceCode: string; sharingType: string; canUpload: boolean; items: ItemInfo[] };
    expect(body).toMatchObject({ resourceCode: code, sharingType: 'restricted', canUpload: true });
    items = body.items;
    const dateItem = items.find((i) => i.dataType === 'D' && i.code === 'djrq') ?? items.find((i) => i.dataType === 'D');
    expect(dateItem).toBeDefined();

    rows = Array.from({ length: 6 }, (_, n) => validRow(items, n));
    const badFile = join(portal.dataDir, 'ldrk-bad.csv');
    const goodFile = join(portal.dataDir, 'ldrk-fixed.csv');
    // The 4th data row (line 5 of the file, after the header) carries 30 February.
    writeFileSync(badFile, csvOf(items, rows.map((r, n) => (n === 3 ? { ...r, [dateItem!.code]: '2026-02-30' } : r))));
    writeFileSync(goodFile, csvOf(items, rows));

    await p.getByRole('tab', { name: '上传数据' }).click();
    await expect.poll(() => new URL(p.url()).searchParams.get('tab')).toBe('upload');
    const wizard = p.getByTestId('upload-wizard');

    const sendAndValidate = async (file: string, screenshot?: string) => {
      await p.getByTestId('upload-file').setInputFiles(file);
      await wizard.getByTestId('upload-next').click();
      await p.getByTestId('upload-mapping').waitFor();
      // Each column was recognised as the item of the same code.
      for (const [index, item] of items.entries()) await p.getByTestId(`upload-map-${index}`).getByText(`${item.name}（${item.code}）`).waitFor();
      expect(await p.getByTestId('upload-unmapped').count()).toBe(0);
      if (screenshot) await shoot(p, screenshot);
      await wizard.getByTestId('upload-next').click();
    };

    await sendAndValidate(badFile, 'exchange-upload-mapping.png');
    await p.getByTestId('upload-rejected').waitFor();
    await p.getByTestId('upload-rejected').getByText(/1 个问题/).waitFor();
    const issueRows = p.getByTestId('upload-issues').locator('tbody tr.ant-table-row');
    await expect.poll(() => issueRows.count()).toBe(1);
    const cells = await issueRows.first().locator('td').allInnerTexts();
    expect(cells[0]).toBe('5');
    expect(cells[1]).toContain(dateItem!.name);
    expect(cells[2]).toBe('2026-02-30');
    expect(cells[3]).toContain('不是有效的日期');
    // Nothing was written.
    await expect.poll(async () => (await p.getByTestId('dataset-rows').innerText()).trim()).toBe('0');
    await shoot(p, 'exchange-upload-issues.png');

    await p.getByTestId('upload-choose-again').click();
    await sendAndValidate(goodFile);
    await p.getByTestId('upload-valid').waitFor();
    await p.getByTestId('upload-valid').getByText(/6 行/).first().waitFor();
    await wizard.getByTestId('upload-next').click();
    await clickToSend(p, p.getByTestId('upload-commit'));
    const result = p.getByTestId('upload-result');
    await result.waitFor();
    const statistic = (title: string) => result.locator('.ant-statistic', { has: p.getByText(title, { exact: true }) }).locator('.ant-statistic-content-value');
    expect(await statistic('新增').innerText()).toBe('6');
    expect(await statistic('更新').innerText()).toBe('0');
    await expect.poll(async () => (await p.getByTestId('dataset-rows').innerText()).trim()).toBe('6');
    await shoot(p, 'exchange-upload-result.png');
    await p.context().close();
  });

  it('shows a consumer holding a grant only the granted items, the ID number masked', async () => {
    expect(code).not.toBe('');
    const idItem = items.find((i) => i.masking === 'id_card')!;
    const keyItem = items.find((i) => i.isKey)!;
    const districtItem = items.find((i) => i.codeSet?.length)!;
    const granted = [keyItem, idItem, districtItem];
    expect(new Set(granted.map((i) => i.code)).size).toBe(3);
    const withheld = items.filter((i) => !granted.includes(i));

    const mzUnit = (await portal.platform.org.getUserByUsername('user_mz'))?.unitId;
    if (!mzUnit) throw new Error('the demo user user_mz has no unit');
    await portal.platform.sharing.createGrant(admin, {
      resourceCode: code,
      consumerUnitId: mzUnit,
      fields: granted.map((i) => i.code),
      purpose: '流动人口社会救助对象核对',
      legalBasis: '《社会救助暂行办法》第十一条',
      state: 'active',
      quotaRequestsPerDay: 1000,
    });

    const p = await portal.signIn('user_mz');
    await p.goto(`${portal.base}/data?role=consumer`);
    await p.getByTestId('dataset-table').getByTestId('dataset-link').filter({ hasText: RESOURCE }).click();
    await p.getByTestId('dataset-title').getByText(RESOURCE).waitFor();
    await p.getByTestId('access-basis').getByText('授权').waitFor();
    // The grant's daily quota and today's use (all nodes; none yet).
    await p.getByTestId('dataset-quota').getByText('请求 0 / 1,000 次').waitFor();
    await p.getByTestId('dataset-quota').getByText('记录 0 条（不限量）').waitFor();
    expect(await p.getByRole('tab', { name: '上传数据' }).count()).toBe(0);

    await p.locator('input[data-testid="query-purpose"]').fill('核对流动人口最低生活保障申请人的居住登记');
    await p.getByTestId('query-run').click();
    const table = p.getByTestId('query-results');
    const bodyRows = table.locator('tbody tr.ant-table-row');
    await expect.poll(() => bodyRows.count()).toBe(6);
    // The quota line follows the read.
    await p.getByTestId('dataset-quota').getByText('请求 1 / 1,000 次').waitFor();
    await p.getByTestId('dataset-quota').getByText('记录 6 条（不限量）').waitFor();

    const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
    for (const i of granted) expect(headers.some((h) => h.startsWith(i.name))).toBe(true);
    for (const i of withheld) expect(headers.some((h) => h.startsWith(i.name))).toBe(false);
    await table.locator('thead').getByTestId('masked-tag').first().waitFor();
    expect(headers.find((h) => h.startsWith(idItem.name))).toContain('脱敏');

    const idColumn = headers.findIndex((h) => h.startsWith(idItem.name));
    const keyColumn = headers.findIndex((h) => h.startsWith(keyItem.name));
    const districtColumn = headers.findIndex((h) => h.startsWith(districtItem.name));
    for (let r = 0; r < 6; r++) {
      const cells = await bodyRows.nth(r).locator('td').allInnerTexts();
      const source = rows.find((x) => x[keyItem.code] === cells[keyColumn]!.trim());
      expect(source).toBeDefined();
      const shown = cells[idColumn]!.trim();
      expect(shown).toContain('*');
      expect(shown).not.toBe(source![idItem.code]);
      // The unmasked start and end of the number stay (460203********XXXX).
      expect(shown.slice(0, 6)).toBe(source![idItem.code]!.slice(0, 6));
      // A code-set value comes with its label.
      const district = districtItem.codeSet!.find((c) => c.value === source![districtItem.code])!;
      expect(cells[districtColumn]!.trim()).toBe(`${district.value} ${district.label}`);
    }
    const text = await table.innerText();
    for (const r of rows) expect(text).not.toContain(r[idItem.code]);
    await shoot(p, 'exchange-consumer-query.png');

    // The catalog entry and the data link each other.
    await p.getByRole('link', { name: '目录信息' }).click();
    await p.getByTestId('resource-title').getByText(RESOURCE).waitFor();
    await p.getByTestId('resource-use-data').click();
    await p.getByTestId('dataset-title').getByText(RESOURCE).waitFor();
    expect(decodeURIComponent(new URL(p.url()).pathname)).toBe(`/data/${code}`);

    // The session ends meanwhile (signed out elsewhere): the next query leads to the login page.
    await p.context().clearCookies();
    await p.locator('input[data-testid="query-purpose"]').fill('核对流动人口居住登记');
    await p.getByTestId('query-run').click();
    await p.getByTestId('login-submit').waitFor();
    await p.context().close();
  });

  it('raised no uncaught errors in the pages', () => {
    expect(portal.pageErrors).toEqual([]);
  });
});
