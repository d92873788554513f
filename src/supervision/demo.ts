import type { Platform } from '../platform.js';
import { seedTrainingDemo } from './training/demo.js';
import { seedPlanDemo } from './plans/demo.js';
import { seedComplianceDemo } from './rules/demo.js';
import { seedIntegrityDemo } from './integrity/demo.js';
import { seedViolationDemo } from './violations/demo.js';
import { seedComplaintDemo } from './complaints/demo.js';

/** The supervision demo (issue 6): training, plans, a compliance run, violations in every state, complaints. */
export async function seedSupervisionDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  await seedTrainingDemo(platform, log);
  await seedPlanDemo(platform, log);
  await seedComplianceDemo(platform, log);
  await seedIntegrityDemo(platform, log);
  await seedViolationDemo(platform, log);
  await seedComplaintDemo(platform, log);
}
