import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { translate } from '../core/i18n.js';
import type { DataItem, Resource } from '../catalog/model.js';
import type { Grant } from '../sharing/model.js';
import { assertUpload, canArchive, canRead, canSeeOverdue, canUpload, decideRead, grantInForce, overdueScope, READ_SCOPE, WRITE_SCOPE } from './policy.js';
import type { ExchangeActor } from './types.js';

const PROVIDER = 'unit-provider';
const CONSUMER = 'unit-consumer';
const NOW = new Date('2026-12-01T04:00:00.000Z');

function item(code: string, over: Partial<DataItem> = {}): DataItem {
  return {
    seq: 1,
    name: code,
    code,
    dataType: 'C',
    length: 50,
    precision: null,
    required: false,
    isKey: false,
    description: '',
    codeSet: null,
    sensitivity: 'none',
    masking: 'none',
    maskingCustom: null,
    elementCode: null,
    ...over,
  };
}

const ITEMS: DataItem[] = [
  item('sfzh', { name: '公民身份号码', isKey: true, required: true, length: 18, sensitivity: 'privacy', masking: 'id_card' }),
  item('xm', { name: '姓名', sensitivity: 'privacy', masking: 'name' }),
  item('lxdh', { name: '联系电话', sensitivity: 'privacy', masking: 'phone' }),
  item('xzqh', { name: '行政区划' }),
  item('bz', { name: '备注', sensitivity: 'business_secret', masking: 'none' }),
  item('zdy', { name: '自定义', sensitivity: 'privacy', masking: 'custom', maskingCustom: { keepStart: 1, keepEnd: 1, maskChar: '#' } }),
];

function resource(over: Partial<Resource> = {}): Resource {
  return {
    code: '101/000001',
    version: 1,
    state: 'published',
    changeKind: 'create',
    name: '人口基础信息（测试）',
    abstract: '',
    providerUnitId: PROVIDER,
    providerUnitName: '市公安局',
    providerDepartment: '',
    classificationId: 'c',
    classificationCode: '101',
    classificationName: '人口',
    layer: 'base',
    format: 'database',
    storageFormat: '',
    secrecyLevel: 'internal',
    dataGrade: 'general',
    sharingType: 'mandatory',
    sharingConditions: '',
    sharingScope: { all: true, unitIds: [] },
    legalBasis: '',
    sharingMethods: ['online_query'],
    openAttribute: 'closed',
    updateCycle: 'monthly',
    updateTimeLimitDays: 5,
    publishedAt: '2026-11-01T00:00:00.000Z',
    relatedCodes: [],
    keywords: [],
    scenarios: [],
    sourceSystem: '',
    targetDatabase: '',
    metadataOnly: false,
    dataItems: ITEMS,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    submittedAt: null,
    comment: null,
    ...over,
  };
}

function user(role: Role | Role[], unitId: string | null = CONSUMER): ExchangeActor {
  const roles = Array.isArray(role) ? role : [role];
  return { kind: 'user', actorType: 'user', actorId: `u-${roles.join('-')}`, actorName: roles.join('+'), unitId, roles, scopes: [READ_SCOPE, WRITE_SCOPE, 'subscribe', 'catalog:read'], systemId: null, clientIp: null, requestId: null };
}

function token(scopes: string[], unitId: string | null = CONSUMER, systemId = 'sys-a'): ExchangeActor {
  return { kind: 'token', actorType: 'token', actorId: `t-${systemId}`, actorName: 'token', unitId, roles: [], scopes, systemId, clientIp: null, requestId: null };
}

let nextId = 0;
function grant(over: Partial<Grant> = {}): Grant {
  nextId++;
  return {
    id: `g-${nextId}`,
    resourceCode: '101/000001',
    consumerUnitId: CONSUMER,
    consumerSystemId: null,
    fields: null,
    rowFilter: [],
    masking: {},
    purpose: '流动人口管理',
    legalBasis: '',
    validFrom: '2026-11-01T00:00:00.000Z',
    validUntil: null,
    quotaRequestsPerDay: null,
    quotaRowsPerDay: null,
    state: 'active',
    stateReason: null,
    createdBy: 'test',
    createdAt: `2026-11-01T00:00:${String(nextId % 60).padStart(2, '0')}.000Z`,
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...over,
  };
}

