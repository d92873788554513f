/**
 * c7.audit_chain — the audit log checked for edits made directly in the database (第三十一条第七项, R19).
 *
 * The sweep is incremental: each chain is verified from the last verified position (its anchor:
 * seq and hash) up to the current head, after confirming the anchor row still carries the hash it
 * had; plus a rotating slice of older events, so an edit deep in the past is also found within
 * (events ÷ slice) sweeps. Any anomaly triggers the audit module's full verification
 * (src/audit/verify.ts), which names the first bad seq and the kind of break; the on-demand run
 * is that full verification.
 */
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { EVENT_COLUMNS, GENESIS, canonicalRow, chainHash } from '../../audit/chain.js';
import type { HashAlgorithm, VerifyResult } from '../../audit/types.js';
import { readMeta } from '../../audit/verify.js';

export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** Carried between runs. */
export interface AuditCheckState {
  anchors: Record<string, AuditAnchor>;
  /** Per chain: the first seq of the next rotating slice of older events. */
  slice: Record<string, number>;
}

export interface IncrementalResult {
  checked: number;
  /** The first thing that does not hold, or null. */
  problem: { chain: string; seq: number; detail: string } | null;
  state: AuditCheckState;
  scope: { chains: { chain: string; from: number; to: number; slice: [number, number] | null }[] };
}

const PAGE = 1000;

/** A walk over seqs (from, to] of a chain, expecting each row to continue the chain from `prevHash`. */
async function walk(
  db: Db,
  alg: HashAlgorithm,
  chain: string,
  from: number,
  prevHash: string,
  to: number,
): Promise<{ checked: number; problem: { seq: number; detail: string } | null; lastHash: string }> {
  let last = from;
  let lastHash = prevHash;
  let checked = 0;
  while (last < to) {
    const upper = Math.min(to, last + PAGE);
    const rows = await db.kysely
      .selectFrom('audit_event')
      .selectAll()
      .where('chain', '=', chain)
      .where('seq', '>', last)
      .where('seq', '<=', upper)
      .orderBy('seq')
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== last + 1) return { checked, problem: { seq: last + 1, detail: `event ${last + 1} is missing` }, lastHash };
      if (r.prev_hash !== lastHash) return { checked, problem: { seq, detail: `event ${seq} does not link to event ${last}` }, lastHash };
      const arr = EVENT_COLUMNS.map((c) => (c === 'seq' ? seq : (r as unknown as Record<string, string | number | null>)[c] ?? null));
      if (chainHash(alg, r.prev_hash, canonicalRow(arr, seq)) !== r.hash) return { checked, problem: { seq, detail: `event ${seq} does not match its hash` }, lastHash };
      last = seq;
      lastHash = r.hash;
      checked++;
    }
    if (rows.length === 0 || last < upper) return { checked, problem: { seq: last + 1, detail: `event ${last + 1} is missing` }, lastHash };
  }
  return { checked, problem: null, lastHash };
}

/** Verifies what was appended since the anchors, and one slice of older events per chain. */
export async function incrementalAuditCheck(db: Db, prev: AuditCheckState, sliceSize: number): Promise<IncrementalResult> {
  const meta = await readMeta(db.kysely);
  const alg: HashAlgorithm = meta.algorithm ?? 'sm3';
  const heads = await db.kysely.selectFrom('audit_head').select(['chain', 'seq', 'hash']).orderBy('chain').execute();
  const state: AuditCheckState = { anchors: { ...prev.anchors }, slice: { ...prev.slice } };
  const scope: IncrementalResult['scope'] = { chains: [] };
  let checked = 0;
  for (const h of heads) {
    const chain = h.chain;
    const headSeq = Number(h.seq);
    const anchor = prev.anchors[chain] ?? { seq: 0, hash: GENESIS };
    if (anchor.seq > headSeq) return { checked, problem: { chain, seq: headSeq + 1, detail: `the chain head (${headSeq}) lies before the last verified event ${anchor.seq}` }, state, scope };
    if (anchor.seq > 0) {
      const at = await db.kysely.selectFrom('audit_event').select('hash').where('chain', '=', chain).where('seq', '=', anchor.seq).executeTakeFirst();
      if (!at || at.hash !== anchor.hash) return { checked, problem: { chain, seq: anchor.seq, detail: `event ${anchor.seq} no longer carries the hash verified before` }, state, scope };
    }
    // The rotating slice of older events, [start, end] within what was verified before.
    let slice: [number, number] | null = null;
    if (anchor.seq > 0 && sliceSize > 0) {
      let start = prev.slice[chain] ?? 1;
      if (start > anchor.seq) start = 1;
      const end = Math.min(anchor.seq, start + sliceSize - 1);
      const before =
        start === 1
          ? GENESIS
          : (await db.kysely.selectFrom('audit_event').select('hash').where('chain', '=', chain).where('seq', '=', start - 1).executeTakeFirst())?.hash;
      if (before === undefined) return { checked, problem: { chain, seq: start - 1, detail: `event ${start - 1} is missing` }, state, scope };
      const w = await walk(db, alg, chain, start - 1, before, end);
      checked += w.checked;
      if (w.problem) return { checked, problem: { chain, ...w.problem }, state, scope };
      if (end === anchor.seq) {
        const at = await db.kysely.selectFrom('audit_event').select('hash').where('chain', '=', chain).where('seq', '=', end).executeTakeFirst();
        if (at?.hash !== anchor.hash) return { checked, problem: { chain, seq: end, detail: `event ${end} no longer carries the hash verified before` }, state, scope };
      }
      state.slice[chain] = end >= anchor.seq ? 1 : end + 1;
      slice = [start, end];
    }
    const w = await walk(db, alg, chain, anchor.seq, anchor.hash, headSeq);
    checked += w.checked;
    if (w.problem) return { checked, problem: { chain, ...w.problem }, state, scope };
    if (w.lastHash !== h.hash) return { checked, problem: { chain, seq: headSeq, detail: `the chain head does not match event ${headSeq}` }, state, scope };
    state.anchors[chain] = { seq: headSeq, hash: h.hash };
    scope.chains.push({ chain, from: anchor.seq + 1, to: headSeq, slice });
  }
  return { checked, problem: null, state, scope };
}

/** The anchors a clean full verification vouches for. */
export function anchorsOf(result: VerifyResult): Record<string, AuditAnchor> {
  const out: Record<string, AuditAnchor> = {};
  for (const c of result.chains) if (c.lastSeq > 0) out[c.chain] = { seq: c.lastSeq, hash: c.headHash };
  return out;
}

/** Current heads (to move the anchors past a break that is already reported). */
export async function currentHeads(db: Db): Promise<Record<string, AuditAnchor>> {
  const heads = await db.kysely.selectFrom('audit_head').select(['chain', 'seq', 'hash']).execute();
  const out: Record<string, AuditAnchor> = {};
  for (const h of heads) out[h.chain] = { seq: Number(h.seq), hash: h.hash };
  return out;
}

/** Events in the log (for the status page). */
export async function countEvents(db: Db): Promise<number> {
  const r = await db.kysely.selectFrom('audit_event').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}
