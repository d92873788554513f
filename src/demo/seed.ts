import { seedApplicationDemo } from '../sharing/applications/demo.js';
import { seedDemandDemo } from '../sharing/demands/demo.js';
import { seedObjectionDemo } from '../sharing/objections/demo.js';
import { seedSupervisionDemo } from '../supervision/demo.js';
import { seedEvaluationDemo } from '../evaluation/demo.js';
import type { Platform } from '../platform.js';
import type { AuditActor } from '../audit/types.js';
import { usccCheckChar } from '../org/uscc.js';
import { DEMO_SYSTEMS, DEMO_UNITS, DEMO_USERS } from './data.js';
import { seedCatalogDemo } from './catalog-seed.js';
import { seedDemoData } from './data-seed.js';

/** The documented default password of every demo account (README); override with GOVSHARE_DEMO_PASSWORD. */
export const DEFAULT_DEMO_PASSWORD = 'Sanya@Demo2026';

/** A synthetic but check-digit-valid 统一社会信用代码 for demo unit number `seq`. */
export function demoUnitCode(seq: number): string {
  const first17 = `11460200000000${String(seq).padStart(3, '0')}`;
  return first17 + usccCheckChar(first17);
}

const seeder: AuditActor = {
  actorType: 'system',
  actorId: 'demo-seed',
  actorName: 'demo-seed',
  unitId: null,
  clientIp: null,
  requestId: null,
};

/** Phone numbers in an impossible range so no real person can be reached. */
const phone = (n: number) => `0898-0000${String(n).padStart(4, '0')}`;

/**
 * Seeds the Sanya demo: the city's units with their responsible persons and contacts, one
 * account per role, and the application systems. Idempotent: a second run changes nothing.
 */
export async function seedDemo(
  platform: Platform,
  opts: {
    password: string;
    log?: (line: string) => void;
    /** Seed the demo catalog too (default true; most API tests skip it). */
    catalog?: boolean;
    /** Seed synthetic datasets, demo tokens and grants (default false: the CLI demo turns it on). */
    datasets?: boolean;
  },
): Promise<{ created: boolean }> {
  const { org } = platform;
  const log = opts.log ?? (() => {});
  if (await org.getUserByUsername('admin')) {
    log('demo data already present');
    return { created: false };
  }
  const unitIds = new Map<number, string>();
  for (const u of DEMO_UNITS) {
    const unit = await org.createUnit(seeder, {
      code: demoUnitCode(u.seq),
      name: u.name,
      shortName: u.shortName,
      kind: u.kind,
      parentId: u.parent ? unitIds.get(u.parent) ?? null : null,
      functions: u.functions ?? [],
      responsiblePerson: { name: `${u.shortName}主管领导（演示）`, title: '分管副局长', phone: phone(u.seq * 10 + 1), email: `leader${u.seq}@demo.invalid` },
      contacts: [
        { name: `${u.shortName}共享联系人（演示）`, duty: '共享业务联系人', phone: phone(u.seq * 10 + 2), email: `contact${u.seq}@demo.invalid` },
        { name: `${u.shortName}技术联系人（演示）`, duty: '技术对接联系人', phone: phone(u.seq * 10 + 3), email: `tech${u.seq}@demo.invalid` },
      ],
    });
    unitIds.set(u.seq, unit.id);
  }
  log(`${DEMO_UNITS.length} units`);
  for (const u of DEMO_USERS) {
    await org.createUser(seeder, {
      username: u.username,
      displayName: u.displayName,
      unitId: unitIds.get(u.unit)!,
      roles: u.roles,
      password: opts.password,
      email: `${u.username}@demo.invalid`,
    });
  }
  log(`${DEMO_USERS.length} users`);
  for (const s of DEMO_SYSTEMS) {
    await org.createSystem(seeder, { unitId: unitIds.get(s.unit)!, code: s.code, name: s.name, scenario: s.scenario, description: s.description });
  }
  log(`${DEMO_SYSTEMS.length} application systems`);
  if (opts.catalog !== false) {
    const c = await seedCatalogDemo(platform, unitIds, seeder);
    log(`${c.resources} catalog resources (${c.published} published, the rest in review, returned or draft)`);
    if (opts.datasets) {
      await seedDemoData(platform, { log });
      // The sharing workflow (issue 5): items in every state, so every role's inbox shows real work.
      await seedApplicationDemo(platform, { log });
      await seedDemandDemo(platform, log);
      await seedObjectionDemo(platform, log);
      // Supervision and evaluation (issue 6): compliance findings, violations, complaints, training, plans, evaluation, report.
      await seedSupervisionDemo(platform, log);
      await seedEvaluationDemo(platform, log);
    }
  }
  return { created: true };
}
