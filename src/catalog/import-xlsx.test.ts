import { afterAll, beforeAll, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';

/** A multipart/form-data body with one file field, as a browser would send it. */
function multipart(file: Buffer, filename: string) {
  const boundary = '----govshare-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  return { payload: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

function columnOf(sheet: ExcelJS.Worksheet, header: string): number {
  let found = 0;
  sheet.getRow(1).eachCell((cell, col) => {
    if (String(cell.value).trim() === header) found = col;
  });
  if (!found) throw new Error(`no column ${header}`);
  return found;
}

describeEachDialect('catalog XLSX import through the API', (dialect) => {
  let t: TestApp;
  let reviewer: string;
  let exported: Buffer;
  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true });
    reviewer = await t.login('reviewer');
    const res = await t.as(reviewer, 'GET', '/api/v1/catalog/export?format=xlsx');
    expect(res.statusCode).toBe(200);
    exported = res.rawPayload;
  }, 180_000);
  afterAll(() => t.close());

  it('rejects a workbook with mistakes, naming sheet, row and column of each, and imports nothing', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as never);
    const resources = wb.getWorksheet('信息资源')!;
    const items = wb.getWorksheet('信息项')!;
    // Row 3: make it non-shared without a legal basis. Row 4 of the items: an unknown data type.
    resources.getRow(3).getCell(columnOf(resources, '共享类型')).value = '非共享';
    resources.getRow(3).getCell(columnOf(resources, '不予共享依据')).value = '';
    items.getRow(4).getCell(columnOf(items, '数据类型')).value = 'X 未知型';
    const broken = Buffer.from(await wb.xlsx.writeBuffer());

    const before = (await t.as(reviewer, 'GET', '/api/v1/catalog/resources?limit=1')).json().total;
    const auditBefore = (await t.platform.db.kysely.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const { payload, contentType } = multipart(broken, 'catalog.xlsx');
    const res = await t.as(reviewer, 'POST', '/api/v1/catalog/import', payload, { 'content-type': contentType });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const errors = res.json().errors as { sheet: string; row: number; column: string; header: string; code: string; message: string }[];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: '信息项', row: 4, header: '数据类型' }),
        expect.objectContaining({ sheet: '信息资源', row: 3 }),
      ]),
    );
    for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
    expect((await t.as(reviewer, 'GET', '/api/v1/catalog/resources?limit=1')).json().total).toBe(before);
    const auditAfter = (await t.platform.db.kysely.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(auditAfter)).toBe(Number(auditBefore));
  });

  it('rejects a file that is not a workbook with one clear 4xx', async () => {
    const { payload, contentType } = multipart(Buffer.from('this is not a zip'), 'catalog.xlsx');
    const res = await t.as(reviewer, 'POST', '/api/v1/catalog/import', payload, { 'content-type': contentType });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toBeTruthy();
  });

  it('re-reads its own export, refusing only the resource whose next version is still being drafted', async () => {
    const { payload, contentType } = multipart(exported, 'catalog.xlsx');
    const res = await t.as(reviewer, 'POST', '/api/v1/catalog/import?dryRun=true', payload, { 'content-type': contentType });
    // The demo leaves one published resource with version 2 in progress: importing over it would
    // race the unit's own change, so the whole file is refused with that one row named.
    expect(res.statusCode, res.body).toBe(400);
    const errors = res.json().errors as { sheet: string; row: number; code: string; message: string }[];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: '信息资源', code: 'change_in_progress' });
    expect(errors[0].message).toMatch(/第 2 版正在编制/);
  });
});
