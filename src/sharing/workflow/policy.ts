import type { Role } from '../../core/actor.js';
import type { SharingActor } from './types.js';

/**
 * Who may do what with the workflow kernel. Deny by default. Item timelines are decided by the
 * item modules (registerAccess); everything else is here.
 */
export const WORKFLOW_ACTIONS = [
  'inbox.read', // own tasks and notifications: any signed-in user (a token sees its roles' tasks)
  'settings.read', // the deadline settings: anyone signed in (deadlines are public rules)
  'settings.update', // the IT authority sets deadlines (R13 "all are settings"), the administrator too
  'sweep.run', // run the sweeper on demand
  'overdue.read', // the overdue list: the authority, supervision, the administrator
  'oa_hook.manage', // a unit's OA webhook: that unit's data steward
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

const has = (a: Pick<SharingActor, 'roles'>, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));

/** `unitId` names the unit an action is about (oa_hook.manage). */
export function can(by: SharingActor | null | undefined, action: WorkflowAction, target: { unitId?: string | null } = {}): boolean {
  if (!by || by.kind === 'system') return false;
  switch (action) {
    case 'inbox.read':
    case 'settings.read':
      return true;
    case 'settings.update':
    case 'sweep.run':
      return by.kind === 'user' && has(by, 'authority_reviewer', 'platform_admin');
    case 'overdue.read':
      return has(by, 'authority_reviewer', 'supervisor', 'platform_admin');
    case 'oa_hook.manage':
      return by.kind === 'user' && has(by, 'unit_steward') && !!by.unitId && by.unitId === target.unitId;
    default:
      return false;
  }
}
