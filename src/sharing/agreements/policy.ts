import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../workflow/types.js';
import { FILING_OFFICES, OFFICE_ROLE, type FilingOffice, type Side } from './model.js';

/**
 * Who may do what with a confidentiality agreement (R17). Deny by default; the one place these
 * rules live. Only signed-in users act (API tokens of application systems take no part in the
 * agreement workflow).
 *
 * - The parties: the provider unit's data stewards (the provider side), and the consumer unit's
 *   stewards and business users (the consumer side — the unit user who applied usually carries the
 *   agreement through). They edit the terms, upload the signed document, each confirm for their
 *   own side and submit it for filing.
 * - The offices: the secrecy bureau (secrecy_officer) and the IT authority (authority_reviewer)
 *   each acknowledge or return the filing for their own office only.
 * - Termination: the provider side or the authority, with a reason.
 * - Reading: the parties, both offices, supervision and the platform administrator.
 */
export const AGREEMENT_ACTIONS = [
  'read', // one agreement, its timeline, its document (download)
  'list_mine', // the agreements of the caller's unit (box=mine)
  'list_all', // every agreement (box=all)
  'list_to_file', // the 待备案 box
  'create', // an agreement for a grant awaiting one
  'edit', // the terms (purpose, scope, validity, obligations)
  'upload', // the signed document
  'confirm', // a party confirms the signed document for its side
  'submit', // submit for filing (备案)
  'acknowledge', // an office acknowledges the filing
  'return', // an office returns the filing with a reason
  'terminate',
] as const;
export type AgreementAction = (typeof AGREEMENT_ACTIONS)[number];

/** What an action is about: the agreement's (or the grant's) two units, and for office actions the office. */
export interface AgreementTarget {
  providerUnitId: string;
  consumerUnitId: string;
  /** confirm: the side confirmed for. */
  side?: Side;
  /** acknowledge / return: the office acted for. */
  office?: FilingOffice;
}

/** Roles that act for each side of an agreement (within the side's unit). */
export const SIDE_ROLES: Record<Side, readonly Role[]> = {
  provider: ['unit_steward'],
  consumer: ['unit_steward', 'unit_user'],
};

const has = (a: SharingActor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));
const isUser = (a: SharingActor | null | undefined): a is SharingActor => !!a && a.kind === 'user' && a.actorType === 'user';

/** The sides `by` may act for on these units (none, one, or — a unit with both roles — both). */
export function sidesOf(by: SharingActor | null | undefined, t: Pick<AgreementTarget, 'providerUnitId' | 'consumerUnitId'>): Side[] {
  if (!isUser(by) || !by.unitId) return [];
  const sides: Side[] = [];
  if (by.unitId === t.providerUnitId && has(by, ...SIDE_ROLES.provider)) sides.push('provider');
  if (by.unitId === t.consumerUnitId && has(by, ...SIDE_ROLES.consumer)) sides.push('consumer');
  return sides;
}

/** The filing offices `by` acts for. */
export function officesOf(by: SharingActor | null | undefined): FilingOffice[] {
  if (!isUser(by)) return [];
  return FILING_OFFICES.filter((o) => has(by, OFFICE_ROLE[o]));
}

export function can(by: SharingActor | null | undefined, action: AgreementAction, target?: AgreementTarget): boolean {
  if (!isUser(by)) return false;
  const sides = target ? sidesOf(by, target) : [];
  const offices = officesOf(by);
  switch (action) {
    case 'list_all':
      return has(by, 'secrecy_officer', 'authority_reviewer', 'supervisor', 'platform_admin');
    case 'list_mine':
      return !!by.unitId && has(by, 'unit_steward', 'unit_user');
    case 'list_to_file':
      return offices.length > 0;
    case 'read':
      if (!target) return false;
      if (has(by, 'secrecy_officer', 'authority_reviewer', 'supervisor', 'platform_admin')) return true;
      // Anyone of the two units with a sharing role sees the agreement that binds their unit.
      return !!by.unitId && (by.unitId === target.providerUnitId || by.unitId === target.consumerUnitId) && has(by, 'unit_steward', 'unit_user');
    case 'create':
      return !!target && (sides.length > 0 || has(by, 'authority_reviewer'));
    case 'edit':
    case 'upload':
    case 'submit':
      return !!target && sides.length > 0;
    case 'confirm':
      return !!target?.side && sides.includes(target.side);
    case 'acknowledge':
    case 'return':
      return !!target?.office && offices.includes(target.office);
    case 'terminate':
      return !!target && (sides.includes('provider') || has(by, 'authority_reviewer'));
    default:
      return false;
  }
}
