import type { Config } from '../core/config.js';
import type { Db } from '../core/db/database.js';
import type { Clock } from '../core/clock.js';
import type { AuditWriter } from '../audit/types.js';
import type { OrgService } from '../org/service.js';
import type { CatalogService } from '../catalog/service.js';
import type { CalendarService } from '../core/calendar/service.js';
import type { SharingService } from './service.js';
import type { WorkflowService } from './workflow/types.js';

/** What every sharing-workflow submodule's service is built from (platform.ts wires them). */
export interface SharingModuleDeps {
  db: Db;
  audit: AuditWriter;
  clock: Clock;
  config: Config;
  org: OrgService;
  catalog: CatalogService;
  calendar: CalendarService;
  /** Grants (src/sharing/service.ts): create, state changes, lookups. */
  grants: SharingService;
  workflow: WorkflowService;
}
