/**
 * Who may read and write a dataset (DESIGN.md access model; 第十一、二十一、二十六条). Deny by
 * default; every decision of the data plane is taken here.
 *
 *   provider unit   → everything, unmasked, every row (its own data)
 *   mandatory       → any authenticated unit: every item, sensitive items masked by their rule;
 *                     an active grant of the unit may override the masking (its row filter and
 *                     quota come with it)
 *   restricted      → a unit inside the sharing scope holding an active grant in its validity
 *                     period: the grant's fields, row filter, masking and quota
 *   none            → nobody but the provider (the legal basis is quoted in the refusal)
 *   涉密 (metadataOnly) → the data never enters the platform: nobody
 *
 * Roles do not widen data access: a platform administrator, a reviewer of the IT authority or a
 * supervisor reads data only as a member of their own unit. API tokens need the data:read scope
 * to read and data:write to upload.
 */
import { AppError } from '../core/errors.js';
import { defineMessages, registerMessages } from '../core/i18n.js';
import type { DataItem, Resource } from '../catalog/model.js';
import type { Grant } from '../sharing/model.js';
import type { AccessDecision, ExchangeActor, FieldMask } from './types.js';

/** Token scopes (src/org/model.ts TOKEN_SCOPES) the data plane asks for; users hold every scope. */
export const READ_SCOPE = 'data:read';
export const WRITE_SCOPE = 'data:write';

export const accessMessages = defineMessages({
  'exchange.access.unauthenticated': { zh: '读取共享数据需要登录并属于某一单位', en: 'Reading shared data needs a signed-in caller who belongs to a unit' },
  'exchange.access.scope_required': { zh: '访问令牌缺少权限范围：{scope}', en: 'The access token lacks the scope {scope}' },
  'exchange.access.data_not_served': { zh: '涉密资源仅登记目录，数据不进入共享平台', en: 'Classified resource: only its metadata is catalogued; its data never enters the platform' },
  'exchange.access.not_shared': { zh: '该资源为非共享类，数据不向其他单位提供', en: 'This resource is not shared: its data is not provided to other units' },
  'exchange.access.not_shared_basis': {
    zh: '该资源为非共享类，数据不向其他单位提供（依据：{legalBasis}）',
    en: 'This resource is not shared: its data is not provided to other units (legal basis: {legalBasis})',
  },
  'exchange.access.outside_scope': { zh: '本单位不在该受限共享资源的共享范围内', en: 'Your unit is outside the sharing scope of this restricted resource' },
  'exchange.access.no_grant': { zh: '本单位没有该受限共享资源的授权，请先提交共享申请', en: 'Your unit holds no grant for this restricted resource; submit a sharing application first' },
  'exchange.access.grant_not_active.pending_agreement': { zh: '本单位的授权尚未生效：待签署保密协议并完成备案', en: 'Your unit\'s grant is not in force yet: the confidentiality agreement and its filing are pending' },
  'exchange.access.grant_not_active.suspended': { zh: '本单位的授权已暂停', en: 'Your unit\'s grant is suspended' },
  'exchange.access.grant_not_active.revoked': { zh: '本单位的授权已撤销', en: 'Your unit\'s grant has been revoked' },
  'exchange.access.grant_not_active.expired': { zh: '本单位的授权已过期', en: 'Your unit\'s grant has expired' },
  'exchange.access.grant_expired': { zh: '本单位的授权不在有效期内（{validFrom} 至 {validUntil}）', en: 'Your unit\'s grant is outside its validity period ({validFrom} to {validUntil})' },
  'exchange.access.grant_system_mismatch': { zh: '该授权仅限指定的应用系统使用', en: 'The grant is for another application system' },
  'exchange.access.not_provider': { zh: '只有资源提供单位的数据管理员或其应用系统可以上传数据', en: 'Only the providing unit\'s data steward or its application systems may upload data' },
});
registerMessages(accessMessages);

const deny = (status: number, code: string, params: Record<string, string | number> = {}, key = `exchange.access.${code}`) => new AppError(status, code, key, params);

const hasRole = (a: ExchangeActor, ...roles: string[]) => a.roles.some((r) => roles.includes(r));
const hasScope = (a: ExchangeActor, scope: string) => a.kind !== 'token' || a.scopes.includes(scope);

