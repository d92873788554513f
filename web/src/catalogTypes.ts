/** Types of the catalog API (/api/v1/catalog/…) as the portal sees them (mirrors src/catalog/model.ts and schema.ts). */

export const LAYERS = ['base', 'platform', 'specialized', 'node'] as const;
export type Layer = (typeof LAYERS)[number];

export const CLASSIFICATION_KINDS = ['basic', 'theme', 'department'] as const;
export type ClassificationKind = (typeof CLASSIFICATION_KINDS)[number];

export const RESOURCE_FORMATS = ['file', 'spreadsheet', 'database', 'image', 'stream', 'self_describing', 'service'] as const;
export type ResourceFormat = (typeof RESOURCE_FORMATS)[number];

/** Only tabular resources have data items (they become a dataset later). */
export const TABULAR_FORMATS: readonly ResourceFormat[] = ['spreadsheet', 'database'];

export const SHARING_TYPES = ['mandatory', 'restricted', 'none'] as const;
export type SharingType = (typeof SHARING_TYPES)[number];

export const SECRECY_LEVELS = ['public', 'internal', 'secret_classified'] as const;
export type SecrecyLevel = (typeof SECRECY_LEVELS)[number];

export const DATA_GRADES = ['general', 'important', 'core'] as const;
export type DataGrade = (typeof DATA_GRADES)[number];

export const SHARING_METHODS = ['online_query', 'batch_exchange', 'file_download', 'subscription'] as const;
export type SharingMethod = (typeof SHARING_METHODS)[number];

export const OPEN_ATTRIBUTES = ['open', 'conditional', 'closed'] as const;
export type OpenAttribute = (typeof OPEN_ATTRIBUTES)[number];

export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'irregular'] as const;
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];

export const DATA_TYPES = ['C', 'N', 'Y', 'D', 'T', 'L', 'M', 'B', 'I', 'F'] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** Which length/precision inputs a data type takes (the server enforces the same rule). */
export function dataTypeSizing(type: DataType | undefined): { length: boolean; precision: boolean } {
  if (type === 'C') return { length: true, precision: false };
  if (type === 'N' || type === 'Y') return { length: true, precision: true };
  return { length: false, precision: false };
}

