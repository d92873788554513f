import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../core/actor.js';
import { can, ORG_ACTIONS } from './policy.js';

const user = (roles: Role[], unitId = 'u1'): Actor => ({ kind: 'user', id: 'x', name: 'x', unitId, roles, scopes: [], via: 'bearer' });

describe('org policy', () => {
  it('denies everything to an anonymous caller', () => {
    for (const a of ORG_ACTIONS) expect(can(null, a, { unitId: 'u1' })).toBe(false);
  });

  it('lets the platform admin do everything, anywhere', () => {
    for (const a of ORG_ACTIONS) expect(can(user(['platform_admin']), a, { unitId: 'other' })).toBe(true);
  });

  it("keeps a steward's powers inside their own unit, and requires a target to grant them", () => {
    const s = user(['unit_steward'], 'u1');
    expect(can(s, 'token.create', { unitId: 'u1' })).toBe(true);
    expect(can(s, 'token.create', { unitId: 'u2' })).toBe(false);
    expect(can(s, 'token.create')).toBe(false);
    expect(can(s, 'user.read', { unitId: null })).toBe(false);
    expect(can({ ...s, unitId: null }, 'user.read', { unitId: null })).toBe(false);
    expect(can(s, 'unit.update', { unitId: 'u1' })).toBe(false);
    expect(can(s, 'user.create', { unitId: 'u1' })).toBe(false);
  });

  it('grants the union of several roles', () => {
    const both = user(['unit_user', 'auditor']);
    expect(can(both, 'token.read', { unitId: 'elsewhere' })).toBe(true);
    expect(can(both, 'token.revoke', { unitId: 'u1' })).toBe(false);
  });

  it('lets an API token read the unit directory and nothing else, whatever roles it claims', () => {
    const token: Actor = { kind: 'token', id: 't', name: 't', unitId: 'u1', roles: ['platform_admin'], scopes: ['catalog:read'], systemId: 's', via: 'bearer' };
    for (const a of ORG_ACTIONS) expect(can(token, a, { unitId: 'u1' })).toBe(a === 'unit.read');
  });
});
