import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../core/db/database.js';
import type { Database } from '../core/db/schema.js';
import type { Config } from '../core/config.js';
import { iso, type Clock } from '../core/clock.js';
import { AppError, forbidden, invalid, unauthorized } from '../core/errors.js';
import type { MessageKey } from '../core/i18n.js';
import type { AuditInput, AuditWriter } from '../audit/types.js';
import { deleteDocument, upsertDocuments, clearIndex, type SearchFields } from '../core/search/index.js';
import { highlight } from '../core/search/highlight.js';
import {
  CLASSIFICATION_CODE_RE,
  CLASSIFICATION_KINDS,
  DATA_ELEMENT_CODE_RE,
  DATA_TYPES,
  EDITABLE_STATES,
  LIMITS,
  type ChangeKind,
  type Classification,
  type ClassificationKind,
  type CollectionEntry,
  type DataElement,
  type DataItem,
  type DataType,
  type DiffResult,
  type DuplicateEntry,
  type DuplicateItemWarning,
  type ExchangeEntry,
  type FacetBucket,
  type ProposalInput,
  type Resource,
  type ResourceAction,
  type ResourceDetail,
  type ResourceInput,
  type ResourceSummary,
  type SearchFacets,
  type SearchResult,
  type SearchSort,
  type TimelineEntry,
  type VersionState,
} from './model.js';
import { can, type CatalogAction, type CatalogActor, type CatalogTarget } from './policy.js';
import * as store from './store.js';
import { CATALOG_SEARCH_INDEX } from './migrations.js';
import { normalizeResourceInput, validateResourceInput, type FieldIssue, type ValidationContext } from './validate.js';
import './messages.js';

export type { CatalogActor } from './policy.js';
export type { Page } from './store.js';

/** States everyone who may read the catalog may see; the others are the unit's and the authority's. */
const PUBLIC_STATES: readonly VersionState[] = ['published', 'superseded', 'withdrawn'];

export interface ClassificationInput {
  kind: ClassificationKind;
  code: string;
  name: string;
  parentId?: string | null;
  description?: string;
}
export interface ClassificationPatch {
  code?: string;
  name?: string;
  description?: string;
}

export interface DataElementInput {
  code: string;
  name: string;
  definition?: string;
  dataType: DataType;
  length?: number | null;
  authoritativeUnitId: string;
}
export type DataElementPatch = Partial<Omit<DataElementInput, 'code'>>;

export interface SearchQuery extends store.PublishedFilter, store.PageOpts {
  /** A classification id: the filter covers its sub-tree. */
  classification?: string;
  sort?: SearchSort;
  order?: 'asc' | 'desc';
  /** Default true; false skips the facet counts (cheaper). */
  facets?: boolean;
}

export interface ExchangeQuery extends store.PageOpts {
  q?: string;
  providerUnitId?: string;
  layer?: string;
  targetDatabase?: string;
  /** Only resources some system of this unit consumes. */
  consumerUnitId?: string;
}

export interface CollectionQuery {
  /** Element code or name, exact ("who collects 公民身份号码"). */
  element?: string;
  unitId?: string;
  /** Contains, over item, element and resource names ("which unit holds X"). */
  q?: string;
}

export interface ImportRow {
  providerUnitId: string;
  /** An existing resource code: a new version of it; absent: a new resource. */
  code?: string | null;
  input: ResourceInput;
}

/** The sharing catalog (第三、六、十一～十五、十八条; R1–R7). */
export interface CatalogService {
  // ---- registries (authority)
  createClassification(by: CatalogActor, input: ClassificationInput): Promise<Classification>;
  updateClassification(by: CatalogActor, id: string, patch: ClassificationPatch): Promise<Classification>;
  listClassifications(by: CatalogActor | null, filter?: { kind?: ClassificationKind; parentId?: string }): Promise<Classification[]>;
  getClassificationByCode(code: string): Promise<Classification | null>;
  createDataElement(by: CatalogActor, input: DataElementInput): Promise<DataElement>;
  updateDataElement(by: CatalogActor, code: string, patch: DataElementPatch): Promise<DataElement>;
  listDataElements(by: CatalogActor | null, filter?: store.ElementFilter): Promise<store.Page<DataElement>>;

  // ---- compilation workflow (R4)
  /** A steward's new resource (v1 draft) for `unitId`; the code is generated here. */
  createDraft(by: CatalogActor, unitId: string, input: ResourceInput): Promise<Resource>;
  /** Replaces the working version's content (proposed / draft / returned). */
  updateDraft(by: CatalogActor, code: string, input: ResourceInput): Promise<Resource>;
  submit(by: CatalogActor, code: string, comment?: string | null): Promise<Resource>;
  approve(by: CatalogActor, code: string, comment?: string | null): Promise<Resource>;
  /** Returns the submitted version to the unit; the comment is mandatory. */
  returnToUnit(by: CatalogActor, code: string, comment: string): Promise<Resource>;
  /** The unit confirms an approved version: published (or, for a withdrawal, withdrawn). */
  confirm(by: CatalogActor, code: string, comment?: string | null): Promise<Resource>;
  discard(by: CatalogActor, code: string, comment?: string | null): Promise<Resource>;
  /** Starts version N+1 (a draft copying N) while N stays published. */
  startChange(by: CatalogActor, code: string, comment?: string | null): Promise<Resource>;
  /** Requests withdrawal: version N+1 with changeKind 'withdraw', submitted for review. */
  withdraw(by: CatalogActor, code: string, comment?: string | null): Promise<Resource>;
  /** Any workflow action by its API name. */
  act(by: CatalogActor, code: string, action: ResourceAction, comment?: string | null): Promise<Resource>;
  /** The authority proposes an entry to a unit (state 'proposed'), for its steward to complete. */
  propose(by: CatalogActor, input: ProposalInput): Promise<Resource>;
  /** 第十二条: a unit's whole list, validated all-or-nothing, each created as submitted. */
  bulkSubmit(by: CatalogActor, unitId: string, inputs: ResourceInput[], comment?: string | null): Promise<Resource[]>;
  /**
   * Import (authority): all rows validated first, nothing written when any is wrong (field paths
   * 'rows.N.…'); `publish` writes published versions directly, otherwise submitted ones.
   */
  importResources(by: CatalogActor, rows: ImportRow[], opts: { publish: boolean; dryRun?: boolean }): Promise<{ created: number; updated: number; codes: string[] }>;

  // ---- reads
  getResource(by: CatalogActor | null, code: string, version?: number): Promise<ResourceDetail>;
  timeline(by: CatalogActor | null, code: string): Promise<TimelineEntry[]>;
  diff(by: CatalogActor | null, code: string, from: number, to: number): Promise<DiffResult>;
  listMine(by: CatalogActor, filter?: store.PageOpts & { state?: VersionState }): Promise<store.Page<ResourceSummary>>;
  reviewQueue(by: CatalogActor, filter?: store.PageOpts & { providerUnitId?: string }): Promise<store.Page<ResourceSummary>>;
  search(by: CatalogActor | null, query: SearchQuery): Promise<SearchResult>;
  /** Published resources with data items in code order, `batchSize` at a time (exports). */
  publishedBatches(by: CatalogActor | null, query: SearchQuery, batchSize?: number): AsyncIterable<Resource[]>;
  duplicates(by: CatalogActor | null, filter?: { elementCode?: string; unitId?: string; authoritativeUnitId?: string }): Promise<DuplicateEntry[]>;
  exchangeCatalog(by: CatalogActor | null, query?: ExchangeQuery): Promise<store.Page<ExchangeEntry>>;
  collectionCatalog(by: CatalogActor | null, query?: CollectionQuery): Promise<CollectionEntry[]>;

  // ---- helpers for other modules
  /**
   * The latest published version of a resource, or null (never published, or withdrawn). No actor:
   * for modules that apply their own access policy (the exchange data plane).
   */
  published(code: string): Promise<Resource | null>;
  /** What validateResourceInput needs, loaded for exactly what these drafts mention. */
  validationContext(inputs: ResourceInput[]): Promise<ValidationContext>;
  /** Rebuilds the search index from the published versions; returns how many were indexed. */
  reindex(): Promise<number>;
}

