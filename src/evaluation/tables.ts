import type { UsageTables } from './usage/tables.js';
import type { IndicatorTables } from './indicators/tables.js';
import type { ReportTables } from './report/tables.js';
import type { DashboardTables } from './dashboard/tables.js';

/** The evaluation module's tables (Kysely types). */
export interface EvaluationTables extends UsageTables, IndicatorTables, ReportTables, DashboardTables {}
