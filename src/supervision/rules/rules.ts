/**
 * The compliance rules of 第三十一条第一～五项 (R23). Each rule reads the platform's own records
 * (read-only), cites its article and produces Findings with the evidence that triggered it; the
 * violations register turns new ones into candidates (deduplicated by `dedupeKey`).
 *
 *   c1.no_data              第一项 a published mandatory/restricted tabular resource without data by its deadline
 *   c1.delivery_overdue     第一项 an approved application not delivered within the delivery deadline
 *   c1.demand_unmet         第一项 a demand accepted with a new catalog entry, not met by its deadline
 *   c2.objection_upheld     第二项 an objection closed as upheld (the data was wrong)
 *   c2.required_empty       第二项 required data items left empty above a threshold ratio
 *   c3.update_overdue       第三项 a resource past its update cycle plus time limit
 *   c4.outside_grant        第四项 data read under a grant outside its validity or for another purpose   (review only)
 *   c4.volume_spike         第四项 a day's calls far above the unit's own trailing mean               (review only)
 *   c4.odd_hours            第四项 bulk reads at unusual hours                                         (review only)
 *   c5.rectification_overdue 第五项 a rectification order past its deadline
 */
import { addDays, cstDate as cstDateOf, cstStartOfDay } from '../../core/calendar/dates.js';
import { createHash } from 'node:crypto';
import type { Resource } from '../../catalog/model.js';
import { isTabular } from '../../catalog/model.js';
import type { DatasetColumn } from '../../exchange/types.js';
import { emptyCounts } from '../../exchange/quality.js';
import type { UsageService } from '../../evaluation/types.js';
import type { SupervisionDeps } from '../deps.js';
import type { ComplianceRule, Finding, RuleContext } from '../types.js';
import type { ComplianceSettings } from './model.js';
import * as store from './store.js';

const HOUR_MS = 3_600_000;
/** 第一项(a) for a resource with an irregular update cycle (no due date of its own), when no setting applies. */
const IRREGULAR_NO_DATA_DAYS = 20;
const DAY_MS = 86_400_000;
/** Rules reading by time window look this far behind `since`, so nothing written during the previous run is missed (dedupe makes the overlap harmless). */
const OVERLAP_MS = HOUR_MS;
/** Data reads counted for 第四项(c) (the audit actions of the exchange, files and subscriptions). */
export const READ_ACTIONS = ['data.record.query', 'data.record.get', 'data.changes.read', 'data.file.download', 'data.subscription.deliver', 'data.archive.export'] as const;
/** Grant states under which no data may flow. */
const CLOSED_GRANT_STATES = new Set(['revoked', 'suspended', 'pending_agreement']);

const cstDate = (d: Date | string) => cstDateOf(new Date(d));
const cstHour = (d: Date | string) => new Date(new Date(d).getTime() + 8 * HOUR_MS).getUTCHours();
/** Midnight CST at the end of `day` (the next day's start). */
const endOfCstDay = (day: string) => cstStartOfDay(addDays(day, 1));

export type RuleDeps = SupervisionDeps & { usage: UsageService; settings: () => Promise<ComplianceSettings> };

const ARTICLE = (n: number) => `第三十一条第${['', '一', '二', '三', '四', '五', '六', '七', '八'][n]}项`;

const SYSTEM_READER = { actorType: 'system' as const, actorId: null, actorName: 'compliance', unitId: null, clientIp: null, requestId: null, roles: ['authority_reviewer' as const], scopes: ['read'] };

/** Published tabular mandatory/restricted resources whose data the platform holds. */
async function sharedTabular(deps: RuleDeps): Promise<Resource[]> {
  const out: Resource[] = [];
  for await (const batch of deps.catalog.publishedBatches(SYSTEM_READER, {}, 500)) {
    for (const r of batch) {
      if (r.metadataOnly || !isTabular(r.format)) continue;
      if (r.sharingType !== 'mandatory' && r.sharingType !== 'restricted') continue;
      out.push(r);
    }
  }
  return out;
}

function windowStart(ctx: RuleContext, s: ComplianceSettings): Date {
  return ctx.since ? new Date(ctx.since.getTime() - OVERLAP_MS) : new Date(ctx.now.getTime() - s.lookbackDays * DAY_MS);
}

