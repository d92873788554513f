import type { Platform } from '../../platform.js';

/** Demo data of supervision/complaints (called by src/supervision/demo.ts under the CLI demo). Idempotent with the rest of the demo. */
export async function seedComplaintDemo(_platform: Platform, _log: (line: string) => void): Promise<void> {}
