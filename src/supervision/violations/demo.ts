import type { Platform } from '../../platform.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { Finding } from '../types.js';

const SYSTEM: SharingActor = { actorType: 'system', actorId: 'demo-seed', actorName: 'demo-seed', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };

/** Demo users as actors (the demo accounts of src/demo/data.ts). */
export async function demoActor(platform: Platform, username: string): Promise<SharingActor> {
  const u = await platform.org.getUserByUsername(username);
  if (!u) throw new Error(`demo user ${username} missing`);
  return { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles, systemId: null };
}

type Step = 'confirm' | 'dismiss' | 'notify' | 'order' | 'overdue' | 'answer' | 'close' | 'escalate';

/**
 * Violations in every state for the Sanya demo (synthetic findings; demo units only): two
 * candidates (one 第四项 review-only), one dismissed, one criticized in a published notice, two
 * rectifying (one overdue), one answered, one rectified, one referred for sanction, and a 第六项
 * recorded by hand. Idempotent: does nothing when its candidates exist.
 */
export async function seedViolationDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  const v = platform.violations;
  const existing = await v.list(SYSTEM, { source: 'rule', limit: 200 });
  if (existing.items.some((x) => x.dedupeKey?.startsWith('demo:'))) return;
  const unit = async (username: string) => (await platform.org.getUserByUsername(username))!.unitId!;
  const ga = await unit('steward_ga');
  const rs = await unit('steward_rs');
  const zr = await unit('steward_zr');
  const mz = await unit('user_mz');
  const jy = await unit('user_jy');
  const sup = await demoActor(platform, 'supervisor');
  const now = platform.clock.now();
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

  const items: { f: Finding; steps: Step[]; steward?: string }[] = [
    {
      f: { ruleId: 'c3.update_overdue', category: 3, unitId: ga, dedupeKey: 'demo:c3:ga:population', title: '人口基础信息未按更新周期更新', titleEn: 'Population base data not updated on schedule', evidence: { resourceName: '人口基础信息', updateCycle: '每月', lastUpdate: daysAgo(75), dueAt: daysAgo(14) }, observedAt: daysAgo(1) },
      steps: [],
    },
    {
      f: { ruleId: 'c4.unusual_use', category: 4, unitId: mz, dedupeKey: 'demo:c4:mz:night-bulk', title: '夜间批量调用人口数据，调用量为日常的 12 倍', titleEn: 'Night-time bulk calls to population data, 12× the usual volume', evidence: { calls: 12000, usualDaily: 1000, window: '02:00–04:00', system: 'SHJZ' }, observedAt: daysAgo(2), reviewOnly: true },
      steps: [],
    },
    {
      f: { ruleId: 'c1.no_data', category: 1, unitId: jy, dedupeKey: 'demo:c1:jy:services', title: '已发布资源无数据：区级政务服务事项', titleEn: 'Published resource without data: district services', evidence: { resourceName: '区级政务服务事项', publishedAt: daysAgo(60), rows: 0 }, observedAt: daysAgo(20) },
      steps: ['dismiss'],
    },
    {
      f: { ruleId: 'c3.update_overdue', category: 3, unitId: rs, dedupeKey: 'demo:c3:rs:insured', title: '参保登记信息连续三个周期未更新', titleEn: 'Insurance registrations not updated for three cycles', evidence: { resourceName: '参保登记信息', updateCycle: '每周', missedCycles: 3, lastUpdate: daysAgo(30) }, observedAt: daysAgo(18) },
      steps: ['confirm', 'notify'],
    },
    {
      f: { ruleId: 'c2.upheld_objection', category: 2, unitId: zr, dedupeKey: 'demo:c2:zr:parcels', title: '不动产登记信息经异议核实存在错误', titleEn: 'Property registrations found wrong through an objection', evidence: { resourceName: '不动产登记信息', upheldObjections: 2 }, observedAt: daysAgo(12) },
      steps: ['confirm', 'order'],
    },
    {
      f: { ruleId: 'c3.update_overdue', category: 3, unitId: jy, dedupeKey: 'demo:c3:jy:grid', title: '网格事件信息未按期更新', titleEn: 'Grid events not updated in time', evidence: { resourceName: '网格事件信息', updateCycle: '每日', lastUpdate: daysAgo(40) }, observedAt: daysAgo(35) },
      steps: ['confirm', 'order', 'overdue'],
    },
    {
      f: { ruleId: 'c1.late_publish', category: 1, unitId: ga, dedupeKey: 'demo:c1:ga:vehicles', title: '机动车登记信息未在规定时限内共享', titleEn: 'Vehicle registrations not shared within the time limit', evidence: { resourceName: '机动车登记信息', dueAt: daysAgo(45) }, observedAt: daysAgo(30) },
      steps: ['confirm', 'order', 'answer'],
      steward: 'steward_ga',
    },
    {
      f: { ruleId: 'c3.update_overdue', category: 3, unitId: zr, dedupeKey: 'demo:c3:zr:land', title: '土地供应信息未按期更新', titleEn: 'Land supply data not updated in time', evidence: { resourceName: '土地供应信息', updateCycle: '每月', lastUpdate: daysAgo(70) }, observedAt: daysAgo(50) },
      steps: ['confirm', 'order', 'answer', 'close'],
      steward: 'steward_zr',
    },
    {
      f: { ruleId: 'c7.direct_edit', category: 7, unitId: rs, dedupeKey: 'demo:c7:rs:direct-edit', title: '共享数据集在平台之外被直接修改', titleEn: 'A shared dataset was changed outside the platform', evidence: { resourceName: '就业登记信息', rowsChanged: 37, detectedBy: 'integrity' }, observedAt: daysAgo(9) },
      steps: ['confirm', 'escalate'],
    },
  ];

  const r = await v.raiseCandidates(items.map((i) => i.f));
  const byKey = new Map((await v.list(SYSTEM, { source: 'rule', limit: 200 })).items.map((x) => [x.dedupeKey, x.id]));
  for (const item of items) {
    const id = byKey.get(item.f.dedupeKey)!;
    for (const step of item.steps) {
      switch (step) {
        case 'confirm':
          await v.confirm(sup, id, '经核实属实');
          break;
        case 'dismiss':
          await v.dismiss(sup, id, '该资源为目录级发布，按规定无需挂接数据');
          break;
        case 'notify':
          await v.notify(sup, id, '该单位参保登记信息连续三个更新周期未更新，影响社保待遇核定，予以通报批评。');
          break;
        case 'order':
          await v.order(sup, id, { text: '请在期限内完成数据更新与核查，并报送整改情况。', workingDays: step === 'order' && item.steps.includes('overdue') ? 1 : 15 });
          break;
        case 'overdue': {
          // The demo cannot wait a working day: the order's deadline is moved into the past and the sweeper marks it overdue (第五项 reads it).
          const past = daysAgo(3);
          await platform.db.kysely.updateTable('sharing_task').set({ due_at: past }).where('item_kind', '=', 'violation').where('item_id', '=', id).where('step', '=', 'rectify').where('state', '=', 'open').execute();
          await platform.db.kysely.updateTable('supervision_violation').set({ rectification_due_at: past }).where('id', '=', id).execute();
          await platform.workflow.sweep();
          break;
        }
        case 'answer':
          await v.answer(await demoActor(platform, item.steward!), id, '已完成数据补录和更新，并建立定期更新的工作机制。');
          break;
        case 'close':
          await v.close(sup, id, '整改到位');
          break;
        case 'escalate':
          await v.escalate(sup, id, '擅自修改共享数据，情节严重，建议对直接负责的主管人员给予行政处分。');
          break;
      }
    }
  }
  await v.record(sup, {
    unitId: jy,
    category: 6,
    title: '将共享数据用于申请事项以外的用途',
    titleEn: 'Shared data used beyond the purpose applied for',
    description: '经核查，该单位将共享的人口数据用于商业合作项目的客户筛选，违反共享数据使用规定。',
    evidence: { source: '监督检查', checkedAt: daysAgo(5) },
  });
  log(`${r.created + 1} violations (candidates, dismissed, criticized, rectifying incl. overdue, answered, rectified, referred, one recorded by hand)`);
}
