/**
 * 异议 (R15, 第二十条): objections from raising to archive, with marks on the records concerned.
 *
 * Every transition runs in one audit.transact: the row moves from the state it was read in (a
 * concurrent transition gets 409), and workflow.record writes the timeline entry, closes and
 * opens the inbox tasks (with working-day deadlines) and queues the notifications; its audit
 * event commits with the change. `marks` is cached per process for MARKS_CACHE_MS and dropped on
 * this service's own writes; a change made on another node shows here within that time.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, invalid } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n.js';
import type { AuditInput } from '../../audit/types.js';
import { DATA_ITEM_CODE_RE, RESOURCE_CODE_RE, type Resource } from '../../catalog/model.js';
import { createBlobStore, type BlobStore } from '../../exchange/files/blobs.js';
import { cleanFileName } from '../../exchange/files/service.js';
import type { SharingModuleDeps } from '../deps.js';
import type { Assignee, SharingActor, Transition } from '../workflow/types.js';
import {
  ACTION_FROM,
  ANSWER_KINDS,
  EVIDENCE_STATES,
  OBJECTION_ACTIONS,
  OBJECTION_LIMITS,
  type AnswerKind,
  type Evidence,
  type Marks,
  type MarksView,
  type Objection,
  type ObjectionAction,
  type ObjectionDetail,
  type ObjectionInput,
  type ObjectionPhase,
  type ObjectionQuery,
  type ObjectionStats,
  type StatsQuery,
} from './model.js';
import { can, type ObjectionPolicyAction } from './policy.js';
import { checkEvidenceType } from './evidence.js';
import * as store from './store.js';
import './messages.js';

export * from './model.js';

/** How long `marks` answers from memory. */
export const MARKS_CACHE_MS = 2000;

/** Grant states under which a unit has received a restricted resource's data (and may object to it). */
const GRANT_STATES_WITH_DATA = ['active', 'suspended', 'expired'];

export interface ObjectionService {
  /** A consumer unit raises an objection in writing (403 when its unit may not read the resource). Audited 'sharing.objection.raise'. */
  raise(by: SharingActor, input: ObjectionInput): Promise<ObjectionDetail>;
  /** One objection with its evidence files and the caller's possible actions (parties, authority, supervisors, administrators). */
  get(by: SharingActor, id: string): Promise<ObjectionDetail>;
  list(by: SharingActor, q?: ObjectionQuery): Promise<{ items: Objection[]; total: number }>;
  /** The authority accepts (raised → marked; or disputed → marked for a second verification): the mark is placed, the provider gets a 'verify' task. */
  accept(by: SharingActor, id: string, comment?: string | null): Promise<ObjectionDetail>;
  /** The authority rejects a raised objection with a reason; it is archived. */
  reject(by: SharingActor, id: string, reason: string): Promise<ObjectionDetail>;
  /** The provider answers: corrected (what was corrected; the correction is uploaded as usual) or explained (why the data is right); fed back to the raiser. */
  answer(by: SharingActor, id: string, input: { kind: AnswerKind; text: string }): Promise<ObjectionDetail>;
  /** The raiser accepts the feedback; the authority gets a 'close' task. */
  acknowledge(by: SharingActor, id: string, comment?: string | null): Promise<ObjectionDetail>;
  /** The raiser disputes the feedback (once); back to the authority. */
  dispute(by: SharingActor, id: string, reason: string): Promise<ObjectionDetail>;
  /** The authority closes: upheld (the data was wrong) or not; the mark is removed and the objection archived. */
  close(by: SharingActor, id: string, input: { upheld: boolean; conclusion: string }): Promise<ObjectionDetail>;
  /** Adds an evidence file (magic-byte checked, size-limited, content-addressed). Audited 'sharing.objection.evidence'. */
  addEvidence(by: SharingActor, id: string, meta: { name?: string | null; contentType?: string | null; declaredBytes?: number | null }, stream: Readable): Promise<Evidence>;
  /** Opens an evidence file for download (audited before the first byte). */
  openEvidence(by: SharingActor, id: string, evidenceId: string): Promise<{ evidence: Evidence; stream: Readable }>;
  /** What is under objection on a resource (no access check: for modules that apply their own, e.g. the exchange). */
  marks(resourceCode: string): Promise<Marks>;
  /** Marks as a caller may see them: every consumer sees that there are marks; record keys of other units' objections only the provider, the authority, supervisors, administrators. */
  marksFor(by: SharingActor, resourceCode: string): Promise<MarksView>;
  /** Upheld objections (closed in [from, to), of a provider unit) — for the supervision module (第三十一条第二项). */
  upheldCount(q?: StatsQuery): Promise<number>;
  stats(by: SharingActor, q?: StatsQuery): Promise<ObjectionStats>;
  /** The evidence file size limit (bytes). */
  readonly evidenceMaxBytes: number;
}