function denial(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a denial');
}

const restricted = (over: Partial<Resource> = {}) => resource({ sharingType: 'restricted', sharingConditions: '仅用于流动人口管理', sharingScope: { all: false, unitIds: [CONSUMER] }, ...over });

// ---------------------------------------------------------------- matrix

const ACTIONS = ['read.mandatory', 'read.restricted', 'read.restricted_granted', 'read.none', 'read.classified', 'upload', 'archive', 'overdue'] as const;
type Action = (typeof ACTIONS)[number];

function allowed(actor: ExchangeActor, action: Action, own: boolean): boolean {
  const unit = own ? PROVIDER : CONSUMER;
  const a = { ...actor, unitId: unit };
  switch (action) {
    case 'read.mandatory':
      return canRead(a, resource(), [], NOW);
    case 'read.restricted':
      return canRead(a, restricted(), [], NOW);
    case 'read.restricted_granted':
      return canRead(a, restricted(), [grant({ consumerUnitId: unit })], NOW);
    case 'read.none':
      return canRead(a, resource({ sharingType: 'none' }), [], NOW);
    case 'read.classified':
      return canRead(a, resource({ sharingType: 'none', secrecyLevel: 'secret_classified', metadataOnly: true }), [], NOW);
    case 'upload':
      return canUpload(a, resource());
    case 'archive':
      return canArchive(a, resource());
    case 'overdue':
      return canSeeOverdue(a, PROVIDER);
  }
}

function expected(role: Role, action: Action, own: boolean): boolean {
  switch (action) {
    case 'read.mandatory':
    case 'read.restricted_granted':
      return true;
    case 'read.restricted':
    case 'read.none':
      // Only the providing unit; roles never widen data access.
      return own;
    case 'read.classified':
      return false;
    case 'upload':
      return own && role === 'unit_steward';
    case 'archive':
      return role === 'authority_reviewer' || role === 'platform_admin' || (role === 'unit_steward' && own);
    case 'overdue':
      return role === 'authority_reviewer' || role === 'platform_admin' || role === 'supervisor' || (role === 'unit_steward' && own);
  }
}

describe('exchange policy: role × action matrix (deny by default)', () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      for (const own of [true, false]) {
        const want = expected(role, action, own);
        it(`${role} ${own ? 'of the provider unit' : 'of another unit'} ${action} → ${want}`, () => {
          expect(allowed(user(role), action, own)).toBe(want);
        });
      }
    }
  }

  it('application systems: read with data:read, upload with data:write for the own unit, never archive or overdue lists', () => {
    const reader = token([READ_SCOPE]);
    const writer = token([WRITE_SCOPE]);
    for (const own of [true, false]) {
      expect(allowed(reader, 'read.mandatory', own)).toBe(true);
      expect(allowed(writer, 'read.mandatory', own)).toBe(false);
      expect(allowed(reader, 'upload', own)).toBe(false);
      expect(allowed(writer, 'upload', own)).toBe(own);
      expect(allowed(token([READ_SCOPE, WRITE_SCOPE]), 'archive', own)).toBe(false);
      expect(allowed(token([READ_SCOPE, WRITE_SCOPE]), 'overdue', own)).toBe(false);
    }
  });
});

// ---------------------------------------------------------------- read rules

