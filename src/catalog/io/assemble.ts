/**
 * Turns rows (XLSX, CSV) or objects (JSON, the CSV data-items column) into draft inputs, reporting
 * every problem where the user will look for it. Nothing here touches the database: names are
 * resolved through the synchronous ImportContext, and the business rules are validateResourceInput's.
 */
import {
  RESOURCE_CODE_RE,
  type CodeSetEntry,
  type DataItemInput,
  type Label,
  type MaskingCustom,
  type SharingMethod,
  type SharingScope,
} from '../model.js';
import { validateResourceInput } from '../validate.js';
import { parseCodeSet, parseMaskingCustom, type ImportedResource } from './cells.js';
import {
  ALL_UNITS,
  CSV_ITEMS_COLUMN,
  ITEM_COLUMNS,
  RESOURCE_COLUMNS,
  VOCABS,
  allowedLabels,
  columnLetter,
  fold,
  matchHeader,
  parseBoolean,
  parseList,
  parseVocab,
  type Column,
  type ItemColumnKey,
  type ResourceColumnKey,
  type Vocab,
} from './columns.js';
import { IssueSink, type ImportContext, type ImportLimits, type Location, type Params } from './issues.js';

type AnyColumn = Column<string>;

/** Header row of one table: which column holds what. */
export interface TableHeader {
  sheet: string;
  byCol: Map<number, AnyColumn>;
  colOf: Map<string, number>;
  text: Map<number, string>;
  /** A required column is missing. */
  incomplete: boolean;
}

/** Cells of one row: column number (1-based) → text. */
export type Cells = Map<number, string>;

const loc = (sheet: string | null, row: number | null, column: string | null = null, header: string | null = null, field: string | null = null): Location => ({
  sheet,
  row,
  column,
  header,
  field,
});

/** Reads row 1 of a table; unknown, duplicate and missing columns are reported. */
export function readHeader(columns: readonly AnyColumn[], sheet: string, cells: Cells, sink: IssueSink, extra: readonly AnyColumn[] = []): TableHeader {
  const h: TableHeader = { sheet, byCol: new Map(), colOf: new Map(), text: new Map(), incomplete: false };
  const all = [...columns, ...extra];
  for (const [col, raw] of [...cells.entries()].sort((a, b) => a[0] - b[0])) {
    const text = raw.trim();
    if (text === '') continue;
    const c = matchHeader(all, text);
    const at = loc(sheet, 1, columnLetter(col), text);
    if (!c) sink.add(at, 'unknown_header', { header: text });
    else if (h.colOf.has(c.key)) sink.add(at, 'duplicate_header', { header: text });
    else {
      h.byCol.set(col, c);
      h.colOf.set(c.key, col);
      h.text.set(col, text);
    }
  }
  for (const c of all)
    if (c.required && !h.colOf.has(c.key)) {
      h.incomplete = true;
      sink.add(loc(sheet, 1), 'missing_header', { header: { zh: c.zh, en: c.en } });
    }
  return h;
}

interface PendingItem {
  row: number;
  /** Cell-based rows say which resource they belong to; objects are already inside it. */
  ref?: string;
  seq?: number;
  item: DataItemInput;
}

interface PendingResource {
  input: ImportedResource;
  row: number;
  /** Items from the 信息项 sheet, linked after every sheet was read. */
  items: PendingItem[];
  /** Where a validation issue on `field` is shown. */
  locate(field: string, items: PendingItem[]): Location;
  /** Not even an object: already reported, nothing to validate. */
  unreadable?: boolean;
}

const RESOURCE_FIELD_COLUMN: Record<string, ResourceColumnKey> = {
  classificationId: 'classification',
};
const ITEM_FIELD_COLUMN: Record<string, ItemColumnKey> = { maskingCustom: 'masking' };

export class CatalogAssembler {
  private readonly resources: PendingResource[] = [];
  private readonly looseItems: PendingItem[] = [];
  private itemsSheet: TableHeader | null = null;
  private itemCount = 0;

