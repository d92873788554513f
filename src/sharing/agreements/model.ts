/**
 * 共享安全保密协议 and its filing (R17; 第四条第五项、第二十一条、第二十六条): the agreement a
 * consumer unit signs with the provider before data touching state secrets, business secrets or
 * personal privacy flows, filed (备案) with the secrecy bureau and the IT authority.
 */
import type { Role } from '../../core/actor.js';

/**
 * draft: terms being prepared; signed: the signed document is uploaded, the parties confirm it;
 * filing: submitted for 备案, each office acknowledges; returned: an office sent it back with a
 * reason (the parties correct the terms or the document, confirm again and resubmit);
 * filed: in force, its grant is active; expired (validity ended) and terminated are final.
 */
export const AGREEMENT_STATES = ['draft', 'signed', 'filing', 'returned', 'filed', 'expired', 'terminated'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** States an agreement never leaves. */
export const FINAL_STATES: readonly AgreementState[] = ['expired', 'terminated'];
/** States whose terms and document the parties may still change. */
export const EDITABLE_STATES: readonly AgreementState[] = ['draft', 'signed', 'returned'];
/** States in which the parties confirm the signed document and submit it for filing. */
export const CONFIRMABLE_STATES: readonly AgreementState[] = ['signed', 'returned'];

/** The two offices an agreement is filed with. */
export const FILING_OFFICES = ['secrecy_bureau', 'authority'] as const;
export type FilingOffice = (typeof FILING_OFFICES)[number];
/** The role that acts for each office. */
export const OFFICE_ROLE: Record<FilingOffice, Role> = { secrecy_bureau: 'secrecy_officer', authority: 'authority_reviewer' };

export const FILING_STATES = ['pending', 'acknowledged', 'returned', 'cancelled'] as const;
export type FilingState = (typeof FILING_STATES)[number];

/** The two parties of an agreement. */
export const SIDES = ['provider', 'consumer'] as const;
export type Side = (typeof SIDES)[number];

export const AGREEMENT_LIMITS = {
  purposeMax: 500,
  scopeMax: 4000,
  obligationsMax: 20000,
  reasonMax: 1000,
  commentMax: 1000,
  referenceMax: 100,
  listMax: 200,
} as const;

/** The signed document, stored content-addressed under the data directory. */
export interface AgreementDocument {
  sha256: string;
  bytes: number;
  name: string;
  contentType: string;
  uploadedAt: string;
  uploadedBy: string;
  uploadedByUnitId: string | null;
}

/** One office's part of one submission for filing. */
export interface Filing {
  id: string;
  /** Submission number (1 for the first submission, +1 after each return). */
  round: number;
  office: FilingOffice;
  state: FilingState;
  submittedAt: string;
  submittedBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedUnitId: string | null;
  /** The return reason, or an optional note with the acknowledgement. */
  comment: string | null;
  /** The office's own filing number (备案号), when it gives one. */
  reference: string | null;
}

export interface Agreement {
  id: string;
  grantId: string;
  applicationId: string | null;
  resourceCode: string;
  resourceName: string;
  providerUnitId: string;
  consumerUnitId: string;
  /** The application system that will use the data (null: any system of the consumer unit). */
  consumerSystemId: string | null;
  purpose: string;
  scope: string;
  /** ISO-8601 UTC; in force from this instant… */
  validFrom: string;
  /** …until this instant, exclusive. */
  validUntil: string;
  obligations: string;
  state: AgreementState;
  document: AgreementDocument | null;
  /** When the parties signed (given with the upload; defaults to the upload time). */
  signedAt: string | null;
  providerConfirmedAt: string | null;
  providerConfirmedBy: string | null;
  consumerConfirmedAt: string | null;
  consumerConfirmedBy: string | null;
  /** Current submission number (0 before the first). */
  round: number;
  submittedAt: string | null;
  filedAt: string | null;
  returnedAt: string | null;
  returnReason: string | null;
  endedAt: string | null;
  endReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** An agreement with the filings of its current submission. */
export interface AgreementDetail extends Agreement {
  filings: Filing[];
}

/** What the caller may do with an agreement now (the portal's buttons; the operations check again). */
export interface AgreementCapabilities {
  edit: boolean;
  upload: boolean;
  /** Sides the caller may confirm now. */
  confirm: Side[];
  submit: boolean;
  /** Offices the caller may acknowledge or return for now. */
  acknowledge: FilingOffice[];
  terminate: boolean;
}

/** What the parties may change while the agreement is editable (PUT). */
export interface AgreementTermsInput {
  purpose?: string;
  scope?: string;
  /** ISO-8601 date-time with an offset, or a date (00:00 China Standard Time). */
  validFrom?: string;
  /** ISO-8601 date-time with an offset, or a date (the end of that day, China Standard Time). */
  validUntil?: string;
  obligations?: string;
}

export interface AgreementFilter {
  /** mine: the caller's unit is a party; to_file: awaiting the caller's office; all: every agreement (offices, supervision, admin). */
  box?: 'mine' | 'to_file' | 'all';
  state?: AgreementState;
  grantId?: string;
  resourceCode?: string;
  limit?: number;
  offset?: number;
}

/** The reasons written on the grant when the agreement gate closes or opens (stored bilingual, like the brief asks). */
export const GRANT_REASONS = {
  filed: '保密协议已备案 / confidentiality agreement filed',
  expired: '保密协议已到期 / confidentiality agreement expired',
  terminated: '保密协议已终止 / confidentiality agreement terminated',
} as const;

export interface ObligationsContext {
  providerName: string;
  consumerName: string;
  resourceName: string;
  resourceCode: string;
}

/**
 * The default obligations (zh-CN): the duties of 第二十一、二十六条 (own duties only, no third
 * parties, no commercial use), the security measures and breach reporting of 第四条第五项, and
 * the filing that puts the agreement in force. The parties edit it before signing.
 */
export function defaultObligations(c: ObligationsContext): string {
  return [
    `提供方（甲方）：${c.providerName}`,
    `使用方（乙方）：${c.consumerName}`,
    `共享信息资源：${c.resourceName}（${c.resourceCode}）`,
    '',
    '依据《三亚市政务信息资源共享管理办法》第四条第五项、第二十一条、第二十六条，甲乙双方就上述信息资源的共享使用约定如下：',
    '一、用途限定。乙方获取的共享信息仅用于本单位依法履行职责，且限于本协议载明的用途和范围，不得超出用途和范围使用。',
    '二、不得向第三方提供。乙方不得以任何形式将共享信息提供、转让、出售或泄露给任何第三方（包括其他单位、企业和个人），也不得用于与履职无关的其他系统。',
    '三、不得商业使用。乙方不得将共享信息用于任何商业目的或营利活动。',
    '四、安全保密措施。乙方应明确专人负责共享信息的使用和保管，限定接触人员并实行最小授权，留存访问日志；采取加密传输、安全存储等技术措施；使用完毕或协议终止后按规定销毁或归档，不得留存副本。',
    '五、安全事件报告。发生或可能发生共享信息泄露、篡改、滥用等安全事件时，乙方应立即采取补救措施，并及时报告甲方、市信息化主管部门和市保密局，配合调查处理。',
    '六、甲方义务。甲方应按照共享目录和授权范围完整、准确地提供信息，对涉及国家秘密、商业秘密和个人隐私的信息项依规定确定共享范围并脱敏处理。',
    '七、生效与备案。本协议经双方签署，并报市保密局和市信息化主管部门备案后生效；协议到期或终止后，相应的共享授权随即暂停。',
    '八、违约责任。违反本协议的，依照《三亚市政务信息资源共享管理办法》第三十一条追究责任；构成泄密的，依法处理。',
  ].join('\n');
}
