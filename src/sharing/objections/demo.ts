import type { CatalogService } from '../../catalog/service.js';
import type { OrgService } from '../../org/service.js';
import { idNumberCheckChar } from '../../exchange/values.js';
import type { SharingActor } from '../workflow/types.js';
import type { ObjectionInput, ObjectionService } from './service.js';

/** A synthetic citizen ID number (never a real person; sequence 8xx) used as a demo record key. */
function demoId(n: number): string {
  const first17 = `46020219850615${String(800 + n)}`;
  return first17 + idNumberCheckChar(first17);
}

type Step = 'accept' | 'reject' | 'answer_corrected' | 'answer_explained' | 'acknowledge' | 'dispute' | 'close_upheld' | 'close_not_upheld';

interface DemoObjection {
  raiser: string;
  resource: string;
  input: Omit<ObjectionInput, 'resourceCode'>;
  /** Transitions after raising, in order (the state the demo leaves it in follows). */
  steps: Step[];
  provider: string;
}

/**
 * Objections in every state for the Sanya demo, raised and handled by the demo accounts so each
 * role's inbox has something real: the authority has one to accept, one to close and a disputed
 * one; 自规局's steward one to verify; 民政局 one to acknowledge; three are archived (upheld, not
 * upheld, rejected). Needs the demo catalog. Idempotent: does nothing when objections exist.
 * (Called from src/demo/seed.ts after the catalog; returns how many it created.)
 */
export async function seedObjectionDemo(p: { objections: ObjectionService; org: OrgService; catalog: CatalogService }, log: (line: string) => void = () => {}): Promise<number> {
  const system: SharingActor = { actorType: 'system', actorId: 'demo-seed', actorName: 'demo-seed', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };
  if ((await p.objections.list(system, { box: 'all', limit: 1 })).total > 0) return 0;
  const people = new Map<string, SharingActor>();
  const as = async (username: string): Promise<SharingActor> => {
    const cached = people.get(username);
    if (cached) return cached;
    const u = await p.org.getUserByUsername(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    const a: SharingActor = { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles, systemId: null };
    people.set(username, a);
    return a;
  };
  const codes = new Map<string, string>();
  const codeOf = async (name: string): Promise<string | null> => {
    if (codes.has(name)) return codes.get(name)!;
    const hit = (await p.catalog.search(system, { q: name, limit: 20 })).items.find((r) => r.name === name);
    if (hit) codes.set(name, hit.code);
    return hit?.code ?? null;
  };

  const list: DemoObjection[] = [
    {
      raiser: 'user_mz',
      resource: '人口基础信息',
      provider: 'steward_ga',
      input: {
        recordKeys: [demoId(1)],
        fields: ['xm'],
        description: '低保复核中发现该记录的姓名与户口簿不一致（演示）',
        evidence: '窗口核验户口簿原件（演示）',
        expectedCorrection: '按户籍登记更正姓名',
      },
      steps: [],
    },
    {
      raiser: 'user_jy',
      resource: '土地供应信息',
      provider: 'steward_zr',
      input: { description: '2026年第三季度吉阳区供地结果缺少两宗划拨用地（演示）', evidence: '区政府供地批复文件（演示）', expectedCorrection: '补充缺失的供地记录' },
      steps: ['accept'],
    },
    {
      raiser: 'user_mz',
      resource: '国土空间规划信息',
      provider: 'steward_zr',
      input: { description: '规划图件中养老服务设施用地标注与批复不符（演示）', evidence: '规划批复文号（演示）', expectedCorrection: '更新图件标注' },
      steps: ['accept', 'answer_explained'],
    },
    {
      raiser: 'user_jy',
      resource: '人口基础信息',
      provider: 'steward_ga',
      input: { recordKeys: [demoId(2)], fields: ['hjdz'], description: '户籍地址未随迁入登记更新（演示）', evidence: '迁入登记表（演示）', expectedCorrection: '更新户籍地址' },
      steps: ['accept', 'answer_corrected', 'acknowledge'],
    },
    {
      raiser: 'user_mz',
      resource: '地理空间基础框架数据',
      provider: 'steward_zr',
      input: { fields: [], description: '行政区划边界与最新区划调整不一致（演示）', evidence: '区划调整批复（演示）', expectedCorrection: '按批复更新行政区划边界' },
      steps: ['accept', 'answer_explained', 'dispute'],
    },
    {
      raiser: 'user_jy',
      resource: '人口基础信息',
      provider: 'steward_ga',
      input: { recordKeys: [demoId(3)], fields: ['csrq'], description: '出生日期与出生医学证明不符（演示）', evidence: '出生医学证明（演示）', expectedCorrection: '更正出生日期' },
      steps: ['accept', 'answer_corrected', 'acknowledge', 'close_upheld'],
    },
    {
      raiser: 'user_mz',
      resource: '土地供应信息',
      provider: 'steward_zr',
      input: { description: '某宗地出让面积疑似有误（演示）', evidence: '出让合同摘要（演示）', expectedCorrection: '核实出让面积' },
      steps: ['accept', 'answer_explained', 'acknowledge', 'close_not_upheld'],
    },
    {
      raiser: 'user_jy',
      resource: '人口基础信息',
      provider: 'steward_ga',
      input: { description: '数据不准确（演示：未说明具体记录）', expectedCorrection: '请核实' },
      steps: ['reject'],
    },
  ];

  let created = 0;
  for (const d of list) {
    const code = await codeOf(d.resource);
    if (!code) continue;
    const o = await p.objections.raise(await as(d.raiser), { resourceCode: code, ...d.input });
    created++;
    const reviewer = await as('reviewer');
    for (const s of d.steps) {
      if (s === 'accept') await p.objections.accept(reviewer, o.id, '已登记受理（演示）');
      else if (s === 'reject') await p.objections.reject(reviewer, o.id, '未说明具体记录和依据，不予受理（演示）');
      else if (s === 'answer_corrected') await p.objections.answer(await as(d.provider), o.id, { kind: 'corrected', text: '经核实数据有误，已更正并重新上传（演示）' });
      else if (s === 'answer_explained') await p.objections.answer(await as(d.provider), o.id, { kind: 'explained', text: '经核实数据与原始档案一致（演示）' });
      else if (s === 'acknowledge') await p.objections.acknowledge(await as(d.raiser), o.id, '已确认（演示）');
      else if (s === 'dispute') await p.objections.dispute(await as(d.raiser), o.id, '说明不能解释批复差异，申请复议（演示）');
      else if (s === 'close_upheld') await p.objections.close(reviewer, o.id, { upheld: true, conclusion: '异议成立，提供单位已更正（演示）' });
      else await p.objections.close(reviewer, o.id, { upheld: false, conclusion: '异议不成立，数据无误（演示）' });
    }
  }
  log(`${created} objections`);
  return created;
}