  constructor(
    private readonly ctx: ImportContext,
    private readonly sink: IssueSink,
    private readonly limits: ImportLimits,
  ) {}

  get resourceCount(): number {
    return this.resources.length;
  }

  /**
   * A sheet whose header lacks required columns: its rows were skipped, so problems that follow
   * only from their absence (items without a resource, resources without items) are not reported.
   */
  markUnreadable(sheet: 'resources' | 'items'): void {
    if (sheet === 'resources') this.resourcesUnreadable = true;
    else this.itemsUnreadable = true;
  }
  private resourcesUnreadable = false;
  private itemsUnreadable = false;

  // ---- cell-based rows (XLSX 信息资源, CSV)

  addResourceRow(h: TableHeader, row: number, cells: Cells): void {
    if (this.resources.length >= this.limits.maxResources) this.sink.fatal('too_many_resources', { limit: this.limits.maxResources }, { sheet: h.sheet, row });
    const r = new RowReader(h, row, cells, this.sink);
    const input: ImportedResource = { name: '', classificationId: '', layer: undefined as never, format: undefined as never, sharingType: undefined as never, updateCycle: undefined as never };
    const set = <K extends keyof ImportedResource>(k: K, v: ImportedResource[K] | undefined) => {
      if (v !== undefined) input[k] = v;
      else delete input[k];
    };

    const code = r.text('code');
    if (code) {
      if (!RESOURCE_CODE_RE.test(code)) r.issue('code', 'invalid_resource_code', { value: clip(code) });
      else input.code = code;
    }
    input.name = r.text('name') ?? '';
    for (const k of ['abstract', 'providerDepartment', 'storageFormat', 'sharingConditions', 'legalBasis', 'sourceSystem', 'targetDatabase'] as const) set(k, r.text(k));

    const provider = r.text('provider');
    if (provider) {
      const u = this.ctx.findUnit(provider);
      if (!u) r.issue('provider', 'unknown_unit', { value: clip(provider) });
      else input.providerUnitId = u.id;
    }
    const cls = r.text('classification');
    if (cls) input.classificationId = this.classification(cls) ?? '';
    if (cls && !input.classificationId) r.issue('classification', 'unknown_classification', { value: clip(cls) });

    set('layer', r.coded('layer', VOCABS.layer, true));
    set('format', r.coded('format', VOCABS.format, true));
    set('secrecyLevel', r.coded('secrecyLevel', VOCABS.secrecyLevel));
    set('dataGrade', r.coded('dataGrade', VOCABS.dataGrade));
    set('sharingType', r.coded('sharingType', VOCABS.sharingType, true));
    set('openAttribute', r.coded('openAttribute', VOCABS.openAttribute));
    set('updateCycle', r.coded('updateCycle', VOCABS.updateCycle, true));
    set('updateTimeLimitDays', r.integer('updateTimeLimitDays'));

    const scopeText = r.text('sharingScope');
    if (scopeText) set('sharingScope', this.scopeFromText(r, scopeText));

    const methods = r.list('sharingMethods');
    if (methods) {
      const codes: SharingMethod[] = [];
      for (const m of methods) {
        const v = parseVocab(VOCABS.sharingMethod, m);
        if (v) codes.push(v);
        else r.issue('sharingMethods', 'invalid_code_value', { value: m, allowed: allowed(VOCABS.sharingMethod) });
      }
      input.sharingMethods = codes;
    }
    for (const k of ['relatedCodes', 'keywords', 'scenarios'] as const) set(k, r.list(k));

    const resourceRow = row;
    const pending: PendingResource = {
      input,
      row,
      items: [],
      locate: (field, items) => {
        const m = /^dataItems\.(\d+)(?:\.([A-Za-z]+))?/.exec(field);
        if (m) {
          if (h.colOf.has(CSV_ITEMS_COLUMN.key)) return cellAt(h, resourceRow, CSV_ITEMS_COLUMN.key, field);
          const it = items[Number(m[1])];
          const ih = this.itemsSheet;
          if (it && ih && m[2]) {
            const key = ITEM_FIELD_COLUMN[m[2]] ?? m[2];
            const col = ih.colOf.get(key);
            return loc(ih.sheet, it.row, col ? columnLetter(col) : null, col ? (ih.text.get(col) ?? null) : null, field);
          }
          if (it && ih) return loc(ih.sheet, it.row, null, null, field);
          return loc(h.sheet, resourceRow, null, null, field);
        }
        if (field === 'dataItems') return loc(h.sheet, resourceRow, null, null, field);
        const root = field.split('.')[0]!;
        return cellAt(h, resourceRow, RESOURCE_FIELD_COLUMN[root] ?? root, field);
      },
    };

    // CSV: the data items travel in one JSON column of the resource row.
    if (h.colOf.has(CSV_ITEMS_COLUMN.key)) {
      const text = r.text(CSV_ITEMS_COLUMN.key, this.limits.maxItemsCellChars);
      if (text) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (e) {
          r.issue(CSV_ITEMS_COLUMN.key, 'invalid_items_json', { reason: (e as Error).message.slice(0, 200) });
        }
        if (parsed !== undefined) {
          if (!Array.isArray(parsed)) r.issue(CSV_ITEMS_COLUMN.key, 'invalid_items_json', { reason: 'not an array' });
          else input.dataItems = this.itemsFromObjects(parsed, (field) => cellAt(h, resourceRow, CSV_ITEMS_COLUMN.key, field));
        }
      } else input.dataItems = [];
    }
    this.resources.push(pending);
  }

  addItemRow(h: TableHeader, row: number, cells: Cells): void {
    this.itemsSheet = h;
    if (++this.itemCount > this.limits.maxItems) this.sink.fatal('too_many_items', { limit: this.limits.maxItems }, { sheet: h.sheet, row });
    const r = new RowReader(h, row, cells, this.sink);
    const ref = r.text('resource');
    if (ref === '') r.issue('resource', 'required');
    const len = r.integer('length');
    const prec = r.integer('precision');
    const item: DataItemInput = {
      name: r.text('name') ?? '',
      code: r.text('code') ?? '',
      dataType: r.coded('dataType', VOCABS.dataType, true) as DataItemInput['dataType'],
      length: len ?? null,
      precision: prec ?? null,
    };
    const req = r.boolean('required');
    if (req !== undefined) item.required = req;
    const key = r.boolean('isKey');
    if (key !== undefined) item.isKey = key;
    const desc = r.text('description');
    if (desc !== undefined) item.description = desc;
    const cs = r.text('codeSet');
    if (cs !== undefined) {
      const parsed = parseCodeSet(cs);
      if (parsed && 'error' in parsed) r.issue('codeSet', 'invalid_code_set', { value: clip(cs) });
      else item.codeSet = parsed;
    }
    const sens = r.coded('sensitivity', VOCABS.sensitivity);
    if (sens) item.sensitivity = sens;
    const maskText = r.text('masking');
    if (maskText) {
      const custom = parseMaskingCustom(maskText);
      if (custom) {
        item.masking = 'custom';
        item.maskingCustom = custom;
      } else {
        const m = parseVocab(VOCABS.masking, maskText);
        if (m === 'custom') r.issue('masking', 'invalid_masking_custom', { value: clip(maskText) });
        else if (m) item.masking = m;
        else r.issue('masking', 'invalid_code_value', { header: header('masking'), value: clip(maskText), allowed: allowed(VOCABS.masking) });
      }
    }
    const el = r.text('elementCode');
    if (el !== undefined) item.elementCode = el === '' ? null : el;
    if (!item.dataType) delete (item as Partial<DataItemInput>).dataType;
    this.looseItems.push({ row, ref: ref ?? undefined, seq: r.integer('seq'), item });
  }

  // ---- objects (JSON)

  addResourceObject(obj: unknown, index: number): void {
    if (this.resources.length >= this.limits.maxResources) this.sink.fatal('too_many_resources', { limit: this.limits.maxResources });
    const row = index + 1;
    const at = (field: string) => loc('JSON', row, null, null, field);
    const o = new ObjReader(obj, '', at, this.sink);
    const input: ImportedResource = { name: '', classificationId: '', layer: undefined as never, format: undefined as never, sharingType: undefined as never, updateCycle: undefined as never };
    if (!o.ok) {
      this.resources.push({ input, row, items: [], locate: at, unreadable: true });
      return;
    }
    o.known(RESOURCE_OBJECT_KEYS);
    const code = o.str('code');
    if (code) {
      if (!RESOURCE_CODE_RE.test(code)) o.issue('code', 'invalid_resource_code', { value: clip(code) });
      else input.code = code;
    }
    input.name = o.str('name') ?? '';
    for (const k of ['abstract', 'providerDepartment', 'storageFormat', 'sharingConditions', 'legalBasis', 'sourceSystem', 'targetDatabase'] as const) {
      const v = o.str(k);
      if (v !== undefined) input[k] = v;
    }
    // Ids differ between platforms; the code and the unit name are what carry over.
    const unitId = o.str('providerUnitId');
    const unitName = o.str('providerUnitName');
    const provider = (unitId && this.ctx.unitExists(unitId) ? unitId : undefined) ?? (unitName ? this.ctx.findUnit(unitName)?.id : undefined) ?? (unitId ? this.ctx.findUnit(unitId)?.id : undefined);
    if (provider) input.providerUnitId = provider;
    else if (unitId || unitName) o.issue(unitName ? 'providerUnitName' : 'providerUnitId', 'unknown_unit', { value: clip(unitName || unitId || '') });

    const clsCode = o.str('classificationCode');
    const clsId = o.str('classificationId');
    const cls = (clsCode ? this.classification(clsCode) : undefined) ?? (clsId && this.ctx.classificationExists(clsId) ? clsId : undefined) ?? (clsId ? this.classification(clsId) : undefined);
    if (cls) input.classificationId = cls;
    else if (clsCode || clsId) o.issue('classificationId', 'unknown_classification', { value: clip(clsCode || clsId || '') });

    const coded = <T extends string>(k: string, v: Vocab<T>): T | undefined => {
      const t = o.str(k);
      if (t === undefined || t === '') return undefined;
      const c = parseVocab(v, t);
      if (!c) o.issue(k, 'invalid_code_value', { header: k, value: clip(t), allowed: allowed(v) });
      return c;
    };
    const put = <K extends keyof ImportedResource>(k: K, v: ImportedResource[K] | undefined) => {
      if (v !== undefined) input[k] = v;
      else delete input[k];
    };
    put('layer', coded('layer', VOCABS.layer));
    put('format', coded('format', VOCABS.format));
    put('secrecyLevel', coded('secrecyLevel', VOCABS.secrecyLevel));
    put('dataGrade', coded('dataGrade', VOCABS.dataGrade));
    put('sharingType', coded('sharingType', VOCABS.sharingType));
    put('openAttribute', coded('openAttribute', VOCABS.openAttribute));
    put('updateCycle', coded('updateCycle', VOCABS.updateCycle));
    put('updateTimeLimitDays', o.int('updateTimeLimitDays'));

    const methods = o.strList('sharingMethods');
    if (methods) {
      input.sharingMethods = [];
      methods.forEach((m, k) => {
        const v = parseVocab(VOCABS.sharingMethod, m);
        if (v) input.sharingMethods!.push(v);
        else o.issue(`sharingMethods.${k}`, 'invalid_code_value', { header: 'sharingMethods', value: clip(m), allowed: allowed(VOCABS.sharingMethod) });
      });
    }
    for (const k of ['relatedCodes', 'keywords', 'scenarios'] as const) put(k, o.strList(k));

    const scope = o.obj('sharingScope');
    if (scope && scope.ok) {
      scope.known(['all', 'unitIds']);
      const all = scope.bool('all') ?? false;
      const ids = scope.strList('unitIds') ?? [];
      const unitIds: string[] = [];
      ids.forEach((t, k) => {
        const id = this.ctx.unitExists(t) ? t : this.ctx.findUnit(t)?.id;
        if (id) unitIds.push(id);
        else scope.issue(`unitIds.${k}`, 'unknown_unit', { value: clip(t) });
      });
      // An empty scope says nothing (as an empty cell does); the defaults then apply.
      if (all || ids.length > 0) input.sharingScope = { all, unitIds: all ? [] : unitIds };
    }

    const items = o.raw('dataItems');
    if (items !== undefined && items !== null) {
      if (!Array.isArray(items)) o.issue('dataItems', 'json_type', { expected: 'array' });
      else input.dataItems = this.itemsFromObjects(items, (field) => at(field));
    }
    this.resources.push({ input, row, items: [], locate: at });
  }

  private itemsFromObjects(list: unknown[], at: (field: string) => Location): DataItemInput[] {
    this.itemCount += list.length;
    if (this.itemCount > this.limits.maxItems) this.sink.fatal('too_many_items', { limit: this.limits.maxItems });
    return list.map((raw, n) => {
      const o = new ObjReader(raw, `dataItems.${n}`, at, this.sink);
      const item = { name: '', code: '' } as DataItemInput;
      if (!o.ok) return item;
      o.known(ITEM_OBJECT_KEYS);
      item.name = o.str('name') ?? '';
      item.code = o.str('code') ?? '';
      const dt = o.str('dataType');
      if (dt) {
        const v = parseVocab(VOCABS.dataType, dt);
        if (v) item.dataType = v;
        else o.issue('dataType', 'invalid_code_value', { header: 'dataType', value: clip(dt), allowed: allowed(VOCABS.dataType) });
      }
      const len = o.int('length', true);
      if (len !== undefined) item.length = len;
      const prec = o.int('precision', true);
      if (prec !== undefined) item.precision = prec;
      const req = o.bool('required');
      if (req !== undefined) item.required = req;
      const key = o.bool('isKey');
      if (key !== undefined) item.isKey = key;
      const desc = o.str('description');
      if (desc !== undefined) item.description = desc;
      const cs = o.raw('codeSet');
      if (cs === null) item.codeSet = null;
      else if (cs !== undefined) {
        if (
          Array.isArray(cs) &&
          cs.every((e) => e && typeof e === 'object' && typeof (e as CodeSetEntry).value === 'string' && typeof (e as CodeSetEntry).label === 'string')
        )
          item.codeSet = (cs as CodeSetEntry[]).map((e) => ({ value: e.value, label: e.label }));
        else o.issue('codeSet', 'json_type', { expected: '[{ value, label }]' });
      }
      const sens = o.str('sensitivity');
      if (sens) {
        const v = parseVocab(VOCABS.sensitivity, sens);
        if (v) item.sensitivity = v;
        else o.issue('sensitivity', 'invalid_code_value', { header: 'sensitivity', value: clip(sens), allowed: allowed(VOCABS.sensitivity) });
      }
      const mask = o.str('masking');
      if (mask) {
        const v = parseVocab(VOCABS.masking, mask);
        if (v) item.masking = v;
        else o.issue('masking', 'invalid_code_value', { header: 'masking', value: clip(mask), allowed: allowed(VOCABS.masking) });
      }
      const mc = o.raw('maskingCustom');
      if (mc !== undefined && mc !== null) {
        const c = mc as Partial<MaskingCustom>;
        if (typeof mc !== 'object' || typeof c.keepStart !== 'number' || typeof c.keepEnd !== 'number' || typeof c.maskChar !== 'string')
          o.issue('maskingCustom', 'json_type', { expected: '{ keepStart, keepEnd, maskChar }' });
        else item.maskingCustom = { keepStart: c.keepStart, keepEnd: c.keepEnd, maskChar: c.maskChar };
      } else if (mc === null && item.masking === 'custom') item.maskingCustom = null;
      const el = o.raw('elementCode');
      if (el === null || el === '') item.elementCode = null;
      else if (el !== undefined) item.elementCode = o.str('elementCode') ?? null;
      return item;
    });
  }

  // ---- linking and validation

  /** Attaches the 信息项 rows, runs the catalog's validation, and returns the drafts (empty if anything is wrong). */
  finish(): ImportedResource[] {
    const sink = this.sink;
    if (this.resources.length === 0) {
      if (sink.count === 0) sink.add(loc(null, null), 'no_resources');
      return [];
    }
    // Duplicate codes.
    const byCode = new Map<string, PendingResource>();
    const byName = new Map<string, PendingResource[]>();
    for (const p of this.resources) {
      const code = p.input.code;
      if (code) {
        const first = byCode.get(code);
        if (first) sink.add(p.locate('code', []), 'duplicate_resource_code', { value: code, first: first.row });
        else byCode.set(code, p);
      } else if (p.input.name) {
        const k = p.input.name.trim();
        byName.set(k, [...(byName.get(k) ?? []), p]);
      }
    }
    // Data item rows → their resource (by code, or by name for a new resource without one).
    const ih = this.itemsSheet;
    for (const it of this.looseItems) {
      if (!it.ref || !ih || this.resourcesUnreadable) continue;
      const ref = it.ref.trim();
      const col = ih.colOf.get('resource')!;
      const at = loc(ih.sheet, it.row, columnLetter(col), ih.text.get(col) ?? null, null);
      const target = byCode.get(ref) ?? byName.get(ref);
      if (!target) {
        sink.add(at, 'unknown_item_resource', { value: clip(ref), sheet: this.resourceSheetName() });
        continue;
      }
      if (Array.isArray(target)) {
        if (target.length > 1) {
          sink.add(at, 'ambiguous_resource_name', { value: clip(ref) });
          continue;
        }
        target[0]!.items.push(it);
      } else target.items.push(it);
    }
    for (const p of this.resources) {
      if (!ih || p.input.dataItems) continue;
      const items = p.items
        .map((it, n) => ({ it, n }))
        .sort((a, b) => (a.it.seq ?? Number.MAX_SAFE_INTEGER) - (b.it.seq ?? Number.MAX_SAFE_INTEGER) || a.n - b.n)
        .map((x) => x.it);
      const seen = new Set<number>();
      for (const it of items) {
        if (it.seq === undefined) continue;
        if (seen.has(it.seq)) {
          const col = ih.colOf.get('seq')!;
          sink.add(loc(ih.sheet, it.row, columnLetter(col), ih.text.get(col) ?? null, null), 'duplicate_item_seq', { value: it.seq });
        }
        seen.add(it.seq);
      }
      p.items = items;
      p.input.dataItems = items.map((x) => x.item);
    }
    for (const p of this.resources) if (this.itemsSheet === null && !p.input.dataItems) p.input.dataItems = [];

    // The catalog's own rules, mapped back to the cell that holds the field.
    for (const p of this.resources) {
      if (p.unreadable) continue;
      for (const fi of validateResourceInput(p.input, this.ctx)) {
        if (this.itemsUnreadable && fi.field.startsWith('dataItems')) continue;
        const at = p.locate(fi.field, p.items);
        if (sink.hasIssueAt(at)) continue;
        const params: Params = { ...(fi.params ?? {}) };
        if ('field' in params && at.header) params.field = at.header;
        sink.add(at, fi.code, params, fi.messageKey);
      }
    }
    return sink.count > 0 ? [] : this.resources.map((p) => p.input);
  }

  private resourceName = '信息资源';
  setResourceSheetName(name: string): void {
    this.resourceName = name;
  }
  private resourceSheetName(): string {
    return this.resourceName;
  }

  private classification(text: string): string | undefined {
    const t = text.trim();
    const first = /^([0-9A-Za-z]{1,20})(?:[\s\u3000]+.*)?$/.exec(t.normalize('NFKC'));
    const c = (first ? this.ctx.findClassification(first[1]!.toUpperCase()) : null) ?? this.ctx.findClassification(t);
    return c?.id;
  }

  private scopeFromText(r: RowReader, text: string): SharingScope | undefined {
    const f = fold(text);
    if ([fold(ALL_UNITS.zh), fold(ALL_UNITS.en), '全部', '所有单位', '全市', 'all'].includes(f)) return { all: true, unitIds: [] };
    const names = parseList(text);
    if (!Array.isArray(names)) {
      r.issue('sharingScope', 'invalid_list', { reason: 'JSON' });
      return undefined;
    }
    const unitIds: string[] = [];
    for (const n of names) {
      const u = this.ctx.findUnit(n);
      if (u) unitIds.push(u.id);
      else r.issue('sharingScope', 'unknown_unit', { value: clip(n) });
    }
    return { all: false, unitIds };
  }
}

