/** The exchange API's contract (TypeBox): request shapes and documented responses. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Problem, problems } from '../org/schema.js';
import { DATA_TYPES, MASKING_RULES, RESOURCE_FORMATS, SENSITIVITIES, SHARING_TYPES, UPDATE_CYCLES } from '../catalog/model.js';
import { BATCH_STATES, FILTER_OPS, UPLOAD_FORMATS, UPLOAD_MODES } from './types.js';
import { PurposeSchema } from './purpose.js';

export { Problem, problems };

const StringEnum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);

export const ResourceCode = Type.String({ minLength: 1, maxLength: 64, description: '资源代码 (URL-encode the slash: A01%2F000001)' });
export const CodeParams = Type.Object({ code: ResourceCode });
export const BatchParams = Type.Object({ code: ResourceCode, id: Type.String({ maxLength: 64 }) });
export const KeyParams = Type.Object({ code: ResourceCode, key: Type.String({ minLength: 1, maxLength: 2000, description: 'Record key: the key item value, or a JSON array of the key items for a composite key (URL-encoded)' }) });


export const ListQuery = Type.Object({ role: Type.Optional(StringEnum(['provider', 'consumer'] as const, 'provider: resources my unit provides; consumer: resources my unit may use')) }, { additionalProperties: false });

export const UploadQuery = Type.Object(
  {
    fileName: Type.Optional(Type.String({ maxLength: 255 })),
    format: Type.Optional(StringEnum(UPLOAD_FORMATS, 'Overrides the format taken from Content-Type / file name')),
    encoding: Type.Optional(StringEnum(['utf-8', 'gb18030', 'auto'] as const, 'CSV text encoding (default auto: UTF-8, else GB18030)')),
    sheet: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const BatchQuery = Type.Object(
  {
    ...UploadQuery.properties,
    mode: Type.Optional(StringEnum(UPLOAD_MODES, 'upsert (default) | snapshot: absent keys are deleted | delete: rows list keys to delete')),
    mapping: Type.Optional(Type.String({ maxLength: 100_000, description: 'JSON object: file column → data item code (null ignores the column)' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'Validate only; nothing is written' })),
    uploadId: Type.Optional(Type.String({ maxLength: 64, description: 'Use a file staged with POST …/uploads instead of a request body' })),
  },
  { additionalProperties: false },
);

export const StagedUpload = Type.Object({
  uploadId: Type.String(),
  format: StringEnum(UPLOAD_FORMATS),
  encoding: Nullable(Type.String()),
  bytes: Type.Integer(),
  columns: Type.Array(Type.String()),
  sample: Type.Array(Type.Array(Type.String())),
  mapping: Type.Record(Type.String(), Nullable(Type.String())),
  unmappedRequired: Type.Array(Type.String()),
});

const Issue = Type.Object({
  row: Type.Integer({ description: 'Row number in the file (header = 1 for CSV/XLSX); 0 = the file itself' }),
  field: Nullable(Type.String()),
  value: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
});

export const BatchSchema = Type.Object({
  id: Type.String(),
  resourceCode: Type.String(),
  mode: StringEnum(UPLOAD_MODES),
  format: StringEnum(UPLOAD_FORMATS),
  state: StringEnum(BATCH_STATES),
  dryRun: Type.Boolean(),
  idempotencyKey: Nullable(Type.String()),
  fileName: Nullable(Type.String()),
  bytes: Type.Integer(),
  sha256: Nullable(Type.String()),
  rowsRead: Type.Integer(),
  rowsInvalid: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  deleted: Type.Integer(),
  issueCount: Type.Integer(),
  issues: Type.Array(Issue),
  createdBy: Type.String(),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  firstSeq: Nullable(Type.Integer()),
  lastSeq: Nullable(Type.Integer()),
});

export const BatchPage = Type.Object({ items: Type.Array(BatchSchema), nextCursor: Nullable(Type.String()) });
export const BatchListQuery = Type.Object(
  { cursor: Type.Optional(Type.String({ maxLength: 500 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);

export const UploadInvalid = Type.Composite([Problem, Type.Object({ batch: Type.Optional(BatchSchema) })]);

const Record_ = Type.Object(
  { _key: Type.String(), _rev: Type.Integer(), _updatedAt: Type.String() },
  { additionalProperties: true, description: 'A record: data item codes → values (masked values are strings), plus metadata' },
);

export const RecordsQuery = Type.Object(
  {
    filter: Type.Optional(Type.Union([Type.String({ maxLength: 20_000 }), Type.Array(Type.String({ maxLength: 20_000 }), { maxItems: 20 })], { description: `<item>:<op>[:<value>], repeatable. ops: ${FILTER_OPS.join(', ')}; in takes comma-separated values` })),
    fields: Type.Optional(Type.String({ maxLength: 20_000, description: 'Comma-separated item codes to return; absent or empty: every visible item' })),
    sort: Type.Optional(Type.String({ maxLength: 1000, description: '<item>[:asc|:desc], comma-separated; indexed items only; absent or empty: the default order' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 4000 })),
    count: Type.Optional(Type.Boolean()),
    purpose: Type.Optional(PurposeSchema),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'A superseded catalog version still served (its data items); default the published one' })),
  },
  { additionalProperties: false },
);

export const FilterSchema = Type.Object({ field: Type.String({ maxLength: 100 }), op: StringEnum(FILTER_OPS), value: Type.Optional(Type.Unknown()) }, { additionalProperties: false });

export const RecordsQueryBody = Type.Object(
  {
    filters: Type.Optional(Type.Array(FilterSchema, { maxItems: 20 })),
    fields: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000 })),
    sort: Type.Optional(Type.Array(Type.Object({ field: Type.String({ maxLength: 100 }), dir: StringEnum(['asc', 'desc'] as const) }, { additionalProperties: false }), { maxItems: 5 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    cursor: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    count: Type.Optional(Type.Boolean()),
    purpose: Type.Optional(PurposeSchema),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'A superseded catalog version still served (its data items); default the published one' })),
  },
  { additionalProperties: false },
);
export type RecordsQueryBody = Static<typeof RecordsQueryBody>;

export const RecordPageSchema = Type.Object({
  items: Type.Array(Record_),
  nextCursor: Nullable(Type.String()),
  total: Type.Optional(Type.Integer()),
  totalCapped: Type.Optional(Type.Boolean()),
  objections: Type.Optional(
    Type.Object(
      {
        resource: Type.Boolean(),
        fields: Type.Array(Type.String()),
        records: Type.Integer(),
      },
      { description: 'Open objections (异议) on this resource; records under objection carry `_objection: true` when their key is shown unmasked' },
    ),
  ),
});
export const RecordSchema = Record_;

export const PurposeQuery = Type.Object({ purpose: Type.Optional(PurposeSchema), version: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) }, { additionalProperties: false });

export const ChangesQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ maxLength: 20, description: 'Cursor: nextCursor of the previous page; 0 = from the start' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 })),
    purpose: Type.Optional(PurposeSchema),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'A superseded catalog version still served (its data items); default the published one' })),
  },
  { additionalProperties: false },
);

export const ChangesStreamQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ maxLength: 20, description: 'Cursor: nextCursor of a previous page or stream; 0 = from the start' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 100_000, description: 'Changes this response carries at most' })),
    purpose: Type.Optional(PurposeSchema),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'A superseded catalog version still served (its data items); default the published one' })),
  },
  { additionalProperties: false },
);

export const ChangePageSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      op: StringEnum(['upsert', 'delete'] as const),
      key: Type.String(),
      rev: Type.Integer(),
      updatedAt: Type.String(),
      record: Type.Optional(Record_),
    }),
  ),
  nextCursor: Type.String(),
  hasMore: Type.Boolean(),
});

const AccessSummary = Nullable(Type.Object({ basis: StringEnum(['provider', 'mandatory', 'grant'] as const), grantId: Nullable(Type.String()) }));
const UpdateStatusProps = {
  lastUpdateAt: Nullable(Type.String()),
  dueAt: Nullable(Type.String()),
  overdue: Type.Boolean(),
  daysOverdue: Type.Integer(),
};
export const DatasetSummarySchema = Type.Object({
  resourceCode: Type.String(),
  name: Type.String(),
  providerUnitId: Type.String(),
  providerUnitName: Type.String(),
  sharingType: StringEnum(SHARING_TYPES),
  format: StringEnum(RESOURCE_FORMATS),
  updateCycle: StringEnum(UPDATE_CYCLES),
  updateTimeLimitDays: Type.Integer(),
  rowCount: Type.Integer(),
  lastSeq: Type.Integer(),
  access: AccessSummary,
  canUpload: Type.Boolean(),
  ...UpdateStatusProps,
});
export const DatasetList = Type.Object({ items: Type.Array(DatasetSummarySchema) });

export const DatasetInfoSchema = Type.Object({
  ...DatasetSummarySchema.properties,
  version: Type.Integer(),
  tabular: Type.Boolean(),
  nextDueAt: Nullable(Type.String()),
  access: Nullable(
    Type.Object({
      basis: StringEnum(['provider', 'mandatory', 'grant'] as const),
      grantId: Nullable(Type.String()),
      fields: Type.Array(Type.String()),
      masked: Type.Array(Type.String()),
      quota: Nullable(
        Type.Object({
          day: Type.String({ description: 'China Standard Time day (YYYY-MM-DD)' }),
          requestsPerDay: Nullable(Type.Integer()),
          rowsPerDay: Nullable(Type.Integer()),
          requests: Type.Integer({ description: 'requests today, on every node (as of their last sync)' }),
          rows: Type.Integer({ description: 'rows returned today, on every node' }),
        }),
      ),
    }),
  ),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      dataType: StringEnum(DATA_TYPES),
      length: Nullable(Type.Integer()),
      precision: Nullable(Type.Integer()),
      required: Type.Boolean(),
      isKey: Type.Boolean(),
      description: Type.String(),
      codeSet: Nullable(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
      sensitivity: StringEnum(SENSITIVITIES),
      masking: StringEnum(MASKING_RULES),
      visible: Type.Boolean(),
      masked: Type.Boolean(),
      indexed: Type.Boolean(),
    }),
  ),
});

export const OverdueList = Type.Object({
  items: Type.Array(
    Type.Object({
      resourceCode: Type.String(),
      name: Type.String(),
      providerUnitId: Type.String(),
      providerUnitName: Type.String(),
      updateCycle: Type.String(),
      updateTimeLimitDays: Type.Integer(),
      lastUpdateAt: Nullable(Type.String()),
      dueAt: Type.String(),
      daysOverdue: Type.Integer(),
    }),
  ),
});
