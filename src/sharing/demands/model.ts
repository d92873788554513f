/**
 * Demands (共享需求, R12 and R14; 第四条第一、六项, 第十二条): a unit asks for information it needs
 * for a duty, in one unified form. The IT authority registers (备案) every demand and every
 * response, routes demands without a known provider, coordinates declines and, for major matters,
 * hands them to the leadership group, whose decision binds. Demands nobody can serve form the
 * city-wide gap list.
 *
 *   submitted ─route→ routed ─accept(existing)→ accepted
 *       │               │  └─accept(new entry)→ in_progress ─(sweep: resource published)→ met
 *       │               └─decline→ declined ─decide→ decided ─accept (provider_must_share only)→ …
 *       │                              └─escalate→ escalated ─leader_decide→ decided (binding)
 *       └─(target known at submission: routed at once)
 *   mark_gap: submitted | routed | declined → gap ─route→ routed     withdraw: submitted | routed
 */

export const DEMAND_STATES = ['submitted', 'routed', 'accepted', 'in_progress', 'met', 'declined', 'escalated', 'decided', 'gap', 'withdrawn'] as const;
export type DemandState = (typeof DEMAND_STATES)[number];

/** How the requester wants the data (the unified form's 共享方式). */
export const DEMAND_METHODS = ['online_query', 'batch_exchange', 'file', 'subscription'] as const;
export type DemandMethod = (typeof DEMAND_METHODS)[number];

