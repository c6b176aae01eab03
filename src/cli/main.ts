#!/usr/bin/env node
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Cron } from 'croner';
import { hashPassword } from '../core/accounts/service.js';
import { accountsService } from '../core/accounts/service.js';
import type { AppContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { gridsService } from '../core/grids/service.js';
import { translate } from '../core/i18n.js';
import { newId } from '../core/ids.js';
import { startNotificationLoop } from '../core/notifications/dispatcher.js';
import { systemActor } from '../core/scope.js';
import type { Role } from '../db/schema.js';
import { buildApp } from '../server/app.js';
import { createContext } from '../server/bootstrap.js';
import { loadConfig } from '../server/config.js';
import { sweepSla } from '../modules/cases/sweep-sla.js';
import { rebuildRollups } from '../modules/analytics/rollups.js';
import { transaction } from '../db/index.js';
import { startDeliberationJobs } from '../modules/deliberation/jobs.js';
import { loadDemoWorld } from '../../demo/load.js';
import { importFileCommand, isImportKind } from '../modules/imports/cli.js';

const usage = `gridgov — 网格化社会治理平台

Usage:
  gridgov serve [--demo]               serve the API and web app (--demo: load the Muling demo world into an empty database)
  gridgov migrate                      apply database migrations
  gridgov demo load [--seed N]         load the Muling demo world into an empty database
  gridgov import divisions <csv> [--dry-run]     import a division list (code,name,level,parent_code)
  gridgov import boundaries <geojson> [--dry-run] import grid boundaries (features with properties.code)
  gridgov import <buildings|residents|partyMembers|organizations> <xlsx|csv> [--dry-run]  all or nothing, progress per 1,000 rows
  gridgov user add <username> --role <role> [--scope <code>]... [--password <pw>] [--name <display name>]
  gridgov backup <file>                consistent copy of the SQLite database (safe while serving)
  gridgov sla sweep [--at <ISO time>]  one SLA sweep now (or as if at that time); prints the counts as JSON
  gridgov analytics rebuild            recompute the case roll-ups from the cases (after a bulk load), in one transaction

Configuration comes from the environment: PORT, DATA_DIR, DATABASE_URL, GRIDGOV_ADMIN_PASSWORD,
GRIDGOV_DEMO_PASSWORD, GRIDGOV_SECRET, MAP_TILE_URL, LOG_LEVEL (see README.md).`;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      seed: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      role: { type: 'string' },
      scope: { type: 'string', multiple: true },
      password: { type: 'string' },
      name: { type: 'string' },
      at: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, sub, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(`${usage}\n`);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  const ctx = await createContext(config, { log });
  try {
    switch (command) {
      case 'serve':
        return await serve(ctx, { demo: values.demo });
      case 'migrate':
        log('database is up to date');
        return 0;
      case 'demo':
        if (sub !== 'load') break;
        await loadDemo(ctx, values.seed ? Number(values.seed) : undefined);
        return 0;
      case 'import': {
        const file = arg;
        if (file && isImportKind(sub)) return await importFileCommand({ ctx, kind: sub, file, dryRun: values['dry-run'], log });
        if (!file || (sub !== 'divisions' && sub !== 'boundaries')) break;
        const text = fs.readFileSync(file, 'utf8');
        const grids = gridsService(ctx);
        const report = sub === 'divisions' ? await grids.importDivisions(systemActor, text, { dryRun: values['dry-run'] }) : await grids.importBoundaries(systemActor, text, { dryRun: values['dry-run'] });
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return 0;
      }
      case 'user': {
        if (sub !== 'add' || !arg || !values.role) break;
        const password = values.password ?? crypto.randomBytes(9).toString('base64url');
        const user = await accountsService(ctx).createUser(systemActor, { username: arg, password, role: values.role as Role, scope: values.scope ?? [], displayName: values.name });
        process.stdout.write(`${JSON.stringify({ ...user, ...(values.password ? {} : { password }) })}\n`);
        return 0;
      }
      case 'sla': {
        if (sub !== 'sweep') break;
        const at = values.at === undefined ? undefined : new Date(values.at);
        if (at && Number.isNaN(at.getTime())) throw new AppError('validation', { errors: [{ field: '--at', reason: 'format' }] });
        process.stdout.write(`${JSON.stringify(await sweepSla({ ctx, at }))}\n`);
        return 0;
      }
      case 'analytics': {
        if (sub !== 'rebuild') break;
        process.stdout.write(`${JSON.stringify(await transaction(ctx.db, (trx) => rebuildRollups(trx, log)))}\n`);
        return 0;
      }
      case 'backup': {
        if (!sub) break;
        if (!ctx.db.sqlite) throw new AppError('badRequest', { errors: [{ field: 'DATABASE_URL', reason: 'sqliteOnly' }] });
        await ctx.db.sqlite.backup(sub);
        log(`backup written to ${sub}`);
        return 0;
      }
    }
    process.stderr.write(`${usage}\n`);
    return 2;
  } catch (error) {
    if (error instanceof AppError) {
      log(`${translate('zh-CN', `errors.${error.code}`, error.params)} / ${translate('en', `errors.${error.code}`, error.params)}`);
      for (const e of error.errors) log(`  ${e.field}: ${translate('zh-CN', `reasons.${e.reason}`, e.params ?? {})} (${translate('en', `reasons.${e.reason}`, e.params ?? {})})`);
      return 1;
    }
    throw error;
  } finally {
    if (command !== 'serve') await ctx.db.close();
  }
}

