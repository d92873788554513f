import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { can, REPORT_POLICY_ACTIONS, visibleStates, type ReportPolicyAction } from './policy.js';
import type { ReportState } from './model.js';

const user = (role: Role): SharingActor => ({ actorType: 'user', actorId: role, actorName: role, unitId: 'u1', clientIp: null, requestId: null, kind: 'user', roles: [role], systemId: null });

/** The expected matrix: role → actions allowed (read on a draft / on a sent report listed separately). */
const ALLOWED: Record<Role, (ReportPolicyAction | 'read_draft' | 'read_sent')[]> = {
  platform_admin: ['report.draft', 'read_draft', 'read_sent'],
  authority_reviewer: ['report.draft', 'read_draft', 'read_sent', 'report.edit', 'report.refresh', 'report.send'],
  unit_steward: [],
  unit_user: [],
  supervisor: ['read_draft', 'read_sent'],
  secrecy_officer: [],
  leader: ['read_sent', 'report.receive'],
  auditor: [],
};

describe('annual report policy: role × action', () => {
  for (const role of ROLES) {
    it(`${role}`, () => {
      const a = user(role);
      for (const action of REPORT_POLICY_ACTIONS) {
        if (action === 'report.read') continue;
        expect(can(a, action), `${role} ${action}`).toBe(ALLOWED[role].includes(action));
      }
      expect(can(a, 'report.read', { state: 'drafted' }), `${role} read draft`).toBe(ALLOWED[role].includes('read_draft'));
      for (const s of ['sent', 'received'] as ReportState[]) expect(can(a, 'report.read', { state: s }), `${role} read ${s}`).toBe(ALLOWED[role].includes('read_sent'));
    });
  }

  it('API tokens and anonymous callers may do nothing; the system (sweeper) everything', () => {
    const token: SharingActor = { ...user('authority_reviewer'), actorType: 'token', kind: 'token' };
    const system: SharingActor = { ...user('unit_user'), actorType: 'system', kind: 'system', roles: [] };
    for (const action of REPORT_POLICY_ACTIONS) {
      expect(can(token, action, { state: 'sent' })).toBe(false);
      expect(can(null, action)).toBe(false);
      expect(can(system, action)).toBe(true);
    }
  });

  it('leaders list only sent and received reports', () => {
    expect(visibleStates(user('leader'))).toEqual(['sent', 'received']);
    expect(visibleStates(user('supervisor'))).toEqual(['drafted', 'sent', 'received']);
    expect(visibleStates(user('unit_steward'))).toBeNull();
  });
});
