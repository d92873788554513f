import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';

/**
 * Who may do what with the compliance monitor (合规监测, R23). Deny by default.
 *
 *   rules.list       the supervision department, the IT authority, administrators
 *   rules.run        the same (runs every rule, or the ones named, now)
 *   settings.read    the same
 *   settings.update  the supervision department and the IT authority (thresholds are their call)
 *
 * API tokens take no part. Trusted code (the sweeper, the demo) acts as 'system' / 'cli'.
 */
export const COMPLIANCE_POLICY_ACTIONS = ['rules.list', 'rules.run', 'settings.read', 'settings.update'] as const;
export type CompliancePolicyAction = (typeof COMPLIANCE_POLICY_ACTIONS)[number];

const has = (a: SharingActor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));

export function can(actor: SharingActor | null | undefined, action: CompliancePolicyAction): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || actor.kind !== 'user') return false;
  switch (action) {
    case 'rules.list':
    case 'rules.run':
    case 'settings.read':
      return has(actor, 'supervisor', 'authority_reviewer', 'platform_admin');
    case 'settings.update':
      return has(actor, 'supervisor', 'authority_reviewer');
    default:
      return false;
  }
}
