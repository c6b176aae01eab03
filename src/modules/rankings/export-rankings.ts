import ExcelJS from 'exceljs';
import type { AppContext } from '../../core/context.js';
import { translate, type Locale } from '../../core/i18n.js';
import type { Actor } from '../../core/scope.js';
import type { RankingQuery, RankingRow } from './schemas.js';
import { rankingsService } from './service.js';

/**
 * The ranking the page shows, as an Excel workbook: the whole list, then the red and the black
 * list, each row with its value and, for a rate, its numerator and denominator. Headings follow
 * the caller's language.
 */
export async function exportRankings({ ctx, actor, query, locale }: { ctx: AppContext; actor: Actor | undefined; query: RankingQuery; locale: Locale }): Promise<{ buffer: Buffer; filename: string }> {
  const result = await rankingsService(ctx).rank(actor, query);
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, `rankings.export.${key}`, params);
  const names = { subject: translate(locale, `rankings.subject.${result.subject}`), indicator: translate(locale, `rankings.indicator.${result.indicator}`), from: result.period.from, to: result.period.to };
  const isShare = result.kind === 'rate';
  const detailOf = (row: RankingRow) => (result.subject === 'organization' && row.subject.detail ? translate(locale, `cobuild.organizationKind.${row.subject.detail}`) : (row.subject.detail ?? ''));

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gridgov';
  workbook.created = ctx.clock.now();
  const sheetOf = (title: string, rows: RankingRow[]) => {
    const sheet = workbook.addWorksheet(title);
    sheet.addRow([t('title', { grid: result.grid.name, ...names })]).font = { bold: true, size: 13 };
    sheet.addRow([t('rule', { minVolume: result.minVolume, size: result.size })]);
    const head = sheet.addRow([t('rank'), t('name'), t('detail'), `${t('value')}（${names.indicator}）`, t('numerator'), t('denominator'), t('volume'), t('eligible')]);
    head.font = { bold: true };
    for (const row of rows) {
      const added = sheet.addRow([row.rank, row.subject.name, detailOf(row), row.value, row.numerator, row.denominator, row.volume, row.isEligible ? t('yes') : t('no')]);
      if (isShare && row.value !== null) added.getCell(4).numFmt = '0.00%';
    }
    sheet.columns.forEach((c, i) => (c.width = [8, 30, 18, 18, 10, 10, 10, 8][i]));
    sheet.views = [{ state: 'frozen', ySplit: 3 }];
    return sheet;
  };
  sheetOf(t('sheet'), result.items);
  sheetOf(t('redSheet'), result.red);
  sheetOf(t('blackSheet'), result.black);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, filename: `${t('filename', names)}.xlsx` };
}
