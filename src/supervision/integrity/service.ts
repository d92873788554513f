import type { SupervisionDeps } from '../deps.js';
import type { ComplianceRule } from '../types.js';

/** 第三十一条第七项 detection: audit chain, direct edits of dataset rows, schema changes outside migrations. */
export interface IntegrityService {
  /** The 第七项 rules, registered with the compliance engine by platform.ts. */
  rules(): ComplianceRule[];
}

export function createIntegrityService(_deps: SupervisionDeps): IntegrityService {
  return { rules: () => [] };
}
