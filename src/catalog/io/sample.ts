/**
 * Synthetic catalogs for the import/export tests and the benchmark: every vocabulary value, the
 * awkward cells (custom masking, code sets and keywords containing separators), and a matching
 * ImportContext. No real data.
 */
import {
  DATA_GRADES,
  LAYERS,
  OPEN_ATTRIBUTES,
  RESOURCE_FORMATS,
  SENSITIVITIES,
  SHARING_METHODS,
  UPDATE_CYCLES,
  isTabular,
  type DataItem,
  type DataType,
  type Resource,
} from '../model.js';
import { createImportContext, type ImportContext } from './issues.js';

export const SAMPLE_UNITS = [
  { id: 'u-gaj', code: '11460200MB0000001X', name: '三亚市公安局', shortName: '市公安局' },
  { id: 'u-scj', code: '11460200MB0000002X', name: '三亚市市场监督管理局', shortName: '市场监管局' },
  { id: 'u-zrj', code: '11460200MB0000003X', name: '三亚市自然资源和规划局', shortName: '自然资源和规划局' },
  { id: 'u-rsj', code: '11460200MB0000004X', name: '三亚市人力资源和社会保障局', shortName: '人社局' },
  { id: 'u-lwj', code: '11460200MB0000005X', name: '三亚市旅游和文化广电体育局', shortName: '旅文局' },
  { id: 'u-yzq', code: '11460200MB0000006X', name: '三亚市崖州区人民政府', shortName: '崖州区' },
];

export const SAMPLE_CLASSIFICATIONS = [
  { id: 'c-a01', code: 'A01', name: '人口信息' },
  { id: 'c-a02', code: 'A02', name: '法人单位信息' },
  { id: 'c-b0301', code: 'B0301', name: '旅游文化' },
  { id: 'c-c11', code: 'C11', name: '自然资源和规划局' },
];

export const SAMPLE_ELEMENTS = ['DE0001', 'DE0002', 'DE0003'];

export function sampleImportContext(): ImportContext {
  return createImportContext({ classifications: SAMPLE_CLASSIFICATIONS, units: SAMPLE_UNITS, elementCodes: SAMPLE_ELEMENTS });
}

const ITEM_TEMPLATES: { name: string; code: string; dataType: DataType; length: number | null; precision: number | null }[] = [
  { name: '公民身份号码', code: 'id_no', dataType: 'C', length: 18, precision: null },
  { name: '姓名', code: 'name', dataType: 'C', length: 50, precision: null },
  { name: '性别', code: 'gender', dataType: 'C', length: 1, precision: null },
  { name: '出生日期', code: 'birth_date', dataType: 'D', length: null, precision: null },
  { name: '联系电话', code: 'phone', dataType: 'C', length: 20, precision: null },
  { name: '登记时间', code: 'registered_at', dataType: 'T', length: null, precision: null },
  { name: '注册资本', code: 'capital', dataType: 'Y', length: 18, precision: 2 },
  { name: '从业人数', code: 'staff', dataType: 'I', length: null, precision: null },
  { name: '是否有效', code: 'valid', dataType: 'L', length: null, precision: null },
  { name: '备注', code: 'remark', dataType: 'M', length: null, precision: null },
  { name: '面积', code: 'area', dataType: 'N', length: 12, precision: 4 },
  { name: '经度', code: 'lng', dataType: 'B', length: null, precision: null },
  { name: '纬度', code: 'lat', dataType: 'F', length: null, precision: null },
  { name: '居住地址', code: 'address', dataType: 'C', length: 200, precision: null },
];

function item(seq: number, k: number, i: number): DataItem {
  const t = ITEM_TEMPLATES[k % ITEM_TEMPLATES.length]!;
  const round = Math.floor(k / ITEM_TEMPLATES.length);
  const sensitivity = SENSITIVITIES[(k + i) % SENSITIVITIES.length]!;
  const d: DataItem = {
    seq,
    name: round === 0 ? t.name : `${t.name}${round + 1}`,
    code: round === 0 ? t.code : `${t.code}_${round + 1}`,
    dataType: t.dataType,
    length: t.length,
    precision: t.precision,
    required: k === 0 || k % 3 === 1,
    isKey: k === 0,
    description: k % 2 === 0 ? `${t.name}（按国家标准填写）` : '',
    codeSet: null,
    sensitivity,
    masking: sensitivity === 'none' ? 'none' : k % 5 === 4 ? 'custom' : 'id_card',
    elementCode: k === 0 ? SAMPLE_ELEMENTS[i % SAMPLE_ELEMENTS.length]! : null,
  };
  if (d.masking === 'custom') d.maskingCustom = { keepStart: 1, keepEnd: 2, maskChar: '#' };
  if (t.code === 'gender') d.codeSet = [{ value: '1', label: '男' }, { value: '2', label: '女' }, { value: '9', label: '未说明' }];
  if (t.code === 'valid' && i % 2 === 0) d.codeSet = [{ value: 'Y=1', label: '有效；在用' }, { value: 'N', label: '无效' }];
  return d;
}

