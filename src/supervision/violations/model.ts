/**
 * 违规事项登记 (R23, 第三十一、三十二条): violation candidates raised by the compliance rules
 * (or recorded by hand, or found through a complaint), reviewed by the supervision department,
 * then criticized in a published notice (通报批评), ordered to be rectified (责令整改) and closed,
 * or referred with a recommendation of administrative sanction (移送, 行政处分建议).
 *
 *   candidate ─confirm→ confirmed ─notify→ notified ─answer→ answered ─close→ rectified
 *       │                  │                  │                 │   └─send_back→ rectifying
 *       └─dismiss→ dismissed └─order→ rectifying ←─order─────────┘
 *                                         └─answer→ answered
 *   confirmed | notified | rectifying | answered ─escalate→ escalated
 */
import type { ViolationCategory } from '../types.js';

export const VIOLATION_STATES = ['candidate', 'dismissed', 'confirmed', 'notified', 'rectifying', 'answered', 'rectified', 'escalated'] as const;
export type ViolationState = (typeof VIOLATION_STATES)[number];

/** States a unit's own people may see (a candidate is not yet a finding; a dismissed one never was). */
export const UNIT_VISIBLE_STATES: readonly ViolationState[] = ['confirmed', 'notified', 'rectifying', 'answered', 'rectified', 'escalated'];
/** Confirmed violations: counted for evaluation. */
export const CONFIRMED_STATES = UNIT_VISIBLE_STATES;

export const VIOLATION_SOURCES = ['rule', 'manual', 'complaint'] as const;
export type ViolationSource = (typeof VIOLATION_SOURCES)[number];

export const VIOLATION_ACTIONS = ['confirm', 'dismiss', 'notify', 'order', 'answer', 'close', 'send_back', 'escalate'] as const;
export type ViolationAction = (typeof VIOLATION_ACTIONS)[number];

/** Which stored states each action starts from (409 otherwise). */
export const ACTION_FROM: Record<ViolationAction, readonly ViolationState[]> = {
  confirm: ['candidate'],
  dismiss: ['candidate'],
  notify: ['confirmed'],
  order: ['confirmed', 'notified'],
  answer: ['notified', 'rectifying'],
  close: ['answered'],
  send_back: ['answered'],
  escalate: ['confirmed', 'notified', 'rectifying', 'answered'],
};

/** Actions that need a unit concerned (a platform-wide finding can be confirmed, dismissed or escalated only). */
export const UNIT_ACTIONS: readonly ViolationAction[] = ['notify', 'order', 'answer', 'close', 'send_back'];

export const VIOLATION_LIMITS = {
  titleMax: 200,
  textMax: 4000,
  commentMax: 2000,
  evidenceBytesMax: 16_000,
  rectifyDaysMax: 250,
  listMax: 200,
  batchMax: 5000,
} as const;

export interface Violation {
  id: string;
  unitId: string | null;
  unitName: string | null;
  category: ViolationCategory;
  /** 第三十一条第N项 */
  article: string;
  source: ViolationSource;
  ruleId: string | null;
  complaintId: string | null;
  title: string;
  titleEn: string | null;
  description: string | null;
  evidence: Record<string, unknown>;
  subject: { type: string; id: string } | null;
  dedupeKey: string | null;
  reviewOnly: boolean;
  state: ViolationState;
  serious: boolean;
  sanction: string | null;
  observedAt: string;
  detectedAt: string;
  confirmedAt: string | null;
  confirmedBy: string | null;
  dismissedAt: string | null;
  dismissReason: string | null;
  notifiedAt: string | null;
  noticeText: string | null;
  rectifyOrder: string | null;
  rectificationDueAt: string | null;
  rectifyRounds: number;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  rectifiedAt: string | null;
  closeComment: string | null;
  escalatedAt: string | null;
  closedAt: string | null;
  createdBy: string;
  updatedAt: string;
}

export interface ViolationDetail extends Violation {
  /** What the caller may do now. */
  actions: ViolationAction[];
}

export interface ViolationQuery {
  state?: ViolationState;
  category?: ViolationCategory;
  unitId?: string;
  source?: ViolationSource;
  /** Detected in this calendar year (China Standard Time). */
  year?: number;
  reviewOnly?: boolean;
  limit?: number;
  offset?: number;
}

/** A published criticism (通报批评) as every signed-in user sees it. */
export interface Notice {
  violationId: string;
  unitId: string | null;
  unitName: string | null;
  category: ViolationCategory;
  article: string;
  title: string;
  /** The title in English, when the finding or the recorder gave one. */
  titleEn: string | null;
  text: string;
  notifiedAt: string;
}

/** A violation recorded by hand (categories 6 and 8 — and any other) or through a complaint: confirmed at once. */
export interface ManualInput {
  unitId?: string | null;
  category: number;
  title: string;
  titleEn?: string | null;
  description: string;
  evidence?: Record<string, unknown>;
  subject?: { type: string; id: string } | null;
  observedAt?: string | null;
  serious?: boolean;
}

/** The rectification period: working days, or a date (YYYY-MM-DD, China Standard Time); default the 'rectification' setting. */
export interface OrderInput {
  text: string;
  workingDays?: number | null;
  dueDate?: string | null;
}

export function articleOf(category: ViolationCategory): string {
  const n = ['一', '二', '三', '四', '五', '六', '七', '八'][category - 1];
  return `第三十一条第${n}项`;
}

/** The article in English, as the portal shows it in English: 'Art. 31 (3)'. */
export function articleEnOf(category: ViolationCategory): string {
  return `Art. 31 (${category})`;
}