export function builtinRules(deps: RuleDeps): ComplianceRule[] {
  const { db, calendar, workflow, exchange } = deps;
  const k = db.kysely;
  const at = (ctx: RuleContext) => ctx.now.toISOString();

  const noData: ComplianceRule = {
    id: 'c1.no_data',
    category: 1,
    article: ARTICLE(1),
    title: { zh: '无条件/有条件共享资源发布后逾期未提供数据', en: 'Published mandatory or restricted resource without data past its deadline' },
    intervalSeconds: 3600,
    async run(ctx) {
      const s = await deps.settings();
      const rows = new Map((await store.datasets(k)).map((d) => [d.resource_code, d]));
      const out: Finding[] = [];
      for (const r of await sharedTabular(deps)) {
        if (!r.publishedAt || rows.get(r.code)?.last_update_at) continue;
        let deadline: Date | null;
        if (s.noDataWorkingDays !== null) deadline = await calendar.deadline(new Date(r.publishedAt), s.noDataWorkingDays);
        else {
          const st = await exchange.updateStatus(r, null);
          // An irregular cycle has no due date: 20 working days after publication.
          deadline = st.dueAt ? new Date(st.dueAt) : await calendar.deadline(new Date(r.publishedAt), IRREGULAR_NO_DATA_DAYS);
        }
        if (ctx.now.getTime() <= deadline.getTime()) continue;
        const due = deadline.toISOString();
        out.push({
          ruleId: 'c1.no_data',
          category: 1,
          unitId: r.providerUnitId,
          dedupeKey: `c1.no_data:${r.code}:${cstDate(due)}`,
          title: `${r.sharingType === 'mandatory' ? '无条件' : '有条件'}共享资源“${r.name}”（${r.code}）发布后逾期未提供数据`,
          titleEn: `${r.sharingType === 'mandatory' ? 'Unconditionally' : 'Conditionally'} shared resource ${r.code} has no data past its deadline`,
          evidence: { resourceCode: r.code, resourceName: r.name, version: r.version, sharingType: r.sharingType, publishedAt: r.publishedAt, deadline: due, updateCycle: r.updateCycle, updateTimeLimitDays: r.updateTimeLimitDays, workingDaysSetting: s.noDataWorkingDays },
          subject: { type: 'resource', id: r.code },
          observedAt: at(ctx),
        });
      }
      return out;
    },
  };

  const deliveryOverdue: ComplianceRule = {
    id: 'c1.delivery_overdue',
    category: 1,
    article: ARTICLE(1),
    title: { zh: '已批准的共享申请逾期未交付数据', en: 'Approved application not delivered within the delivery deadline' },
    intervalSeconds: 900,
    async run(ctx) {
      const from = ctx.since ? new Date(ctx.since.getTime() - OVERLAP_MS).toISOString() : undefined;
      const out: Finding[] = [];
      for (const t of await workflow.overdue({ itemKind: 'application', from })) {
        if (t.step !== 'deliver') continue;
        out.push({
          ruleId: 'c1.delivery_overdue',
          category: 1,
          unitId: t.assignee.unitId,
          dedupeKey: `c1.delivery_overdue:${t.itemId}:${t.dueAt}`,
          title: `共享申请逾期未交付数据：${t.title ?? t.itemId}`,
          titleEn: `Application ${t.itemId} not delivered by ${t.dueAt}`,
          evidence: { applicationId: t.itemId, taskId: t.taskId, step: t.step, dueAt: t.dueAt, overdueAt: t.overdueAt, deadlineKind: t.deadlineKind },
          subject: { type: 'application', id: t.itemId },
          observedAt: at(ctx),
        });
      }
      return out;
    },
  };

  const demandUnmet: ComplianceRule = {
    id: 'c1.demand_unmet',
    category: 1,
    article: ARTICLE(1),
    title: { zh: '已受理的共享需求逾期未满足', en: 'Accepted demand not met past its deadline' },
    intervalSeconds: 3600,
    async run(ctx) {
      const s = await deps.settings();
      const out: Finding[] = [];
      for (const d of await store.demandsInProgress(k)) {
        if (!d.provider_unit_id) continue;
        const neededBy = endOfCstDay(d.needed_by);
        const granted = d.answered_at ? await calendar.deadline(new Date(d.answered_at), s.demandWorkingDays) : neededBy;
        const deadline = new Date(Math.max(neededBy.getTime(), granted.getTime()));
        if (ctx.now.getTime() <= deadline.getTime()) continue;
        out.push({
          ruleId: 'c1.demand_unmet',
          category: 1,
          unitId: d.provider_unit_id,
          dedupeKey: `c1.demand_unmet:${d.id}`,
          title: `已受理的共享需求逾期未满足：${d.title}`,
          titleEn: `Accepted demand not met: ${d.id}`,
          evidence: { demandId: d.id, state: d.state, acceptedAt: d.answered_at, neededBy: d.needed_by, deadline: deadline.toISOString(), requesterUnitId: d.requester_unit_id, newEntry: d.answer_resource_code, workingDaysSetting: s.demandWorkingDays },
          subject: { type: 'demand', id: d.id },
          observedAt: at(ctx),
        });
      }
      return out;
    },
  };

  const objectionUpheld: ComplianceRule = {
    id: 'c2.objection_upheld',
    category: 2,
    article: ARTICLE(2),
    title: { zh: '异议成立：共享数据不真实或不完整', en: 'Upheld objection: shared data untrue or incomplete' },
    intervalSeconds: 900,
    async run(ctx) {
      const from = ctx.since ? new Date(ctx.since.getTime() - OVERLAP_MS).toISOString() : null;
      return (await store.upheldObjections(k, from)).map((o) => ({
        ruleId: 'c2.objection_upheld',
        category: 2 as const,
        unitId: o.provider_unit_id,
        dedupeKey: `c2.objection_upheld:${o.id}`,
        title: `资源“${o.resource_name}”（${o.resource_code}）的异议经核实成立`,
        titleEn: `Objection upheld on resource ${o.resource_code}`,
        evidence: { objectionId: o.id, resourceCode: o.resource_code, resourceName: o.resource_name, raiserUnitId: o.raiser_unit_id, closedAt: o.closed_at, conclusion: o.conclusion },
        subject: { type: 'objection', id: o.id },
        observedAt: at(ctx),
      }));
    },
  };

  const requiredEmpty: ComplianceRule = {
    id: 'c2.required_empty',
    category: 2,
    article: ARTICLE(2),
    title: { zh: '必填信息项空缺比例超过阈值', en: 'Required data items left empty above the threshold' },
    intervalSeconds: 86_400,
    async run(ctx) {
      const s = await deps.settings();
      const datasets = new Map((await store.datasets(k)).map((d) => [d.resource_code, d]));
      const out: Finding[] = [];
      for (const r of await sharedTabular(deps)) {
        const d = datasets.get(r.code);
        if (!d || !d.last_update_at) continue;
        const required = r.dataItems.filter((i) => i.required && !i.isKey).map((i) => i.code);
        if (!required.length) continue;
        const counts = await emptyCounts(db, d.table_name, JSON.parse(d.columns) as DatasetColumn[], required);
        if (counts.rows < s.requiredEmptyMinRows) continue;
        const over = Object.entries(counts.empty)
          .map(([item, n]) => ({ item, name: r.dataItems.find((i) => i.code === item)?.name ?? item, empty: n, ratio: n / counts.rows }))
          .filter((x) => x.ratio > s.requiredEmptyRatio);
        if (!over.length) continue;
        out.push({
          ruleId: 'c2.required_empty',
          category: 2,
          unitId: r.providerUnitId,
          dedupeKey: `c2.required_empty:${r.code}:${d.last_update_at}`,
          title: `资源“${r.name}”（${r.code}）必填信息项空缺：${over.map((x) => `${x.name} ${(x.ratio * 100).toFixed(1)}%`).join('、')}`,
          titleEn: `Resource ${r.code}: required items empty (${over.map((x) => `${x.item} ${(x.ratio * 100).toFixed(1)}%`).join(', ')})`,
          evidence: { resourceCode: r.code, rows: counts.rows, items: over, threshold: s.requiredEmptyRatio, lastUpdateAt: d.last_update_at },
          subject: { type: 'resource', id: r.code },
          observedAt: at(ctx),
        });
      }
      return out;
    },
  };

  const updateOverdue: ComplianceRule = {
    id: 'c3.update_overdue',
    category: 3,
    article: ARTICLE(3),
    title: { zh: '资源超过更新周期和时限未更新', en: 'Resource not updated within its update cycle and time limit' },
    intervalSeconds: 3600,
    async run(ctx) {
      const rows = new Map((await store.datasets(k)).map((d) => [d.resource_code, d]));
      const out: Finding[] = [];
      for (const r of await sharedTabular(deps)) {
        const last = rows.get(r.code)?.last_update_at;
        // Never any data: that is 第一项 (c1.no_data), not a missed update.
        if (!last) continue;
        const st = await exchange.updateStatus(r, last);
        if (!st.overdue || !st.dueAt) continue;
        out.push({
          ruleId: 'c3.update_overdue',
          category: 3,
          unitId: r.providerUnitId,
          dedupeKey: `c3.update_overdue:${r.code}:${cstDate(st.dueAt)}`,
          title: `资源“${r.name}”（${r.code}）逾期未更新，已超期 ${st.daysOverdue} 个工作日`,
          titleEn: `Resource ${r.code} not updated: ${st.daysOverdue} working days overdue`,
          evidence: { resourceCode: r.code, resourceName: r.name, updateCycle: r.updateCycle, updateTimeLimitDays: r.updateTimeLimitDays, lastUpdateAt: last, dueAt: st.dueAt, daysOverdue: st.daysOverdue },
          subject: { type: 'resource', id: r.code },
          observedAt: at(ctx),
        });
      }
      return out;
    },
  };

  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '').toLowerCase();
  const purposeHash = (s: string | null) => createHash('sha256').update(norm(s)).digest('hex').slice(0, 16);

  const outsideGrant: ComplianceRule = {
    id: 'c4.outside_grant',
    category: 4,
    article: ARTICLE(4),
    title: { zh: '超出授权有效期或用途使用共享数据', en: 'Data read outside a grant\'s validity or purpose' },
    intervalSeconds: 900,
    async run(ctx) {
      const s = await deps.settings();
      const from = windowStart(ctx, s).toISOString();
      const to = ctx.now.toISOString();
      const grants = new Map<string, Awaited<ReturnType<typeof deps.grants.getGrant>> | null>();
      type Group = { grantId: string; reason: string; day: string; tag: string; unitId: string | null; resourceCode: string | null; count: number; first: string; last: string; refs: string[]; purposes: Set<string> };
      const groups = new Map<string, Group>();
      for await (const page of store.pages((after, limit) => store.grantReads(k, from, to, after, limit))) {
        for (const e of page) {
          const id = e.grant_id!;
          if (!grants.has(id)) grants.set(id, await deps.grants.getGrant(id).catch(() => null));
          const g = grants.get(id);
          const t = Date.parse(e.time);
          let reason: string | null = null;
          if (!g) reason = 'unknown_grant';
          else if (t < Date.parse(g.validFrom)) reason = 'before_validity';
          else if (g.validUntil && t >= Date.parse(g.validUntil)) reason = 'after_validity';
          else if (CLOSED_GRANT_STATES.has(g.state) && t >= Date.parse(g.updatedAt)) reason = `grant_${g.state}`;
          else {
            const p = norm(e.purpose);
            const gp = norm(g.purpose);
            if (gp && !(p && (p.includes(gp) || gp.includes(p)))) reason = 'purpose_mismatch';
          }
          if (!reason) continue;
          const day = cstDate(e.time);
          // A purpose that differs is one condition however often it is used (once dismissed, it stays dismissed);
          // reads outside the validity or under a closed grant are new each day.
          const tag = reason === 'purpose_mismatch' ? purposeHash(e.purpose) : day;
          const key = `${id}:${reason}:${tag}`;
          const grp = groups.get(key) ?? { grantId: id, reason, day, tag, unitId: e.unit_id, resourceCode: e.target_id, count: 0, first: e.time, last: e.time, refs: [], purposes: new Set<string>() };
          grp.count++;
          grp.last = e.time;
          if (grp.refs.length < 20) grp.refs.push(`${e.chain}:${e.seq}`);
          if (grp.purposes.size < 10) grp.purposes.add(e.purpose ?? '');
          groups.set(key, grp);
        }
      }
      const REASON_ZH: Record<string, string> = {
        unknown_grant: '授权不存在',
        before_validity: '授权尚未生效',
        after_validity: '授权已过有效期',
        purpose_mismatch: '用途与授权用途不符',
        grant_revoked: '授权已撤销',
        grant_suspended: '授权已暂停',
        grant_pending_agreement: '授权尚待签订保密协议',
      };
      return [...groups.values()].map((x) => {
        const g = grants.get(x.grantId);
        return {
          ruleId: 'c4.outside_grant',
          category: 4 as const,
          unitId: x.unitId ?? g?.consumerUnitId ?? null,
          dedupeKey: `c4.outside_grant:${x.grantId}:${x.reason}:${x.tag}`,
          title: `${x.day} 使用资源 ${x.resourceCode ?? ''} 的数据${REASON_ZH[x.reason] ?? `时授权状态为 ${x.reason.slice(6)}`}（${x.count} 次访问）`,
          titleEn: `${x.day}: ${x.count} reads of ${x.resourceCode ?? ''} under grant ${x.grantId}: ${x.reason}`,
          evidence: {
            grantId: x.grantId,
            reason: x.reason,
            resourceCode: x.resourceCode,
            accesses: x.count,
            first: x.first,
            last: x.last,
            auditEvents: x.refs,
            purposes: [...x.purposes].filter((p) => p !== ''),
            grant: g ? { purpose: g.purpose, validFrom: g.validFrom, validUntil: g.validUntil, state: g.state } : null,
          },
          subject: { type: 'grant', id: x.grantId },
          observedAt: at(ctx),
          reviewOnly: true,
        };
      });
    },
  };

  const volumeSpike: ComplianceRule = {
    id: 'c4.volume_spike',
    category: 4,
    article: ARTICLE(4),
    title: { zh: '单日调用量远超本单位基线', en: 'Daily calls far above the unit\'s own baseline' },
    intervalSeconds: 3600,
    async run(ctx) {
      const s = await deps.settings();
      const today = cstDate(ctx.now);
      // Complete days since the last run (at most the look-back), yesterday at the latest.
      const firstDay = ctx.since ? cstDate(new Date(ctx.since.getTime() - DAY_MS)) : addDays(today, -s.lookbackDays);
      const evalFrom = firstDay < addDays(today, -s.lookbackDays) ? addDays(today, -s.lookbackDays) : firstDay;
      if (evalFrom >= today) return [];
      await deps.usage.catchUp();
      const totals = await deps.usage.totals({ from: addDays(evalFrom, -s.volumeBaselineDays), to: today, groupBy: ['consumerUnit', 'day'] });
      const perUnit = new Map<string, Map<string, number>>();
      for (const t of totals) {
        const unit = t.keys.consumerUnit;
        const day = t.keys.day;
        if (!unit || !day) continue;
        const m = perUnit.get(unit) ?? new Map<string, number>();
        m.set(day, (m.get(day) ?? 0) + t.calls);
        perUnit.set(unit, m);
      }
      const out: Finding[] = [];
      for (const [unit, days] of perUnit) {
        for (let day = evalFrom; day < today; day = addDays(day, 1)) {
          const calls = days.get(day) ?? 0;
          if (calls < s.volumeMinCalls) continue;
          let sum = 0;
          for (let b = addDays(day, -s.volumeBaselineDays); b < day; b = addDays(b, 1)) sum += days.get(b) ?? 0;
          const baseline = sum / s.volumeBaselineDays;
          if (baseline <= 0 || calls <= s.volumeMultiple * baseline) continue;
          out.push({
            ruleId: 'c4.volume_spike',
            category: 4,
            unitId: unit,
            dedupeKey: `c4.volume_spike:${unit}:${day}`,
            title: `${day} 调用量 ${calls} 次，为本单位前 ${s.volumeBaselineDays} 日日均 ${baseline.toFixed(1)} 次的 ${(calls / baseline).toFixed(1)} 倍`,
            titleEn: `${day}: ${calls} calls, ${(calls / baseline).toFixed(1)}× the unit's ${s.volumeBaselineDays}-day mean of ${baseline.toFixed(1)}`,
            evidence: { day, calls, baselineMean: Number(baseline.toFixed(3)), baselineDays: s.volumeBaselineDays, multiple: Number((calls / baseline).toFixed(3)), threshold: s.volumeMultiple },
            subject: { type: 'unit', id: unit },
            observedAt: at(ctx),
            reviewOnly: true,
          });
        }
      }
      return out;
    },
  };

  const oddHours: ComplianceRule = {
    id: 'c4.odd_hours',
    category: 4,
    article: ARTICLE(4),
    title: { zh: '非工作时段批量读取数据', en: 'Bulk reads at unusual hours' },
    intervalSeconds: 3600,
    async run(ctx) {
      const s = await deps.settings();
      const cstHours: number[] = [];
      for (let h = s.oddHoursStart; h !== s.oddHoursEnd; h = (h + 1) % 24) cstHours.push(h);
      const utcHours = cstHours.map((h) => (h + 16) % 24);
      const from = windowStart(ctx, s).toISOString();
      const to = ctx.now.toISOString();
      type Night = { unitId: string; night: string; rows: number; reads: number; first: string; last: string; refs: string[]; resources: Set<string> };
      const nights = new Map<string, Night>();
      for await (const page of store.pages((after, limit) => store.readsInHours(k, from, to, utcHours, READ_ACTIONS, after, limit))) {
        for (const e of page) {
          const h = cstHour(e.time);
          // The night is named by the day it starts on (a read at 02:00 belongs to the previous evening).
          const night = s.oddHoursStart > s.oddHoursEnd && h < s.oddHoursEnd ? addDays(cstDate(e.time), -1) : cstDate(e.time);
          let rows = 0;
          try {
            const d = e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null;
            rows = typeof d?.rows === 'number' ? d.rows : e.action === 'data.file.download' ? 1 : 0;
          } catch {
            rows = 0;
          }
          const key = `${e.unit_id}:${night}`;
          const n = nights.get(key) ?? { unitId: e.unit_id!, night, rows: 0, reads: 0, first: e.time, last: e.time, refs: [], resources: new Set<string>() };
          n.rows += rows;
          n.reads++;
          n.last = e.time;
          if (n.refs.length < 20) n.refs.push(`${e.chain}:${e.seq}`);
          if (e.target_id && n.resources.size < 20) n.resources.add(e.target_id);
          nights.set(key, n);
        }
      }
      const window = `${String(s.oddHoursStart).padStart(2, '0')}:00–${String(s.oddHoursEnd).padStart(2, '0')}:00`;
      return [...nights.values()]
        .filter((n) => n.rows > s.oddHoursRows)
        .map((n) => ({
          ruleId: 'c4.odd_hours',
          category: 4 as const,
          unitId: n.unitId,
          dedupeKey: `c4.odd_hours:${n.unitId}:${n.night}`,
          title: `${n.night} 夜间（${window}）批量读取数据 ${n.rows} 条（${n.reads} 次访问）`,
          titleEn: `Night of ${n.night} (${window} CST): ${n.rows} records read in ${n.reads} accesses`,
          evidence: { night: n.night, window, rows: n.rows, reads: n.reads, first: n.first, last: n.last, auditEvents: n.refs, resources: [...n.resources], threshold: s.oddHoursRows },
          subject: { type: 'unit', id: n.unitId },
          observedAt: at(ctx),
          reviewOnly: true,
        }));
    },
  };

  const rectificationOverdue: ComplianceRule = {
    id: 'c5.rectification_overdue',
    category: 5,
    article: ARTICLE(5),
    title: { zh: '责令整改逾期未整改', en: 'Rectification order past its deadline' },
    intervalSeconds: 900,
    async run(ctx) {
      const from = ctx.since ? new Date(ctx.since.getTime() - OVERLAP_MS).toISOString() : undefined;
      const out: Finding[] = [];
      for (const t of await workflow.overdue({ itemKind: 'violation', from })) {
        if (t.step !== 'rectify') continue;
        out.push({
          ruleId: 'c5.rectification_overdue',
          category: 5,
          unitId: t.assignee.unitId,
          dedupeKey: `c5.rectification_overdue:${t.itemId}:${t.dueAt}`,
          title: `逾期未整改：${t.title ?? t.itemId}`,
          titleEn: `Rectification overdue since ${t.dueAt}: violation ${t.itemId}`,
          evidence: { violationId: t.itemId, taskId: t.taskId, dueAt: t.dueAt, overdueAt: t.overdueAt },
          subject: { type: 'violation', id: t.itemId },
          observedAt: at(ctx),
        });
      }
      return out;
    },
  };

  return [noData, deliveryOverdue, demandUnmet, objectionUpheld, requiredEmpty, updateOverdue, outsideGrant, volumeSpike, oddHours, rectificationOverdue];
}
