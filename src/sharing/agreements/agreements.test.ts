import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachDialect } from '../../../test/helpers/platform.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { FixedClock } from '../../core/clock.js';
import type { AuditActor } from '../../audit/types.js';
import type { Resource } from '../../catalog/model.js';
import type { Grant } from '../model.js';
import type { SharingActor } from '../workflow/types.js';
import { agreementMessages } from './messages.js';
import { GRANT_REASONS, defaultObligations } from './model.js';
import { checkDocument } from './document.js';

const SYSTEM: AuditActor = { actorType: 'system', actorId: null, actorName: 'test', unitId: null, clientIp: null, requestId: null };
const enc = encodeURIComponent;

/** Minimal files of each accepted kind (the content check reads only the first bytes). */
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]);
const OFD = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....OFD.xml'), Buffer.alloc(32, 3)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('agreement messages and document check', () => {
  it('has both languages with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(agreementMessages)) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
  });

  it('accepts PDF, OFD, JPEG and PNG by their bytes and refuses the rest', () => {
    expect(checkDocument(PDF, true, '协议.pdf')).toEqual({ kind: 'pdf', contentType: 'application/pdf' });
    expect(checkDocument(PNG, true, 'scan.png').kind).toBe('png');
    expect(checkDocument(JPEG, true, 'scan.jpg').kind).toBe('jpeg');
    expect(checkDocument(OFD, true, '协议.ofd')).toEqual({ kind: 'ofd', contentType: 'application/ofd' });
    expect(checkDocument(PDF, true, 'no-extension').kind).toBe('pdf');
    const refused = (b: Buffer, name: string) => {
      try {
        checkDocument(b, true, name);
      } catch (e) {
        return (e as { status: number; code: string }).status + ' ' + (e as { code: string }).code;
      }
      return 'accepted';
    };
    expect(refused(Buffer.from('这不是PDF，只是文字'), '协议.pdf')).toBe('415 file_type_not_allowed');
    expect(refused(Buffer.from('MZ\x90\x00'), '协议.pdf')).toBe('415 file_type_not_allowed');
    expect(refused(OFD, '协议.zip')).toBe('415 file_type_not_allowed'); // a ZIP is an OFD only by its name
    expect(refused(PNG, '协议.pdf')).toBe('415 content_type_mismatch');
    expect(refused(Buffer.alloc(0), '协议.pdf')).toBe('400 file_empty');
  });

  it('the default obligations list the R16/R17 duties', () => {
    const text = defaultObligations({ providerName: '甲', consumerName: '乙', resourceName: '资源', resourceCode: 'A01/000001' });
    for (const duty of ['履行职责', '第三方', '商业', '安全保密措施', '安全事件报告', '备案']) expect(text).toContain(duty);
  });
});

