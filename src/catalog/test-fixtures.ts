import type { Platform } from '../platform.js';
import type { CatalogActor } from './policy.js';
import type { Classification, DataElement, ResourceInput } from './model.js';

/** Shared set-up of the catalog tests: actors of the demo users, a small registry, sample drafts. */

export const SYSTEM_ACTOR: CatalogActor = {
  actorType: 'system',
  actorId: 'catalog-test',
  actorName: 'catalog-test',
  unitId: null,
  clientIp: null,
  requestId: null,
};

/** The catalog actor of a demo user (as the routes build it from a session). */
export async function actorOf(platform: Platform, username: string): Promise<CatalogActor> {
  const u = await platform.org.getUserByUsername(username);
  if (!u) throw new Error(`no demo user ${username}`);
  return { actorType: 'user', actorId: u.id, actorName: u.username, unitId: u.unitId, roles: u.roles, scopes: [], clientIp: null, requestId: null };
}

export async function unitIdByShortName(platform: Platform, shortName: string): Promise<string> {
  const page = await platform.org.listUnits({ q: shortName, limit: 50 });
  const u = page.items.find((x) => x.shortName === shortName);
  if (!u) throw new Error(`no unit ${shortName}`);
  return u.id;
}

export interface Registry {
  basic: Classification;
  population: Classification;
  legalPerson: Classification;
  department: Classification;
  theme: Classification;
  idNumber: DataElement;
  name: DataElement;
  uscc: DataElement;
  units: { ga: string; rs: string; zr: string; mz: string; scjg: string; jy: string; gxj: string };
}

/** Classifications (基础类 1 → 101 人口 / 102 法人, 部门类 3, 主题类 2) and three data elements. */
export async function seedRegistry(platform: Platform): Promise<Registry> {
  const c = platform.catalog;
  const units = {
    ga: await unitIdByShortName(platform, '市公安局'),
    rs: await unitIdByShortName(platform, '市人社局'),
    zr: await unitIdByShortName(platform, '市自规局'),
    mz: await unitIdByShortName(platform, '市民政局'),
    scjg: await unitIdByShortName(platform, '市市场监管局'),
    jy: await unitIdByShortName(platform, '吉阳区'),
    gxj: await unitIdByShortName(platform, '市工信局'),
  };
  const basic = await c.createClassification(SYSTEM_ACTOR, { kind: 'basic', code: '1', name: '基础信息资源' });
  const population = await c.createClassification(SYSTEM_ACTOR, { kind: 'basic', code: '101', name: '人口信息', parentId: basic.id });
  const legalPerson = await c.createClassification(SYSTEM_ACTOR, { kind: 'basic', code: '102', name: '法人单位信息', parentId: basic.id });
  const theme = await c.createClassification(SYSTEM_ACTOR, { kind: 'theme', code: '2', name: '主题信息资源' });
  const department = await c.createClassification(SYSTEM_ACTOR, { kind: 'department', code: '3', name: '部门信息资源' });
  const idNumber = await c.createDataElement(SYSTEM_ACTOR, { code: 'DE0001', name: '公民身份号码', dataType: 'C', length: 18, authoritativeUnitId: units.ga });
  const name = await c.createDataElement(SYSTEM_ACTOR, { code: 'DE0002', name: '姓名', dataType: 'C', length: 50, authoritativeUnitId: units.ga });
  const uscc = await c.createDataElement(SYSTEM_ACTOR, { code: 'DE0003', name: '统一社会信用代码', dataType: 'C', length: 18, authoritativeUnitId: units.scjg });
  return { basic, population, legalPerson, department, theme, idNumber, name, uscc, units };
}

/** A valid mandatory, tabular draft (人口基础信息-style) under `classificationId`. */
export function sampleInput(classificationId: string, over: Partial<ResourceInput> = {}): ResourceInput {
  return {
    name: '人口基础信息',
    abstract: '三亚市常住人口与户籍人口的基础信息，包括公民身份号码、姓名、出生日期等。',
    providerDepartment: '人口管理支队',
    classificationId,
    layer: 'base',
    format: 'database',
    storageFormat: 'MySQL表',
    secrecyLevel: 'internal',
    dataGrade: 'important',
    sharingType: 'mandatory',
    sharingScope: { all: true, unitIds: [] },
    sharingMethods: ['online_query', 'batch_exchange'],
    openAttribute: 'closed',
    updateCycle: 'daily',
    updateTimeLimitDays: 1,
    keywords: ['人口', '户籍'],
    scenarios: ['流动人口管理', '应急指挥'],
    sourceSystem: '人口管理系统',
    targetDatabase: '人口基础信息库',
    dataItems: [
      { name: '公民身份号码', code: 'id_no', dataType: 'C', length: 18, isKey: true, required: true, sensitivity: 'privacy', elementCode: 'DE0001' },
      { name: '姓名', code: 'name', dataType: 'C', length: 50, sensitivity: 'privacy', elementCode: 'DE0002' },
      { name: '出生日期', code: 'birth_date', dataType: 'D' },
    ],
    ...over,
  };
}

/** Drafts, submits, approves and confirms a resource as the trusted internal caller; returns its code. */
export async function publish(platform: Platform, unitId: string, input: ResourceInput): Promise<string> {
  const c = platform.catalog;
  const r = await c.createDraft(SYSTEM_ACTOR, unitId, input);
  await c.submit(SYSTEM_ACTOR, r.code);
  await c.approve(SYSTEM_ACTOR, r.code);
  await c.confirm(SYSTEM_ACTOR, r.code);
  return r.code;
}
