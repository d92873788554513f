import type { Role } from '../../core/actor.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { Addressee } from './model.js';

/**
 * Who may do what with complaints (投诉). The handler is the addressee's role: supervisors for
 * 'supervision', the IT authority's reviewers for 'authority'; both oversight roles and the
 * leadership group read every complaint. The complainant's unit follows its own complaints;
 * the complained-about unit takes part only once asked for information.
 */
export const COMPLAINT_POLICY_ACTIONS = [
  'complaint.submit',
  'complaint.read',
  'complaint.list_all',
  'complaint.handle',
  'complaint.reply',
  'complaint.acknowledge',
  'complaint.evidence_add',
  'complaint.evidence_read',
] as const;
export type ComplaintPolicyAction = (typeof COMPLAINT_POLICY_ACTIONS)[number];

export interface ComplaintTarget {
  addressee?: Addressee;
  complainantUnitId?: string | null;
  targetUnitId?: string | null;
  /** The complained-about unit was asked for information (it may see the complaint). */
  targetInvolved?: boolean;
  /** The handler disclosed the complainant's identity to the complained-about unit. */
  disclosed?: boolean;
  /** reply: the party the caller answers as has a request pending. */
  pendingTarget?: boolean;
  pendingComplainant?: boolean;
}

const has = (a: SharingActor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));
const READERS: Role[] = ['supervisor', 'authority_reviewer', 'leader'];
const PEOPLE: Role[] = ['unit_user', 'unit_steward'];
export const HANDLER_ROLE: Record<Addressee, Role> = { supervision: 'supervisor', authority: 'authority_reviewer' };

export function can(actor: SharingActor | null | undefined, action: ComplaintPolicyAction, t: ComplaintTarget = {}): boolean {
  if (!actor) return false;
  if (actor.actorType === 'system' || actor.actorType === 'cli') return true;
  if (actor.actorType !== 'user' || actor.kind !== 'user') return false;
  const unit = actor.unitId;
  const inUnit = (id: string | null | undefined) => !!unit && !!id && unit === id;
  const person = has(actor, ...PEOPLE);
  const complainant = person && inUnit(t.complainantUnitId);
  const target = person && inUnit(t.targetUnitId);

  switch (action) {
    case 'complaint.submit':
      return person && !!unit && !!t.targetUnitId && t.targetUnitId !== unit;
    case 'complaint.read':
      return has(actor, ...READERS) || complainant || (target && t.targetInvolved === true);
    case 'complaint.list_all':
      return has(actor, ...READERS);
    case 'complaint.handle':
      return !!t.addressee && has(actor, HANDLER_ROLE[t.addressee]);
    case 'complaint.reply':
      return (complainant && t.pendingComplainant === true) || (target && t.pendingTarget === true);
    case 'complaint.acknowledge':
    case 'complaint.evidence_add':
      return complainant;
    case 'complaint.evidence_read':
      return has(actor, ...READERS) || complainant || (target && t.targetInvolved === true && t.disclosed === true);
    default:
      return false;
  }
}