const RESOURCE_OBJECT_KEYS = [
  'code', 'version', 'state', 'changeKind', 'name', 'abstract', 'providerUnitId', 'providerUnitName', 'providerDepartment',
  'classificationId', 'classificationCode', 'classificationName', 'layer', 'format', 'storageFormat', 'secrecyLevel',
  'dataGrade', 'sharingType', 'sharingConditions', 'sharingScope', 'legalBasis', 'sharingMethods', 'openAttribute',
  'updateCycle', 'updateTimeLimitDays', 'publishedAt', 'relatedCodes', 'keywords', 'scenarios', 'sourceSystem',
  'targetDatabase', 'metadataOnly', 'dataItems', 'createdAt', 'updatedAt', 'submittedAt', 'comment', 'versions',
];
const ITEM_OBJECT_KEYS = [
  'seq', 'name', 'code', 'dataType', 'length', 'precision', 'required', 'isKey', 'description', 'codeSet', 'sensitivity',
  'masking', 'maskingCustom', 'elementCode',
];

const columnByKey = new Map<string, AnyColumn>([...RESOURCE_COLUMNS, ...ITEM_COLUMNS, CSV_ITEMS_COLUMN].map((c) => [c.key, c]));
const header = (key: string): Label => {
  const c = columnByKey.get(key);
  return c ? { zh: c.zh, en: c.en } : { zh: key, en: key };
};
const allowed = (v: Vocab): Label => ({ zh: allowedLabels(v, 'zh-CN'), en: allowedLabels(v, 'en') });
const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** Typed access to one row's cells, reporting malformed ones at their cell. */
class RowReader {
  constructor(
    private readonly h: TableHeader,
    private readonly row: number,
    private readonly cells: Cells,
    private readonly sink: IssueSink,
  ) {}

