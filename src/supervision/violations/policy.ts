import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { UNIT_VISIBLE_STATES, type ViolationState } from './model.js';

/**
 * Who may do what with violations (违规事项). The supervision department (supervisor) acts on
 * everything; the IT authority sees everything and may record by hand; a unit's people see the
 * unit's confirmed-and-later violations and its data steward answers; the leadership group,
 * administrators and auditors read. Published notices (通报) are for every signed-in user.
 */
export const VIOLATION_POLICY_ACTIONS = [
  'violation.read',
  'violation.list_all',
  'violation.record',
  'violation.confirm',
  'violation.dismiss',
  'violation.notify',
  'violation.order',
  'violation.answer',
  'violation.close',
  'violation.send_back',
  'violation.escalate',
  'violation.stats',
  'violation.notices',
] as const;
export type ViolationPolicyAction = (typeof VIOLATION_POLICY_ACTIONS)[number];

export interface ViolationTarget {
  unitId?: string | null;
  state?: ViolationState;
}

const has = (a: SharingActor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));
/** See every violation, candidates included. */
export const CITY_WIDE_READERS: Role[] = ['supervisor', 'authority_reviewer', 'leader', 'platform_admin', 'auditor'];
const UNIT_PEOPLE: Role[] = ['unit_user', 'unit_steward'];

export function can(actor: SharingActor | null | undefined, action: ViolationPolicyAction, target: ViolationTarget = {}): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || actor.kind !== 'user') return false;
  const inUnit = !!actor.unitId && !!target.unitId && actor.unitId === target.unitId;
  const unitVisible = target.state !== undefined && UNIT_VISIBLE_STATES.includes(target.state);

  switch (action) {
    case 'violation.read':
      return has(actor, ...CITY_WIDE_READERS) || (has(actor, ...UNIT_PEOPLE) && inUnit && unitVisible);
    case 'violation.list_all':
    case 'violation.stats':
      return has(actor, ...CITY_WIDE_READERS);
    case 'violation.record':
      return has(actor, 'supervisor', 'authority_reviewer');
    case 'violation.confirm':
    case 'violation.dismiss':
    case 'violation.notify':
    case 'violation.order':
    case 'violation.close':
    case 'violation.send_back':
    case 'violation.escalate':
      return has(actor, 'supervisor');
    case 'violation.answer':
      return has(actor, 'unit_steward') && inUnit;
    case 'violation.notices':
      return true;
    default:
      return false;
  }
}