/** The masks an item carries by itself: sensitive items with a masking rule. */
function defaultMask(item: DataItem): FieldMask | null {
  if (item.sensitivity === 'none' || item.masking === 'none') return null;
  return { rule: item.masking, custom: item.maskingCustom ?? null };
}

function masksFor(items: DataItem[], overrides: Record<string, string> | null): Record<string, FieldMask> {
  const masks: Record<string, FieldMask> = {};
  for (const item of items) {
    const o = overrides ? overrides[item.code] : undefined;
    if (o === 'none') continue;
    if (o !== undefined) masks[item.code] = { rule: o as FieldMask['rule'], custom: item.maskingCustom ?? null };
    else {
      const m = defaultMask(item);
      if (m) masks[item.code] = m;
    }
  }
  return masks;
}

/** Whether a grant is in force at `now` (state active and inside validFrom..validUntil, the end exclusive). */
export function grantInForce(g: Grant, now: Date): boolean {
  return g.state === 'active' && inPeriod(g, now);
}

function inPeriod(g: Grant, now: Date): boolean {
  const t = now.getTime();
  const from = Date.parse(g.validFrom);
  if (!(t >= from)) return false;
  return g.validUntil === null || t < Date.parse(g.validUntil);
}

/** A system-bound grant serves that system's tokens and the unit's users; a unit-wide one, everyone of the unit. */
function systemAdmits(g: Grant, a: ExchangeActor): boolean {
  if (g.consumerSystemId === null) return true;
  if (a.kind === 'token') return a.systemId === g.consumerSystemId;
  return a.kind === 'user';
}

/**
 * The grant a caller reads under, among the unit's grants in force: a token's own system's grant
 * before a unit-wide one, a user's unit-wide grant before a system's; then the newest.
 */
function pickGrant(grants: Grant[], a: ExchangeActor): Grant | null {
  let best: Grant | null = null;
  let bestRank = -1;
  for (const g of grants) {
    const specific = g.consumerSystemId !== null;
    const rank = a.kind === 'token' ? (specific ? 2 : 1) : specific ? 1 : 2;
    if (rank > bestRank || (rank === bestRank && best !== null && g.createdAt > best.createdAt)) {
      best = g;
      bestRank = rank;
    }
  }
  return best;
}

function providerDecision(resource: Resource): AccessDecision {
  return { basis: 'provider', grantId: null, fields: resource.dataItems.map((i) => i.code), masks: {}, rowFilter: [], quota: null };
}

function quotaOf(g: Grant): AccessDecision['quota'] {
  return g.quotaRequestsPerDay === null && g.quotaRowsPerDay === null ? null : { requestsPerDay: g.quotaRequestsPerDay, rowsPerDay: g.quotaRowsPerDay };
}

/**
 * What `actor` may read of `resource`, given the grants of the actor's unit on it (any states;
 * others are ignored) at `now`. Throws a 401/403/409 AppError with a stable code otherwise.
 */
export function decideRead(actor: ExchangeActor, resource: Resource, grants: Grant[], now: Date): AccessDecision {
  if (!actor.unitId) throw new AppError(401, 'unauthenticated', 'exchange.access.unauthenticated');
  if (!hasScope(actor, READ_SCOPE)) throw deny(403, 'scope_required', { scope: READ_SCOPE });
  if (resource.metadataOnly) throw deny(409, 'data_not_served');
  if (actor.unitId === resource.providerUnitId) return providerDecision(resource);

  const own = grants.filter((g) => g.consumerUnitId === actor.unitId && g.resourceCode === resource.code);
  const inForce = own.filter((g) => grantInForce(g, now) && systemAdmits(g, actor));
  const items = resource.dataItems;

  switch (resource.sharingType) {
    case 'mandatory': {
      const g = pickGrant(inForce, actor);
      return {
        basis: 'mandatory',
        grantId: g?.id ?? null,
        ...(g ? { consumerUnitId: g.consumerUnitId } : {}),
        fields: items.map((i) => i.code),
        masks: masksFor(items, g?.masking ?? null),
        rowFilter: g ? g.rowFilter : [],
        quota: g ? quotaOf(g) : null,
      };
    }
    case 'restricted': {
      const scope = resource.sharingScope;
      if (!scope.all && !scope.unitIds.includes(actor.unitId)) throw deny(403, 'outside_scope');
      if (own.length === 0) throw deny(403, 'no_grant');
      const g = pickGrant(inForce, actor);
      if (!g) throw refusal(own, actor, now);
      const visible = g.fields === null ? items : items.filter((i) => g.fields!.includes(i.code));
      return {
        basis: 'grant',
        grantId: g.id,
        consumerUnitId: g.consumerUnitId,
        fields: visible.map((i) => i.code),
        masks: masksFor(visible, g.masking),
        rowFilter: g.rowFilter,
        quota: quotaOf(g),
      };
    }
    default:
      if (resource.legalBasis.trim()) throw deny(403, 'not_shared', { legalBasis: resource.legalBasis.trim() }, 'exchange.access.not_shared_basis');
      throw deny(403, 'not_shared');
  }
}

