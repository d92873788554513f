/**
 * Grants (授权): the terms under which a consumer unit reads a restricted resource (DESIGN.md
 * access model; 第十一、二十一、二十六条). Issue 5's sharing workflow creates them from approved
 * applications; until then they are created directly through the sharing service.
 */
import type { MaskingRule } from '../catalog/model.js';
import type { Filter } from '../exchange/types.js';

export const GRANT_STATES = ['pending_agreement', 'active', 'suspended', 'revoked', 'expired'] as const;
/**
 * pending_agreement: approved, waiting for the confidentiality agreement and its filing;
 * active: in force (still bounded by validFrom..validUntil); suspended: paused by the provider or
 * the authority; revoked and expired: ended for good.
 */
export type GrantState = (typeof GRANT_STATES)[number];

/** State changes `setGrantState` accepts; revoked and expired are final. */
export const GRANT_TRANSITIONS: Record<GrantState, readonly GrantState[]> = {
  pending_agreement: ['active', 'revoked'],
  active: ['suspended', 'revoked', 'expired'],
  suspended: ['active', 'revoked', 'expired'],
  revoked: [],
  expired: [],
};

/** States a grant can only enter with a reason. */
export const GRANT_STATES_NEEDING_REASON: readonly GrantState[] = ['suspended', 'revoked'];

export const GRANT_LIMITS = {
  purposeMax: 500,
  legalBasisMax: 2000,
  reasonMax: 500,
  fieldsMax: 1000,
  rowFilterMax: 20,
  inValuesMax: 1000,
  filterValueMax: 4000,
} as const;

export interface Grant {
  id: string;
  resourceCode: string;
  consumerUnitId: string;
  /** The application system the grant is for; null = any user or system of the unit. */
  consumerSystemId: string | null;
  /** Item codes the consumer sees; null = every item of the served version. */
  fields: string[] | null;
  /** Conditions ANDed to every read (e.g. a district sees its own district's rows). */
  rowFilter: Filter[];
  /** Per-item masking overrides: 'none' un-masks a sensitive item, a rule masks any item. */
  masking: Record<string, MaskingRule>;
  purpose: string;
  legalBasis: string;
  /** ISO-8601 UTC; the grant is in force from this instant… */
  validFrom: string;
  /** …until this instant, exclusive (null = open-ended). */
  validUntil: string | null;
  quotaRequestsPerDay: number | null;
  quotaRowsPerDay: number | null;
  state: GrantState;
  stateReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** What `createGrant` takes. Dates: ISO-8601 date-time with an offset, or a date (China Standard Time day). */
export interface GrantInput {
  resourceCode: string;
  consumerUnitId: string;
  consumerSystemId?: string | null;
  fields?: string[] | null;
  rowFilter?: Filter[];
  masking?: Record<string, MaskingRule>;
  purpose: string;
  legalBasis?: string;
  /** Default: now. A date means 00:00 China Standard Time of that day. */
  validFrom?: string | null;
  /** Default: open-ended. A date means the end of that day (China Standard Time). */
  validUntil?: string | null;
  quotaRequestsPerDay?: number | null;
  quotaRowsPerDay?: number | null;
  /** Default 'active'; a grant touching sensitive data starts at 'pending_agreement'. */
  state?: 'pending_agreement' | 'active';
}

export interface GrantFilter {
  resourceCode?: string;
  consumerUnitId?: string;
  state?: GrantState;
}
