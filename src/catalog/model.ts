/**
 * The catalog module's vocabularies and objects (issue 3, R1–R7). Shared by the schema, the
 * service, import/export and the portal. Names follow /work/briefs/catalog.md exactly.
 */

export interface Label {
  zh: string;
  en: string;
}

// ---- vocabularies

/** R1: the four kinds of database a resource lives in. */
export const LAYERS = ['base', 'platform', 'specialized', 'node'] as const;
export type Layer = (typeof LAYERS)[number];
export const LAYER_LABELS: Record<Layer, Label> = {
  base: { zh: '基础库', en: 'Base database' },
  platform: { zh: '平台库', en: 'Platform database' },
  specialized: { zh: '专业库', en: 'Specialized database' },
  node: { zh: '节点库', en: 'Node database' },
};

export const CLASSIFICATION_KINDS = ['basic', 'theme', 'department'] as const;
export type ClassificationKind = (typeof CLASSIFICATION_KINDS)[number];
export const CLASSIFICATION_KIND_LABELS: Record<ClassificationKind, Label> = {
  basic: { zh: '基础类', en: 'Basic' },
  theme: { zh: '主题类', en: 'Theme' },
  department: { zh: '部门类', en: 'Department' },
};

/** Classification tree levels 1..4 = 类 / 项 / 目 / 细目. */
export const CLASSIFICATION_LEVELS = [1, 2, 3, 4] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];
export const CLASSIFICATION_LEVEL_LABELS: Record<ClassificationLevel, Label> = {
  1: { zh: '类', en: 'Class' },
  2: { zh: '项', en: 'Item' },
  3: { zh: '目', en: 'Category' },
  4: { zh: '细目', en: 'Sub-category' },
};
/** Classification codes: letters/digits; a child's code starts with its parent's code. */
export const CLASSIFICATION_CODE_PATTERN = '^[0-9A-Z]{1,20}$';
export const CLASSIFICATION_CODE_RE = new RegExp(CLASSIFICATION_CODE_PATTERN);

export const RESOURCE_FORMATS = ['file', 'spreadsheet', 'database', 'image', 'stream', 'self_describing', 'service'] as const;
export type ResourceFormat = (typeof RESOURCE_FORMATS)[number];
export const RESOURCE_FORMAT_LABELS: Record<ResourceFormat, Label> = {
  file: { zh: '电子文件', en: 'Electronic file' },
  spreadsheet: { zh: '电子表格', en: 'Spreadsheet' },
  database: { zh: '数据库', en: 'Database' },
  image: { zh: '图形图像', en: 'Graphics / images' },
  stream: { zh: '流媒体', en: 'Streaming media' },
  self_describing: { zh: '自描述格式', en: 'Self-describing format' },
  service: { zh: '服务接口', en: 'Service interface' },
};
/** Only tabular resources have data items that later become a dataset. */
export const TABULAR_FORMATS: readonly ResourceFormat[] = ['spreadsheet', 'database'];
export function isTabular(format: ResourceFormat): boolean {
  return TABULAR_FORMATS.includes(format);
}

/** R3. */
export const SHARING_TYPES = ['mandatory', 'restricted', 'none'] as const;
export type SharingType = (typeof SHARING_TYPES)[number];
export const SHARING_TYPE_LABELS: Record<SharingType, Label> = {
  mandatory: { zh: '强制共享', en: 'Mandatory sharing' },
  restricted: { zh: '受限共享', en: 'Restricted sharing' },
  none: { zh: '非共享', en: 'Not shared' },
};

export const SECRECY_LEVELS = ['public', 'internal', 'secret_classified'] as const;
export type SecrecyLevel = (typeof SECRECY_LEVELS)[number];
export const SECRECY_LEVEL_LABELS: Record<SecrecyLevel, Label> = {
  public: { zh: '公开', en: 'Public' },
  internal: { zh: '内部', en: 'Internal' },
  secret_classified: { zh: '涉密', en: 'Classified' },
};

export const DATA_GRADES = ['general', 'important', 'core'] as const;
export type DataGrade = (typeof DATA_GRADES)[number];
export const DATA_GRADE_LABELS: Record<DataGrade, Label> = {
  general: { zh: '一般数据', en: 'General' },
  important: { zh: '重要数据', en: 'Important' },
  core: { zh: '核心数据', en: 'Core' },
};

