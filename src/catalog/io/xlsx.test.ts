import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCatalogFile, resourceToInput, type ImportIssue } from './index.js';
import { ITEM_COLUMNS, RESOURCE_COLUMNS } from './columns.js';
import { buildXlsx, exportToBuffer } from './fixtures.js';
import { sampleImportContext, sampleResource, sampleResourceStream, sampleResources } from './sample.js';

async function readWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

const RES_HEADERS = RESOURCE_COLUMNS.map((c) => c.zh);
const ITEM_HEADERS = ITEM_COLUMNS.map((c) => c.zh);

/** A resource row of the layout, by header name. */
function resRow(values: Partial<Record<string, string | number>>): (string | number | null)[] {
  return RES_HEADERS.map((h) => values[h] ?? null);
}
function itemRow(values: Partial<Record<string, string | number>>): (string | number | null)[] {
  return ITEM_HEADERS.map((h) => values[h] ?? null);
}

const goodResource = {
  资源代码: 'A01/000001',
  资源名称: '人口基础信息',
  资源摘要: '全市户籍人口和流动人口基础信息',
  资源提供方: '三亚市公安局',
  资源分类: 'A01 人口信息',
  所属层级: '基础库',
  资源格式: '数据库',
  密级: '内部',
  数据分级: '重要数据',
  共享类型: '强制共享',
  共享方式: '在线查询；批量交换',
  开放属性: '不予开放',
  更新周期: '每日',
  '更新时限（工作日）': 1,
};
const goodItems = [
  { 资源代码: 'A01/000001', 序号: 1, 信息项名称: '公民身份号码', 信息项代码: 'id_no', 数据类型: 'C 字符型', 数据长度: 18, 必填: '是', 主键: '是', 敏感类别: '个人隐私', 脱敏规则: '身份证号脱敏', 数据元: 'DE0001' },
  { 资源代码: 'A01/000001', 序号: 2, 信息项名称: '姓名', 信息项代码: 'name', 数据类型: 'C 字符型', 数据长度: 50, 必填: '是', 主键: '否' },
];

function issueAt(errors: ImportIssue[], sheet: string, row: number | null, column: string | null): ImportIssue[] {
  return errors.filter((e) => e.sheet === sheet && e.row === row && e.column === column);
}

