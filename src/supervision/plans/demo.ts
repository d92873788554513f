import { cstDate } from '../../core/calendar/dates.js';
import type { Platform } from '../../platform.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { Assessment, FundingSource, PlanKind, PlanStatus } from './model.js';

interface DemoItem {
  year: number;
  kind: PlanKind;
  title: string;
  owner: string;
  content: string;
  budget: string;
  funding: FundingSource;
  fundingNote?: string;
  milestones: { title: string; due: string; done?: string }[];
  /** Status changes in order, with reasons. */
  statuses: { to: PlanStatus; reason?: string }[];
  followups: { date: string; note: string; assessment: Assessment }[];
  /** Progress reported by the owner unit's steward (when the unit has one in the demo). */
  progress?: { date: string; note: string }[];
}

const ITEMS: DemoItem[] = [
  {
    year: 2026, kind: 'infrastructure', title: '政务数据共享交换平台扩容（二期）', owner: '市信息中心',
    content: '扩容共享交换平台前置节点，接入五个区及育才生态区；建设统一数据目录检索服务。', budget: '3860000.00', funding: 'fiscal',
    milestones: [{ title: '完成立项与招标', due: '2026-03-31', done: '2026-03-25' }, { title: '区级前置节点部署', due: '2026-08-31', done: '2026-09-10' }, { title: '系统初验', due: '2026-12-15' }],
    statuses: [{ to: 'in_progress' }],
    followups: [{ date: '2026-06-12', note: '设备已到货，部署进度符合计划', assessment: 'on_track' }, { date: '2026-09-15', note: '区级节点部署延后10天完成，已要求加快初验准备', assessment: 'at_risk' }],
  },
  {
    year: 2026, kind: 'resource', title: '人口综合信息资源库完善', owner: '市公安局',
    content: '完善人口基础信息的更新机制，与民政、人社数据比对校核，提高数据完整率。', budget: '1250000.50', funding: 'superior', fundingNote: '省级专项补助',
    milestones: [{ title: '数据比对规则确定', due: '2026-04-30', done: '2026-04-28' }, { title: '完成历史数据清洗', due: '2026-10-31' }, { title: '上线常态化更新', due: '2026-12-31' }],
    statuses: [{ to: 'in_progress' }],
    followups: [{ date: '2026-11-10', note: '历史数据清洗未按期完成，要求报送整改计划', assessment: 'behind' }],
    progress: [{ date: '2026-11-12', note: '已完成约八成历史数据清洗，预计12月上旬完成' }],
  },
  {
    year: 2026, kind: 'resource', title: '社会保障信息资源目录梳理', owner: '市人社局',
    content: '梳理社保参保、待遇发放等信息资源，补充信息项说明与更新周期。', budget: '380000.00', funding: 'self',
    milestones: [{ title: '目录梳理完成', due: '2026-05-31', done: '2026-05-20' }, { title: '通过主管部门审核', due: '2026-07-31', done: '2026-07-15' }],
    statuses: [{ to: 'in_progress' }, { to: 'completed' }],
    followups: [{ date: '2026-07-20', note: '目录已审核发布，完成验收', assessment: 'done' }],
    progress: [{ date: '2026-05-21', note: '目录梳理完成，已提交审核' }],
  },
  {
    year: 2026, kind: 'resource', title: '不动产登记信息共享接口建设', owner: '市自规局',
    content: '提供不动产登记信息查询接口，支持区级政务服务系统按需调用。', budget: '560000.00', funding: 'fiscal',
    milestones: [{ title: '接口需求确认', due: '2026-06-30', done: '2026-06-25' }, { title: '接口开发联调', due: '2026-10-15' }],
    statuses: [{ to: 'in_progress' }, { to: 'delayed', reason: '上级系统接口规范调整，需重新开发' }],
    followups: [{ date: '2026-10-20', note: '因规范调整延期，调整后计划于2027年一季度完成', assessment: 'behind' }],
    progress: [{ date: '2026-10-18', note: '按新规范重新设计接口，已完成60%' }],
  },
  {
    year: 2026, kind: 'infrastructure', title: '政务外网安全防护能力提升', owner: '市信息中心',
    content: '部署数据库审计与数据脱敏设备，完善共享交换链路的安全防护。', budget: '1980000.00', funding: 'fiscal',
    milestones: [{ title: '方案评审', due: '2027-01-15' }, { title: '设备采购', due: '2027-04-30' }],
    statuses: [],
    followups: [],
  },
  {
    year: 2026, kind: 'other', title: '市场主体信用信息归集', owner: '市市场监管局',
    content: '归集市场主体信用信息，向有关单位共享。', budget: '220000.00', funding: 'self',
    milestones: [{ title: '归集范围确定', due: '2026-05-31' }],
    statuses: [{ to: 'cancelled', reason: '纳入省级信用平台统一建设，本市不再单独实施' }],
    followups: [{ date: '2026-06-05', note: '经领导小组同意取消', assessment: 'done' }],
  },
  {
    year: 2025, kind: 'infrastructure', title: '政务数据共享交换平台建设（一期）', owner: '市信息中心',
    content: '建设市级共享交换平台，接入市直部门。', budget: '5200000.00', funding: 'fiscal',
    milestones: [{ title: '平台上线', due: '2025-09-30', done: '2025-09-26' }, { title: '竣工验收', due: '2025-12-20', done: '2025-12-18' }],
    statuses: [{ to: 'in_progress' }, { to: 'completed' }],
    followups: [{ date: '2025-12-19', note: '竣工验收通过', assessment: 'done' }],
  },
  {
    year: 2025, kind: 'resource', title: '法人基础信息资源库建设', owner: '市市场监管局',
    content: '建设法人基础信息资源库并纳入共享目录。', budget: '860000.00', funding: 'superior',
    milestones: [{ title: '资源库上线', due: '2025-11-30', done: '2025-11-28' }],
    statuses: [{ to: 'in_progress' }, { to: 'completed' }],
    followups: [{ date: '2025-12-05', note: '已纳入共享目录，运行正常', assessment: 'done' }],
  },
];

