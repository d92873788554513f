/**
 * One resource as a row of the compilation layout, and one data item as a row of the 信息项
 * sheet: the export side of the XLSX and CSV formats.
 */
import type { Lang } from '../../core/i18n.js';
import type { CodeSetEntry, DataItem, DataItemInput, MaskingCustom, Resource, ResourceInput } from '../model.js';
import { ALL_UNITS, VOCABS, YES_NO, formatList, vocabLabel, type ItemColumnKey, type ResourceColumnKey } from './columns.js';

export type CellValue = string | number | null;

/** Exported resources need unit names for the sharing scope; without a resolver the ids are written. */
export type UnitNameResolver = (unitId: string) => string | undefined;

export interface ImportedResourceExtras {
  /** Present when the row names an existing resource: the import updates it (a new version). */
  code?: string;
  /** Present when the row names a providing unit. */
  providerUnitId?: string;
}

/** What one imported row or object becomes. */
export type ImportedResource = ResourceInput & ImportedResourceExtras;

/** The draft input a resource round-trips to (what an import of its export yields). */
export function resourceToInput(r: Resource): ImportedResource {
  return {
    code: r.code,
    providerUnitId: r.providerUnitId,
    name: r.name,
    abstract: r.abstract,
    providerDepartment: r.providerDepartment,
    classificationId: r.classificationId,
    layer: r.layer,
    format: r.format,
    storageFormat: r.storageFormat,
    secrecyLevel: r.secrecyLevel,
    dataGrade: r.dataGrade,
    sharingType: r.sharingType,
    sharingConditions: r.sharingConditions,
    // An empty scope is written as an empty cell, which reads back as "not said".
    ...(r.sharingScope.all || r.sharingScope.unitIds.length > 0
      ? { sharingScope: { all: r.sharingScope.all, unitIds: r.sharingScope.all ? [] : [...r.sharingScope.unitIds] } }
      : {}),
    legalBasis: r.legalBasis,
    sharingMethods: [...r.sharingMethods],
    openAttribute: r.openAttribute,
    updateCycle: r.updateCycle,
    updateTimeLimitDays: r.updateTimeLimitDays,
    relatedCodes: [...r.relatedCodes],
    keywords: [...r.keywords],
    scenarios: [...r.scenarios],
    sourceSystem: r.sourceSystem,
    targetDatabase: r.targetDatabase,
    dataItems: [...r.dataItems].sort((a, b) => a.seq - b.seq).map(itemToInput),
  };
}

export function itemToInput(d: DataItem): DataItemInput {
  return {
    name: d.name,
    code: d.code,
    dataType: d.dataType,
    length: d.length,
    precision: d.precision,
    required: d.required,
    isKey: d.isKey,
    description: d.description,
    codeSet: d.codeSet && d.codeSet.length > 0 ? d.codeSet.map((e) => ({ value: e.value, label: e.label })) : null,
    sensitivity: d.sensitivity,
    masking: d.masking,
    ...(d.masking === 'custom' ? { maskingCustom: d.maskingCustom ? { ...d.maskingCustom } : null } : {}),
    elementCode: d.elementCode ?? null,
  };
}

const dateOnly = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');

export function resourceCells(r: Resource, lang: Lang, unitName?: UnitNameResolver): Record<ResourceColumnKey, CellValue> {
  const scope = r.sharingScope.all
    ? ALL_UNITS[lang === 'en' ? 'en' : 'zh']
    : formatList(r.sharingScope.unitIds.map((id) => unitName?.(id) ?? id));
  return {
    code: r.code,
    name: r.name,
    abstract: r.abstract,
    provider: r.providerUnitName,
    providerDepartment: r.providerDepartment,
    classification: r.classificationName ? `${r.classificationCode} ${r.classificationName}` : r.classificationCode,
    layer: vocabLabel(VOCABS.layer, r.layer, lang),
    format: vocabLabel(VOCABS.format, r.format, lang),
    storageFormat: r.storageFormat,
    secrecyLevel: vocabLabel(VOCABS.secrecyLevel, r.secrecyLevel, lang),
    dataGrade: vocabLabel(VOCABS.dataGrade, r.dataGrade, lang),
    sharingType: vocabLabel(VOCABS.sharingType, r.sharingType, lang),
    sharingConditions: r.sharingConditions,
    sharingScope: scope,
    legalBasis: r.legalBasis,
    sharingMethods: formatList(r.sharingMethods.map((m) => vocabLabel(VOCABS.sharingMethod, m, lang))),
    openAttribute: vocabLabel(VOCABS.openAttribute, r.openAttribute, lang),
    updateCycle: vocabLabel(VOCABS.updateCycle, r.updateCycle, lang),
    updateTimeLimitDays: r.updateTimeLimitDays,
    publishedAt: dateOnly(r.publishedAt),
    relatedCodes: formatList(r.relatedCodes),
    keywords: formatList(r.keywords),
    scenarios: formatList(r.scenarios),
    sourceSystem: r.sourceSystem,
    targetDatabase: r.targetDatabase,
    version: r.version,
  };
}

