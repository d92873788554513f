import type { SharingActor } from '../../sharing/workflow/types.js';

/**
 * Who may do what with annual plans (年度计划, R26). Deny by default.
 *
 *   read       every signed-in user (plans are the city's public work programme)
 *   manage     create and edit items, change status, define milestones, write follow-ups:
 *              the IT authority's reviewers
 *   progress   report progress and set milestone done dates on an item: the owner unit's data
 *              steward (the authority may set done dates too, as manage)
 * API tokens take no part.
 */
export const PLAN_POLICY_ACTIONS = ['plan.read', 'plan.manage', 'plan.progress'] as const;
export type PlanPolicyAction = (typeof PLAN_POLICY_ACTIONS)[number];

export function can(actor: SharingActor | null | undefined, action: PlanPolicyAction, target: { ownerUnitId?: string | null } = {}): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || actor.kind !== 'user') return false;
  switch (action) {
    case 'plan.read':
      return true;
    case 'plan.manage':
      return actor.roles.includes('authority_reviewer');
    case 'plan.progress':
      return actor.roles.includes('unit_steward') && !!actor.unitId && actor.unitId === target.ownerUnitId;
    default:
      return false;
  }
}
