import type { CoreTables } from '../tables.js';
import type { OrgTables } from '../../org/tables.js';
import type { AuditTables } from '../../audit/tables.js';
import type { CatalogTables } from '../../catalog/tables.js';
import type { ExchangeTables } from '../../exchange/tables.js';
import type { SharingTables } from '../../sharing/tables.js';
import type { SupervisionTables } from '../../supervision/tables.js';
import type { EvaluationTables } from '../../evaluation/tables.js';

/** Every table of the platform: one interface per module, merged here for Kysely. */
export interface Database extends CoreTables, OrgTables, AuditTables, CatalogTables, ExchangeTables, SharingTables, SupervisionTables, EvaluationTables {}
