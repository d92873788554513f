/**
 * Demo applications and grants for the Sanya demo (issue 5, item 9): one or more in every state,
 * made through the service as the demo users would, so every inbox has something real in it.
 * Needs the demo units, users, systems and catalog (src/demo/seed.ts). Idempotent: does nothing
 * when applications exist.
 */
import type { Platform } from '../../platform.js';
import type { SharingActor } from '../workflow/types.js';
import type { ApplicationInput } from './model.js';

const DEMO_DAYS = 365;

export async function seedApplicationDemo(platform: Platform, opts: { log?: (line: string) => void } = {}): Promise<{ applications: number }> {
  const { applications: svc, org, catalog, calendar } = platform;
  const log = opts.log ?? (() => {});
  if ((await platform.db.kysely.selectFrom('sharing_application').select('id').limit(1).execute()).length) {
    log('demo applications already present');
    return { applications: 0 };
  }
  const as = async (username: string): Promise<SharingActor> => {
    const u = await org.getUserByUsername(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    return { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles };
  };
  const reader = { actorType: 'system' as const, actorId: 'demo-seed', actorName: 'demo-seed', unitId: null, clientIp: null, requestId: null };
  const codes = new Map<string, string>();
  for await (const batch of catalog.publishedBatches(reader, {}, 500)) for (const r of batch) codes.set(r.name, r.code);
  const code = (name: string) => {
    const c = codes.get(name);
    if (!c) throw new Error(`demo resource ${name} is not published`);
    return c;
  };
  const systems = (await org.listSystems({ limit: 1000 })).items;
  const system = (c: string) => systems.find((s) => s.code === c)?.id ?? null;
  const today = calendar.today();
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + DEMO_DAYS * 86_400_000).toISOString().slice(0, 10);

  const [mz, jy, ga, rs, zr, reviewer, supervisor] = await Promise.all(['user_mz', 'user_jy', 'steward_ga', 'steward_rs', 'steward_zr', 'reviewer', 'supervisor'].map(as));
  const mzContent = (over: ApplicationInput = {}): ApplicationInput => ({
    consumerSystemId: system('SHJZ'),
    purpose: '城乡最低生活保障对象家庭经济状况核对',
    legalBasis: '《社会救助暂行办法》第十一条：县级人民政府民政部门应当对申请人的家庭收入、财产状况进行调查核实',
    scenario: '社会救助资格核查',
    scope: '市民政局社会救助科，全市范围',
    method: 'online_query',
    validFrom: today,
    validUntil: until,
    ...over,
  });
  const jyContent = (over: ApplicationInput = {}): ApplicationInput => ({
    consumerSystemId: system('JYZW'),
    purpose: '区级政务服务事项办理中的信息核验',
    legalBasis: '《海南省政务数据共享管理办法》及吉阳区政务服务事项清单',
    scenario: '行政审批',
    scope: '吉阳区政务服务中心综合窗口',
    method: 'online_query',
    validFrom: today,
    validUntil: until,
    ...over,
  });
  let n = 0;
  const apply = async (by: SharingActor, resource: string, input: ApplicationInput, submit = true) => {
    n++;
    return svc.create(by, { resourceCode: code(resource), ...input }, { submit });
  };

  // approved with fewer fields: the grant waits for its confidentiality agreement (secrecy bureau and authority inboxes)
  const a1 = await apply(mz, '社保参保信息', mzContent({ fields: ['shbzhm', 'sfzhm', 'xm', 'cbxz', 'cbzt'] }));
  await svc.approve(rs, a1.id, { fields: ['shbzhm', 'sfzhm', 'cbzt'], comment: '同意，仅提供核对所需信息项' });
  // approved without sensitive items: active at once; the provider still has to confirm delivery
  const a2 = await apply(mz, '人才引进信息', mzContent({ fields: ['rdbh', 'rclb', 'rdrq'] }));
  await svc.approve(rs, a2.id, { comment: '同意' });
  // submitted: awaiting 公安局's answer (10 working days)
  await apply(jy, '流动人口居住登记信息', jyContent({ fields: ['djbh', 'jzdz', 'ssq', 'djrq'], purpose: '社区流动人口服务管理' }));
  // under review, with an extension request awaiting the authority
  const a4 = await apply(mz, '户籍人口变动信息', mzContent({ fields: ['bdjlbh', 'sfzhm', 'bdlx', 'bdrq'] }));
  await svc.accept(ga, a4.id, '已受理');
  await svc.requestExtension(ga, a4.id, { days: 5, reason: '需会同各派出所核实历史变动记录' });
  // incomplete: one notice listing everything missing
  await apply(mz, '不动产登记信息', { consumerSystemId: system('SHJZ'), fields: ['bdcdyh', 'qlr', 'zl'], purpose: '核查低保申请家庭不动产' });
  // coordination: refused by the provider, the authority coordinates
  const a6 = await apply(jy, '驾驶人信息', jyContent({ fields: ['jszh', 'zjcx', 'jszzt'] }));
  await svc.refuse(ga, a6.id, '吉阳区政务服务事项清单中无需核验驾驶证的事项，暂不具备共享条件');
  // refused for good: the authority upheld the refusal
  const a7 = await apply(mz, '机动车登记信息', mzContent({ fields: ['hphm', 'cllx'] }));
  await svc.refuse(ga, a7.id, '社会救助核对已通过不动产与车辆联合查询接口办理');
  await svc.coordinate(reviewer, a7.id, { decision: 'uphold', comment: '经协调，提供单位已通过联合查询接口满足需求，维持不同意' });
  // automatic answers: mandatory approved without a grant; non-shared refused quoting the legal basis
  await apply(jy, '人口基础信息', jyContent({ fields: null }));
  await apply(jy, '预防接种信息', jyContent({ fields: null }));
  // a draft and a withdrawn application
  await apply(jy, '社保参保信息', jyContent({ fields: ['shbzhm', 'cbzt'] }), false);
  const a11 = await apply(jy, '人才引进信息', jyContent({ fields: ['rdbh', 'rclb'] }));
  await svc.withdraw(jy, a11.id, '事项调整，不再需要');
  // grants suspended by supervision and revoked by the provider
  const a12 = await apply(jy, '不动产登记信息', jyContent({ fields: ['bdcdyh', 'ghyt', 'djrq'], scenario: '不动产' }));
  const g12 = await svc.approve(zr, a12.id, { comment: '同意' });
  if (g12.grantId) await svc.suspendGrant(supervisor, g12.grantId, '监察抽查：核实使用用途期间暂停');
  const a13 = await apply(mz, '三亚市地形图', mzContent({ fields: null, method: 'file_download' }));
  const g13 = await svc.approve(zr, a13.id, { comment: '同意' });
  if (g13.grantId) await svc.revokeGrant(zr, g13.grantId, '测绘成果保密管理要求调整，撤销原授权');
  log(`${n} sharing applications in every state, with their grants`);
  return { applications: n };
}
