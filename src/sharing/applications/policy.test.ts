import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../workflow/types.js';
import { APPLICATION_ACTIONS, can, type ApplicationAction } from './policy.js';
import { applicationMessages } from './messages.js';
import { sharingMessages } from '../messages.js';

const CONSUMER = 'unit-consumer';
const PROVIDER = 'unit-provider';
const OTHER = 'unit-other';
type Side = 'consumer' | 'provider' | 'other';
const unitOf: Record<Side, string> = { consumer: CONSUMER, provider: PROVIDER, other: OTHER };

function user(role: Role, side: Side): SharingActor {
  return { actorType: 'user', actorId: `u-${role}`, actorName: role, unitId: unitOf[side], clientIp: null, requestId: null, kind: 'user', roles: [role] };
}

const OVERSEERS: Role[] = ['authority_reviewer', 'supervisor', 'platform_admin'];

/** The expected answer for a role sitting in the consumer unit, the provider unit or a third unit. */
function expected(role: Role, side: Side, action: ApplicationAction): boolean {
  const applicant = role === 'unit_user' || role === 'unit_steward';
  const steward = role === 'unit_steward';
  const authority = role === 'authority_reviewer';
  switch (action) {
    case 'application.create':
      return applicant && side === 'consumer';
    case 'application.read':
      return OVERSEERS.includes(role) || side === 'consumer' || (side === 'provider' && steward);
    case 'application.edit':
    case 'application.withdraw':
      return applicant && side === 'consumer';
    case 'application.review':
      return steward && side === 'provider';
    case 'application.approve':
      return (steward && side === 'provider') || authority;
    case 'application.decide_extension':
    case 'application.coordinate':
    case 'application.register':
      return authority;
    case 'application.list_all':
      return OVERSEERS.includes(role);
    case 'application.list_review':
      return steward;
    case 'grant.read':
      return OVERSEERS.includes(role) || role === 'secrecy_officer' || side !== 'other';
    case 'grant.list_all':
      return OVERSEERS.includes(role) || role === 'secrecy_officer';
    case 'grant.suspend':
      return (steward && side === 'provider') || authority || role === 'supervisor';
    case 'grant.resume':
    case 'grant.revoke':
      return (steward && side === 'provider') || authority;
  }
}

describe('applications and grants policy: role × unit × action (deny by default)', () => {
  for (const role of ROLES) {
    for (const side of ['consumer', 'provider', 'other'] as const) {
      for (const action of APPLICATION_ACTIONS) {
        const want = expected(role, side, action);
        it(`${role} of the ${side} unit: ${action} → ${want}`, () => {
          expect(can(user(role, side), action, { consumerUnitId: CONSUMER, providerUnitId: PROVIDER })).toBe(want);
        });
      }
    }
  }

  it('application systems (API tokens), the platform itself and anonymous callers may do nothing here', () => {
    const token: SharingActor = { actorType: 'token', actorId: 't', actorName: 't', unitId: CONSUMER, clientIp: null, requestId: null, kind: 'token', roles: ['unit_user', 'unit_steward'], systemId: 's' };
    const system: SharingActor = { actorType: 'system', actorId: 's', actorName: 's', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: ['authority_reviewer'] };
    for (const action of APPLICATION_ACTIONS) {
      expect(can(token, action, { consumerUnitId: CONSUMER, providerUnitId: PROVIDER }), action).toBe(false);
      expect(can(system, action, { consumerUnitId: CONSUMER, providerUnitId: PROVIDER }), action).toBe(false);
      expect(can(null, action, { consumerUnitId: CONSUMER, providerUnitId: PROVIDER }), action).toBe(false);
    }
  });

  it('a user without a unit has no unit rights', () => {
    const noUnit: SharingActor = { ...user('unit_steward', 'consumer'), unitId: null };
    for (const action of ['application.create', 'application.read', 'application.edit', 'application.review', 'application.list_review', 'grant.read', 'grant.suspend'] as const) {
      expect(can(noUnit, action, { consumerUnitId: CONSUMER, providerUnitId: PROVIDER }), action).toBe(false);
    }
  });
});

describe('applications messages', () => {
  it('have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries({ ...applicationMessages, ...sharingMessages })) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });
});
