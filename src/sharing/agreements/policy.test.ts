import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../workflow/types.js';
import { AGREEMENT_ACTIONS, can, officesOf, sidesOf, type AgreementAction, type AgreementTarget } from './policy.js';

const PROVIDER = 'unit-provider';
const CONSUMER = 'unit-consumer';
const OTHER = 'unit-other';

function user(role: Role, unitId: string | null): SharingActor {
  return { actorType: 'user', actorId: `${role}@${unitId}`, actorName: role, unitId, clientIp: null, requestId: null, kind: 'user', roles: [role], systemId: null };
}

/** Which (role, unit) may do each action on an agreement between PROVIDER and CONSUMER. The only "yes" cells. */
const ALLOWED: Record<AgreementAction, string[]> = {
  read: [
    'unit_steward@provider',
    'unit_user@provider',
    'unit_steward@consumer',
    'unit_user@consumer',
    ...['platform_admin', 'authority_reviewer', 'supervisor', 'secrecy_officer'].flatMap((r) => [`${r}@provider`, `${r}@consumer`, `${r}@other`]),
  ],
  list_mine: ['unit_steward', 'unit_user'].flatMap((r) => [`${r}@provider`, `${r}@consumer`, `${r}@other`]),
  list_all: ['platform_admin', 'authority_reviewer', 'supervisor', 'secrecy_officer'].flatMap((r) => [`${r}@provider`, `${r}@consumer`, `${r}@other`]),
  list_to_file: ['authority_reviewer', 'secrecy_officer'].flatMap((r) => [`${r}@provider`, `${r}@consumer`, `${r}@other`]),
  create: ['unit_steward@provider', 'unit_steward@consumer', 'unit_user@consumer', 'authority_reviewer@provider', 'authority_reviewer@consumer', 'authority_reviewer@other'],
  edit: ['unit_steward@provider', 'unit_steward@consumer', 'unit_user@consumer'],
  upload: ['unit_steward@provider', 'unit_steward@consumer', 'unit_user@consumer'],
  submit: ['unit_steward@provider', 'unit_steward@consumer', 'unit_user@consumer'],
  // confirm, acknowledge and return are checked with their side / office below.
  confirm: [],
  acknowledge: [],
  return: [],
  terminate: ['unit_steward@provider', 'authority_reviewer@provider', 'authority_reviewer@consumer', 'authority_reviewer@other'],
};

const UNITS: Record<string, string> = { provider: PROVIDER, consumer: CONSUMER, other: OTHER };
const target: AgreementTarget = { providerUnitId: PROVIDER, consumerUnitId: CONSUMER };

describe('agreement policy: role × action', () => {
  for (const action of AGREEMENT_ACTIONS.filter((a) => a !== 'confirm' && a !== 'acknowledge' && a !== 'return')) {
    it(`${action}: exactly the allowed roles`, () => {
      const got: string[] = [];
      for (const role of ROLES) for (const [name, unit] of Object.entries(UNITS)) if (can(user(role, unit), action, target)) got.push(`${role}@${name}`);
      expect(got.sort()).toEqual([...ALLOWED[action]].sort());
    });
  }

  it('confirm: each party for its own side only', () => {
    const got: string[] = [];
    for (const role of ROLES)
      for (const [name, unit] of Object.entries(UNITS))
        for (const side of ['provider', 'consumer'] as const) if (can(user(role, unit), 'confirm', { ...target, side })) got.push(`${role}@${name}:${side}`);
    expect(got.sort()).toEqual(['unit_steward@consumer:consumer', 'unit_steward@provider:provider', 'unit_user@consumer:consumer']);
  });

  it('acknowledge and return: each office for itself; nobody else', () => {
    for (const action of ['acknowledge', 'return'] as const) {
      const got: string[] = [];
      for (const role of ROLES)
        for (const office of ['secrecy_bureau', 'authority'] as const) if (can(user(role, OTHER), action, { ...target, office })) got.push(`${role}:${office}`);
      expect(got.sort(), action).toEqual(['authority_reviewer:authority', 'secrecy_officer:secrecy_bureau']);
    }
  });

  it('denies API tokens, system actors, anonymous callers and users without a unit acting as parties', () => {
    const token: SharingActor = { ...user('unit_steward', PROVIDER), actorType: 'token', kind: 'token' };
    const system: SharingActor = { ...user('platform_admin', null), actorType: 'system', kind: 'system' };
    for (const action of AGREEMENT_ACTIONS) {
      expect(can(token, action, { ...target, side: 'provider', office: 'authority' }), action).toBe(false);
      expect(can(system, action, { ...target, side: 'provider', office: 'authority' }), action).toBe(false);
      expect(can(null, action, target), action).toBe(false);
      expect(can(user('unit_steward', null), action, { ...target, side: 'provider' }), action).toBe(false);
    }
    expect(can(user('unit_steward', PROVIDER), 'read')).toBe(false); // no target, no answer
  });

  it('sides and offices of a caller', () => {
    expect(sidesOf(user('unit_steward', PROVIDER), target)).toEqual(['provider']);
    expect(sidesOf(user('unit_user', PROVIDER), target)).toEqual([]);
    expect(sidesOf(user('unit_user', CONSUMER), target)).toEqual(['consumer']);
    expect(sidesOf(user('unit_steward', PROVIDER), { providerUnitId: PROVIDER, consumerUnitId: PROVIDER })).toEqual(['provider', 'consumer']);
    expect(officesOf({ ...user('secrecy_officer', OTHER), roles: ['secrecy_officer', 'authority_reviewer'] })).toEqual(['secrecy_bureau', 'authority']);
    expect(officesOf(user('supervisor', OTHER))).toEqual([]);
  });
});