export const SENSITIVITIES = ['none', 'privacy', 'business_secret', 'state_secret'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const MASKING_RULES = ['none', 'id_card', 'phone', 'name', 'address', 'bank_account', 'custom'] as const;
export type MaskingRule = (typeof MASKING_RULES)[number];

export const VERSION_STATES = ['proposed', 'draft', 'submitted', 'returned', 'approved', 'published', 'superseded', 'withdrawn', 'discarded'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const CHANGE_KINDS = ['create', 'update', 'withdraw'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const WORKFLOW_ACTIONS = ['submit', 'approve', 'return', 'confirm', 'discard', 'start-change', 'withdraw'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export interface CodeSetEntry {
  value: string;
  label: string;
}

export interface MaskingCustom {
  keepStart: number;
  keepEnd: number;
  maskChar: string;
}

export interface DataItem {
  seq: number;
  name: string;
  code: string;
  dataType: DataType;
  length: number | null;
  precision: number | null;
  required: boolean;
  isKey: boolean;
  description: string;
  codeSet: CodeSetEntry[] | null;
  sensitivity: Sensitivity;
  masking: MaskingRule;
  maskingCustom?: MaskingCustom | null;
  /** Standard data element this item represents (one data, one source, R6). */
  elementCode: string | null;
}

export interface SharingScope {
  /** true: every unit may request it; false: only the designated unitIds. */
  all: boolean;
  unitIds: string[];
}

export interface VersionRef {
  version: number;
  state: VersionState;
  changeKind: ChangeKind;
  updatedAt: string;
}

export interface Resource {
  code: string;
  version: number;
  state: VersionState;
  changeKind: ChangeKind;
  name: string;
  abstract: string;
  providerUnitId: string;
  providerUnitName: string;
  providerDepartment: string;
  classificationId: string;
  classificationCode: string;
  classificationName: string;
  layer: Layer;
  format: ResourceFormat;
  storageFormat: string;
  secrecyLevel: SecrecyLevel;
  dataGrade: DataGrade;
  sharingType: SharingType;
  sharingConditions: string;
  sharingScope: SharingScope;
  legalBasis: string;
  sharingMethods: SharingMethod[];
  openAttribute: OpenAttribute;
  updateCycle: UpdateCycle;
  updateTimeLimitDays: number;
  publishedAt: string | null;
  relatedCodes: string[];
  keywords: string[];
  scenarios: string[];
  sourceSystem: string;
  targetDatabase: string;
  metadataOnly: boolean;
  dataItems: DataItem[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  comment: string | null;
}

/** A data item of this version mapped to an element another unit is authoritative for (R6). */
export interface DuplicateItemWarning {
  itemCode: string;
  itemName: string;
  elementCode: string;
  elementName: string;
  authoritativeUnitId: string;
  authoritativeUnitName: string;
  /** The authoritative unit's published resource holding that element, to use instead. */
  authoritativeResource: { code: string; name: string } | null;
}

export interface ResourceDetail extends Resource {
  /** The versions the caller may see (published/superseded/withdrawn for everyone; the rest for the unit and the authority). */
  versions: VersionRef[];
  /** One data, one source: items that duplicate another unit's authoritative collection. */
  duplicateItems: DuplicateItemWarning[];
}

/** What a steward sends to create or replace a draft. */
export interface ResourceInput {
  name: string;
  abstract: string;
  providerDepartment: string;
  classificationId: string;
  layer: Layer;
  format: ResourceFormat;
  storageFormat: string;
  secrecyLevel: SecrecyLevel;
  dataGrade: DataGrade;
  sharingType: SharingType;
  sharingConditions: string;
  sharingScope: { all: boolean; unitIds: string[] };
  legalBasis: string;
  sharingMethods: SharingMethod[];
  openAttribute: OpenAttribute;
  updateCycle: UpdateCycle;
  updateTimeLimitDays: number;
  relatedCodes: string[];
  keywords: string[];
  scenarios: string[];
  sourceSystem: string;
  targetDatabase: string;
  dataItems: DataItemInput[];
}

export interface DataItemInput {
  name: string;
  code: string;
  dataType: DataType;
  length?: number | null;
  precision?: number | null;
  required: boolean;
  isKey: boolean;
  description: string;
  codeSet: CodeSetEntry[] | null;
  sensitivity: Sensitivity;
  masking?: MaskingRule;
  maskingCustom?: MaskingCustom | null;
  elementCode: string | null;
}

/** A search hit / list row. */
export interface ResourceSummary {
  code: string;
  version: number;
  state: VersionState;
  changeKind: ChangeKind;
  name: string;
  abstract: string;
  providerUnitId: string;
  providerUnitName: string;
  classificationId: string;
  classificationCode: string;
  classificationName: string;
  layer: Layer;
  format: ResourceFormat;
  sharingType: SharingType;
  secrecyLevel: SecrecyLevel;
  updateCycle: UpdateCycle;
  publishedAt: string | null;
  submittedAt: string | null;
  updatedAt: string;
  keywords: string[];
  /** Fragments with <mark>…</mark> around the matched text (search only). */
  highlight: { name?: string; abstract?: string };
}

export interface FacetBucket {
  value: string;
  label: string;
  count: number;
}

export const FACETS = ['provider', 'layer', 'sharingType', 'format', 'updateCycle', 'classification'] as const;
export type FacetName = (typeof FACETS)[number];

export interface SearchResult {
  items: ResourceSummary[];
  total: number;
  facets: Record<FacetName, FacetBucket[]>;
}

export const SORTS = ['relevance', 'name', 'publishedAt', 'updatedAt'] as const;
export type SortKey = (typeof SORTS)[number];

export interface TimelineEntry {
  at: string;
  action: string;
  fromState: VersionState | null;
  toState: VersionState;
  actorName: string;
  unitName: string | null;
  comment: string | null;
  version: number;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ItemChange {
  code: string;
  field: string;
  from: unknown;
  to: unknown;
}

export interface ResourceDiff {
  changes: FieldChange[];
  dataItems: { added: DataItem[]; removed: DataItem[]; changed: ItemChange[] };
}

/** One row of "my unit's resources" or of the review queue: a resource at its working version. */
export type WorkItem = ResourceSummary & {
  /** The last workflow comment; filled in by the page for returned rows when the list omits it. */
  comment?: string | null;
};

export interface Classification {
  id: string;
  kind: ClassificationKind;
  code: string;
  name: string;
  parentId: string | null;
  level: 1 | 2 | 3 | 4;
  description: string;
  createdAt: string;
  updatedAt: string;
}

/** A standard data element with its authoritative collecting unit (R6). */
export interface DataElement {
  code: string;
  name: string;
  definition: string;
  dataType: DataType;
  length: number | null;
  authoritativeUnitId: string;
  authoritativeUnitName: string;
  createdAt: string;
  updatedAt: string;
}

/** One duplicate collection: a unit's data item maps to an element another unit is authoritative for. */
export interface DuplicateEntry {
  elementCode: string;
  elementName: string;
  authoritativeUnitId: string;
  authoritativeUnitName: string;
  /** The authoritative unit's published resource holding that element, if any. */
  authoritativeResource: { code: string; name: string } | null;
  unitId: string;
  unitName: string;
  resourceCode: string;
  resourceName: string;
  itemCode: string;
  itemName: string;
}

export interface ExchangeConsumer {
  unitId: string;
  unitName: string;
  systemId: string | null;
  systemName: string | null;
  via: 'scenario' | 'grant';
}

export interface ExchangeEntry {
  code: string;
  name: string;
  providerUnitId: string;
  providerUnitName: string;
  layer: Layer;
  sourceSystem: string;
  targetDatabase: string;
  sharingType: SharingType;
  sharingMethods: SharingMethod[];
  updateCycle: UpdateCycle;
  consumers: ExchangeConsumer[];
}

export interface CollectionElement {
  elementCode: string;
  elementName: string;
  authoritative: boolean;
  resources: { code: string; name: string; itemCode: string; itemName: string }[];
}

export interface CollectionEntry {
  unitId: string;
  unitName: string;
  elements: CollectionElement[];
}
