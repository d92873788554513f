/**
 * 投诉 (R22, 第二十九条): a unit's people complain about ANOTHER unit's violation to the
 * supervision department (handled by supervisors) or the IT authority (handled by the authority's
 * reviewers). The handler accepts or rejects it, investigates (notes; requests for information to
 * the complained-about unit or the complainant, who reply in the platform), links existing
 * violations or records one, and concludes (upheld / not upheld); the result is fed back to the
 * complainant, who may acknowledge it; then it is closed.
 *
 *   submitted ─accept→ accepted ─(note | request | reply | link | record)→ investigating
 *       └─reject→ rejected        └──────────────conclude──────────────────────┘→ concluded
 *   concluded ─acknowledge (complainant) | close (handler)→ closed
 *
 * The complained-about unit sees a complaint only once asked for information, and never who
 * complained unless the handler discloses it (complainants are protected).
 */
export const COMPLAINT_STATES = ['submitted', 'accepted', 'investigating', 'rejected', 'concluded', 'closed'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const ADDRESSEES = ['supervision', 'authority'] as const;
/** supervision 监督部门 (supervisors handle) | authority 主管部门 (the IT authority handles). */
export type Addressee = (typeof ADDRESSEES)[number];

export const OUTCOMES = ['upheld', 'not_upheld'] as const;
export type ComplaintOutcome = (typeof OUTCOMES)[number];

export const PARTIES = ['target', 'complainant'] as const;
export type Party = (typeof PARTIES)[number];

export const COMPLAINT_ACTIONS = ['accept', 'reject', 'note', 'request', 'reply', 'link', 'record_violation', 'conclude', 'acknowledge', 'close', 'disclose', 'evidence'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

const WORKING: readonly ComplaintState[] = ['accepted', 'investigating'];
export const ACTION_FROM: Record<ComplaintAction, readonly ComplaintState[]> = {
  accept: ['submitted'],
  reject: ['submitted'],
  note: WORKING,
  request: WORKING,
  reply: WORKING,
  link: WORKING,
  record_violation: WORKING,
  conclude: WORKING,
  acknowledge: ['concluded'],
  close: ['concluded'],
  disclose: ['submitted', 'accepted', 'investigating', 'concluded'],
  evidence: ['submitted', 'accepted', 'investigating'],
};

export const COMPLAINT_LIMITS = {
  titleMax: 200,
  textMax: 4000,
  commentMax: 2000,
  evidenceFilesMax: 10,
  evidenceBytesMax: 20 * 1024 * 1024,
  linksMax: 50,
  listMax: 200,
} as const;

export interface ComplaintInput {
  targetUnitId: string;
  addressee: Addressee;
  title: string;
  text: string;
  /** 第三十一条第N项, when the complainant can name it. */
  category?: number | null;
}

export interface ComplaintMessage {
  id: string;
  kind: 'note' | 'request' | 'reply';
  party: Party | null;
  text: string;
  by: string;
  at: string;
}

export interface ComplaintEvidence {
  id: string;
  name: string;
  contentType: string;
  bytes: number;
  sha256: string;
  uploadedAt: string;
}

export interface Complaint {
  id: string;
  title: string;
  text: string;
  category: number | null;
  addressee: Addressee;
  targetUnitId: string;
  targetUnitName: string | null;
  /** Hidden (null) from the complained-about unit unless disclosed. */
  complainantUnitId: string | null;
  complainantUnitName: string | null;
  complainant: string | null;
  disclosed: boolean;
  state: ComplaintState;
  /** Requests awaiting a reply, per party. */
  awaiting: Party[];
  outcome: ComplaintOutcome | null;
  result: string | null;
  rejectReason: string | null;
  acceptedAt: string | null;
  concludedAt: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ComplaintDetail extends Complaint {
  messages: ComplaintMessage[];
  evidenceFiles: ComplaintEvidence[];
  violations: { id: string; title: string; titleEn: string | null; category: number; state: string; unitId: string | null }[];
  /** How the caller takes part: handler, complainant, target, reader. */
  role: 'handler' | 'complainant' | 'target' | 'reader';
  actions: ComplaintAction[];
}

export interface ComplaintQuery {
  box?: 'mine' | 'to_handle' | 'all';
  state?: ComplaintState;
  limit?: number;
  offset?: number;
}
