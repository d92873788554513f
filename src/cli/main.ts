import { existsSync, copyFileSync, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import SQLite from 'better-sqlite3';
import { ConfigError, SETTINGS } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { translate } from '../core/i18n.js';
import { ROLES, type Role } from '../core/actor.js';
import { seedDemo, DEFAULT_DEMO_PASSWORD } from '../demo/seed.js';
import { CliError, cliActor, cliConfig, withPlatform, type GlobalOptions } from './context.js';
import { initDataDir, generatePassword } from './init.js';
import { serve } from './serve.js';
import type { Platform } from '../platform.js';
import { writeArchive } from '../exchange/archive.js';
import { PLATFORM_VERSION } from '../core/version.js';

function bar(label: string) {
  return new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 2000 },
    cliProgress.Presets.shades_classic,
  );
}

const dataDirOption = () => new Option('--data-dir <dir>', 'data directory (env GOVSHARE_DATA_DIR, default ./data)');

async function findUnit(p: Platform, codeOrId: string) {
  const unit = (await p.org.getUnitByCode(codeOrId)) ?? (await p.org.getUnit(codeOrId));
  if (!unit) throw new CliError(`no unit with code or id "${codeOrId}"`);
  return unit;
}

async function findUser(p: Platform, username: string) {
  const user = await p.org.getUserByUsername(username);
  if (!user) throw new CliError(`no user named "${username}"`);
  return user;
}

function parseRoles(raw: string): Role[] {
  const roles = raw.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length || roles.length === 0) throw new CliError(`--roles must be a comma-separated list of: ${ROLES.join(', ')}${bad.length ? ` (unknown: ${bad.join(', ')})` : ''}`);
  return roles as Role[];
}

