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
