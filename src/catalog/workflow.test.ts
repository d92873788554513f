import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, describeEachDialect, type TestPlatform } from '../../test/helpers/platform.js';
import { seedDemo } from '../demo/seed.js';
import { AppError } from '../core/errors.js';
import { FixedClock } from '../core/clock.js';
import type { Platform } from '../platform.js';
import type { CatalogActor } from './policy.js';
import { actorOf, sampleInput, seedRegistry, type Registry } from './test-fixtures.js';

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describeEachDialect('catalog workflow', (dialect) => {
  let t: TestPlatform;
  let p: Platform;
  let reg: Registry;
  let ga: CatalogActor;
  let rs: CatalogActor;
  let reviewer: CatalogActor;
  let admin: CatalogActor;
  let userMz: CatalogActor;
  const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    t = await createTestPlatform(dialect, { clock });
    p = t.platform;
    await seedDemo(p, { password: 'Test@Demo2026x', catalog: false });
    reg = await seedRegistry(p);
    ga = await actorOf(p, 'steward_ga');
    rs = await actorOf(p, 'steward_rs');
    reviewer = await actorOf(p, 'reviewer');
    admin = await actorOf(p, 'admin');
    userMz = await actorOf(p, 'user_mz');
  });
  afterAll(async () => t?.cleanup());

  const tick = () => clock.advance(60_000);

  describe('the full path: draft → submitted → returned → submitted → approved → published', () => {
    let code: string;

    it('a steward creates a v1 draft of their unit with a generated code', async () => {
      const r = await p.catalog.createDraft(ga, reg.units.ga, sampleInput(reg.population.id));
      code = r.code;
      expect(r.code).toMatch(/^101\/\d{6}$/);
      expect(r).toMatchObject({ version: 1, state: 'draft', changeKind: 'create', providerUnitId: reg.units.ga, providerUnitName: '三亚市公安局', classificationCode: '101' });
      expect(r.dataItems.map((d) => d.code)).toEqual(['id_no', 'name', 'birth_date']);
      // sensitivity without a masking rule: the default follows from the item name
      expect(r.dataItems[0]!.masking).toBe('id_card');
      expect(r.dataItems[1]!.masking).toBe('name');
    });

    it('codes are unique and sequential per classification', async () => {
      const r2 = await p.catalog.createDraft(ga, reg.units.ga, sampleInput(reg.population.id, { name: '户籍人口信息' }));
      expect(r2.code).not.toBe(code);
      expect(Number(r2.code.split('/')[1])).toBe(Number(code.split('/')[1]) + 1);
      await p.catalog.discard(ga, r2.code);
    });

    it('another unit\'s steward may not edit, submit or discard it; a reviewer may not submit', async () => {
      expect((await rejects(p.catalog.updateDraft(rs, code, sampleInput(reg.population.id)))).status).toBe(403);
      expect((await rejects(p.catalog.submit(rs, code))).status).toBe(403);
      expect((await rejects(p.catalog.discard(rs, code))).status).toBe(403);
      expect((await rejects(p.catalog.submit(reviewer, code))).status).toBe(403);
      expect((await rejects(p.catalog.submit(admin, code))).status).toBe(403);
    });

    it('a reviewer cannot approve a draft that was not submitted', async () => {
      const e = await rejects(p.catalog.approve(reviewer, code));
      expect(e.status).toBe(409);
      expect(e.code).toBe('bad_state');
    });

    it('the steward edits and submits', async () => {
      tick();
      const r = await p.catalog.updateDraft(ga, code, sampleInput(reg.population.id, { abstract: '人口基础信息（修订）' }));
      expect(r.abstract).toBe('人口基础信息（修订）');
      tick();
      const s = await p.catalog.submit(ga, code, '请审核');
      expect(s.state).toBe('submitted');
      expect(s.submittedAt).toBe(clock.now().toISOString());
    });

    it('a submitted version cannot be edited', async () => {
      expect((await rejects(p.catalog.updateDraft(ga, code, sampleInput(reg.population.id)))).code).toBe('bad_state');
    });

    it('a steward may not approve or return; returning needs a comment', async () => {
      expect((await rejects(p.catalog.approve(ga, code))).status).toBe(403);
      expect((await rejects(p.catalog.returnToUnit(ga, code, 'x'))).status).toBe(403);
      const e = await rejects(p.catalog.returnToUnit(reviewer, code, '   '));
      expect(e.status).toBe(400);
      expect(e.code).toBe('comment_required');
    });

    it('the reviewer returns it with a comment, the steward fixes and resubmits', async () => {
      tick();
      const r = await p.catalog.returnToUnit(reviewer, code, '请补充更新时限');
      expect(r.state).toBe('returned');
      expect(r.comment).toBe('请补充更新时限');
      tick();
      await p.catalog.updateDraft(ga, code, sampleInput(reg.population.id, { updateTimeLimitDays: 2 }));
      const s = await p.catalog.submit(ga, code);
      expect(s.state).toBe('submitted');
    });

    it('the reviewer approves; only the provider unit confirms', async () => {
      tick();
      const a = await p.catalog.approve(reviewer, code, '同意');
      expect(a.state).toBe('approved');
      expect((await rejects(p.catalog.confirm(rs, code))).status).toBe(403);
      expect((await rejects(p.catalog.confirm(reviewer, code))).status).toBe(403);
      tick();
      const c = await p.catalog.confirm(ga, code);
      expect(c.state).toBe('published');
      expect(c.publishedAt).toBe(clock.now().toISOString());
    });

    it('the published version is visible to everyone signed in; the timeline has every step with comments', async () => {
      const d = await p.catalog.getResource(userMz, code);
      expect(d.version).toBe(1);
      expect(d.state).toBe('published');
      const tl = await p.catalog.timeline(ga, code);
      expect(tl.map((e) => `${e.action}:${e.fromState ?? '-'}>${e.toState}`)).toEqual([
        'create:->draft',
        'submit:draft>submitted',
        'return:submitted>returned',
        'submit:returned>submitted',
        'approve:submitted>approved',
        'confirm:approved>published',
      ]);
      expect(tl[2]!.comment).toBe('请补充更新时限');
      expect(tl[2]!.actorName).toBe('reviewer');
      expect(tl[2]!.unitName).toBe('三亚市工业和信息化局');
    });

    it('every transition is in the audit log with its comment', async () => {
      const rows = await p.db.kysely.selectFrom('audit_event').select(['action', 'detail', 'result']).where('target_id', '=', code).orderBy('seq').execute();
      const actions = rows.filter((r) => r.result === 'success').map((r) => r.action);
      expect(actions).toEqual([
        'catalog.resource.create',
        'catalog.resource.update',
        'catalog.resource.submit',
        'catalog.resource.return',
        'catalog.resource.update',
        'catalog.resource.submit',
        'catalog.resource.approve',
        'catalog.resource.confirm',
      ]);
      const ret = rows.find((r) => r.action === 'catalog.resource.return' && r.result === 'success')!;
      expect(String(ret.detail)).toContain('请补充更新时限');
      const denied = rows.filter((r) => r.result === 'denied').map((r) => r.action);
      expect(denied).toContain('catalog.resource.submit');
      expect(denied).toContain('catalog.resource.confirm');
    });

    describe('versions: vN stays published while vN+1 is drafted', () => {
      it('start-change copies v1 into a v2 draft; v1 is still served', async () => {
        tick();
        expect((await rejects(p.catalog.startChange(rs, code))).status).toBe(403);
        const v2 = await p.catalog.startChange(ga, code, '新增字段');
        expect(v2).toMatchObject({ version: 2, state: 'draft', changeKind: 'update', code });
        expect((await p.catalog.getResource(userMz, code)).version).toBe(1);
        // a second change cannot start while one is in progress
        expect((await rejects(p.catalog.startChange(ga, code))).code).toBe('change_in_progress');
        expect((await rejects(p.catalog.withdraw(ga, code))).code).toBe('change_in_progress');
      });

      it('drafts are visible to the unit and the authority, not to other units', async () => {
        // without ?version the latest published one is served, to the unit too
        expect((await p.catalog.getResource(ga, code)).version).toBe(1);
        expect((await p.catalog.getResource(ga, code, 2)).state).toBe('draft');
        expect((await p.catalog.getResource(reviewer, code, 2)).state).toBe('draft');
        expect((await p.catalog.getResource(admin, code, 2)).state).toBe('draft');
        expect((await rejects(p.catalog.getResource(userMz, code, 2))).status).toBe(403);
        expect((await p.catalog.getResource(userMz, code)).versions.map((v) => v.version)).toEqual([1]);
        expect((await p.catalog.getResource(ga, code)).versions.map((v) => v.version)).toEqual([1, 2]);
      });

      it('publishing v2 supersedes v1; the code stays the same', async () => {
        const input = sampleInput(reg.population.id, {
          name: '人口基础信息（2026版）',
          dataItems: [
            { name: '公民身份号码', code: 'id_no', dataType: 'C', length: 18, isKey: true, required: true, sensitivity: 'privacy', elementCode: 'DE0001' },
            { name: '姓名', code: 'name', dataType: 'C', length: 100, sensitivity: 'privacy', elementCode: 'DE0002' },
            { name: '户籍地址', code: 'address', dataType: 'C', length: 200, sensitivity: 'privacy' },
          ],
        });
        await p.catalog.updateDraft(ga, code, input);
        await p.catalog.submit(ga, code);
        await p.catalog.approve(reviewer, code);
        tick();
        const r = await p.catalog.confirm(ga, code);
        expect(r).toMatchObject({ code, version: 2, state: 'published' });
        const d = await p.catalog.getResource(userMz, code);
        expect(d.version).toBe(2);
        expect(d.versions).toEqual([
          expect.objectContaining({ version: 1, state: 'superseded' }),
          expect.objectContaining({ version: 2, state: 'published' }),
        ]);
        expect((await p.catalog.getResource(userMz, code, 1)).state).toBe('superseded');
      });

      it('diff compares versions field by field and item by item', async () => {
        const d = await p.catalog.diff(userMz, code, 1, 2);
        expect(d.changes).toContainEqual({ field: 'name', from: '人口基础信息', to: '人口基础信息（2026版）' });
        expect(d.dataItems.added.map((i) => i.code)).toEqual(['address']);
        expect(d.dataItems.removed.map((i) => i.code)).toEqual(['birth_date']);
        expect(d.dataItems.changed).toContainEqual({ code: 'name', field: 'length', from: 50, to: 100 });
        expect((await rejects(p.catalog.diff(userMz, code, 1, 9))).status).toBe(404);
      });
    });

    describe('withdrawal', () => {
      it('is a version with changeKind withdraw that goes through review; v2 stays served meanwhile', async () => {
        expect((await rejects(p.catalog.withdraw(rs, code))).status).toBe(403);
        const w = await p.catalog.withdraw(ga, code, '业务停止');
        expect(w).toMatchObject({ version: 3, state: 'submitted', changeKind: 'withdraw' });
        expect((await p.catalog.getResource(userMz, code)).version).toBe(2);
        // a withdrawal is not edited
        expect((await rejects(p.catalog.updateDraft(ga, code, sampleInput(reg.population.id)))).code).toBe('bad_state');
        await p.catalog.approve(reviewer, code);
        const c = await p.catalog.confirm(ga, code);
        expect(c.state).toBe('withdrawn');
      });

      it('after withdrawal every version stays readable and nothing is published', async () => {
        const d = await p.catalog.getResource(userMz, code);
        expect(d.state).toBe('withdrawn');
        expect(d.versions.map((v) => v.state)).toEqual(['superseded', 'superseded', 'withdrawn']);
        expect((await p.catalog.search(userMz, { q: '人口基础' })).items.map((i) => i.code)).not.toContain(code);
        expect((await rejects(p.catalog.startChange(ga, code))).code).toBe('withdrawn');
      });
    });
  });

  describe('proposals', () => {
    it('only the authority proposes; the unit completes, submits, and it follows the normal path', async () => {
      expect((await rejects(p.catalog.propose(ga, { unitId: reg.units.rs, name: '社保参保信息', comment: '请编目' }))).status).toBe(403);
      const pr = await p.catalog.propose(reviewer, { unitId: reg.units.rs, name: '社保参保信息', comment: '根据共享需求，请编目', classificationId: reg.department.id });
      expect(pr).toMatchObject({ state: 'proposed', version: 1, providerUnitId: reg.units.rs, comment: '根据共享需求，请编目' });
      expect(pr.code).toMatch(/^3\//);
      const mine = await p.catalog.listMine(rs, { state: 'proposed' });
      expect(mine.items.map((i) => i.code)).toContain(pr.code);
      expect((await rejects(p.catalog.updateDraft(ga, pr.code, sampleInput(reg.department.id)))).status).toBe(403);
      const edited = await p.catalog.updateDraft(
        rs,
        pr.code,
        sampleInput(reg.department.id, {
          name: '社保参保信息',
          layer: 'specialized',
          sharingType: 'restricted',
          sharingConditions: '仅用于社会保障业务核验',
          sharingScope: { all: false, unitIds: [reg.units.mz] },
          dataItems: [{ name: '公民身份号码', code: 'id_no', dataType: 'C', length: 18, isKey: true, sensitivity: 'privacy', elementCode: 'DE0001' }],
        }),
      );
      expect(edited.state).toBe('draft');
      expect((await p.catalog.submit(rs, pr.code)).state).toBe('submitted');
    });

    it('the authority may discard its own proposal, not a unit draft', async () => {
      const pr = await p.catalog.propose(reviewer, { unitId: reg.units.zr, name: '国土空间规划', comment: '请编目' });
      expect(pr.code.startsWith('3/')).toBe(true);
      expect((await p.catalog.discard(reviewer, pr.code, '不再需要')).state).toBe('discarded');
      const d = await p.catalog.createDraft(ga, reg.units.ga, sampleInput(reg.population.id, { name: '临时草稿' }));
      expect((await rejects(p.catalog.discard(reviewer, d.code))).status).toBe(403);
      expect((await p.catalog.discard(ga, d.code)).state).toBe('discarded');
    });

    it('a proposal that is still incomplete cannot be submitted as is', async () => {
      const pr = await p.catalog.propose(reviewer, { unitId: reg.units.ga, name: '出入境证件信息', comment: '请编目', classificationId: reg.population.id });
      const e = await rejects(p.catalog.submit(ga, pr.code));
      expect(e.status).toBe(400);
      expect(e.fieldErrors.map((f) => f.code)).toContain('data_items_required');
    });
  });

  describe('review queue and mine', () => {
    it('the queue lists submitted versions for the authority only', async () => {
      const q = await p.catalog.reviewQueue(reviewer);
      expect(q.items.length).toBeGreaterThan(0);
      expect(q.items.every((i) => i.state === 'submitted')).toBe(true);
      expect((await rejects(p.catalog.reviewQueue(ga))).status).toBe(403);
      expect((await rejects(p.catalog.reviewQueue(userMz))).status).toBe(403);
      expect((await p.catalog.reviewQueue(admin)).total).toBe(q.total);
    });

    it('mine lists the caller unit\'s resources', async () => {
      const m = await p.catalog.listMine(ga);
      expect(m.items.every((i) => i.providerUnitId === reg.units.ga)).toBe(true);
      expect((await p.catalog.listMine(userMz)).total).toBe(0);
    });
  });

  describe('bulk submission (第十二条) is all-or-nothing', () => {
    it('one bad entry rejects the whole list with its index in the field path', async () => {
      const before = (await p.catalog.listMine(rs)).total;
      const e = await rejects(
        p.catalog.bulkSubmit(rs, reg.units.rs, [
          sampleInput(reg.department.id, { name: '就业登记信息' }),
          sampleInput(reg.department.id, { name: '失业登记信息', sharingType: 'none', legalBasis: '' }),
        ]),
      );
      expect(e.status).toBe(400);
      expect(e.fieldErrors).toContainEqual(expect.objectContaining({ field: 'body.resources.1.legalBasis', code: 'legal_basis_required' }));
      expect((await p.catalog.listMine(rs)).total).toBe(before);
    });

    it('a valid list is created with each entry submitted', async () => {
      const list = await p.catalog.bulkSubmit(rs, reg.units.rs, [
        sampleInput(reg.department.id, { name: '就业登记信息' }),
        sampleInput(reg.department.id, { name: '职业资格证书信息' }),
      ]);
      expect(list.map((r) => r.state)).toEqual(['submitted', 'submitted']);
      expect(new Set(list.map((r) => r.code)).size).toBe(2);
      expect((await rejects(p.catalog.bulkSubmit(ga, reg.units.rs, [sampleInput(reg.department.id)]))).status).toBe(403);
    });
  });

  describe('concurrency', () => {
    it('codes stay unique when drafts are created at the same time', async () => {
      const list = await Promise.all(Array.from({ length: 8 }, (_, i) => p.catalog.createDraft(ga, reg.units.ga, sampleInput(reg.legalPerson.id, { name: `并发草稿${i}` }))));
      expect(new Set(list.map((r) => r.code)).size).toBe(8);
      expect(list.every((r) => r.code.startsWith('102/'))).toBe(true);
    });

    it('two reviewers approving the same version: one wins, the other gets a 409', async () => {
      const r = await p.catalog.createDraft(ga, reg.units.ga, sampleInput(reg.legalPerson.id, { name: '并发审核' }));
      await p.catalog.submit(ga, r.code);
      const results = await Promise.allSettled([p.catalog.approve(reviewer, r.code), p.catalog.approve(reviewer, r.code), p.catalog.returnToUnit(reviewer, r.code, '退回')]);
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      for (const x of results) if (x.status === 'rejected') expect((x.reason as AppError).status).toBe(409);
    });
  });

  describe('a trusted internal caller (seed, CLI) may run the workflow', () => {
    it('publishes programmatically', async () => {
      const sys = { actorType: 'system' as const, actorId: 'seed', actorName: 'seed', unitId: null, clientIp: null, requestId: null };
      const r = await p.catalog.createDraft(sys, reg.units.zr, sampleInput(reg.department.id, { name: '不动产登记信息', dataItems: [{ name: '不动产单元号', code: 'unit_no', dataType: 'C', length: 28, isKey: true }] }));
      await p.catalog.submit(sys, r.code);
      await p.catalog.approve(sys, r.code);
      expect((await p.catalog.confirm(sys, r.code)).state).toBe('published');
    });
  });
  describe('search index', () => {
    it('reindex rebuilds the index from the published versions', async () => {
      const before = (await p.catalog.search(userMz, { q: '不动产', facets: false })).total;
      const n = await p.catalog.reindex();
      expect(n).toBeGreaterThan(0);
      expect((await p.catalog.search(userMz, { q: '不动产', facets: false })).total).toBe(before);
    });
  });

});
