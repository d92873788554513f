import type { SharingModuleDeps } from '../sharing/deps.js';
import type { ExchangeService } from '../exchange/service.js';
import type { FileService } from '../exchange/files/service.js';
import type { SubscriptionService } from '../exchange/subscriptions/service.js';
import type { DemandService } from '../sharing/demands/service.js';
import type { ApplicationService } from '../sharing/applications/service.js';
import type { AgreementService } from '../sharing/agreements/service.js';
import type { ObjectionService } from '../sharing/objections/service.js';

/** What every supervision and evaluation service is built from (platform.ts wires them). */
export interface SupervisionDeps extends SharingModuleDeps {
  exchange: ExchangeService;
  files: FileService;
  subscriptions: SubscriptionService;
  demands: DemandService;
  applications: ApplicationService;
  agreements: AgreementService;
  objections: ObjectionService;
}
