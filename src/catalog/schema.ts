import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../org/schema.js';
import {
  CHANGE_KINDS,
  CLASSIFICATION_KINDS,
  DATA_GRADES,
  DATA_TYPES,
  LAYERS,
  LIMITS,
  MASKING_RULES,
  OPEN_ATTRIBUTES,
  RESOURCE_ACTIONS,
  RESOURCE_FORMATS,
  SEARCH_SORTS,
  SECRECY_LEVELS,
  SENSITIVITIES,
  SHARING_METHODS,
  SHARING_TYPES,
  UPDATE_CYCLES,
  VERSION_STATES,
  type Label,
} from './model.js';
import {
  CHANGE_KIND_LABELS,
  CLASSIFICATION_KIND_LABELS,
  DATA_GRADE_LABELS,
  DATA_TYPE_LABELS,
  LAYER_LABELS,
  MASKING_RULE_LABELS,
  OPEN_ATTRIBUTE_LABELS,
  RESOURCE_FORMAT_LABELS,
  SECRECY_LEVEL_LABELS,
  SENSITIVITY_LABELS,
  SHARING_METHOD_LABELS,
  SHARING_TYPE_LABELS,
  UPDATE_CYCLE_LABELS,
  VERSION_STATE_LABELS,
} from './model.js';

/** The catalog API contract (/api/v1/catalog/…): requests, responses, OpenAPI. */

export { Problem, problems };

/** "value 中文 | value 中文" for an enum's OpenAPI description. */
function describe<T extends string>(values: readonly T[], labels: Record<T, Label>): string {
  return values.map((v) => `${v} ${labels[v].zh}`).join(' | ');
}

/** One `enum` keyword (not anyOf of consts) so a bad value gives one clear field error. */
const StringEnum = <T extends string>(values: readonly T[], labels?: Record<T, Label>) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(labels ? { description: describe(values, labels) } : {}) });

