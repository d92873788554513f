import { describe, expect, it } from 'vitest';
import { importFormatOf, parseCatalogFile, resourceToInput } from './index.js';
import { RESOURCE_COLUMNS } from './columns.js';
import { sampleImportContext, sampleResource, sampleResourceStream, sampleResources } from './sample.js';
import { exportToBuffer } from './fixtures.js';

const ctx = sampleImportContext();

/** GB18030 bytes of a string (Node has no encoder; the decoder inverts this). */
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    let found = false;
    for (let hi = 0x81; hi <= 0xfe && !found; hi++)
      for (let lo = 0x40; lo <= 0xfe && !found; lo++) {
        if (lo === 0x7f) continue;
        if (decoder.decode(Uint8Array.of(hi, lo)) === ch) {
          out.push(hi, lo);
          found = true;
        }
      }
    if (!found) throw new Error(`not in GBK: ${ch}`);
  }
  return Buffer.from(out);
}

describe('CSV', () => {
  it('is UTF-8 with a BOM, one row per resource, data items as a JSON column', async () => {
    const buf = await exportToBuffer(sampleResources(3), 'csv');
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8').slice(1);
    const header = text.split('\r\n')[0]!;
    expect(header).toBe([...RESOURCE_COLUMNS.map((c) => c.zh), '信息项'].join(','));
    expect(text).toContain('"[{""seq"":1,""name"":""公民身份号码""');
  });

  it('round trip export → import yields the same drafts', async () => {
    const resources = sampleResources(40);
    const res = await parseCatalogFile(await exportToBuffer(resources, 'csv'), 'csv', ctx);
    expect(res.errors).toEqual([]);
    expect(res.resources).toEqual(resources.map(resourceToInput));
  });

  it('round trip with English headers from a one-pass source', async () => {
    const res = await parseCatalogFile(await exportToBuffer(sampleResourceStream(12), 'csv', 'en'), 'csv', ctx);
    expect(res.errors).toEqual([]);
    expect(res.resources).toEqual(sampleResources(12).map(resourceToInput));
  });

  it('keeps a cell that Excel would run as a formula inert, and reads it back unchanged', async () => {
    const r = { ...sampleResource(1), name: '=HYPERLINK("http://evil.example","点击")', sourceSystem: '-1+2' };
    const buf = await exportToBuffer([r], 'csv');
    expect(buf.toString('utf8')).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    const res = await parseCatalogFile(buf, 'csv', ctx);
    expect(res.errors).toEqual([]);
    expect(res.resources[0]).toMatchObject({ name: r.name, sourceSystem: '-1+2' });
  });

  it('reads a BOM-less GB18030 file saved by Excel in the local code page', async () => {
    const text = '资源名称,资源分类,所属层级,资源格式,共享类型,共享方式,更新周期\r\n人口基础信息,A01,基础库,电子文件,强制共享,在线查询,每日\r\n';
    const res = await parseCatalogFile(gb18030(text), 'csv', ctx);
    expect(res.errors).toEqual([]);
    expect(res.resources).toEqual([
      { name: '人口基础信息', classificationId: 'c-a01', layer: 'base', format: 'file', sharingType: 'mandatory', sharingMethods: ['online_query'], updateCycle: 'daily', dataItems: [] },
    ]);
  });

  it('reports problems at their row and column, items by their JSON path', async () => {
    const head = '资源名称,资源分类,所属层级,资源格式,共享类型,共享方式,更新周期,信息项';
    const items = JSON.stringify([{ name: '身份证号', code: 'id_no', dataType: 'C', isKey: true }]).replace(/"/g, '""');
    const text = `${head}\n人口基础信息,A01,基础库,数据库,强制共享,在线查询,每季,"${items}"\n法人信息,A02,基础库,数据库,强制共享,在线查询,每日,"[oops"\n`;
    const res = await parseCatalogFile(Buffer.from(text), 'csv', ctx);
    expect(res.resources).toEqual([]);
    expect(res.errors.map((e) => [e.sheet, e.row, e.column, e.header, e.field, e.code])).toEqual([
      ['CSV', 2, 'G', '更新周期', 'updateCycle', 'invalid_code_value'],
      ['CSV', 3, 'H', '信息项', 'dataItems', 'invalid_items_json'],
      ['CSV', 2, 'H', '信息项', 'dataItems.0.length', 'length_required'],
      ['CSV', 3, null, null, 'dataItems', 'data_items_required'],
    ]);
  });
});

describe('JSON', () => {
  it('is an array of Resource objects with their data items', async () => {
    const resources = sampleResources(3);
    const parsed = JSON.parse((await exportToBuffer(resources, 'json')).toString('utf8')) as unknown[];
    expect(parsed).toEqual(resources);
    expect(JSON.parse((await exportToBuffer([], 'json')).toString('utf8'))).toEqual([]);
  });

  it('round trip export → import yields the same drafts', async () => {
    const resources = sampleResources(40);
    const res = await parseCatalogFile(await exportToBuffer(resources, 'json'), 'json', ctx);
    expect(res.errors).toEqual([]);
    expect(res.resources).toEqual(resources.map(resourceToInput));
  });

  it('resolves classification codes and unit names when the ids are from another platform', async () => {
    const r = { ...sampleResource(1), classificationId: 'elsewhere-1', providerUnitId: 'elsewhere-2', sharingScope: { all: false, unitIds: ['三亚市公安局', '人社局'] } };
    const res = await parseCatalogFile(Buffer.from(JSON.stringify({ resources: [r] })), 'json', ctx);
    expect(res.errors).toEqual([]);
    expect(res.resources[0]).toMatchObject({ classificationId: 'c-a02', providerUnitId: 'u-scj', sharingScope: { all: false, unitIds: ['u-gaj', 'u-rsj'] } });
  });

  it('reports unknown fields, wrong types and rule violations by position and path', async () => {
    const good = sampleResource(0, { allTabular: true });
    const list = [
      { ...good, colour: 'blue' },
      { ...good, code: 'A01/000002', updateTimeLimitDays: '3', sharingType: 'none', legalBasis: '' },
      { ...good, code: 'A01/000003', dataItems: [{ ...good.dataItems[0], dataType: 'Q' }, { ...good.dataItems[1], length: 9000 }] },
    ];
    const res = await parseCatalogFile(Buffer.from(JSON.stringify(list)), 'json', ctx);
    expect(res.resources).toEqual([]);
    expect(res.errors.map((e) => [e.sheet, e.row, e.field, e.code])).toEqual([
      ['JSON', 1, 'colour', 'unknown_field'],
      ['JSON', 2, 'updateTimeLimitDays', 'json_type'],
      ['JSON', 3, 'dataItems.0.dataType', 'invalid_code_value'],
      ['JSON', 2, 'legalBasis', 'legal_basis_required'],
      ['JSON', 3, 'dataItems.1.length', 'length_range'],
    ]);
  });
});

describe('import format of an upload', () => {
  it('follows the file extension, then the content type', () => {
    expect(importFormatOf('目录.XLSX', 'application/octet-stream')).toBe('xlsx');
    expect(importFormatOf('catalog.csv')).toBe('csv');
    expect(importFormatOf(null, 'application/json; charset=utf-8')).toBe('json');
    expect(importFormatOf('x.bin', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('xlsx');
    expect(importFormatOf('x.bin', 'application/octet-stream')).toBeUndefined();
  });
});