export interface CatalogDeps {
  db: Db;
  audit: AuditWriter;
  config: Pick<Config, 'anonymousCatalog'>;
  clock: Clock;
  /**
   * Who holds an active grant on which resource (the sharing module), so the exchange catalog lists
   * granted consumers next to those matched by scenario. Optional: without it, scenarios only.
   */
  grants?: { listGrants(filter: { resourceCode?: string; state?: 'active' }): Promise<{ resourceCode: string; consumerUnitId: string; consumerSystemId: string | null }[]> };
}

type Trx = Transaction<Database>;

/** A 4xx carrying one field error with the same code, so forms can point at the field. */
function fieldProblem(status: number, code: string, key: MessageKey, field: string, params: Record<string, string | number> = {}): AppError {
  return new AppError(status, code, key, params, [{ field, code, messageKey: key, params }]);
}

const resourceNotFound = (code: string) => new AppError(404, 'not_found', 'catalog.resource.not_found', { code });
const badState = (state: string, action: string) => new AppError(409, 'bad_state', 'catalog.resource.bad_state', { state, action });

function prefixIssues(issues: FieldIssue[], prefix: string) {
  return issues.map((i) => ({ ...i, field: `${prefix}${i.field}` }));
}

function cleanComment(comment: string | null | undefined): string | null {
  const c = (comment ?? '').trim();
  if (c.length > LIMITS.commentMax) throw fieldProblem(400, 'comment_too_long', 'catalog.resource.comment_too_long', 'body.comment', { max: LIMITS.commentMax });
  return c ? c : null;
}

/** A Resource's editable content as a draft input (re-validation at submit, copying a version). */
export function resourceToInput(r: Resource): ResourceInput {
  return {
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
    sharingScope: r.sharingScope,
    legalBasis: r.legalBasis,
    sharingMethods: r.sharingMethods,
    openAttribute: r.openAttribute,
    updateCycle: r.updateCycle,
    updateTimeLimitDays: r.updateTimeLimitDays,
    relatedCodes: r.relatedCodes,
    keywords: r.keywords,
    scenarios: r.scenarios,
    sourceSystem: r.sourceSystem,
    targetDatabase: r.targetDatabase,
    dataItems: r.dataItems.map((d) => ({
      name: d.name,
      code: d.code,
      dataType: d.dataType,
      length: d.length,
      precision: d.precision,
      required: d.required,
      isKey: d.isKey,
      description: d.description,
      codeSet: d.codeSet,
      sensitivity: d.sensitivity,
      masking: d.masking,
      maskingCustom: d.maskingCustom ?? null,
      elementCode: d.elementCode,
    })),
  };
}

/** The version columns and item rows of a normalized draft. */
function contentRows(input: ResourceInput): { content: store.VersionContent; items: store.ItemContent[] } {
  const n = normalizeResourceInput(input);
  return {
    content: {
      name: n.name,
      abstract: n.abstract,
      provider_unit_id: '', // set by the caller
      provider_department: n.providerDepartment,
      classification_id: n.classificationId,
      layer: n.layer,
      format: n.format,
      storage_format: n.storageFormat,
      secrecy_level: n.secrecyLevel,
      data_grade: n.dataGrade,
      sharing_type: n.sharingType,
      sharing_conditions: n.sharingConditions,
      sharing_scope: JSON.stringify(n.sharingScope),
      legal_basis: n.legalBasis,
      sharing_methods: JSON.stringify(n.sharingMethods),
      open_attribute: n.openAttribute,
      update_cycle: n.updateCycle,
      update_time_limit_days: n.updateTimeLimitDays,
      related_codes: JSON.stringify(n.relatedCodes),
      keywords: JSON.stringify(n.keywords),
      scenarios: JSON.stringify(n.scenarios),
      source_system: n.sourceSystem,
      target_database: n.targetDatabase,
      metadata_only: n.metadataOnly ? 1 : 0,
    },
    items: n.dataItems.map((d, i) => ({
      seq: i + 1,
      name: d.name,
      code: d.code,
      data_type: d.dataType,
      length: d.length,
      precision: d.precision,
      required: d.required ? 1 : 0,
      is_key: d.isKey ? 1 : 0,
      description: d.description,
      code_set: d.codeSet ? JSON.stringify(d.codeSet) : null,
      sensitivity: d.sensitivity,
      masking: d.masking,
      masking_custom: d.maskingCustom ? JSON.stringify(d.maskingCustom) : null,
      element_code: d.elementCode,
    })),
  };
}

/** The fields a version diff compares, in display order. */
const DIFF_FIELDS = [
  'name',
  'abstract',
  'providerDepartment',
  'classificationId',
  'classificationCode',
  'classificationName',
  'layer',
  'format',
  'storageFormat',
  'secrecyLevel',
  'dataGrade',
  'sharingType',
  'sharingConditions',
  'sharingScope',
  'legalBasis',
  'sharingMethods',
  'openAttribute',
  'updateCycle',
  'updateTimeLimitDays',
  'relatedCodes',
  'keywords',
  'scenarios',
  'sourceSystem',
  'targetDatabase',
  'metadataOnly',
] as const satisfies readonly (keyof Resource)[];
const ITEM_DIFF_FIELDS = ['name', 'dataType', 'length', 'precision', 'required', 'isKey', 'description', 'codeSet', 'sensitivity', 'masking', 'maskingCustom', 'elementCode'] as const satisfies readonly (keyof DataItem)[];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function diffResources(from: Resource, to: Resource): DiffResult {
  const changes: DiffResult['changes'] = [];
  for (const f of DIFF_FIELDS) if (!same(from[f], to[f])) changes.push({ field: f, from: from[f], to: to[f] });
  const before = new Map(from.dataItems.map((d) => [d.code, d]));
  const after = new Map(to.dataItems.map((d) => [d.code, d]));
  const added = to.dataItems.filter((d) => !before.has(d.code));
  const removed = from.dataItems.filter((d) => !after.has(d.code));
  const changed: DiffResult['dataItems']['changed'] = [];
  for (const d of to.dataItems) {
    const old = before.get(d.code);
    if (!old) continue;
    for (const f of ITEM_DIFF_FIELDS) if (!same(old[f], d[f])) changed.push({ code: d.code, field: f, from: old[f] ?? null, to: d[f] ?? null });
  }
  return { changes, dataItems: { added, removed, changed } };
}

/** What the search index holds for a published version. */
export function searchFields(r: Resource): SearchFields {
  return {
    a: [r.name, ...r.keywords].join(' \n '),
    b: [r.abstract, r.providerUnitName, r.providerDepartment].join(' \n '),
    c: [...r.dataItems.map((d) => d.name), ...r.scenarios, r.targetDatabase, r.sourceSystem, r.classificationName].join(' \n '),
  };
}

