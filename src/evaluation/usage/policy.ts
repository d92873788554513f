import type { Role } from '../../core/actor.js';

/**
 * Who may see usage totals (使用情况, 第二十七、二十八条). City-wide: the IT authority, the
 * supervision department, administrators and the leadership group. A unit's people (steward,
 * user) see only totals where their own unit is the consumer or the provider. Tokens: never.
 */
export const USAGE_POLICY_ACTIONS = ['usage.read_all', 'usage.read_own'] as const;
export type UsagePolicyAction = (typeof USAGE_POLICY_ACTIONS)[number];

export interface UsageCaller {
  kind: 'user' | 'token' | 'system';
  roles: Role[];
  unitId: string | null;
}

const CITY_WIDE: Role[] = ['authority_reviewer', 'supervisor', 'platform_admin', 'leader'];
const UNIT_PEOPLE: Role[] = ['unit_steward', 'unit_user'];

export function canUsage(actor: UsageCaller | null | undefined, action: UsagePolicyAction): boolean {
  if (!actor) return false;
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  switch (action) {
    case 'usage.read_all':
      return actor.roles.some((r) => CITY_WIDE.includes(r));
    case 'usage.read_own':
      return !!actor.unitId && actor.roles.some((r) => UNIT_PEOPLE.includes(r));
    default:
      return false;
  }
}
