import {
  DATA_ELEMENT_CODE_RE,
  DATA_GRADES,
  DATA_ITEM_CODE_RE,
  DATA_TYPES,
  LAYERS,
  LIMITS,
  MASKING_RULES,
  OPEN_ATTRIBUTES,
  RESOURCE_CODE_RE,
  RESOURCE_FORMATS,
  SECRECY_LEVELS,
  SENSITIVITIES,
  SHARING_METHODS,
  SHARING_TYPES,
  UPDATE_CYCLES,
  isTabular,
  type DataItem,
  type DataItemInput,
  type MaskingRule,
  type NormalizedResourceInput,
  type ResourceInput,
} from './model.js';
import './messages.js';

/**
 * The catalog's business validation of a draft (R2, R3, 第十四条). Pure and synchronous so the
 * import can run it row by row; the HTTP schema already checked JSON types, but import rows did
 * not, so enumerations and numbers are checked again here.
 *
 * Field paths are relative to the resource ('dataItems.3.length'); the service prefixes them
 * ('body.' or 'body.resources.2.').
 */
export interface FieldIssue {
  field: string;
  code: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface ValidationContext {
  unitExists(id: string): boolean;
  classificationExists(id: string): boolean;
  elementExists(code: string): boolean;
}

const issue = (field: string, code: string, params?: Record<string, string | number>): FieldIssue => ({
  field,
  code,
  messageKey: `catalog.validation.${code}`,
  ...(params ? { params } : {}),
});

const blank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';
const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

function checkEnum(out: FieldIssue[], field: string, value: unknown, allowed: readonly string[], optional: boolean): void {
  if (value === undefined && optional) return;
  if (typeof value !== 'string' || !allowed.includes(value)) out.push(issue(field, 'invalid_value', { field, value: String(value) }));
}

function checkText(out: FieldIssue[], field: string, value: unknown, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') out.push(issue(field, 'invalid_value', { field, value: String(value) }));
  else if (value.length > max) out.push(issue(field, 'too_long', { field, max }));
}

/** 第二十三条-style defaults: a sensitive item's masking follows from what its name says it is. */
export function defaultMasking(itemName: string): MaskingRule {
  const n = itemName;
  if (/公民身份号码|身份证/.test(n)) return 'id_card';
  if (/手机|电话|联系方式/.test(n)) return 'phone';
  if (/账号|帐号|银行卡/.test(n)) return 'bank_account';
  if (/地址|住址|居住地/.test(n)) return 'address';
  if (/姓名|名字/.test(n)) return 'name';
  return 'none';
}

export function validateResourceInput(input: ResourceInput, ctx: ValidationContext): FieldIssue[] {
  const out: FieldIssue[] = [];
  const i = input as Partial<ResourceInput> & Record<string, unknown>;

  if (blank(i.name)) out.push(issue('name', 'name_required'));
  else checkText(out, 'name', i.name, LIMITS.nameMax);
  checkText(out, 'abstract', i.abstract, LIMITS.abstractMax);
  checkText(out, 'providerDepartment', i.providerDepartment, LIMITS.nameMax);
  checkText(out, 'storageFormat', i.storageFormat, LIMITS.nameMax);
  checkText(out, 'sourceSystem', i.sourceSystem, LIMITS.nameMax);
  checkText(out, 'targetDatabase', i.targetDatabase, LIMITS.nameMax);
  checkText(out, 'sharingConditions', i.sharingConditions, LIMITS.textMax);
  checkText(out, 'legalBasis', i.legalBasis, LIMITS.textMax);

  if (blank(i.classificationId)) out.push(issue('classificationId', 'classification_required'));
  else if (!ctx.classificationExists(i.classificationId as string))
    out.push(issue('classificationId', 'classification_not_found', { id: i.classificationId as string }));

  checkEnum(out, 'layer', i.layer, LAYERS, false);
  checkEnum(out, 'format', i.format, RESOURCE_FORMATS, false);
  checkEnum(out, 'secrecyLevel', i.secrecyLevel, SECRECY_LEVELS, true);
  checkEnum(out, 'dataGrade', i.dataGrade, DATA_GRADES, true);
  checkEnum(out, 'sharingType', i.sharingType, SHARING_TYPES, false);
  checkEnum(out, 'openAttribute', i.openAttribute, OPEN_ATTRIBUTES, true);
  checkEnum(out, 'updateCycle', i.updateCycle, UPDATE_CYCLES, false);

  if (i.updateTimeLimitDays !== undefined) {
    if (!isInt(i.updateTimeLimitDays) || i.updateTimeLimitDays < 0 || i.updateTimeLimitDays > LIMITS.updateTimeLimitDaysMax)
      out.push(issue('updateTimeLimitDays', 'out_of_range', { field: 'updateTimeLimitDays', min: 0, max: LIMITS.updateTimeLimitDaysMax }));
  }

  const methods = i.sharingMethods ?? [];
  if (!Array.isArray(methods)) out.push(issue('sharingMethods', 'invalid_value', { field: 'sharingMethods', value: String(methods) }));
  else {
    methods.forEach((m, k) => checkEnum(out, `sharingMethods.${k}`, m, SHARING_METHODS, false));
    if (new Set(methods).size !== methods.length) out.push(issue('sharingMethods', 'duplicate_value', { field: 'sharingMethods' }));
  }

  const keywords = i.keywords ?? [];
  if (keywords.length > LIMITS.keywordsMax) out.push(issue('keywords', 'too_many_keywords', { max: LIMITS.keywordsMax }));
  keywords.forEach((k, n) => {
    if (blank(k)) out.push(issue(`keywords.${n}`, 'blank'));
    else checkText(out, `keywords.${n}`, k, LIMITS.keywordMax);
  });
  const scenarios = i.scenarios ?? [];
  if (scenarios.length > LIMITS.scenariosMax) out.push(issue('scenarios', 'too_many', { field: 'scenarios', max: LIMITS.scenariosMax }));
  scenarios.forEach((s, n) => {
    if (blank(s)) out.push(issue(`scenarios.${n}`, 'blank'));
    else checkText(out, `scenarios.${n}`, s, LIMITS.keywordMax);
  });
  const related = i.relatedCodes ?? [];
  if (related.length > LIMITS.relatedMax) out.push(issue('relatedCodes', 'too_many', { field: 'relatedCodes', max: LIMITS.relatedMax }));
  related.forEach((c, n) => {
    if (typeof c !== 'string' || !RESOURCE_CODE_RE.test(c)) out.push(issue(`relatedCodes.${n}`, 'invalid_resource_code', { value: String(c) }));
  });

  // R3: the sharing type decides what else must be said.
  const sharingType = i.sharingType;
  const secrecy = i.secrecyLevel ?? 'internal';
  if (sharingType === 'none' && blank(i.legalBasis)) out.push(issue('legalBasis', 'legal_basis_required'));
  if (sharingType === 'restricted') {
    if (blank(i.sharingConditions)) out.push(issue('sharingConditions', 'conditions_required'));
    const scope = i.sharingScope;
    if (!scope || (!scope.all && (!Array.isArray(scope.unitIds) || scope.unitIds.length === 0)))
      out.push(issue('sharingScope', 'scope_required'));
  }
  if (i.sharingScope && Array.isArray(i.sharingScope.unitIds)) {
    const seen = new Set<string>();
    i.sharingScope.unitIds.forEach((u, n) => {
      if (seen.has(u)) out.push(issue(`sharingScope.unitIds.${n}`, 'duplicate_value', { field: 'sharingScope.unitIds' }));
      seen.add(u);
      if (!ctx.unitExists(u)) out.push(issue(`sharingScope.unitIds.${n}`, 'unit_not_found', { id: u }));
    });
  }
  if (secrecy === 'secret_classified') {
    // 涉密: metadata only — the platform never moves or stores its data.
    if (sharingType === 'mandatory') out.push(issue('sharingType', 'classified_cannot_be_mandatory'));
    if (Array.isArray(methods) && methods.length > 0) out.push(issue('sharingMethods', 'classified_no_methods'));
    if (i.openAttribute !== undefined && i.openAttribute !== 'closed') out.push(issue('openAttribute', 'classified_cannot_be_open'));
  } else if ((sharingType === 'mandatory' || sharingType === 'restricted') && Array.isArray(methods) && methods.length === 0) {
    out.push(issue('sharingMethods', 'methods_required'));
  }

  // Data items.
  const items = i.dataItems ?? [];
  if (!Array.isArray(items)) {
    out.push(issue('dataItems', 'invalid_value', { field: 'dataItems', value: String(items) }));
    return out;
  }
  if (items.length > LIMITS.dataItemsMax) out.push(issue('dataItems', 'too_many', { field: 'dataItems', max: LIMITS.dataItemsMax }));
  if (typeof i.format === 'string' && isTabular(i.format as never)) {
    if (items.length === 0) out.push(issue('dataItems', 'data_items_required'));
    else if (!items.some((d) => d && d.isKey === true)) out.push(issue('dataItems', 'key_required'));
  }
  const codes = new Map<string, number>();
  const names = new Map<string, number>();
  items.forEach((d, n) => validateItem(out, `dataItems.${n}`, d, ctx));
  items.forEach((d, n) => {
    if (!d) return;
    if (typeof d.code === 'string') {
      if (codes.has(d.code)) out.push(issue(`dataItems.${n}.code`, 'duplicate_item_code', { code: d.code, first: (codes.get(d.code) ?? 0) + 1 }));
      else codes.set(d.code, n);
    }
    if (typeof d.name === 'string' && d.name.trim() !== '') {
      const key = d.name.trim();
      if (names.has(key)) out.push(issue(`dataItems.${n}.name`, 'duplicate_item_name', { name: key }));
      else names.set(key, n);
    }
  });
  return out;
}

function validateItem(out: FieldIssue[], p: string, d: DataItemInput, ctx: ValidationContext): void {
  if (!d || typeof d !== 'object') {
    out.push(issue(p, 'invalid_value', { field: p, value: String(d) }));
    return;
  }
  if (blank(d.name)) out.push(issue(`${p}.name`, 'item_name_required'));
  else checkText(out, `${p}.name`, d.name, LIMITS.nameMax);
  if (typeof d.code !== 'string' || !DATA_ITEM_CODE_RE.test(d.code)) out.push(issue(`${p}.code`, 'invalid_item_code', { value: String(d.code ?? '') }));
  checkText(out, `${p}.description`, d.description, LIMITS.textMax);
  checkEnum(out, `${p}.dataType`, d.dataType, DATA_TYPES, false);
  checkEnum(out, `${p}.sensitivity`, d.sensitivity, SENSITIVITIES, true);
  checkEnum(out, `${p}.masking`, d.masking, MASKING_RULES, true);

  const len = d.length ?? null;
  const prec = d.precision ?? null;
  if (len !== null && !isInt(len)) out.push(issue(`${p}.length`, 'invalid_value', { field: `${p}.length`, value: String(len) }));
  if (prec !== null && !isInt(prec)) out.push(issue(`${p}.precision`, 'invalid_value', { field: `${p}.precision`, value: String(prec) }));
  switch (d.dataType) {
    case 'C':
      if (len === null) out.push(issue(`${p}.length`, 'length_required', { type: 'C' }));
      else if (isInt(len) && (len < 1 || len > LIMITS.charLengthMax))
        out.push(issue(`${p}.length`, 'length_range', { type: 'C', min: 1, max: LIMITS.charLengthMax }));
      break;
    case 'N':
    case 'Y':
      if (len === null) out.push(issue(`${p}.length`, 'length_required', { type: d.dataType }));
      else if (isInt(len) && (len < 1 || len > LIMITS.numericLengthMax))
        out.push(issue(`${p}.length`, 'length_range', { type: d.dataType, min: 1, max: LIMITS.numericLengthMax }));
      if (prec === null) out.push(issue(`${p}.precision`, 'precision_required', { type: d.dataType }));
      else if (isInt(prec) && (prec < 0 || (isInt(len) && prec > len)))
        out.push(issue(`${p}.precision`, 'precision_range', { max: isInt(len) ? len : LIMITS.numericLengthMax }));
      break;
    case 'M':
      if (len !== null) out.push(issue(`${p}.length`, 'length_not_allowed', { type: 'M' }));
      break;
    default:
      // D/T/L/I/B/F: the type fixes the storage; a given length is ignored.
      break;
  }

  if (d.codeSet) {
    if (!Array.isArray(d.codeSet)) out.push(issue(`${p}.codeSet`, 'invalid_value', { field: `${p}.codeSet`, value: String(d.codeSet) }));
    else {
      if (d.codeSet.length > LIMITS.codeSetMax) out.push(issue(`${p}.codeSet`, 'too_many', { field: `${p}.codeSet`, max: LIMITS.codeSetMax }));
      const seen = new Set<string>();
      d.codeSet.forEach((e, k) => {
        if (!e || blank(e.value)) out.push(issue(`${p}.codeSet.${k}.value`, 'blank'));
        else if (seen.has(e.value)) out.push(issue(`${p}.codeSet.${k}.value`, 'duplicate_code_value', { value: e.value }));
        else seen.add(e.value);
        if (e && blank(e.label)) out.push(issue(`${p}.codeSet.${k}.label`, 'blank'));
      });
    }
  }

  if (d.masking === 'custom') {
    const c = d.maskingCustom;
    if (!c) out.push(issue(`${p}.maskingCustom`, 'masking_custom_required'));
    else {
      if (!isInt(c.keepStart) || c.keepStart < 0 || c.keepStart > 64)
        out.push(issue(`${p}.maskingCustom.keepStart`, 'out_of_range', { field: 'keepStart', min: 0, max: 64 }));
      if (!isInt(c.keepEnd) || c.keepEnd < 0 || c.keepEnd > 64)
        out.push(issue(`${p}.maskingCustom.keepEnd`, 'out_of_range', { field: 'keepEnd', min: 0, max: 64 }));
      if (typeof c.maskChar !== 'string' || [...c.maskChar].length !== 1) out.push(issue(`${p}.maskingCustom.maskChar`, 'invalid_mask_char'));
    }
  }

  if (d.elementCode !== undefined && d.elementCode !== null && d.elementCode !== '') {
    if (!DATA_ELEMENT_CODE_RE.test(d.elementCode) || !ctx.elementExists(d.elementCode))
      out.push(issue(`${p}.elementCode`, 'element_not_found', { code: d.elementCode }));
  }
}

/** Applies the defaults of a draft; call after validateResourceInput found no issue. */
export function normalizeResourceInput(input: ResourceInput): NormalizedResourceInput & { metadataOnly: boolean } {
  const secrecyLevel = input.secrecyLevel ?? 'internal';
  const classified = secrecyLevel === 'secret_classified';
  const trimList = (l: string[] | undefined) => [...new Set((l ?? []).map((s) => s.trim()).filter((s) => s !== ''))];
  return {
    name: input.name.trim(),
    abstract: input.abstract ?? '',
    providerDepartment: input.providerDepartment ?? '',
    classificationId: input.classificationId,
    layer: input.layer,
    format: input.format,
    storageFormat: input.storageFormat ?? '',
    secrecyLevel,
    dataGrade: input.dataGrade ?? 'general',
    sharingType: input.sharingType,
    sharingConditions: input.sharingConditions ?? '',
    sharingScope: input.sharingScope
      ? { all: input.sharingScope.all, unitIds: input.sharingScope.all ? [] : [...new Set(input.sharingScope.unitIds)] }
      : { all: input.sharingType !== 'none', unitIds: [] },
    legalBasis: input.legalBasis ?? '',
    sharingMethods: classified ? [] : [...new Set(input.sharingMethods ?? [])],
    openAttribute: classified ? 'closed' : (input.openAttribute ?? 'closed'),
    updateCycle: input.updateCycle,
    updateTimeLimitDays: input.updateTimeLimitDays ?? 0,
    relatedCodes: [...new Set(input.relatedCodes ?? [])],
    keywords: trimList(input.keywords),
    scenarios: trimList(input.scenarios),
    sourceSystem: input.sourceSystem ?? '',
    targetDatabase: input.targetDatabase ?? '',
    metadataOnly: classified,
    dataItems: (input.dataItems ?? []).map((d) => normalizeItem(d)),
  };
}

function normalizeItem(d: DataItemInput): Omit<DataItem, 'seq'> {
  const sensitivity = d.sensitivity ?? 'none';
  const masking = d.masking ?? (sensitivity === 'none' ? 'none' : defaultMasking(d.name));
  const fixed = ['D', 'T', 'L', 'I', 'B', 'F', 'M'].includes(d.dataType);
  return {
    name: d.name.trim(),
    code: d.code,
    dataType: d.dataType,
    length: fixed ? null : (d.length ?? null),
    precision: d.dataType === 'N' || d.dataType === 'Y' ? (d.precision ?? 0) : null,
    required: d.required ?? d.isKey ?? false,
    isKey: d.isKey ?? false,
    description: d.description ?? '',
    codeSet: d.codeSet && d.codeSet.length > 0 ? d.codeSet : null,
    sensitivity,
    masking,
    maskingCustom: masking === 'custom' ? (d.maskingCustom ?? null) : null,
    elementCode: d.elementCode ? d.elementCode : null,
  };
}
