import type { Role } from '../../core/actor.js';
import type { ExchangeActor } from '../types.js';

/**
 * Who may do what with subscriptions. Deny by default. Admission to the data itself is the
 * exchange access policy's (`ExchangeAccess.decide`, checked at creation and before every
 * delivery); this file only says who owns, sees and manages a subscription:
 * - a subscription belongs to the unit that created it, and, when an application system's API
 *   token created it, to that system: its users (data stewards and unit users) or that system's
 *   tokens (with the `subscribe` scope) manage it;
 * - the providing unit's data steward sees the subscriptions on its resources (who receives its data);
 * - the IT authority's reviewers and the platform administrators see all; administrators may
 *   also pause, stop, replay or test any subscription (operations).
 */
export const SUBSCRIPTION_ACTIONS = ['create', 'read', 'manage', 'list_all'] as const;
export type SubscriptionAction = (typeof SUBSCRIPTION_ACTIONS)[number];

/** The scope an API token needs for anything subscription-related. */
export const SUBSCRIBE_SCOPE = 'subscribe';

/** What the policy needs to know about a subscription. */
export interface SubscriptionRef {
  ownerUnitId: string;
  ownerSystemId: string | null;
  /** The providing unit of the subscribed resource, when the caller's check needs it. */
  providerUnitId?: string | null;
}

const has = (by: ExchangeActor, ...roles: Role[]) => by.roles.some((r) => roles.includes(r));

/** Users who consume data for their unit. */
const OWNER_ROLES: Role[] = ['unit_steward', 'unit_user'];
const SEE_ALL_ROLES: Role[] = ['platform_admin', 'authority_reviewer'];

/** May this caller own subscriptions at all (a consumer user with a unit, or a token with the scope)? */
export function canOwn(by: ExchangeActor): boolean {
  if (!by.unitId) return false;
  if (by.kind === 'token') return by.systemId !== null && by.scopes.includes(SUBSCRIBE_SCOPE);
  if (by.kind === 'user') return has(by, ...OWNER_ROLES);
  return false;
}

/** Is the caller (one of) the subscription's owner(s)? */
export function isOwner(by: ExchangeActor, s: SubscriptionRef): boolean {
  if (!canOwn(by) || by.unitId !== s.ownerUnitId) return false;
  // A token acts for its own system only; the unit's users manage every subscription of the unit.
  if (by.kind === 'token') return by.systemId === s.ownerSystemId;
  return true;
}

export function can(by: ExchangeActor, action: SubscriptionAction, s?: SubscriptionRef): boolean {
  if (by.kind === 'token' && !by.scopes.includes(SUBSCRIBE_SCOPE)) return false;
  switch (action) {
    case 'create':
      return canOwn(by);
    case 'list_all':
      return by.kind === 'user' && has(by, ...SEE_ALL_ROLES);
    case 'read':
      if (!s) return false;
      if (isOwner(by, s) || (by.kind === 'user' && has(by, ...SEE_ALL_ROLES))) return true;
      return by.kind === 'user' && has(by, 'unit_steward') && !!by.unitId && !!s.providerUnitId && s.providerUnitId === by.unitId;
    case 'manage':
      if (!s) return false;
      return isOwner(by, s) || (by.kind === 'user' && has(by, 'platform_admin'));
  }
}

/** Is the caller the providing unit's data steward for a resource (may list every subscription on it)? */
export function isProviderSteward(by: ExchangeActor, providerUnitId: string | null | undefined): boolean {
  return by.kind === 'user' && has(by, 'unit_steward') && !!by.unitId && by.unitId === providerUnitId;
}
