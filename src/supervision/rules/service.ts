import type { SupervisionDeps } from '../deps.js';
import type { ComplianceRule, ViolationSink } from '../types.js';
import type { UsageService } from '../../evaluation/types.js';

/** 合规监测 (R23): runs the rules on the sweeper and on demand; findings go to the violations register. */
export interface ComplianceService {
  /** Adds rules (the engine's own and integrity/'s 第七项 rules). */
  register(rules: ComplianceRule[]): void;
}

export function createComplianceService(_deps: SupervisionDeps & { violations: ViolationSink; usage: UsageService }): ComplianceService {
  return { register() {} };
}
