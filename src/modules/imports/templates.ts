import ExcelJS from 'exceljs';
import type { Locale } from '../../core/i18n.js';
import { columnText, importColumns, templateText, type ImportKind } from './kinds.js';

/** Headers as the template writes them: Chinese, with `*` on required columns. */
function headers(kind: ImportKind): string[] {
  return importColumns[kind].map((c) => `${columnText('zh-CN', kind, c.key).header}${c.isRequired ? '*' : ''}`);
}

function example(kind: ImportKind): string[] {
  return importColumns[kind].map((c) => columnText('zh-CN', kind, c.key).example);
}

/**
 * The Excel template of a kind: a data sheet with Chinese headers and one example row (every
 * column formatted as text, so identity numbers and long grid codes keep their digits), and a
 * second sheet explaining each column in the caller's language.
 */
export async function xlsxTemplate(kind: ImportKind, locale: Locale): Promise<Buffer> {
  const t = templateText(locale);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gridgov';
  const data = workbook.addWorksheet(templateText('zh-CN').dataSheet);
  data.addRow(headers(kind)).font = { bold: true };
  data.addRow(example(kind)).font = { italic: true, color: { argb: 'FF888888' } };
  importColumns[kind].forEach((c, i) => {
    const column = data.getColumn(i + 1);
    column.width = Math.max(12, [...columnText('zh-CN', kind, c.key).header].length * 2 + 4, columnText('zh-CN', kind, c.key).example.length + 2);
    column.numFmt = '@';
  });
  data.views = [{ state: 'frozen', ySplit: 1 }];

  const notes = workbook.addWorksheet(t.notesSheet);
  notes.addRow([t.hint]);
  notes.mergeCells(1, 1, 1, 5);
  notes.getRow(1).alignment = { wrapText: true };
  notes.getRow(1).height = 36;
  notes.addRow([t.column, t.englishName, t.required, t.note, t.example]).font = { bold: true };
  for (const c of importColumns[kind]) {
    notes.addRow([columnText('zh-CN', kind, c.key).header, c.key, c.isRequired ? t.yes : t.no, columnText(locale, kind, c.key).note, columnText('zh-CN', kind, c.key).example]);
  }
  notes.columns.forEach((column, i) => (column.width = [18, 18, 8, 70, 24][i]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The CSV template: a UTF-8 BOM (so Excel shows the Chinese), the header line and the example row. */
export function csvTemplate(kind: ImportKind): Buffer {
  const line = (cells: string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  return Buffer.from(`\uFEFF${line(headers(kind))}\r\n${line(example(kind))}\r\n`, 'utf8');
}
