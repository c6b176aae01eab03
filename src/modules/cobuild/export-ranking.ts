import ExcelJS from 'exceljs';
import type { AppContext } from '../../core/context.js';
import { translate, type Locale } from '../../core/i18n.js';
import type { Actor } from '../../core/scope.js';
import { ranking } from './assessment.js';
import { listKinds } from './tables.js';

/**
 * The year's assessment ranking as an Excel workbook (the format offices exchange): one sheet of
 * ranks with every counted quantity and each part of the score, one sheet with the scheme used.
 * Headings follow the caller's language.
 */
export async function exportRanking({ ctx, actor, year, grid, locale }: { ctx: AppContext; actor: Actor | undefined; year: number; grid?: string; locale: Locale }): Promise<{ buffer: Buffer; filename: string }> {
  const result = await ranking({ ctx, actor, year, grid });
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, `cobuild.export.${key}`, params);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gridgov';
  workbook.created = ctx.clock.now();

  const sheet = workbook.addWorksheet(t('rankingSheet', { year }));
  sheet.columns = [
    { header: t('rank'), key: 'rank', width: 8 },
    { header: t('organization'), key: 'name', width: 34 },
    { header: t('kind'), key: 'kind', width: 12 },
    { header: t('place'), key: 'place', width: 14 },
    { header: t('completedProjects'), key: 'projects', width: 12 },
    ...listKinds.map((k) => ({ header: t(`delivered.${k}`), key: `d_${k}`, width: 14 })),
    { header: t('memberHours'), key: 'hours', width: 16 },
    { header: t('ratingStars'), key: 'stars', width: 12 },
    { header: t('withdrawnCommitments'), key: 'withdrawn', width: 12 },
    { header: t('projectPoints'), key: 'pProjects', width: 12 },
    { header: t('resourcePoints'), key: 'pResources', width: 12 },
    { header: t('hourPoints'), key: 'pHours', width: 12 },
    { header: t('ratingPoints'), key: 'pRatings', width: 12 },
    { header: t('deductions'), key: 'pDeductions', width: 12 },
    { header: t('total'), key: 'total', width: 10 },
  ];
  for (const row of result.items) {
    sheet.addRow({
      rank: row.rank,
      name: row.organization.name,
      kind: translate(locale, `cobuild.organizationKind.${row.organization.kind}`),
      place: row.organization.gridName,
      projects: row.contribution.completedProjects,
      ...Object.fromEntries(listKinds.map((k) => [`d_${k}`, row.contribution.delivered[k]])),
      hours: row.contribution.memberHours,
      stars: row.contribution.ratingStars,
      withdrawn: row.contribution.withdrawnCommitments,
      pProjects: row.parts.projects,
      pResources: row.parts.resources,
      pHours: row.parts.memberHours,
      pRatings: row.parts.ratings,
      pDeductions: row.parts.deductions,
      total: row.total,
    });
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };

  const rules = workbook.addWorksheet(t('schemeSheet'));
  rules.columns = [{ header: t('rule'), key: 'rule', width: 40 }, { header: t('points'), key: 'points', width: 12 }];
  rules.addRow({ rule: t('rules.completedProject'), points: result.rules.completedProject });
  for (const k of listKinds) rules.addRow({ rule: t(`rules.perUnit.${k}`), points: result.rules.perUnit[k] });
  rules.addRow({ rule: t('rules.memberHour'), points: result.rules.memberHour });
  rules.addRow({ rule: t('rules.ratingStar'), points: result.rules.ratingStar });
  rules.addRow({ rule: t('rules.withdrawnCommitment'), points: result.rules.withdrawnCommitment });
  if (result.isDefault) rules.addRow({ rule: t('defaultScheme'), points: null });
  rules.getRow(1).font = { bold: true };

  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, filename: `${t('filename', { year })}.xlsx` };
}
