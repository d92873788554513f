import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { AuditActor } from '../../audit/types.js';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../../test/helpers/platform.js';
import { workflowMessages } from './messages.js';
import { DEADLINE_DEFAULTS, type SharingActor, type Transition, type WorkflowService } from './types.js';

const SYSTEM: AuditActor = { actorType: 'system', actorId: null, actorName: 'test-seed', unitId: null, clientIp: null, requestId: null };

function actor(id: string, roles: SharingActor['roles'], unitId: string | null): SharingActor {
  return { actorType: 'user', actorId: id, actorName: id, unitId, clientIp: '127.0.0.1', requestId: null, kind: 'user', roles, systemId: null };
}

async function problem(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('workflow messages', () => {
  it('has both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(workflowMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });
});

describeEachDialect('sharing workflow kernel', (dialect) => {
  let tp: TestPlatform;
  let wf: WorkflowService;
  // Friday 2026-12-04, 10:00 China Standard Time.
  const clock = new FixedClock('2026-12-04T02:00:00.000Z');
  const UNIT_A = 'unit-a';
  const UNIT_B = 'unit-b';
  const stewardA = actor('steward-a', ['unit_steward'], UNIT_A);
  const stewardB = actor('steward-b', ['unit_steward'], UNIT_B);
  const userA = actor('user-a', ['unit_user'], UNIT_A);
  const reviewer = actor('reviewer', ['authority_reviewer'], 'unit-authority');
  const admin = actor('admin', ['platform_admin'], null);

  const transition = (over: Partial<Transition> = {}): Transition => ({
    by: userA,
    itemKind: 'demand',
    itemId: 'd-1',
    title: '流动人口数据需求',
    action: 'sharing.demand.submit',
    fromState: 'draft',
    toState: 'submitted',
    ...over,
  });

  beforeAll(async () => {
    tp = await createTestPlatform(dialect, { clock });
    wf = tp.platform.workflow;
    // Monday 2026-12-07 is a (synthetic) holiday; Saturday 2026-12-12 an adjusted working day.
    await tp.platform.calendar.setYear(SYSTEM, 2026, [
      { day: '2026-12-07', kind: 'holiday', name: '测试假日' },
      { day: '2026-12-12', kind: 'workday', name: '测试调休' },
    ]);
  });
  afterAll(async () => {
    await tp?.cleanup();
  });

  it('computes due dates on working days across a weekend and a holiday', async () => {
    const now = clock.now();
    // Fri + 1 working day: Sat, Sun (weekend), Mon (holiday) → Tue 2026-12-08, end of day CST.
    expect(await wf.dueAt(now, 1)).toBe('2026-12-08T15:59:59.999Z');
    // Tue 08, Wed 09, Thu 10, Fri 11, Sat 12 (adjusted working day) → 5th is Sat 12.
    expect(await wf.dueAt(now, 5)).toBe('2026-12-12T15:59:59.999Z');
    expect(await wf.dueAt(now, 10)).toBe('2026-12-18T15:59:59.999Z');
  });

  it('record writes timeline, tasks and notifications and returns the audit event', async () => {
    const event = await tp.platform.audit.transact(async (trx) => {
      const ev = await wf.record(
        trx,
        transition({
          comment: '请尽快办理',
          detail: { resourceCode: '101/000001' },
          open: [
            { step: 'register', assignee: { role: 'authority_reviewer', unitId: null }, deadline: 'registration' },
            { step: 'answer', assignee: { role: 'unit_steward', unitId: UNIT_B }, deadline: 'demand_answer' },
          ],
          notify: [{ assignee: { role: 'unit_steward', unitId: UNIT_B }, kind: 'workflow.notice.demand.routed', params: { title: '流动人口数据需求' } }],
        }),
      );
      return { value: ev, events: [ev] };
    });
    expect(event).toMatchObject({
      action: 'sharing.demand.submit',
      targetType: 'sharing_demand',
      targetId: 'd-1',
      result: 'success',
      actorName: 'user-a',
      unitId: UNIT_A,
      detail: { from: 'draft', to: 'submitted', comment: '请尽快办理', resourceCode: '101/000001' },
    });
    expect(event).not.toHaveProperty('roles');
    const timeline = await wf.timeline('demand', 'd-1');
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ action: 'sharing.demand.submit', actorName: 'user-a', fromState: 'draft', toState: 'submitted', comment: '请尽快办理', detail: { resourceCode: '101/000001' } });
    const tasks = await wf.tasksOf('demand', 'd-1');
    expect(tasks.map((t) => [t.step, t.assignee.role, t.assignee.unitId, t.dueAt, t.state])).toEqual([
      // registration: 2 working days from Fri → Tue 08, Wed 09.
      ['register', 'authority_reviewer', null, '2026-12-09T15:59:59.999Z', 'open'],
      // demand_answer: 10 working days → Fri 18 (counting the adjusted Saturday).
      ['answer', 'unit_steward', UNIT_B, '2026-12-18T15:59:59.999Z', 'open'],
    ]);
    const audited = await tp.platform.audit.query({ action: 'sharing.demand.submit' } as never);
    expect(audited.items.length).toBeGreaterThanOrEqual(1);
  });

  it('the deadline computed inside a transaction agrees with the calendar service', async () => {
    for (const days of [1, 2, 3, 7, 20]) {
      const id = `d-agree-${days}`;
      await tp.platform.audit.transact(async (trx) => {
        const ev = await wf.record(trx, transition({ itemId: id, open: [{ step: 'x', assignee: { role: 'leader', unitId: null }, workingDays: days }] }));
        return { value: undefined, events: [ev] };
      });
      const [task] = await wf.tasksOf('demand', id);
      expect(task!.dueAt).toBe(await wf.dueAt(clock.now(), days));
    }
  });

  it('inbox matches by role and unit, not other units or roles', async () => {
    const b = await wf.inbox(stewardB);
    expect(b.items.map((t) => [t.itemId, t.step])).toEqual([['d-1', 'answer']]);
    expect(b.items[0]).toMatchObject({ remainingWorkingDays: 10, overdue: false, title: '流动人口数据需求' });
    expect((await wf.inbox(stewardA)).total).toBe(0);
    expect((await wf.inbox(userA)).total).toBe(0);
    const r = await wf.inbox(reviewer, { itemKind: 'demand' });
    expect(r.items.map((t) => t.step)).toEqual(['register']);
    expect(r.items[0]!.remainingWorkingDays).toBe(2);
    expect((await wf.inbox(reviewer, { itemKind: 'objection' })).total).toBe(0);
  });

  it('notifications reach the addressed role in its unit and are marked read per user', async () => {
    const nb = await wf.notifications(stewardB);
    expect(nb.items.map((n) => n.kind)).toEqual(['workflow.notice.demand.routed']);
    expect(nb.unread).toBe(1);
    expect((await wf.notifications(stewardA)).total).toBe(0);
    const token: SharingActor = { ...stewardB, kind: 'token', actorType: 'token' };
    expect((await wf.notifications(token)).total).toBe(0);
    // Another user cannot mark someone else's notification… it only marks what it sees.
    expect(await wf.markRead(stewardA, [nb.items[0]!.id])).toBe(0);
    expect(await wf.markRead(stewardB)).toBe(1);
    expect(await wf.markRead(stewardB)).toBe(0);
    const after = await wf.notifications(stewardB);
    expect(after).toMatchObject({ total: 1, unread: 0 });
    expect(after.items[0]!.read).toBe(true);
    const colleague = actor('steward-b2', ['unit_steward'], UNIT_B);
    expect((await wf.notifications(colleague)).unread).toBe(1);
    expect((await wf.notifications(colleague, { unreadOnly: true })).items).toHaveLength(1);
  });

  it('closing and cancelling steps closes only those tasks', async () => {
    await tp.platform.audit.transact(async (trx) => {
      const ev = await wf.record(trx, transition({ by: reviewer, action: 'sharing.demand.register', fromState: 'submitted', toState: 'registered', closeSteps: ['register'] }));
      return { value: undefined, events: [ev] };
    });
    let tasks = await wf.tasksOf('demand', 'd-1');
    expect(tasks.map((t) => [t.step, t.state])).toEqual([
      ['register', 'done'],
      ['answer', 'open'],
    ]);
    expect(tasks[0]!.closedAt).toBe(clock.now().toISOString());
    expect((await wf.tasksOf('demand', 'd-1', { openOnly: true })).map((t) => t.step)).toEqual(['answer']);
    expect((await wf.inbox(reviewer, { state: 'done' })).items.map((t) => t.step)).toContain('register');
    await tp.platform.audit.transact(async (trx) => {
      const ev = await wf.record(trx, transition({ by: userA, action: 'sharing.demand.withdraw', fromState: 'registered', toState: 'withdrawn', cancelSteps: '*' }));
      return { value: undefined, events: [ev] };
    });
    tasks = await wf.tasksOf('demand', 'd-1');
    expect(tasks.map((t) => t.state)).toEqual(['done', 'cancelled']);
    expect((await wf.timeline('demand', 'd-1')).map((e) => e.action)).toEqual(['sharing.demand.submit', 'sharing.demand.register', 'sharing.demand.withdraw']);
  });

  it('record rolls back with the caller transaction', async () => {
    await expect(
      tp.platform.audit.transact(async (trx) => {
        await wf.record(trx, transition({ itemId: 'd-rollback', open: [{ step: 'answer', assignee: { role: 'unit_steward', unitId: UNIT_B } }] }));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await wf.timeline('demand', 'd-rollback')).toEqual([]);
    expect(await wf.tasksOf('demand', 'd-rollback')).toEqual([]);
  });

  it('canSee asks the module that registered the kind; unregistered kinds are hidden', async () => {
    expect(await wf.canSee(admin, 'agreement', 'x')).toBe(false);
    wf.registerAccess('agreement', async (by, id) => by.unitId === UNIT_A && id === 'a-1');
    expect(await wf.canSee(userA, 'agreement', 'a-1')).toBe(true);
    expect(await wf.canSee(stewardB, 'agreement', 'a-1')).toBe(false);
    expect(await wf.canSee(userA, 'agreement', 'a-2')).toBe(false);
  });

  it('settings: defaults, validated updates by the authority only, audited, used by record', async () => {
    expect(await wf.settings()).toEqual(DEADLINE_DEFAULTS);
    expect((await problem(wf.updateSettings(stewardA, { restricted_answer: 5 }))).status).toBe(403);
    expect((await problem(wf.updateSettings(userA, { restricted_answer: 5 }))).status).toBe(403);
    const bad = await problem(wf.updateSettings(reviewer, { restricted_answer: 0, delivery: 61, filing: 2.5, nope: 3 } as never));
    expect(bad.status).toBe(400);
    expect(bad.fieldErrors.map((f) => [f.field, f.code]).sort()).toEqual([
      ['body.delivery', 'invalid_setting'],
      ['body.filing', 'invalid_setting'],
      ['body.nope', 'unknown_setting'],
      ['body.restricted_answer', 'invalid_setting'],
    ]);
    expect((await problem(wf.updateSettings(reviewer, {}))).status).toBe(400);
    expect(await wf.settings()).toEqual(DEADLINE_DEFAULTS);
    const s = await wf.updateSettings(reviewer, { restricted_answer: 5 });
    expect(s.restricted_answer).toBe(5);
    expect((await wf.updateSettings(admin, { delivery: 15 })).delivery).toBe(15);
    expect(await wf.settings()).toMatchObject({ restricted_answer: 5, delivery: 15, mandatory_answer: 1 });
    await tp.platform.audit.transact(async (trx) => {
      const ev = await wf.record(trx, transition({ itemKind: 'application', itemId: 'ap-1', open: [{ step: 'review', assignee: { role: 'unit_steward', unitId: UNIT_B }, deadline: 'restricted_answer' }] }));
      return { value: undefined, events: [ev] };
    });
    const [task] = await wf.tasksOf('application', 'ap-1');
    expect(task).toMatchObject({ deadlineKind: 'restricted_answer', dueAt: await wf.dueAt(clock.now(), 5) });
    await wf.updateSettings(reviewer, { restricted_answer: DEADLINE_DEFAULTS.restricted_answer, delivery: DEADLINE_DEFAULTS.delivery });
  });
});

describeEachDialect('sharing workflow sweeper', (dialect) => {
  let tp: TestPlatform;
  let wf: WorkflowService;
  // Friday 2026-12-04, 10:00 CST; Monday 2026-12-07 is a holiday.
  const clock = new FixedClock('2026-12-04T02:00:00.000Z');
  const by = actor('user-a', ['unit_user'], 'unit-a');
  const stewardB = actor('steward-b', ['unit_steward'], 'unit-b');
  const reviewer = actor('reviewer', ['authority_reviewer'], 'unit-authority');

  async function open(itemId: string, assignee: { role: SharingActor['roles'][number]; unitId: string | null }, workingDays?: number) {
    await tp.platform.audit.transact(async (trx) => {
      const ev = await wf.record(trx, {
        by,
        itemKind: 'application',
        itemId,
        title: `申请 ${itemId}`,
        action: 'sharing.application.submit',
        fromState: null,
        toState: 'submitted',
        open: [{ step: 'review', assignee, workingDays }],
      });
      return { value: undefined, events: [ev] };
    });
  }

  beforeAll(async () => {
    tp = await createTestPlatform(dialect, { clock });
    wf = tp.platform.workflow;
    await tp.platform.calendar.setYear(SYSTEM, 2026, [{ day: '2026-12-07', kind: 'holiday', name: '测试假日' }]);
    await open('ap-steward', { role: 'unit_steward', unitId: 'unit-b' }, 1);
    await open('ap-authority', { role: 'authority_reviewer', unitId: null }, 1);
    await open('ap-leader', { role: 'leader', unitId: null }, 1);
    await open('ap-nodeadline', { role: 'unit_steward', unitId: 'unit-b' });
    await open('ap-later', { role: 'unit_steward', unitId: 'unit-b' }, 3);
  });
  afterAll(async () => {
    await tp?.cleanup();
  });

  it('does not mark a task on its last working day, even late in the evening', async () => {
    // Tuesday 2026-12-08 23:00 CST: the 1-working-day deadline (Mon is a holiday) ends at midnight.
    clock.set('2026-12-08T15:00:00.000Z');
    expect((await wf.sweep()).newlyOverdue).toBe(0);
    const inbox = await wf.inbox(stewardB);
    expect(inbox.items.find((t) => t.itemId === 'ap-steward')).toMatchObject({ remainingWorkingDays: 0, overdue: false });
  });

  it('marks each overdue task once, notifies assignee and authority, audits; a second sweep finds nothing', async () => {
    // Wednesday 2026-12-09 01:00 CST.
    clock.set('2026-12-08T17:00:00.000Z');
    const first = await wf.sweep();
    expect(first.newlyOverdue).toBe(3);
    expect((await wf.sweep()).newlyOverdue).toBe(0);
    const tasks = await wf.tasksOf('application', 'ap-steward');
    expect(tasks[0]!.overdueAt).toBe('2026-12-08T17:00:00.000Z');
    expect((await wf.tasksOf('application', 'ap-later'))[0]!.overdueAt).toBeNull();
    expect((await wf.tasksOf('application', 'ap-nodeadline'))[0]!.overdueAt).toBeNull();
    const nb = await wf.notifications(stewardB);
    expect(nb.items.map((n) => [n.kind, n.itemId])).toEqual([['workflow.notice.task_overdue', 'ap-steward']]);
    expect(nb.items[0]!.params).toMatchObject({ title: '申请 ap-steward', step: 'review' });
    const na = await wf.notifications(reviewer);
    expect(na.items.map((n) => `${n.kind}:${n.itemId}`).sort()).toEqual([
      'workflow.notice.task_overdue:ap-authority',
      'workflow.notice.task_overdue_authority:ap-leader',
      'workflow.notice.task_overdue_authority:ap-steward',
    ]);
    const events = await tp.platform.audit.query({ action: 'sharing.task.overdue' } as never);
    expect(events.items).toHaveLength(3);
    expect(events.items[0]).toMatchObject({ actorType: 'system', targetType: 'sharing_application', result: 'success' });
    const inbox = await wf.inbox(stewardB, { overdueOnly: true });
    expect(inbox.items.map((t) => t.itemId)).toEqual(['ap-steward']);
    // Due Tue 08, now Wed 09: one working day late.
    expect(inbox.items[0]).toMatchObject({ overdue: true, remainingWorkingDays: -1 });
  });

  it('two concurrent sweeps count each task once', async () => {
    clock.set('2026-12-04T02:00:00.000Z');
    for (let i = 0; i < 6; i++) await open(`ap-race-${i}`, { role: 'unit_steward', unitId: 'unit-c' }, 1);
    clock.set('2026-12-10T02:00:00.000Z');
    const [a, b] = await Promise.all([wf.sweep(), wf.sweep()]);
    // ap-later (3 working days: Tue, Wed, Thu 10) is not yet overdue on Thursday morning.
    expect(a.newlyOverdue + b.newlyOverdue).toBe(6);
    const events = await tp.platform.audit.query({ action: 'sharing.task.overdue' } as never);
    expect(events.items).toHaveLength(9);
    expect((await wf.sweep()).newlyOverdue).toBe(0);
  });

  it('runs every hook; a failing hook is reported and does not stop the others', async () => {
    const seen: string[] = [];
    wf.registerSweepHook('first', async (now) => {
      seen.push(`first:${now.toISOString()}`);
      return 2;
    });
    wf.registerSweepHook('broken', async () => {
      throw new Error('hook failed');
    });
    wf.registerSweepHook('last', async () => {
      seen.push('last');
      return 1;
    });
    const r = await wf.sweep();
    expect(r.hooks).toMatchObject({ first: 2, last: 1 });
    expect(r.hooks).not.toHaveProperty('broken');
    expect(r.failedHooks).toContain('broken');
    expect(seen).toEqual([`first:${clock.now().toISOString()}`, 'last']);
  });

  it('lists overdue tasks for supervision, filtered by kind, unit and time', async () => {
    const all = await wf.overdue();
    expect(all).toHaveLength(9);
    expect(all[0]).toMatchObject({ itemKind: 'application', step: 'review', deadlineKind: null, title: expect.stringContaining('申请') });
    expect(await wf.overdue({ unitId: 'unit-c' })).toHaveLength(6);
    expect(await wf.overdue({ itemKind: 'demand' })).toHaveLength(0);
    expect(await wf.overdue({ from: '2026-12-09T00:00:00.000Z' })).toHaveLength(6);
    expect(await wf.overdue({ to: '2026-12-09T00:00:00.000Z' })).toHaveLength(3);
  });

  it('extends an open task by working days inside the caller transaction; an extended task is no longer overdue', async () => {
    const [task] = await wf.tasksOf('application', 'ap-steward');
    const extended = await tp.platform.audit.transact(async (trx) => ({ value: await wf.extend(trx, task!.id, 2), events: [] }));
    // From Tue 08: Wed 09, Thu 10.
    expect(extended).toMatchObject({ dueAt: '2026-12-10T15:59:59.999Z', overdueAt: null });
    expect((await wf.tasksOf('application', 'ap-steward'))[0]!.dueAt).toBe('2026-12-10T15:59:59.999Z');
    const bad = await problem(tp.platform.audit.transact(async (trx) => ({ value: await wf.extend(trx, task!.id, 0), events: [] })));
    expect(bad.status).toBe(400);
    const missing = await problem(tp.platform.audit.transact(async (trx) => ({ value: await wf.extend(trx, 'nope', 1), events: [] })));
    expect(missing.status).toBe(404);
  });
});

describeEachDialect('sharing workflow kernel: English titles of platform-titled items', (dialect) => {
  let tp: TestPlatform;
  let wf: WorkflowService;
  // Friday 2026-12-04, 10:00 China Standard Time.
  const clock = new FixedClock('2026-12-04T02:00:00.000Z');
  const supervisor = actor('supervisor', ['supervisor'], null);
  const stewardA = actor('steward-a', ['unit_steward'], 'unit-a');
  const monitor: SharingActor = { actorType: 'system', actorId: null, actorName: 'compliance-monitor', unitId: null, clientIp: null, requestId: null, kind: 'system', roles: [] };
  const record = (t: Transition) =>
    tp.platform.audit.transact(async (trx) => {
      const ev = await wf.record(trx, t);
      return { value: undefined, events: [ev] };
    });

  beforeAll(async () => {
    tp = await createTestPlatform(dialect, { clock });
    wf = tp.platform.workflow;
  });
  afterAll(async () => {
    await tp?.cleanup();
  });

  it("stores a transition's English title on the tasks it opens and gives it to its notifications, unless their params name the item their own way", async () => {
    await record({
      by: monitor,
      itemKind: 'violation',
      itemId: 'v-en',
      title: '第三十一条第三项：资源未按期更新',
      titleEn: 'Art. 31 (3): Resource not updated in time',
      action: 'supervision.violation.detect',
      fromState: null,
      toState: 'candidate',
      open: [{ step: 'review', assignee: { role: 'supervisor', unitId: null }, workingDays: 1 }],
      notify: [
        { assignee: { role: 'supervisor', unitId: null }, kind: 'workflow.notice.assigned', params: { title: '第三十一条第三项：资源未按期更新', step: 'review' } },
        { assignee: { role: 'unit_steward', unitId: 'unit-a' }, kind: 'violation.notice.confirmed', params: { title: '资源未按期更新', titleEn: 'Resource not updated in time' } },
      ],
    });
    const [task] = await wf.tasksOf('violation', 'v-en');
    expect(task).toMatchObject({ title: '第三十一条第三项：资源未按期更新', titleEn: 'Art. 31 (3): Resource not updated in time' });
    const inbox = await wf.inbox(supervisor);
    expect(inbox.items.find((t) => t.itemId === 'v-en')).toMatchObject({ titleEn: 'Art. 31 (3): Resource not updated in time', remainingWorkingDays: expect.any(Number) });
    const [toSupervisor] = (await wf.notifications(supervisor)).items;
    expect(toSupervisor!.params).toEqual({ title: '第三十一条第三项：资源未按期更新', titleEn: 'Art. 31 (3): Resource not updated in time', step: 'review' });
    const [toUnit] = (await wf.notifications(stewardA)).items;
    expect(toUnit!.params).toEqual({ title: '资源未按期更新', titleEn: 'Resource not updated in time' });
  });

  it('a user-titled transition has no English title: its tasks read titleEn null, its notifications carry none', async () => {
    await record({
      by: stewardA,
      itemKind: 'demand',
      itemId: 'd-typed',
      title: '流动人口数据需求',
      action: 'sharing.demand.submit',
      fromState: 'draft',
      toState: 'submitted',
      open: [{ step: 'register', assignee: { role: 'supervisor', unitId: null } }],
      notify: [{ assignee: { role: 'supervisor', unitId: null }, kind: 'workflow.notice.assigned', params: { title: '流动人口数据需求', step: 'register' } }],
    });
    const [task] = await wf.tasksOf('demand', 'd-typed');
    expect(task!.title).toBe('流动人口数据需求');
    expect(task!.titleEn).toBeNull();
    const note = (await wf.notifications(supervisor)).items.find((n) => n.itemId === 'd-typed')!;
    expect(note.params).toEqual({ title: '流动人口数据需求', step: 'register' });
  });

  it('the sweeper tells of an overdue task with its English title; the overdue list carries it', async () => {
    // Due end of Mon 07 CST (1 working day from Fri 04); Wed 09 it is overdue. The demand's task has no deadline.
    clock.set('2026-12-09T02:00:00.000Z');
    expect((await wf.sweep()).newlyOverdue).toBe(1);
    const overdue = (await wf.notifications(supervisor)).items.filter((n) => n.kind === 'workflow.notice.task_overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.params).toMatchObject({ title: '第三十一条第三项：资源未按期更新', titleEn: 'Art. 31 (3): Resource not updated in time', step: 'review' });
    expect(await wf.overdue()).toEqual([expect.objectContaining({ itemId: 'v-en', titleEn: 'Art. 31 (3): Resource not updated in time' })]);
  });
});
