import type { Platform } from '../../platform.js';

/** Demo data of evaluation/usage (called by src/evaluation/demo.ts under the CLI demo): the rollup caught up with the demo's data accesses. Idempotent. */
export async function seedUsageDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  const folded = await platform.usage.catchUp();
  log(`usage rollup: ${folded} data-access events folded`);
}
