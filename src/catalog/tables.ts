import type {
  ChangeKind,
  ClassificationKind,
  DataGrade,
  DataType,
  Layer,
  MaskingRule,
  OpenAttribute,
  ResourceFormat,
  SecrecyLevel,
  Sensitivity,
  SharingType,
  UpdateCycle,
  VersionState,
} from './model.js';

/** Tables owned by `catalog`. Times are ISO-8601 UTC text, booleans 0/1, JSON as text (docs/adr/0003). */
export interface CatalogTables {
  catalog_classification: ClassificationTable;
  catalog_code_seq: CodeSeqTable;
  catalog_resource: ResourceTable;
  catalog_resource_version: ResourceVersionTable;
  catalog_data_item: DataItemTable;
  catalog_transition: TransitionTable;
  catalog_data_element: DataElementTable;
  catalog_published: PublishedTable;
}

/** A node of the 类-项-目-细目 tree. */
export interface ClassificationTable {
  id: string;
  kind: ClassificationKind;
  /** Unique; a child's code starts with its parent's. */
  code: string;
  name: string;
  parent_id: string | null;
  level: number;
  description: string;
  created_at: string;
  updated_at: string;
}

/** The last resource sequence number handed out under a classification code. */
export interface CodeSeqTable {
  classification_code: string;
  last_seq: number;
}

/** One row per resource code: the pointers to its published and in-progress versions. */
export interface ResourceTable {
  code: string;
  provider_unit_id: string;
  /** 'active' until a withdrawal is confirmed. */
  status: 'active' | 'withdrawn';
  published_version: number | null;
  /** The version the unit is working on (proposed … approved), at most one. */
  working_version: number | null;
  latest_version: number;
  created_at: string;
  updated_at: string;
}

/** One version of a resource with every metadata element of 第十四条. */
export interface ResourceVersionTable {
  id: string;
  resource_code: string;
  version: number;
  state: VersionState;
  change_kind: ChangeKind;
  name: string;
  abstract: string;
  provider_unit_id: string;
  provider_department: string;
  classification_id: string;
  layer: Layer;
  format: ResourceFormat;
  storage_format: string;
  secrecy_level: SecrecyLevel;
  data_grade: DataGrade;
  sharing_type: SharingType;
  sharing_conditions: string;
  /** JSON SharingScope. */
  sharing_scope: string;
  legal_basis: string;
  /** JSON SharingMethod[]. */
  sharing_methods: string;
  open_attribute: OpenAttribute;
  update_cycle: UpdateCycle;
  update_time_limit_days: number;
  published_at: string | null;
  /** JSON string[]. */
  related_codes: string;
  /** JSON string[]. */
  keywords: string;
  /** JSON string[]. */
  scenarios: string;
  source_system: string;
  target_database: string;
  metadata_only: number;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  comment: string | null;
  created_by: string | null;
}

/** 信息项 of one version. */
export interface DataItemTable {
  version_id: string;
  seq: number;
  name: string;
  code: string;
  data_type: DataType;
  length: number | null;
  precision: number | null;
  required: number;
  is_key: number;
  description: string;
  /** JSON CodeSetEntry[] or null. */
  code_set: string | null;
  sensitivity: Sensitivity;
  masking: MaskingRule;
  /** JSON MaskingCustom or null. */
  masking_custom: string | null;
  element_code: string | null;
}

/** The workflow timeline: one row per transition, with its comment. */
export interface TransitionTable {
  id: string;
  resource_code: string;
  version: number;
  at: string;
  action: string;
  from_state: VersionState | null;
  to_state: VersionState;
  actor_id: string | null;
  actor_name: string;
  unit_id: string | null;
  comment: string | null;
}

/** A standard data element and its authoritative collecting unit (R6). */
export interface DataElementTable {
  code: string;
  name: string;
  definition: string;
  data_type: DataType;
  length: number | null;
  authoritative_unit_id: string;
  created_at: string;
  updated_at: string;
}

/**
 * One narrow row per published resource: what search filters, sorts and counts facets on, so a
 * catalog-wide query never touches the wide version table (kept in step on publish / withdraw).
 */
export interface PublishedTable {
  code: string;
  version_id: string;
  version: number;
  provider_unit_id: string;
  name: string;
  layer: Layer;
  sharing_type: SharingType;
  format: ResourceFormat;
  update_cycle: UpdateCycle;
  classification_id: string;
  classification_code: string;
  /** The classification's kind (basic / theme / department). */
  theme: ClassificationKind;
  /** JSON string[] of scenarios. */
  scenarios: string;
  published_at: string;
  updated_at: string;
}