describe('decideRead', () => {
  it('the provider unit reads everything unmasked, every row, without quota', () => {
    const d = decideRead(user('unit_user', PROVIDER), restricted({ sharingScope: { all: false, unitIds: [] } }), [], NOW);
    expect(d).toEqual({ basis: 'provider', grantId: null, fields: ['sfzh', 'xm', 'lxdh', 'xzqh', 'bz', 'zdy'], masks: {}, rowFilter: [], quota: null });
  });

  it('mandatory: every item, sensitive items masked by their own rule (masking none stays plain)', () => {
    const d = decideRead(user('unit_user'), resource(), [], NOW);
    expect(d.basis).toBe('mandatory');
    expect(d.grantId).toBeNull();
    expect(d.fields).toEqual(['sfzh', 'xm', 'lxdh', 'xzqh', 'bz', 'zdy']);
    expect(d.masks).toEqual({
      sfzh: { rule: 'id_card', custom: null },
      xm: { rule: 'name', custom: null },
      lxdh: { rule: 'phone', custom: null },
      zdy: { rule: 'custom', custom: { keepStart: 1, keepEnd: 1, maskChar: '#' } },
    });
    expect(d.rowFilter).toEqual([]);
    expect(d.quota).toBeNull();
  });

  it('mandatory with an active grant of the unit: the grant overrides masking and brings its row filter and quota', () => {
    const g = grant({ masking: { sfzh: 'none', xzqh: 'custom' }, rowFilter: [{ field: 'xzqh', op: 'eq', value: '460202' }], quotaRequestsPerDay: 100 });
    const d = decideRead(user('unit_user'), resource(), [g], NOW);
    expect(d.basis).toBe('mandatory');
    expect(d.grantId).toBe(g.id);
    expect(d.consumerUnitId).toBe(g.consumerUnitId);
    expect(d.fields).toHaveLength(6);
    expect(d.masks.sfzh).toBeUndefined();
    expect(d.masks.xzqh).toEqual({ rule: 'custom', custom: null });
    expect(d.masks.xm).toEqual({ rule: 'name', custom: null });
    expect(d.rowFilter).toEqual(g.rowFilter);
    expect(d.quota).toEqual({ requestsPerDay: 100, rowsPerDay: null });
  });

  it('mandatory ignores grants that are not in force', () => {
    for (const g of [grant({ state: 'suspended', masking: { sfzh: 'none' } }), grant({ validUntil: '2026-11-30T00:00:00.000Z', masking: { sfzh: 'none' } })]) {
      const d = decideRead(user('unit_user'), resource(), [g], NOW);
      expect(d.grantId).toBeNull();
      expect(d.masks.sfzh).toEqual({ rule: 'id_card', custom: null });
    }
  });

  it('restricted with an active grant: the grant\'s fields (in item order), masks, row filter and quota', () => {
    const g = grant({
      fields: ['xzqh', 'xm', 'sfzh', 'gone'],
      masking: { xm: 'none', xzqh: 'address' },
      rowFilter: [{ field: 'xzqh', op: 'in', value: ['460202', '460203'] }],
      quotaRequestsPerDay: 10,
      quotaRowsPerDay: 500,
    });
    const d = decideRead(user('unit_user'), restricted(), [g], NOW);
    expect(d).toEqual({
      basis: 'grant',
      grantId: g.id,
      consumerUnitId: g.consumerUnitId,
      fields: ['sfzh', 'xm', 'xzqh'],
      masks: { sfzh: { rule: 'id_card', custom: null }, xzqh: { rule: 'address', custom: null } },
      rowFilter: g.rowFilter,
      quota: { requestsPerDay: 10, rowsPerDay: 500 },
    });
  });

  it('401 unauthenticated without a unit', () => {
    const e = denial(() => decideRead(user('platform_admin', null), resource(), [], NOW));
    expect([e.status, e.code]).toEqual([401, 'unauthenticated']);
  });

  it('403 scope_required for a token without data:read', () => {
    const e = denial(() => decideRead(token(['catalog:read', WRITE_SCOPE]), resource(), [], NOW));
    expect([e.status, e.code, e.params.scope]).toEqual([403, 'scope_required', READ_SCOPE]);
  });

  it('409 data_not_served for classified (metadata only) resources, even to the provider', () => {
    const r = resource({ sharingType: 'none', secrecyLevel: 'secret_classified', metadataOnly: true });
    for (const a of [user('unit_steward', PROVIDER), user('unit_user')]) {
      const e = denial(() => decideRead(a, r, [], NOW));
      expect([e.status, e.code]).toEqual([409, 'data_not_served']);
    }
  });

  it('403 not_shared for a non-shared resource, quoting its legal basis when it has one', () => {
    const e = denial(() => decideRead(user('platform_admin'), resource({ sharingType: 'none', legalBasis: '《某某条例》第十条' }), [grant()], NOW));
    expect([e.status, e.code]).toEqual([403, 'not_shared']);
    expect(translate(e.messageKey, 'zh-CN', e.params)).toContain('《某某条例》第十条');
    expect(translate(e.messageKey, 'en', e.params)).toContain('《某某条例》第十条');
    const plain = denial(() => decideRead(user('unit_user'), resource({ sharingType: 'none' }), [], NOW));
    expect(plain.code).toBe('not_shared');
    expect(translate(plain.messageKey, 'en', plain.params)).not.toContain('{legalBasis}');
  });

  it('403 outside_scope for a unit outside a designated scope, even with a grant', () => {
    const e = denial(() => decideRead(user('unit_user'), restricted({ sharingScope: { all: false, unitIds: ['unit-x'] } }), [grant()], NOW));
    expect([e.status, e.code]).toEqual([403, 'outside_scope']);
    // scope all = every unit may ask
    expect(decideRead(user('unit_user'), restricted({ sharingScope: { all: true, unitIds: [] } }), [grant()], NOW).basis).toBe('grant');
  });

  it('403 no_grant without a grant of the unit on the resource (other units\' and other resources\' grants do not count)', () => {
    const others = [grant({ consumerUnitId: 'unit-x' }), grant({ resourceCode: '101/000002' })];
    const e = denial(() => decideRead(user('unit_user'), restricted(), others, NOW));
    expect([e.status, e.code]).toEqual([403, 'no_grant']);
  });

  it('403 grant_not_active naming the state of the grant', () => {
    for (const state of ['pending_agreement', 'suspended', 'revoked', 'expired'] as const) {
      const e = denial(() => decideRead(user('unit_user'), restricted(), [grant({ state })], NOW));
      expect([e.status, e.code, e.params.state]).toEqual([403, 'grant_not_active', state]);
      const zh = translate(e.messageKey, 'zh-CN', e.params);
      expect(zh).toMatch({ pending_agreement: /保密协议/, suspended: /暂停/, revoked: /撤销/, expired: /过期/ }[state]);
    }
  });

  it('403 grant_expired for an active grant outside its validity period (end exclusive)', () => {
    const ended = grant({ validUntil: NOW.toISOString() });
    expect(denial(() => decideRead(user('unit_user'), restricted(), [ended], NOW)).code).toBe('grant_expired');
    const future = grant({ validFrom: '2026-12-02T00:00:00.000Z' });
    expect(denial(() => decideRead(user('unit_user'), restricted(), [future], NOW)).code).toBe('grant_expired');
    const justValid = grant({ validUntil: new Date(NOW.getTime() + 1).toISOString() });
    expect(decideRead(user('unit_user'), restricted(), [justValid], NOW).grantId).toBe(justValid.id);
    expect(grantInForce(justValid, NOW)).toBe(true);
    expect(grantInForce(justValid, new Date(NOW.getTime() + 1))).toBe(false);
  });

  it('403 grant_system_mismatch for a token of another system; users of the unit are admitted', () => {
    const g = grant({ consumerSystemId: 'sys-a' });
    expect(denial(() => decideRead(token([READ_SCOPE], CONSUMER, 'sys-b'), restricted(), [g], NOW)).code).toBe('grant_system_mismatch');
    expect(decideRead(token([READ_SCOPE], CONSUMER, 'sys-a'), restricted(), [g], NOW).grantId).toBe(g.id);
    expect(decideRead(user('unit_user'), restricted(), [g], NOW).grantId).toBe(g.id);
  });

  it('the most telling refusal wins: a current grant of another system over an expired one, an active one over a suspended one', () => {
    const sys = grant({ consumerSystemId: 'sys-a' });
    const old = grant({ validUntil: '2026-11-15T00:00:00.000Z' });
    const suspended = grant({ state: 'suspended', updatedAt: '2026-11-30T00:00:00.000Z' });
    const b = token([READ_SCOPE], CONSUMER, 'sys-b');
    expect(denial(() => decideRead(b, restricted(), [old, sys, suspended], NOW)).code).toBe('grant_system_mismatch');
    expect(denial(() => decideRead(b, restricted(), [old, suspended], NOW)).code).toBe('grant_expired');
  });

  it('a token prefers its system\'s grant, a user the unit-wide one', () => {
    const unitWide = grant({ fields: ['xzqh'] });
    const sysA = grant({ consumerSystemId: 'sys-a', fields: ['xm'] });
    expect(decideRead(token([READ_SCOPE], CONSUMER, 'sys-a'), restricted(), [unitWide, sysA], NOW).fields).toEqual(['xm']);
    expect(decideRead(token([READ_SCOPE], CONSUMER, 'sys-b'), restricted(), [unitWide, sysA], NOW).fields).toEqual(['xzqh']);
    expect(decideRead(user('unit_user'), restricted(), [sysA, unitWide], NOW).fields).toEqual(['xzqh']);
  });

  it('roles do not widen data access', () => {
    for (const role of ['platform_admin', 'authority_reviewer', 'supervisor', 'auditor', 'leader', 'secrecy_officer'] as const) {
      expect(denial(() => decideRead(user(role), restricted(), [], NOW)).code).toBe('no_grant');
      expect(denial(() => decideRead(user(role), resource({ sharingType: 'none' }), [], NOW)).code).toBe('not_shared');
      expect(decideRead(user(role), resource(), [], NOW).masks.sfzh).toBeDefined();
    }
  });
});

