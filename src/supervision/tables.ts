import type { ViolationTables } from './violations/tables.js';
import type { ComplaintTables } from './complaints/tables.js';
import type { ComplianceTables } from './rules/tables.js';
import type { IntegrityTables } from './integrity/tables.js';
import type { TrainingTables } from './training/tables.js';
import type { PlanTables } from './plans/tables.js';

/** The supervision module's tables (Kysely types). */
export interface SupervisionTables extends ViolationTables, ComplaintTables, ComplianceTables, IntegrityTables, TrainingTables, PlanTables {}