export function createCatalogService(deps: CatalogDeps): CatalogService {
  const { db, audit, config, clock } = deps;
  const k = db.kysely;
  const now = () => iso(clock.now());
  const settings = () => ({ anonymousCatalog: config.anonymousCatalog });

  function event(by: CatalogActor, action: string, targetType: string, targetId: string | null, detail?: Record<string, unknown>): AuditInput {
    const { roles: _r, scopes: _s, ...who } = by;
    return { ...who, action, targetType, targetId, result: 'success', detail: detail ?? null };
  }

  /** Deny by default: a 403 (401 for anonymous callers), and the attempt goes into the audit log. */
  async function authorize(by: CatalogActor | null, action: CatalogAction, target: CatalogTarget = {}, audited: { type: string; id: string | null; name?: string }): Promise<void> {
    if (can(by, action, target, settings())) return;
    if (by) {
      const { roles: _r, scopes: _s, ...who } = by;
      await audit.append({
        ...who,
        action: audited.name ?? `catalog.${action}`,
        targetType: audited.type,
        targetId: audited.id,
        result: 'denied',
        detail: target.providerUnitId ? { providerUnitId: target.providerUnitId } : null,
      });
    }
    if (!by || by.actorType === 'anonymous') throw unauthorized('unauthenticated', action === 'catalog.read' ? 'catalog.anonymous_disabled' : 'auth.required');
    throw forbidden('catalog.resource.forbidden');
  }

  async function requireRead(by: CatalogActor | null, what = 'catalog'): Promise<void> {
    await authorize(by, 'catalog.read', {}, { type: what, id: null });
  }

  /** `q`: inside a transaction pass it — SQLite has one connection, and waiting for it there would deadlock. */
  async function validationContext(inputs: ResourceInput[], q: typeof k = k): Promise<ValidationContext> {
    const unitIds: string[] = [];
    const classificationIds: string[] = [];
    const elementCodes: string[] = [];
    for (const i of inputs) {
      if (!i || typeof i !== 'object') continue;
      if (typeof i.classificationId === 'string') classificationIds.push(i.classificationId);
      if (i.sharingScope && Array.isArray(i.sharingScope.unitIds)) unitIds.push(...i.sharingScope.unitIds.filter((u) => typeof u === 'string'));
      if (Array.isArray(i.dataItems)) for (const d of i.dataItems) if (d && typeof d.elementCode === 'string' && d.elementCode) elementCodes.push(d.elementCode);
    }
    const found = await store.existing(q, { unitIds, classificationIds, elementCodes });
    return {
      unitExists: (id) => found.units.has(id),
      classificationExists: (id) => found.classifications.has(id),
      elementExists: (code) => found.elements.has(code),
    };
  }

  async function validateOrThrow(inputs: ResourceInput[], prefix: (i: number) => string): Promise<void> {
    const ctx = await validationContext(inputs);
    const issues = inputs.flatMap((input, i) => prefixIssues(validateResourceInput(input, ctx), prefix(i)));
    if (issues.length) throw invalid(issues);
  }

  async function loadResource(q: typeof k, row: store.VersionRow): Promise<Resource> {
    const items = await store.loadItems(q, [row.id]);
    return store.toResource(row, items.get(row.id) ?? []);
  }

  async function mustResource(q: typeof k, code: string): Promise<store.ResourceRow> {
    const r = await store.findResource(q, code);
    if (!r) throw resourceNotFound(code);
    return r;
  }

  async function mustVersion(q: typeof k, code: string, version: number): Promise<store.VersionRow> {
    const v = await store.findVersion(q, code, version);
    if (!v) throw new AppError(404, 'not_found', 'catalog.resource.version_not_found', { code, version });
    return v;
  }

  async function transition(trx: Trx, by: CatalogActor, code: string, version: number, action: string, from: VersionState | null, to: VersionState, comment: string | null, at: string): Promise<void> {
    await store.insertTransition(trx, {
      id: randomUUID(),
      resource_code: code,
      version,
      at,
      action,
      from_state: from,
      to_state: to,
      actor_id: by.actorId,
      actor_name: by.actorName,
      unit_id: by.unitId,
      comment,
    });
  }

  async function newCode(trx: Trx, classificationId: string): Promise<string> {
    const cl = await store.findClassification(trx, classificationId);
    if (!cl) throw fieldProblem(400, 'classification_not_found', 'catalog.validation.classification_not_found', 'body.classificationId', { id: classificationId });
    const seq = await store.nextSeq(trx, cl.code);
    if (seq > 999_999) throw new AppError(409, 'code_exhausted', 'catalog.resource.code_exhausted', { code: cl.code });
    return `${cl.code}/${String(seq).padStart(6, '0')}`;
  }

  async function indexPublished(trx: Trx, resource: Resource): Promise<void> {
    await upsertDocuments(trx, db.dialect, CATALOG_SEARCH_INDEX, [{ docId: resource.code, fields: searchFields(resource) }]);
  }

  /** Inserts a new resource with its first version (create, propose, bulk, import). */
  async function insertNew(
    trx: Trx,
    by: CatalogActor,
    unitId: string,
    input: ResourceInput,
    state: VersionState,
    at: string,
    opts: { comment: string | null; action: string; code?: string },
  ): Promise<string> {
    const code = opts.code ?? (await newCode(trx, input.classificationId));
    const { content, items } = contentRows(input);
    const published = state === 'published';
    await store.insertResource(trx, {
      code,
      provider_unit_id: unitId,
      status: 'active',
      published_version: published ? 1 : null,
      working_version: published ? null : 1,
      latest_version: 1,
      created_at: at,
      updated_at: at,
    });
    await store.insertVersion(
      trx,
      {
        ...content,
        provider_unit_id: unitId,
        id: randomUUID(),
        resource_code: code,
        version: 1,
        state,
        change_kind: 'create',
        created_at: at,
        updated_at: at,
        submitted_at: state === 'submitted' || published ? at : null,
        published_at: published ? at : null,
        comment: opts.comment,
        created_by: by.actorName,
      },
      items,
    );
    await transition(trx, by, code, 1, opts.action, null, state, opts.comment, at);
    return code;
  }

  async function currentResource(trx: Trx, code: string, version: number): Promise<Resource> {
    return loadResource(trx, await mustVersion(trx, code, version));
  }

  /**
   * The shared shape of a workflow action on the working version: authorize against the
   * provider, lock, check the state, change it, record the transition and the audit event.
   */
  async function workingAction(
    by: CatalogActor,
    code: string,
    action: ResourceAction,
    policyAction: CatalogAction | ((state: VersionState) => CatalogAction),
    allowed: readonly VersionState[],
    apply: (trx: Trx, ctx: { res: store.ResourceRow; ver: store.VersionRow; at: string }) => Promise<{ to: VersionState; detail?: Record<string, unknown> }>,
    comment: string | null,
  ): Promise<Resource> {
    const res0 = await mustResource(k, code);
    let ver0: store.VersionRow | undefined;
    if (res0.working_version !== null) ver0 = await store.findVersion(k, code, res0.working_version);
    const pa = typeof policyAction === 'function' ? policyAction(ver0?.state ?? 'draft') : policyAction;
    await authorize(by, pa, { providerUnitId: res0.provider_unit_id }, { type: 'catalog_resource', id: code, name: `catalog.resource.${action}` });
    return audit.transact(async (trx) => {
      const res = await store.lockResource(trx, code, db.dialect);
      if (!res) throw resourceNotFound(code);
      if (res.working_version === null) throw new AppError(409, 'no_working_version', 'catalog.resource.no_working_version', { code });
      const ver = await mustVersion(trx, code, res.working_version);
      if (!allowed.includes(ver.state)) throw badState(ver.state, action);
      // The policy decision was taken on the state read before the lock; re-check if it moved.
      if (typeof policyAction === 'function' && policyAction(ver.state) !== pa && !can(by, policyAction(ver.state), { providerUnitId: res.provider_unit_id }, settings())) {
        throw forbidden('catalog.resource.forbidden');
      }
      const at = now();
      const { to, detail } = await apply(trx, { res, ver, at });
      await transition(trx, by, code, Number(ver.version), action, ver.state, to, comment, at);
      const value = await currentResource(trx, code, Number(ver.version));
      return {
        value,
        events: [event(by, `catalog.resource.${action}`, 'catalog_resource', code, { version: Number(ver.version), from: ver.state, to, comment, ...detail })],
      };
    });
  }

  /** A new version N+1 of a published resource (start-change, withdraw). */
  async function newVersionAction(by: CatalogActor, code: string, action: 'start-change' | 'withdraw', comment: string | null): Promise<Resource> {
    const res0 = await mustResource(k, code);
    const pa: CatalogAction = action === 'withdraw' ? 'resource.withdraw' : 'resource.start_change';
    await authorize(by, pa, { providerUnitId: res0.provider_unit_id }, { type: 'catalog_resource', id: code, name: `catalog.resource.${action}` });
    return audit.transact(async (trx) => {
      const res = await store.lockResource(trx, code, db.dialect);
      if (!res) throw resourceNotFound(code);
      if (res.status === 'withdrawn') throw new AppError(409, 'withdrawn', 'catalog.resource.withdrawn', { code });
      if (res.working_version !== null) {
        const w = await mustVersion(trx, code, res.working_version);
        throw new AppError(409, 'change_in_progress', 'catalog.resource.change_in_progress', { code, version: Number(w.version), state: w.state });
      }
      if (res.published_version === null) throw new AppError(409, 'not_published', 'catalog.resource.not_published', { code });
      const pub = await mustVersion(trx, code, res.published_version);
      const items = (await store.loadItems(trx, [pub.id])).get(pub.id) ?? [];
      const version = Number(res.latest_version) + 1;
      const at = now();
      const state: VersionState = action === 'withdraw' ? 'submitted' : 'draft';
      const changeKind: ChangeKind = action === 'withdraw' ? 'withdraw' : 'update';
      const { provider_unit_name: _p, classification_code: _c, classification_name: _n, ...row } = pub;
      const id = randomUUID();
      await store.insertVersion(
        trx,
        {
          ...row,
          id,
          version,
          state,
          change_kind: changeKind,
          published_at: null,
          created_at: at,
          updated_at: at,
          submitted_at: state === 'submitted' ? at : null,
          comment,
          created_by: by.actorName,
        },
        items.map(({ version_id: _v, ...i }) => i),
      );
      await store.updateResource(trx, code, { working_version: version, latest_version: version, updated_at: at });
      await transition(trx, by, code, version, action, null, state, comment, at);
      const value = await currentResource(trx, code, version);
      return { value, events: [event(by, `catalog.resource.${action}`, 'catalog_resource', code, { version, from: null, to: state, comment, basedOn: Number(pub.version) })] };
    });
  }

  async function duplicateWarnings(q: typeof k, r: Resource): Promise<DuplicateItemWarning[]> {
    const codes = [...new Set(r.dataItems.map((d) => d.elementCode).filter((c): c is string => !!c))];
    if (!codes.length) return [];
    const elements = new Map<string, store.ElementRow>();
    for (const c of codes) {
      const e = await store.findElement(q, c);
      if (e && e.authoritative_unit_id !== r.providerUnitId) elements.set(c, e);
    }
    if (!elements.size) return [];
    const auth = await store.authoritativeResources(q, [...elements.keys()]);
    return r.dataItems
      .filter((d) => d.elementCode && elements.has(d.elementCode))
      .map((d) => {
        const e = elements.get(d.elementCode!)!;
        return {
          itemCode: d.code,
          itemName: d.name,
          elementCode: e.code,
          elementName: e.name,
          authoritativeUnitId: e.authoritative_unit_id,
          authoritativeUnitName: e.unit_name ?? '',
          authoritativeResource: auth.get(e.code) ?? null,
        };
      });
  }

  /** Visible to `by`: public versions to catalog readers, everything to the unit and the authority. */
  function visible(by: CatalogActor | null, providerUnitId: string, state: VersionState): boolean {
    if (can(by, 'resource.read_draft', { providerUnitId }, settings())) return true;
    return PUBLIC_STATES.includes(state) && can(by, 'catalog.read', {}, settings());
  }

  async function readVersion(by: CatalogActor | null, code: string, version: number): Promise<store.VersionRow> {
    const res = await mustResource(k, code);
    const v = await mustVersion(k, code, version);
    if (!visible(by, res.provider_unit_id, v.state)) {
      await authorize(by, PUBLIC_STATES.includes(v.state) ? 'catalog.read' : 'resource.read_draft', { providerUnitId: res.provider_unit_id }, { type: 'catalog_resource', id: code, name: 'catalog.resource.read' });
    }
    return v;
  }

  function facetLabels(raw: Record<store.FacetKey, { value: string; count: number }[]>, units: Map<string, string>, classes: Map<string, store.ClassificationRow>): SearchFacets {
    const out = {} as SearchFacets;
    for (const [key, list] of Object.entries(raw) as [store.FacetKey, { value: string; count: number }[]][]) {
      out[key] = list.map((b): FacetBucket => {
        let label = b.value;
        if (key === 'provider') label = units.get(b.value) ?? b.value;
        else if (key === 'classification') {
          const c = classes.get(b.value);
          label = c ? `${c.code} ${c.name}` : b.value;
        }
        return { value: b.value, label, count: b.count };
      });
    }
    return out;
  }

  async function resolveFilter(query: SearchQuery): Promise<store.PublishedFilter> {
    const f: store.PublishedFilter = { ...query };
    if (query.classification) {
      const cl = await store.findClassification(k, query.classification);
      // An unknown classification filters everything out rather than being ignored.
      f.classificationCode = cl ? cl.code : '\u0000none';
    }
    return f;
  }

  const emptyFacets = (): SearchFacets => ({ provider: [], layer: [], sharingType: [], format: [], updateCycle: [], classification: [] });

  // Facet counts read every match, so they are cached briefly: the catalog changes seldom, and a
  // publication or withdrawal in this process clears the cache at once (other nodes: FACET_TTL_MS).
  const facetCache = new Map<string, { at: number; value: SearchFacets }>();
  const FACET_TTL_MS = 30_000;
  const FACET_CACHE_MAX = 500;
  const catalogChanged = () => facetCache.clear();

  async function facetsFor(f: store.PublishedFilter): Promise<SearchFacets> {
    const key = JSON.stringify([f.q ?? '', f.providerUnitId, f.layer, f.sharingType, f.format, f.updateCycle, f.classificationCode, f.theme, f.scenario]);
    const t = Date.now();
    const hit = facetCache.get(key);
    if (hit && t - hit.at < FACET_TTL_MS) return hit.value;
    const raw = await store.publishedFacets(k, db.dialect, CATALOG_SEARCH_INDEX, f);
    const units = await store.unitNames(k, raw.provider.map((b) => b.value));
    const classes = await store.classificationsByIds(k, raw.classification.map((b) => b.value));
    const value = facetLabels(raw, units, classes);
    if (facetCache.size >= FACET_CACHE_MAX) facetCache.clear();
    facetCache.set(key, { at: t, value });
    return value;
  }

  const service: CatalogService = {
    // ------------------------------------------------------------ registries

    async createClassification(by, input) {
      await authorize(by, 'classification.manage', {}, { type: 'catalog_classification', id: null, name: 'catalog.classification.create' });
      const code = (input.code ?? '').trim().toUpperCase();
      if (!CLASSIFICATION_CODE_RE.test(code)) throw fieldProblem(400, 'invalid_code', 'catalog.classification.invalid_code', 'body.code', { code: input.code ?? '' });
      if (!(CLASSIFICATION_KINDS as readonly string[]).includes(input.kind)) throw fieldProblem(400, 'enum', 'error.enum', 'body.kind', { field: 'body.kind' });
      const name = (input.name ?? '').trim();
      if (!name) throw fieldProblem(400, 'blank_name', 'catalog.classification.blank_name', 'body.name');
      const at = now();
      const taken = () => fieldProblem(409, 'classification_code_taken', 'catalog.classification.code_taken', 'body.code', { code });
      try {
        return await audit.transact(async (trx) => {
          let level = 1;
          if (input.parentId) {
            const parent = await store.findClassification(trx, input.parentId);
            if (!parent) throw fieldProblem(400, 'parent_not_found', 'catalog.classification.parent_not_found', 'body.parentId', { id: input.parentId });
            if (Number(parent.level) >= 4) throw fieldProblem(400, 'too_deep', 'catalog.classification.too_deep', 'body.parentId');
            if (parent.kind !== input.kind) throw fieldProblem(400, 'kind_mismatch', 'catalog.classification.kind_mismatch', 'body.kind');
            if (!code.startsWith(parent.code) || code === parent.code) throw fieldProblem(400, 'code_prefix', 'catalog.classification.code_prefix', 'body.code', { parent: parent.code });
            level = Number(parent.level) + 1;
          }
          if (await store.findClassificationByCode(trx, code)) throw taken();
          const row: store.ClassificationRow = {
            id: randomUUID(),
            kind: input.kind,
            code,
            name,
            parent_id: input.parentId ?? null,
            level,
            description: (input.description ?? '').trim(),
            created_at: at,
            updated_at: at,
          };
          await store.insertClassification(trx, row);
          return { value: store.toClassification(row), events: [event(by, 'catalog.classification.create', 'catalog_classification', row.id, { code, name, kind: row.kind, level })] };
        });
      } catch (e) {
        if (store.isUniqueViolation(e)) throw taken();
        throw e;
      }
    },

    async updateClassification(by, id, patch) {
      await authorize(by, 'classification.manage', {}, { type: 'catalog_classification', id, name: 'catalog.classification.update' });
      const taken = (code: string) => fieldProblem(409, 'classification_code_taken', 'catalog.classification.code_taken', 'body.code', { code });
      try {
        return await audit.transact(async (trx) => {
          const before = await store.findClassification(trx, id);
          if (!before) throw new AppError(404, 'not_found', 'catalog.classification.not_found', { id });
          const set: Partial<store.ClassificationRow> = {};
          if (patch.name !== undefined) {
            const name = patch.name.trim();
            if (!name) throw fieldProblem(400, 'blank_name', 'catalog.classification.blank_name', 'body.name');
            set.name = name;
          }
          if (patch.description !== undefined) set.description = patch.description.trim();
          if (patch.code !== undefined && patch.code.trim().toUpperCase() !== before.code) {
            const code = patch.code.trim().toUpperCase();
            if (!CLASSIFICATION_CODE_RE.test(code)) throw fieldProblem(400, 'invalid_code', 'catalog.classification.invalid_code', 'body.code', { code: patch.code });
            // Resource codes embed the classification code and must stay stable.
            if ((await store.classificationUseCount(trx, id)) > 0 || (await store.classificationChildCount(trx, id)) > 0)
              throw fieldProblem(409, 'classification_in_use', 'catalog.classification.in_use', 'body.code');
            if (before.parent_id) {
              const parent = await store.findClassification(trx, before.parent_id);
              if (parent && (!code.startsWith(parent.code) || code === parent.code))
                throw fieldProblem(400, 'code_prefix', 'catalog.classification.code_prefix', 'body.code', { parent: parent.code });
            }
            if (await store.findClassificationByCode(trx, code)) throw taken(code);
            set.code = code;
          }
          const changed = Object.fromEntries(Object.entries(set).filter(([f, v]) => (before as Record<string, unknown>)[f] !== v));
          if (Object.keys(changed).length) await store.updateClassification(trx, id, { ...changed, updated_at: now() });
          const after = (await store.findClassification(trx, id))!;
          return { value: store.toClassification(after), events: [event(by, 'catalog.classification.update', 'catalog_classification', id, { changed })] };
        });
      } catch (e) {
        if (store.isUniqueViolation(e)) throw taken(patch.code ?? '');
        throw e;
      }
    },

    async listClassifications(by, filter = {}) {
      await requireRead(by, 'catalog_classification');
      return (await store.listClassifications(k, filter)).map(store.toClassification);
    },

    async getClassificationByCode(code) {
      const r = await store.findClassificationByCode(k, code);
      return r ? store.toClassification(r) : null;
    },

    async createDataElement(by, input) {
      await authorize(by, 'element.manage', {}, { type: 'catalog_data_element', id: input.code ?? null, name: 'catalog.element.create' });
      const code = (input.code ?? '').trim();
      if (!DATA_ELEMENT_CODE_RE.test(code)) throw fieldProblem(400, 'invalid_code', 'catalog.element.invalid_code', 'body.code', { code });
      const name = (input.name ?? '').trim();
      if (!name) throw fieldProblem(400, 'blank_name', 'catalog.element.blank_name', 'body.name');
      if (!(DATA_TYPES as readonly string[]).includes(input.dataType)) throw fieldProblem(400, 'enum', 'error.enum', 'body.dataType', { field: 'body.dataType' });
      const at = now();
      const conflictOf = async (): Promise<AppError> =>
        (await store.findElement(k, code))
          ? fieldProblem(409, 'element_code_taken', 'catalog.element.code_taken', 'body.code', { code })
          : fieldProblem(409, 'element_name_taken', 'catalog.element.name_taken', 'body.name', { name });
      try {
        return await audit.transact(async (trx) => {
          if (await store.findElement(trx, code)) throw fieldProblem(409, 'element_code_taken', 'catalog.element.code_taken', 'body.code', { code });
          if (await store.findElementByName(trx, name)) throw fieldProblem(409, 'element_name_taken', 'catalog.element.name_taken', 'body.name', { name });
          const unit = (await store.existing(trx, { unitIds: [input.authoritativeUnitId], classificationIds: [], elementCodes: [] })).units;
          if (!unit.has(input.authoritativeUnitId))
            throw fieldProblem(400, 'unit_not_found', 'catalog.element.unit_not_found', 'body.authoritativeUnitId', { id: input.authoritativeUnitId });
          await store.insertElement(trx, {
            code,
            name,
            definition: (input.definition ?? '').trim(),
            data_type: input.dataType,
            length: input.length ?? null,
            authoritative_unit_id: input.authoritativeUnitId,
            created_at: at,
            updated_at: at,
          });
          const value = store.toElement((await store.findElement(trx, code))!);
          return { value, events: [event(by, 'catalog.element.create', 'catalog_data_element', code, { name, authoritativeUnitId: input.authoritativeUnitId })] };
        });
      } catch (e) {
        if (store.isUniqueViolation(e)) throw await conflictOf();
        throw e;
      }
    },

    async updateDataElement(by, code, patch) {
      await authorize(by, 'element.manage', {}, { type: 'catalog_data_element', id: code, name: 'catalog.element.update' });
      try {
        return await audit.transact(async (trx) => {
          const before = await store.findElement(trx, code);
          if (!before) throw new AppError(404, 'not_found', 'catalog.element.not_found', { code });
          const set: Partial<store.ElementRow> = {};
          if (patch.name !== undefined) {
            const name = patch.name.trim();
            if (!name) throw fieldProblem(400, 'blank_name', 'catalog.element.blank_name', 'body.name');
            if (name !== before.name && (await store.findElementByName(trx, name))) throw fieldProblem(409, 'element_name_taken', 'catalog.element.name_taken', 'body.name', { name });
            set.name = name;
          }
          if (patch.definition !== undefined) set.definition = patch.definition.trim();
          if (patch.dataType !== undefined) {
            if (!(DATA_TYPES as readonly string[]).includes(patch.dataType)) throw fieldProblem(400, 'enum', 'error.enum', 'body.dataType', { field: 'body.dataType' });
            set.data_type = patch.dataType;
          }
          if (patch.length !== undefined) set.length = patch.length;
          if (patch.authoritativeUnitId !== undefined) {
            const unit = (await store.existing(trx, { unitIds: [patch.authoritativeUnitId], classificationIds: [], elementCodes: [] })).units;
            if (!unit.has(patch.authoritativeUnitId))
              throw fieldProblem(400, 'unit_not_found', 'catalog.element.unit_not_found', 'body.authoritativeUnitId', { id: patch.authoritativeUnitId });
            set.authoritative_unit_id = patch.authoritativeUnitId;
          }
          const changed = Object.fromEntries(Object.entries(set).filter(([f, v]) => (before as Record<string, unknown>)[f] !== v));
          if (Object.keys(changed).length) await store.updateElement(trx, code, { ...changed, updated_at: now() });
          const value = store.toElement((await store.findElement(trx, code))!);
          return { value, events: [event(by, 'catalog.element.update', 'catalog_data_element', code, { changed })] };
        });
      } catch (e) {
        if (store.isUniqueViolation(e)) throw fieldProblem(409, 'element_name_taken', 'catalog.element.name_taken', 'body.name', { name: patch.name ?? '' });
        throw e;
      }
    },

    async listDataElements(by, filter = {}) {
      await requireRead(by, 'catalog_data_element');
      const page = await store.listElements(k, filter);
      return { items: page.items.map(store.toElement), total: page.total };
    },

    // ------------------------------------------------------------ workflow

    async createDraft(by, unitId, input) {
      await authorize(by, 'resource.create', { providerUnitId: unitId }, { type: 'catalog_resource', id: null, name: 'catalog.resource.create' });
      if (!(await store.existing(k, { unitIds: [unitId], classificationIds: [], elementCodes: [] })).units.has(unitId))
        throw new AppError(400, 'provider_not_found', 'catalog.resource.provider_not_found', { id: unitId });
      await validateOrThrow([input], () => 'body.');
      return audit.transact(async (trx) => {
        const at = now();
        const code = await insertNew(trx, by, unitId, input, 'draft', at, { comment: null, action: 'create' });
        const value = await currentResource(trx, code, 1);
        return { value, events: [event(by, 'catalog.resource.create', 'catalog_resource', code, { version: 1, to: 'draft', name: value.name, providerUnitId: unitId })] };
      });
    },

    async updateDraft(by, code, input) {
      const res0 = await mustResource(k, code);
      await authorize(by, 'resource.edit', { providerUnitId: res0.provider_unit_id }, { type: 'catalog_resource', id: code, name: 'catalog.resource.update' });
      await validateOrThrow([input], () => 'body.');
      return audit.transact(async (trx) => {
        const res = await store.lockResource(trx, code, db.dialect);
        if (!res) throw resourceNotFound(code);
        if (res.working_version === null) throw new AppError(409, 'no_working_version', 'catalog.resource.no_working_version', { code });
        const ver = await mustVersion(trx, code, res.working_version);
        if (!EDITABLE_STATES.includes(ver.state) || ver.change_kind === 'withdraw') throw badState(ver.state, 'update');
        const before = await loadResource(trx, ver);
        const { content, items } = contentRows(input);
        const at = now();
        const state: VersionState = ver.state === 'proposed' ? 'draft' : ver.state;
        await store.replaceVersionContent(trx, ver.id, { ...content, provider_unit_id: res.provider_unit_id, state, updated_at: at }, items);
        if (state !== ver.state) await transition(trx, by, code, Number(ver.version), 'update', ver.state, state, null, at);
        await store.updateResource(trx, code, { updated_at: at });
        const value = await currentResource(trx, code, Number(ver.version));
        const d = diffResources(before, value);
        return {
          value,
          events: [
            event(by, 'catalog.resource.update', 'catalog_resource', code, {
              version: value.version,
              fields: d.changes.map((c) => c.field),
              itemsAdded: d.dataItems.added.length,
              itemsRemoved: d.dataItems.removed.length,
              itemsChanged: d.dataItems.changed.length,
            }),
          ],
        };
      });
    },

    async submit(by, code, comment) {
      const c = cleanComment(comment);
      return workingAction(
        by,
        code,
        'submit',
        'resource.submit',
        ['proposed', 'draft', 'returned'],
        async (trx, { ver, at }) => {
          if (ver.change_kind !== 'withdraw') {
            // Registries may have changed since the draft was saved: validate what is stored now.
            const current = resourceToInput(await loadResource(trx, ver));
            const ctx = await validationContext([current], trx);
            const issues = validateResourceInput(current, ctx);
            if (issues.length) throw invalid(prefixIssues(issues, 'resource.'));
          }
          await store.updateVersion(trx, ver.id, { state: 'submitted', submitted_at: at, updated_at: at, comment: c });
          return { to: 'submitted' };
        },
        c,
      );
    },

    async approve(by, code, comment) {
      const c = cleanComment(comment);
      return workingAction(
        by,
        code,
        'approve',
        'resource.approve',
        ['submitted'],
        async (trx, { ver, at }) => {
          await store.updateVersion(trx, ver.id, { state: 'approved', updated_at: at, comment: c });
          return { to: 'approved' };
        },
        c,
      );
    },

    async returnToUnit(by, code, comment) {
      const c = cleanComment(comment);
      const res0 = await mustResource(k, code);
      await authorize(by, 'resource.return', { providerUnitId: res0.provider_unit_id }, { type: 'catalog_resource', id: code, name: 'catalog.resource.return' });
      if (!c) throw fieldProblem(400, 'comment_required', 'catalog.resource.comment_required', 'body.comment');
      return workingAction(
        by,
        code,
        'return',
        'resource.return',
        ['submitted'],
        async (trx, { ver, at }) => {
          await store.updateVersion(trx, ver.id, { state: 'returned', updated_at: at, comment: c });
          return { to: 'returned' };
        },
        c,
      );
    },

    async confirm(by, code, comment) {
      const c = cleanComment(comment);
      return workingAction(
        by,
        code,
        'confirm',
        'resource.confirm',
        ['approved'],
        async (trx, { res, ver, at }) => {
          const version = Number(ver.version);
          if (res.published_version !== null) {
            const prev = await mustVersion(trx, code, res.published_version);
            await store.updateVersion(trx, prev.id, { state: 'superseded', updated_at: at });
            await transition(trx, by, code, Number(prev.version), 'supersede', 'published', 'superseded', null, at);
          }
          if (ver.change_kind === 'withdraw') {
            await store.updateVersion(trx, ver.id, { state: 'withdrawn', updated_at: at, comment: c });
            await store.updateResource(trx, code, { status: 'withdrawn', published_version: null, working_version: null, updated_at: at });
            await store.syncPublished(trx, code);
            await deleteDocument(trx, db.dialect, CATALOG_SEARCH_INDEX, code);
            catalogChanged();
            return { to: 'withdrawn' };
          }
          await store.updateVersion(trx, ver.id, { state: 'published', published_at: at, updated_at: at, comment: c });
          await store.updateResource(trx, code, { published_version: version, working_version: null, updated_at: at });
          await store.syncPublished(trx, code);
          await indexPublished(trx, await currentResource(trx, code, version));
          catalogChanged();
          return { to: 'published', detail: { supersedes: res.published_version } };
        },
        c,
      );
    },

    async discard(by, code, comment) {
      const c = cleanComment(comment);
      return workingAction(
        by,
        code,
        'discard',
        // The authority may take back a proposal it made; anything else is the unit's.
        (state) => (state === 'proposed' && can(by, 'proposal.discard', {}, settings()) ? 'proposal.discard' : 'resource.discard'),
        ['proposed', 'draft', 'returned', 'approved'],
        async (trx, { ver, at }) => {
          await store.updateVersion(trx, ver.id, { state: 'discarded', updated_at: at, comment: c });
          await store.updateResource(trx, code, { working_version: null, updated_at: at });
          return { to: 'discarded' };
        },
        c,
      );
    },

    async startChange(by, code, comment) {
      return newVersionAction(by, code, 'start-change', cleanComment(comment));
    },

    async withdraw(by, code, comment) {
      return newVersionAction(by, code, 'withdraw', cleanComment(comment));
    },

    async act(by, code, action, comment) {
      switch (action) {
        case 'submit':
          return service.submit(by, code, comment);
        case 'approve':
          return service.approve(by, code, comment);
        case 'return':
          return service.returnToUnit(by, code, comment ?? '');
        case 'confirm':
          return service.confirm(by, code, comment);
        case 'discard':
          return service.discard(by, code, comment);
        case 'start-change':
          return service.startChange(by, code, comment);
        case 'withdraw':
          return service.withdraw(by, code, comment);
        default:
          throw new AppError(404, 'not_found', 'error.not_found', { what: String(action) });
      }
    },

    async propose(by, input) {
      await authorize(by, 'resource.propose', { providerUnitId: input.unitId }, { type: 'catalog_resource', id: null, name: 'catalog.resource.propose' });
      const c = cleanComment(input.comment);
      const name = (input.name ?? '').trim();
      if (!name) throw fieldProblem(400, 'name_required', 'catalog.validation.name_required', 'body.name');
      if (name.length > LIMITS.nameMax) throw fieldProblem(400, 'too_long', 'catalog.validation.too_long', 'body.name', { field: 'name', max: LIMITS.nameMax });
      if (!(await store.existing(k, { unitIds: [input.unitId], classificationIds: [], elementCodes: [] })).units.has(input.unitId))
        throw fieldProblem(400, 'unit_not_found', 'catalog.validation.unit_not_found', 'body.unitId', { id: input.unitId });
      let classificationId = input.classificationId;
      if (classificationId) {
        if (!(await store.findClassification(k, classificationId)))
          throw fieldProblem(400, 'classification_not_found', 'catalog.validation.classification_not_found', 'body.classificationId', { id: classificationId });
      } else {
        const roots = await store.listClassifications(k, { kind: 'department' });
        const all = roots.length ? roots : await store.listClassifications(k);
        if (!all.length) throw fieldProblem(400, 'classification_required', 'catalog.validation.classification_required', 'body.classificationId');
        classificationId = all[0]!.id;
      }
      // Placeholder metadata the unit's steward completes; it only has to be valid at submission.
      const draft: ResourceInput = {
        name,
        abstract: (input.abstract ?? '').slice(0, LIMITS.abstractMax),
        classificationId,
        layer: 'specialized',
        format: 'database',
        sharingType: 'mandatory',
        updateCycle: 'irregular',
        sharingScope: { all: true, unitIds: [] },
      };
      return audit.transact(async (trx) => {
        const at = now();
        const code = await insertNew(trx, by, input.unitId, draft, 'proposed', at, { comment: c, action: 'propose' });
        const value = await currentResource(trx, code, 1);
        return { value, events: [event(by, 'catalog.resource.propose', 'catalog_resource', code, { version: 1, to: 'proposed', name, providerUnitId: input.unitId, comment: c })] };
      });
    },

    async bulkSubmit(by, unitId, inputs, comment) {
      await authorize(by, 'resource.bulk', { providerUnitId: unitId }, { type: 'catalog_resource', id: null, name: 'catalog.resource.bulk' });
      const c = cleanComment(comment);
      if (!inputs.length) throw fieldProblem(400, 'bulk_empty', 'catalog.bulk.empty', 'body.resources');
      if (inputs.length > LIMITS.bulkMax) throw fieldProblem(400, 'bulk_too_many', 'catalog.bulk.too_many', 'body.resources', { max: LIMITS.bulkMax });
      if (!(await store.existing(k, { unitIds: [unitId], classificationIds: [], elementCodes: [] })).units.has(unitId))
        throw new AppError(400, 'provider_not_found', 'catalog.resource.provider_not_found', { id: unitId });
      await validateOrThrow(inputs, (i) => `body.resources.${i}.`);
      return audit.transact(async (trx) => {
        const at = now();
        const codes: string[] = [];
        for (const input of inputs) codes.push(await insertNew(trx, by, unitId, input, 'submitted', at, { comment: c, action: 'bulk-submit' }));
        const value: Resource[] = [];
        for (const code of codes) value.push(await currentResource(trx, code, 1));
        return {
          value,
          events: codes.map((code) => event(by, 'catalog.resource.submit', 'catalog_resource', code, { version: 1, from: null, to: 'submitted', bulk: true, count: codes.length, comment: c })),
        };
      });
    },

    async importResources(by, rows, opts) {
      // The authority imports any unit's resources; a steward only their own unit's, for review.
      const providers = [...new Set(rows.map((r) => r.providerUnitId))];
      const ownList = !opts.publish && providers.length > 0 && providers.every((u) => can(by, 'resource.bulk', { providerUnitId: u }, settings()));
      if (!ownList) await authorize(by, 'import', {}, { type: 'catalog_resource', id: null, name: 'catalog.resource.import' });
      const inputs = rows.map((r) => r.input);
      const ctx = await validationContext(inputs);
      const providerIds = new Set((await store.existing(k, { unitIds: rows.map((r) => r.providerUnitId), classificationIds: [], elementCodes: [] })).units);
      const issues: { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> }[] = [];
      const existingCodes = new Map<string, store.ResourceRow>();
      for (const [i, r] of rows.entries()) {
        issues.push(...prefixIssues(validateResourceInput(r.input, ctx), `rows.${i}.`));
        if (!providerIds.has(r.providerUnitId)) issues.push({ field: `rows.${i}.providerUnitId`, code: 'unit_not_found', messageKey: 'catalog.validation.unit_not_found', params: { id: r.providerUnitId } });
        if (r.code) {
          const res = await store.findResource(k, r.code);
          if (!res) issues.push({ field: `rows.${i}.code`, code: 'not_found', messageKey: 'catalog.resource.not_found', params: { code: r.code } });
          else if (res.provider_unit_id !== r.providerUnitId)
            issues.push({ field: `rows.${i}.providerUnitId`, code: 'provider_mismatch', messageKey: 'catalog.resource.forbidden', params: { code: r.code } });
          else if (res.working_version !== null)
            issues.push({ field: `rows.${i}.code`, code: 'change_in_progress', messageKey: 'catalog.import.change_in_progress', params: { code: r.code, version: Number(res.working_version) } });
          else if (res.status === 'withdrawn') issues.push({ field: `rows.${i}.code`, code: 'withdrawn', messageKey: 'catalog.resource.withdrawn', params: { code: r.code } });
          else existingCodes.set(r.code, res);
        }
      }
      const dup = new Set<string>();
      rows.forEach((r, i) => {
        if (!r.code) return;
        if (dup.has(r.code)) issues.push({ field: `rows.${i}.code`, code: 'duplicate_value', messageKey: 'catalog.validation.duplicate_value', params: { field: 'code' } });
        dup.add(r.code);
      });
      if (issues.length) throw invalid(issues);
      const created = rows.filter((r) => !r.code).length;
      const updated = rows.length - created;
      if (opts.dryRun) return { created, updated, codes: rows.map((r) => r.code ?? '') };
      const state: VersionState = opts.publish ? 'published' : 'submitted';
      return audit.transact(async (trx) => {
        const at = now();
        const codes: string[] = [];
        const events: AuditInput[] = [];
        const toIndex: Resource[] = [];
        for (const r of rows) {
          if (!r.code) {
            const code = await insertNew(trx, by, r.providerUnitId, r.input, state, at, { comment: null, action: 'import' });
            codes.push(code);
            events.push(event(by, 'catalog.resource.import', 'catalog_resource', code, { version: 1, to: state }));
            if (opts.publish) toIndex.push(await currentResource(trx, code, 1));
            continue;
          }
          const res = await store.lockResource(trx, r.code, db.dialect);
          if (!res || res.working_version !== null || res.status === 'withdrawn') throw new AppError(409, 'change_in_progress', 'catalog.import.change_in_progress', { code: r.code, version: Number(res?.working_version ?? 0) });
          const version = Number(res.latest_version) + 1;
          const { content, items } = contentRows(r.input);
          await store.insertVersion(
            trx,
            {
              ...content,
              provider_unit_id: res.provider_unit_id,
              id: randomUUID(),
              resource_code: r.code,
              version,
              state,
              change_kind: 'update',
              created_at: at,
              updated_at: at,
              submitted_at: at,
              published_at: opts.publish ? at : null,
              comment: null,
              created_by: by.actorName,
            },
            items,
          );
          if (opts.publish && res.published_version !== null) {
            const prev = await mustVersion(trx, r.code, res.published_version);
            await store.updateVersion(trx, prev.id, { state: 'superseded', updated_at: at });
            await transition(trx, by, r.code, Number(prev.version), 'supersede', 'published', 'superseded', null, at);
          }
          await store.updateResource(trx, r.code, {
            latest_version: version,
            ...(opts.publish ? { published_version: version } : { working_version: version }),
            updated_at: at,
          });
          await transition(trx, by, r.code, version, 'import', null, state, null, at);
          codes.push(r.code);
          events.push(event(by, 'catalog.resource.import', 'catalog_resource', r.code, { version, to: state }));
          if (opts.publish) toIndex.push(await currentResource(trx, r.code, version));
        }
        if (toIndex.length) {
          for (const r of toIndex) await store.syncPublished(trx, r.code);
          await upsertDocuments(trx, db.dialect, CATALOG_SEARCH_INDEX, toIndex.map((r) => ({ docId: r.code, fields: searchFields(r) })));
          catalogChanged();
        }
        return { value: { created, updated, codes }, events };
      });
    },

    // ------------------------------------------------------------ reads

    async published(code) {
      const res = await store.findResource(k, code);
      if (!res || res.published_version === null) return null;
      const row = await store.findVersion(k, code, res.published_version);
      return row ? loadResource(k, row) : null;
    },

    async getResource(by, code, version) {
      const res = await store.findResource(k, code);
      if (!res) {
        await requireRead(by, 'catalog_resource');
        throw resourceNotFound(code);
      }
      const canDraft = can(by, 'resource.read_draft', { providerUnitId: res.provider_unit_id }, settings());
      let row: store.VersionRow;
      if (version !== undefined) row = await readVersion(by, code, version);
      else {
        let v: number | null = res.published_version;
        if (v === null && res.status === 'withdrawn') v = Number(res.latest_version);
        if (v === null && canDraft) v = res.working_version ?? Number(res.latest_version);
        if (v === null) {
          await requireRead(by, 'catalog_resource');
          // Nothing public yet: to everyone but the unit and the authority it does not exist.
          throw resourceNotFound(code);
        }
        row = await readVersion(by, code, v);
      }
      const resource = await loadResource(k, row);
      const versions = (await store.listVersionInfos(k, code)).filter((v) => canDraft || PUBLIC_STATES.includes(v.state));
      return { ...resource, versions, duplicateItems: await duplicateWarnings(k, resource) };
    },

    async timeline(by, code) {
      const res = await store.findResource(k, code);
      if (!res) {
        await requireRead(by, 'catalog_resource');
        throw resourceNotFound(code);
      }
      const canDraft = can(by, 'resource.read_draft', { providerUnitId: res.provider_unit_id }, settings());
      if (!canDraft) await requireRead(by, 'catalog_resource');
      const entries = (await store.listTransitions(k, code)).map(store.toTimelineEntry);
      if (canDraft) return entries;
      const publicVersions = new Set((await store.listVersionInfos(k, code)).filter((v) => PUBLIC_STATES.includes(v.state)).map((v) => v.version));
      if (!publicVersions.size) throw resourceNotFound(code);
      return entries.filter((e) => publicVersions.has(e.version));
    },

    async diff(by, code, from, to) {
      const a = await readVersion(by, code, from);
      const b = await readVersion(by, code, to);
      return diffResources(await loadResource(k, a), await loadResource(k, b));
    },

    async listMine(by, filter = {}) {
      await authorize(by, 'mine.read', {}, { type: 'catalog_resource', id: null, name: 'catalog.mine.read' });
      const page = await store.listMine(k, by.unitId!, filter);
      return { items: page.items.map((r) => store.toSummary(r)), total: page.total };
    },

    async reviewQueue(by, filter = {}) {
      await authorize(by, 'review.read', {}, { type: 'catalog_resource', id: null, name: 'catalog.review.read' });
      const page = await store.listByState(k, ['submitted'], filter);
      return { items: page.items.map((r) => store.toSummary(r)), total: page.total };
    },

    async search(by, query) {
      await requireRead(by, 'catalog_resource');
      const f = await resolveFilter(query);
      const page = await store.searchPublishedPage(k, db.dialect, CATALOG_SEARCH_INDEX, { ...f, limit: query.limit, offset: query.offset, sort: query.sort, order: query.order });
      const rows = await store.findVersionsByIds(k, page.versionIds);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const q = query.q ?? '';
      const items = page.versionIds
        .map((id) => byId.get(id))
        .filter((r): r is store.VersionRow => !!r)
        .map((r) => {
          const hl: ResourceSummary['highlight'] = {};
          if (q.trim()) {
            const name = highlight(r.name, q);
            if (name.includes('<mark>')) hl.name = name;
            const abs = highlight(r.abstract, q, { maxLength: 160 });
            if (abs.includes('<mark>')) hl.abstract = abs;
          }
          return store.toSummary(r, hl);
        });
      const facets = query.facets === false ? emptyFacets() : await facetsFor(f);
      return { items, total: page.total, facets };
    },

    publishedBatches(by, query, batchSize = 500) {
      return {
        async *[Symbol.asyncIterator]() {
          await requireRead(by, 'catalog_resource');
          const f = await resolveFilter(query);
          let after: string | null = null;
          for (;;) {
            const ids = await store.publishedAfter(k, db.dialect, CATALOG_SEARCH_INDEX, f, after, batchSize);
            if (!ids.length) return;
            const rows = await store.findVersionsByIds(k, ids);
            rows.sort((a, b) => (a.resource_code < b.resource_code ? -1 : a.resource_code > b.resource_code ? 1 : 0));
            const items = await store.loadItems(
              k,
              rows.map((r) => r.id),
            );
            yield rows.map((r) => store.toResource(r, items.get(r.id) ?? []));
            after = rows[rows.length - 1]!.resource_code;
            if (ids.length < batchSize) return;
          }
        },
      };
    },

    async duplicates(by, filter = {}) {
      await authorize(by, 'report.read', {}, { type: 'catalog_report', id: 'duplicates', name: 'catalog.report.read' });
      const rows = await store.listDuplicates(k, filter);
      const auth = await store.authoritativeResources(
        k,
        rows.map((r) => r.element_code),
      );
      return rows.map((r) => ({
        elementCode: r.element_code,
        elementName: r.element_name,
        authoritativeUnitId: r.authoritative_unit_id,
        authoritativeUnitName: r.authoritative_unit_name ?? '',
        authoritativeResource: auth.get(r.element_code) ?? null,
        unitId: r.unit_id,
        unitName: r.unit_name ?? '',
        resourceCode: r.resource_code,
        resourceName: r.resource_name,
        itemCode: r.item_code,
        itemName: r.item_name,
      }));
    },

    async exchangeCatalog(by, query = {}) {
      await requireRead(by, 'catalog_exchange');
      const systems = await store.listConsumerSystems(k);
      let scenarios: string[] | undefined;
      if (query.consumerUnitId) scenarios = [...new Set(systems.filter((s) => s.unit_id === query.consumerUnitId).map((s) => s.scenario))];
      const page = await store.listPublishedForExchange(k, { ...query, scenarios });
      // Consumers holding an active grant (the sharing module), by resource code.
      const granted = new Map<string, { consumerUnitId: string; consumerSystemId: string | null }[]>();
      if (deps.grants) {
        for (const v of page.items) {
          const list = (await deps.grants.listGrants({ resourceCode: v.resource_code, state: 'active' })).filter((g) => !query.consumerUnitId || g.consumerUnitId === query.consumerUnitId);
          if (list.length) granted.set(v.resource_code, list);
        }
      }
      const grantUnitNames = await store.unitNames(k, [...new Set([...granted.values()].flat().map((g) => g.consumerUnitId))]);
      const systemById = new Map(systems.map((x) => [x.id, x]));
      const items: ExchangeEntry[] = page.items.map((v) => {
        const r = store.toResource(v, []);
        const wanted = new Set(r.scenarios);
        return {
          code: r.code,
          name: r.name,
          providerUnitId: r.providerUnitId,
          providerUnitName: r.providerUnitName,
          layer: r.layer,
          sourceSystem: r.sourceSystem,
          targetDatabase: r.targetDatabase,
          sharingType: r.sharingType,
          sharingMethods: r.sharingMethods,
          updateCycle: r.updateCycle,
          consumers: [
            ...systems
              .filter((s) => wanted.has(s.scenario) && (!query.consumerUnitId || s.unit_id === query.consumerUnitId))
              .map((s) => ({ unitId: s.unit_id, unitName: s.unit_name ?? '', systemId: s.id, systemName: s.name, via: 'scenario' as const })),
            ...(granted.get(r.code) ?? []).map((g) => ({
              unitId: g.consumerUnitId,
              unitName: grantUnitNames.get(g.consumerUnitId) ?? '',
              systemId: g.consumerSystemId,
              systemName: g.consumerSystemId ? (systemById.get(g.consumerSystemId)?.name ?? null) : null,
              via: 'grant' as const,
            })),
          ],
        };
      });
      return { items, total: page.total };
    },

    async collectionCatalog(by, query = {}) {
      await requireRead(by, 'catalog_collection');
      const rows = await store.listCollection(k, query);
      const byUnit = new Map<string, CollectionEntry>();
      for (const r of rows) {
        let entry = byUnit.get(r.unit_id);
        if (!entry) byUnit.set(r.unit_id, (entry = { unitId: r.unit_id, unitName: r.unit_name ?? '', elements: [] }));
        let el = entry.elements.find((e) => e.elementCode === r.element_code);
        if (!el) {
          el = { elementCode: r.element_code, elementName: r.element_name, authoritative: r.authoritative_unit_id === r.unit_id, resources: [] };
          entry.elements.push(el);
        }
        el.resources.push({ code: r.resource_code, name: r.resource_name, itemCode: r.item_code, itemName: r.item_name });
      }
      return [...byUnit.values()];
    },

    validationContext: (inputs) => validationContext(inputs),

    async reindex() {
      let n = 0;
      await db.kysely.transaction().execute(async (trx) => {
        await store.rebuildPublished(trx);
        await clearIndex(trx, db.dialect, CATALOG_SEARCH_INDEX);
        let after: string | null = null;
        for (;;) {
          const batch = await store.publishedVersionIds(trx, after, 500);
          if (!batch.length) break;
          const rows = await store.findVersionsByIds(
            trx,
            batch.map((b) => b.id),
          );
          const items = await store.loadItems(
            trx,
            rows.map((r) => r.id),
          );
          const docs = rows.map((r) => {
            const res = store.toResource(r, items.get(r.id) ?? []);
            return { docId: res.code, fields: searchFields(res) };
          });
          await upsertDocuments(trx, db.dialect, CATALOG_SEARCH_INDEX, docs);
          n += docs.length;
          after = batch[batch.length - 1]!.code;
        }
      });
      catalogChanged();
      return n;
    },
  };
  return service;
}
