/**
 * 共享申请 (R13, 第四条第二项): a unit asks for a resource's data. The application is the record of
 * what was asked for, by whom, why and on which legal basis; its answer is the grant (授权) the
 * data plane enforces. Names in code are English; the Chinese terms appear in the UI text.
 */
import type { MaskingRule, SharingMethod } from '../../catalog/model.js';
import type { Filter } from '../../exchange/types.js';
import type { Grant, GrantState } from '../model.js';
import type { Task, TimelineEntry } from '../workflow/types.js';

/**
 * draft: saved by the applicant, not sent; submitted: awaiting the provider; incomplete: sent back
 * with one notice listing everything missing; under_review: the provider is examining it;
 * approved: answered yes (a grant exists, except for mandatory resources whose data is open to every
 * unit); coordination: the provider refused and the IT authority coordinates (R14); refused: the
 * final no (upheld by the authority, or automatic for non-shared, classified or out-of-scope
 * resources); withdrawn: the applicant gave up before a decision.
 */
export const APPLICATION_STATES = ['draft', 'submitted', 'incomplete', 'under_review', 'approved', 'coordination', 'refused', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** States the applicant may still change the content in. */
export const EDITABLE_STATES: readonly ApplicationState[] = ['draft', 'incomplete'];
/** States before any decision: the applicant may withdraw. */
export const WITHDRAWABLE_STATES: readonly ApplicationState[] = ['draft', 'submitted', 'incomplete', 'under_review', 'coordination'];
/** States in which the provider answers (approve, refuse, incomplete notice, extension). */
export const ANSWERABLE_STATES: readonly ApplicationState[] = ['submitted', 'under_review'];

/** Why an application was answered without a person: the resource's sharing type decides. */
export const AUTO_ANSWERS = ['mandatory', 'not_shared', 'classified', 'outside_scope'] as const;
export type AutoAnswer = (typeof AUTO_ANSWERS)[number];

/** Content fields an applicant must fill before an application can be examined (the incomplete notice lists them). */
export const REQUIRED_FIELDS = ['fields', 'purpose', 'legalBasis', 'scenario', 'scope', 'method', 'systemId', 'validFrom', 'validUntil'] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

export const EXTENSION_STATES = ['requested', 'approved', 'denied'] as const;
export type ExtensionState = (typeof EXTENSION_STATES)[number];

export const COORDINATION_DECISIONS = ['uphold', 'order_approval'] as const;
export type CoordinationDecision = (typeof COORDINATION_DECISIONS)[number];

export const APPLICATION_LIMITS = {
  textMax: 2000,
  shortTextMax: 500,
  commentMax: 2000,
  fieldsMax: 1000,
  quotaMax: 1_000_000_000,
} as const;

/** What the caller may do with an application now (the portal shows exactly these buttons). */
export const APPLICATION_UI_ACTIONS = [
  'edit',
  'submit',
  'resubmit',
  'withdraw',
  'accept',
  'incomplete',
  'approve',
  'refuse',
  'requestExtension',
  'decideExtension',
  'coordinate',
  'register',
  'deliver',
] as const;
export type ApplicationUiAction = (typeof APPLICATION_UI_ACTIONS)[number];

export interface Application {
  id: string;
  state: ApplicationState;
  resourceCode: string;
  /** The catalog version applied for (the latest published one when created or resubmitted). */
  resourceVersion: number;
  resourceName: string;
  providerUnitId: string;
  consumerUnitId: string;
  /** The application system that will use the data (must belong to the consumer unit). */
  consumerSystemId: string | null;
  applicantId: string | null;
  applicantName: string;
  /** Item codes wanted; null = every item; [] = not chosen yet. */
  fields: string[] | null;
  purpose: string;
  legalBasis: string;
  /** 使用场景, e.g. 社会救助资格核查. */
  scenario: string;
  /** 使用范围: who inside the unit uses it, for which area. */
  scope: string;
  method: SharingMethod | null;
  /** YYYY-MM-DD (China Standard Time days), inclusive. */
  validFrom: string | null;
  validUntil: string | null;
  quotaRequestsPerDay: number | null;
  quotaRowsPerDay: number | null;
  /** The last incomplete notice: every missing field at once, and the provider's note. */
  missing: RequiredField[];
  incompleteNote: string | null;
  autoAnswer: AutoAnswer | null;
  /** The provider's (or the authority's) answer. */
  decisionComment: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  grantId: string | null;
  agreementId: string | null;
  extension: { state: ExtensionState; days: number; reason: string; comment: string | null } | null;
  coordination: { decision: CoordinationDecision; comment: string } | null;
  deliveredAt: string | null;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The applicant's content; every field may be left out of a draft. */
export interface ApplicationInput {
  resourceCode?: string;
  consumerSystemId?: string | null;
  fields?: string[] | null;
  purpose?: string;
  legalBasis?: string;
  scenario?: string;
  scope?: string;
  method?: SharingMethod | null;
  validFrom?: string | null;
  validUntil?: string | null;
  quotaRequestsPerDay?: number | null;
  quotaRowsPerDay?: number | null;
}

/** What the provider (or the authority) grants: at most what was asked for. */
export interface ApprovalTerms {
  /** A subset of the requested items; omitted = as requested. */
  fields?: string[] | null;
  rowFilter?: Filter[];
  masking?: Record<string, MaskingRule>;
  quotaRequestsPerDay?: number | null;
  quotaRowsPerDay?: number | null;
  /** Only a later start or an earlier end than asked for. */
  validFrom?: string | null;
  validUntil?: string | null;
  comment?: string | null;
}

export type ApplicationBox = 'mine' | 'to_review' | 'all';

export interface ApplicationQuery {
  box?: ApplicationBox;
  state?: ApplicationState;
  resourceCode?: string;
  limit?: number;
  offset?: number;
}

/** An application with what its page shows. */
// ---- what the API shows (the service's views)

export interface NamedUnit {
  consumerUnitName: string | null;
  providerUnitName: string | null;
  consumerSystemName: string | null;
}

export type ApplicationView = Application & NamedUnit;

/** A data item as the application form and the approval panel show it. */
export interface ResourceItemView {
  code: string;
  name: string;
  dataType: string;
  sensitivity: string;
  masking: string;
}

export interface ResourceView {
  code: string;
  version: number;
  name: string;
  providerUnitId: string;
  providerUnitName: string;
  sharingType: string;
  sharingConditions: string;
  sharingMethods: SharingMethod[];
  legalBasis: string;
  metadataOnly: boolean;
  tabular: boolean;
  items: ResourceItemView[];
}

export interface ApplicationDetailView extends ApplicationView {
  grant: Grant | null;
  resource: ResourceView | null;
  needsAgreement: boolean;
  timeline: TimelineEntry[];
  tasks: Task[];
  actions: Record<ApplicationUiAction, boolean>;
}

export interface Prefill {
  resource: ResourceView;
  /** How a submission would be answered without a person, if at all. */
  autoAnswer: AutoAnswer | null;
  inScope: boolean;
  needsAgreement: boolean;
  systems: { id: string; code: string; name: string; scenario: string }[];
  defaults: Required<Pick<ApplicationInput, 'resourceCode' | 'fields' | 'method' | 'validFrom' | 'validUntil' | 'consumerSystemId' | 'scenario'>>;
  /** The unit's applications for this resource that are still open. */
  open: { id: string; state: ApplicationState }[];
}

export interface GrantView extends Grant {
  resourceName: string | null;
  providerUnitId: string | null;
  providerUnitName: string | null;
  consumerUnitName: string | null;
  consumerSystemName: string | null;
  applicationId: string | null;
}

export interface GrantDetailView extends GrantView {
  agreementId: string | null;
  needsAgreement: boolean;
  agreementFiled: boolean | null;
  timeline: TimelineEntry[];
  actions: { suspend: boolean; resume: boolean; revoke: boolean };
}

export interface GrantListQuery {
  /** consumer: the caller unit's grants; provider: grants on its resources; all: the overseers'. Default: everything visible. */
  box?: 'consumer' | 'provider' | 'all';
  resourceCode?: string;
  state?: GrantState;
  consumerUnitId?: string;
  limit?: number;
  offset?: number;
}