type FieldIssue = { field: string; code: string; messageKey: MessageKey; params?: Record<string, string | number> };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** An ISO instant from a date-time with an offset, or a date (00:00 China Standard Time, or the next day's start). */
function parseInstant(s: string, endOfDay: boolean): string | null {
  if (DATE_RE.test(s)) {
    const t = Date.parse(`${s}T00:00:00+08:00`);
    if (!Number.isFinite(t) || new Date(t + 8 * 3_600_000).toISOString().slice(0, 10) !== s) return null;
    return new Date(endOfDay ? t + DAY_MS : t).toISOString();
  }
  if (!DATETIME_RE.test(s)) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

export function createObjectionService(deps: SharingModuleDeps & { blobs?: BlobStore }): ObjectionService {
  const { db, audit, clock, config, org, catalog, grants, workflow } = deps;
  const k = db.kysely;
  const blobs = deps.blobs ?? createBlobStore(config.dataDir);
  const marksCache = new Map<string, { at: number; marks: Promise<Marks> }>();
  const now = () => clock.now().toISOString();

  // ---------------------------------------------------------------- helpers

  const notFound = (id: string) => new AppError(404, 'not_found', 'sharing.objection.not_found', { id });
  const forbidden = () => new AppError(403, 'forbidden', 'sharing.objection.forbidden');

  function allowed(by: SharingActor, action: ObjectionPolicyAction, row: store.ObjectionRow): boolean {
    return can(by, action, { raiserUnitId: row.raiser_unit_id, providerUnitId: row.provider_unit_id });
  }

  /** Unit names, looked up once per call. */
  async function unitNames(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) {
      const u = await org.getUnit(id);
      if (u) out.set(id, u.name);
    }
    return out;
  }

  async function present(rows: store.ObjectionRow[]): Promise<Objection[]> {
    const targets = await store.targetsOf(k, rows.map((r) => r.id));
    const names = await unitNames(rows.flatMap((r) => [r.raiser_unit_id, r.provider_unit_id]));
    return rows.map((r) => store.toObjection(r, targets.get(r.id)!, names));
  }

  /** What the caller may do now (the portal shows these panels). */
  function actionsFor(by: SharingActor, row: store.ObjectionRow): ObjectionDetail['actions'] {
    const out: ObjectionDetail['actions'] = [];
    for (const a of OBJECTION_ACTIONS) {
      if (!ACTION_FROM[a].includes(row.state) || !allowed(by, `objection.${a}`, row)) continue;
      if (a === 'dispute' && row.disputed_at !== null) continue;
      out.push(a);
    }
    if (evidenceParty(by, row) !== null) out.push('evidence');
    return out;
  }

  /** Which party the caller adds evidence as, in the current state (null: may not). */
  function evidenceParty(by: SharingActor, row: store.ObjectionRow): 'raiser' | 'provider' | null {
    if (!allowed(by, 'objection.evidence_add', row)) return null;
    if (by.unitId === row.raiser_unit_id) return EVIDENCE_STATES.raiser.includes(row.state) ? 'raiser' : null;
    // Trusted code (seed) adds as the raiser.
    if (by.actorType === 'system' || by.actorType === 'cli') return EVIDENCE_STATES.raiser.includes(row.state) ? 'raiser' : null;
    return EVIDENCE_STATES.provider.includes(row.state) ? 'provider' : null;
  }

  async function detail(by: SharingActor, row: store.ObjectionRow): Promise<ObjectionDetail> {
    const [o] = await present([row]);
    const evidenceFiles = (await store.evidenceOf(k, row.id)).map(store.toEvidence);
    return { ...o!, evidenceFiles, actions: actionsFor(by, row) };
  }

  function titleOf(row: Pick<store.ObjectionRow, 'resource_name'>): string {
    return `异议：${row.resource_name}`;
  }

  /** The three parties (and, on an upheld close, supervision); the acting party is not told what it just did. */
  function notices(by: SharingActor, row: store.ObjectionRow, kind: string, extra: Assignee[] = []): NonNullable<Transition['notify']> {
    const params = { title: titleOf(row), resource: row.resource_name, code: row.resource_code };
    const parties: { assignee: Assignee; isActor: boolean }[] = [
      { assignee: { role: row.raised_by_role as Assignee['role'], unitId: row.raiser_unit_id }, isActor: by.unitId === row.raiser_unit_id },
      { assignee: { role: 'unit_steward', unitId: row.provider_unit_id }, isActor: by.unitId === row.provider_unit_id },
      { assignee: { role: 'authority_reviewer', unitId: null }, isActor: by.roles.includes('authority_reviewer') },
    ];
    return [...parties.filter((p) => !p.isActor).map((p) => p.assignee), ...extra].map((assignee) => ({ assignee, kind: `objection.notice.${kind}`, params }));
  }

  const authority: Assignee = { role: 'authority_reviewer', unitId: null };
  const providerSteward = (row: store.ObjectionRow): Assignee => ({ role: 'unit_steward', unitId: row.provider_unit_id });
  const raiser = (row: store.ObjectionRow): Assignee => ({ role: row.raised_by_role as Assignee['role'], unitId: row.raiser_unit_id });

  function text(issues: FieldIssue[], field: string, v: unknown, max: number, required: boolean): string {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) issues.push({ field, code: 'required', messageKey: 'sharing.objection.text_required' });
      return '';
    }
    if (typeof v !== 'string') {
      issues.push({ field, code: 'required', messageKey: 'sharing.objection.text_required' });
      return '';
    }
    const s = v.trim();
    if ([...s].length > max) issues.push({ field, code: 'too_long', messageKey: 'sharing.objection.too_long', params: { max } });
    return s;
  }

  function requiredText(field: string, v: unknown, max: number): string {
    const issues: FieldIssue[] = [];
    const s = text(issues, field, v, max, true);
    if (issues.length) throw invalid(issues);
    return s;
  }

  function optionalText(field: string, v: unknown, max: number): string | null {
    const issues: FieldIssue[] = [];
    const s = text(issues, field, v, max, false);
    if (issues.length) throw invalid(issues);
    return s || null;
  }

  function stringList(issues: FieldIssue[], field: string, v: unknown, max: number, check: (s: string, i: number) => void): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      issues.push({ field, code: 'invalid_value', messageKey: 'sharing.objection.not_a_list' });
      return [];
    }
    if (v.length > max) {
      issues.push({ field, code: 'too_many', messageKey: 'sharing.objection.too_many', params: { max } });
      return [];
    }
    const seen = new Set<string>();
    const out: string[] = [];
    v.forEach((x, i) => {
      if (typeof x !== 'string') {
        issues.push({ field: `${field}/${i}`, code: 'invalid_value', messageKey: 'sharing.objection.not_a_list' });
        return;
      }
      const s = x.trim();
      const before = issues.length;
      check(s, i);
      if (issues.length > before) return;
      if (seen.has(s)) issues.push({ field: `${field}/${i}`, code: 'duplicate', messageKey: 'sharing.objection.duplicate', params: { value: s } });
      else {
        seen.add(s);
        out.push(s);
      }
    });
    return out;
  }

  /** Whether the unit may read the resource's data: mandatory — any unit; restricted — it holds a grant under which data flowed. */
  async function consumerMayRead(unitId: string | null, resource: Resource): Promise<boolean> {
    if (!unitId || resource.metadataOnly) return false;
    if (resource.sharingType === 'mandatory') return true;
    if (resource.sharingType === 'restricted') return (await grants.grantsFor(unitId, resource.code)).some((g) => GRANT_STATES_WITH_DATA.includes(g.state));
    return false;
  }

  /**
   * One transition: the row is read, the caller and the state checked, the row moved (only from
   * the state it was read in) and the timeline/tasks/notifications written, in one transaction.
   */
  async function move(
    by: SharingActor,
    id: string,
    action: ObjectionAction,
    build: (row: store.ObjectionRow, at: string) => { patch: Partial<store.ObjectionRow>; transitions: Omit<Transition, 'by' | 'itemKind' | 'itemId' | 'title'>[] },
  ): Promise<ObjectionDetail> {
    const row = await audit.transact(async (trx) => {
      const current = await store.findObjection(trx, id);
      if (!current) throw notFound(id);
      if (!allowed(by, `objection.${action}`, current)) {
        if (!allowed(by, 'objection.read', current)) throw forbidden();
        throw new AppError(403, 'forbidden', 'sharing.objection.forbidden_action', { action });
      }
      if (!ACTION_FROM[action].includes(current.state)) {
        throw new AppError(409, 'bad_objection_transition', 'sharing.objection.bad_transition', { state: current.state, action });
      }
      if (action === 'dispute' && current.disputed_at !== null) throw new AppError(409, 'already_disputed', 'sharing.objection.already_disputed');
      const at = now();
      const { patch, transitions } = build(current, at);
      const next = { ...current, ...patch, updated_at: at };
      if (!(await store.transition(trx, id, current.state, { ...patch, updated_at: at }))) {
        throw new AppError(409, 'objection_changed', 'sharing.objection.changed');
      }
      const events: AuditInput[] = [];
      for (const t of transitions) events.push(await workflow.record(trx, { by, itemKind: 'objection', itemId: id, title: titleOf(current), ...t }));
      return { value: next, events };
    });
    marksCache.clear();
    return detail(by, row);
  }

  async function loadVisible(by: SharingActor, id: string): Promise<store.ObjectionRow> {
    const row = await store.findObjection(k, id);
    if (!row) throw notFound(id);
    if (!allowed(by, 'objection.read', row)) throw forbidden();
    return row;
  }

  function loadMarks(code: string): Promise<Marks> {
    const t = performance.now();
    const hit = marksCache.get(code);
    if (hit && t - hit.at < MARKS_CACHE_MS) return hit.marks;
    const marks = store.markedOn(k, code).then((list) => {
      const keys = new Set<string>();
      const fields = new Set<string>();
      let resource = false;
      for (const o of list) {
        o.keys.forEach((x) => keys.add(x));
        o.fields.forEach((x) => fields.add(x));
        if (!o.keys.length && !o.fields.length) resource = true;
      }
      return { resource, keys: [...keys], fields: [...fields], objectionIds: list.map((o) => o.id) };
    });
    // A failed read is not cached.
    marks.catch(() => marksCache.delete(code));
    if (marksCache.size > 10_000) marksCache.clear();
    marksCache.set(code, { at: t, marks });
    return marks;
  }

  function period(q: StatsQuery): { from?: string; to?: string } {
    const issues: FieldIssue[] = [];
    const one = (name: 'from' | 'to', v: string | undefined) => {
      if (v === undefined || v === '') return undefined;
      const p = parseInstant(v, name === 'to');
      if (p === null) issues.push({ field: `querystring.${name}`, code: 'invalid_date', messageKey: 'sharing.objection.invalid_date', params: { value: v } });
      return p ?? undefined;
    };
    const out = { from: one('from', q.from), to: one('to', q.to) };
    if (issues.length) throw invalid(issues);
    return out;
  }

  // Who may see an objection's timeline and tasks: the same people who may read it.
  workflow.registerAccess('objection', async (by, itemId) => {
    const row = await store.findObjection(k, itemId);
    return !!row && allowed(by, 'objection.read', row);
  });

  // ---------------------------------------------------------------- the service

  return {
    evidenceMaxBytes: OBJECTION_LIMITS.evidenceBytesMax,

    async raise(by, input) {
      const body = (input ?? {}) as Partial<ObjectionInput>;
      const issues: FieldIssue[] = [];
      const code = typeof body.resourceCode === 'string' ? body.resourceCode.trim() : '';
      if (!RESOURCE_CODE_RE.test(code)) issues.push({ field: 'body.resourceCode', code: 'invalid_resource_code', messageKey: 'sharing.objection.invalid_resource_code', params: { value: String(body.resourceCode) } });
      const description = text(issues, 'body.description', body.description, OBJECTION_LIMITS.descriptionMax, true);
      const evidence = text(issues, 'body.evidence', body.evidence, OBJECTION_LIMITS.evidenceTextMax, false);
      const expected = text(issues, 'body.expectedCorrection', body.expectedCorrection, OBJECTION_LIMITS.expectedMax, true);
      const keys = stringList(issues, 'body.recordKeys', body.recordKeys, OBJECTION_LIMITS.keysMax, (s, i) => {
        if (!s || [...s].length > OBJECTION_LIMITS.keyMax || CONTROL.test(s)) issues.push({ field: `body.recordKeys/${i}`, code: 'invalid_key', messageKey: 'sharing.objection.invalid_key', params: { value: s.slice(0, 60) } });
      });
      if (issues.length) throw invalid(issues);

      const resource = await catalog.published(code);
      if (!resource) throw new AppError(404, 'not_found', 'sharing.objection.resource_not_found', { code });
      const itemCodes = new Set(resource.dataItems.map((i) => i.code));
      const fields = stringList(issues, 'body.fields', body.fields, OBJECTION_LIMITS.fieldsMax, (s, i) => {
        if (!DATA_ITEM_CODE_RE.test(s) || !itemCodes.has(s)) issues.push({ field: `body.fields/${i}`, code: 'unknown_field', messageKey: 'sharing.objection.unknown_field', params: { value: s.slice(0, 60) } });
      });
      if (issues.length) throw invalid(issues);

      if (by.unitId && by.unitId === resource.providerUnitId) throw new AppError(403, 'forbidden', 'sharing.objection.provider_raise');
      const mayRead = await consumerMayRead(by.unitId, resource);
      if (!can(by, 'objection.raise', { providerUnitId: resource.providerUnitId, consumerMayRead: mayRead })) {
        throw new AppError(403, 'forbidden', 'sharing.objection.cannot_raise');
      }
      const raiserUnitId = by.unitId;
      if (!raiserUnitId) throw new AppError(403, 'forbidden', 'sharing.objection.cannot_raise');

      const at = now();
      const row: store.ObjectionRow = {
        id: randomUUID(),
        resource_code: resource.code,
        resource_name: resource.name,
        provider_unit_id: resource.providerUnitId,
        raiser_unit_id: raiserUnitId,
        raised_by: by.actorName,
        raised_by_id: by.actorId,
        // The acknowledge task goes to the raiser's role in the raising unit.
        raised_by_role: by.roles.includes('unit_user') ? 'unit_user' : 'unit_steward',
        description,
        evidence_text: evidence,
        expected_correction: expected,
        state: 'raised',
        marked: 0,
        answer_kind: null,
        answer: null,
        answered_by: null,
        answered_at: null,
        reject_reason: null,
        dispute_reason: null,
        disputed_at: null,
        acknowledged_at: null,
        outcome: null,
        conclusion: null,
        accepted_at: null,
        closed_at: null,
        archived_at: null,
        created_at: at,
        updated_at: at,
      };
      const created = await audit.transact(async (trx) => {
        await store.insertObjection(trx, row, keys, fields);
        const event = await workflow.record(trx, {
          by,
          itemKind: 'objection',
          itemId: row.id,
          title: titleOf(row),
          action: 'sharing.objection.raise',
          fromState: null,
          toState: 'raised',
          comment: description,
          detail: { resourceCode: row.resource_code, providerUnitId: row.provider_unit_id, recordKeys: keys.length, fields, expectedCorrection: expected },
          open: [{ step: 'accept', assignee: authority, deadline: 'registration' }],
          notify: notices(by, row, 'raised'),
        });
        return { value: row, events: [event] };
      });
      return detail(by, created);
    },

    async get(by, id) {
      return detail(by, await loadVisible(by, id));
    },

    async list(by, q = {}) {
      const limit = Math.min(Math.max(q.limit ?? 50, 1), OBJECTION_LIMITS.listMax);
      const offset = Math.max(q.offset ?? 0, 0);
      const box = q.box ?? 'mine';
      const base: store.ListFilter = { state: q.state, resourceCode: q.resourceCode, limit, offset };
      const unit = by.unitId;
      const anyone = by.actorType === 'system' || by.actorType === 'cli';
      if (by.actorType !== 'user' && !anyone) throw forbidden();
      let filter: store.ListFilter;
      if (box === 'mine') {
        if (!unit) return { items: [], total: 0 };
        filter = { ...base, raiserUnitId: unit };
      } else if (box === 'to_handle') {
        const awaiting: NonNullable<store.ListFilter['awaiting']> = [];
        if (anyone || by.roles.includes('authority_reviewer')) awaiting.push({ states: ['raised', 'acknowledged', 'disputed'] });
        if (unit && by.roles.includes('unit_steward')) awaiting.push({ states: ['marked'], providerUnitId: unit });
        if (unit && (by.roles.includes('unit_user') || by.roles.includes('unit_steward'))) awaiting.push({ states: ['fed_back'], raiserUnitId: unit });
        filter = { ...base, awaiting };
      } else if (anyone || can(by, 'objection.list_all')) {
        filter = base;
      } else {
        if (!unit) return { items: [], total: 0 };
        filter = { ...base, involvingUnitId: unit };
      }
      const page = await store.listObjections(k, filter);
      return { items: await present(page.rows), total: page.total };
    },

    accept(by, id, comment) {
      const note = optionalText('body.comment', comment, OBJECTION_LIMITS.commentMax);
      return move(by, id, 'accept', (row, at) => {
        const again = row.state === 'disputed';
        return {
          patch: { state: 'marked', marked: 1, accepted_at: row.accepted_at ?? at },
          transitions: [
            {
              action: 'sharing.objection.accept',
              fromState: row.state,
              toState: 'marked',
              comment: note,
              detail: { resourceCode: row.resource_code, mark: 'placed', reverify: again },
              closeSteps: ['accept', 'close'],
              open: [{ step: 'verify', assignee: providerSteward(row), deadline: 'objection_verify' }],
              notify: notices(by, row, again ? 'reverify' : 'accepted'),
            },
          ],
        };
      });
    },

    reject(by, id, reason) {
      const why = requiredText('body.reason', reason, OBJECTION_LIMITS.commentMax);
      return move(by, id, 'reject', (row, at) => ({
        patch: { state: 'archived', reject_reason: why, outcome: 'rejected', closed_at: at, archived_at: at },
        transitions: [
          {
            action: 'sharing.objection.reject',
            fromState: row.state,
            toState: 'rejected' satisfies ObjectionPhase,
            comment: why,
            detail: { resourceCode: row.resource_code, outcome: 'rejected' },
            closeSteps: '*',
            notify: notices(by, row, 'rejected'),
          },
          { action: 'sharing.objection.archive', fromState: 'rejected', toState: 'archived', detail: { outcome: 'rejected' } },
        ],
      }));
    },

    answer(by, id, input) {
      const body = (input ?? {}) as { kind?: unknown; text?: unknown };
      const issues: FieldIssue[] = [];
      if (!(ANSWER_KINDS as readonly unknown[]).includes(body.kind)) issues.push({ field: 'body.kind', code: 'invalid_answer_kind', messageKey: 'sharing.objection.invalid_answer_kind' });
      const answerText = text(issues, 'body.text', body.text, OBJECTION_LIMITS.commentMax, true);
      if (issues.length) throw invalid(issues);
      const kind = body.kind as AnswerKind;
      return move(by, id, 'answer', (row, at) => ({
        patch: { state: 'fed_back', answer_kind: kind, answer: answerText, answered_by: by.actorName, answered_at: at },
        transitions: [
          {
            action: 'sharing.objection.answer',
            fromState: row.state,
            toState: 'fed_back',
            comment: answerText,
            detail: { resourceCode: row.resource_code, kind },
            closeSteps: ['verify'],
            open: [{ step: 'acknowledge', assignee: raiser(row) }],
            notify: notices(by, row, kind === 'corrected' ? 'corrected' : 'explained'),
          },
        ],
      }));
    },

    acknowledge(by, id, comment) {
      const note = optionalText('body.comment', comment, OBJECTION_LIMITS.commentMax);
      return move(by, id, 'acknowledge', (row, at) => ({
        patch: { state: 'acknowledged', acknowledged_at: at },
        transitions: [
          {
            action: 'sharing.objection.acknowledge',
            fromState: row.state,
            toState: 'acknowledged',
            comment: note,
            detail: { resourceCode: row.resource_code },
            closeSteps: ['acknowledge'],
            open: [{ step: 'close', assignee: authority, deadline: 'registration' }],
            notify: notices(by, row, 'acknowledged'),
          },
        ],
      }));
    },

    dispute(by, id, reason) {
      const why = requiredText('body.reason', reason, OBJECTION_LIMITS.commentMax);
      return move(by, id, 'dispute', (row, at) => ({
        patch: { state: 'disputed', dispute_reason: why, disputed_at: at },
        transitions: [
          {
            action: 'sharing.objection.dispute',
            fromState: row.state,
            toState: 'disputed',
            comment: why,
            detail: { resourceCode: row.resource_code },
            closeSteps: ['acknowledge'],
            open: [{ step: 'close', assignee: authority, deadline: 'registration' }],
            notify: notices(by, row, 'disputed'),
          },
        ],
      }));
    },

    close(by, id, input) {
      const body = (input ?? {}) as { upheld?: unknown; conclusion?: unknown };
      const issues: FieldIssue[] = [];
      if (typeof body.upheld !== 'boolean') issues.push({ field: 'body.upheld', code: 'required', messageKey: 'sharing.objection.upheld_required' });
      const conclusion = text(issues, 'body.conclusion', body.conclusion, OBJECTION_LIMITS.commentMax, true);
      if (issues.length) throw invalid(issues);
      const upheld = body.upheld as boolean;
      const outcome = upheld ? 'upheld' : 'not_upheld';
      return move(by, id, 'close', (row, at) => ({
        patch: { state: 'archived', outcome, conclusion, marked: 0, closed_at: at, archived_at: at },
        transitions: [
          {
            action: 'sharing.objection.close',
            fromState: row.state,
            toState: 'closed' satisfies ObjectionPhase,
            comment: conclusion,
            detail: { resourceCode: row.resource_code, providerUnitId: row.provider_unit_id, outcome, mark: 'removed' },
            closeSteps: '*',
            // Upheld objections are the supervision module's business (第三十一条第二项).
            notify: notices(by, row, upheld ? 'upheld' : 'not_upheld', upheld ? [{ role: 'supervisor', unitId: null }] : []),
          },
          { action: 'sharing.objection.archive', fromState: 'closed', toState: 'archived', detail: { outcome } },
        ],
      }));
    },

    async addEvidence(by, id, meta, stream) {
      let name: string;
      let row: store.ObjectionRow;
      let party: 'raiser' | 'provider';
      try {
        row = await loadVisible(by, id);
        if (!allowed(by, 'objection.evidence_add', row)) throw new AppError(403, 'forbidden', 'sharing.objection.forbidden_action', { action: 'evidence' });
        const p = evidenceParty(by, row);
        if (p === null) throw new AppError(409, 'bad_objection_transition', 'sharing.objection.evidence_state', { state: row.state });
        party = p;
        name = cleanFileName(meta.name);
        if ((await store.countEvidence(k, id)) >= OBJECTION_LIMITS.evidenceFilesMax) {
          throw new AppError(409, 'too_many_files', 'sharing.objection.evidence_too_many', { max: OBJECTION_LIMITS.evidenceFilesMax });
        }
        if (meta.declaredBytes != null && meta.declaredBytes > OBJECTION_LIMITS.evidenceBytesMax) {
          throw new AppError(413, 'file_too_large', 'exchange.file.too_large', { max: OBJECTION_LIMITS.evidenceBytesMax });
        }
      } catch (e) {
        // Refused before reading: let the rest of the body drain so the answer still gets out.
        stream.resume();
        throw e;
      }
      let contentType = '';
      const blob = await blobs.write(stream, {
        maxBytes: OBJECTION_LIMITS.evidenceBytesMax,
        inspect: (head, complete) => {
          contentType = checkEvidenceType(head, complete, name, meta.contentType ?? null).contentType;
        },
      });
      const evidence = await audit.transact(async (trx) => {
        const current = await store.findObjection(trx, id);
        if (!current) throw notFound(id);
        // The state may have moved while the file streamed in.
        if (evidenceParty(by, current) !== party) throw new AppError(409, 'bad_objection_transition', 'sharing.objection.evidence_state', { state: current.state });
        if ((await store.countEvidence(trx, id)) >= OBJECTION_LIMITS.evidenceFilesMax) {
          throw new AppError(409, 'too_many_files', 'sharing.objection.evidence_too_many', { max: OBJECTION_LIMITS.evidenceFilesMax });
        }
        const at = now();
        const ev: store.EvidenceRow = {
          id: randomUUID(),
          objection_id: id,
          name,
          content_type: contentType,
          bytes: blob.bytes,
          sha256: blob.sha256,
          party,
          uploaded_by: by.actorName,
          uploaded_by_unit_id: by.unitId ?? current.raiser_unit_id,
          uploaded_at: at,
        };
        await store.insertEvidence(trx, ev);
        await store.touch(trx, id, at);
        const event = await workflow.record(trx, {
          by,
          itemKind: 'objection',
          itemId: id,
          title: titleOf(current),
          action: 'sharing.objection.evidence',
          fromState: current.state,
          toState: current.state,
          comment: name,
          detail: { evidenceId: ev.id, name, sha256: ev.sha256, bytes: ev.bytes, contentType, party, newBlob: blob.created },
        });
        return { value: store.toEvidence(ev), events: [event] };
      });
      return evidence;
    },

    async openEvidence(by, id, evidenceId) {
      const row = await loadVisible(by, id);
      const ev = await store.findEvidence(k, row.id, evidenceId);
      if (!ev) throw new AppError(404, 'not_found', 'sharing.objection.evidence_not_found', { id: evidenceId });
      const evidence = store.toEvidence(ev);
      const blob = await blobs.open(evidence.sha256);
      try {
        if (blob.bytes !== evidence.bytes) throw new Error(`blob ${evidence.sha256} has ${blob.bytes} bytes, expected ${evidence.bytes}`);
        const { actorType, actorId, actorName, unitId, clientIp, requestId } = by;
        await audit.append({
          actorType,
          actorId,
          actorName,
          unitId,
          clientIp,
          requestId,
          action: 'sharing.objection.evidence.download',
          targetType: 'sharing_objection',
          targetId: id,
          result: 'success',
          detail: { evidenceId, name: evidence.name, sha256: evidence.sha256, bytes: evidence.bytes },
        });
      } catch (e) {
        await blob.close();
        throw e;
      }
      return { evidence, stream: blob.stream };
    },

    marks(resourceCode) {
      return loadMarks(resourceCode);
    },

    async marksFor(by, resourceCode) {
      if (!can(by, 'objection.marks')) throw forbidden();
      const resource = await catalog.published(resourceCode);
      if (!resource) throw new AppError(404, 'not_found', 'sharing.objection.resource_not_found', { code: resourceCode });
      const m = await loadMarks(resource.code);
      if (can(by, 'objection.marks_keys', { providerUnitId: resource.providerUnitId })) return { ...m, resourceCode: resource.code, hiddenKeys: 0 };
      // Record keys are data (an ID number is a key): a consumer sees those of its own unit's objections.
      const own = new Set<string>();
      if (by.unitId) for (const o of await store.markedOn(k, resource.code)) if (o.raiserUnitId === by.unitId) o.keys.forEach((x) => own.add(x));
      const keys = m.keys.filter((x) => own.has(x));
      return { ...m, keys, resourceCode: resource.code, hiddenKeys: m.keys.length - keys.length };
    },

    async upheldCount(q = {}) {
      const p = period(q);
      const rows = await store.outcomeCounts(k, { unitId: q.unitId, ...p, outcome: 'upheld' });
      return rows.reduce((n, r) => n + r.n, 0);
    },

    async stats(by, q = {}) {
      if (!can(by, 'objection.stats', { providerUnitId: q.unitId ?? null })) throw new AppError(403, 'forbidden', 'sharing.objection.stats_forbidden');
      const p = period(q);
      const rows = await store.outcomeCounts(k, { unitId: q.unitId, ...p });
      const per = new Map<string, { upheld: number; notUpheld: number }>();
      let upheld = 0;
      let notUpheld = 0;
      let rejected = 0;
      for (const r of rows) {
        const e = per.get(r.providerUnitId) ?? { upheld: 0, notUpheld: 0 };
        if (r.outcome === 'upheld') {
          upheld += r.n;
          e.upheld += r.n;
        } else if (r.outcome === 'not_upheld') {
          notUpheld += r.n;
          e.notUpheld += r.n;
        } else rejected += r.n;
        if (r.outcome !== 'rejected') per.set(r.providerUnitId, e);
      }
      const names = await unitNames([...per.keys()]);
      const byProvider = [...per.entries()]
        .map(([unitId, e]) => ({ unitId, unitName: names.get(unitId) ?? null, ...e }))
        .sort((a, b) => b.upheld - a.upheld || b.notUpheld - a.notUpheld || a.unitId.localeCompare(b.unitId));
      return { unitId: q.unitId ?? null, from: p.from ?? null, to: p.to ?? null, upheld, notUpheld, rejected, open: await store.countOpen(k, q.unitId), byProvider };
    },
  };
}

