import type { Config } from './core/config.js';
import { openDb, type Db } from './core/db/database.js';
import { migrateToLatest } from './core/db/migrate.js';
import { systemClock, type Clock } from './core/clock.js';
import { openAudit, type AuditService } from './audit/service.js';
import { createOrgService, type OrgService } from './org/service.js';
import { createCalendarService, type CalendarService } from './core/calendar/service.js';
import { createCatalogService, type CatalogService } from './catalog/service.js';
import { createSharingService, type SharingService } from './sharing/service.js';
import { createExchangeService, type ExchangeService } from './exchange/service.js';
import { createFileService, type FileService } from './exchange/files/service.js';
import { createSubscriptionService, type SubscriptionService } from './exchange/subscriptions/service.js';
import { createWorkflowService } from './sharing/workflow/service.js';
import type { WorkflowService } from './sharing/workflow/types.js';
import { createDemandService, type DemandService } from './sharing/demands/service.js';
import { createApplicationService, type ApplicationService } from './sharing/applications/service.js';
import { agreementBlobRoot, createAgreementService, type AgreementService } from './sharing/agreements/service.js';
import { createObjectionService, type ObjectionService } from './sharing/objections/service.js';
import type { SharingModuleDeps } from './sharing/deps.js';
import type { SupervisionDeps } from './supervision/deps.js';
import { createViolationService, type ViolationService } from './supervision/violations/service.js';
import { createComplaintService, type ComplaintService } from './supervision/complaints/service.js';
import { createComplianceService, type ComplianceService } from './supervision/rules/service.js';
import { createIntegrityService, type IntegrityService } from './supervision/integrity/service.js';
import { createTrainingService, type TrainingService } from './supervision/training/service.js';
import { createPlanService, type PlanService } from './supervision/plans/service.js';
import { createUsageService } from './evaluation/usage/service.js';
import type { UsageService } from './evaluation/types.js';
import { createEvaluationService, type EvaluationService } from './evaluation/indicators/service.js';
import { createReportService, type ReportService } from './evaluation/report/service.js';
import { createDashboardService, type DashboardService } from './evaluation/dashboard/service.js';
import { createBlobStore } from './exchange/files/blobs.js';

/**
 * The composition root: one database, one clock, and every module's service. The HTTP app,
 * the CLI and the tests all work through a Platform, so they share the same rules.
 */
export interface Platform {
  config: Config;
  db: Db;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  calendar: CalendarService;
  catalog: CatalogService;
  sharing: SharingService;
  exchange: ExchangeService;
  files: FileService;
  subscriptions: SubscriptionService;
  /** Sharing workflow (issue 5): the kernel (inbox, deadlines, timeline, sweeper) and its items. */
  workflow: WorkflowService;
  demands: DemandService;
  applications: ApplicationService;
  agreements: AgreementService;
  objections: ObjectionService;
  /** Supervision (issue 6): violations register, complaints, compliance rules, integrity checks, training, plans. */
  violations: ViolationService;
  complaints: ComplaintService;
  compliance: ComplianceService;
  integrity: IntegrityService;
  training: TrainingService;
  plans: PlanService;
  /** Evaluation (issue 6): usage rollup, annual evaluation, annual report, dashboards. */
  usage: UsageService;
  evaluation: EvaluationService;
  reports: ReportService;
  dashboard: DashboardService;
  /** Flushes the audit queue, signs a last checkpoint, closes the database. */
  close(): Promise<void>;
}

export interface OpenPlatformOptions {
  clock?: Clock;
  /** Override the SQLite file (tests). */
  sqliteFile?: string;
  /** Skip migrations (they are normally applied on every start). */
  migrate?: boolean;
  /** Run background work (webhook deliveries); only the server turns it on. */
  background?: boolean;
}

export async function openPlatform(config: Config, opts: OpenPlatformOptions = {}): Promise<Platform> {
  const db: Db = openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteFile: opts.sqliteFile });
  try {
    if (opts.migrate !== false) await migrateToLatest(db);
    const clock = opts.clock ?? systemClock;
    const audit = await openAudit({ db, config, clock });
    const org = createOrgService({ db, audit, config, clock });
    const calendar = createCalendarService({ db, audit, clock });
    const sharing = createSharingService({ db, audit, clock });
    const catalog = createCatalogService({ db, audit, config, clock, grants: sharing });
    const exchange = createExchangeService({ db, audit, clock, config, catalog, calendar, sharing });
    // Only the server recovers: a CLI command run beside it must not mark its running batches aborted.
    if (opts.background) await exchange.recover();
    const files = createFileService({ db, audit, clock, config, catalog, access: exchange });
    const subscriptions = createSubscriptionService({ db, audit, clock, config, access: exchange, nodeId: config.nodeId });
    if (opts.background) subscriptions.start();
    const workflow = createWorkflowService({ db, audit, clock, config, calendar, nodeId: config.nodeId });
    const deps: SharingModuleDeps = { db, audit, clock, config, org, catalog, calendar, grants: sharing, workflow };
    const agreements = createAgreementService(deps);
    const applications = createApplicationService({ ...deps, agreements });
    const demands = createDemandService(deps);
    const objections = createObjectionService(deps);
    exchange.useObjectionMarks((code) => objections.marks(code));
    const sdeps: SupervisionDeps = { ...deps, exchange, files, subscriptions, demands, applications, agreements, objections };
    const violations = createViolationService(sdeps);
    const complaints = createComplaintService({ ...sdeps, violations });
    const training = createTrainingService(sdeps);
    const plans = createPlanService(sdeps);
    const usage = createUsageService(sdeps);
    const compliance = createComplianceService({ ...sdeps, violations, usage });
    const integrity = createIntegrityService({ ...sdeps, violations });
    compliance.register(integrity.rules());
    // The schema fingerprint (第七项) is recorded after this code's own migrations ran.
    if (opts.migrate !== false) await integrity.afterMigrations();
    const edeps = { ...sdeps, usage, violations, training, plans };
    const evaluation = createEvaluationService(edeps);
    const reports = createReportService({ ...edeps, evaluation });
    const dashboard = createDashboardService({ ...edeps, evaluation });
    // Blob temp files a crashed upload left behind (files, evidence, agreement documents); once a day is enough.
    let lastTempSweep = 0;
    workflow.registerSweepHook('blobs.stale-temp', async (at) => {
      if (at.getTime() - lastTempSweep < 86_400_000) return 0;
      lastTempSweep = at.getTime();
      let removed = 0;
      for (const root of [config.dataDir, agreementBlobRoot(config.dataDir)]) removed += await createBlobStore(root).removeStaleTemp();
      return removed;
    });
    if (opts.background) workflow.start();
    let closed = false;
    return {
      config,
      db,
      clock,
      audit,
      org,
      calendar,
      catalog,
      sharing,
      exchange,
      files,
      subscriptions,
      workflow,
      demands,
      applications,
      agreements,
      objections,
      violations,
      complaints,
      compliance,
      integrity,
      training,
      plans,
      usage,
      evaluation,
      reports,
      dashboard,
      async close() {
        if (closed) return;
        closed = true;
        await workflow.stop();
        await subscriptions.stop();
        await exchange.stop();
        await audit.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