/** What the authority or the leadership group decided about a declined demand. */
export const DECISION_OUTCOMES = ['provider_must_share', 'decline_upheld', 'other'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Who decided: the authority's coordination, or the leadership group (binding, final). */
export const DECISION_LEVELS = ['authority', 'leadership'] as const;
export type DecisionLevel = (typeof DECISION_LEVELS)[number];

/** The provider's answer: an existing published resource, a new catalog entry (a draft in the catalog workflow), or a decline. */
export const ANSWER_KINDS = ['existing', 'new_entry', 'decline'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** Rows of sharing_demand_decision: the provider's responses (registered by the authority) and the decisions. */
export const RECORD_KINDS = ['existing', 'new_entry', 'decline', 'authority_decision', 'leadership_decision'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
/** The records the authority registers (备案): every response of a provider. */
export const RESPONSE_KINDS: readonly RecordKind[] = ['existing', 'new_entry', 'decline'];

/** Transitions by API name (POST /sharing/demands/{id}/{action}). */
export const DEMAND_TRANSITIONS = ['route', 'accept', 'decline', 'register', 'decide', 'escalate', 'leader-decide', 'mark-gap', 'withdraw'] as const;
export type DemandTransition = (typeof DEMAND_TRANSITIONS)[number];

/** The states each transition starts from (409 otherwise). `register` keeps the state. */
export const TRANSITION_FROM: Record<DemandTransition, readonly DemandState[]> = {
  // From routed: the authority re-routes when the provider is the wrong one; from gap: a provider turned up.
  route: ['submitted', 'routed', 'gap'],
  // From decided: only when the decision was provider_must_share (checked by the service).
  accept: ['routed', 'decided'],
  decline: ['routed'],
  register: DEMAND_STATES,
  decide: ['declined'],
  escalate: ['declined'],
  'leader-decide': ['escalated'],
  'mark-gap': ['submitted', 'routed', 'declined'],
  // "Before an answer": once the provider has answered, the requester's demand is on record.
  withdraw: ['submitted', 'routed'],
};

/** Task steps this module opens in the inbox. */
export const DEMAND_STEPS = {
  /** The authority registers (备案) the demand or a response: deadline 'registration'. */
  register: 'register',
  /** The authority matches a demand without a target to a provider/resources. */
  match: 'match',
  /** The provider's steward answers: deadline 'demand_answer'. */
  answer: 'answer',
  /** The provider complies with a provider_must_share decision: deadline 'demand_answer'. */
  comply: 'comply',
  /** The provider takes its new catalog entry through review to publication. */
  publish: 'publish',
  /** The authority coordinates a decline: deadline 'coordination'. */
  coordinate: 'coordinate',
  /** The leadership group decides an escalated matter. */
  decide: 'decide',
} as const;

export const DEMAND_LIMITS = {
  titleMax: 200,
  textMax: 4000,
  shortTextMax: 500,
  dataItemsMax: 100,
  dataItemNameMax: 100,
  resourceCodesMax: 20,
  listMax: 200,
  suggestionsMax: 20,
} as const;

/** The board's boxes (GET /sharing/demands?box=). */
export type DemandBox = 'mine' | 'to_answer' | 'all';

export interface DemandListQuery {
  /** mine: raised by the caller's unit; to_answer: routed to it; all (default): everything the caller may see. */
  box?: DemandBox;
  /** One state or several, comma-separated. */
  state?: string;
  q?: string;
  /** Only demands decided at this level. */
  decisionLevel?: DecisionLevel;
  /** Only demands escalated to the leadership group (awaiting or decided). */
  escalated?: boolean;
  limit?: number;
  offset?: number;
}

/** A data item the requester names (信息项): its name, and its code when known. */
export interface WantedItem {
  name: string;
  code?: string | null;
}

/** The unified form (统一格式). */
export interface DemandInput {
  /** A short name for lists and the inbox. */
  title: string;
  /** The duty or business item it serves (履职事项). */
  duty: string;
  legalBasis: string;
  /** What is wanted, in words. */
  content: string;
  dataItems?: WantedItem[];
  targetResourceCode?: string | null;
  targetProviderUnitId?: string | null;
  scope: string;
  /** 用途. */
  purpose: string;
  method: DemandMethod;
  /** The requesting unit's application system that will use the data. */
  systemId?: string | null;
  /** YYYY-MM-DD: when the data is needed. */
  neededBy: string;
}

export interface DemandAnswer {
  kind: AnswerKind;
  resourceCode: string | null;
  /** new_entry: the catalog version whose publication meets the demand. */
  resourceVersion: number | null;
  circumstances: string | null;
  reasons: string | null;
  comment: string | null;
  at: string;
  by: string;
}

export interface DemandDecision {
  level: DecisionLevel;
  outcome: DecisionOutcome;
  text: string;
  at: string;
  by: string;
}

/** One row of the demand's record (responses and decisions), with its registration. */
export interface DemandRecord {
  id: string;
  seq: number;
  kind: RecordKind;
  outcome: DecisionOutcome | null;
  text: string | null;
  circumstances: string | null;
  resourceCode: string | null;
  actorName: string;
  unitId: string | null;
  at: string;
  registeredAt: string | null;
  registeredBy: string | null;
}

export interface Demand {
  id: string;
  title: string;
  state: DemandState;
  requesterUnitId: string;
  requesterUnitName: string;
  requesterId: string | null;
  requesterName: string;
  duty: string;
  legalBasis: string;
  content: string;
  dataItems: WantedItem[];
  targetResourceCode: string | null;
  targetProviderUnitId: string | null;
  scope: string;
  purpose: string;
  method: DemandMethod;
  systemId: string | null;
  systemName: string | null;
  neededBy: string;
  /** Where the demand is routed (null until routed). */
  providerUnitId: string | null;
  providerUnitName: string | null;
  /** Resources the target or the authority's matching points at. */
  resourceCodes: string[];
  routedAt: string | null;
  routedBy: string | null;
  answer: DemandAnswer | null;
  decision: DemandDecision | null;
  escalation: { reason: string; at: string; by: string } | null;
  gap: { note: string; at: string; by: string } | null;
  withdrawal: { reason: string | null; at: string } | null;
  /** The authority's registration (备案) of the demand itself. */
  registeredAt: string | null;
  registeredBy: string | null;
  metAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DemandDetail extends Demand {
  records: DemandRecord[];
  /** Responses (and the demand itself) not registered yet. */
  pendingRegistration: number;
  /** What the caller may do now (the portal shows these panels). */
  allowed: DemandTransition[];
}

/** A row of the city-wide gap list (资源缺口): what is wanted and by whom, nothing else. */
export interface GapEntry {
  id: string;
  title: string;
  requesterUnitId: string;
  requesterUnitName: string;
  duty: string;
  content: string;
  dataItems: WantedItem[];
  scope: string;
  neededBy: string;
  note: string;
  markedAt: string;
}

export interface DemandSuggestion {
  code: string;
  name: string;
  abstract: string;
  providerUnitId: string;
  providerUnitName: string;
  sharingType: string;
  /** The words of the demand that found it (more = better). */
  matchedBy: string[];
}
