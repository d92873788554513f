/**
 * Annual plans (年度计划, R26, 第三十二条): the IT authority plans the sharing infrastructure and
 * the key information resources year by year, records each item's budget and funding, and follows
 * it up; the owner unit reports progress. A milestone past due and not done shows the item as
 * delayed, whatever its recorded status.
 */

export const PLAN_KINDS = ['infrastructure', 'resource', 'other'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** 财政资金 | 自筹 | 上级补助 | other. */
export const FUNDING_SOURCES = ['fiscal', 'self', 'superior', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/**
 *   planned ─→ in_progress ─→ completed
 *      │            │  ▲
 *      ├──→ delayed ┴──┘ (resumed) ─→ completed
 *      └──→ cancelled (from every open state)
 */
export const PLAN_STATUSES = ['planned', 'in_progress', 'completed', 'delayed', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const STATUS_NEXT: Record<PlanStatus, readonly PlanStatus[]> = {
  planned: ['in_progress', 'delayed', 'cancelled'],
  in_progress: ['completed', 'delayed', 'cancelled'],
  delayed: ['in_progress', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};
/** Moving into these needs a reason. */
export const REASON_REQUIRED: readonly PlanStatus[] = ['delayed', 'cancelled'];
export const CLOSED_STATUSES: readonly PlanStatus[] = ['completed', 'cancelled'];

/** The authority's assessment on a follow-up (跟踪评估). */
export const ASSESSMENTS = ['on_track', 'at_risk', 'behind', 'done'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

export const ENTRY_KINDS = ['created', 'edited', 'status', 'followup', 'progress', 'milestone'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const PLAN_LIMITS = {
  titleMax: 200,
  contentMax: 8000,
  noteMax: 4000,
  fundingNoteMax: 200,
  milestonesMax: 50,
  listMax: 500,
  /** Budget: at most 13 digits of yuan, 2 of fen. */
  budgetYuanDigits: 13,
} as const;

export interface MilestoneInput {
  title: string;
  /** CST day YYYY-MM-DD. */
  dueDate: string;
  doneDate?: string | null;
  note?: string | null;
}

export interface PlanInput {
  year: number;
  kind: PlanKind;
  title: string;
  ownerUnitId: string;
  content: string;
  /** Yuan as an exact decimal string ("1234.56"), at most 2 decimals; a JSON integer is accepted too. */
  budget: string | number;
  fundingSource: FundingSource;
  fundingNote?: string | null;
  milestones?: MilestoneInput[];
}

export interface Milestone {
  id: string;
  seq: number;
  title: string;
  dueDate: string;
  doneDate: string | null;
  note: string | null;
  /** Past due (before today, CST) and not done. */
  overdue: boolean;
  /** Done after its due date. */
  late: boolean;
}

export interface PlanEntry {
  id: string;
  kind: EntryKind;
  /** The day it refers to (CST). */
  day: string;
  note: string | null;
  assessment: Assessment | null;
  fromStatus: PlanStatus | null;
  toStatus: PlanStatus | null;
  milestoneId: string | null;
  by: string;
  byUnitId: string | null;
  at: string;
}

export interface PlanItem {
  id: string;
  year: number;
  kind: PlanKind;
  title: string;
  ownerUnitId: string;
  ownerUnitName: string | null;
  content: string;
  /** Yuan, exact: "1234.56". */
  budget: string;
  budgetFen: number;
  fundingSource: FundingSource;
  fundingNote: string | null;
  /** The recorded status. */
  status: PlanStatus;
  statusReason: string | null;
  /** The status as shown: 'delayed' when a milestone is overdue on an open item. */
  effectiveStatus: PlanStatus;
  overdueMilestones: number;
  milestonesDone: number;
  milestonesTotal: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface PlanDetail extends PlanItem {
  milestones: Milestone[];
  entries: PlanEntry[];
  /** What the caller may do: manage (edit, status, milestones, follow-up), progress (report progress, milestone done dates). */
  actions: ('manage' | 'progress')[];
}

export interface PlanQuery {
  year?: number;
  status?: PlanStatus;
  kind?: PlanKind;
  ownerUnitId?: string;
  limit?: number;
  offset?: number;
}

export interface PlanList {
  items: PlanItem[];
  total: number;
  /** Over every item matching the filter (not only this page). */
  totals: { budget: string; budgetFen: number; byStatus: Record<string, number> };
}

/** Yuan text → integer fen, exactly; null when not a non-negative amount with at most 2 decimals. */
export function parseYuan(v: unknown): number | null {
  const s = typeof v === 'number' ? (Number.isSafeInteger(v) ? String(v) : '') : typeof v === 'string' ? v.trim().replace(/,/g, '') : '';
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Integer fen → yuan text with 2 decimals. */
export function formatYuan(fen: number): string {
  const neg = fen < 0;
  const a = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
