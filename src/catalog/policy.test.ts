import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../core/actor.js';
import { CATALOG_ACTIONS, can, type CatalogAction, type CatalogActor } from './policy.js';

const OWN = 'unit-own';
const OTHER = 'unit-other';

function user(role: Role, unitId: string | null = OWN): CatalogActor {
  return { actorType: 'user', actorId: `u-${role}`, actorName: role, unitId, roles: [role], scopes: [], clientIp: null, requestId: null };
}

/** Expected answers per role for an action on a resource of the actor's own unit / of another unit. */
const STEWARD_ACTIONS: CatalogAction[] = [
  'resource.create',
  'resource.edit',
  'resource.submit',
  'resource.confirm',
  'resource.discard',
  'resource.start_change',
  'resource.withdraw',
  'resource.bulk',
];
const REVIEWER_ACTIONS: CatalogAction[] = ['resource.approve', 'resource.return', 'resource.propose', 'proposal.discard', 'review.read', 'classification.manage', 'element.manage', 'import'];

function expected(role: Role, action: CatalogAction, own: boolean): boolean {
  if (action === 'catalog.read' || action === 'report.read' || action === 'mine.read') return true;
  if (action === 'resource.read_draft') return own || role === 'platform_admin' || role === 'authority_reviewer';
  if (STEWARD_ACTIONS.includes(action)) return role === 'unit_steward' && own;
  if (REVIEWER_ACTIONS.includes(action)) return role === 'authority_reviewer' || (role === 'platform_admin' && (action === 'review.read' || action === 'import'));
  return false;
}

describe('catalog policy: role × action matrix (deny by default)', () => {
  for (const role of ROLES) {
    for (const action of CATALOG_ACTIONS) {
      for (const own of [true, false]) {
        it(`${role} ${own ? 'own unit' : 'other unit'} ${action} → ${expected(role, action, own)}`, () => {
          expect(can(user(role), action, { providerUnitId: own ? OWN : OTHER })).toBe(expected(role, action, own));
        });
      }
    }
  }

  it('a user without a unit has no unit rights', () => {
    expect(can(user('unit_steward', null), 'resource.create', { providerUnitId: OWN })).toBe(false);
    expect(can(user('unit_user', null), 'mine.read')).toBe(false);
    expect(can(user('unit_user', null), 'resource.read_draft', { providerUnitId: OWN })).toBe(false);
  });

  it('a target without a provider unit never matches a steward', () => {
    expect(can(user('unit_steward'), 'resource.submit', {})).toBe(false);
  });

  it('anonymous visitors read the published catalog only when the setting allows it', () => {
    for (const action of CATALOG_ACTIONS) {
      expect(can(null, action, {}, { anonymousCatalog: false })).toBe(false);
      expect(can(null, action, {}, { anonymousCatalog: true })).toBe(action === 'catalog.read');
      const anon: CatalogActor = { actorType: 'anonymous', actorId: null, actorName: 'anonymous', unitId: null, clientIp: null, requestId: null };
      expect(can(anon, action, {}, { anonymousCatalog: true })).toBe(action === 'catalog.read');
    }
  });

  it('application systems (API tokens) read the catalog with the catalog:read scope, nothing else', () => {
    const token = (scopes: string[]): CatalogActor => ({ actorType: 'token', actorId: 't', actorName: 't', unitId: OWN, roles: [], scopes, clientIp: null, requestId: null });
    for (const action of CATALOG_ACTIONS) {
      expect(can(token(['catalog:read', 'data:read']), action, { providerUnitId: OWN })).toBe(action === 'catalog.read');
      expect(can(token(['data:read']), action, { providerUnitId: OWN })).toBe(false);
    }
  });

  it('the seed and the CLI are trusted internal callers', () => {
    for (const actorType of ['system', 'cli'] as const) {
      const a: CatalogActor = { actorType, actorId: 'x', actorName: 'x', unitId: null, clientIp: null, requestId: null };
      for (const action of CATALOG_ACTIONS) expect(can(a, action, { providerUnitId: OTHER })).toBe(true);
    }
  });
});