export function itemCells(resourceCode: string, d: DataItem, lang: Lang): Record<ItemColumnKey, CellValue> {
  const yn = (b: boolean) => (b ? YES_NO.yes : YES_NO.no)[lang === 'en' ? 'en' : 'zh'];
  return {
    resource: resourceCode,
    seq: d.seq,
    name: d.name,
    code: d.code,
    dataType: vocabLabel(VOCABS.dataType, d.dataType, lang),
    length: d.length,
    precision: d.precision,
    required: yn(d.required),
    isKey: yn(d.isKey),
    description: d.description,
    codeSet: formatCodeSet(d.codeSet),
    sensitivity: vocabLabel(VOCABS.sensitivity, d.sensitivity, lang),
    masking: d.masking === 'custom' && d.maskingCustom ? formatMaskingCustom(d.maskingCustom, lang) : vocabLabel(VOCABS.masking, d.masking, lang),
    elementCode: d.elementCode ?? '',
  };
}

/** '1=男；2=女'; JSON when a value or label contains a separator, so it reads back exactly. */
export function formatCodeSet(set: readonly CodeSetEntry[] | null): string {
  if (!set || set.length === 0) return '';
  if (set.some((e) => /[=＝;；\n\r]/.test(e.value) || /[;；\n\r]/.test(e.label) || e.value.startsWith('[')))
    return JSON.stringify(set.map((e) => ({ value: e.value, label: e.label })));
  return set.map((e) => `${e.value}=${e.label}`).join('；');
}

export function parseCodeSet(text: string): CodeSetEntry[] | null | { error: true } {
  const t = text.trim();
  if (t === '') return null;
  if (t.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(t);
      if (
        Array.isArray(v) &&
        v.every((e) => e && typeof e === 'object' && typeof (e as CodeSetEntry).value === 'string' && typeof (e as CodeSetEntry).label === 'string')
      )
        return (v as CodeSetEntry[]).map((e) => ({ value: e.value, label: e.label }));
    } catch {
      // reported below
    }
    return { error: true };
  }
  const out: CodeSetEntry[] = [];
  for (const part of t.split(/[;；\n\r]+/)) {
    const p = part.trim();
    if (p === '') continue;
    const m = /^([^=＝]+)[=＝](.*)$/.exec(p);
    if (!m) return { error: true };
    out.push({ value: m[1]!.trim(), label: m[2]!.trim() });
  }
  return out.length > 0 ? out : null;
}

export function formatMaskingCustom(c: MaskingCustom, lang: Lang): string {
  return `${lang === 'en' ? 'Custom' : '自定义'}:${c.keepStart},${c.keepEnd},${c.maskChar}`;
}

/** '自定义:3,4,*' → { keepStart: 3, keepEnd: 4, maskChar: '*' }. */
export function parseMaskingCustom(text: string): MaskingCustom | undefined {
  const m = /^\s*(?:自定义|custom)\s*[:：]\s*(\d{1,3})\s*[,，]\s*(\d{1,3})\s*[,，]\s*(\S)\s*$/iu.exec(text.normalize('NFKC'));
  if (!m) return undefined;
  return { keepStart: Number(m[1]), keepEnd: Number(m[2]), maskChar: m[3]! };
}
