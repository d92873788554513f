import type { SharingModuleDeps } from '../deps.js';

/** 共享安全保密协议 and filings (R17): agreements, signed documents, filing with the secrecy bureau and the authority. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AgreementService {}

export function createAgreementService(_deps: SharingModuleDeps): AgreementService {
  return {};
}
