import type { Db } from '../../core/db/database.js';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import type { AuditWriter } from '../../audit/types.js';
import type { CalendarService } from '../../core/calendar/service.js';
import type { WorkflowService } from './types.js';

export interface WorkflowDeps {
  db: Db;
  audit: AuditWriter;
  clock: Clock;
  config: Config;
  calendar: CalendarService;
  nodeId: string;
}

/** Placeholder until the kernel lands: every operation fails loudly, start/stop are no-ops. */
export function createWorkflowService(_deps: WorkflowDeps): WorkflowService {
  const missing = () => {
    throw new Error('sharing workflow kernel not built yet');
  };
  return {
    record: missing,
    timeline: missing,
    tasksOf: missing,
    inbox: missing,
    notifications: missing,
    markRead: missing,
    settings: missing,
    updateSettings: missing,
    dueAt: missing,
    extend: missing,
    registerSweepHook: () => undefined,
    registerAccess: () => undefined,
    canSee: missing,
    sweep: missing,
    overdue: missing,
    start: () => undefined,
    stop: async () => undefined,
  };
}
