import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { COMPLIANCE_POLICY_ACTIONS, can, type CompliancePolicyAction } from './policy.js';

const user = (role: Role): SharingActor => ({ actorType: 'user', actorId: 'u', actorName: 'u', unitId: 'unit-1', clientIp: null, requestId: null, kind: 'user', roles: [role] });

/** The whole role × action matrix of the compliance monitor (合规监测). */
const ALLOWED: Record<CompliancePolicyAction, Role[]> = {
  'rules.list': ['supervisor', 'authority_reviewer', 'platform_admin'],
  'rules.run': ['supervisor', 'authority_reviewer', 'platform_admin'],
  'settings.read': ['supervisor', 'authority_reviewer', 'platform_admin'],
  'settings.update': ['supervisor', 'authority_reviewer'],
};

describe('compliance policy', () => {
  it('allows exactly the matrix for every role and action', () => {
    for (const action of COMPLIANCE_POLICY_ACTIONS) {
      for (const role of ROLES) expect(can(user(role), action), `${role} ${action}`).toBe(ALLOWED[action].includes(role));
    }
  });

  it('denies API tokens, anonymous callers and nobody; trusts the sweeper and the CLI', () => {
    for (const action of COMPLIANCE_POLICY_ACTIONS) {
      expect(can({ ...user('supervisor'), actorType: 'token', kind: 'token' }, action)).toBe(false);
      expect(can({ ...user('supervisor'), actorType: 'anonymous' }, action)).toBe(false);
      expect(can(null, action)).toBe(false);
      expect(can({ ...user('unit_user'), actorType: 'system', kind: 'system', roles: [] }, action)).toBe(true);
      expect(can({ ...user('unit_user'), actorType: 'cli', roles: [] }, action)).toBe(true);
    }
  });
});