export const SHARING_METHODS = ['online_query', 'batch_exchange', 'file_download', 'subscription'] as const;
export type SharingMethod = (typeof SHARING_METHODS)[number];
export const SHARING_METHOD_LABELS: Record<SharingMethod, Label> = {
  online_query: { zh: '在线查询', en: 'Online query' },
  batch_exchange: { zh: '批量交换', en: 'Batch exchange' },
  file_download: { zh: '文件下载', en: 'File download' },
  subscription: { zh: '订阅', en: 'Subscription' },
};

export const OPEN_ATTRIBUTES = ['open', 'conditional', 'closed'] as const;
export type OpenAttribute = (typeof OPEN_ATTRIBUTES)[number];
export const OPEN_ATTRIBUTE_LABELS: Record<OpenAttribute, Label> = {
  open: { zh: '无条件开放', en: 'Open' },
  conditional: { zh: '有条件开放', en: 'Conditionally open' },
  closed: { zh: '不予开放', en: 'Not open' },
};

export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'irregular'] as const;
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];
export const UPDATE_CYCLE_LABELS: Record<UpdateCycle, Label> = {
  realtime: { zh: '实时', en: 'Real time' },
  daily: { zh: '每日', en: 'Daily' },
  weekly: { zh: '每周', en: 'Weekly' },
  monthly: { zh: '每月', en: 'Monthly' },
  quarterly: { zh: '每季度', en: 'Quarterly' },
  half_yearly: { zh: '每半年', en: 'Half-yearly' },
  yearly: { zh: '每年', en: 'Yearly' },
  irregular: { zh: '不定期', en: 'Irregular' },
};

/** 信息项数据类型. */
export const DATA_TYPES = ['C', 'N', 'Y', 'D', 'T', 'L', 'M', 'B', 'I', 'F'] as const;
export type DataType = (typeof DATA_TYPES)[number];
export const DATA_TYPE_LABELS: Record<DataType, Label> = {
  C: { zh: '字符型', en: 'Character' },
  N: { zh: '数值型', en: 'Numeric' },
  Y: { zh: '货币型', en: 'Currency' },
  D: { zh: '日期型', en: 'Date' },
  T: { zh: '日期时间型', en: 'Date-time' },
  L: { zh: '逻辑型', en: 'Logical' },
  M: { zh: '备注型', en: 'Memo' },
  B: { zh: '双精度型', en: 'Double' },
  I: { zh: '整型', en: 'Integer' },
  F: { zh: '浮点型', en: 'Float' },
};

export const SENSITIVITIES = ['none', 'privacy', 'business_secret', 'state_secret'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];
export const SENSITIVITY_LABELS: Record<Sensitivity, Label> = {
  none: { zh: '不敏感', en: 'None' },
  privacy: { zh: '个人隐私', en: 'Personal privacy' },
  business_secret: { zh: '商业秘密', en: 'Business secret' },
  state_secret: { zh: '国家秘密', en: 'State secret' },
};

export const MASKING_RULES = ['none', 'id_card', 'phone', 'name', 'address', 'bank_account', 'custom'] as const;
export type MaskingRule = (typeof MASKING_RULES)[number];
export const MASKING_RULE_LABELS: Record<MaskingRule, Label> = {
  none: { zh: '不脱敏', en: 'No masking' },
  id_card: { zh: '身份证号脱敏', en: 'ID card number' },
  phone: { zh: '电话号码脱敏', en: 'Phone number' },
  name: { zh: '姓名脱敏', en: 'Personal name' },
  address: { zh: '地址脱敏', en: 'Address' },
  bank_account: { zh: '银行账号脱敏', en: 'Bank account' },
  custom: { zh: '自定义', en: 'Custom' },
};
export interface MaskingCustom {
  keepStart: number;
  keepEnd: number;
  maskChar: string;
}

