import type { Platform } from '../platform.js';
import { seedUsageDemo } from './usage/demo.js';
import { seedEvaluationDemo as seedIndicatorsDemo } from './indicators/demo.js';
import { seedReportDemo } from './report/demo.js';

/** The evaluation demo (issue 6): the usage rollup caught up, an evaluation run, the annual report draft. */
export async function seedEvaluationDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  await seedUsageDemo(platform, log);
  await seedIndicatorsDemo(platform, log);
  await seedReportDemo(platform, log);
}
