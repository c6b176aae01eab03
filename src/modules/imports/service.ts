import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { Locale } from '../../core/i18n.js';
import type { Actor } from '../../core/scope.js';
import { planBuildings } from './import-buildings.js';
import { planOrganizations } from './import-organizations.js';
import { planPartyMembers } from './import-party-members.js';
import { planResidents } from './import-residents.js';
import type { ImportKind } from './kinds.js';
import { readSheet, type SheetRow, type UploadedFile } from './read-sheet.js';
import type { ImportPlan, ImportProgress, RowError } from './row-check.js';
import { csvTemplate, xlsxTemplate } from './templates.js';

/** The answer of an import: how many rows, how many records created and updated, and (when refused) every bad cell. */
export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  kind: ImportKind;
  rows: number;
  created: number;
  updated: number;
  errors: RowError[];
}

/** Thrown when any row is bad: nothing was written; the report lists every bad cell. */
export class ImportRejected extends AppError {
  constructor(readonly report: ImportReport) {
    super('validation', { errors: report.errors.map((e) => ({ field: `rows/${e.row}/${e.column}`, reason: e.reason, params: e.params })) });
  }
}

type Planner = (options: { ctx: AppContext; actor: Actor; rows: SheetRow[]; progress: ImportProgress }) => Promise<ImportPlan>;
const planners: Record<ImportKind, Planner> = { buildings: planBuildings, residents: planResidents, partyMembers: planPartyMembers, organizations: planOrganizations };

/**
 * Imports one file of one kind, all or nothing: every row is checked first (same rules as the
 * API, the importer's scope, duplicates within the file); any bad row refuses the whole file
 * with every problem listed; otherwise all rows are written in one transaction. A dry run stops
 * after the check and says what would be created and updated.
 */
export async function runImport({ ctx, actor, kind, file, dryRun, progress = () => {} }: { ctx: AppContext; actor: Actor | undefined; kind: ImportKind; file: UploadedFile; dryRun: boolean; progress?: ImportProgress }): Promise<ImportReport> {
  requirePermission(actor, `import.${kind}`);
  const rows = await readSheet(kind, file);
  const plan = await planners[kind]({ ctx, actor, rows, progress });
  const report: ImportReport = { ok: plan.errors.length === 0, dryRun, kind, rows: rows.length, created: plan.created, updated: plan.updated, errors: plan.errors };
  if (!report.ok) throw new ImportRejected({ ...report, created: 0, updated: 0 });
  if (dryRun) return report;
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await plan.write(trx, (done) => progress('write', done, rows.length));
    await recordAudit(trx, actor, now, { action: `import.${kind}`, recordType: kind, gridPath: actor.scopePaths[0] ?? null, details: { file: file.filename.slice(0, 200), rows: report.rows, created: report.created, updated: report.updated } });
  });
  progress('write', rows.length, rows.length);
  return report;
}

/** The template of a kind, as .xlsx (with a sheet explaining the columns) or .csv. */
export async function importTemplate({ actor, kind, format, locale }: { actor: Actor | undefined; kind: ImportKind; format: 'xlsx' | 'csv'; locale: Locale }): Promise<Buffer> {
  requirePermission(actor, 'import.use');
  return format === 'xlsx' ? xlsxTemplate(kind, locale) : csvTemplate(kind);
}