describe('upload, overdue and archive rules', () => {
  it('assertUpload: 403 not_provider for other units and non-stewards, scope_required for tokens without data:write', () => {
    expect(() => assertUpload(user('unit_steward', PROVIDER), resource())).not.toThrow();
    expect(denial(() => assertUpload(user('unit_steward'), resource())).code).toBe('not_provider');
    expect(denial(() => assertUpload(user('unit_user', PROVIDER), resource())).code).toBe('not_provider');
    expect(denial(() => assertUpload(user('platform_admin', PROVIDER), resource())).code).toBe('not_provider');
    expect(denial(() => assertUpload(token([READ_SCOPE], PROVIDER), resource())).code).toBe('scope_required');
    expect(() => assertUpload(token([WRITE_SCOPE], PROVIDER), resource())).not.toThrow();
    expect(denial(() => assertUpload(token([WRITE_SCOPE], CONSUMER), resource())).code).toBe('not_provider');
    expect(denial(() => assertUpload(user('unit_steward', null), resource())).status).toBe(401);
    expect(denial(() => assertUpload(user('unit_steward', PROVIDER), resource({ metadataOnly: true }))).code).toBe('data_not_served');
  });

  it('overdueScope: the authority, the administrator and supervisors see all, a steward their own unit', () => {
    expect(overdueScope(user('authority_reviewer'))).toEqual({ all: true });
    expect(overdueScope(user('supervisor'))).toEqual({ all: true });
    expect(overdueScope(user('platform_admin'))).toEqual({ all: true });
    expect(overdueScope(user('unit_steward'))).toEqual({ all: false, unitId: CONSUMER });
    expect(overdueScope(user('unit_user'))).toBeNull();
    expect(overdueScope(user('unit_steward', null))).toBeNull();
    expect(canSeeOverdue(user('unit_steward'))).toBe(true);
    expect(canSeeOverdue(user('unit_steward'), CONSUMER)).toBe(true);
    expect(canSeeOverdue(user('unit_steward'), PROVIDER)).toBe(false);
  });
});

describe('access, query and quota messages', () => {
  it('has both languages with the same placeholders, and every key these files use is defined', async () => {
    const { readFileSync } = await import('node:fs');
    const { hasMessage } = await import('../core/i18n.js');
    const { accessMessages } = await import('./policy.js');
    const { queryMessages } = await import('./query.js');
    const { quotaMessages } = await import('./quota.js');
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries({ ...accessMessages, ...queryMessages, ...quotaMessages })) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(ph(m.zh), key).toEqual(ph(m.en));
    }
    const used = new Set<string>();
    for (const file of ['policy.ts', 'query.ts', 'quota.ts']) {
      const text = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
      for (const m of text.matchAll(/'(exchange\.(?:access|query|quota|value)\.[a-z_]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/deny\(\d+, '([a-z_]+)'/g)) used.add(`exchange.access.${m[1]}`);
    }
    for (const state of ['pending_agreement', 'suspended', 'revoked', 'expired']) used.add(`exchange.access.grant_not_active.${state}`);
    used.delete('exchange.access.grant_not_active');
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((k) => !hasMessage(k))).toEqual([]);
  });
});
