import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../workflow/types.js';

/**
 * Who may do what with objections (异议, R15). Deny by default; the service asks `can` before
 * every read and transition, and checks the state (409) only after the caller is allowed.
 *
 *   raise            a user (unit_user / unit_steward) of a consumer unit that may read the
 *                    resource (mandatory: any unit; restricted: holds a grant) — never the provider
 *   read             the raising unit, the provider unit, the authority, supervisors, administrators
 *   accept/reject/close   the IT authority's reviewers
 *   answer           the provider unit's data stewards
 *   acknowledge/dispute   users of the raising unit
 *   evidence_add     users of the raising unit, the provider unit's data stewards (the service
 *                    decides by state which party may add evidence now)
 *   marks            every signed-in user; marks_keys (every record key, not only the own unit's):
 *                    the provider unit, the authority, supervisors, administrators
 *   stats            the authority, supervisors, administrators, the leadership group; a unit's data
 *                    steward for the own unit
 * API tokens take no part: objections are raised and answered in writing by people.
 */
export const OBJECTION_POLICY_ACTIONS = [
  'objection.raise',
  'objection.read',
  'objection.list_all',
  'objection.accept',
  'objection.reject',
  'objection.answer',
  'objection.acknowledge',
  'objection.dispute',
  'objection.close',
  'objection.evidence_add',
  'objection.marks',
  'objection.marks_keys',
  'objection.stats',
] as const;
export type ObjectionPolicyAction = (typeof OBJECTION_POLICY_ACTIONS)[number];

/** The facts a decision needs. */
export interface ObjectionTarget {
  raiserUnitId?: string | null;
  providerUnitId?: string | null;
  /** raise: whether the caller's unit may read the resource's data (mandatory, or a grant on a restricted one). */
  consumerMayRead?: boolean;
}

const has = (a: SharingActor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));
const CITY_WIDE_READERS: Role[] = ['platform_admin', 'authority_reviewer', 'supervisor'];
const UNIT_PEOPLE: Role[] = ['unit_user', 'unit_steward'];

export function can(actor: SharingActor | null | undefined, action: ObjectionPolicyAction, target: ObjectionTarget = {}): boolean {
  if (!actor) return false;
  // The seed and other trusted code paths (never reachable from a request).
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || actor.kind !== 'user') return false;
  const unit = actor.unitId;
  const inUnit = (id: string | null | undefined) => !!unit && !!id && unit === id;

  switch (action) {
    case 'objection.raise':
      return has(actor, ...UNIT_PEOPLE) && !!unit && !!target.providerUnitId && unit !== target.providerUnitId && target.consumerMayRead === true;
    case 'objection.read':
      return has(actor, ...CITY_WIDE_READERS) || inUnit(target.raiserUnitId) || inUnit(target.providerUnitId);
    case 'objection.list_all':
      return has(actor, ...CITY_WIDE_READERS);
    case 'objection.accept':
    case 'objection.reject':
    case 'objection.close':
      return has(actor, 'authority_reviewer');
    case 'objection.answer':
      return has(actor, 'unit_steward') && inUnit(target.providerUnitId);
    case 'objection.acknowledge':
    case 'objection.dispute':
      return has(actor, ...UNIT_PEOPLE) && inUnit(target.raiserUnitId);
    case 'objection.evidence_add':
      return (has(actor, ...UNIT_PEOPLE) && inUnit(target.raiserUnitId)) || (has(actor, 'unit_steward') && inUnit(target.providerUnitId));
    case 'objection.marks':
      return true;
    case 'objection.marks_keys':
      return has(actor, ...CITY_WIDE_READERS) || inUnit(target.providerUnitId);
    case 'objection.stats':
      if (has(actor, 'platform_admin', 'authority_reviewer', 'supervisor', 'leader')) return true;
      return has(actor, 'unit_steward') && inUnit(target.providerUnitId);
    default:
      return false;
  }
}
