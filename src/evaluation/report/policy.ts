import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { ReportState } from './model.js';

/**
 * Who may do what with the annual report (年度报告, R21). Deny by default.
 *
 *   draft            the IT authority (主管部门) and platform administrators ("draft now")
 *   read (drafted)   the authority, supervisors, administrators
 *   read (sent / received)   the same, and the leadership group (领导小组)
 *   edit / refresh / send    the authority's reviewers
 *   receive          a member of the leadership group
 *   export           whoever may read it
 * Units (stewards, users), secrecy officers, auditors and API tokens take no part.
 */
export const REPORT_POLICY_ACTIONS = ['report.draft', 'report.read', 'report.edit', 'report.refresh', 'report.send', 'report.receive'] as const;
export type ReportPolicyAction = (typeof REPORT_POLICY_ACTIONS)[number];

const has = (a: SharingActor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));
const DRAFT_READERS: Role[] = ['authority_reviewer', 'supervisor', 'platform_admin'];

export function can(actor: SharingActor | null | undefined, action: ReportPolicyAction, target: { state?: ReportState } = {}): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || actor.kind !== 'user') return false;
  switch (action) {
    case 'report.draft':
      return has(actor, 'authority_reviewer', 'platform_admin');
    case 'report.read':
      if (has(actor, ...DRAFT_READERS)) return true;
      return has(actor, 'leader') && (target.state === 'sent' || target.state === 'received');
    case 'report.edit':
    case 'report.refresh':
    case 'report.send':
      return has(actor, 'authority_reviewer');
    case 'report.receive':
      return has(actor, 'leader');
    default:
      return false;
  }
}

/** Which states the caller may list (null: none). */
export function visibleStates(actor: SharingActor): readonly ReportState[] | null {
  if (can(actor, 'report.read', { state: 'drafted' })) return ['drafted', 'sent', 'received'];
  if (can(actor, 'report.read', { state: 'sent' })) return ['sent', 'received'];
  return null;
}
