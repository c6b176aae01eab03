import ExcelJS from 'exceljs';
import type { AppContext } from '../../core/context.js';
import { translate, type Locale } from '../../core/i18n.js';
import type { ResultsReport } from './schemas.js';

/** Rows above the table: the title, the grid, the period, a blank line. The header row follows. */
export const TITLE_ROWS = 4;

/**
 * The results report as one Excel sheet: the title, the grid and the period on top, then one row
 * per figure (group, id, label, value, unit, definition) in the registry's order. Headings follow
 * the caller's language.
 */
export async function exportResults({ ctx, report, locale }: { ctx: AppContext; report: ResultsReport; locale: Locale }): Promise<{ buffer: Buffer; filename: string }> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, `reports.export.${key}`, params);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gridgov';
  workbook.created = ctx.clock.now();
  const sheet = workbook.addWorksheet(t('sheet'), { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 16 }, { width: 28 }, { width: 30 }, { width: 14 }, { width: 10 }, { width: 90 }];
  const groupLabel = new Map(report.groups.map((g) => [g.id, g.label]));

  sheet.addRow([t('title', { grid: report.grid.name })]).font = { bold: true, size: 14 };
  sheet.addRow([t('grid', { grid: report.grid.name, code: report.grid.code })]);
  sheet.addRow([t('period', { from: report.period.from, to: report.period.to })]);
  sheet.addRow([]);
  const header = sheet.addRow(['group', 'id', 'label', 'value', 'unit', 'definition'].map((k) => t(`columns.${k}`)));
  header.font = { bold: true };
  for (const f of report.figures) {
    const row = sheet.addRow([groupLabel.get(f.group) ?? f.group, f.id, f.label, f.value, f.unitLabel, f.definition]);
    row.getCell(6).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(4).numFmt = Number.isInteger(f.value) ? '#,##0' : '#,##0.00';
  }
  sheet.views = [{ state: 'frozen', ySplit: TITLE_ROWS + 1 }];
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, filename: `${t('filename', { grid: report.grid.name, from: report.period.from, to: report.period.to })}.xlsx` };
}
