import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { UNIT_VISIBLE_STATES, VIOLATION_STATES, type ViolationState } from './model.js';
import { VIOLATION_POLICY_ACTIONS, can, type ViolationPolicyAction } from './policy.js';

const UNIT = 'unit-concerned';
const OTHER = 'unit-other';
type Relation = 'own' | 'other';

function user(role: Role, unitId: string | null): SharingActor {
  return { actorType: 'user', actorId: `u-${role}`, actorName: role, unitId, clientIp: null, requestId: null, kind: 'user', roles: [role], systemId: null };
}

const READERS: Role[] = ['supervisor', 'authority_reviewer', 'leader', 'platform_admin', 'auditor'];
const PEOPLE: Role[] = ['unit_user', 'unit_steward'];

/** The expected answer for a role in the unit concerned (own) or another unit, on a violation in `state`. */
function expected(role: Role, action: ViolationPolicyAction, rel: Relation, state: ViolationState): boolean {
  switch (action) {
    case 'violation.read':
      return READERS.includes(role) || (PEOPLE.includes(role) && rel === 'own' && UNIT_VISIBLE_STATES.includes(state));
    case 'violation.list_all':
    case 'violation.stats':
      return READERS.includes(role);
    case 'violation.record':
      return role === 'supervisor' || role === 'authority_reviewer';
    case 'violation.confirm':
    case 'violation.dismiss':
    case 'violation.notify':
    case 'violation.order':
    case 'violation.close':
    case 'violation.send_back':
    case 'violation.escalate':
      return role === 'supervisor';
    case 'violation.answer':
      return role === 'unit_steward' && rel === 'own';
    case 'violation.notices':
      return true;
  }
}

describe('violation policy: role × action matrix (deny by default)', () => {
  for (const role of ROLES) {
    for (const action of VIOLATION_POLICY_ACTIONS) {
      for (const rel of ['own', 'other'] as Relation[]) {
        it(`${role} of the ${rel} unit: ${action}`, () => {
          for (const state of VIOLATION_STATES) {
            expect(can(user(role, rel === 'own' ? UNIT : OTHER), action, { unitId: UNIT, state }), state).toBe(expected(role, action, rel, state));
          }
        });
      }
    }
  }

  it('a unit\'s people never see candidates or dismissed ones, even their own', () => {
    for (const role of PEOPLE) for (const state of ['candidate', 'dismissed'] as const) expect(can(user(role, UNIT), 'violation.read', { unitId: UNIT, state })).toBe(false);
  });

  it('a platform-wide violation (no unit) is for city-wide readers only', () => {
    for (const role of PEOPLE) expect(can(user(role, UNIT), 'violation.read', { unitId: null, state: 'confirmed' })).toBe(false);
    expect(can(user('unit_steward', null), 'violation.answer', { unitId: null, state: 'rectifying' })).toBe(false);
  });

  it('API tokens and anonymous callers take no part; the system does', () => {
    const token: SharingActor = { ...user('supervisor', UNIT), actorType: 'token', kind: 'token' };
    const anon: SharingActor = { ...user('supervisor', UNIT), actorType: 'anonymous' };
    const system: SharingActor = { ...user('unit_user', null), actorType: 'system', kind: 'system', roles: [] };
    for (const action of VIOLATION_POLICY_ACTIONS) {
      expect(can(token, action, { unitId: UNIT, state: 'confirmed' })).toBe(false);
      expect(can(anon, action, { unitId: UNIT, state: 'confirmed' })).toBe(false);
      expect(can(null, action)).toBe(false);
      expect(can(system, action, { unitId: UNIT, state: 'confirmed' })).toBe(true);
    }
  });
});
