import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError, invalidField, type FieldError } from '../../core/errors.js';
import { columnText, headerLookup, importColumns, normalizeHeader, type ImportKind } from './kinds.js';

/** Uploads above this answer 413. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** One request imports at most this many rows (10,000 residents fit with room to spare). */
export const MAX_ROWS = 50_000;

/** One data row: its line in the file (the header is line 1) and its cells by column key, trimmed. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Which format a file is, judged by its extension AND its first bytes: an .xlsx is a zip
 * (`PK\3\4`); a .csv is text (no NUL byte in its first 8 KB). Anything else, or a mismatch
 * (an .xls renamed .xlsx, a zip renamed .csv), is refused.
 */
export function fileFormat(file: UploadedFile): 'xlsx' | 'csv' {
  const name = file.filename.toLowerCase();
  const head = file.data.subarray(0, 8192);
  if (name.endsWith('.xlsx') && head.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (name.endsWith('.csv') && !head.subarray(0, 4).equals(ZIP_MAGIC) && !head.includes(0)) return 'csv';
  throw invalidField('file', 'fileType', { value: file.filename });
}

/** A cell as text: numbers without exponent where exact, dates as YYYY-MM-DD, rich text flattened. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  return '';
}

async function xlsxRows(data: Buffer): Promise<{ line: number; values: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    throw invalidField('file', 'unreadableFile', { message: (error as Error).message.slice(0, 120) });
  }
  // The template's data sheet comes first; its second sheet only explains the columns.
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalidField('file', 'emptyFile');
  const out: { line: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      values[column - 1] = cellText(cell.value);
    });
    out.push({ line, values: Array.from(values, (v) => v ?? '') });
  });
  return out;
}

/** CSV text: UTF-8 (with or without BOM), or GB18030 as Excel on Chinese Windows saves it. */
function decodeCsv(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

function csvRows(data: Buffer): { line: number; values: string[] }[] {
  try {
    const records = parseCsv(decodeCsv(data), { relax_column_count: true, skip_empty_lines: true, info: true }) as { record: string[]; info: { lines: number } }[];
    return records.map(({ record, info }) => ({ line: info.lines, values: record.map((v) => v.trim()) }));
  } catch (error) {
    throw invalidField('file', 'invalidCsv', { message: (error as Error).message.slice(0, 120) });
  }
}

/**
 * Reads an uploaded .xlsx or .csv into rows keyed by column. The first row holds the headers,
 * in Chinese or English (a trailing `*` is ignored); unknown columns are ignored, missing
 * required ones fail the file with each one named.
 */
export async function readSheet(kind: ImportKind, file: UploadedFile): Promise<SheetRow[]> {
  const format = fileFormat(file);
  const raw = format === 'xlsx' ? await xlsxRows(file.data) : csvRows(file.data);
  const [header, ...body] = raw;
  if (!header) throw invalidField('file', 'emptyFile');
  const lookup = headerLookup(kind);
  const positions = new Map<string, number>();
  const errors: FieldError[] = [];
  header.values.forEach((text, index) => {
    const key = lookup.get(normalizeHeader(text));
    if (!key) return;
    if (positions.has(key)) errors.push({ field: 'file', reason: 'duplicateColumn', params: { value: text } });
    positions.set(key, index);
  });
  for (const column of importColumns[kind]) {
    if (column.isRequired && !positions.has(column.key)) errors.push({ field: 'file', reason: 'missingColumn', params: { value: `${columnText('zh-CN', kind, column.key).header} (${column.key})` } });
  }
  if (errors.length) throw new AppError('validation', { errors });
  const rows: SheetRow[] = [];
  for (const { line, values } of body) {
    if (values.every((v) => v === '')) continue;
    const cells: Record<string, string> = {};
    for (const { key } of importColumns[kind]) {
      const at = positions.get(key);
      cells[key] = at === undefined ? '' : (values[at] ?? '');
    }
    rows.push({ row: line, cells });
  }
  if (rows.length === 0) throw invalidField('file', 'emptyFile');
  if (rows.length > MAX_ROWS) throw invalidField('file', 'tooManyRows', { limit: MAX_ROWS });
  return rows;
}