  where(key: string, field: string | null = null): Location {
    return cellAt(this.h, this.row, key, field);
  }

  issue(key: string, code: string, params: Params = {}): void {
    this.sink.add(this.where(key), code, { header: header(key), ...params });
  }

  /** Trimmed text; '' when the column is there but the cell is empty; undefined when the column is absent. */
  text(key: string, max?: number): string | undefined {
    const col = this.h.colOf.get(key);
    if (col === undefined) return undefined;
    const t = (this.cells.get(col) ?? '').trim();
    if (max !== undefined && t.length > max) {
      this.issue(key, 'cell_too_long', { length: t.length, limit: max });
      return '';
    }
    return t;
  }

  coded<T extends string>(key: string, v: Vocab<T>, required = false): T | undefined {
    const t = this.text(key);
    if (t === undefined) return undefined;
    if (t === '') {
      if (required) this.issue(key, 'required');
      return undefined;
    }
    const c = parseVocab(v, t);
    if (!c) this.issue(key, 'invalid_code_value', { value: clip(t), allowed: allowed(v) });
    return c;
  }

  integer(key: string): number | undefined {
    const t = this.text(key);
    if (!t) return undefined;
    const n = t.normalize('NFKC');
    if (!/^[+-]?\d{1,9}(\.0+)?$/.test(n)) {
      this.issue(key, 'invalid_integer', { value: clip(t) });
      return undefined;
    }
    return Math.trunc(Number(n));
  }

