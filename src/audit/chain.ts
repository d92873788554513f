import { createHash } from 'node:crypto';
import type { AuditEventTable } from './tables.js';
import type { HashAlgorithm } from './types.js';

/** prev_hash of the first event of every chain. */
export const GENESIS = '0'.repeat(64);

/** What the hash covers: every stored column except the two hashes. */
export type EventContent = Omit<AuditEventTable, 'prev_hash' | 'hash'>;

const q = JSON.stringify;

/** The stored columns of audit_event in table order; verification reads rows as arrays in this order. */
export const EVENT_COLUMNS = [
  'chain', 'seq', 'time', 'actor_type', 'actor_id', 'actor_name', 'unit_id', 'action', 'target_type', 'target_id',
  'result', 'purpose', 'grant_id', 'client_ip', 'request_id', 'detail', 'prev_hash', 'hash',
] as const;
/** Positions in EVENT_COLUMNS the verifier's loop reads. */
export const COL_SEQ = 1;
export const COL_PREV = 16;
export const COL_HASH = 17;

/** A row of audit_event as an array in EVENT_COLUMNS order. */
export type EventArray = readonly (string | number | null)[];

/**
 * The bytes an event's hash covers: a JSON object with a fixed key order. `detail` is already
 * canonical JSON text (sorted keys, see `canonicalJson`) and is embedded as stored, so a
 * verifier does not re-serialize it; it comes last, which keeps the encoding unambiguous.
 * `seq` is passed separately so the verifier can test where a moved row belongs.
 * This is the one implementation of the format; `canonicalEvent` feeds it too.
 */
export function canonicalRow(r: EventArray, seq: number = r[1] as number): string {
  return canonicalHead(r[0] as string, seq) + canonicalTail(r);
}

/** The start of canonicalRow: chain and seq. */
export function canonicalHead(chain: string, seq: number): string {
  return '{"chain":' + q(chain) + ',"seq":' + seq;
}

/**
 * The rest of canonicalRow after seq. The audit writer thread (writer-thread.ts) gets it ready
 * made, so it only prepends canonicalHead once it knows the event's seq.
 */
export function canonicalTail(r: EventArray): string {
  return (
    ',"time":' + q(r[2]) +
    ',"actor_type":' + q(r[3]) +
    ',"actor_id":' + q(r[4]) +
    ',"actor_name":' + q(r[5]) +
    ',"unit_id":' + q(r[6]) +
    ',"action":' + q(r[7]) +
    ',"target_type":' + q(r[8]) +
    ',"target_id":' + q(r[9]) +
    ',"result":' + q(r[10]) +
    ',"purpose":' + q(r[11]) +
    ',"grant_id":' + q(r[12]) +
    ',"client_ip":' + q(r[13]) +
    ',"request_id":' + q(r[14]) +
    ',"detail":' + (r[15] ?? 'null') +
    '}'
  );
}

/** An event's content as an array in EVENT_COLUMNS order (without the two hashes). */
export function eventArray(chain: string, seq: number, e: Omit<EventContent, 'chain' | 'seq'>): EventArray {
  return [chain, seq, e.time, e.actor_type, e.actor_id, e.actor_name, e.unit_id, e.action, e.target_type, e.target_id,
    e.result, e.purpose, e.grant_id, e.client_ip, e.request_id, e.detail];
}

/** canonicalRow of an event given as an object (the writer's side). */
export function canonicalEvent(e: EventContent, seq: number = e.seq): string {
  return canonicalRow(eventArray(e.chain, seq, e), seq);
}

/** The object form of a row read as an array. */
export function rowObject(r: EventArray): AuditEventTable {
  const o: Record<string, unknown> = {};
  EVENT_COLUMNS.forEach((c, i) => (o[c] = r[i] ?? null));
  o.seq = Number(o.seq);
  return o as unknown as AuditEventTable;
}

/** h[n] = H(h[n-1] ‖ canonical(event[n])), lowercase hex. */
export function chainHash(alg: HashAlgorithm, prevHash: string, canonical: string): string {
  return createHash(alg).update(prevHash).update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** JSON with object keys sorted at every level (undefined members dropped, bigints as strings). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

/** The text a checkpoint signature covers. */
export function checkpointPayload(c: { chain: string; seq: number; hash: string; time: string }): string {
  return 'govshare-audit-checkpoint/1 ' + JSON.stringify([c.chain, c.seq, c.hash, c.time]);
}
