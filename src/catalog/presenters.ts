import type { Lang } from '../core/i18n.js';
import {
  LAYER_LABELS,
  RESOURCE_FORMAT_LABELS,
  SHARING_TYPE_LABELS,
  UPDATE_CYCLE_LABELS,
  type Classification,
  type CollectionEntry,
  type DataElement,
  type DataItem,
  type DiffResult,
  type DuplicateEntry,
  type ExchangeEntry,
  type FacetBucket,
  type Label,
  type Resource,
  type ResourceDetail,
  type ResourceSummary,
  type SearchResult,
  type TimelineEntry,
} from './model.js';

/**
 * The service's objects → API objects. Each presenter lists the fields it returns, so an
 * internal field never reaches a client by accident.
 */

export function presentDataItem(d: DataItem) {
  return {
    seq: d.seq,
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
  };
}

export function presentResource(r: Resource) {
  return {
    code: r.code,
    version: r.version,
    state: r.state,
    changeKind: r.changeKind,
    name: r.name,
    abstract: r.abstract,
    providerUnitId: r.providerUnitId,
    providerUnitName: r.providerUnitName,
    providerDepartment: r.providerDepartment,
    classificationId: r.classificationId,
    classificationCode: r.classificationCode,
    classificationName: r.classificationName,
    layer: r.layer,
    format: r.format,
    storageFormat: r.storageFormat,
    secrecyLevel: r.secrecyLevel,
    dataGrade: r.dataGrade,
    sharingType: r.sharingType,
    sharingConditions: r.sharingConditions,
    sharingScope: { all: r.sharingScope.all, unitIds: [...r.sharingScope.unitIds] },
    legalBasis: r.legalBasis,
    sharingMethods: r.sharingMethods,
    openAttribute: r.openAttribute,
    updateCycle: r.updateCycle,
    updateTimeLimitDays: r.updateTimeLimitDays,
    publishedAt: r.publishedAt,
    relatedCodes: r.relatedCodes,
    keywords: r.keywords,
    scenarios: r.scenarios,
    sourceSystem: r.sourceSystem,
    targetDatabase: r.targetDatabase,
    metadataOnly: r.metadataOnly,
    dataItems: r.dataItems.map(presentDataItem),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    submittedAt: r.submittedAt,
    comment: r.comment,
  };
}

export function presentDetail(r: ResourceDetail) {
  return {
    ...presentResource(r),
    versions: r.versions.map((v) => ({ version: v.version, state: v.state, changeKind: v.changeKind, updatedAt: v.updatedAt })),
    duplicateItems: r.duplicateItems.map((d) => ({ ...d })),
  };
}

/** What a write returns: the version just changed, with the versions the caller may see. */
export function presentWritten(r: Resource) {
  return { ...presentResource(r), versions: [{ version: r.version, state: r.state, changeKind: r.changeKind, updatedAt: r.updatedAt }], duplicateItems: [] };
}

export function presentSummary(s: ResourceSummary) {
  return {
    code: s.code,
    version: s.version,
    state: s.state,
    changeKind: s.changeKind,
    name: s.name,
    abstract: s.abstract,
    providerUnitId: s.providerUnitId,
    providerUnitName: s.providerUnitName,
    classificationId: s.classificationId,
    classificationCode: s.classificationCode,
    classificationName: s.classificationName,
    layer: s.layer,
    format: s.format,
    sharingType: s.sharingType,
    secrecyLevel: s.secrecyLevel,
    updateCycle: s.updateCycle,
    publishedAt: s.publishedAt,
    submittedAt: s.submittedAt,
    updatedAt: s.updatedAt,
    keywords: s.keywords,
    highlight: { ...s.highlight },
  };
}

/** Summary of a full resource (bulk results). */
export function summaryOf(r: Resource): ResourceSummary {
  return {
    code: r.code,
    version: r.version,
    state: r.state,
    changeKind: r.changeKind,
    name: r.name,
    abstract: r.abstract,
    providerUnitId: r.providerUnitId,
    providerUnitName: r.providerUnitName,
    classificationId: r.classificationId,
    classificationCode: r.classificationCode,
    classificationName: r.classificationName,
    layer: r.layer,
    format: r.format,
    sharingType: r.sharingType,
    secrecyLevel: r.secrecyLevel,
    updateCycle: r.updateCycle,
    publishedAt: r.publishedAt,
    submittedAt: r.submittedAt,
    updatedAt: r.updatedAt,
    keywords: r.keywords,
    highlight: {},
  };
}

function labelled(list: FacetBucket[], labels: Record<string, Label>, lang: Lang): FacetBucket[] {
  return list.map((b) => ({ value: b.value, label: labels[b.value] ? (lang === 'en' ? labels[b.value]!.en : labels[b.value]!.zh) : b.label, count: b.count }));
}

export function presentSearchResult(r: SearchResult, lang: Lang) {
  return {
    items: r.items.map(presentSummary),
    total: r.total,
    facets: {
      provider: r.facets.provider.map((b) => ({ ...b })),
      layer: labelled(r.facets.layer, LAYER_LABELS, lang),
      sharingType: labelled(r.facets.sharingType, SHARING_TYPE_LABELS, lang),
      format: labelled(r.facets.format, RESOURCE_FORMAT_LABELS, lang),
      updateCycle: labelled(r.facets.updateCycle, UPDATE_CYCLE_LABELS, lang),
      classification: r.facets.classification.map((b) => ({ ...b })),
    },
  };
}

export function presentTimeline(t: TimelineEntry) {
  return { at: t.at, action: t.action, fromState: t.fromState, toState: t.toState, actorName: t.actorName, unitName: t.unitName, comment: t.comment, version: t.version };
}

export function presentDiff(d: DiffResult) {
  return {
    changes: d.changes.map((c) => ({ field: c.field, from: c.from ?? null, to: c.to ?? null })),
    dataItems: {
      added: d.dataItems.added.map(presentDataItem),
      removed: d.dataItems.removed.map(presentDataItem),
      changed: d.dataItems.changed.map((c) => ({ code: c.code, field: c.field, from: c.from ?? null, to: c.to ?? null })),
    },
  };
}

export function presentClassification(c: Classification) {
  return { id: c.id, kind: c.kind, code: c.code, name: c.name, parentId: c.parentId, level: c.level, description: c.description, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

export function presentElement(e: DataElement) {
  return {
    code: e.code,
    name: e.name,
    definition: e.definition,
    dataType: e.dataType,
    length: e.length,
    authoritativeUnitId: e.authoritativeUnitId,
    authoritativeUnitName: e.authoritativeUnitName,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function presentDuplicate(d: DuplicateEntry) {
  return { ...d, authoritativeResource: d.authoritativeResource ? { ...d.authoritativeResource } : null };
}

export function presentExchange(e: ExchangeEntry) {
  return {
    code: e.code,
    name: e.name,
    providerUnitId: e.providerUnitId,
    providerUnitName: e.providerUnitName,
    layer: e.layer,
    sourceSystem: e.sourceSystem,
    targetDatabase: e.targetDatabase,
    sharingType: e.sharingType,
    sharingMethods: e.sharingMethods,
    updateCycle: e.updateCycle,
    consumers: e.consumers.map((c) => ({ ...c })),
  };
}

export function presentCollection(c: CollectionEntry) {
  return {
    unitId: c.unitId,
    unitName: c.unitName,
    elements: c.elements.map((e) => ({ elementCode: e.elementCode, elementName: e.elementName, authoritative: e.authoritative, resources: e.resources.map((r) => ({ ...r })) })),
  };
}
