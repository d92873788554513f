import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { can, TRAINING_POLICY_ACTIONS, type TrainingPolicyAction } from './policy.js';

const user = (roles: Role[], unitId = 'U1'): SharingActor => ({
  actorType: 'user',
  actorId: 'x',
  actorName: 'x',
  unitId,
  clientIp: null,
  requestId: null,
  kind: 'user',
  roles,
});

/** role × action: Y = allowed (own unit U1 as target for read_unit), O = only for the own unit. */
const MATRIX: Record<Role, Record<TrainingPolicyAction, 'Y' | 'N' | 'O'>> = {
  platform_admin: { 'training.manage': 'Y', 'training.list': 'Y', 'training.read_all': 'Y', 'training.read_unit': 'Y' },
  authority_reviewer: { 'training.manage': 'Y', 'training.list': 'Y', 'training.read_all': 'Y', 'training.read_unit': 'Y' },
  supervisor: { 'training.manage': 'N', 'training.list': 'Y', 'training.read_all': 'Y', 'training.read_unit': 'Y' },
  leader: { 'training.manage': 'N', 'training.list': 'Y', 'training.read_all': 'Y', 'training.read_unit': 'Y' },
  unit_steward: { 'training.manage': 'N', 'training.list': 'Y', 'training.read_all': 'N', 'training.read_unit': 'O' },
  unit_user: { 'training.manage': 'N', 'training.list': 'N', 'training.read_all': 'N', 'training.read_unit': 'N' },
  secrecy_officer: { 'training.manage': 'N', 'training.list': 'N', 'training.read_all': 'N', 'training.read_unit': 'N' },
  auditor: { 'training.manage': 'N', 'training.list': 'N', 'training.read_all': 'N', 'training.read_unit': 'N' },
};

describe('training policy (培训, R24): role × action', () => {
  for (const [role, row] of Object.entries(MATRIX) as [Role, Record<TrainingPolicyAction, string>][]) {
    for (const action of TRAINING_POLICY_ACTIONS) {
      const want = row[action];
      it(`${role} ${want === 'N' ? 'may not' : 'may'} ${action}${want === 'O' ? ' (own unit only)' : ''}`, () => {
        expect(can(user([role]), action, { unitId: 'U1' })).toBe(want !== 'N');
        expect(can(user([role]), action, { unitId: 'U2' })).toBe(want === 'Y');
      });
    }
  }

  it('denies API tokens, anonymous callers and nobody', () => {
    const token: SharingActor = { ...user(['authority_reviewer']), actorType: 'token', kind: 'token' };
    for (const action of TRAINING_POLICY_ACTIONS) {
      expect(can(token, action, { unitId: 'U1' })).toBe(false);
      expect(can(null, action)).toBe(false);
      expect(can({ ...user(['authority_reviewer']), actorType: 'anonymous' }, action)).toBe(false);
    }
  });

  it('lets trusted code (seed, CLI) do anything', () => {
    const system: SharingActor = { ...user([]), actorType: 'system', kind: 'system' };
    for (const action of TRAINING_POLICY_ACTIONS) expect(can(system, action)).toBe(true);
  });
});
