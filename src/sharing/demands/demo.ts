/**
 * Demo demands for the Sanya demo: one waiting for the authority to match, one routed to 公安局
 * to answer, one declined and waiting for coordination, one escalated to the leadership group,
 * one decided by it, and one on the gap list — made through the service as the demo users would.
 * Needs the demo units, users and catalog. Idempotent: does nothing when demands exist.
 */
import type { Platform } from '../../platform.js';
import type { SharingActor } from '../workflow/types.js';
import type { DemandInput } from './model.js';

export async function seedDemandDemo(platform: Platform, log: (line: string) => void = () => {}): Promise<number> {
  const { demands, org, calendar } = platform;
  if ((await platform.db.kysely.selectFrom('sharing_demand').select('id').limit(1).execute()).length) return 0;
  const as = async (username: string): Promise<SharingActor> => {
    const u = await org.getUserByUsername(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    return { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles, systemId: null };
  };
  const [mz, jy, ga, reviewer, leader] = await Promise.all(['user_mz', 'user_jy', 'steward_ga', 'reviewer', 'leader'].map(as));
  const gaUnit = ga.unitId!;
  const neededBy = await calendar.addWorkingDays(calendar.today(), 30);
  const base = (over: Partial<DemandInput>): DemandInput => ({
    title: '',
    duty: '最低生活保障对象认定',
    legalBasis: '《社会救助暂行办法》第十一条',
    content: '',
    scope: '全市',
    purpose: '核对申请家庭成员的户籍与居住情况',
    method: 'online_query',
    neededBy,
    ...over,
  });
  let n = 0;
  // 1. No target: the authority matches it.
  await demands.submit(mz, base({ title: '低保家庭成员车辆登记信息', content: '申请低保家庭成员名下机动车登记情况（车辆类型、登记日期）', method: 'batch_exchange' }));
  n++;
  // 2. Routed to 公安局, waiting for its answer.
  await demands.submit(jy, base({ title: '辖区流动人口居住变动信息', duty: '流动人口服务管理', legalBasis: '《居住证暂行条例》', content: '吉阳区辖区内流动人口居住登记的新增与注销', targetProviderUnitId: gaUnit, scope: '吉阳区', purpose: '辖区流动人口服务管理', method: 'subscription' }));
  n++;
  // 3. Declined by 公安局: with the authority for coordination.
  const d3 = await demands.submit(mz, base({ title: '困难群众出入境记录', content: '低保对象近一年出入境记录', targetProviderUnitId: gaUnit }));
  await demands.decline(ga, d3.id, { circumstances: '出入境记录由省级系统管理，本局仅有查询权限', reasons: '数据不在本局共享范围内，无法按需提供批量数据' });
  n++;
  // 4. Declined, then escalated to the leadership group.
  const d4 = await demands.submit(mz, base({ title: '低保对象在押服刑信息', content: '低保对象及其家庭成员的在押服刑状态', targetProviderUnitId: gaUnit }));
  await demands.decline(ga, d4.id, { circumstances: '涉及监所管理数据', reasons: '属于敏感执法信息，需上级批准' });
  await demands.escalate(reviewer, d4.id, { reason: '涉及多部门职责和敏感数据，属重大事项，提请领导小组决定' });
  n++;
  // 5. Decided by the leadership group (binding).
  const d5 = await demands.submit(jy, base({ title: '辖区重点人员居住信息', duty: '社区网格化管理', content: '辖区内重点人员的居住地址变化', targetProviderUnitId: gaUnit, scope: '吉阳区', purpose: '社区网格化服务管理' }));
  await demands.decline(ga, d5.id, { circumstances: '重点人员信息按规定不对外共享', reasons: '保密要求' });
  await demands.escalate(reviewer, d5.id, { reason: '区级网格化管理需要，双方意见不一致' });
  await demands.leaderDecide(leader, d5.id, { outcome: 'provider_must_share', text: '经领导小组研究，市公安局应以受限共享方式向吉阳区提供辖区重点人员居住地址变化信息，并签订保密协议。' });
  n++;
  // 6. Nobody holds it: a city-wide gap.
  const d6 = await demands.submit(mz, base({ title: '低收入家庭水电气缴费信息', content: '低收入家庭近一年水、电、燃气缴费记录', method: 'batch_exchange' }));
  await demands.markGap(reviewer, d6.id, { note: '目前无政务部门采集该信息，建议与公用事业单位协商采集' });
  n++;
  log(`${n} sharing demands`);
  return n;
}
