/**
 * Tables owned by `audit` (第二十九、三十一条): the hash-chained event log, one head row per
 * chain (the lock every writer takes and the chain's tip), signed checkpoints, and the settings
 * fixed at first start that verification needs (hash algorithm, public keys).
 */
export interface AuditTables {
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  audit_checkpoint: AuditCheckpointTable;
  audit_meta: AuditMetaTable;
}

/** One event. Append-only: no code updates or deletes these rows (triggers refuse it). */
export interface AuditEventTable {
  /** The chain (one per server node: config.nodeId). */
  chain: string;
  /** 1, 2, 3, … without gaps within a chain. */
  seq: number;
  /** ISO-8601 UTC. */
  time: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  unit_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  result: string;
  purpose: string | null;
  grant_id: string | null;
  client_ip: string | null;
  request_id: string | null;
  /** Canonical JSON (sorted keys) or null. */
  detail: string | null;
  /** Hash of the previous event of the chain (64 zeros for seq 1), lowercase hex. */
  prev_hash: string;
  /** H(prev_hash ‖ canonical(event)), lowercase hex. */
  hash: string;
}

/** The tip of a chain. Writers lock this row first, so appends to one chain never interleave. */
export interface AuditHeadTable {
  chain: string;
  seq: number;
  hash: string;
  updated_at: string;
}

/** A signature over (chain, seq, hash, time): proves the chain up to seq existed at time. */
export interface AuditCheckpointTable {
  chain: string;
  seq: number;
  hash: string;
  time: string;
  /** Signature algorithm: 'sm2' or 'ecdsa-p256'. */
  algorithm: string;
  /** Base64 DER signature. */
  signature: string;
  key_id: string;
}

/** Key/value settings of the log: `hash_algorithm`, `signing_key:<keyId>` (JSON with the public key PEM). */
export interface AuditMetaTable {
  key: string;
  value: string;
}