/** Why none of the unit's grants lets the caller in, the most telling reason first. */
function refusal(own: Grant[], actor: ExchangeActor, now: Date): AppError {
  const active = own.filter((g) => g.state === 'active');
  if (active.length === 0) {
    const latest = [...own].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0]!;
    return deny(403, 'grant_not_active', { state: latest.state }, `exchange.access.grant_not_active.${latest.state}`);
  }
  const current = active.filter((g) => inPeriod(g, now));
  if (current.length === 0) {
    const g = active[0]!;
    return deny(403, 'grant_expired', { validFrom: g.validFrom, validUntil: g.validUntil ?? '—' });
  }
  // Active and current, but bound to another system than the calling token's.
  return deny(403, 'grant_system_mismatch', { systemId: actor.systemId ?? '' });
}

/** decideRead as a yes/no (lists of readable datasets). */
export function canRead(actor: ExchangeActor, resource: Resource, grants: Grant[], now: Date): boolean {
  try {
    decideRead(actor, resource, grants, now);
    return true;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}

/** The providing unit's data steward, or an application system of that unit with data:write. */
export function canUpload(actor: ExchangeActor, resource: Resource): boolean {
  try {
    assertUpload(actor, resource);
    return true;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}

export function assertUpload(actor: ExchangeActor, resource: Resource): void {
  if (!actor.unitId) throw new AppError(401, 'unauthenticated', 'exchange.access.unauthenticated');
  if (actor.unitId !== resource.providerUnitId) throw deny(403, 'not_provider');
  if (actor.kind === 'token') {
    if (!actor.scopes.includes(WRITE_SCOPE)) throw deny(403, 'scope_required', { scope: WRITE_SCOPE });
  } else if (actor.kind !== 'user' || !hasRole(actor, 'unit_steward')) throw deny(403, 'not_provider');
  if (resource.metadataOnly) throw deny(409, 'data_not_served');
}

/**
 * Which overdue-update entries a caller sees: every unit's (the IT authority's reviewers, the
 * platform administrator, supervisors), the own unit's (a unit's data steward), or none.
 */
export function overdueScope(actor: ExchangeActor): { all: true } | { all: false; unitId: string } | null {
  if (actor.kind !== 'user') return null;
  if (hasRole(actor, 'authority_reviewer', 'platform_admin', 'supervisor')) return { all: true };
  if (hasRole(actor, 'unit_steward') && actor.unitId) return { all: false, unitId: actor.unitId };
  return null;
}

/** May the caller see the overdue list at all, or (with a provider unit) that unit's entries. */
export function canSeeOverdue(actor: ExchangeActor, providerUnitId?: string): boolean {
  const s = overdueScope(actor);
  if (!s) return false;
  return s.all || providerUnitId === undefined || s.unitId === providerUnitId;
}

/** The archival package (第三十条): the providing unit's steward, the IT authority, the platform administrator. */
export function canArchive(actor: ExchangeActor, resource: Resource): boolean {
  if (actor.kind !== 'user') return false;
  if (hasRole(actor, 'authority_reviewer', 'platform_admin')) return true;
  return hasRole(actor, 'unit_steward') && !!actor.unitId && actor.unitId === resource.providerUnitId;
}

/** Upload batches and their reports: the providing unit, the IT authority, the administrator, supervisors. */
export function canSeeBatches(actor: ExchangeActor, resource: Resource): boolean {
  return actor.unitId === resource.providerUnitId || hasRole(actor, 'authority_reviewer', 'platform_admin', 'supervisor');
}
