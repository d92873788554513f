import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';

/**
 * Who may do what with training records (培训, R24). Deny by default.
 *
 *   manage           record, edit and delete sessions and attendance: the IT authority's reviewers
 *                    and platform administrators
 *   list             see sessions: the above, supervisors, the leadership group, units' data stewards
 *   read_all         every unit's attendance and the city-wide coverage: the above except stewards
 *   read_unit        the own unit's attendance and coverage row: a unit's data steward
 * API tokens take no part.
 */
export const TRAINING_POLICY_ACTIONS = ['training.manage', 'training.list', 'training.read_all', 'training.read_unit'] as const;
export type TrainingPolicyAction = (typeof TRAINING_POLICY_ACTIONS)[number];

const has = (a: SharingActor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));
const MANAGERS: Role[] = ['authority_reviewer', 'platform_admin'];
const CITY_WIDE: Role[] = [...MANAGERS, 'supervisor', 'leader'];

export function can(actor: SharingActor | null | undefined, action: TrainingPolicyAction, target: { unitId?: string | null } = {}): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || actor.kind !== 'user') return false;
  switch (action) {
    case 'training.manage':
      return has(actor, ...MANAGERS);
    case 'training.list':
      return has(actor, ...CITY_WIDE, 'unit_steward');
    case 'training.read_all':
      return has(actor, ...CITY_WIDE);
    case 'training.read_unit':
      return has(actor, ...CITY_WIDE) || (has(actor, 'unit_steward') && !!actor.unitId && actor.unitId === target.unitId);
    default:
      return false;
  }
}
