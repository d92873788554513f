import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../workflow/types.js';

/**
 * Who may do what with sharing applications and grants (R13, R14, 第二十一、二十六条). Deny by
 * default; the service asks `can` before every read and every transition. API tokens (application
 * systems) take no part: applying, answering and deciding are acts of people.
 *
 *   applicant side  — a unit_user or unit_steward of the consumer unit
 *   provider side   — the unit_steward of the providing unit
 *   IT authority    — authority_reviewer: approves (also on coordination), decides extensions,
 *                     coordinates refusals, registers (备案)
 *   supervision     — supervisor: reads everything, suspends grants for misuse
 *   platform_admin  — reads everything, takes no part in decisions
 *   secrecy bureau  — secrecy_officer: reads grants (the agreements it files are about them)
 */
export const APPLICATION_ACTIONS = [
  'application.create', // apply (create a draft or submit at once)
  'application.read',
  'application.edit', // change a draft or an incomplete application, submit, resubmit
  'application.withdraw',
  'application.review', // accept for review, incomplete notice, refuse, request an extension, confirm delivery
  'application.approve',
  'application.decide_extension',
  'application.coordinate',
  'application.register',
  'application.list_all',
  'application.list_review',
  'grant.read',
  'grant.list_all',
  'grant.suspend',
  'grant.resume',
  'grant.revoke',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

/** The two units an application or a grant concerns. */
export interface PartyTarget {
  consumerUnitId?: string | null;
  providerUnitId?: string | null;
}

const has = (a: SharingActor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));
const same = (a: SharingActor, unitId: string | null | undefined) => !!a.unitId && !!unitId && a.unitId === unitId;

/** The roles an applicant may apply in. */
export const APPLICANT_ROLES: readonly Role[] = ['unit_user', 'unit_steward'];
/** Readers of every application and grant. */
const OVERSEERS: readonly Role[] = ['authority_reviewer', 'supervisor', 'platform_admin'];

export function can(actor: SharingActor | null | undefined, action: ApplicationAction, target: PartyTarget = {}): boolean {
  if (!actor || actor.kind !== 'user' || actor.actorType !== 'user') return false;
  const consumer = same(actor, target.consumerUnitId);
  const provider = same(actor, target.providerUnitId);
  const applicant = has(actor, ...APPLICANT_ROLES);
  const steward = has(actor, 'unit_steward');
  const authority = has(actor, 'authority_reviewer');
  switch (action) {
    case 'application.create':
      return applicant && !!actor.unitId && (target.consumerUnitId === undefined || consumer) && !provider;
    case 'application.read':
      return has(actor, ...OVERSEERS) || consumer || (provider && steward);
    case 'application.edit':
    case 'application.withdraw':
      return applicant && consumer;
    case 'application.review':
      return steward && provider;
    case 'application.approve':
      return (steward && provider) || authority;
    case 'application.decide_extension':
    case 'application.coordinate':
    case 'application.register':
      return authority;
    case 'application.list_all':
      return has(actor, ...OVERSEERS);
    case 'application.list_review':
      return steward && !!actor.unitId;
    case 'grant.read':
      return has(actor, ...OVERSEERS, 'secrecy_officer') || consumer || provider;
    case 'grant.list_all':
      return has(actor, ...OVERSEERS, 'secrecy_officer');
    case 'grant.suspend':
      return (steward && provider) || authority || has(actor, 'supervisor');
    case 'grant.resume':
    case 'grant.revoke':
      return (steward && provider) || authority;
    default:
      return false;
  }
}
