import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../core/context.js';
import { registerPolicy } from '../../core/accounts/policy.js';
import { addStrings, translate } from '../../core/i18n.js';
import { systemActor } from '../../core/scope.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { importKinds, type ImportKind } from './kinds.js';
import { importsPolicy } from './policy.js';
import { ImportRejected, runImport } from './service.js';

export function isImportKind(value: string | undefined): value is ImportKind {
  return importKinds.includes(value as ImportKind);
}

/**
 * `gridgov import <kind> <file.xlsx|file.csv> [--dry-run]`: the same import as the API, run as the
 * system administrator, printing a line per 1,000 rows checked and written, then the report as
 * JSON; a refused file prints every bad row and exits 1.
 */
export async function importFileCommand({ ctx, kind, file, dryRun, log }: { ctx: AppContext; kind: ImportKind; file: string; dryRun: boolean; log: (line: string) => void }): Promise<number> {
  // The command runs without the server, so the module's permissions and strings are added here.
  registerPolicy(importsPolicy);
  addStrings({ 'zh-CN': zhCN, en });
  const data = fs.readFileSync(file);
  try {
    const report = await runImport({
      ctx, actor: systemActor, kind, dryRun, file: { filename: path.basename(file), data },
      progress: (phase, done, total) => log(`${phase === 'check' ? 'checked' : 'written'} ${done}/${total}`),
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ImportRejected)) throw error;
    for (const e of error.report.errors) log(`row ${e.row} ${e.column}: ${translate('zh-CN', `reasons.${e.reason}`, e.params ?? {})} (${translate('en', `reasons.${e.reason}`, e.params ?? {})})`);
    process.stdout.write(`${JSON.stringify(error.report)}\n`);
    return 1;
  }
}
