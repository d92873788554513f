import type { Platform } from '../../platform.js';
import type { SharingActor } from '../../sharing/workflow/types.js';

const DEMO: SharingActor = { actorType: 'cli', actorId: null, actorName: 'demo', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };

/**
 * Demo data of supervision/rules (called by src/supervision/demo.ts under the CLI demo): runs every
 * compliance rule once so the violations register has real candidates. Tolerant: when the register
 * is not there yet (or a rule fails) it logs and goes on. Idempotent: the register dedupes findings.
 */
export async function seedComplianceDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  try {
    // Probe the register: an empty batch is a no-op for the real one and throws for a placeholder.
    await platform.violations.raiseCandidates([]);
  } catch {
    log('compliance rules: skipped (the violations register is not available)');
    return;
  }
  try {
    const r = await platform.compliance.runNow(DEMO);
    const failed = r.rules.filter((x) => x.status === 'failed');
    log(`compliance rules: ${r.rules.length} run, ${r.findings} findings, ${r.created} new violation candidates${failed.length ? `; failed: ${failed.map((x) => x.ruleId).join(', ')}` : ''}`);
  } catch (e) {
    log(`compliance rules: not run (${e instanceof Error ? e.message : String(e)})`);
  }
}