export function buildCli(): Command {
  const program = new Command('govshare')
    .description('GovShare 政务信息资源共享平台 — server and administration')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });

  program
    .command('serve')
    .description('serve the portal and the API')
    .addOption(dataDirOption())
    .option('--port <n>', 'port (env GOVSHARE_PORT, default 8080)')
    .option('--host <h>', 'listen address (env GOVSHARE_HOST, default 127.0.0.1)')
    .action(async (opts: GlobalOptions) => {
      const config = cliConfig(opts);
      if (!config.databaseUrl && !existsSync(join(config.dataDir, 'govshare.db'))) {
        throw new CliError(`no database in ${config.dataDir}: run \`govshare init --data-dir ${config.dataDir}\` first`);
      }
      await serve(config);
    });

  program
    .command('init')
    .description('create the data directory, the audit signing key, the database and the first platform administrator')
    .addOption(dataDirOption())
    .option('--admin-username <name>', 'username of the first administrator', 'admin')
    .option('--admin-password <password>', 'password of the first administrator (generated and printed once when omitted)')
    .action(async (opts: GlobalOptions & { adminUsername: string; adminPassword?: string }) => {
      const config = cliConfig(opts);
      const r = await initDataDir(config, { adminUsername: opts.adminUsername, adminPassword: opts.adminPassword });
      await r.platform.close();
      console.log(`data directory: ${config.dataDir}`);
      console.log(`database: ${config.databaseUrl ? 'PostgreSQL' : join(config.dataDir, 'govshare.db')} (schema up to date)`);
      console.log(`audit signing key: ${r.keyCreated ? 'created' : 'kept existing'} (${config.auditSignature})`);
      if (r.admin) {
        console.log(`administrator: ${r.admin.username}`);
        if (r.admin.generated) console.log(`password (shown once, change it after signing in): ${r.admin.password}`);
      } else console.log('administrator: already present');
    });

  program
    .command('demo')
    .description('init + the Sanya demo data, then serve (demo accounts use GOVSHARE_DEMO_PASSWORD)')
    .addOption(dataDirOption())
    .option('--port <n>', 'port (default 8080)')
    .option('--host <h>', 'listen address (default 127.0.0.1)')
    .option('--no-serve', 'seed only, do not start the server')
    .action(async (opts: GlobalOptions & { serve: boolean }) => {
      const config = cliConfig({ ...opts, dataDir: opts.dataDir ?? process.env.GOVSHARE_DATA_DIR ?? '.govshare-demo' });
      const password = process.env.GOVSHARE_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
      const r = await initDataDir(config, { createAdmin: false });
      const { created } = await seedDemo(r.platform, { password, datasets: true, log: (l) => console.log(`demo: ${l}`) });
      console.log(created ? `demo accounts: admin, reviewer, steward_ga, steward_rs, steward_zr, user_mz, user_jy, supervisor, secrecy, leader, auditor — password ${process.env.GOVSHARE_DEMO_PASSWORD ? '(GOVSHARE_DEMO_PASSWORD)' : DEFAULT_DEMO_PASSWORD}` : 'demo: already seeded');
      if (opts.serve === false) {
        await r.platform.close();
        return;
      }
      await serve(config, r.platform);
    });

  const user = program.command('user').description('manage users');
  user
    .command('add')
    .description('add a user')
    .addOption(dataDirOption())
    .requiredOption('--username <name>')
    .requiredOption('--name <displayName>', 'display name')
    .option('--unit <code>', 'unit code (统一社会信用代码) or id; required unless the user is a platform_admin')
    .requiredOption('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`)
    .option('--password <password>', 'initial password (generated and printed once when omitted)')
    .action(async (opts: GlobalOptions & { username: string; name: string; unit?: string; roles: string; password?: string }) => {
      const roles = parseRoles(opts.roles);
      await withPlatform(cliConfig(opts), async (p) => {
        const unitId = opts.unit ? (await findUnit(p, opts.unit)).id : null;
        const password = opts.password ?? generatePassword();
        const u = await p.org.createUser(cliActor(), { username: opts.username, displayName: opts.name, unitId, roles, password });
        console.log(`user ${u.username} created (${u.id})`);
        if (!opts.password) console.log(`password (shown once): ${password}`);
      });
    });
  user
    .command('passwd <username>')
    .description("set a user's password (and unlock the account)")
    .addOption(dataDirOption())
    .option('--password <password>', 'new password (generated and printed once when omitted)')
    .action(async (username: string, opts: GlobalOptions & { password?: string }) => {
      await withPlatform(cliConfig(opts), async (p) => {
        const u = await findUser(p, username);
        const password = opts.password ?? generatePassword();
        await p.org.setPassword(cliActor(), u.id, password);
        await p.org.unlockUser(cliActor(), u.id);
        console.log(`password of ${username} changed`);
        if (!opts.password) console.log(`password (shown once): ${password}`);
      });
    });
  user
    .command('disable <username>')
    .description('disable a user (their sessions stop working)')
    .addOption(dataDirOption())
    .action(async (username: string, opts: GlobalOptions) => {
      await withPlatform(cliConfig(opts), async (p) => {
        const u = await findUser(p, username);
        await p.org.updateUser(cliActor(), u.id, { disabled: true });
        console.log(`user ${username} disabled`);
      });
    });
  user
    .command('list')
    .description('list users')
    .addOption(dataDirOption())
    .action(async (opts: GlobalOptions) => {
      await withPlatform(cliConfig(opts), async (p) => {
        const { items } = await p.org.listUsers({ limit: 10_000, offset: 0 });
        console.table(items.map((u) => ({ username: u.username, name: u.displayName, unit: u.unitName ?? '', roles: u.roles.join(','), disabled: u.disabled })));
      });
    });

  const unit = program.command('unit').description('manage units (机关单位)');
  unit
    .command('add')
    .description('add a unit')
    .addOption(dataDirOption())
    .requiredOption('--code <uscc>', '统一社会信用代码 (18 characters)')
    .requiredOption('--name <name>')
    .addOption(new Option('--kind <kind>').choices(['city_department', 'district', 'town', 'management_committee', 'affiliated']).makeOptionMandatory())
    .option('--parent <code>', 'parent unit code or id')
    .option('--functions <list>', 'comma-separated: it_authority, information_center, supervision, secrecy_bureau, leadership_group, archives_bureau')
    .action(async (opts: GlobalOptions & { code: string; name: string; kind: string; parent?: string; functions?: string }) => {
      await withPlatform(cliConfig(opts), async (p) => {
        const parentId = opts.parent ? (await findUnit(p, opts.parent)).id : null;
        const functions = opts.functions ? opts.functions.split(',').map((f) => f.trim()).filter(Boolean) : [];
        const u = await p.org.createUnit(cliActor(), { code: opts.code, name: opts.name, kind: opts.kind as never, parentId, functions: functions as never });
        console.log(`unit ${u.name} created (${u.id})`);
      });
    });
  unit
    .command('list')
    .description('list units')
    .addOption(dataDirOption())
    .action(async (opts: GlobalOptions) => {
      await withPlatform(cliConfig(opts), async (p) => {
        const { items } = await p.org.listUnits({ limit: 10_000, offset: 0 });
        console.table(items.map((u) => ({ code: u.code, name: u.name, kind: u.kind, parent: u.parentName ?? '', functions: u.functions.join(',') })));
      });
    });

  const system = program.command('system').description('manage application systems (应用系统) of units');
  system
    .command('add')
    .description('register an application system of a unit')
    .addOption(dataDirOption())
    .requiredOption('--unit <code>', 'unit code or id')
    .requiredOption('--code <code>', 'system code, unique within the unit')
    .requiredOption('--name <name>')
    .option('--scenario <text>', 'the cross-department application it serves (第二十二条)')
    .action(async (opts: GlobalOptions & { unit: string; code: string; name: string; scenario?: string }) => {
      await withPlatform(cliConfig(opts), async (p) => {
        const u = await findUnit(p, opts.unit);
        const s = await p.org.createSystem(cliActor(), { unitId: u.id, code: opts.code, name: opts.name, scenario: opts.scenario });
        console.log(`application system ${s.name} created (${s.id})`);
      });
    });
  system
    .command('list')
    .description('list application systems')
    .addOption(dataDirOption())
    .action(async (opts: GlobalOptions) => {
      await withPlatform(cliConfig(opts), async (p) => {
        const { items } = await p.org.listSystems({});
        console.table(items.map((s) => ({ unit: s.unitName, code: s.code, name: s.name, disabled: s.disabled })));
      });
    });

  const token = program.command('token').description('manage API tokens of application systems');
  token
    .command('create')
    .description('create an API token for an application system (the secret is printed once)')
    .addOption(dataDirOption())
    .requiredOption('--unit <code>', 'unit code or id owning the system')
    .requiredOption('--system <code>', 'application system code within the unit')
    .requiredOption('--name <name>', 'token name')
    .option('--scopes <list>', 'comma-separated: catalog:read, data:read, data:write, subscribe', 'catalog:read,data:read')
    .option('--days <n>', 'validity in days (1–730)', '365')
    .action(async (opts: GlobalOptions & { unit: string; system: string; name: string; scopes: string; days: string }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > 730) throw new CliError(`--days must be an integer between 1 and 730, got "${opts.days}"`);
      await withPlatform(cliConfig(opts), async (p) => {
        const u = await findUnit(p, opts.unit);
        const system = (await p.org.listSystems({ unitId: u.id })).items.find((s) => s.code === opts.system);
        if (!system) throw new CliError(`unit ${u.name} has no application system with code "${opts.system}"`);
        const scopes = opts.scopes.split(',').map((s) => s.trim()).filter(Boolean);
        const r = await p.org.createToken(cliActor(), { systemId: system.id, name: opts.name, scopes: scopes as never, expiresInDays: days });
        console.log(`token ${r.token.id} for ${system.name} expires ${r.token.expiresAt}`);
        console.log(`secret (shown once): ${r.secret}`);
      });
    });
  token
    .command('revoke <id>')
    .description('revoke an API token')
    .addOption(dataDirOption())
    .action(async (id: string, opts: GlobalOptions) => {
      await withPlatform(cliConfig(opts), async (p) => {
        await p.org.revokeToken(cliActor(), id);
        console.log(`token ${id} revoked`);
      });
    });

  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('verify the whole audit chain and its signed checkpoints; exit code 2 when broken')
    .addOption(dataDirOption())
    .action(async (opts: GlobalOptions) => {
      await withPlatform(cliConfig(opts), async (p) => {
        const progress = bar('verifying');
        let started = false;
        const r = await p.audit.verify({
          onProgress: (done, total) => {
            if (!started) {
              progress.start(total, 0);
              started = true;
            }
            progress.update(done);
          },
        });
        if (started) progress.stop();
        await p.audit.append({ ...cliActor(), action: 'audit.verify', targetType: 'audit_chain', targetId: null, result: r.ok ? 'success' : 'failure', detail: { checkedEvents: r.checkedEvents, breaks: r.breaks.length } });
        if (r.ok) {
          console.log(`audit chain intact: ${r.checkedEvents} events, ${r.checkedCheckpoints} signed checkpoints, head ${r.lastSeq} ${r.headHash.slice(0, 16)}… (${r.algorithm}/${r.signature})`);
        } else {
          console.log(`AUDIT CHAIN BROKEN: ${r.breaks.length} problem(s) in ${r.checkedEvents} events`);
          for (const b of r.breaks.slice(0, 50)) console.log(`  seq ${b.seq}: ${b.reason}${b.detail ? ` — ${b.detail}` : ''}`);
          throw new CliError('audit verification failed', 2);
        }
      });
    });

  program
    .command('export-archive')
    .description('write a resource\'s archival package (dataset snapshot, catalog metadata and version, manifest with checksums) as a ZIP')
    .argument('<code>', 'resource code, e.g. A01/000001')
    .addOption(dataDirOption())
    .requiredOption('--out <file>', 'ZIP file to write')
    .action(async (code: string, opts: GlobalOptions & { out: string }) => {
      const config = cliConfig(opts);
      const out = resolve(opts.out);
      if (existsSync(out)) throw new CliError(`${out} already exists; choose a new file`);
      const summary = await withPlatform(config, async (p) => {
        // The operator at the console acts as the platform administrator (canArchive).
        const by = { ...cliActor(), kind: 'user' as const, roles: ['platform_admin' as const], scopes: [], systemId: null };
        let src;
        try {
          src = await p.exchange.archiveSource(by, code);
        } catch (e) {
          if (e instanceof AppError) throw new CliError(translate(e.messageKey, 'zh-CN', e.params));
          throw e;
        }
        const file = createWriteStream(out, { flags: 'wx' });
        const result = await writeArchive(file, { resource: src.resource, schema: src.schema, rows: src.rows, exportedAt: new Date().toISOString(), exportedBy: by.actorName, tmpDir: src.tmpDir, platformVersion: PLATFORM_VERSION });
        await new Promise<void>((ok, fail) => (file.closed ? ok() : file.once('close', () => ok()).once('error', fail)));
        return result;
      });
      console.log(`archive written: ${out} (${summary.rowCount} rows; ${summary.files.map((f) => `${f.name} sha256:${f.sha256.slice(0, 12)}…`).join(', ')})`);
    });

  program
    .command('backup')
    .description('back up the database (SQLite online backup; for PostgreSQL prints the pg_dump command)')
    .addOption(dataDirOption())
    .requiredOption('--out <file>', 'backup file to write')
    .action(async (opts: GlobalOptions & { out: string }) => {
      const config = cliConfig(opts);
      const out = resolve(opts.out);
      if (config.databaseUrl) {
        console.log('PostgreSQL: back up with pg_dump (the data directory holds the audit signing key: back it up too):');
        console.log(`  pg_dump --format=custom --file=${JSON.stringify(out)} ${JSON.stringify(config.databaseUrl)}`);
        return;
      }
      if (existsSync(out)) throw new CliError(`${out} already exists; choose a new file`);
      await withPlatform(config, async (p) => {
        await p.audit.flush();
        const progress = bar('backup');
        let started = false;
        await p.db.sqlite!.backup(out, {
          progress({ totalPages, remainingPages }) {
            if (!started) {
              progress.start(totalPages, 0);
              started = true;
            }
            progress.update(totalPages - remainingPages);
            return 200;
          },
        });
        if (started) progress.stop();
        await p.audit.append({ ...cliActor(), action: 'ops.backup', targetType: 'database', targetId: out, result: 'success', detail: { bytes: statSync(out).size } });
      });
      console.log(`backup written: ${out} (${statSync(out).size} bytes). Keep the data directory's audit-signing-key*.pem and integrity-seal.key with it.`);
    });

  program
    .command('restore')
    .description('restore a SQLite backup into the data directory (stop the server first), then verify the audit chain')
    .addOption(dataDirOption())
    .requiredOption('--from <file>', 'backup file written by `govshare backup`')
    .action(async (opts: GlobalOptions & { from: string }) => {
      const config = cliConfig(opts);
      const from = resolve(opts.from);
      if (config.databaseUrl) {
        console.log('PostgreSQL: restore with pg_restore into an empty database, then run `govshare audit verify`:');
        console.log(`  pg_restore --clean --if-exists --dbname=${JSON.stringify(config.databaseUrl)} ${JSON.stringify(from)}`);
        return;
      }
      if (!existsSync(from)) throw new CliError(`backup file not found: ${from}`);
      checkBackupFile(from);
      const target = join(config.dataDir, 'govshare.db');
      if (existsSync(target)) {
        const aside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(target, aside);
        console.log(`previous database kept as ${aside}`);
      }
      for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
      copyFileSync(from, target);
      await withPlatform(config, async (p) => {
        const r = await p.audit.verify();
        await p.audit.append({ ...cliActor(), action: 'ops.restore', targetType: 'database', targetId: from, result: r.ok ? 'success' : 'failure', detail: { checkedEvents: r.checkedEvents } });
        if (!r.ok) throw new CliError(`restored, but the audit chain does not verify (${r.breaks.length} problems) — run \`govshare audit verify\``, 2);
        console.log(`restored ${from}: audit chain intact (${r.checkedEvents} events)`);
      });
    });

  program
    .command('evaluate')
    .description('run the annual evaluation (年度评估, 第二十八条) of a year as a new version; --publish publishes it')
    .addOption(dataDirOption())
    .requiredOption('--year <year>', 'the evaluated year, e.g. 2026')
    .option('--publish', 'publish the run at once (it can then never change)')
    .action(async (opts: GlobalOptions & { year: string; publish?: boolean }) => {
      const year = Number(opts.year);
      if (!Number.isInteger(year)) throw new CliError('--year must be a year, e.g. 2026');
      await withPlatform(cliConfig(opts), async (p) => {
        const run = await p.evaluation.run({ ...cliActor(), kind: 'system', roles: [] }, { year, publish: !!opts.publish });
        console.log(`evaluation ${run.year} version ${run.version} ${run.state} (${run.id}), ${run.units} units, settings version ${run.settingsVersion}`);
        console.table(run.results.map((r) => ({ rank: r.rank, unit: r.unitName, total: r.total.toFixed(2), grade: r.grade })));
      });
    });

  program
    .command('config')
    .description('list every setting with its environment variable and default')
    .action(() => {
      for (const s of SETTINGS) console.log(`${s.env.padEnd(34)} ${String(s.default ?? '(unset)').padEnd(12)} ${s.describe}`);
    });

  return program;
}

/** Refuses files that are not an intact GovShare SQLite database. */
function checkBackupFile(file: string): void {
  let db: SQLite.Database | null = null;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new CliError(`${file} is damaged: ${String(integrity)}`);
    const t = db.prepare("select count(*) n from sqlite_master where type='table' and name in ('schema_migration','audit_event','unit')").get() as { n: number };
    if (t.n < 3) throw new CliError(`${file} is not a GovShare database`);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${file} is not a readable SQLite database: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`govshare: ${e.message}`);
      process.exit(e.exitCode);
    }
    if (e instanceof ConfigError) {
      console.error(`govshare: ${e.message}`);
      process.exit(1);
    }
    if (e instanceof AppError) {
      const fields = e.fieldErrors.map((f) => `${f.field}: ${translate(f.messageKey, 'en', f.params)}`).join('; ');
      console.error(`govshare: ${translate(e.messageKey, 'en', e.params)}${fields ? ` (${fields})` : ''}`);
      process.exit(1);
    }
    console.error(`govshare: ${(e as Error).message ?? String(e)}`);
    process.exit(1);
  }
}
