import type { Transaction } from 'kysely';
import type { Database } from '../core/db/schema.js';

/** Who did it and from where: filled from the request (see `auditContext`) or by the CLI. */
export interface AuditActor {
  actorType: 'user' | 'token' | 'system' | 'anonymous' | 'cli';
  actorId: string | null;
  actorName: string;
  unitId: string | null;
  clientIp: string | null;
  requestId: string | null;
}

/** One audit event as a caller describes it; the writer adds seq, time, and hashes. */
export interface AuditInput extends AuditActor {
  /** Dotted verb, e.g. "org.unit.create", "auth.login", "data.record.get". */
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: 'success' | 'failure' | 'denied';
  purpose?: string | null;
  grantId?: string | null;
  /** Small JSON detail (what changed, row counts, key looked up). Never secrets. */
  detail?: Record<string, unknown> | null;
}

/**
 * The audit log's write side. Every state change and every data read goes through it, and a
 * caller reports success only after the returned promise resolves (the event is durable).
 */
export interface AuditWriter {
  /**
   * Runs `work` in a database transaction and appends the events it returns in the same
   * transaction, so the change and its audit record commit together or not at all.
   */
  transact<T>(work: (trx: Transaction<Database>) => Promise<{ value: T; events: AuditInput[] }>): Promise<T>;
  /** Appends events with group commit: concurrent callers share one transaction. */
  append(event: AuditInput): Promise<void>;
  /** Waits until every queued event is durable. */
  flush(): Promise<void>;
  /** Flushes, signs a final checkpoint and stops accepting events. */
  close(): Promise<void>;
  /** Events waiting for the next group commit (for /metrics). */
  queueLength(): number;
}

/** Hash algorithms of the chain: 国密 SM3 (default) or SHA-256. */
export type HashAlgorithm = 'sm3' | 'sha256';

/** Signature algorithms of audit checkpoints: 国密 SM2 (with SM3) or ECDSA P-256 (with SHA-256). */
export type SignatureAlgorithm = 'sm2' | 'ecdsa-p256';

/** An audit event as the API and the CLI show it. */
export interface AuditEvent {
  seq: number;
  chain: string;
  time: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  unitId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: string;
  purpose: string | null;
  grantId: string | null;
  clientIp: string | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export type BreakReason =
  | 'hash_mismatch'
  | 'missing'
  | 'inserted'
  | 'reordered'
  | 'bad_checkpoint_signature'
  | 'checkpoint_mismatch'
  | 'truncated';

/** One place where the log is not what the audit writer wrote. */
export interface VerifyBreak {
  chain: string;
  seq: number;
  reason: BreakReason;
  detail: string;
}

export interface ChainSummary {
  chain: string;
  events: number;
  checkpoints: number;
  lastSeq: number;
  /** The head row's hash (64 zeros for an empty chain). */
  headHash: string;
}

export interface VerifyResult {
  ok: boolean;
  checkedEvents: number;
  checkedCheckpoints: number;
  /** Last seq and head hash of the local chain (or of the only chain when verifying offline). */
  lastSeq: number;
  headHash: string;
  /** The chain's hash algorithm. */
  algorithm: HashAlgorithm;
  /** The signature algorithm of the newest checkpoint (null when there is none). */
  signature: SignatureAlgorithm | null;
  breaks: VerifyBreak[];
  /** Breaks found beyond the MAX_BREAKS listed. */
  omittedBreaks: number;
  chains: ChainSummary[];
  durationMs: number;
}