/**
 * Demo data of supervision/plans: 2026 items in every status (planned, in progress, one in
 * progress with an overdue milestone so it shows delayed, delayed with a reason, completed,
 * cancelled) and two completed 2025 items, with milestones, the authority's follow-ups and the
 * owner units' progress reports. Dates after today (by the platform clock) are left out or
 * clamped, so the demo seeds on any day. Idempotent: does nothing when plan items exist.
 */
export async function seedPlanDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  const { plans, org, clock } = platform;
  const system: SharingActor = { actorType: 'system', actorId: 'demo-seed', actorName: 'demo-seed', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };
  if ((await plans.list(system, { limit: 1 })).total > 0) return;
  const person = async (username: string): Promise<SharingActor | null> => {
    const u = await org.getUserByUsername(username);
    return u ? { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles, systemId: null } : null;
  };
  const reviewer = (await person('reviewer')) ?? system;
  const units = (await org.listUnits({ limit: 1000 })).items;
  const stewards = (await org.listUsers({ role: 'unit_steward', limit: 1000 })).items;
  const today = cstDate(clock.now());
  const past = (d: string) => (d <= today ? d : today);
  let n = 0;
  for (const it of ITEMS) {
    const owner = units.find((u) => u.shortName === it.owner || u.name === it.owner);
    if (!owner) continue;
    const created = await plans.create(reviewer, {
      year: it.year, kind: it.kind, title: it.title, ownerUnitId: owner.id, content: it.content, budget: it.budget, fundingSource: it.funding, fundingNote: it.fundingNote ?? null,
      milestones: it.milestones.map((m) => ({ title: m.title, dueDate: m.due })),
    });
    // Work starts before anyone reports on it; completion and cancellation come after the follow-ups.
    const [first, ...rest] = it.statuses;
    const later = first?.to === 'in_progress' ? rest : it.statuses;
    if (first?.to === 'in_progress') await plans.setStatus(reviewer, created.id, { status: 'in_progress' });
    const steward = stewards.find((s) => s.unitId === owner.id);
    const stewardActor = steward ? await person(steward.username) : null;
    for (const p of it.progress ?? []) if (stewardActor) await plans.reportProgress(stewardActor, created.id, { date: past(p.date), note: p.note });
    for (const m of it.milestones) {
      if (!m.done || m.done > today) continue;
      const ms = created.milestones.find((x) => x.title === m.title)!;
      await plans.updateMilestone(stewardActor ?? reviewer, created.id, ms.id, { doneDate: m.done });
    }
    for (const f of it.followups) await plans.followUp(reviewer, created.id, { date: past(f.date), note: f.note, assessment: f.assessment });
    for (const s of later) await plans.setStatus(reviewer, created.id, { status: s.to, reason: s.reason ?? null });
    n++;
  }
  log(`${n} annual plan items (2025–2026) with milestones and follow-ups`);
}
