import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { can, PLAN_POLICY_ACTIONS } from './policy.js';

const user = (roles: Role[], unitId = 'U1'): SharingActor => ({ actorType: 'user', actorId: 'x', actorName: 'x', unitId, clientIp: null, requestId: null, kind: 'user', roles });

describe('plan policy (年度计划, R26): role × action', () => {
  for (const role of ROLES) {
    it(`${role}: read yes; manage ${role === 'authority_reviewer' ? 'yes' : 'no'}; progress ${role === 'unit_steward' ? 'own unit only' : 'no'}`, () => {
      const a = user([role]);
      expect(can(a, 'plan.read')).toBe(true);
      expect(can(a, 'plan.manage', { ownerUnitId: 'U1' })).toBe(role === 'authority_reviewer');
      expect(can(a, 'plan.progress', { ownerUnitId: 'U1' })).toBe(role === 'unit_steward');
      expect(can(a, 'plan.progress', { ownerUnitId: 'U2' })).toBe(false);
    });
  }

  it('denies API tokens and anonymous callers; trusted code may do anything', () => {
    const token: SharingActor = { ...user(['authority_reviewer']), actorType: 'token', kind: 'token' };
    const system: SharingActor = { ...user([]), actorType: 'system', kind: 'system' };
    for (const action of PLAN_POLICY_ACTIONS) {
      expect(can(token, action, { ownerUnitId: 'U1' })).toBe(false);
      expect(can(null, action)).toBe(false);
      expect(can({ ...user(['authority_reviewer']), actorType: 'anonymous' }, action)).toBe(false);
      expect(can(system, action)).toBe(true);
    }
  });
});
