import type { Platform } from '../../platform.js';

/** Demo data of evaluation/usage (called by src/evaluation/demo.ts under the CLI demo). Idempotent with the rest of the demo. */
export async function seedUsageDemo(_platform: Platform, _log: (line: string) => void): Promise<void> {}
