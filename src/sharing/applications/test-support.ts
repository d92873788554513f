/** Fixtures shared by the applications tests (demo catalog, extra accounts, synthetic rows). */
import type { LightMyRequestResponse } from 'fastify';
import type { AuditActor } from '../../audit/types.js';
import { demoUnitCode } from '../../demo/seed.js';
import { idNumberCheckChar } from '../../exchange/values.js';
import type { Platform } from '../../platform.js';

/** What these helpers use of test/helpers/app.ts TestApp (not imported: this file is compiled with the sources). */
interface TestApp {
  platform: Platform;
  login(username: string, password?: string): Promise<string>;
  as(token: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** test/helpers/app.ts DEMO_PASSWORD (not imported: this file is compiled with the sources). */
const DEMO_PASSWORD = 'Test@Demo2026x';

export const enc = encodeURIComponent;
export const SEEDER: AuditActor = { actorType: 'system', actorId: 'test-seed', actorName: 'test-seed', unitId: null, clientIp: null, requestId: null };

/** A synthetic ID number (never a real person): Sanya region code, a birth date, a sequence, the check character. */
export function idNumber(n: number, birth = '19850101'): string {
  const first17 = `460203${birth}${String(n).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** The code of a published demo resource by its exact name. */
export async function codeOf(t: TestApp, token: string, name: string): Promise<string> {
  const r = await t.as(token, 'GET', `/api/v1/catalog/resources?q=${enc(name)}&facets=false&limit=50`);
  const hit = (r.json().items as { code: string; name: string }[]).find((x) => x.name === name);
  if (!hit) throw new Error(`demo resource ${name} not found`);
  return hit.code;
}

export async function unitIdOf(t: TestApp, seq: number): Promise<string> {
  const u = await t.platform.org.getUnitByCode(demoUnitCode(seq));
  if (!u) throw new Error(`demo unit ${seq} missing`);
  return u.id;
}

export async function systemIdOf(t: TestApp, code: string): Promise<string> {
  const s = (await t.platform.org.listSystems({ limit: 1000 })).items.find((x) => x.code === code);
  if (!s) throw new Error(`demo system ${code} missing`);
  return s.id;
}

/** A unit steward for a demo unit that has none (e.g. 市场监管局, seq 14). */
export async function addSteward(t: TestApp, username: string, unitSeq: number): Promise<string> {
  await t.platform.org.createUser(SEEDER, { username, displayName: `${username}（测试）`, unitId: await unitIdOf(t, unitSeq), roles: ['unit_steward'], password: DEMO_PASSWORD, email: `${username}@demo.invalid` });
  return t.login(username);
}

/** Expects a problem response with this status and code; returns its body. */
export function problem(res: LightMyRequestResponse, status: number, code?: string): Record<string, unknown> {
  if (res.statusCode !== status) throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${res.statusCode}: ${res.body.slice(0, 800)}`);
  const body = res.json() as Record<string, unknown>;
  if (code && body.code !== code) throw new Error(`expected code ${code}, got ${String(body.code)}: ${res.body.slice(0, 800)}`);
  return body;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ok<T = any>(res: LightMyRequestResponse, status = 200): T {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 800)}`);
  return res.json() as T;
}

/** The content of a complete application. */
export function complete(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    purpose: '城乡低保对象家庭经济状况核对',
    legalBasis: '《社会救助暂行办法》第十一条：县级人民政府民政部门应当对申请人的家庭收入、财产状况进行调查核实',
    scenario: '社会救助资格核查',
    scope: '市民政局社会救助科，全市范围',
    method: 'online_query',
    validFrom: '2026-12-28',
    validUntil: '2027-12-27',
    ...over,
  };
}
