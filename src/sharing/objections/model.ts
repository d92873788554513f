/**
 * Objections (异议, R15, 第二十条): a consumer unit that doubts the accuracy or completeness of
 * shared data tells the IT authority in writing; the authority accepts it (the data is marked as
 * under objection for every consumer), the provider verifies and corrects or explains, the result
 * is fed back to the raiser, the authority closes it (upheld or not), the mark is removed and the
 * objection is archived. Upheld objections are counted for supervision (第三十一条第二项).
 */

/**
 * Stored states. `closed` and `rejected` are phases the timeline shows, never stored: closing and
 * rejecting archive the objection in the same transaction.
 *
 *   raised ─accept→ marked ─answer→ fed_back ─acknowledge→ acknowledged ─close→ archived
 *     │                ▲                │                                   ▲
 *     └─reject→ archived  └──accept── disputed ←─dispute (once)               │
 *                                       └──────────────close──────────────────┘
 */
export const OBJECTION_STATES = ['raised', 'marked', 'fed_back', 'acknowledged', 'disputed', 'archived'] as const;
export type ObjectionState = (typeof OBJECTION_STATES)[number];

/** Phases a timeline entry may name besides the stored states. */
export type ObjectionPhase = ObjectionState | 'closed' | 'rejected';

/** How an archived objection ended. */
export const OBJECTION_OUTCOMES = ['rejected', 'upheld', 'not_upheld'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

/** The provider's answer: the data was corrected (through a normal upload), or why it is right. */
export const ANSWER_KINDS = ['corrected', 'explained'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export const OBJECTION_ACTIONS = ['accept', 'reject', 'answer', 'acknowledge', 'dispute', 'close'] as const;
export type ObjectionAction = (typeof OBJECTION_ACTIONS)[number];

/** Which stored states each action starts from (409 otherwise). */
export const ACTION_FROM: Record<ObjectionAction, readonly ObjectionState[]> = {
  // From disputed: the authority sends the objection back to the provider for a second verification.
  accept: ['raised', 'disputed'],
  reject: ['raised'],
  answer: ['marked'],
  acknowledge: ['fed_back'],
  dispute: ['fed_back'],
  close: ['acknowledged', 'disputed'],
};

/** Evidence may be added by the raiser until the feedback is settled, by the provider while verifying. */
export const EVIDENCE_STATES = {
  raiser: ['raised', 'marked', 'fed_back'] as readonly ObjectionState[],
  provider: ['marked'] as readonly ObjectionState[],
};

export const OBJECTION_LIMITS = {
  descriptionMax: 4000,
  evidenceTextMax: 4000,
  expectedMax: 2000,
  commentMax: 2000,
  keysMax: 200,
  keyMax: 500,
  fieldsMax: 200,
  evidenceFilesMax: 10,
  evidenceBytesMax: 20 * 1024 * 1024,
  evidenceNameMax: 200,
  listMax: 200,
} as const;

export interface ObjectionInput {
  resourceCode: string;
  /** Record keys concerned (the key value, or the JSON array text of a composite key); empty = not record-specific. */
  recordKeys?: string[];
  /** Data item codes concerned; empty = not field-specific. */
  fields?: string[];
  /** What is wrong (in writing). */
  description: string;
  /** Evidence in words; files are added with addEvidence. */
  evidence?: string;
  /** The correction the raiser expects. */
  expectedCorrection: string;
}

export interface Objection {
  id: string;
  resourceCode: string;
  resourceName: string;
  providerUnitId: string;
  providerUnitName: string | null;
  raiserUnitId: string;
  raiserUnitName: string | null;
  raisedBy: string;
  recordKeys: string[];
  fields: string[];
  description: string;
  evidence: string;
  expectedCorrection: string;
  state: ObjectionState;
  /** Whether the records / resource currently show as under objection. */
  marked: boolean;
  answerKind: AnswerKind | null;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  rejectReason: string | null;
  /** The raiser's dispute (once). */
  disputeReason: string | null;
  disputedAt: string | null;
  acknowledgedAt: string | null;
  outcome: ObjectionOutcome | null;
  conclusion: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Evidence {
  id: string;
  objectionId: string;
  name: string;
  contentType: string;
  bytes: number;
  sha256: string;
  /** Who added it: the raising unit or the provider. */
  party: 'raiser' | 'provider';
  uploadedBy: string;
  uploadedByUnitId: string;
  uploadedAt: string;
}

/** One objection as its parties see it: the objection, its evidence files and what the caller may do now. */
export interface ObjectionDetail extends Objection {
  evidenceFiles: Evidence[];
  /** Actions the caller may take in the current state (the portal shows their panels). */
  actions: (ObjectionAction | 'evidence')[];
}

export type ObjectionBox = 'mine' | 'to_handle' | 'all';

export interface ObjectionQuery {
  /** mine: raised by the caller's unit; to_handle: awaiting the caller; all: everything the caller may see. */
  box?: ObjectionBox;
  state?: ObjectionState;
  resourceCode?: string;
  limit?: number;
  offset?: number;
}

/** What is under objection on a resource (marked objections only). */
export interface Marks {
  /** An objection about the resource as a whole (no record keys, no fields). */
  resource: boolean;
  /** Record keys under objection. */
  keys: string[];
  /** Data item codes under objection. */
  fields: string[];
  objectionIds: string[];
}

/** Marks as the portal shows them to a caller: keys of others' objections are counted, not shown. */
export interface MarksView extends Marks {
  resourceCode: string;
  /** Record keys under objection the caller may not see (raised by other units). */
  hiddenKeys: number;
}

export interface StatsQuery {
  /** The provider unit (whose data the objections concern). */
  unitId?: string;
  /** ISO instant or YYYY-MM-DD (China Standard Time), inclusive; on the closing time. */
  from?: string;
  /** ISO instant or YYYY-MM-DD (China Standard Time, the whole day), exclusive instant. */
  to?: string;
}

export interface ObjectionStats {
  unitId: string | null;
  from: string | null;
  to: string | null;
  /** Closed upheld in the period (the data was wrong). */
  upheld: number;
  notUpheld: number;
  rejected: number;
  /** Not yet archived (now, whatever the period). */
  open: number;
  byProvider: { unitId: string; unitName: string | null; upheld: number; notUpheld: number }[];
}
