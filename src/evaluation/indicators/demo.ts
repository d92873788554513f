import type { Platform } from '../../platform.js';

/** Demo data of evaluation/indicators (called by src/evaluation/demo.ts under the CLI demo). Idempotent with the rest of the demo. */
export async function seedEvaluationDemo(_platform: Platform, _log: (line: string) => void): Promise<void> {}