  boolean(key: string): boolean | undefined {
    const t = this.text(key);
    if (!t) return undefined;
    const b = parseBoolean(t);
    if (b === undefined) this.issue(key, 'invalid_boolean', { value: clip(t) });
    return b;
  }

  list(key: string): string[] | undefined {
    const t = this.text(key);
    if (t === undefined) return undefined;
    const l = parseList(t);
    if (!Array.isArray(l)) {
      this.issue(key, 'invalid_list', { reason: { zh: '以“[”开头的内容应为 JSON 字符串数组', en: 'a cell starting with "[" must be a JSON array of strings' } });
      return [];
    }
    return l;
  }
}

/** Where the cell of column `key` in `row` is (the locations outlive the row's cells, so they keep none). */
function cellAt(h: TableHeader, row: number, key: string, field: string | null = null): Location {
  const col = h.colOf.get(key);
  return loc(h.sheet, row, col ? columnLetter(col) : null, col ? (h.text.get(col) ?? null) : null, field ?? fieldOf(key));
}

/** The ResourceInput field a column fills (for ImportIssue.field). */
function fieldOf(key: string): string {
  switch (key) {
    case 'classification':
      return 'classificationId';
    case 'provider':
      return 'providerUnitId';
    case 'resource':
      return 'code';
    default:
      return key;
  }
}

