import type { Actor } from '../core/actor.js';
import type { ApiToken, AppSystem, MeView, Unit, User } from './model.js';

/**
 * The service's objects → API objects. Each presenter lists the fields it returns, so an
 * internal field (failed-login counter, a hash) never reaches a client by accident.
 */

export function presentUnit(u: Unit) {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    shortName: u.shortName,
    kind: u.kind,
    parentId: u.parentId,
    parentName: u.parentName,
    functions: u.functions,
    responsiblePerson: u.responsiblePerson,
    contacts: u.contacts,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export function presentUser(u: User) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    unitId: u.unitId,
    unitName: u.unitName,
    roles: u.roles,
    phone: u.phone,
    email: u.email,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export function presentSystem(s: AppSystem) {
  return {
    id: s.id,
    unitId: s.unitId,
    unitName: s.unitName,
    code: s.code,
    name: s.name,
    description: s.description,
    scenario: s.scenario,
    disabled: s.disabled,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function presentToken(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    systemId: t.systemId,
    systemName: t.systemName,
    unitId: t.unitId,
    prefix: t.prefix,
    scopes: t.scopes,
    expiresAt: t.expiresAt,
    revokedAt: t.revokedAt,
    lastUsedAt: t.lastUsedAt,
    createdAt: t.createdAt,
    createdBy: t.createdBy,
  };
}

/** GET /me: who the caller is, for a user session or an application system's token. */
export function presentMe(actor: Actor, info: { displayName: string; unitName: string | null }): MeView {
  const me: MeView = {
    kind: actor.kind,
    id: actor.id,
    username: actor.name,
    displayName: info.displayName,
    unitId: actor.unitId,
    unitName: info.unitName,
    roles: actor.roles,
    scopes: actor.scopes,
  };
  if (actor.systemId) me.systemId = actor.systemId;
  if (actor.via === 'cookie' && actor.csrfToken) me.csrfToken = actor.csrfToken;
  return me;
}