/** Null first: Ajv's type coercion must not turn a null into "" by trying the string branch first. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);

const Time = Type.String({ description: 'ISO-8601 UTC timestamp' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 50 });
const Offset = Type.Integer({ minimum: 0, default: 0 });

export const LayerSchema = StringEnum(LAYERS, LAYER_LABELS);
export const KindSchema = StringEnum(CLASSIFICATION_KINDS, CLASSIFICATION_KIND_LABELS);
export const FormatSchema = StringEnum(RESOURCE_FORMATS, RESOURCE_FORMAT_LABELS);
export const SharingTypeSchema = StringEnum(SHARING_TYPES, SHARING_TYPE_LABELS);
export const SecrecySchema = StringEnum(SECRECY_LEVELS, SECRECY_LEVEL_LABELS);
export const GradeSchema = StringEnum(DATA_GRADES, DATA_GRADE_LABELS);
export const MethodSchema = StringEnum(SHARING_METHODS, SHARING_METHOD_LABELS);
export const OpenSchema = StringEnum(OPEN_ATTRIBUTES, OPEN_ATTRIBUTE_LABELS);
export const CycleSchema = StringEnum(UPDATE_CYCLES, UPDATE_CYCLE_LABELS);
export const DataTypeSchema = StringEnum(DATA_TYPES, DATA_TYPE_LABELS);
export const SensitivitySchema = StringEnum(SENSITIVITIES, SENSITIVITY_LABELS);
export const MaskingSchema = StringEnum(MASKING_RULES, MASKING_RULE_LABELS);
export const StateSchema = StringEnum(VERSION_STATES, VERSION_STATE_LABELS);
export const ChangeKindSchema = StringEnum(CHANGE_KINDS, CHANGE_KIND_LABELS);

const ResourceCode = Type.String({ minLength: 1, maxLength: 64, description: '资源代码: classification code + "/" + 6-digit sequence, e.g. 101/000001 (URL-encode the slash in paths: 101%2F000001)' });

// ---- data items

export const CodeSetEntry = Type.Object({ value: Type.String({ maxLength: 200 }), label: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
export const MaskingCustom = Type.Object(
  { keepStart: Type.Integer(), keepEnd: Type.Integer(), maskChar: Type.String({ maxLength: 4 }) },
  { additionalProperties: false, description: 'custom masking: keep the first keepStart and last keepEnd characters, mask the rest with maskChar' },
);

export const DataItemInput = Type.Object(
  {
    name: Type.String({ maxLength: LIMITS.nameMax }),
    code: Type.String({ maxLength: 64, description: '^[a-z][a-z0-9_]{0,62}$, unique within the resource' }),
    dataType: DataTypeSchema,
    length: Type.Optional(Nullable(Type.Integer({ description: 'C: 1..4000; N/Y: 1..38; others: none' }))),
    precision: Type.Optional(Nullable(Type.Integer({ description: 'N/Y: 0..length' }))),
    required: Type.Optional(Type.Boolean()),
    isKey: Type.Optional(Type.Boolean({ description: 'Part of the record identifier; tabular resources need at least one' })),
    description: Type.Optional(Type.String({ maxLength: LIMITS.textMax })),
    codeSet: Type.Optional(Nullable(Type.Array(CodeSetEntry, { maxItems: LIMITS.codeSetMax }))),
    sensitivity: Type.Optional(SensitivitySchema),
    masking: Type.Optional(MaskingSchema),
    maskingCustom: Type.Optional(Nullable(MaskingCustom)),
    elementCode: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'Standard data element (one data, one source)' }))),
  },
  { additionalProperties: false },
);

export const DataItem = Type.Object({
  seq: Type.Integer(),
  name: Type.String(),
  code: Type.String(),
  dataType: DataTypeSchema,
  length: Nullable(Type.Integer()),
  precision: Nullable(Type.Integer()),
  required: Type.Boolean(),
  isKey: Type.Boolean(),
  description: Type.String(),
  codeSet: Nullable(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
  sensitivity: SensitivitySchema,
  masking: MaskingSchema,
  maskingCustom: Type.Optional(Nullable(Type.Object({ keepStart: Type.Integer(), keepEnd: Type.Integer(), maskChar: Type.String() }))),
  elementCode: Nullable(Type.String()),
});

// ---- resources

export const SharingScope = Type.Object(
  { all: Type.Boolean({ description: 'every unit' }), unitIds: Type.Array(Id, { maxItems: 1000, description: 'the designated units when all is false' }) },
  { additionalProperties: false },
);

export const ResourceInput = Type.Object(
  {
    name: Type.String({ maxLength: LIMITS.nameMax }),
    abstract: Type.Optional(Type.String({ maxLength: LIMITS.abstractMax })),
    providerDepartment: Type.Optional(Type.String({ maxLength: LIMITS.nameMax, description: '内设机构' })),
    classificationId: Type.String({ maxLength: 64 }),
    layer: LayerSchema,
    format: FormatSchema,
    storageFormat: Type.Optional(Type.String({ maxLength: LIMITS.nameMax, description: "free text, e.g. 'MySQL表', 'PDF', 'XLSX'" })),
    secrecyLevel: Type.Optional(SecrecySchema),
    dataGrade: Type.Optional(GradeSchema),
    sharingType: SharingTypeSchema,
    sharingConditions: Type.Optional(Type.String({ maxLength: LIMITS.textMax, description: 'required for restricted' })),
    sharingScope: Type.Optional(SharingScope),
    legalBasis: Type.Optional(Type.String({ maxLength: LIMITS.textMax, description: '法律、法规、规章、政策依据 — required for non-shared' })),
    sharingMethods: Type.Optional(Type.Array(MethodSchema, { maxItems: SHARING_METHODS.length })),
    openAttribute: Type.Optional(OpenSchema),
    updateCycle: CycleSchema,
    updateTimeLimitDays: Type.Optional(Type.Integer({ description: 'working days after the cycle ends, 0..365' })),
    relatedCodes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: LIMITS.relatedMax })),
    keywords: Type.Optional(Type.Array(Type.String({ maxLength: LIMITS.keywordMax }), { maxItems: 100 })),
    scenarios: Type.Optional(Type.Array(Type.String({ maxLength: LIMITS.keywordMax }), { maxItems: LIMITS.scenariosMax })),
    sourceSystem: Type.Optional(Type.String({ maxLength: LIMITS.nameMax })),
    targetDatabase: Type.Optional(Type.String({ maxLength: LIMITS.nameMax })),
    dataItems: Type.Optional(Type.Array(DataItemInput, { maxItems: LIMITS.dataItemsMax })),
  },
  { additionalProperties: false },
);
export type ResourceInputBody = Static<typeof ResourceInput>;

const resourceFields = {
  code: Type.String(),
  version: Type.Integer(),
  state: StateSchema,
  changeKind: ChangeKindSchema,
  name: Type.String(),
  abstract: Type.String(),
  providerUnitId: Type.String(),
  providerUnitName: Type.String(),
  providerDepartment: Type.String(),
  classificationId: Type.String(),
  classificationCode: Type.String(),
  classificationName: Type.String(),
  layer: LayerSchema,
  format: FormatSchema,
  storageFormat: Type.String(),
  secrecyLevel: SecrecySchema,
  dataGrade: GradeSchema,
  sharingType: SharingTypeSchema,
  sharingConditions: Type.String(),
  sharingScope: Type.Object({ all: Type.Boolean(), unitIds: Type.Array(Type.String()) }),
  legalBasis: Type.String(),
  sharingMethods: Type.Array(MethodSchema),
  openAttribute: OpenSchema,
  updateCycle: CycleSchema,
  updateTimeLimitDays: Type.Integer(),
  publishedAt: Nullable(Time),
  relatedCodes: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  scenarios: Type.Array(Type.String()),
  sourceSystem: Type.String(),
  targetDatabase: Type.String(),
  metadataOnly: Type.Boolean({ description: '涉密: metadata only, the platform never stores the data' }),
  dataItems: Type.Array(DataItem),
  createdAt: Time,
  updatedAt: Time,
  submittedAt: Nullable(Time),
  comment: Nullable(Type.String({ description: 'last workflow comment' })),
};

export const Resource = Type.Object(resourceFields, { description: 'One version of an information resource (信息资源)' });

export const VersionInfo = Type.Object({ version: Type.Integer(), state: StateSchema, changeKind: ChangeKindSchema, updatedAt: Time });

export const DuplicateItemWarning = Type.Object({
  itemCode: Type.String(),
  itemName: Type.String(),
  elementCode: Type.String(),
  elementName: Type.String(),
  authoritativeUnitId: Type.String(),
  authoritativeUnitName: Type.String(),
  authoritativeResource: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
});

export const ResourceDetail = Type.Object(
  {
    ...resourceFields,
    versions: Type.Array(VersionInfo),
    duplicateItems: Type.Array(DuplicateItemWarning, { description: 'items duplicating another unit\'s authoritative collection (one data, one source)' }),
  },
  { description: 'A resource version with the versions the caller may see' },
);

export const ResourceSummary = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  state: StateSchema,
  changeKind: ChangeKindSchema,
  name: Type.String(),
  abstract: Type.String(),
  providerUnitId: Type.String(),
  providerUnitName: Type.String(),
  classificationId: Type.String(),
  classificationCode: Type.String(),
  classificationName: Type.String(),
  layer: LayerSchema,
  format: FormatSchema,
  sharingType: SharingTypeSchema,
  secrecyLevel: SecrecySchema,
  updateCycle: CycleSchema,
  publishedAt: Nullable(Time),
  submittedAt: Nullable(Time),
  updatedAt: Time,
  keywords: Type.Array(Type.String()),
  highlight: Type.Object(
    { name: Type.Optional(Type.String()), abstract: Type.Optional(Type.String()) },
    { description: 'HTML-escaped text with <mark>…</mark> around matches (search only)' },
  ),
});

export const FacetBucket = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() });
export const SearchResult = Type.Object({
  items: Type.Array(ResourceSummary),
  total: Type.Integer(),
  facets: Type.Object({
    provider: Type.Array(FacetBucket),
    layer: Type.Array(FacetBucket),
    sharingType: Type.Array(FacetBucket),
    format: Type.Array(FacetBucket),
    updateCycle: Type.Array(FacetBucket),
    classification: Type.Array(FacetBucket),
  }),
});

const publishedFilters = {
  q: Type.Optional(Type.String({ maxLength: 256, description: 'Chinese-capable full text over name, keywords, abstract, data item names, provider' })),
  provider: Type.Optional(Id),
  layer: Type.Optional(LayerSchema),
  sharingType: Type.Optional(SharingTypeSchema),
  format: Type.Optional(FormatSchema),
  updateCycle: Type.Optional(CycleSchema),
  classification: Type.Optional(Type.String({ maxLength: 64, description: 'classification id; includes its sub-tree' })),
  theme: Type.Optional(KindSchema),
  scenario: Type.Optional(Type.String({ maxLength: LIMITS.keywordMax, description: 'application scenario (第二十二条)' })),
};

export const SearchQuery = Type.Object({
  ...publishedFilters,
  sort: Type.Optional(StringEnum(SEARCH_SORTS)),
  order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
  facets: Type.Optional(Type.Boolean({ default: true, description: 'false skips the facet counts' })),
  limit: Type.Optional(Limit),
  offset: Type.Optional(Offset),
});
export type SearchQuery = Static<typeof SearchQuery>;

export const CodeParams = Type.Object({ code: ResourceCode });
export const VersionQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) });
export const ActionParams = Type.Object({ code: ResourceCode, action: StringEnum(RESOURCE_ACTIONS) });
export const CommentBody = Type.Object(
  { comment: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.commentMax }))) },
  { additionalProperties: false, description: 'comment: mandatory for return' },
);

export const TimelineEntry = Type.Object({
  at: Time,
  action: Type.String(),
  fromState: Nullable(StateSchema),
  toState: StateSchema,
  actorName: Type.String(),
  unitName: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  version: Type.Integer(),
});

export const DiffQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) });
const Any = Type.Unknown();
export const DiffResult = Type.Object({
  changes: Type.Array(Type.Object({ field: Type.String(), from: Any, to: Any })),
  dataItems: Type.Object({
    added: Type.Array(DataItem),
    removed: Type.Array(DataItem),
    changed: Type.Array(Type.Object({ code: Type.String(), field: Type.String(), from: Any, to: Any })),
  }),
});

export const MineQuery = Type.Object({ state: Type.Optional(StateSchema), limit: Type.Optional(Limit), offset: Type.Optional(Offset) });
export const ReviewQueueQuery = Type.Object({ provider: Type.Optional(Id), limit: Type.Optional(Limit), offset: Type.Optional(Offset) });
export const SummaryList = Type.Object({ items: Type.Array(ResourceSummary), total: Type.Integer() });

export const ProposalBody = Type.Object(
  {
    unitId: Id,
    name: Type.String({ maxLength: LIMITS.nameMax }),
    abstract: Type.Optional(Type.String({ maxLength: LIMITS.abstractMax })),
    comment: Type.String({ maxLength: LIMITS.commentMax }),
    classificationId: Type.Optional(Type.String({ maxLength: 64, description: 'decides the code prefix; default: the first 部门类 classification' })),
  },
  { additionalProperties: false },
);

export const BulkBody = Type.Object(
  { resources: Type.Array(ResourceInput, { maxItems: LIMITS.bulkMax }), comment: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.commentMax }))) },
  { additionalProperties: false },
);
export const BulkResult = Type.Object({ items: Type.Array(ResourceSummary), total: Type.Integer() });

// ---- registries

export const Classification = Type.Object({
  id: Type.String(),
  kind: KindSchema,
  code: Type.String(),
  name: Type.String(),
  parentId: Nullable(Type.String()),
  level: Type.Integer({ description: '1 类 | 2 项 | 3 目 | 4 细目' }),
  description: Type.String(),
  createdAt: Time,
  updatedAt: Time,
});
export const ClassificationListQuery = Type.Object({ kind: Type.Optional(KindSchema), parentId: Type.Optional(Id) });
export const ClassificationCreateBody = Type.Object(
  {
    kind: KindSchema,
    code: Type.String({ maxLength: 20, description: '1–20 upper-case letters/digits; a child code starts with its parent code' }),
    name: Type.String({ maxLength: LIMITS.nameMax }),
    parentId: Type.Optional(Nullable(Id)),
    description: Type.Optional(Type.String({ maxLength: LIMITS.textMax })),
  },
  { additionalProperties: false },
);
export const ClassificationPatchBody = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 20, description: 'only while no resource and no child uses it' })),
    name: Type.Optional(Type.String({ maxLength: LIMITS.nameMax })),
    description: Type.Optional(Type.String({ maxLength: LIMITS.textMax })),
  },
  { additionalProperties: false },
);
export const IdParams = Type.Object({ id: Id });
export const ClassificationList = Type.Object({ items: Type.Array(Classification), total: Type.Integer() });

export const DataElement = Type.Object({
  code: Type.String(),
  name: Type.String(),
  definition: Type.String(),
  dataType: DataTypeSchema,
  length: Nullable(Type.Integer()),
  authoritativeUnitId: Type.String(),
  authoritativeUnitName: Type.String(),
  createdAt: Time,
  updatedAt: Time,
});
export const ElementListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  unitId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  offset: Type.Optional(Offset),
});
export const ElementCreateBody = Type.Object(
  {
    code: Type.String({ maxLength: 32, description: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$' }),
    name: Type.String({ maxLength: LIMITS.nameMax }),
    definition: Type.Optional(Type.String({ maxLength: LIMITS.textMax })),
    dataType: DataTypeSchema,
    length: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 4000 }))),
    authoritativeUnitId: Id,
  },
  { additionalProperties: false },
);
export const ElementPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: LIMITS.nameMax })),
    definition: Type.Optional(Type.String({ maxLength: LIMITS.textMax })),
    dataType: Type.Optional(DataTypeSchema),
    length: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 4000 }))),
    authoritativeUnitId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export const ElementCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
export const ElementList = Type.Object({ items: Type.Array(DataElement), total: Type.Integer() });

// ---- one data, one source; exchange and collection catalogs

export const DuplicatesQuery = Type.Object({ element: Type.Optional(Type.String({ maxLength: 64, description: 'element code' })), unitId: Type.Optional(Id), authoritativeUnitId: Type.Optional(Id) });
export const DuplicateEntry = Type.Object({
  elementCode: Type.String(),
  elementName: Type.String(),
  authoritativeUnitId: Type.String(),
  authoritativeUnitName: Type.String(),
  authoritativeResource: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  unitId: Type.String(),
  unitName: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  itemCode: Type.String(),
  itemName: Type.String(),
});
export const DuplicateList = Type.Object({ items: Type.Array(DuplicateEntry), total: Type.Integer() });

export const ExchangeQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'contains, over name, code, source system and target database' })),
  provider: Type.Optional(Id),
  layer: Type.Optional(LayerSchema),
  targetDatabase: Type.Optional(Type.String({ maxLength: LIMITS.nameMax })),
  consumer: Type.Optional(Type.String({ maxLength: 64, description: 'unit id: only what its systems consume' })),
  limit: Type.Optional(Limit),
  offset: Type.Optional(Offset),
});
export const ExchangeEntry = Type.Object({
  code: Type.String(),
  name: Type.String(),
  providerUnitId: Type.String(),
  providerUnitName: Type.String(),
  layer: LayerSchema,
  sourceSystem: Type.String(),
  targetDatabase: Type.String(),
  sharingType: SharingTypeSchema,
  sharingMethods: Type.Array(MethodSchema),
  updateCycle: CycleSchema,
  consumers: Type.Array(
    Type.Object({
      unitId: Type.String(),
      unitName: Type.String(),
      systemId: Nullable(Type.String()),
      systemName: Nullable(Type.String()),
      via: StringEnum(['scenario', 'grant'] as const),
    }),
  ),
});
export const ExchangeList = Type.Object({ items: Type.Array(ExchangeEntry), total: Type.Integer() });

export const CollectionQuery = Type.Object({
  element: Type.Optional(Type.String({ maxLength: LIMITS.nameMax, description: 'element code or name, exact: "who collects 公民身份号码"' })),
  unitId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'contains, over item, element and resource names: "which unit holds X"' })),
});
export const CollectionEntry = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  elements: Type.Array(
    Type.Object({
      elementCode: Type.String(),
      elementName: Type.String(),
      authoritative: Type.Boolean({ description: 'this unit is the element\'s authoritative collector' }),
      resources: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), itemCode: Type.String(), itemName: Type.String() })),
    }),
  ),
});
export const CollectionList = Type.Object({ items: Type.Array(CollectionEntry), total: Type.Integer() });

// ---- import / export

const { format: _resourceFormat, ...exportFilters } = publishedFilters;
export const ExportQuery = Type.Object({
  format: StringEnum(['xlsx', 'csv', 'json', 'dcat'] as const),
  ...exportFilters,
  resourceFormat: Type.Optional(FormatSchema),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
});

export const ImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'validate only' })),
  format: Type.Optional(StringEnum(['xlsx', 'csv', 'json'] as const)),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
});
export const ImportResult = Type.Object({ created: Type.Integer(), updated: Type.Integer(), dryRun: Type.Boolean(), codes: Type.Array(Type.String()) });
export const ImportProblem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    requestId: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    // Absent on request-level problems (a malformed upload form, say).
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          // Absent on the request-level problems every route can answer (validation, NUL characters).
          sheet: Type.Optional(Nullable(Type.String())),
          row: Type.Optional(Nullable(Type.Integer())),
          column: Type.Optional(Nullable(Type.String())),
          header: Type.Optional(Nullable(Type.String())),
          field: Nullable(Type.String()),
          code: Type.String(),
          message: Type.String(),
        }),
      ),
    ),
  },
  { description: 'Nothing was imported: every problem with its sheet, row and column (request-level problems name only the field)' },
);
