import type { ExchangeActor } from '../types.js';

/** The data:write scope an API token needs to upload (org TOKEN_SCOPES). */
export const WRITE_SCOPE = 'data:write';

/**
 * Who may add files to a resource: its providing unit only — that unit's data stewards, or an
 * API token of that unit's application system holding the data:write scope. Everyone else,
 * including the authority and the platform administrator, reads files like any consumer.
 * A 'system' actor is the platform's own code (seed, CLI), never a request.
 */
export function canUploadFiles(by: ExchangeActor, providerUnitId: string): boolean {
  // Trusted code paths (demo seed, CLI) never come from a request.
  if (by.kind === 'system') return by.actorType === 'system' || by.actorType === 'cli';
  if (!by.unitId || by.unitId !== providerUnitId) return false;
  if (by.kind === 'user') return by.roles.includes('unit_steward');
  if (by.kind === 'token') return by.scopes.includes(WRITE_SCOPE);
  return false;
}

/** The provider unit reads its own files without a sharing decision (list and metadata). */
export function isProvider(by: ExchangeActor, providerUnitId: string): boolean {
  return !!by.unitId && by.unitId === providerUnitId;
}
