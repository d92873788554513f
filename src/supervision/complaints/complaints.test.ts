import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.js';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import { complaintMessages } from './messages.js';
import type { ComplaintDetail } from './model.js';

const PDF = Buffer.from('%PDF-1.4\n% synthetic evidence\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0)]);

describe('complaint messages', () => {
  it('have both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(complaintMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });
});

describeEachDialect('complaints (投诉, R22): submission to feedback, protected complainant', (dialect) => {
  let t: TestApp;
  const clock = new FixedClock('2026-12-01T02:00:00.000Z');
  const tok: Record<string, string> = {};
  const unit: Record<string, string> = {};
  const url = (rest = '') => `/api/v1/supervision/complaints${rest}`;
  const as = (who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => t.as(tok[who]!, method, path, body, headers);
  const act = (who: string, id: string, action: string, body: Record<string, unknown> = {}) => as(who, 'POST', url(`/${id}/${action}`), body);
  const actor = (username: string, roles: SharingActor['roles']): SharingActor => ({
    actorType: 'user',
    actorId: username,
    actorName: username,
    unitId: unit[username] ?? null,
    clientIp: null,
    requestId: null,
    kind: 'user',
    roles,
    systemId: null,
  });
  const body = () => ({ targetUnitId: unit.steward_ga, addressee: 'supervision', title: '公安局人口数据长期未更新', text: '本单位多次调用人口基础信息发现数据停留在三个月前，影响救助审核。', category: 3 });

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, config: { sessionTtlMinutes: 43_200 } });
    for (const u of ['user_mz', 'user_jy', 'steward_ga', 'steward_rs', 'reviewer', 'supervisor', 'admin', 'leader']) {
      tok[u] = await t.login(u);
      unit[u] = (await t.platform.org.getUserByUsername(u))!.unitId!;
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('the whole flow: submit → accept → request to the unit → reply → record a violation → conclude → feedback reaches the complainant → acknowledge', async () => {
    const s = await as('user_mz', 'POST', url(), body());
    expect(s.statusCode, s.body).toBe(201);
    const c = s.json() as ComplaintDetail;
    expect(c).toMatchObject({ state: 'submitted', complainant: 'user_mz', complainantUnitId: unit.user_mz, targetUnitName: '三亚市公安局', role: 'complainant', actions: ['evidence'] });
    const tasks = await t.platform.workflow.tasksOf('complaint', c.id);
    expect(tasks.map((x) => [x.step, x.assignee.role, x.deadlineKind])).toEqual([['handle', 'supervisor', 'complaint_handle']]);
    // In English the inbox says "Complaint:"; the complainant's own title is never translated (nor in the notices, which say "complaint" themselves).
    expect(tasks[0]).toMatchObject({ title: '投诉：公安局人口数据长期未更新', titleEn: 'Complaint: 公安局人口数据长期未更新' });
    const submitted = (await t.platform.workflow.notifications(actor('supervisor', ['supervisor']))).items.find((n) => n.itemId === c.id && n.kind === 'complaint.notice.submitted')!;
    expect(submitted.params).toEqual({ title: '公安局人口数据长期未更新', titleEn: '公安局人口数据长期未更新' });

    // The complained-about unit does not know yet; another unit never; the authority reads but does not handle.
    expect((await as('steward_ga', 'GET', url(`/${c.id}`))).statusCode).toBe(403);
    expect((await as('user_jy', 'GET', url(`/${c.id}`))).statusCode).toBe(403);
    expect((await as('reviewer', 'GET', url(`/${c.id}`))).statusCode).toBe(200);
    expect((await act('reviewer', c.id, 'accept')).statusCode).toBe(403);
    expect((await act('user_mz', c.id, 'accept')).statusCode).toBe(403);
    const acc = await act('supervisor', c.id, 'accept', { comment: '予以受理' });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json().state).toBe('accepted');
    expect((await act('supervisor', c.id, 'accept')).statusCode).toBe(409);

    // Evidence: the complainant's files (magic bytes checked); the unit asked never sees them.
    const up = await as('user_mz', 'POST', url(`/${c.id}/evidence?name=${encodeURIComponent('调用记录.pdf')}`), PDF, { 'content-type': 'application/octet-stream' });
    expect(up.statusCode, up.body).toBe(201);
    const exe = await as('user_mz', 'POST', url(`/${c.id}/evidence?name=x.pdf`), EXE, { 'content-type': 'application/octet-stream' });
    expect(exe.statusCode).toBe(415);

    await act('supervisor', c.id, 'note', { text: '初步核查：该资源最近一次更新为 9 月' });
    const req = await act('supervisor', c.id, 'request', { party: 'target', text: '请说明人口基础信息未按期更新的原因' });
    expect(req.statusCode, req.body).toBe(200);
    expect(req.json()).toMatchObject({ state: 'investigating', awaiting: ['target'] });

    // Now the unit sees the complaint, but not who complained, nor the notes, nor the evidence.
    const seen = await as('steward_ga', 'GET', url(`/${c.id}`));
    expect(seen.statusCode).toBe(200);
    const sv = seen.json() as ComplaintDetail;
    expect(sv).toMatchObject({ role: 'target', complainant: null, complainantUnitId: null, complainantUnitName: null, actions: ['reply'], evidenceFiles: [] });
    expect(sv.messages.map((m) => m.kind)).toEqual(['request']);
    expect(JSON.stringify(sv)).not.toContain('user_mz');
    expect((await as('steward_ga', 'GET', `/api/v1/sharing/timeline/complaint/${c.id}`)).statusCode).toBe(403);
    expect((await as('steward_ga', 'GET', url(`/${c.id}/evidence/${up.json().id}`))).statusCode).toBe(403);
    const listed = (await as('steward_ga', 'GET', url('?box=to_handle'))).json() as { items: { id: string; complainant: string | null }[] };
    expect(listed.items.find((x) => x.id === c.id)).toMatchObject({ complainant: null });
    // Only the party asked replies.
    expect((await act('user_mz', c.id, 'reply', { text: 'x' })).statusCode).toBe(409);
    const rep = await act('steward_ga', c.id, 'reply', { text: '因系统迁移暂停更新，已于本周恢复' });
    expect(rep.statusCode, rep.body).toBe(200);
    expect(rep.json().awaiting).toEqual([]);
    expect((await act('steward_ga', c.id, 'reply', { text: 'again' })).statusCode).toBe(409);

    // A violation found through the complaint: confirmed, of the complained-about unit, linked.
    // Like a manual record it may name its subject and when it was observed (the route took neither before).
    const observedAt = '2026-01-05T02:00:00.000Z';
    const subject = { type: 'resource', id: 'A01/000001' };
    const v = await act('supervisor', c.id, 'violations', { category: 3, title: '人口基础信息未按期更新', titleEn: 'Population base data not updated in time', description: '经投诉查实，资源更新滞后三个月', subject, observedAt });
    expect(v.statusCode, v.body).toBe(200);
    const linked = (v.json() as ComplaintDetail).violations;
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ category: 3, state: 'confirmed', unitId: unit.steward_ga, title: '人口基础信息未按期更新', titleEn: 'Population base data not updated in time' });
    const violation = await t.platform.violations.get(actor('supervisor', ['supervisor']), linked[0]!.id);
    expect(violation).toMatchObject({ source: 'complaint', complaintId: c.id, subject, observedAt });
    expect((await act('supervisor', c.id, 'link', { violationIds: ['no-such-violation'] })).statusCode).toBe(404);
    expect((await act('supervisor', c.id, 'link', { violationIds: [linked[0]!.id] })).statusCode).toBe(200);

    // The result, fed back.
    expect((await act('supervisor', c.id, 'conclude', { outcome: 'maybe', result: 'x' })).statusCode).toBe(400);
    const done = await act('supervisor', c.id, 'conclude', { outcome: 'upheld', result: '投诉属实，已责令该单位整改并登记违规事项' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'concluded', outcome: 'upheld' });
    const notes = await t.platform.workflow.notifications(actor('user_mz', ['unit_user']));
    expect(notes.items.some((n) => n.itemId === c.id && n.kind === 'complaint.notice.concluded_upheld')).toBe(true);
    const mine = await as('user_mz', 'GET', url(`/${c.id}`));
    expect(mine.json()).toMatchObject({ state: 'concluded', outcome: 'upheld', result: '投诉属实，已责令该单位整改并登记违规事项', actions: ['acknowledge'] });
    // The complainant sees nothing of the unit's exchange or the notes.
    expect((mine.json() as ComplaintDetail).messages).toEqual([]);
    const ack = await act('user_mz', c.id, 'acknowledge', { comment: '认可处理结果' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ state: 'closed' });
    expect(ack.json().acknowledgedAt).not.toBeNull();
    expect(await t.platform.workflow.tasksOf('complaint', c.id, { openOnly: true })).toEqual([]);
    const tl = await as('user_mz', 'GET', `/api/v1/sharing/timeline/complaint/${c.id}`);
    expect((tl.json().items as { action: string }[]).map((e) => e.action)).toEqual([
      'supervision.complaint.submit',
      'supervision.complaint.accept',
      'supervision.complaint.evidence',
      'supervision.complaint.note',
      'supervision.complaint.request',
      'supervision.complaint.reply',
      'supervision.violation.record',
      'supervision.complaint.record_violation',
      'supervision.complaint.link',
      'supervision.complaint.conclude',
      'supervision.complaint.acknowledge',
    ].filter((a) => a !== 'supervision.violation.record'));
  });

  it('a complaint to the IT authority is handled by its reviewers; rejecting needs a reason; disclosure shows the complainant to the unit', async () => {
    const c = (await as('user_mz', 'POST', url(), { ...body(), addressee: 'authority' })).json() as ComplaintDetail;
    expect((await act('supervisor', c.id, 'accept')).statusCode).toBe(403);
    expect((await act('reviewer', c.id, 'reject', { reason: ' ' })).statusCode).toBe(400);
    await act('reviewer', c.id, 'accept');
    await act('reviewer', c.id, 'request', { party: 'target', text: '请说明情况' });
    expect((await as('steward_ga', 'GET', url(`/${c.id}`))).json().complainant).toBeNull();
    const d = await act('reviewer', c.id, 'disclose', { comment: '经投诉人同意' });
    expect(d.statusCode, d.body).toBe(200);
    const seen = (await as('steward_ga', 'GET', url(`/${c.id}`))).json() as ComplaintDetail;
    expect(seen).toMatchObject({ complainant: 'user_mz', complainantUnitId: unit.user_mz, disclosed: true });
    const closed = await act('reviewer', c.id, 'conclude', { outcome: 'not_upheld', result: '经核查，数据按期更新，投诉不属实' });
    expect(closed.json().outcome).toBe('not_upheld');
    expect((await act('reviewer', c.id, 'close')).json().state).toBe('closed');

    const r = (await as('user_mz', 'POST', url(), body())).json() as ComplaintDetail;
    const rej = await act('supervisor', r.id, 'reject', { reason: '不属于监督事项' });
    expect(rej.json()).toMatchObject({ state: 'rejected', rejectReason: '不属于监督事项' });
    const n = await t.platform.workflow.notifications(actor('user_mz', ['unit_user']));
    expect(n.items.some((x) => x.itemId === r.id && x.kind === 'complaint.notice.rejected')).toBe(true);
  });

  it('every read of a complaint\'s detail is audited with whether the complainant\'s identity was in what the reader saw; refused reads write no success event', async () => {
    const reads = (id: string) =>
      t.platform.db.kysely
        .selectFrom('audit_event')
        .select(['actor_name', 'unit_id', 'result', 'target_type', 'detail'])
        .where('action', '=', 'supervision.complaint.read')
        .where('target_id', '=', id)
        .orderBy('chain')
        .orderBy('seq')
        .execute();
    const c = (await as('user_mz', 'POST', url(), body())).json() as ComplaintDetail;
    // Submitting answers with the detail but is audited as the submission, not as a read.
    expect(await reads(c.id)).toEqual([]);

    expect((await as('supervisor', 'GET', url(`/${c.id}`))).statusCode).toBe(200);
    expect((await as('user_mz', 'GET', url(`/${c.id}`))).statusCode).toBe(200);
    // Not asked yet, the complained-about unit may not open it; another unit never.
    expect((await as('steward_ga', 'GET', url(`/${c.id}`))).statusCode).toBe(403);
    expect((await as('user_jy', 'GET', url(`/${c.id}`))).statusCode).toBe(403);
    await act('supervisor', c.id, 'accept');
    await act('supervisor', c.id, 'request', { party: 'target', text: '请说明情况' });
    expect((await as('steward_ga', 'GET', url(`/${c.id}`))).json().complainant).toBeNull();
    await act('supervisor', c.id, 'disclose', { comment: '经投诉人同意' });
    expect((await as('steward_ga', 'GET', url(`/${c.id}`))).json().complainant).toBe('user_mz');

    const events = await reads(c.id);
    expect(events.every((e) => e.target_type === 'supervision_complaint')).toBe(true);
    expect(events.filter((e) => e.result === 'success').map((e) => [e.actor_name, e.unit_id, JSON.parse(e.detail!)])).toEqual([
      ['supervisor', unit.supervisor, { role: 'handler', complainantIdentity: true, disclosed: false }],
      ['user_mz', unit.user_mz, { role: 'complainant', complainantIdentity: true, disclosed: false }],
      ['steward_ga', unit.steward_ga, { role: 'target', complainantIdentity: false, disclosed: false }],
      ['steward_ga', unit.steward_ga, { role: 'target', complainantIdentity: true, disclosed: true }],
    ]);
    // The refused attempts are on record as denied, with nothing of the complaint in them.
    expect(events.filter((e) => e.result !== 'success').map((e) => [e.actor_name, e.result, e.detail])).toEqual([
      ['steward_ga', 'denied', null],
      ['user_jy', 'denied', null],
    ]);

    // An unknown complaint: 404 and nothing written.
    expect((await as('supervisor', 'GET', url('/no-such-complaint'))).statusCode).toBe(404);
    expect(await reads('no-such-complaint')).toEqual([]);
  });

  it('who may complain, and bad input as 4xx problem+json', async () => {
    const own = await as('steward_ga', 'POST', url(), body());
    expect(own.statusCode).toBe(403);
    expect(own.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const who of ['supervisor', 'reviewer', 'admin', 'leader']) expect((await as(who, 'POST', url(), body())).statusCode, who).toBe(403);
    const bad = await as('user_mz', 'POST', url(), { ...body(), addressee: 'mayor', title: '' });
    expect(bad.statusCode).toBe(400);
    expect((await as('user_mz', 'POST', url(), { ...body(), targetUnitId: 'no-such-unit' })).statusCode).toBe(400);
    expect((await as('user_mz', 'POST', url(), { ...body(), category: 9 })).statusCode).toBe(400);
    expect((await as('user_mz', 'GET', url('/no-such-id'))).statusCode).toBe(404);
  });

  it('lists: mine for the complainant\'s unit, to_handle for handlers, all for readers', async () => {
    const mine = (await as('user_mz', 'GET', url('?box=mine'))).json() as { items: ComplaintDetail[]; total: number };
    expect(mine.total).toBeGreaterThanOrEqual(3);
    expect(mine.items.every((x) => x.complainantUnitId === unit.user_mz)).toBe(true);
    const todo = (await as('supervisor', 'GET', url('?box=to_handle'))).json() as { items: ComplaintDetail[] };
    expect(todo.items.every((x) => x.addressee === 'supervision' && ['submitted', 'accepted', 'investigating'].includes(x.state))).toBe(true);
    expect((await as('leader', 'GET', url('?box=all'))).json().total).toBeGreaterThanOrEqual(3);
    expect((await as('user_jy', 'GET', url('?box=all'))).json().total).toBe(0);
  });
});
