import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../workflow/types.js';
import { DEMAND_ACTIONS, can, type DemandAction } from './policy.js';

const REQUESTER = 'unit-requester';
const PROVIDER = 'unit-provider';
const OTHER = 'unit-other';
const parties = { requesterUnitId: REQUESTER, providerUnitId: PROVIDER };

type Relation = 'requester' | 'provider' | 'other';
const UNIT_OF: Record<Relation, string> = { requester: REQUESTER, provider: PROVIDER, other: OTHER };

function user(role: Role, unitId: string | null): SharingActor {
  return { actorType: 'user', actorId: `u-${role}`, actorName: role, unitId, roles: [role], kind: 'user', clientIp: null, requestId: null };
}

const OVERSEERS: Role[] = ['authority_reviewer', 'leader', 'supervisor', 'platform_admin'];
const UNIT_ROLES: Role[] = ['unit_user', 'unit_steward'];

/** The rule in words, independent of the implementation. */
function expected(role: Role, rel: Relation, action: DemandAction): boolean {
  switch (action) {
    case 'list':
    case 'read_gaps':
      return true;
    case 'create':
      return UNIT_ROLES.includes(role);
    case 'read':
    case 'suggest':
      return OVERSEERS.includes(role) || rel === 'requester' || rel === 'provider';
    case 'read_all':
      return OVERSEERS.includes(role);
    case 'accept':
    case 'decline':
      return role === 'unit_steward' && rel === 'provider';
    case 'withdraw':
      return UNIT_ROLES.includes(role) && rel === 'requester';
    case 'leader_decide':
      return role === 'leader';
    case 'route':
    case 'register':
    case 'decide':
    case 'escalate':
    case 'mark_gap':
      return role === 'authority_reviewer';
  }
}

describe('demand policy: role × relation × action (deny by default)', () => {
  for (const role of ROLES) {
    for (const rel of ['requester', 'provider', 'other'] as Relation[]) {
      for (const action of DEMAND_ACTIONS) {
        const want = expected(role, rel, action);
        it(`${role} of the ${rel} unit: ${action} → ${want}`, () => {
          expect(can(user(role, UNIT_OF[rel]), action, parties)).toBe(want);
        });
      }
    }
  }

  it('denies anonymous callers everything', () => {
    for (const action of DEMAND_ACTIONS) expect(can(null, action, parties)).toBe(false);
    for (const action of DEMAND_ACTIONS) expect(can({ ...user('unit_user', REQUESTER), actorType: 'anonymous' }, action, parties)).toBe(false);
  });

  it('lets application systems (API tokens) read only the gap list', () => {
    const token: SharingActor = { actorType: 'token', actorId: 't1', actorName: 'token', unitId: REQUESTER, roles: [], kind: 'token', systemId: 's1', clientIp: null, requestId: null };
    for (const action of DEMAND_ACTIONS) expect(can(token, action, parties)).toBe(action === 'read_gaps');
  });

  it('gives a user without a unit no unit rights', () => {
    expect(can(user('unit_user', null), 'create')).toBe(false);
    expect(can(user('unit_steward', null), 'accept', { requesterUnitId: REQUESTER, providerUnitId: null })).toBe(false);
    expect(can(user('unit_user', null), 'read', { requesterUnitId: REQUESTER, providerUnitId: null })).toBe(false);
  });

  it('does not treat an unrouted demand as anybody’s to answer', () => {
    const unrouted = { requesterUnitId: REQUESTER, providerUnitId: null };
    expect(can(user('unit_steward', PROVIDER), 'read', unrouted)).toBe(false);
    expect(can(user('unit_steward', PROVIDER), 'accept', unrouted)).toBe(false);
  });

  it('trusts the sweeper and the seed (system, cli)', () => {
    const system: SharingActor = { actorType: 'system', actorId: null, actorName: 'system', unitId: null, roles: [], kind: 'system', clientIp: null, requestId: null };
    for (const action of DEMAND_ACTIONS) expect(can(system, action, parties)).toBe(true);
  });
});
