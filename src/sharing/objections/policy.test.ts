import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../workflow/types.js';
import { OBJECTION_POLICY_ACTIONS, can, type ObjectionPolicyAction } from './policy.js';

const RAISER = 'unit-raiser';
const PROVIDER = 'unit-provider';
const OTHER = 'unit-other';
type Relation = 'raiser' | 'provider' | 'other';
const UNIT: Record<Relation, string> = { raiser: RAISER, provider: PROVIDER, other: OTHER };

function user(role: Role, unitId: string | null): SharingActor {
  return { actorType: 'user', actorId: `u-${role}`, actorName: role, unitId, clientIp: null, requestId: null, kind: 'user', roles: [role], systemId: null };
}

const CITY_WIDE: Role[] = ['platform_admin', 'authority_reviewer', 'supervisor'];
const PEOPLE: Role[] = ['unit_user', 'unit_steward'];

/** The expected answer for a role in a unit related to the objection as `rel` (for raise: a unit that may read the resource). */
function expected(role: Role, action: ObjectionPolicyAction, rel: Relation): boolean {
  switch (action) {
    case 'objection.raise':
      return PEOPLE.includes(role) && rel !== 'provider';
    case 'objection.read':
      return CITY_WIDE.includes(role) || rel !== 'other';
    case 'objection.list_all':
      return CITY_WIDE.includes(role);
    case 'objection.accept':
    case 'objection.reject':
    case 'objection.close':
      return role === 'authority_reviewer';
    case 'objection.answer':
      return role === 'unit_steward' && rel === 'provider';
    case 'objection.acknowledge':
    case 'objection.dispute':
      return PEOPLE.includes(role) && rel === 'raiser';
    case 'objection.evidence_add':
      return (PEOPLE.includes(role) && rel === 'raiser') || (role === 'unit_steward' && rel === 'provider');
    case 'objection.marks':
      return true;
    case 'objection.marks_keys':
      return CITY_WIDE.includes(role) || rel === 'provider';
    case 'objection.stats':
      return ['platform_admin', 'authority_reviewer', 'supervisor', 'leader'].includes(role) || (role === 'unit_steward' && rel === 'provider');
  }
}

describe('objection policy: role × action matrix (deny by default)', () => {
  for (const role of ROLES) {
    for (const action of OBJECTION_POLICY_ACTIONS) {
      for (const rel of ['raiser', 'provider', 'other'] as Relation[]) {
        const want = expected(role, action, rel);
        it(`${role} of the ${rel} unit: ${action} → ${want}`, () => {
          const target = action === 'objection.raise' ? { providerUnitId: PROVIDER, consumerMayRead: true } : { raiserUnitId: RAISER, providerUnitId: PROVIDER };
          expect(can(user(role, UNIT[rel]), action, target)).toBe(want);
        });
      }
    }
  }

  it('a unit that may not read the resource cannot raise, whatever its role', () => {
    for (const role of ROLES) expect(can(user(role, OTHER), 'objection.raise', { providerUnitId: PROVIDER, consumerMayRead: false })).toBe(false);
  });

  it('a user without a unit has no unit rights', () => {
    for (const action of ['objection.raise', 'objection.answer', 'objection.acknowledge', 'objection.dispute', 'objection.evidence_add'] as const) {
      for (const role of PEOPLE) expect(can(user(role, null), action, { raiserUnitId: RAISER, providerUnitId: PROVIDER, consumerMayRead: true })).toBe(false);
    }
    expect(can(user('unit_user', null), 'objection.read', { raiserUnitId: RAISER, providerUnitId: PROVIDER })).toBe(false);
  });

  it('API tokens and anonymous callers take no part', () => {
    const token: SharingActor = { ...user('unit_steward', PROVIDER), actorType: 'token', kind: 'token' };
    const anon: SharingActor = { ...user('unit_user', RAISER), actorType: 'anonymous' };
    for (const action of OBJECTION_POLICY_ACTIONS) {
      expect(can(token, action, { raiserUnitId: RAISER, providerUnitId: PROVIDER, consumerMayRead: true })).toBe(false);
      expect(can(anon, action, { raiserUnitId: RAISER, providerUnitId: PROVIDER, consumerMayRead: true })).toBe(false);
      expect(can(null, action)).toBe(false);
    }
  });

  it('stats for a steward need the own unit named', () => {
    expect(can(user('unit_steward', PROVIDER), 'objection.stats', {})).toBe(false);
    expect(can(user('unit_steward', PROVIDER), 'objection.stats', { providerUnitId: OTHER })).toBe(false);
  });
});
