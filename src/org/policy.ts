import { hasRole, type Actor } from '../core/actor.js';

/** Everything the org module lets someone do; routes ask `can` before calling the service. */
export const ORG_ACTIONS = [
  'unit.read',
  'unit.create',
  'unit.update',
  'unit.update_contacts',
  'user.read',
  'user.create',
  'user.update',
  'user.reset_password',
  'system.read',
  'system.create',
  'system.update',
  'token.read',
  'token.create',
  'token.revoke',
] as const;
export type OrgAction = (typeof ORG_ACTIONS)[number];

/** What the action is about: the unit the object belongs to (omitted: "across all units"). */
export interface OrgTarget {
  unitId?: string | null;
}

/** Readers across all units (R18 least privilege: reviewing, supervising and auditing need the whole picture). */
const GLOBAL_READERS: Partial<Record<OrgAction, readonly string[]>> = {
  'user.read': ['authority_reviewer', 'supervisor', 'auditor'],
  'system.read': ['authority_reviewer', 'supervisor', 'auditor'],
  'token.read': ['auditor'],
};

/** What a unit's data steward may do for their own unit only. */
const STEWARD_OWN_UNIT: ReadonlySet<OrgAction> = new Set<OrgAction>([
  'unit.update_contacts',
  'user.read',
  'system.read',
  'system.create',
  'system.update',
  'token.read',
  'token.create',
  'token.revoke',
]);

/**
 * Who may do what in org. Deny by default; the platform admin may do everything; a steward acts
 * on their own unit; reviewers, supervisors and auditors read; application systems (API tokens)
 * only see the unit directory.
 */
export function can(actor: Actor | null | undefined, action: OrgAction, target?: OrgTarget): boolean {
  if (!actor) return false;
  if (action === 'unit.read') return true;
  if (actor.kind !== 'user') return false;
  if (hasRole(actor, 'platform_admin')) return true;
  const readers = GLOBAL_READERS[action];
  if (readers && actor.roles.some((r) => readers.includes(r))) return true;
  if (STEWARD_OWN_UNIT.has(action) && hasRole(actor, 'unit_steward')) {
    return !!target?.unitId && !!actor.unitId && target.unitId === actor.unitId;
  }
  return false;
}
