import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../workflow/types.js';

/** Everything the demands module lets someone do; the service asks `can` before doing it. */
export const DEMAND_ACTIONS = [
  'create', // raise a demand for the caller's unit
  'list', // the board (filtered to what the caller may read)
  'read', // one demand, its record, timeline and tasks
  'read_all', // every demand on the board (not only the unit's own)
  'suggest', // catalog suggestions for a demand
  'route', // the authority routes / matches / re-routes
  'accept', // the provider's steward accepts
  'decline', // the provider's steward declines (circumstances and reasons)
  'register', // the authority registers (备案) the demand and the responses
  'decide', // the authority's coordination decision
  'escalate', // the authority hands a major matter to the leadership group
  'leader_decide', // the leadership group's binding decision
  'mark_gap', // the authority: no one holds it
  'withdraw', // the requesting unit, before an answer
  'read_gaps', // the city-wide gap list
] as const;
export type DemandAction = (typeof DEMAND_ACTIONS)[number];

/** Who the demand concerns. */
export interface DemandParties {
  requesterUnitId: string;
  providerUnitId: string | null;
}

const has = (a: SharingActor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));

/** Roles that oversee every demand: the board shows them all. */
const OVERSEERS: Role[] = ['authority_reviewer', 'leader', 'supervisor', 'platform_admin'];
/** The IT authority's own steps. */
const AUTHORITY_ACTIONS: ReadonlySet<DemandAction> = new Set<DemandAction>(['route', 'register', 'decide', 'escalate', 'mark_gap']);

/**
 * Who may do what with demands (R12, R14). Deny by default. A unit's users raise demands and see
 * those their unit raised or that are routed to it; the provider's data steward answers; the IT
 * authority registers, routes, coordinates, escalates and marks gaps; the leadership group
 * decides escalated matters; supervisors and the platform administrator read everything but take
 * no part. Application systems (API tokens) only read the gap list. 'system' and 'cli' are
 * trusted code paths (sweeper, demo seed), never reachable from a request.
 */
export function can(actor: SharingActor | null | undefined, action: DemandAction, parties?: DemandParties): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (action === 'read_gaps') return actor.actorType === 'user' || actor.actorType === 'token';
  if (actor.actorType !== 'user') return false;

  const unit = actor.unitId;
  const isRequester = !!unit && !!parties && parties.requesterUnitId === unit;
  const isProvider = !!unit && !!parties && parties.providerUnitId === unit;

  switch (action) {
    case 'create':
      return !!unit && has(actor, 'unit_user', 'unit_steward');
    case 'list':
      return true;
    case 'read':
    case 'suggest':
      return has(actor, ...OVERSEERS) || isRequester || isProvider;
    case 'read_all':
      return has(actor, ...OVERSEERS);
    case 'accept':
    case 'decline':
      return isProvider && has(actor, 'unit_steward');
    case 'leader_decide':
      return has(actor, 'leader');
    case 'withdraw':
      return isRequester && has(actor, 'unit_user', 'unit_steward');
    default:
      return AUTHORITY_ACTIONS.has(action) && has(actor, 'authority_reviewer');
  }
}