/** Creates the `admin` account on first start; its password comes from GRIDGOV_ADMIN_PASSWORD or is printed once. */
async function ensureAdmin(ctx: AppContext): Promise<void> {
  const exists = await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (exists) return;
  const password = ctx.config.adminPassword ?? crypto.randomBytes(12).toString('base64url');
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely
    .insertInto('users')
    .values({ id: newId(), username: 'admin', display_name: '系统管理员', password_hash: await hashPassword(password), role: 'admin', person_id: null, locale: 'zh-CN', is_active: 1, created_at: now, updated_at: now, last_login_at: null })
    .execute();
  log(translate('zh-CN', 'cli.adminCreated', { password: ctx.config.adminPassword ? '(GRIDGOV_ADMIN_PASSWORD)' : password }));
}

async function loadDemo(ctx: AppContext, seed?: number): Promise<void> {
  const started = Date.now();
  const result = await loadDemoWorld({ db: ctx.db, cipher: ctx.cipher, seed, demoPassword: ctx.config.demoPassword, log });
  ctx.locator.invalidate();
  const password = ctx.config.demoPassword ? '(GRIDGOV_DEMO_PASSWORD)' : result.accounts[0]?.password ?? '';
  log(translate('zh-CN', 'cli.demoLoaded', { password }));
  log(`demo accounts: ${result.accounts.map((a) => a.username).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function serve(ctx: AppContext, options: { demo: boolean }): Promise<number> {
  await ensureAdmin(ctx);
  if (options.demo) {
    const anyGrid = await ctx.db.kysely.selectFrom('grids').select('id').limit(1).executeTakeFirst();
    if (!anyGrid) await loadDemo(ctx);
  }
  const app = await buildApp(ctx, { logger: { level: ctx.config.logLevel } });
  // Every instance sweeps each minute; the sweep's conditional updates make each change happen once.
  let sweeping: Promise<void> | undefined;
  const slaJob = new Cron('* * * * *', { protect: true, unref: true }, () => {
    sweeping = sweepSla({ ctx })
      .then((result) => {
        if (result.markedOverdue || result.escalated) app.log.info(result, 'sla sweep');
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'sla sweep failed'))
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  });
  const notifications = startNotificationLoop(ctx, app.log);
  const deliberationJobs = startDeliberationJobs(ctx, app.log);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    slaJob.stop();
    await Promise.all([sweeping, notifications.stop(), deliberationJobs.stop()]);
    // close() stops accepting connections and resolves once in-flight requests have finished.
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  log(translate('zh-CN', 'cli.listening', { port: ctx.config.port }));
  return await new Promise<number>(() => undefined);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
