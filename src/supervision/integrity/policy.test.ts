import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { INTEGRITY_POLICY_ACTIONS, can, type IntegrityPolicyAction } from './policy.js';

const user = (role: Role): SharingActor => ({ actorType: 'user', kind: 'user', actorId: 'u', actorName: 'u', unitId: 'unit-1', clientIp: null, requestId: null, roles: [role] });

/** role × action: exactly these pairs are allowed. */
const ALLOWED: Record<IntegrityPolicyAction, Role[]> = {
  'integrity.read': ['supervisor', 'auditor', 'platform_admin', 'authority_reviewer'],
  'integrity.verify': ['supervisor', 'auditor', 'platform_admin'],
};

describe('integrity policy (role × action)', () => {
  for (const action of INTEGRITY_POLICY_ACTIONS) {
    for (const role of ROLES) {
      const allowed = ALLOWED[action].includes(role);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(can(user(role), action)).toBe(allowed);
      });
    }
  }
  it('API tokens and anonymous callers may do nothing; trusted code paths may do everything', () => {
    for (const action of INTEGRITY_POLICY_ACTIONS) {
      expect(can({ ...user('platform_admin'), actorType: 'token', kind: 'token' }, action)).toBe(false);
      expect(can(null, action)).toBe(false);
      expect(can({ ...user('unit_user'), actorType: 'system', kind: 'system' }, action)).toBe(true);
    }
  });
});
