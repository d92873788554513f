import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';

/**
 * Who may do what with the integrity checks (第三十一条第七项). Deny by default.
 *
 *   integrity.read    see the last verification of each check and its open findings (record keys
 *                     of tampered rows among them): supervisors, auditors, platform administrators,
 *                     the IT authority's reviewers
 *   integrity.verify  run the full verification now (reads every event and dataset row):
 *                     supervisors, auditors, platform administrators
 * API tokens take no part; trusted code paths (system, CLI) may do both.
 */
export const INTEGRITY_POLICY_ACTIONS = ['integrity.read', 'integrity.verify'] as const;
export type IntegrityPolicyAction = (typeof INTEGRITY_POLICY_ACTIONS)[number];

const ALLOWED: Record<IntegrityPolicyAction, Role[]> = {
  'integrity.read': ['supervisor', 'auditor', 'platform_admin', 'authority_reviewer'],
  'integrity.verify': ['supervisor', 'auditor', 'platform_admin'],
};

export function can(actor: SharingActor | null | undefined, action: IntegrityPolicyAction): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || actor.kind !== 'user') return false;
  return actor.roles.some((r) => ALLOWED[action].includes(r));
}
