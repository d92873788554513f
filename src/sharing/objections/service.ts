import type { SharingModuleDeps } from '../deps.js';

/** 异议 (R15): objections, marks on records, verification, feedback, archive. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ObjectionService {}

export function createObjectionService(_deps: SharingModuleDeps): ObjectionService {
  return {};
}
