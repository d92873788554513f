import type { Role } from '../core/actor.js';
import type { AuditActor } from '../audit/types.js';

/** Everything the catalog module lets someone do; the service asks `can` before doing it. */
export const CATALOG_ACTIONS = [
  'catalog.read', // the published catalog, classifications, data elements, exchange & collection catalogs, export
  'report.read', // the one-data-one-source duplicates report
  'resource.read_draft', // versions not (yet) published, timeline comments
  'resource.create',
  'resource.edit',
  'resource.submit',
  'resource.confirm',
  'resource.discard',
  'resource.start_change',
  'resource.withdraw',
  'resource.bulk',
  'resource.approve',
  'resource.return',
  'resource.propose',
  'proposal.discard',
  'mine.read',
  'review.read',
  'classification.manage',
  'element.manage',
  'import',
] as const;
export type CatalogAction = (typeof CATALOG_ACTIONS)[number];

/**
 * Who calls the catalog service: the audit identity plus roles (users) and scopes (API tokens).
 * Routes build it from the request (`catalogActor`); the seed and CLI pass actorType 'system' /
 * 'cli', which are trusted code paths, never reachable from a request.
 */
export interface CatalogActor extends AuditActor {
  roles?: readonly Role[];
  scopes?: readonly string[];
}

/** What the action is about. */
export interface CatalogTarget {
  /** The providing unit of the resource (or of the draft to create). */
  providerUnitId?: string | null;
}

export interface CatalogSettings {
  /** config.anonymousCatalog: anonymous visitors may read the published catalog. */
  anonymousCatalog: boolean;
}

const has = (a: CatalogActor, ...roles: Role[]) => !!a.roles && a.roles.some((r) => roles.includes(r));

/** What a unit's data steward may do for their own unit's resources (第十二、十三条). */
const STEWARD_OWN_UNIT: ReadonlySet<CatalogAction> = new Set<CatalogAction>([
  'resource.create',
  'resource.edit',
  'resource.submit',
  'resource.confirm',
  'resource.discard',
  'resource.start_change',
  'resource.withdraw',
  'resource.bulk',
]);

/** What the IT authority's reviewer does (第十三条: review; proposing entries; the registries). */
const REVIEWER: ReadonlySet<CatalogAction> = new Set<CatalogAction>([
  'resource.approve',
  'resource.return',
  'resource.propose',
  'proposal.discard',
  'review.read',
  'classification.manage',
  'element.manage',
  'import',
]);

/**
 * Who may do what in the catalog. Deny by default. The published catalog is catalog metadata,
 * readable by every signed-in user and by application systems with the catalog:read scope, and
 * by anonymous visitors only when the setting allows it. Drafts are the providing unit's and the
 * authority's business. Stewards act on their own unit only; reviewers review; the platform
 * administrator reads everything but takes no part in the workflow.
 */
export function can(actor: CatalogActor | null | undefined, action: CatalogAction, target: CatalogTarget = {}, settings: CatalogSettings = { anonymousCatalog: false }): boolean {
  if (!actor) return action === 'catalog.read' && settings.anonymousCatalog;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType === 'anonymous') return action === 'catalog.read' && settings.anonymousCatalog;
  if (actor.actorType === 'token') return action === 'catalog.read' && !!actor.scopes?.includes('catalog:read');
  if (actor.actorType !== 'user') return false;

  switch (action) {
    case 'catalog.read':
    case 'report.read':
      return true;
    case 'mine.read':
      return !!actor.unitId;
    case 'resource.read_draft':
      if (has(actor, 'platform_admin', 'authority_reviewer')) return true;
      return !!actor.unitId && !!target.providerUnitId && actor.unitId === target.providerUnitId;
    default:
      break;
  }
  if ((action === 'review.read' || action === 'import') && has(actor, 'platform_admin')) return true;
  if (REVIEWER.has(action) && has(actor, 'authority_reviewer')) return true;
  if (STEWARD_OWN_UNIT.has(action) && has(actor, 'unit_steward')) {
    return !!actor.unitId && !!target.providerUnitId && actor.unitId === target.providerUnitId;
  }
  return false;
}