export const VERSION_STATES = ['proposed', 'draft', 'submitted', 'returned', 'approved', 'published', 'superseded', 'withdrawn', 'discarded'] as const;
export type VersionState = (typeof VERSION_STATES)[number];
export const VERSION_STATE_LABELS: Record<VersionState, Label> = {
  proposed: { zh: '主管部门提议', en: 'Proposed' },
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交待审核', en: 'Submitted' },
  returned: { zh: '已退回', en: 'Returned' },
  approved: { zh: '审核通过待确认', en: 'Approved' },
  published: { zh: '已发布', en: 'Published' },
  superseded: { zh: '已被新版本替代', en: 'Superseded' },
  withdrawn: { zh: '已撤销', en: 'Withdrawn' },
  discarded: { zh: '已废弃', en: 'Discarded' },
};
/** States in which the provider unit still works on a version (one such version at a time per resource). */
export const WORKING_STATES: readonly VersionState[] = ['proposed', 'draft', 'submitted', 'returned', 'approved'];
/** States the provider's steward may edit. */
export const EDITABLE_STATES: readonly VersionState[] = ['proposed', 'draft', 'returned'];

export const CHANGE_KINDS = ['create', 'update', 'withdraw'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_KIND_LABELS: Record<ChangeKind, Label> = {
  create: { zh: '新增', en: 'Create' },
  update: { zh: '变更', en: 'Update' },
  withdraw: { zh: '撤销', en: 'Withdraw' },
};

/** Workflow actions on a resource (POST resources/{code}/actions/{action}). */
export const RESOURCE_ACTIONS = ['submit', 'approve', 'return', 'confirm', 'discard', 'start-change', 'withdraw'] as const;
export type ResourceAction = (typeof RESOURCE_ACTIONS)[number];
export const RESOURCE_ACTION_LABELS: Record<ResourceAction | 'create' | 'propose' | 'update', Label> = {
  create: { zh: '创建草稿', en: 'Create draft' },
  propose: { zh: '主管部门提议', en: 'Propose' },
  update: { zh: '修改草稿', en: 'Edit draft' },
  submit: { zh: '提交审核', en: 'Submit' },
  approve: { zh: '审核通过', en: 'Approve' },
  return: { zh: '退回修改', en: 'Return' },
  confirm: { zh: '单位确认发布', en: 'Confirm and publish' },
  discard: { zh: '废弃草稿', en: 'Discard' },
  'start-change': { zh: '发起变更', en: 'Start a change' },
  withdraw: { zh: '申请撤销', en: 'Request withdrawal' },
};

export const SEARCH_SORTS = ['relevance', 'name', 'publishedAt', 'updatedAt'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

// ---- limits and patterns

export const DATA_ITEM_CODE_PATTERN = '^[a-z][a-z0-9_]{0,62}$';
export const DATA_ITEM_CODE_RE = new RegExp(DATA_ITEM_CODE_PATTERN);
export const DATA_ELEMENT_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$';
export const DATA_ELEMENT_CODE_RE = new RegExp(DATA_ELEMENT_CODE_PATTERN);
/** Resource code = classification code + '/' + 6-digit sequence. */
export const RESOURCE_CODE_PATTERN = '^[0-9A-Z]{1,20}/[0-9]{6}$';
export const RESOURCE_CODE_RE = new RegExp(RESOURCE_CODE_PATTERN);
export const LIMITS = {
  nameMax: 200,
  abstractMax: 4000,
  keywordsMax: 20,
  keywordMax: 50,
  scenariosMax: 50,
  relatedMax: 100,
  updateTimeLimitDaysMax: 365,
  dataItemsMax: 1000,
  charLengthMax: 4000,
  numericLengthMax: 38,
  textMax: 2000,
  codeSetMax: 1000,
  commentMax: 2000,
  bulkMax: 1000,
} as const;

// ---- objects as the service returns them

export interface SharingScope {
  /** true: every unit may request it; false: only the designated unitIds. */
  all: boolean;
  unitIds: string[];
}

export interface CodeSetEntry {
  value: string;
  label: string;
}

/** 信息项. */
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

/** A data item as a draft takes it: seq comes from the position, defaults fill the rest. */
export interface DataItemInput {
  name: string;
  code: string;
  dataType: DataType;
  length?: number | null;
  precision?: number | null;
  required?: boolean;
  isKey?: boolean;
  description?: string;
  codeSet?: CodeSetEntry[] | null;
  sensitivity?: Sensitivity;
  /** Defaults from the item name when the item is sensitive (公民身份号码 → id_card …). */
  masking?: MaskingRule;
  maskingCustom?: MaskingCustom | null;
  elementCode?: string | null;
}

/** One version of a resource. */
export interface Resource {
  code: string;
  version: number;
  state: VersionState;
  changeKind: ChangeKind;
  name: string;
  abstract: string;
  providerUnitId: string;
  providerUnitName: string;
  /** 内设机构. */
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
  /** Working days after the cycle ends by which the data must be updated. */
  updateTimeLimitDays: number;
  publishedAt: string | null;
  relatedCodes: string[];
  keywords: string[];
  /** 第二十二条 application scenarios, e.g. '应急指挥', '流动人口管理'. */
  scenarios: string[];
  /** The provider's specialized/node database or system. */
  sourceSystem: string;
  /** The base/platform database it flows into, e.g. '人口基础信息库'. */
  targetDatabase: string;
  /** true for 涉密: the platform never stores its data. */
  metadataOnly: boolean;
  dataItems: DataItem[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  /** Last workflow comment. */
  comment: string | null;
}

/**
 * What creating or replacing a draft takes: a Resource minus the generated fields (code,
 * version, state, provider, classification code/name, times, metadataOnly which follows the
 * secrecy level). Optional fields get defaults (see normalizeResourceInput in validate.ts).
 */
export interface ResourceInput {
  name: string;
  abstract?: string;
  providerDepartment?: string;
  classificationId: string;
  layer: Layer;
  format: ResourceFormat;
  storageFormat?: string;
  secrecyLevel?: SecrecyLevel;
  dataGrade?: DataGrade;
  sharingType: SharingType;
  sharingConditions?: string;
  sharingScope?: SharingScope;
  legalBasis?: string;
  sharingMethods?: SharingMethod[];
  openAttribute?: OpenAttribute;
  updateCycle: UpdateCycle;
  updateTimeLimitDays?: number;
  relatedCodes?: string[];
  keywords?: string[];
  scenarios?: string[];
  sourceSystem?: string;
  targetDatabase?: string;
  dataItems?: DataItemInput[];
}

/** ResourceInput with every default applied (what the store writes). */
export type NormalizedResourceInput = Required<Omit<ResourceInput, 'dataItems'>> & { dataItems: Omit<DataItem, 'seq'>[] };

/** What the IT authority sends to propose a resource a unit should catalog (state proposed). */
export interface ProposalInput {
  unitId: string;
  name: string;
  abstract?: string;
  comment: string;
  /** Decides the code prefix; defaults to the first top-level 部门类 classification. */
  classificationId?: string;
}

export interface ResourceVersionInfo {
  version: number;
  state: VersionState;
  changeKind: ChangeKind;
  updatedAt: string;
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
  versions: ResourceVersionInfo[];
  /** One data, one source: items that duplicate another unit's authoritative collection. */
  duplicateItems: DuplicateItemWarning[];
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

export interface SearchFacets {
  provider: FacetBucket[];
  layer: FacetBucket[];
  sharingType: FacetBucket[];
  format: FacetBucket[];
  updateCycle: FacetBucket[];
  classification: FacetBucket[];
}

export interface SearchResult {
  items: ResourceSummary[];
  total: number;
  facets: SearchFacets;
}

/** A node of the 类-项-目-细目 tree the authority maintains. */
export interface Classification {
  id: string;
  kind: ClassificationKind;
  code: string;
  name: string;
  parentId: string | null;
  level: ClassificationLevel;
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

export interface DiffResult {
  changes: { field: string; from: unknown; to: unknown }[];
  dataItems: {
    added: DataItem[];
    removed: DataItem[];
    changed: { code: string; field: string; from: unknown; to: unknown }[];
  };
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
  consumers: { unitId: string; unitName: string; systemId: string | null; systemName: string | null; via: 'scenario' | 'grant' }[];
}

export interface CollectionEntry {
  unitId: string;
  unitName: string;
  elements: {
    elementCode: string;
    elementName: string;
    authoritative: boolean;
    resources: { code: string; name: string; itemCode: string; itemName: string }[];
  }[];
}
