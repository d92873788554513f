import type { Platform } from '../../platform.js';
import type { SharingActor } from '../../sharing/workflow/types.js';

/** The year the demo's annual report covers. */
export const DEMO_REPORT_YEAR = 2025;

/**
 * Demo data of evaluation/report (called by src/evaluation/demo.ts under the CLI demo): the 2025
 * annual report drafted from the demo's records, its text completed by the authority's reviewer
 * (a second version) and sent, so the leader's inbox has it to acknowledge. Idempotent: does
 * nothing when the year's report exists beyond a draft.
 */
export async function seedReportDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  const u = await platform.org.getUserByUsername('reviewer');
  if (!u) return log('annual report: no reviewer account, skipped');
  const reviewer: SharingActor = { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles, systemId: null };
  const existing = (await platform.reports.list(reviewer, { limit: 200 })).items.find((r) => r.year === DEMO_REPORT_YEAR);
  if (existing && existing.state !== 'drafted') return;
  let report = existing ? await platform.reports.get(reviewer, existing.id) : await platform.reports.draft(reviewer, DEMO_REPORT_YEAR);
  if (report.version === 1) {
    report = await platform.reports.edit(reviewer, report.id, {
      comment: '补充主要成效、存在问题和下一步工作',
      sections: [
        { key: 'achievements', text: '一是政务信息资源目录基本覆盖市直部门和各区；二是人口、法人等基础信息资源实现按需共享；三是跨部门应用系统通过共享平台调用数据，减少群众重复提交材料。' },
        { key: 'problems', text: '部分单位信息资源更新不及时，个别共享申请超出答复时限；共享数据质量仍需提升。' },
        { key: 'next_steps', text: '加强对更新逾期资源的督办，开展共享工作人员培训，推动评估结果与年度考核衔接。' },
      ],
    });
  }
  report = await platform.reports.send(reviewer, report.id, '请领导小组审阅');
  log(`annual report ${DEMO_REPORT_YEAR}: drafted, edited (version ${report.version}) and sent to the leadership group`);
}
