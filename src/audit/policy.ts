import { hasRole, type Actor, type Role } from '../core/actor.js';

/** Everything one can do with the audit log. Nobody can edit or delete it: there is no such action. */
export const AUDIT_ACTIONS = ['read', 'verify', 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * 第二十九、三十一条: the platform operator, the supervision department and auditors read, verify and
 * export the log; nobody else (deny by default, API tokens included: systems do not read the log).
 */
const ALLOWED: Record<AuditAction, readonly Role[]> = {
  read: ['platform_admin', 'supervisor', 'auditor'],
  verify: ['platform_admin', 'supervisor', 'auditor'],
  export: ['platform_admin', 'supervisor', 'auditor'],
};

export function can(actor: Actor | null | undefined, action: AuditAction): boolean {
  if (!actor || actor.kind !== 'user') return false;
  return hasRole(actor, ...ALLOWED[action]);
}
