import type { Platform } from '../../platform.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import type { AttendanceInput, TopicKind } from './model.js';

/** Units left without trained sharing staff in 2026H2 (so the coverage flag shows), by short name. */
export const DEMO_UNTRAINED_2026H2 = ['市档案局', '市应急局'];

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐'];
const DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

interface DemoSession {
  title: string;
  startsAt: string;
  topic: TopicKind;
  location: string;
  trainer: string;
  hours: number;
  /** Which units' people attend: 'all', or all but the listed short names. */
  skip: string[];
  /** Units whose people are recorded, but absent. */
  absent?: string[];
}

const SESSIONS: DemoSession[] = [
  { title: '2026年上半年政务信息资源共享业务培训', startsAt: '2026-03-18T09:00:00+08:00', topic: 'business', location: '市政务服务中心三楼会议室', trainer: '王演示（市信息中心）', hours: 3, skip: [] },
  { title: '政务数据安全与保密专题培训（上半年）', startsAt: '2026-06-30T14:30:00+08:00', topic: 'security', location: '市委党校报告厅', trainer: '李演示（市保密局）', hours: 2.5, skip: ['崖州湾科技城'] },
  { title: '2026年下半年共享交换平台操作与安全培训', startsAt: '2026-09-16T09:00:00+08:00', topic: 'both', location: '市政务服务中心三楼会议室', trainer: '赵演示（市信息中心）', hours: 3, skip: [...DEMO_UNTRAINED_2026H2, '市民政局', '海棠区'], absent: ['市民政局'] },
  { title: '数据质量与异议处理实务（下半年）', startsAt: '2026-11-05T14:30:00+08:00', topic: 'business', location: '线上（视频会议）', trainer: '陈演示（市工信局）', hours: 2, skip: [...DEMO_UNTRAINED_2026H2, '市民政局', '天涯区'] },
];

/**
 * Demo data of supervision/training: four sessions in 2026H1 and 2026H2 recorded by the authority
 * (reviewer). Most units' sharing staff attend (the demo accounts where a unit has them, otherwise
 * synthetic named persons such as 张演示一); in 2026H2 市档案局 and 市应急局 have nobody trained and
 * 民政局's only account is recorded absent, so three units are flagged. Idempotent: does nothing
 * when sessions exist.
 */
export async function seedTrainingDemo(platform: Platform, log: (line: string) => void): Promise<void> {
  const { training, org } = platform;
  const system: SharingActor = { actorType: 'system', actorId: 'demo-seed', actorName: 'demo-seed', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };
  if ((await training.listSessions(system, { limit: 1 })).total > 0) return;
  const reviewerUser = await org.getUserByUsername('reviewer');
  if (!reviewerUser) return;
  const reviewer: SharingActor = { actorType: 'user', actorId: reviewerUser.id, actorName: reviewerUser.username, unitId: reviewerUser.unitId, clientIp: null, requestId: null, kind: 'user', roles: reviewerUser.roles, systemId: null };
  const units = (await org.listUnits({ limit: 1000 })).items;
  const users = (await org.listUsers({ limit: 1000 })).items.filter((u) => u.unitId && u.roles.some((r) => r === 'unit_steward' || r === 'unit_user'));
  const short = (u: { shortName: string | null; name: string }) => u.shortName ?? u.name;
  let attendances = 0;
  for (const [n, s] of SESSIONS.entries()) {
    const session = await training.createSession(reviewer, { ...s, organizerUnitId: reviewerUser.unitId! });
    const entries: AttendanceInput[] = [];
    units.forEach((u, i) => {
      const absent = s.absent?.includes(short(u)) ?? false;
      if (s.skip.includes(short(u)) && !absent) return;
      const accounts = users.filter((x) => x.unitId === u.id);
      if (accounts.length) {
        for (const a of accounts) entries.push({ unitId: u.id, userId: a.id, attended: !absent, result: absent ? null : '合格' });
      } else {
        // A synthetic person per unit (the same person each session), and a second one in the security sessions.
        entries.push({ unitId: u.id, name: `${SURNAMES[i % SURNAMES.length]}演示${DIGITS[i % DIGITS.length]}`, post: '共享工作联络员', attended: !absent, result: '合格' });
        if (s.topic !== 'business' && i % 3 === 0) entries.push({ unitId: u.id, name: `${SURNAMES[(i + 7) % SURNAMES.length]}演示${DIGITS[(i + 4) % DIGITS.length]}`, post: '信息安全员', attended: true, certificate: `PX-2026-${String(n + 1).padStart(2, '0')}${String(i).padStart(3, '0')}` });
      }
    });
    await training.addAttendance(reviewer, session.id, entries);
    attendances += entries.length;
  }
  log(`${SESSIONS.length} training sessions, ${attendances} attendance records (2026H2: ${DEMO_UNTRAINED_2026H2.join('、')}、市民政局 untrained)`);
}
