import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { DashboardKind } from './model.js';

/**
 * Who may see which dashboard. Deny by default.
 *   authority     the IT authority's reviewers and platform administrators (主管部门看板)
 *   supervision   supervisors (监督看板); the leadership group reads it; the authority and administrators too
 * Exports follow the same rule. Units, secrecy officers, auditors and API tokens: neither.
 */
const VIEWERS: Record<DashboardKind, Role[]> = {
  authority: ['authority_reviewer', 'platform_admin'],
  supervision: ['supervisor', 'leader', 'authority_reviewer', 'platform_admin'],
};

export function canView(actor: SharingActor | null | undefined, kind: DashboardKind): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || actor.kind !== 'user') return false;
  return actor.roles.some((r) => VIEWERS[kind].includes(r));
}
