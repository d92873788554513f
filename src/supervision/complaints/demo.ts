import type { Platform } from '../../platform.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { demoActor } from '../violations/demo.js';

const SYSTEM: SharingActor = { actorType: 'system', actorId: 'demo-seed', actorName: 'demo-seed', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };

/**
 * Complaints in several states for the Sanya demo: one submitted (the supervisors' inbox), one
 * under investigation awaiting 人社局's reply, one concluded as upheld with a violation recorded
 * (民政局 to acknowledge), one closed, one rejected. Idempotent: does nothing when complaints exist.
 */
export async function seedComplaintDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  const c = platform.complaints;
  if ((await c.list(SYSTEM, { box: 'all', limit: 1 })).total > 0) return;
  const unit = async (username: string) => (await platform.org.getUserByUsername(username))!.unitId!;
  const [mz, jy, rs, sup, reviewer] = await Promise.all([demoActor(platform, 'user_mz'), demoActor(platform, 'user_jy'), demoActor(platform, 'steward_rs'), demoActor(platform, 'supervisor'), demoActor(platform, 'reviewer')]);
  const ga = await unit('steward_ga');
  const rsUnit = await unit('steward_rs');
  const zr = await unit('steward_zr');

  await c.submit(mz, { targetUnitId: ga, addressee: 'supervision', category: 3, title: '户籍迁移数据长期未同步', text: '本单位办理救助审核时多次发现户籍迁移信息滞后一个月以上，导致审核结论错误。' });

  const b = await c.submit(jy, { targetUnitId: rsUnit, addressee: 'authority', category: 1, title: '就业登记信息申请后长期未提供', text: '本区于两个月前申请就业登记信息，人社局至今未答复也未提供数据。' });
  await c.accept(reviewer, b.id, '予以受理');
  await c.request(reviewer, b.id, { party: 'target', text: '请说明该共享申请未按期答复的原因，并提供处理计划。' });

  const d = await c.submit(mz, { targetUnitId: zr, addressee: 'supervision', category: 2, title: '不动产登记信息与实际不符', text: '多户救助对象名下不动产信息与实际情况不符，经现场核实为数据错误。' });
  await c.accept(sup, d.id);
  await c.note(sup, d.id, '调取异议记录，已有两件异议成立。');
  await c.recordViolation(sup, d.id, { category: 2, title: '不动产登记信息不准确（投诉查实）', titleEn: 'Property registrations inaccurate (found through a complaint)', description: '经投诉查实，该单位共享的不动产登记信息存在多处错误，未及时更正。' });
  await c.conclude(sup, d.id, { outcome: 'upheld', result: '投诉属实，已登记违规事项并责令自然资源和规划局更正数据。' });

  const e = await c.submit(rs, { targetUnitId: jy.unitId!, addressee: 'supervision', title: '区级数据调用目的与申请不符', text: '发现吉阳区调用社保数据的频率与申请的业务场景明显不符。' });
  await c.accept(sup, e.id);
  await c.conclude(sup, e.id, { outcome: 'not_upheld', result: '经核查，调用量增长系年度集中审核所致，与申请目的相符，投诉不属实。' });
  await c.acknowledge(rs, e.id, '认可');

  const f = await c.submit(jy, { targetUnitId: ga, addressee: 'supervision', title: '咨询共享流程', text: '想了解如何申请公安数据。' });
  await c.reject(sup, f.id, '属于业务咨询，不属于投诉事项，请通过共享申请办理。');

  log('5 complaints (submitted, investigating, concluded and upheld, closed, rejected)');
}
