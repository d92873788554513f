/**
 * Subscription tables (Kysely types). Times are ISO-8601 UTC text, sequence numbers bigints
 * (read back as numbers, see core/db/database.ts), as everywhere (docs/adr/0003).
 */
import type { DeliveryState, SignatureAlgorithm, SubscriptionState } from '../types.js';

export interface SubscriptionTables {
  exchange_subscription: SubscriptionTable;
  exchange_delivery: DeliveryTable;
}

/** A unit's (or one of its application systems') standing order for a resource's changes. */
export interface SubscriptionTable {
  id: string;
  resource_code: string;
  owner_unit_id: string;
  /** The application system of the token that created it; null when a user created it. */
  owner_system_id: string | null;
  /** Audit name of the creator (username or token name). */
  created_by: string;
  /** The declared purpose of use, logged with every delivery. */
  purpose: string;
  url: string;
  /**
   * Shared HMAC secret (base64url of 32 random bytes). Kept in clear because signing needs it;
   * returned once, at creation, and never again.
   */
  secret: string;
  algorithm: SignatureAlgorithm;
  state: SubscriptionState;
  /** Why it is dead-lettered or stopped (stable code, e.g. max_attempts, access_revoked, removed). */
  state_reason: string | null;
  /** Change-feed seq of the last change delivered (or skipped as outside the caller's rows). */
  cursor: number;
  batch_size: number;
  created_at: string;
  updated_at: string;
  /** Node holding the delivery lease (several nodes may run workers on one database). */
  lease_owner: string | null;
  lease_until: string | null;
}

/** One batch of changes sent to a subscription; its id is the X-GovShare-Delivery header, stable across retries. */
export interface DeliveryTable {
  id: string;
  subscription_id: string;
  from_seq: number;
  to_seq: number;
  change_count: number;
  attempts: number;
  state: DeliveryState;
  /** HTTP status of the last attempt (null: no response). */
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string;
  last_attempt_at: string | null;
  created_at: string;
  delivered_at: string | null;
}
