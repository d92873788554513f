import { notBuilt, type SupervisionDeps } from '../../supervision/deps.js';
import type { UsageService } from '../types.js';

export function createUsageService(_deps: SupervisionDeps): UsageService {
  return notBuilt<UsageService>('usage');
}