/** Typed access to one JSON object, reporting wrong types at their path. */
class ObjReader {
  readonly ok: boolean;
  private readonly o: Record<string, unknown>;

  constructor(
    value: unknown,
    private readonly path: string,
    private readonly at: (field: string) => Location,
    private readonly sink: IssueSink,
  ) {
    this.ok = value !== null && typeof value === 'object' && !Array.isArray(value);
    this.o = this.ok ? (value as Record<string, unknown>) : {};
    if (!this.ok) sink.add(at(path || '$'), 'json_not_object');
  }

  private p(k: string): string {
    return this.path ? `${this.path}.${k}` : k;
  }

  issue(k: string, code: string, params: Params = {}): void {
    this.sink.add(this.at(this.p(k)), code, params);
  }

  known(keys: readonly string[]): void {
    for (const k of Object.keys(this.o)) if (!keys.includes(k)) this.issue(k, 'unknown_field', { value: clip(this.p(k)) });
  }

  raw(k: string): unknown {
    return this.o[k];
  }

  str(k: string): string | undefined {
    const v = this.o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.issue(k, 'json_type', { expected: 'string' });
      return undefined;
    }
    return v.trim();
  }

  int(k: string): number | undefined;
  int(k: string, nullable: true): number | null | undefined;
  int(k: string, nullable = false): number | null | undefined {
    const v = this.o[k];
    if (v === undefined) return undefined;
    if (v === null && nullable) return null;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.issue(k, 'json_type', { expected: 'integer' });
      return undefined;
    }
    return v;
  }

  bool(k: string): boolean | undefined {
    const v = this.o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.issue(k, 'json_type', { expected: 'boolean' });
      return undefined;
    }
    return v;
  }

  strList(k: string): string[] | undefined {
    const v = this.o[k];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      this.issue(k, 'json_type', { expected: 'string[]' });
      return undefined;
    }
    return (v as string[]).map((s) => s.trim());
  }

  obj(k: string): ObjReader | undefined {
    const v = this.o[k];
    if (v === undefined || v === null) return undefined;
    return new ObjReader(v, this.p(k), this.at, this.sink);
  }
}