export interface SampleOptions {
  /** Data items per tabular resource (default 10). */
  items?: number;
  /** Every resource a spreadsheet or database (so every one has data items). */
  allTabular?: boolean;
}

/** Resource number i of a synthetic catalog. */
export function sampleResource(i: number, opts: SampleOptions = {}): Resource {
  const items = opts.items ?? 10;
  const cls = SAMPLE_CLASSIFICATIONS[i % SAMPLE_CLASSIFICATIONS.length]!;
  const unit = SAMPLE_UNITS[i % SAMPLE_UNITS.length]!;
  const format = opts.allTabular ? (i % 2 === 0 ? 'database' : 'spreadsheet') : RESOURCE_FORMATS[i % RESOURCE_FORMATS.length]!;
  const sharingType = (['mandatory', 'restricted', 'none'] as const)[i % 3]!;
  const classified = i % 29 === 7 && sharingType !== 'mandatory';
  const tabular = isTabular(format);
  const other = SAMPLE_UNITS[(i + 1) % SAMPLE_UNITS.length]!;
  return {
    code: `${cls.code}/${String(i + 1).padStart(6, '0')}`,
    version: 1 + (i % 3),
    state: 'published',
    changeKind: 'create',
    name: `${unit.shortName}信息资源${i + 1}`,
    abstract: i % 4 === 0 ? '' : `${unit.name}提供的第 ${i + 1} 项政务信息资源，用于“一网通办”。\n第二行说明`,
    providerUnitId: unit.id,
    providerUnitName: unit.name,
    providerDepartment: i % 2 === 0 ? '信息中心' : '',
    classificationId: cls.id,
    classificationCode: cls.code,
    classificationName: cls.name,
    layer: LAYERS[i % LAYERS.length]!,
    format,
    storageFormat: tabular ? 'MySQL表' : 'PDF',
    secrecyLevel: classified ? 'secret_classified' : i % 2 === 0 ? 'internal' : 'public',
    dataGrade: DATA_GRADES[i % DATA_GRADES.length]!,
    sharingType,
    sharingConditions: sharingType === 'restricted' ? '仅用于政务服务办理，须签订安全保密协议' : '',
    sharingScope: sharingType === 'restricted' ? { all: i % 2 === 0, unitIds: i % 2 === 0 ? [] : [other.id, SAMPLE_UNITS[(i + 2) % SAMPLE_UNITS.length]!.id] } : { all: sharingType === 'mandatory', unitIds: [] },
    legalBasis: sharingType === 'none' ? '《中华人民共和国统计法》第九条' : '',
    sharingMethods: classified ? [] : [SHARING_METHODS[i % SHARING_METHODS.length]!, SHARING_METHODS[(i + 1) % SHARING_METHODS.length]!],
    openAttribute: classified ? 'closed' : OPEN_ATTRIBUTES[i % OPEN_ATTRIBUTES.length]!,
    updateCycle: UPDATE_CYCLES[i % UPDATE_CYCLES.length]!,
    updateTimeLimitDays: i % 11,
    publishedAt: '2026-11-20T08:00:00.000Z',
    relatedCodes: i % 5 === 0 ? [`A01/${String(i + 2).padStart(6, '0')}`] : [],
    keywords: i % 6 === 0 ? ['人口', '户籍, 迁移'] : ['人口', `三亚${i % 7}`],
    scenarios: i % 3 === 0 ? ['应急指挥', '流动人口管理'] : [],
    sourceSystem: '人口综合管理系统',
    targetDatabase: i % 2 === 0 ? '人口基础信息库' : '',
    metadataOnly: classified,
    dataItems: tabular ? Array.from({ length: items }, (_, k) => item(k + 1, k, i)) : [],
    createdAt: '2026-11-01T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
    submittedAt: '2026-11-10T08:00:00.000Z',
    comment: null,
  };
}

export function sampleResources(n: number, opts: SampleOptions = {}): Resource[] {
  return Array.from({ length: n }, (_, i) => sampleResource(i, opts));
}

/** The same catalog as a one-pass async source (what the store hands the exporter). */
export async function* sampleResourceStream(n: number, opts: SampleOptions = {}): AsyncGenerator<Resource> {
  for (let i = 0; i < n; i++) yield sampleResource(i, opts);
}
