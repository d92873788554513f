import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { describeEachDialect } from '../../test/helpers/platform.js';
import { publish, sampleInput, seedRegistry, type Registry } from './test-fixtures.js';
import type { ResourceInput } from './model.js';

const enc = encodeURIComponent;

describeEachDialect('catalog API', (dialect) => {
  let t: TestApp;
  let reg: Registry;
  let tok: Record<'ga' | 'rs' | 'zr' | 'reviewer' | 'admin' | 'mz' | 'auditor', string>;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    reg = await seedRegistry(t.platform);
    tok = {
      ga: await t.login('steward_ga'),
      rs: await t.login('steward_rs'),
      zr: await t.login('steward_zr'),
      reviewer: await t.login('reviewer'),
      admin: await t.login('admin'),
      mz: await t.login('user_mz'),
      auditor: await t.login('auditor'),
    };
    const p = t.platform;
    const u = reg.units;
    codes.legal = await publish(
      p,
      u.scjg,
      sampleInput(reg.legalPerson.id, {
        name: '法人单位基础信息',
        abstract: '全市企业、机关、事业单位等法人单位的登记信息。',
        keywords: ['法人', '企业'],
        scenarios: ['行政审批'],
        targetDatabase: '法人单位基础信息库',
        sourceSystem: '市场主体登记系统',
        dataItems: [
          { name: '统一社会信用代码', code: 'uscc', dataType: 'C', length: 18, isKey: true, elementCode: 'DE0003' },
          { name: '单位名称', code: 'org_name', dataType: 'C', length: 200 },
          { name: '法定代表人姓名', code: 'legal_rep', dataType: 'C', length: 50, sensitivity: 'privacy' },
        ],
      }),
    );
    codes.population = await publish(p, u.ga, sampleInput(reg.population.id));
    codes.social = await publish(
      p,
      u.rs,
      sampleInput(reg.department.id, {
        name: '社保参保信息',
        abstract: '参保人员的险种、缴费基数与参保状态。',
        layer: 'specialized',
        sharingType: 'restricted',
        sharingConditions: '仅用于社会保障业务核验',
        sharingScope: { all: false, unitIds: [u.mz] },
        keywords: ['社保', '参保'],
        scenarios: ['社会保障'],
        targetDatabase: '',
        sourceSystem: '社保经办系统',
        dataItems: [
          { name: '公民身份号码', code: 'id_no', dataType: 'C', length: 18, isKey: true, sensitivity: 'privacy', elementCode: 'DE0001' },
          { name: '参保险种', code: 'insurance_type', dataType: 'C', length: 20, codeSet: [{ value: '110', label: '企业职工基本养老保险' }] },
          { name: '缴费基数', code: 'base_amount', dataType: 'Y', length: 12, precision: 2 },
        ],
      }),
    );
    codes.yazhou = await publish(
      p,
      u.zr,
      sampleInput(reg.department.id, {
        name: '崖州区农村宅基地审批信息',
        abstract: '崖州区各镇农村宅基地申请与审批结果。',
        layer: 'node',
        keywords: ['宅基地'],
        scenarios: [],
        targetDatabase: '',
        sourceSystem: '崖州区宅基地管理系统',
        dataItems: [{ name: '审批编号', code: 'approval_no', dataType: 'C', length: 30, isKey: true }],
      }),
    );
    codes.tourism = await publish(
      p,
      u.zr,
      sampleInput(reg.theme.id, {
        name: '三亚市国土空间规划图',
        abstract: '国土空间总体规划成果图件。',
        layer: 'platform',
        format: 'image',
        storageFormat: 'PDF',
        updateCycle: 'yearly',
        keywords: ['规划'],
        scenarios: ['市政管理'],
        sharingMethods: ['file_download'],
        dataItems: [],
      }),
    );
    codes.taxless = await publish(
      p,
      u.mz,
      sampleInput(reg.department.id, {
        name: '低保对象家庭收入核查明细',
        abstract: '核查过程中的家庭收入明细。',
        sharingType: 'none',
        legalBasis: '《社会救助暂行办法》第六十六条',
        layer: 'specialized',
        keywords: ['低保'],
        scenarios: [],
        dataItems: [{ name: '家庭编号', code: 'family_no', dataType: 'C', length: 20, isKey: true }],
      }),
    );
  });
  afterAll(async () => t?.close());

  const get = (who: keyof typeof tok, url: string) => t.as(tok[who], 'GET', url);
  const post = (who: keyof typeof tok, url: string, body?: unknown) => t.as(tok[who], 'POST', url, body ?? {});
  const put = (who: keyof typeof tok, url: string, body: unknown) => t.as(tok[who], 'PUT', url, body);

  describe('the compilation path over HTTP, ending in a two-character search', () => {
    it('draft → returned with a comment → fixed → resubmitted → approved → confirmed → found by 户籍', async () => {
      const input: ResourceInput = sampleInput(reg.population.id, {
        name: '户籍迁移登记信息',
        abstract: '户籍迁入、迁出登记。',
        keywords: ['迁移'],
        dataItems: [{ name: '迁移登记号', code: 'move_no', dataType: 'C', length: 30, isKey: true }],
      });
      const created = await post('ga', '/api/v1/catalog/resources', input);
      expect(created.statusCode).toBe(201);
      const code = created.json().code as string;
      expect(created.json()).toMatchObject({ state: 'draft', version: 1, providerUnitName: '三亚市公安局' });

      expect((await post('ga', `/api/v1/catalog/resources/${enc(code)}/actions/submit`, { comment: '请审核' })).json().state).toBe('submitted');
      const noComment = await post('reviewer', `/api/v1/catalog/resources/${enc(code)}/actions/return`, {});
      expect(noComment.statusCode).toBe(400);
      expect(noComment.json().code).toBe('comment_required');
      const returned = await post('reviewer', `/api/v1/catalog/resources/${enc(code)}/actions/return`, { comment: '摘要过于简单' });
      expect(returned.json()).toMatchObject({ state: 'returned', comment: '摘要过于简单' });

      const fixed = await put('ga', `/api/v1/catalog/resources/${enc(code)}/draft`, { ...input, abstract: '户籍迁入、迁出、市内迁移的登记信息，含迁移原因。' });
      expect(fixed.statusCode).toBe(200);
      expect((await post('ga', `/api/v1/catalog/resources/${enc(code)}/actions/submit`)).json().state).toBe('submitted');
      expect((await get('reviewer', '/api/v1/catalog/review-queue')).json().items.map((i: { code: string }) => i.code)).toContain(code);
      expect((await post('reviewer', `/api/v1/catalog/resources/${enc(code)}/actions/approve`, { comment: '同意' })).json().state).toBe('approved');
      // not findable before the unit confirms
      expect((await get('mz', `/api/v1/catalog/resources?q=${enc('户籍')}`)).json().items.map((i: { code: string }) => i.code)).not.toContain(code);
      expect((await post('ga', `/api/v1/catalog/resources/${enc(code)}/actions/confirm`)).json().state).toBe('published');

      const found = await get('mz', `/api/v1/catalog/resources?q=${enc('户籍')}`);
      expect(found.statusCode).toBe(200);
      expect(found.json().items.map((i: { code: string }) => i.code)).toContain(code);
      const tl = (await get('ga', `/api/v1/catalog/resources/${enc(code)}/timeline`)).json();
      expect(tl.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'return', 'submit', 'approve', 'confirm']);
      expect(tl[2].comment).toBe('摘要过于简单');
    });

    it('unknown actions are a 400, actions on unknown codes a 404', async () => {
      expect((await post('ga', `/api/v1/catalog/resources/${enc(codes.population!)}/actions/publish`)).statusCode).toBe(400);
      expect((await post('ga', `/api/v1/catalog/resources/${enc('101/999999')}/actions/submit`)).statusCode).toBe(404);
      expect((await get('mz', `/api/v1/catalog/resources/${enc('101/999999')}`)).statusCode).toBe(404);
    });
  });

  describe('permissions over HTTP (denied attempts are audited)', () => {
    it('a unit user cannot create drafts; a steward of another unit cannot act on a resource', async () => {
      const r = await post('mz', '/api/v1/catalog/resources', sampleInput(reg.population.id));
      expect(r.statusCode).toBe(403);
      expect((await post('rs', `/api/v1/catalog/resources/${enc(codes.population!)}/actions/start-change`)).statusCode).toBe(403);
      expect((await post('ga', `/api/v1/catalog/resources/${enc(codes.population!)}/actions/approve`)).statusCode).toBe(403);
      const denied = await t.platform.db.kysely.selectFrom('audit_event').select(['action', 'result']).where('result', '=', 'denied').where('target_id', '=', codes.population!).execute();
      expect(denied.map((d) => d.action)).toEqual(expect.arrayContaining(['catalog.resource.start-change', 'catalog.resource.approve']));
    });

    it('drafts are hidden from other units but visible to the authority and the admin', async () => {
      const d = await post('zr', '/api/v1/catalog/resources', sampleInput(reg.department.id, { name: '不动产登记簿信息' }));
      const code = d.json().code as string;
      expect((await get('mz', `/api/v1/catalog/resources/${enc(code)}`)).statusCode).toBe(404);
      expect((await get('mz', `/api/v1/catalog/resources/${enc(code)}?version=1`)).statusCode).toBe(403);
      expect((await get('mz', `/api/v1/catalog/resources/${enc(code)}/timeline`)).statusCode).toBe(404);
      expect((await get('reviewer', `/api/v1/catalog/resources/${enc(code)}`)).json().state).toBe('draft');
      expect((await get('admin', `/api/v1/catalog/resources/${enc(code)}`)).json().state).toBe('draft');
      expect((await get('zr', '/api/v1/catalog/mine?state=draft')).json().items.map((i: { code: string }) => i.code)).toContain(code);
    });

    it('the review queue is the authority\'s', async () => {
      expect((await get('ga', '/api/v1/catalog/review-queue')).statusCode).toBe(403);
      expect((await get('reviewer', '/api/v1/catalog/review-queue')).statusCode).toBe(200);
    });
  });

  describe('validation errors name the field', () => {
    it('business rules', async () => {
      const r = await post('ga', '/api/v1/catalog/resources', {
        ...sampleInput(reg.population.id),
        sharingType: 'none',
        legalBasis: '',
        dataItems: [
          { name: '号码', code: 'id_no', dataType: 'C', length: 18, isKey: true },
          { name: '金额', code: 'amount', dataType: 'N', length: 10, precision: 12 },
          { name: '备注', code: 'id_no', dataType: 'M' },
        ],
      });
      expect(r.statusCode).toBe(400);
      const errs = r.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
      expect(errs).toEqual(expect.arrayContaining(['body.legalBasis:legal_basis_required', 'body.dataItems.1.precision:precision_range', 'body.dataItems.2.code:duplicate_item_code']));
    });

    it('messages follow the request language', async () => {
      const r = await t.as(tok.ga, 'POST', '/api/v1/catalog/resources?lang=en', { ...sampleInput(reg.population.id), sharingType: 'restricted', sharingConditions: '' });
      const e = r.json().errors.find((x: { code: string }) => x.code === 'conditions_required');
      expect(e.message).toMatch(/restricted resource needs its sharing conditions/);
      const zh = await post('ga', '/api/v1/catalog/resources', { ...sampleInput(reg.population.id), sharingType: 'restricted', sharingConditions: '' });
      expect(zh.json().errors.find((x: { code: string }) => x.code === 'conditions_required').message).toContain('共享条件');
    });

    it('schema errors: unknown fields and bad enums', async () => {
      const r = await post('ga', '/api/v1/catalog/resources', { ...sampleInput(reg.population.id), colour: 'red', layer: 'cloud' });
      expect(r.statusCode).toBe(400);
      expect(JSON.stringify(r.json().errors)).toContain('colour');
    });
  });

  describe('search (R5): Chinese queries, facets, filters, highlighting', () => {
    const search = async (q: string, extra = '') => (await get('mz', `/api/v1/catalog/resources?q=${enc(q)}${extra}`)).json();
    const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name);

    it('two-character queries match: 人口, 法人', async () => {
      expect(names(await search('人口'))[0]).toBe('人口基础信息');
      const legal = await search('法人');
      expect(names(legal)[0]).toBe('法人单位基础信息');
      expect(names(legal)).not.toContain('社保参保信息');
    });

    it('place names match: 崖州, 三亚', async () => {
      expect(names(await search('崖州'))).toEqual(['崖州区农村宅基地审批信息']);
      const sanya = await search('三亚');
      // every provider is 三亚市…, but the resource named after the city ranks first
      expect(names(sanya)[0]).toBe('三亚市国土空间规划图');
      expect(sanya.total).toBeGreaterThan(3);
    });

    it('data item names, abstracts and single characters are searched', async () => {
      expect(names(await search('缴费基数'))).toEqual(['社保参保信息']);
      expect(names(await search('宅基地'))).toContain('崖州区农村宅基地审批信息');
      expect(names(await search('保'))).toContain('社保参保信息');
      expect((await search('不存在的词语')).total).toBe(0);
      expect((await search('"*: OR ()')).total).toBe(0);
    });

    it('hits are highlighted', async () => {
      const r = await search('人口');
      expect(r.items[0].highlight.name).toBe('<mark>人口</mark>基础信息');
    });

    it('facets count the matches, filters narrow them', async () => {
      const all = (await get('mz', '/api/v1/catalog/resources?limit=100')).json();
      expect(all.total).toBeGreaterThanOrEqual(6);
      const layer = Object.fromEntries(all.facets.layer.map((b: { value: string; count: number }) => [b.value, b.count]));
      expect(layer.node).toBe(1);
      expect(all.facets.layer.find((b: { value: string }) => b.value === 'node').label).toBe('节点库');
      expect(all.facets.provider.find((b: { label: string }) => b.label === '三亚市自然资源和规划局').count).toBe(2);
      const nodes = (await get('mz', '/api/v1/catalog/resources?layer=node')).json();
      expect(names(nodes)).toEqual(['崖州区农村宅基地审批信息']);
      const none = (await get('mz', '/api/v1/catalog/resources?sharingType=none')).json();
      expect(names(none)).toEqual(['低保对象家庭收入核查明细']);
      const byClass = (await get('mz', `/api/v1/catalog/resources?classification=${reg.basic.id}`)).json();
      expect(names(byClass).sort()).toEqual(expect.arrayContaining(['人口基础信息', '法人单位基础信息']));
      expect(byClass.items.every((i: { classificationCode: string }) => i.classificationCode.startsWith('1'))).toBe(true);
      const theme = (await get('mz', '/api/v1/catalog/resources?theme=theme')).json();
      expect(names(theme)).toEqual(['三亚市国土空间规划图']);
      const scen = (await get('mz', `/api/v1/catalog/resources?scenario=${enc('社会保障')}`)).json();
      expect(names(scen)).toEqual(['社保参保信息']);
      const en = (await t.as(tok.mz, 'GET', '/api/v1/catalog/resources?lang=en')).json();
      expect(en.facets.layer.find((b: { value: string }) => b.value === 'node').label).toBe('Node database');
    });

    it('sorts by name and pages', async () => {
      const page1 = (await get('mz', '/api/v1/catalog/resources?sort=name&order=asc&limit=2')).json();
      const page2 = (await get('mz', '/api/v1/catalog/resources?sort=name&order=asc&limit=2&offset=2')).json();
      expect(page1.items).toHaveLength(2);
      expect(page2.items[0].code).not.toBe(page1.items[0].code);
      expect(page1.total).toBe(page2.total);
    });
  });

  describe('anonymous read is a setting', () => {
    it('is off by default', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/resources' });
      expect(r.statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/catalog/resources/${enc(codes.population!)}` })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/catalog/export?format=json' })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/catalog/exchange-catalog' })).statusCode).toBe(401);
    });

    it('when on, anonymous visitors read published resources only', async () => {
      const anon = await createTestApp(dialect, { config: { anonymousCatalog: true }, seed: true });
      try {
        const r2 = await seedRegistry(anon.platform);
        const code = await publish(anon.platform, r2.units.ga, sampleInput(r2.population.id));
        const draft = await anon.platform.catalog.createDraft({ actorType: 'system', actorId: 's', actorName: 's', unitId: null, clientIp: null, requestId: null }, r2.units.ga, sampleInput(r2.population.id, { name: '草稿' }));
        const list = await anon.app.inject({ method: 'GET', url: `/api/v1/catalog/resources?q=${enc('人口')}` });
        expect(list.statusCode).toBe(200);
        expect(list.json().items.map((i: { code: string }) => i.code)).toEqual([code]);
        expect((await anon.app.inject({ method: 'GET', url: `/api/v1/catalog/resources/${enc(code)}` })).statusCode).toBe(200);
        expect((await anon.app.inject({ method: 'GET', url: `/api/v1/catalog/resources/${enc(draft.code)}` })).statusCode).toBe(404);
        expect((await anon.app.inject({ method: 'GET', url: `/api/v1/catalog/resources/${enc(draft.code)}?version=1` })).statusCode).toBe(401);
        expect((await anon.app.inject({ method: 'GET', url: '/api/v1/catalog/mine' })).statusCode).toBe(401);
        expect((await anon.app.inject({ method: 'GET', url: '/api/v1/catalog/duplicates' })).statusCode).toBe(401);
        expect((await anon.app.inject({ method: 'POST', url: '/api/v1/catalog/resources', payload: sampleInput(r2.population.id) })).statusCode).toBe(401);
      } finally {
        await anon.close();
      }
    });
  });

  describe('one data, one source (R6)', () => {
    it('the duplicates report lists items collecting another unit\'s authoritative element, with the authoritative resource', async () => {
      const r = await get('mz', '/api/v1/catalog/duplicates');
      expect(r.statusCode).toBe(200);
      const rows = r.json().items as { elementName: string; unitName: string; resourceCode: string; authoritativeUnitName: string; authoritativeResource: { code: string } | null }[];
      const social = rows.find((x) => x.resourceCode === codes.social);
      expect(social).toMatchObject({ elementName: '公民身份号码', unitName: '三亚市人力资源和社会保障局', authoritativeUnitName: '三亚市公安局' });
      expect(social!.authoritativeResource?.code).toBe(codes.population);
      // the authoritative unit's own collection is not a duplicate
      expect(rows.some((x) => x.resourceCode === codes.population)).toBe(false);
      expect((await get('mz', `/api/v1/catalog/duplicates?element=DE0003`)).json().total).toBe(0);
    });

    it('a resource detail flags its duplicate items', async () => {
      const d = (await get('rs', `/api/v1/catalog/resources/${enc(codes.social!)}`)).json();
      expect(d.duplicateItems).toEqual([expect.objectContaining({ itemCode: 'id_no', elementCode: 'DE0001', authoritativeResource: expect.objectContaining({ code: codes.population }) })]);
      expect((await get('ga', `/api/v1/catalog/resources/${enc(codes.population!)}`)).json().duplicateItems).toEqual([]);
    });
  });

  describe('exchange and collection catalogs (R5)', () => {
    it('the exchange catalog shows source → target and the consuming systems', async () => {
      const r = (await get('mz', '/api/v1/catalog/exchange-catalog?limit=100')).json();
      const pop = r.items.find((i: { code: string }) => i.code === codes.population);
      expect(pop).toMatchObject({ providerUnitName: '三亚市公安局', layer: 'base', sourceSystem: '人口管理系统', targetDatabase: '人口基础信息库' });
      expect(pop.consumers.map((c: { systemName: string }) => c.systemName).sort()).toEqual(['应急指挥系统', '流动人口管理系统'].sort());
      const social = r.items.find((i: { code: string }) => i.code === codes.social);
      expect(social.consumers.map((c: { systemName: string }) => c.systemName).sort()).toEqual(['社会救助信息系统', '社保经办系统'].sort());
      const base = (await get('mz', `/api/v1/catalog/exchange-catalog?layer=base&q=${enc('法人单位基础信息库')}`)).json();
      expect(base.items.map((i: { code: string }) => i.code)).toEqual([codes.legal]);
      const mzConsumes = (await get('mz', `/api/v1/catalog/exchange-catalog?consumer=${reg.units.mz}`)).json();
      expect(mzConsumes.items.map((i: { code: string }) => i.code)).toEqual([codes.social]);
    });

    it('the collection catalog answers "who collects Y" and "which unit holds X"', async () => {
      const who = (await get('mz', `/api/v1/catalog/collection-catalog?element=${enc('公民身份号码')}`)).json();
      expect(who.items.map((u: { unitName: string }) => u.unitName).sort()).toEqual(['三亚市人力资源和社会保障局', '三亚市公安局'].sort());
      const ga = who.items.find((u: { unitName: string }) => u.unitName === '三亚市公安局');
      expect(ga.elements[0]).toMatchObject({ elementCode: 'DE0001', authoritative: true });
      const holds = (await get('mz', `/api/v1/catalog/collection-catalog?q=${enc('信用代码')}`)).json();
      expect(holds.items.map((u: { unitName: string }) => u.unitName)).toEqual(['三亚市市场监督管理局']);
    });
  });

  describe('registries (authority)', () => {
    it('classifications: the authority adds and renames; others may not; codes are unique', async () => {
      const c = await post('reviewer', '/api/v1/catalog/classifications', { kind: 'basic', code: '103', name: '自然资源和空间地理信息', parentId: reg.basic.id });
      expect(c.statusCode).toBe(201);
      expect(c.json()).toMatchObject({ level: 2, code: '103' });
      expect((await post('reviewer', '/api/v1/catalog/classifications', { kind: 'basic', code: '103', name: 'x', parentId: reg.basic.id })).statusCode).toBe(409);
      expect((await post('reviewer', '/api/v1/catalog/classifications', { kind: 'basic', code: '201', name: 'x', parentId: reg.basic.id })).json().code).toBe('code_prefix');
      expect((await post('reviewer', '/api/v1/catalog/classifications', { kind: 'theme', code: '104', name: 'x', parentId: reg.basic.id })).json().code).toBe('kind_mismatch');
      expect((await post('ga', '/api/v1/catalog/classifications', { kind: 'basic', code: '105', name: 'x' })).statusCode).toBe(403);
      const patched = await t.as(tok.reviewer, 'PATCH', `/api/v1/catalog/classifications/${c.json().id}`, { name: '自然资源信息' });
      expect(patched.json().name).toBe('自然资源信息');
      // a classification that resource codes embed keeps its code
      expect((await t.as(tok.reviewer, 'PATCH', `/api/v1/catalog/classifications/${reg.population.id}`, { code: '109' })).statusCode).toBe(409);
      const list = (await get('mz', '/api/v1/catalog/classifications')).json();
      expect(list.items.map((i: { code: string }) => i.code)).toEqual([...list.items.map((i: { code: string }) => i.code)].sort());
    });

    it('classification tree has at most four levels', async () => {
      let parent = reg.legalPerson.id;
      let code = '102';
      for (const level of [3, 4]) {
        code += '1';
        const r = await post('reviewer', '/api/v1/catalog/classifications', { kind: 'basic', code, name: `L${level}`, parentId: parent });
        expect(r.json().level).toBe(level);
        parent = r.json().id;
      }
      expect((await post('reviewer', '/api/v1/catalog/classifications', { kind: 'basic', code: `${code}1`, name: 'L5', parentId: parent })).json().code).toBe('too_deep');
    });

    it('data elements: the authority registers them with their authoritative unit', async () => {
      const e = await post('reviewer', '/api/v1/catalog/data-elements', { code: 'DE0100', name: '不动产单元号', dataType: 'C', length: 28, authoritativeUnitId: reg.units.zr });
      expect(e.statusCode).toBe(201);
      expect(e.json().authoritativeUnitName).toBe('三亚市自然资源和规划局');
      expect((await post('reviewer', '/api/v1/catalog/data-elements', { code: 'DE0101', name: '不动产单元号', dataType: 'C', authoritativeUnitId: reg.units.zr })).statusCode).toBe(409);
      expect((await post('reviewer', '/api/v1/catalog/data-elements', { code: 'DE0100', name: '其他', dataType: 'C', authoritativeUnitId: reg.units.zr })).statusCode).toBe(409);
      expect((await post('zr', '/api/v1/catalog/data-elements', { code: 'DE0102', name: '宗地代码', dataType: 'C', authoritativeUnitId: reg.units.zr })).statusCode).toBe(403);
      const patched = await t.as(tok.reviewer, 'PATCH', '/api/v1/catalog/data-elements/DE0100', { definition: '不动产单元的唯一编码' });
      expect(patched.json().definition).toBe('不动产单元的唯一编码');
      expect((await get('mz', `/api/v1/catalog/data-elements?q=${enc('不动产')}`)).json().items.map((i: { code: string }) => i.code)).toEqual(['DE0100']);
    });
  });

  describe('bulk and proposals over HTTP', () => {
    it('bulk is all or nothing', async () => {
      const bad = await post('zr', '/api/v1/catalog/bulk', { resources: [sampleInput(reg.department.id, { name: 'A' }), sampleInput(reg.department.id, { name: '' })] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('body.resources.1.name');
      const ok = await post('zr', '/api/v1/catalog/bulk', { resources: [sampleInput(reg.department.id, { name: '地籍调查信息' })], comment: '第十二条清单' });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().items[0].state).toBe('submitted');
    });

    it('the authority proposes an entry', async () => {
      const r = await post('reviewer', '/api/v1/catalog/proposals', { unitId: reg.units.zr, name: '林地资源信息', comment: '根据需求提议' });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ state: 'proposed', providerUnitId: reg.units.zr });
      expect((await post('zr', '/api/v1/catalog/proposals', { unitId: reg.units.zr, name: 'x', comment: 'x' })).statusCode).toBe(403);
    });
  });

  describe('export and import', () => {
    it('exports the published catalog as DCAT JSON-LD', async () => {
      const r = await get('mz', '/api/v1/catalog/export?format=dcat');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-disposition']).toContain('.jsonld');
      const doc = JSON.parse(r.body);
      expect(JSON.stringify(doc)).toContain('人口基础信息');
    });

    it('exports JSON filtered like search', async () => {
      const r = await get('mz', '/api/v1/catalog/export?format=json&layer=node');
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('崖州区农村宅基地审批信息');
      expect(r.body).not.toContain('人口基础信息');
    });

    it('import refuses a file with any problem and imports nothing', async () => {
      const before = (await get('mz', '/api/v1/catalog/resources?limit=1')).json().total;
      const body = {
        resources: [
          { ...sampleInput(reg.department.id, { name: '导入资源一' }), providerUnitId: reg.units.zr },
          { ...sampleInput(reg.department.id, { name: '导入资源二', sharingType: 'none', legalBasis: '' }), providerUnitId: reg.units.zr },
        ],
      };
      const r = await post('reviewer', '/api/v1/catalog/import', body);
      expect(r.statusCode).toBe(400);
      expect(r.json().errors.length).toBeGreaterThan(0);
      expect(r.json().errors[0]).toHaveProperty('row');
      expect((await get('mz', '/api/v1/catalog/resources?limit=1')).json().total).toBe(before);
    });

    it('import by the authority publishes; a dry run writes nothing', async () => {
      const body = { resources: [{ ...sampleInput(reg.department.id, { name: '导入资源三' }), providerUnitId: reg.units.zr }] };
      const dry = await post('reviewer', '/api/v1/catalog/import?dryRun=true', body);
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({ created: 1, updated: 0, dryRun: true });
      expect((await get('mz', `/api/v1/catalog/resources?q=${enc('导入资源三')}`)).json().total).toBe(0);
      const real = await post('reviewer', '/api/v1/catalog/import', body);
      expect(real.statusCode).toBe(200);
      expect(real.json().created).toBe(1);
      expect((await get('mz', `/api/v1/catalog/resources?q=${enc('导入资源三')}`)).json().total).toBe(1);
      expect((await post('mz', '/api/v1/catalog/import', body)).statusCode).toBe(403);
    });

    it("a steward's import is their own unit's list, each submitted for review", async () => {
      const own = await post('zr', '/api/v1/catalog/import', { resources: [sampleInput(reg.department.id, { name: '导入资源四' })] });
      expect(own.statusCode).toBe(200);
      const code = own.json().codes[0] as string;
      expect((await get('zr', `/api/v1/catalog/resources/${enc(code)}`)).json()).toMatchObject({ state: 'submitted', providerUnitId: reg.units.zr });
      const other = await post('zr', '/api/v1/catalog/import', { resources: [{ ...sampleInput(reg.department.id, { name: '导入资源五' }), providerUnitId: reg.units.ga }] });
      expect(other.statusCode).toBe(403);
    });
  });

  it('every catalog route is in the OpenAPI document with response schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/catalog/'));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/catalog/resources',
        '/api/v1/catalog/resources/{code}',
        '/api/v1/catalog/resources/{code}/draft',
        '/api/v1/catalog/resources/{code}/actions/{action}',
        '/api/v1/catalog/resources/{code}/timeline',
        '/api/v1/catalog/resources/{code}/diff',
        '/api/v1/catalog/mine',
        '/api/v1/catalog/review-queue',
        '/api/v1/catalog/proposals',
        '/api/v1/catalog/bulk',
        '/api/v1/catalog/classifications',
        '/api/v1/catalog/classifications/{id}',
        '/api/v1/catalog/data-elements',
        '/api/v1/catalog/data-elements/{code}',
        '/api/v1/catalog/duplicates',
        '/api/v1/catalog/exchange-catalog',
        '/api/v1/catalog/collection-catalog',
        '/api/v1/catalog/export',
        '/api/v1/catalog/import',
      ]),
    );
    for (const p of paths) {
      for (const [method, op] of Object.entries(doc.paths[p] as Record<string, { responses: Record<string, unknown>; tags: string[] }>)) {
        expect(op.tags, `${method} ${p}`).toContain('catalog');
        expect(Object.keys(op.responses).some((s) => s.startsWith('2')), `${method} ${p}`).toBe(true);
      }
    }
  });
});
