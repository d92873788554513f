import type { Role } from '../../core/actor.js';

/**
 * Who may do what with the annual evaluation (年度评估, 第二十八条). Deny by default.
 *
 *   run, publish, discard, settings_update   the IT authority (主管部门) — and trusted code (CLI, seed)
 *   settings_read, read_drafts, unit_detail_any   the authority, supervisors, administrators, the leadership group
 *   read_published                         every signed-in user (the results are published on the portal)
 *   unit_detail (own unit)                 a unit's people see how their own unit's score was computed
 * API tokens take no part.
 */
export const EVALUATION_POLICY_ACTIONS = [
  'evaluation.run',
  'evaluation.publish',
  'evaluation.discard',
  'evaluation.settings_read',
  'evaluation.settings_update',
  'evaluation.read_drafts',
  'evaluation.read_published',
  'evaluation.unit_detail',
] as const;
export type EvaluationPolicyAction = (typeof EVALUATION_POLICY_ACTIONS)[number];

export interface EvaluationCaller {
  actorType: string;
  kind?: 'user' | 'token' | 'system';
  roles: Role[];
  unitId: string | null;
}

const OVERSEERS: Role[] = ['authority_reviewer', 'supervisor', 'platform_admin', 'leader'];

export function canEvaluate(actor: EvaluationCaller | null | undefined, action: EvaluationPolicyAction, target: { unitId?: string | null } = {}): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || (actor.kind && actor.kind !== 'user')) return false;
  const has = (...roles: Role[]) => actor.roles.some((r) => roles.includes(r));
  switch (action) {
    case 'evaluation.run':
    case 'evaluation.publish':
    case 'evaluation.discard':
    case 'evaluation.settings_update':
      return has('authority_reviewer');
    case 'evaluation.settings_read':
    case 'evaluation.read_drafts':
      return has(...OVERSEERS);
    case 'evaluation.read_published':
      return true;
    case 'evaluation.unit_detail':
      return has(...OVERSEERS) || (!!actor.unitId && !!target.unitId && actor.unitId === target.unitId);
    default:
      return false;
  }
}
