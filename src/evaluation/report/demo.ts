import type { Platform } from '../../platform.js';

/** Demo data of evaluation/report (called by src/evaluation/demo.ts under the CLI demo). Idempotent with the rest of the demo. */
export async function seedReportDemo(_platform: Platform, _log: (line: string) => void): Promise<void> {}
