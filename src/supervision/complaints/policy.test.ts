import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { COMPLAINT_POLICY_ACTIONS, can, type ComplaintPolicyAction, type ComplaintTarget } from './policy.js';

const COMPLAINANT = 'unit-complainant';
const TARGET = 'unit-target';
const OTHER = 'unit-other';
type Relation = 'complainant' | 'target' | 'other';
const UNIT: Record<Relation, string> = { complainant: COMPLAINANT, target: TARGET, other: OTHER };

function user(role: Role, unitId: string | null): SharingActor {
  return { actorType: 'user', actorId: `u-${role}`, actorName: role, unitId, clientIp: null, requestId: null, kind: 'user', roles: [role], systemId: null };
}
const PEOPLE: Role[] = ['unit_user', 'unit_steward'];
const READERS: Role[] = ['supervisor', 'authority_reviewer', 'leader'];

/** A complaint to the supervision department in which the target was asked (and has a request pending), not disclosed. */
const T: ComplaintTarget = { addressee: 'supervision', complainantUnitId: COMPLAINANT, targetUnitId: TARGET, targetInvolved: true, disclosed: false, pendingTarget: true, pendingComplainant: false };

function expected(role: Role, action: ComplaintPolicyAction, rel: Relation): boolean {
  const person = PEOPLE.includes(role);
  switch (action) {
    case 'complaint.submit':
      return person && rel !== 'target';
    case 'complaint.read':
      return READERS.includes(role) || (person && rel !== 'other');
    case 'complaint.list_all':
      return READERS.includes(role);
    case 'complaint.handle':
      return role === 'supervisor';
    case 'complaint.reply':
      return person && rel === 'target';
    case 'complaint.acknowledge':
    case 'complaint.evidence_add':
      return person && rel === 'complainant';
    case 'complaint.evidence_read':
      return READERS.includes(role) || (person && rel === 'complainant');
  }
}

describe('complaint policy: role × action matrix (deny by default)', () => {
  for (const role of ROLES) {
    for (const action of COMPLAINT_POLICY_ACTIONS) {
      for (const rel of ['complainant', 'target', 'other'] as Relation[]) {
        const want = expected(role, action, rel);
        it(`${role} of the ${rel} unit: ${action} → ${want}`, () => {
          expect(can(user(role, UNIT[rel]), action, T)).toBe(want);
        });
      }
    }
  }

  it('the complained-about unit sees nothing until asked, and the evidence only once the complainant is disclosed', () => {
    for (const role of PEOPLE) {
      expect(can(user(role, TARGET), 'complaint.read', { ...T, targetInvolved: false })).toBe(false);
      expect(can(user(role, TARGET), 'complaint.evidence_read', { ...T, disclosed: true })).toBe(true);
      expect(can(user(role, TARGET), 'complaint.reply', { ...T, pendingTarget: false })).toBe(false);
    }
  });

  it('a complaint to the IT authority is handled by its reviewers, not by supervisors', () => {
    expect(can(user('authority_reviewer', null), 'complaint.handle', { ...T, addressee: 'authority' })).toBe(true);
    expect(can(user('supervisor', null), 'complaint.handle', { ...T, addressee: 'authority' })).toBe(false);
  });

  it('API tokens and anonymous callers take no part', () => {
    const token: SharingActor = { ...user('unit_steward', COMPLAINANT), actorType: 'token', kind: 'token' };
    const anon: SharingActor = { ...user('unit_user', COMPLAINANT), actorType: 'anonymous' };
    for (const action of COMPLAINT_POLICY_ACTIONS) {
      expect(can(token, action, T)).toBe(false);
      expect(can(anon, action, T)).toBe(false);
      expect(can(null, action, T)).toBe(false);
    }
  });
});
