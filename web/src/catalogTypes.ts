/** The catalog API's types and constants (/api/v1/catalog/…) are the server's own (ADR 0017). */
export {
  CHANGE_KINDS,
  CLASSIFICATION_KINDS,
  DATA_GRADES,
  DATA_TYPES,
  LAYERS,
  MASKING_RULES,
  OPEN_ATTRIBUTES,
  RESOURCE_FORMATS,
  SECRECY_LEVELS,
  SENSITIVITIES,
  SHARING_METHODS,
  SHARING_TYPES,
  TABULAR_FORMATS,
  UPDATE_CYCLES,
  VERSION_STATES,
  type ChangeKind,
  type Classification,
  type ClassificationKind,
  type CodeSetEntry,
  type CollectionEntry,
  type DataElement,
  type DataGrade,
  type DataItem,
  type DataItemInput,
  type DataType,
  type DuplicateEntry,
  type DuplicateItemWarning,
  type ExchangeEntry,
  type FacetBucket,
  type Layer,
  type MaskingCustom,
  type MaskingRule,
  type OpenAttribute,
  type ProposalInput,
  type Resource,
  type ResourceDetail,
  type ResourceFormat,
  type ResourceInput,
  type ResourceSummary,
  type SearchResult,
  type SecrecyLevel,
  type Sensitivity,
  type SharingMethod,
  type SharingScope,
  type SharingType,
  type TimelineEntry,
  type UpdateCycle,
  type VersionState,
} from '@server/catalog/model.js';
export {
  RESOURCE_ACTIONS as WORKFLOW_ACTIONS,
  SEARCH_SORTS as SORTS,
  type DiffResult as ResourceDiff,
  type ResourceAction as WorkflowAction,
  type ResourceVersionInfo as VersionRef,
  type SearchSort as SortKey,
} from '@server/catalog/model.js';
import type { CollectionEntry, DataType, DiffResult, ExchangeEntry, ResourceSummary, SearchFacets } from '@server/catalog/model.js';

/** Which length/precision inputs a data type takes (the server's validation enforces the same rule). */
export function dataTypeSizing(type: DataType | undefined): { length: boolean; precision: boolean } {
  if (type === 'C') return { length: true, precision: false };
  if (type === 'N' || type === 'Y') return { length: true, precision: true };
  return { length: false, precision: false };
}

export type FacetName = keyof SearchFacets;
/** The search page's facets, in the order it shows them. */
export const FACETS = ['provider', 'layer', 'sharingType', 'format', 'updateCycle', 'classification'] as const satisfies readonly FacetName[];

export type FieldChange = DiffResult['changes'][number];
export type ItemChange = DiffResult['dataItems']['changed'][number];

/** One row of "my unit's resources" or of the review queue: a resource at its working version. */
export type WorkItem = ResourceSummary & {
  /** The last workflow comment; filled in by the page for returned rows when the list omits it. */
  comment?: string | null;
};

export type ExchangeConsumer = ExchangeEntry['consumers'][number];
export type CollectionElement = CollectionEntry['elements'][number];