describe('XLSX export in the catalog-compilation layout', () => {
  it('writes 信息资源, 信息项 and 说明 with Chinese headers and human labels', async () => {
    const buf = await exportToBuffer(sampleResources(8), 'xlsx');
    const wb = await readWorkbook(buf);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['信息资源', '信息项', '说明']);
    const res = wb.getWorksheet('信息资源')!;
    expect((res.getRow(1).values as unknown[]).slice(1)).toEqual(RES_HEADERS);
    expect(res.rowCount).toBe(9);
    const r0 = sampleResource(0);
    const row2 = res.getRow(2);
    expect(row2.getCell(1).value).toBe(r0.code);
    expect(row2.getCell(7).value).toBe('基础库');
    expect(row2.getCell(12).value).toBe('强制共享');
    expect(row2.getCell(14).value).toBe('全部单位');
    const items = wb.getWorksheet('信息项')!;
    expect((items.getRow(1).values as unknown[]).slice(1)).toEqual(ITEM_HEADERS);
    expect(items.getRow(2).getCell(5).value).toBe('C 字符型');
    expect(items.getRow(2).getCell(9).value).toBe('是');
    const notes = wb.getWorksheet('说明')!;
    const text = JSON.stringify(notes.getSheetValues());
    for (const label of ['基础库', '强制共享', '受限共享', '非共享', '每半年', 'F 浮点型', '个人隐私', '身份证号脱敏', '订阅', '涉密', '核心数据', '有条件开放'])
      expect(text).toContain(label);
  });

  it('writes English headers and labels when asked', async () => {
    const wb = await readWorkbook(await exportToBuffer(sampleResources(2), 'xlsx', 'en'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Resources', 'Data items', 'Notes']);
    expect(wb.getWorksheet('Resources')!.getRow(2).getCell(12).value).toBe('Mandatory sharing');
  });
});

describe('XLSX round trip', () => {
  it('export → import yields the same drafts (array source)', async () => {
    const resources = sampleResources(40);
    const res = await parseCatalogFile(await exportToBuffer(resources, 'xlsx'), 'xlsx', sampleImportContext());
    expect(res.errors).toEqual([]);
    expect(res.resources).toEqual(resources.map(resourceToInput));
  });

  it('export → import yields the same drafts (one-pass async source, English labels, stream input)', async () => {
    const buf = await exportToBuffer(sampleResourceStream(25, { allTabular: true }), 'xlsx', 'en');
    const res = await parseCatalogFile(Readable.from([buf.subarray(0, 1000), buf.subarray(1000)]), 'xlsx', sampleImportContext());
    expect(res.errors).toEqual([]);
    expect(res.resources).toEqual(sampleResources(25, { allTabular: true }).map(resourceToInput));
  });

  it('keeps Chinese text intact across chunk boundaries of large parts', async () => {
    const resources = sampleResources(600, { allTabular: true });
    const res = await parseCatalogFile(await exportToBuffer(resources, 'xlsx'), 'xlsx', sampleImportContext());
    expect(res.errors).toEqual([]);
    expect(JSON.stringify(res.resources)).not.toContain('\uFFFD');
    expect(res.resources).toEqual(resources.map(resourceToInput));
  });
});

describe('XLSX import of a hand-filled template', () => {
  it('accepts codes as well as labels, shared strings, and items linked by the name of a new resource', async () => {
    const wb = new ExcelJS.Workbook();
    const rs = wb.addWorksheet('信息资源');
    rs.addRow(RES_HEADERS);
    rs.addRow(resRow({ ...goodResource, 所属层级: 'base', 资源格式: 'database', 共享类型: 'mandatory', 更新周期: 'daily', 共享方式: 'online_query' }));
    rs.addRow(resRow({ ...goodResource, 资源代码: '', 资源名称: '法人单位基础信息', 资源分类: 'A02', 共享类型: '受限共享', 共享条件: '仅限办理登记', 共享范围: '市公安局、11460200MB0000003X' }));
    const is = wb.addWorksheet('信息项');
    is.addRow(ITEM_HEADERS);
    for (const i of goodItems) is.addRow(itemRow(i));
    is.addRow(itemRow({ 资源代码: '法人单位基础信息', 序号: 2, 信息项名称: '单位名称', 信息项代码: 'unit_name', 数据类型: '字符型', 数据长度: 200 }));
    is.addRow(itemRow({ 资源代码: '法人单位基础信息', 序号: 1, 信息项名称: '统一社会信用代码', 信息项代码: 'uscc', 数据类型: 'C', 数据长度: 18, 主键: 'Y', 代码集: '1=有效；2=注销' }));
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await parseCatalogFile(buf, 'xlsx', sampleImportContext());
    expect(res.errors).toEqual([]);
    expect(res.resources).toHaveLength(2);
    const [a, b] = res.resources;
    expect(a).toMatchObject({ code: 'A01/000001', providerUnitId: 'u-gaj', classificationId: 'c-a01', layer: 'base', format: 'database', sharingType: 'mandatory', sharingMethods: ['online_query'] });
    expect(a!.dataItems![0]).toMatchObject({ code: 'id_no', dataType: 'C', length: 18, isKey: true, sensitivity: 'privacy', masking: 'id_card', elementCode: 'DE0001' });
    expect(b!.code).toBeUndefined();
    expect(b).toMatchObject({ classificationId: 'c-a02', sharingType: 'restricted', sharingScope: { all: false, unitIds: ['u-gaj', 'u-zrj'] } });
    // Ordered by 序号, not by row.
    expect(b!.dataItems!.map((d) => d.code)).toEqual(['uscc', 'unit_name']);
    expect(b!.dataItems![0]!.codeSet).toEqual([{ value: '1', label: '有效' }, { value: '2', label: '注销' }]);
  });
});

describe('XLSX import with mistakes', () => {
  async function importBroken() {
    const buf = buildXlsx([
      {
        name: '信息资源',
        rows: [
          [...RES_HEADERS, '备注X'],
          resRow({ ...goodResource, 共享类型: '随便共享' }),
          resRow({ ...goodResource, 资源代码: 'A01/000002', 共享类型: '非共享', 资源格式: '电子文件' }),
          resRow({ ...goodResource, 资源代码: 'A01/000003', '更新时限（工作日）': 'abc' }),
          resRow({ ...goodResource }),
          resRow({ ...goodResource, 资源代码: 'A01/000004', 资源分类: 'Z99 不存在的分类', 共享类型: '受限共享', 共享条件: '仅限审批', 共享范围: '火星市政府' }),
          resRow({ ...goodResource, 资源代码: 'A01/000005', 资源名称: '', 所属层级: '' }),
        ],
      },
      {
        name: '信息项',
        rows: [
          ITEM_HEADERS,
          itemRow(goodItems[0]!),
          itemRow({ ...goodItems[1]!, 数据类型: 'X 奇怪型' }),
          itemRow({ ...goodItems[1]!, 资源代码: 'B99/000001' }),
          itemRow({ ...goodItems[1]!, 资源代码: 'A01/000003', 信息项代码: 'name2', 必填: '也许' }),
          itemRow({ ...goodItems[1]!, 资源代码: 'A01/000003', 序号: 3, 信息项名称: '地址', 信息项代码: 'addr', 数据长度: '' }),
          itemRow({ 资源代码: 'A01/000003', 序号: 4, 信息项名称: '面积', 信息项代码: 'Area', 数据类型: 'N 数值型', 数据长度: 10, 精度: 12 }),
        ],
      },
      { name: 'Sheet1', rows: [['随手记']] },
    ]);
    return parseCatalogFile(buf, 'xlsx', sampleImportContext());
  }

  it('reports each problem at its sheet, row and column, and returns nothing to import', async () => {
    const { resources, errors } = await importBroken();
    expect(resources).toEqual([]);
    const R = '信息资源';
    const I = '信息项';
    const codes = (sheet: string, row: number | null, col: string | null) => issueAt(errors, sheet, row, col).map((e) => e.code);

    expect(codes('Sheet1', null, null)).toEqual(['unknown_sheet']);
    expect(codes(R, 1, 'AA')).toEqual(['unknown_header']);
    expect(codes(R, 2, 'L')).toEqual(['invalid_code_value']);
    expect(issueAt(errors, R, 2, 'L')[0]).toMatchObject({ header: '共享类型', field: 'sharingType' });
    expect(issueAt(errors, R, 2, 'L')[0]!.message).toContain('随便共享');
    expect(issueAt(errors, R, 2, 'L')[0]!.message).toContain('强制共享');
    expect(codes(R, 3, 'O')).toEqual(['legal_basis_required']);
    expect(issueAt(errors, R, 3, 'O')[0]).toMatchObject({ header: '不予共享依据', message: '非共享类资源必须提供法律、法规、规章或政策依据' });
    expect(codes(R, 4, 'S')).toEqual(['invalid_integer']);
    expect(codes(R, 5, 'A')).toEqual(['duplicate_resource_code']);
    expect(issueAt(errors, R, 5, 'A')[0]!.message).toContain('第 2 行');
    expect(codes(R, 6, 'F')).toEqual(['unknown_classification']);
    expect(codes(R, 6, 'N')).toEqual(['unknown_unit']);
    expect(codes(R, 7, 'B')).toEqual(['name_required']);
    expect(codes(R, 7, 'G')).toEqual(['required']);

    expect(codes(I, 3, 'E')).toEqual(['invalid_code_value']);
    expect(codes(I, 4, 'A')).toEqual(['unknown_item_resource']);
    expect(codes(I, 5, 'H')).toEqual(['invalid_boolean']);
    expect(codes(I, 6, 'F')).toEqual(['length_required']);
    expect(issueAt(errors, I, 6, 'F')[0]).toMatchObject({ header: '数据长度', field: 'dataItems.1.length' });
    expect(codes(I, 7, 'D')).toEqual(['invalid_item_code']);
    expect(codes(I, 7, 'G')).toEqual(['precision_range']);
    // A3 has items but none is a key: reported on its resource row.
    expect(codes(R, 4, null)).toEqual(['key_required']);

    for (const e of errors) {
      expect(e.message).not.toMatch(/catalog\.(import|validation)\./);
      expect(e.messageEn).not.toMatch(/catalog\.(import|validation)\./);
    }
  });

  it('reports a missing sheet and missing required columns', async () => {
    const noResources = await parseCatalogFile(buildXlsx([{ name: '信息项', rows: [ITEM_HEADERS] }]), 'xlsx', sampleImportContext());
    expect(noResources.errors.map((e) => e.code)).toContain('missing_sheet');
    const noColumns = await parseCatalogFile(
      buildXlsx([{ name: '信息资源', rows: [['资源代码', '资源名称'], ['A01/000001', '人口基础信息']] }]),
      'xlsx',
      sampleImportContext(),
    );
    const missing = noColumns.errors.filter((e) => e.code === 'missing_header');
    expect(missing.map((e) => e.message)).toEqual(
      expect.arrayContaining(['第 1 行应为表头，缺少列「资源分类」', '第 1 行应为表头，缺少列「共享类型」', '第 1 行应为表头，缺少列「更新周期」']),
    );
    expect(noColumns.resources).toEqual([]);

    // A 信息项 sheet without 数据类型: the header is the one thing to fix, not every row and resource.
    const noType = await parseCatalogFile(
      buildXlsx([
        { name: '信息资源', rows: [RES_HEADERS, resRow(goodResource)] },
        { name: '信息项', rows: [ITEM_HEADERS.filter((h) => h !== '数据类型'), ['A01/000001', 1, '姓名', 'name']] },
      ]),
      'xlsx',
      sampleImportContext(),
    );
    expect(noType.errors.map((e) => [e.sheet, e.row, e.code, e.message])).toEqual([['信息项', 1, 'missing_header', '第 1 行应为表头，缺少列「数据类型」']]);
  });

  it('says so when the workbook holds no resource', async () => {
    const res = await parseCatalogFile(buildXlsx([{ name: '信息资源', rows: [RES_HEADERS] }]), 'xlsx', sampleImportContext());
    expect(res.errors.map((e) => e.code)).toEqual(['no_resources']);
  });
});