describeEachDialect('confidentiality agreements and filing (R17)', (dialect) => {
  let t: TestApp;
  // Friday 2026-11-06, 10:00 China Standard Time; Monday 2026-11-09 is made a holiday.
  const clock = new FixedClock('2026-11-06T02:00:00.000Z');
  const MAX = 64 * 1024;
  let tok: Record<string, string>;
  let moving: Resource; // 流动人口居住登记信息: restricted, 公安局, privacy items
  let unitMz: string;
  let unitGa: string;

  const api = (who: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => t.as(tok[who]!, method, `/api/v1${url}`, payload, headers);
  const read = (who = 'user_mz') => api(who, 'GET', `/data/${enc(moving.code)}/records?limit=5`, undefined, { 'x-purpose': enc('流动人口服务') });
  const upload = (who: string, id: string, body: Buffer, name: string, extra = '') =>
    api(who, 'POST', `/sharing/agreements/${id}/document?name=${enc(name)}${extra}`, body, { 'content-type': 'application/octet-stream' });
  const post = (who: string, id: string, action: string, body: unknown = {}) => api(who, 'POST', `/sharing/agreements/${id}/${action}`, body);
  const get = async (who: string, id: string) => {
    const r = await api(who, 'GET', `/sharing/agreements/${id}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const byUser = async (username: string): Promise<SharingActor> => {
    const u = (await t.platform.org.getUserByUsername(username))!;
    return { actorType: 'user', actorId: u.id, actorName: username, unitId: u.unitId, clientIp: null, requestId: null, kind: 'user', roles: u.roles, systemId: null };
  };

  async function pendingGrant(over: Partial<Parameters<TestApp['platform']['sharing']['createGrant']>[1]> = {}): Promise<Grant> {
    return t.platform.sharing.createGrant(SYSTEM, {
      resourceCode: moving.code,
      consumerUnitId: unitMz,
      fields: moving.dataItems.slice(0, 3).map((i) => i.code),
      purpose: '流动人口服务管理',
      state: 'pending_agreement',
      ...over,
    });
  }

  /** A grant with its agreement carried up to `until` (draft, signed, confirmed, filing, filed), with `terms` changed in draft. */
  async function agreementAt(until: 'draft' | 'signed' | 'confirmed' | 'filing' | 'filed', terms: Record<string, string> = {}): Promise<{ grant: Grant; id: string }> {
    const grant = await pendingGrant();
    const { id } = await t.platform.agreements.startForGrant(await byUser('steward_ga'), grant, { applicationId: null });
    if (Object.keys(terms).length) expect((await api('steward_ga', 'PUT', `/sharing/agreements/${id}`, terms)).statusCode).toBe(200);
    if (until === 'draft') return { grant, id };
    expect((await upload('user_mz', id, PDF, '保密协议.pdf')).statusCode).toBe(200);
    if (until === 'signed') return { grant, id };
    expect((await post('steward_ga', id, 'confirm')).statusCode).toBe(200);
    expect((await post('user_mz', id, 'confirm')).statusCode).toBe(200);
    if (until === 'confirmed') return { grant, id };
    expect((await post('user_mz', id, 'submit-filing')).statusCode).toBe(200);
    if (until === 'filing') return { grant, id };
    expect((await post('secrecy', id, 'acknowledge')).statusCode).toBe(200);
    expect((await post('reviewer', id, 'acknowledge')).statusCode).toBe(200);
    return { grant, id };
  }

  /** Revokes the consumer's other grants on the resource, so a read shows this grant's gate alone. */
  async function only(grantId: string): Promise<void> {
    for (const g of await t.platform.sharing.listGrants({ resourceCode: moving.code, consumerUnitId: unitMz })) {
      if (g.id !== grantId && (g.state === 'active' || g.state === 'suspended' || g.state === 'pending_agreement')) await t.platform.sharing.setGrantState(SYSTEM, g.id, 'revoked', '测试隔离');
    }
  }

  const blobDir = () => join(t.tdb.dataDir, 'sharing', 'agreements', 'blobs');
  const blobCount = (): number => {
    const walk = (d: string): number => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? walk(join(d, e.name)) : 1), 0) : 0);
    return walk(blobDir());
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { catalog: true, clock, config: { sessionTtlMinutes: 43_200, fileMaxBytes: MAX } });
    await t.platform.calendar.setYear(SYSTEM, 2026, [{ day: '2026-11-09', kind: 'holiday', name: '测试假日' }]);
    tok = {};
    for (const u of ['admin', 'reviewer', 'secrecy', 'supervisor', 'steward_ga', 'steward_rs', 'steward_zr', 'user_mz', 'user_jy', 'auditor']) tok[u] = await t.login(u);
    const hits = await t.platform.catalog.search(SYSTEM, { q: '流动人口居住登记信息', facets: false });
    const code = hits.items.find((r) => r.name === '流动人口居住登记信息')!.code;
    moving = (await t.platform.catalog.published(code))!;
    unitMz = (await t.platform.org.getUserByUsername('user_mz'))!.unitId!;
    unitGa = moving.providerUnitId;
    expect((await t.platform.org.getUserByUsername('steward_ga'))!.unitId).toBe(unitGa);
  }, 180_000);
  afterAll(async () => t?.close());

  it('needsAgreement: a classified resource, or any served item that is sensitive', () => {
    const a = t.platform.agreements;
    const sensitive = moving.dataItems.filter((i) => i.sensitivity !== 'none').map((i) => i.code);
    const plain = moving.dataItems.filter((i) => i.sensitivity === 'none').map((i) => i.code);
    expect(sensitive.length).toBeGreaterThan(0);
    expect(plain.length).toBeGreaterThan(0);
    expect(a.needsAgreement(moving, null)).toBe(true);
    expect(a.needsAgreement(moving, sensitive.slice(0, 1))).toBe(true);
    expect(a.needsAgreement(moving, [...plain, sensitive[0]!])).toBe(true);
    expect(a.needsAgreement(moving, plain)).toBe(false);
    expect(a.needsAgreement(moving, [])).toBe(false);
    for (const s of ['business_secret', 'state_secret'] as const) {
      const r = { ...moving, dataItems: moving.dataItems.map((i) => ({ ...i, sensitivity: i.code === plain[0] ? s : 'none' })) } as Resource;
      expect(a.needsAgreement(r, [plain[0]!])).toBe(true);
    }
    const none = { ...moving, dataItems: moving.dataItems.map((i) => ({ ...i, sensitivity: 'none' as const })) };
    expect(a.needsAgreement(none, null)).toBe(false);
    // 内部 (the catalog's default) is not one of R17's categories; 涉密 is.
    expect(a.needsAgreement({ ...none, secrecyLevel: 'internal' }, null)).toBe(false);
    expect(a.needsAgreement({ ...none, secrecyLevel: 'public' }, null)).toBe(false);
    expect(a.needsAgreement({ ...none, secrecyLevel: 'secret_classified' }, null)).toBe(true);
  });

  it('no filing, no data: the grant becomes active and the consumer reads only after both offices acknowledge', async () => {
    const grant = await pendingGrant();
    expect((await read()).statusCode).toBe(403);
    const started = await t.platform.agreements.startForGrant(await byUser('steward_ga'), grant, { applicationId: null });
    // Idempotent: the grant's agreement in progress is returned.
    expect((await t.platform.agreements.startForGrant(await byUser('steward_ga'), grant, { applicationId: null })).id).toBe(started.id);
    const id = started.id;

    // Both parties see it; the draft carries the grant's terms and the default obligations.
    const mine = await api('user_mz', 'GET', '/sharing/agreements?box=mine');
    expect(mine.json().items.map((a: { id: string }) => a.id)).toContain(id);
    let a = await get('steward_ga', id);
    expect(a).toMatchObject({ state: 'draft', grantId: grant.id, resourceCode: moving.code, providerUnitId: unitGa, consumerUnitId: unitMz, purpose: '流动人口服务管理' });
    expect(a.obligations).toContain('不得');
    expect(a.scope).toContain(moving.dataItems[0]!.code);
    expect(a.can).toMatchObject({ edit: true, upload: true, confirm: [], submit: false, acknowledge: [], terminate: true });
    expect(a.providerUnitName).toBe('三亚市公安局');

    // Terms: validated per field; a party edits.
    const bad = await api('steward_ga', 'PUT', `/sharing/agreements/${id}`, { validFrom: '2026-12-01', validUntil: '2026-11-30', purpose: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.purpose', 'body.validUntil']);
    const bad2 = await api('steward_ga', 'PUT', `/sharing/agreements/${id}`, { validUntil: '2026-02-30' });
    expect(bad2.json().errors[0]).toMatchObject({ field: 'body.validUntil', code: 'invalid_date' });
    const edited = await api('steward_ga', 'PUT', `/sharing/agreements/${id}`, { purpose: '流动人口服务管理和社区治理', validUntil: '2027-11-05' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ purpose: '流动人口服务管理和社区治理', validUntil: '2027-11-05T16:00:00.000Z', state: 'draft' });
    expect((await api('secrecy', 'PUT', `/sharing/agreements/${id}`, { purpose: 'x' })).statusCode).toBe(403);

    // Confirming or submitting before the document is uploaded: 409.
    expect((await post('steward_ga', id, 'confirm')).statusCode).toBe(409);
    expect((await post('user_mz', id, 'submit-filing')).json().code).toBe('bad_agreement_state');

    // The consumer uploads the signed document: stored with its hash.
    const up = await upload('user_mz', id, PDF, '共享安全保密协议（签署版）.pdf', '&signedAt=2026-11-05');
    expect(up.statusCode, up.body).toBe(200);
    a = up.json();
    expect(a.state).toBe('signed');
    expect(a.document).toMatchObject({ sha256: sha(PDF), bytes: PDF.length, name: '共享安全保密协议（签署版）.pdf', contentType: 'application/pdf', uploadedBy: 'user_mz' });
    expect(a.signedAt).toBe('2026-11-04T16:00:00.000Z');

    // Who confirms: each party for its own side only.
    expect((await post('secrecy', id, 'confirm', { side: 'provider' })).statusCode).toBe(403);
    expect((await post('user_mz', id, 'confirm', { side: 'provider' })).statusCode).toBe(403);
    expect((await post('steward_zr', id, 'confirm')).statusCode).toBe(403);
    expect((await post('user_mz', id, 'submit-filing')).json().code).toBe('not_confirmed');
    expect((await post('steward_ga', id, 'confirm', { comment: '已盖章' })).json().providerConfirmedBy).toBe('steward_ga');
    expect((await post('steward_ga', id, 'confirm')).json().code).toBe('already_confirmed');
    a = (await post('user_mz', id, 'confirm')).json();
    expect(a.consumerConfirmedBy).toBe('user_mz');
    expect(a.can.submit).toBe(true);

    // Submitted for filing: one task per office, due in 5 working days across the weekend and the holiday.
    expect((await post('secrecy', id, 'submit-filing')).statusCode).toBe(403);
    a = (await post('user_mz', id, 'submit-filing')).json();
    expect(a.state).toBe('filing');
    expect(a.filings.map((f: { office: string; state: string }) => [f.office, f.state]).sort()).toEqual([
      ['authority', 'pending'],
      ['secrecy_bureau', 'pending'],
    ]);
    const tasks = await api('reviewer', 'GET', `/sharing/tasks/agreement/${id}`);
    expect(tasks.statusCode, tasks.body).toBe(200);
    const open = tasks.json().items as { step: string; assignee: { role: string; unitId: string | null }; dueAt: string; title: string; titleEn: string | null }[];
    // The platform writes the prefix, so it has an English title; the resource name stays as given.
    for (const x of open) expect([x.title.startsWith('保密协议：'), x.titleEn?.startsWith('Confidentiality agreement: ')]).toEqual([true, true]);
    expect(open.map((x) => [x.step, x.assignee.role]).sort()).toEqual([
      ['file_authority', 'authority_reviewer'],
      ['file_secrecy', 'secrecy_officer'],
    ]);
    // Fri 6 Nov + 5 working days: Tue 10, Wed 11, Thu 12, Fri 13, Mon 16 (Sat, Sun and the Monday holiday skipped).
    for (const x of open) expect(x.dueAt).toBe('2026-11-16T15:59:59.999Z');
    const box = await api('secrecy', 'GET', '/sharing/agreements?box=to_file');
    expect(box.json().items.map((x: { id: string }) => x.id)).toContain(id);
    const inbox = await api('secrecy', 'GET', '/sharing/inbox');
    expect(inbox.json().items.some((x: { itemId: string; step: string }) => x.itemId === id && x.step === 'file_secrecy')).toBe(true);

    // Who acknowledges: each office for itself; a unit steward never.
    expect((await post('steward_ga', id, 'acknowledge')).statusCode).toBe(403);
    expect((await post('user_mz', id, 'acknowledge')).statusCode).toBe(403);
    expect((await post('supervisor', id, 'acknowledge')).statusCode).toBe(403);
    expect((await post('secrecy', id, 'acknowledge', { office: 'authority' })).statusCode).toBe(403);
    a = (await post('secrecy', id, 'acknowledge', { reference: '三保备〔2026〕18号' })).json();
    expect(a.state).toBe('filing');
    expect(a.filings.find((f: { office: string }) => f.office === 'secrecy_bureau')).toMatchObject({ state: 'acknowledged', decidedBy: 'secrecy', reference: '三保备〔2026〕18号' });
    expect((await post('secrecy', id, 'acknowledge')).json().code).toBe('office_done');
    // One acknowledgement is not a filing.
    expect((await t.platform.sharing.getGrant(grant.id)).state).toBe('pending_agreement');
    expect(await t.platform.agreements.isFiled(grant.id)).toBe(false);
    expect((await read()).statusCode).toBe(403);
    expect((await api('secrecy', 'GET', '/sharing/agreements?box=to_file')).json().items.map((x: { id: string }) => x.id)).not.toContain(id);

    a = (await post('reviewer', id, 'acknowledge', { comment: '同意备案' })).json();
    expect(a.state).toBe('filed');
    expect(a.filedAt).toBe(clock.now().toISOString());
    expect(a.can).toMatchObject({ edit: false, upload: false, confirm: [], submit: false, acknowledge: [], terminate: true });
    expect(await t.platform.agreements.isFiled(grant.id)).toBe(true);
    const g = await t.platform.sharing.getGrant(grant.id);
    expect(g).toMatchObject({ state: 'active', stateReason: GRANT_REASONS.filed });
    const r = await read();
    expect(r.statusCode, r.body).toBe(200);

    // Audited: the grant's change carries the acknowledging officer's identity.
    const reviewerId = (await t.platform.org.getUserByUsername('reviewer'))!.id;
    const ev = (await t.platform.audit.query({ action: 'sharing.grant.state', limit: 50 } as never)).items.find((e) => e.targetId === grant.id);
    expect(ev).toMatchObject({ actorType: 'system', actorId: reviewerId, actorName: 'reviewer' });
    expect(ev!.detail).toMatchObject({ from: 'pending_agreement', to: 'active' });
    const actions = (await t.platform.audit.query({ targetId: id, limit: 50 } as never)).items.map((e) => e.action);
    for (const x of ['sharing.agreement.create', 'sharing.agreement.update', 'sharing.agreement.document', 'sharing.agreement.confirm', 'sharing.agreement.submit', 'sharing.agreement.acknowledge']) {
      expect(actions).toContain(x);
    }
    // Refusals are audited too.
    const denied = (await t.platform.audit.query({ targetId: id, limit: 100 } as never)).items.filter((e) => e.result === 'denied').map((e) => e.action);
    expect(denied).toContain('sharing.agreement.acknowledge');

    // The timeline, for both parties and both offices; nobody else.
    const tl = await api('user_mz', 'GET', `/sharing/timeline/agreement/${id}`);
    expect(tl.statusCode, tl.body).toBe(200);
    expect(tl.json().items.map((e: { toState: string }) => e.toState)).toEqual(['draft', 'draft', 'signed', 'signed', 'signed', 'filing', 'filing', 'filed']);
    expect((await api('steward_zr', 'GET', `/sharing/timeline/agreement/${id}`)).statusCode).toBe(403);
    for (const who of ['steward_zr', 'user_jy', 'auditor']) expect((await api(who, 'GET', `/sharing/agreements/${id}`)).statusCode, who).toBe(403);
    for (const who of ['supervisor', 'admin', 'secrecy', 'reviewer']) expect((await api(who, 'GET', `/sharing/agreements/${id}`)).statusCode, who).toBe(200);

    // The signed document: downloaded byte for byte, and the download is audited.
    const dl = await api('secrecy', 'GET', `/sharing/agreements/${id}/document`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers.etag).toBe(`"${sha(PDF)}"`);
    expect(Buffer.from(dl.rawPayload).equals(PDF)).toBe(true);
    const dlev = (await t.platform.audit.query({ action: 'sharing.agreement.document.download', limit: 10 } as never)).items.find((e) => e.targetId === id);
    expect(dlev).toMatchObject({ actorName: 'secrecy', grantId: grant.id });
    expect((await api('steward_zr', 'GET', `/sharing/agreements/${id}/document`)).statusCode).toBe(403);

    // Nothing more to do once filed, but terminate.
    expect((await upload('user_mz', id, PDF, 'again.pdf')).json().code).toBe('bad_agreement_state');
    expect((await api('user_mz', 'PUT', `/sharing/agreements/${id}`, { purpose: '换个用途' })).json().code).toBe('bad_agreement_state');
  });

  it('an office returns the filing: the other office\'s part is cancelled, the parties correct, confirm again and resubmit', async () => {
    const { grant, id } = await agreementAt('filing');
    expect((await post('reviewer', id, 'return', { reason: '  ' })).statusCode).toBe(400);
    expect((await post('steward_ga', id, 'return', { reason: '不行' })).statusCode).toBe(403);
    let a = (await post('reviewer', id, 'return', { reason: '协议未载明数据销毁方式，请补充后重新签署' })).json();
    expect(a).toMatchObject({ state: 'returned', returnReason: '协议未载明数据销毁方式，请补充后重新签署', providerConfirmedAt: null, consumerConfirmedAt: null });
    expect(a.filings.map((f: { office: string; state: string }) => [f.office, f.state]).sort()).toEqual([
      ['authority', 'returned'],
      ['secrecy_bureau', 'cancelled'],
    ]);
    expect((await post('secrecy', id, 'acknowledge')).json().code).toBe('bad_agreement_state');
    const tasks = (await api('user_mz', 'GET', `/sharing/tasks/agreement/${id}`)).json().items.map((x: { step: string }) => x.step);
    expect(tasks.sort()).toEqual(['confirm_consumer', 'confirm_consumer', 'confirm_provider']);
    // Not resubmitted without fresh confirmations.
    expect((await post('user_mz', id, 'submit-filing')).json().code).toBe('not_confirmed');
    // Correcting the terms takes it back to draft: a new signed document is needed.
    a = (await api('steward_ga', 'PUT', `/sharing/agreements/${id}`, { obligations: `${a.obligations}\n九、使用完毕的数据于30日内销毁。` })).json();
    expect(a.state).toBe('draft');
    expect((await post('steward_ga', id, 'confirm')).json().code).toBe('bad_agreement_state');
    a = (await upload('steward_ga', id, JPEG, '签署扫描件.jpg')).json();
    expect(a).toMatchObject({ state: 'signed', document: { contentType: 'image/jpeg', sha256: sha(JPEG) } });
    await post('steward_ga', id, 'confirm');
    await post('user_mz', id, 'confirm');
    a = (await post('steward_ga', id, 'submit-filing')).json();
    expect(a).toMatchObject({ state: 'filing', round: 2, returnReason: null });
    expect(a.filings.every((f: { state: string; round: number }) => f.state === 'pending' && f.round === 2)).toBe(true);
    await post('reviewer', id, 'acknowledge');
    a = (await post('secrecy', id, 'acknowledge')).json();
    expect(a.state).toBe('filed');
    expect((await t.platform.sharing.getGrant(grant.id)).state).toBe('active');
  });

  it('the signed document: only PDF, OFD, JPEG or PNG by its bytes, within the size limit; a refusal stores nothing', async () => {
    const { id } = await agreementAt('draft');
    const before = blobCount();
    const cases: [Buffer, string, number, string][] = [
      [Buffer.from('协议文本，但只是文字'), 'agreement.pdf', 415, 'file_type_not_allowed'],
      [Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]), 'agreement.pdf', 415, 'file_type_not_allowed'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'agreement.pdf', 415, 'file_type_not_allowed'],
      [PNG, 'agreement.pdf', 415, 'content_type_mismatch'],
      [Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX + 10, 0x20)]), 'big.pdf', 413, 'file_too_large'],
    ];
    for (const [body, name, status, code] of cases) {
      const r = await upload('user_mz', id, body, name);
      expect(r.statusCode, name + r.body).toBe(status);
      expect(r.json().code).toBe(code);
    }
    // Streamed past the limit (a multipart part has no length of its own): counted while written, refused, removed.
    const big = Buffer.concat([
      Buffer.from('--gs-big\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'),
      Buffer.from('%PDF-1.7\n'),
      Buffer.alloc(MAX + 4096, 0x20),
      Buffer.from('\r\n--gs-big--\r\n'),
    ]);
    const streamed = await api('user_mz', 'POST', `/sharing/agreements/${id}/document`, big, { 'content-type': 'multipart/form-data; boundary=gs-big' });
    expect(streamed.statusCode, streamed.body).toBe(413);
    const noName = await api('user_mz', 'POST', `/sharing/agreements/${id}/document`, PDF, { 'content-type': 'application/pdf' });
    expect(noName.statusCode).toBe(400);
    expect((await upload('user_mz', id, PDF, 'a.pdf', '&signedAt=2030-01-01')).statusCode).toBe(400);
    expect((await upload('steward_zr', id, PDF, 'a.pdf')).statusCode).toBe(403);
    expect((await upload('secrecy', id, PDF, 'a.pdf')).statusCode).toBe(403);
    expect(blobCount()).toBe(before);
    expect(existsSync(join(blobDir(), 'tmp')) ? readdirSync(join(blobDir(), 'tmp')) : []).toEqual([]);
    const a = await get('user_mz', id);
    expect(a.state).toBe('draft');
    expect(a.document).toBeNull();

    // Multipart (the portal's upload) and OFD work.
    const boundary = 'gs-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="协议.ofd"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      OFD,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const mp = await api('user_mz', 'POST', `/sharing/agreements/${id}/document`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(mp.statusCode, mp.body).toBe(200);
    expect(mp.json()).toMatchObject({ state: 'signed', document: { name: '协议.ofd', contentType: 'application/ofd', sha256: sha(OFD) } });
    expect(blobCount()).toBe(before + 1);
  });

  it('creating an agreement by hand: a party or the authority, for a grant waiting for one, one at a time', async () => {
    const grant = await pendingGrant();
    expect((await api('user_jy', 'POST', '/sharing/agreements', { grantId: grant.id })).statusCode).toBe(403);
    expect((await api('secrecy', 'POST', '/sharing/agreements', { grantId: grant.id })).statusCode).toBe(403);
    expect((await api('steward_ga', 'POST', '/sharing/agreements', { grantId: 'no-such-grant' })).json().errors[0].field).toBe('body.grantId');
    const created = await api('reviewer', 'POST', '/sharing/agreements', { grantId: grant.id });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ state: 'draft', grantId: grant.id, createdBy: 'reviewer' });
    const again = await api('user_mz', 'POST', '/sharing/agreements', { grantId: grant.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('agreement_exists');
    const active = await pendingGrant({ state: 'active' });
    expect((await api('steward_ga', 'POST', '/sharing/agreements', { grantId: active.id })).json().code).toBe('grant_not_pending');
    await expect(t.platform.agreements.startForGrant(await byUser('steward_ga'), active, { applicationId: null })).rejects.toMatchObject({ status: 409 });
  });

  it('lists: my unit\'s, the offices\' 待备案 box, and all for the offices, supervision and the administrator', async () => {
    const { id } = await agreementAt('filing');
    const ids = async (who: string, box: string) => {
      const r = await api(who, 'GET', `/sharing/agreements?box=${box}&limit=200`);
      return r.statusCode === 200 ? (r.json().items as { id: string }[]).map((x) => x.id) : r.statusCode;
    };
    expect(await ids('steward_ga', 'mine')).toContain(id);
    expect(await ids('user_mz', 'mine')).toContain(id);
    expect(await ids('steward_zr', 'mine')).not.toContain(id);
    expect(await ids('secrecy', 'to_file')).toContain(id);
    expect(await ids('reviewer', 'to_file')).toContain(id);
    expect(await ids('steward_ga', 'to_file')).toBe(403);
    for (const who of ['secrecy', 'reviewer', 'supervisor', 'admin']) expect(await ids(who, 'all')).toContain(id);
    for (const who of ['steward_ga', 'user_mz', 'auditor']) expect(await ids(who, 'all')).toBe(403);
    const filtered = await api('reviewer', 'GET', `/sharing/agreements?box=all&state=filing&resourceCode=${enc(moving.code)}`);
    expect((filtered.json().items as { state: string }[]).every((x) => x.state === 'filing')).toBe(true);
    expect((await api('reviewer', 'GET', '/sharing/agreements?box=bogus')).statusCode).toBe(400);
    const openapi = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of ['/api/v1/sharing/agreements', '/api/v1/sharing/agreements/{id}', '/api/v1/sharing/agreements/{id}/document', '/api/v1/sharing/agreements/{id}/acknowledge']) {
      expect(openapi.paths[p], p).toBeTruthy();
    }
  });

  it('termination by the provider or the authority suspends the grant; nobody else may terminate', async () => {
    const { grant, id } = await agreementAt('filed');
    await only(grant.id);
    expect((await t.platform.sharing.getGrant(grant.id)).state).toBe('active');
    expect((await read()).statusCode).toBe(200);
    for (const who of ['user_mz', 'secrecy', 'steward_zr', 'supervisor', 'admin']) expect((await post(who, id, 'terminate', { reason: '测试' })).statusCode, who).toBe(403);
    expect((await post('steward_ga', id, 'terminate', { reason: '' })).statusCode).toBe(400);
    const a = (await post('steward_ga', id, 'terminate', { reason: '使用方超范围使用，终止协议' })).json();
    expect(a).toMatchObject({ state: 'terminated', endReason: '使用方超范围使用，终止协议' });
    expect(await t.platform.sharing.getGrant(grant.id)).toMatchObject({ state: 'suspended', stateReason: GRANT_REASONS.terminated });
    expect((await read()).statusCode).toBe(403);
    expect((await post('reviewer', id, 'terminate', { reason: '再次' })).json().code).toBe('bad_agreement_state');
    // A draft can be withdrawn too (the grant simply keeps waiting).
    const d = await agreementAt('draft');
    expect((await post('reviewer', d.id, 'terminate', { reason: '申请已撤回' })).json().state).toBe('terminated');
    expect((await t.platform.sharing.getGrant(d.grant.id)).state).toBe('pending_agreement');
  });

  it('two offices acknowledging at the same moment file the agreement once; racing starts make one agreement', async () => {
    const { grant, id } = await agreementAt('filing');
    const [x, y] = await Promise.all([post('secrecy', id, 'acknowledge'), post('reviewer', id, 'acknowledge')]);
    expect([x.statusCode, y.statusCode]).toEqual([200, 200]);
    expect((await get('reviewer', id)).state).toBe('filed');
    expect((await t.platform.sharing.getGrant(grant.id)).state).toBe('active');
    const filed = (await t.platform.audit.query({ action: 'sharing.agreement.acknowledge', targetId: id, limit: 10 } as never)).items;
    expect(filed.map((e) => (e.detail as { filed: boolean }).filed).sort()).toEqual([false, true]);

    const g2 = await pendingGrant();
    const by = await byUser('user_mz');
    const starts = await Promise.all([1, 2, 3].map(() => t.platform.agreements.startForGrant(by, g2, { applicationId: null })));
    expect(new Set(starts.map((s) => s.id)).size).toBe(1);
    expect((await api('reviewer', 'GET', `/sharing/agreements?box=all&grantId=${g2.id}`)).json().total).toBe(1);
  });

  it('the sweep repairs a gate left open or shut by a process that died between the two writes', async () => {
    const { grant, id } = await agreementAt('filing');
    // Simulate: filed, but the grant never moved.
    await t.platform.db.kysely.updateTable('sharing_agreement').set({ state: 'filed', filed_at: clock.now().toISOString() }).where('id', '=', id).execute();
    const r1 = await t.platform.workflow.sweep();
    expect(r1.hooks['agreement-expiry']).toBeGreaterThanOrEqual(1);
    expect((await t.platform.sharing.getGrant(grant.id)).state).toBe('active');
    // Simulate: terminated, grant still active.
    await t.platform.db.kysely.updateTable('sharing_agreement').set({ state: 'terminated' }).where('id', '=', id).execute();
    await t.platform.workflow.sweep();
    expect(await t.platform.sharing.getGrant(grant.id)).toMatchObject({ state: 'suspended', stateReason: GRANT_REASONS.terminated });
    expect((await t.platform.workflow.sweep()).hooks['agreement-expiry']).toBe(0);
  });

  it('expiry: the sweep expires a filed agreement at the end of its validity and suspends the grant, once; a renewal reactivates it', async () => {
    // The grant runs longer than its agreement: the agreement's end closes the gate.
    const { grant, id } = await agreementAt('filed', { validUntil: '2026-11-20' });
    await only(grant.id);
    expect((await read()).statusCode).toBe(200);
    let a = await get('reviewer', id);
    expect(a.validUntil).toBe('2026-11-20T16:00:00.000Z');
    expect((await t.platform.sharing.getGrant(grant.id)).state).toBe('active');
    clock.set('2026-11-20T15:00:00.000Z'); // the last evening of its validity
    await t.platform.workflow.sweep();
    expect((await get('reviewer', id)).state).toBe('filed');
    clock.set('2026-11-21T02:00:00.000Z');
    expect(await t.platform.agreements.isFiled(grant.id)).toBe(false);
    const s1 = await t.platform.workflow.sweep();
    expect(s1.hooks['agreement-expiry']).toBeGreaterThanOrEqual(1);
    a = await get('reviewer', id);
    expect(a).toMatchObject({ state: 'expired', endedAt: '2026-11-21T02:00:00.000Z' });
    expect(await t.platform.sharing.getGrant(grant.id)).toMatchObject({ state: 'suspended', stateReason: GRANT_REASONS.expired });
    expect((await read()).statusCode).toBe(403);
    // Idempotent: nothing left to do, no second event.
    const s2 = await t.platform.workflow.sweep();
    expect(s2.hooks['agreement-expiry']).toBe(0);
    const expires = (await t.platform.audit.query({ action: 'sharing.agreement.expire', limit: 50 } as never)).items.filter((e) => e.targetId === id);
    expect(expires).toHaveLength(1);
    const tl = (await api('user_mz', 'GET', `/sharing/timeline/agreement/${id}`)).json().items;
    expect(tl.at(-1)).toMatchObject({ action: 'sharing.agreement.expire', fromState: 'filed', toState: 'expired' });

    // Renewal: a new agreement for the suspended grant, filed, reopens the gate.
    const renewal = await api('user_mz', 'POST', '/sharing/agreements', { grantId: grant.id });
    expect(renewal.statusCode, renewal.body).toBe(201);
    const rid = renewal.json().id as string;
    await api('user_mz', 'PUT', `/sharing/agreements/${rid}`, { validUntil: '2027-11-20' });
    await upload('user_mz', rid, PNG, '续签.png');
    await post('steward_ga', rid, 'confirm');
    await post('user_mz', rid, 'confirm');
    await post('user_mz', rid, 'submit-filing');
    await post('secrecy', rid, 'acknowledge');
    expect((await post('reviewer', rid, 'acknowledge')).json().state).toBe('filed');
    expect((await t.platform.sharing.getGrant(grant.id)).state).toBe('active');
    expect((await read()).statusCode).toBe(200);
  });
});
