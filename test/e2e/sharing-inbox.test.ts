import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUnitCode } from '../../src/demo/seed.js';
import type { SharingActor } from '../../src/sharing/workflow/types.js';
import { captureFailures, clickToSend, shoot, startPortal, toast, type Portal } from './support.js';

/**
 * The workflow kernel in the portal (issue 5): a steward of 市公安局 sees what awaits the unit with
 * working-day countdowns (one task overdue after a sweep), reads and clears notifications; the IT
 * authority changes a deadline setting. Real server (SQLite), built portal, Debian's Chromium.
 */

let portal: Portal;

describe('Sharing inbox in Chromium', () => {
  captureFailures('sharing-inbox', () => portal?.browser);
  beforeAll(async () => {
    portal = await startPortal({
      catalog: false,
      prepare: async (platform) => {
        const mz = (await platform.org.getUnitByCode(demoUnitCode(11)))!.id;
        const ga = (await platform.org.getUnitByCode(demoUnitCode(10)))!.id;
        const by: SharingActor = { actorType: 'user', actorId: 'e2e', actorName: 'user_mz', unitId: mz, clientIp: null, requestId: null, kind: 'user', roles: ['unit_user'] };
        for (const [id, title, days] of [
          ['e2e-inbox-1', '测试需求：户籍人口统计（e2e）', 10],
          ['e2e-inbox-2', '测试需求：低保对象核验（e2e）', 2],
        ] as const) {
          await platform.audit.transact(async (trx) => {
            const ev = await platform.workflow.record(trx, {
              by,
              itemKind: 'demand',
              itemId: id,
              title,
              action: 'sharing.demand.route',
              fromState: 'registered',
              toState: 'routed',
              open: [{ step: 'answer', assignee: { role: 'unit_steward', unitId: ga }, workingDays: days }],
              notify: [{ assignee: { role: 'unit_steward', unitId: ga }, kind: 'workflow.notice.assigned', params: { title, step: 'answer' } }],
            });
            return { value: undefined, events: [ev] };
          });
        }
        // The second task's deadline has passed: the sweeper marks it and tells the unit and the authority.
        await platform.db.kysely.updateTable('sharing_task').set({ due_at: new Date(Date.now() - 3 * 86_400_000).toISOString() }).where('item_id', '=', 'e2e-inbox-2').execute();
        expect((await platform.workflow.sweep()).newlyOverdue).toBe(1);
      },
    });
  });

  afterAll(() => portal?.close());

  it("shows the steward's tasks with countdowns, the overdue one first, and clears notifications", async () => {
    const p = await portal.signIn('steward_ga');
    await p.goto(`${portal.base}/inbox`);
    const table = p.getByTestId('inbox-table');
    await table.getByText('测试需求：户籍人口统计（e2e）').waitFor();
    const rows = table.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.nth(0).innerText()).toContain('低保对象核验');
    expect(await rows.nth(0).getByTestId('due-tag').innerText()).toContain('已超期');
    expect(await rows.nth(1).getByTestId('due-tag').innerText()).toMatch(/剩余 \d+ 个工作日/);
    expect(await rows.nth(1).innerText()).toContain('答复');
    await shoot(p, 'sharing-inbox-tasks.png');

    await p.getByTestId('tab-notifications').click();
    const notes = p.getByTestId('notifications-table');
    await notes.getByText('已超过办理时限').first().waitFor();
    await clickToSend(p, p.getByTestId('mark-all-read'));
    await expect.poll(() => notes.locator('.ant-tag', { hasText: '未读' }).count()).toBe(0);
    await shoot(p, 'sharing-inbox-notifications.png');
    await p.context().close();
  });

  it('lets the IT authority change a deadline, and keeps the settings page from units', async () => {
    const p = await portal.signIn('reviewer');
    await p.goto(`${portal.base}/sharing/settings`);
    const input = p.locator('[data-testid="deadline-delivery"] input, input[data-testid="deadline-delivery"]').first();
    await input.waitFor();
    // The field is there before the settings arrive: wait for the value, not the first render.
    await expect.poll(() => input.inputValue()).toBe('20');
    await input.fill('15');
    await clickToSend(p, p.getByTestId('save-deadlines'));
    await toast(p, '时限设置已保存');
    expect((await portal.platform.workflow.settings()).delivery).toBe(15);
    await shoot(p, 'sharing-deadline-settings.png');
    await p.context().close();

    const u = await portal.signIn('user_mz');
    await u.goto(`${portal.base}/inbox`);
    await u.getByTestId('inbox-table').waitFor();
    expect(await u.getByTestId('side-menu').innerText()).not.toContain('时限设置');
    await u.context().close();
    expect(portal.pageErrors).toEqual([]);
  });
});
