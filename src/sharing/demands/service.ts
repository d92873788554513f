import type { SharingModuleDeps } from '../deps.js';

/** 共享需求 (R12, R14): demands, routing, responses, coordination, escalation to the leadership group, gap list. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DemandService {}

export function createDemandService(_deps: SharingModuleDeps): DemandService {
  return {};
}
