import { isValidElement, useState, type ReactNode } from 'react';
import { Button, message, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, buildUrl } from '../api.js';

type Query = Record<string, string | number | boolean | null | undefined>;

/**
 * A table column as antd declares it; only what the export reads. Lists drawn as cards or boards
 * declare their export columns in this shape too (title and render, no Table needed).
 */
export interface ExportableColumn<T> {
  key?: string | number | bigint;
  title?: ReactNode | ((props: never) => ReactNode);
  dataIndex?: string | number | readonly (string | number)[];
  render?: (value: never, record: T, index: number) => ReactNode;
  hidden?: boolean;
}

/** The most rows one export fetches. */
export const EXPORT_CAP = 50_000;
const PAGE = 500;

/**
 * The text a cell shows: strings and numbers as they are, elements by their children (a link,
 * a tag), arrays joined; a component that needs hooks to render gives its text through `texts`.
 */
export function textOf(node: unknown): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) return node.map(textOf).filter(Boolean).join(' ');
  if (isValidElement(node)) {
    const props = node.props as { children?: ReactNode };
    if (props.children !== undefined) return textOf(props.children);
    if (typeof node.type === 'function') {
      try {
        return textOf((node.type as (p: unknown) => ReactNode)(node.props));
      } catch {
        return '';
      }
    }
  }
  return '';
}

function valueAt(record: unknown, dataIndex: ExportableColumn<unknown>['dataIndex']): unknown {
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[String(k)] : undefined), record);
}

/** Each column's title and cell text, as the table shows them. */
export function exportRows<T>(columns: ExportableColumn<T>[], rows: T[], texts: Record<string, (row: T) => unknown> = {}): { titles: string[]; cells: string[][] } {
  const visible = columns.filter((c) => !c.hidden && (c.key !== undefined || c.dataIndex !== undefined || c.title !== undefined));
  const titles = visible.map((c) => textOf(typeof c.title === 'function' ? '' : c.title));
  const cells = rows.map((row, i) =>
    visible.map((c) => {
      const id = c.key ?? (typeof c.dataIndex === 'string' || typeof c.dataIndex === 'number' ? c.dataIndex : undefined);
      const override = id !== undefined ? texts[String(id)] : undefined;
      if (override) return textOf(override(row));
      const value = c.dataIndex !== undefined ? valueAt(row, c.dataIndex) : undefined;
      return textOf(c.render ? c.render(value as never, row, i) : value);
    }),
  );
  return { titles, cells };
}

interface Props<T> {
  /** The list endpoint the table reads (`/api/people`), paged with limit/offset and answering `{items, total}`. */
  path?: string;
  /** The filters the table uses now. */
  query?: Query;
  /** Rows already in hand (lists that are not paged on the server). */
  rows?: T[];
  /** The table's columns (or, for a card list, the fields each card shows): the export has the same titles, in the same order. */
  columns: TableColumnsType<T> | ExportableColumn<T>[];
  /** Text of cells whose rendering needs more than their children (by column key, or dataIndex when it has none). */
  texts?: Record<string, (row: T) => unknown>;
  /** Where the endpoint keeps its rows when not in `items`. */
  pick?: (page: unknown) => T[];
  fileName: string;
  /** Tells apart several exports on one page (defaults to `export-button`). */
  testId?: string;
}

/**
 * 导出 Excel: every list page's one export. It fetches all pages of the current filter (up to
 * 50,000 rows, with progress), renders each visible column's cells to text as the table shows
 * them (masked values stay masked: they come masked from the API) and writes an .xlsx in the
 * browser. exceljs is loaded only on click, so it is in no page's first load.
 */
export function ExportButton<T>({ path, query, rows, columns, texts, pick, fileName, testId = 'export-button' }: Props<T>) {
  const { t } = useTranslation();
  const [isBusy, setBusy] = useState(false);

  const fetchAll = async (): Promise<{ items: T[]; isCapped: boolean }> => {
    if (rows || !path) return { items: rows ?? [], isCapped: false };
    const items: T[] = [];
    for (let offset = 0; offset < EXPORT_CAP; offset += PAGE) {
      // A path may carry its own query already (repeated parameters such as `state=a&state=b`).
      const extra = buildUrl('', { ...query, limit: PAGE, offset }).slice(1);
      const page = await api<{ items?: T[]; total?: number }>(`${path}${path.includes('?') ? '&' : '?'}${extra}`);
      const got = pick ? pick(page) : (page.items ?? []);
      items.push(...got);
      const total = typeof page.total === 'number' ? page.total : items.length;
      message.loading({ key: 'export', content: t('exportButton.progress', { done: items.length, total: Math.min(total, EXPORT_CAP) }), duration: 0 });
      if (typeof page.total !== 'number' || got.length < PAGE || items.length >= total) return { items, isCapped: false };
    }
    return { items: items.slice(0, EXPORT_CAP), isCapped: true };
  };

  const run = async () => {
    setBusy(true);
    try {
      const [{ items, isCapped }, ExcelJS] = await Promise.all([fetchAll(), import('exceljs')]);
      const { titles, cells } = exportRows(columns as ExportableColumn<T>[], items, texts);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet(t('exportButton.sheet'));
      sheet.addRow(titles).font = { bold: true };
      for (const row of cells) sheet.addRow(row);
      titles.forEach((title, i) => (sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, [...title].length * 2 + 2, ...cells.slice(0, 200).map((r) => [...(r[i] ?? '')].length + 2)))));
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
      const buffer = await workbook.xlsx.writeBuffer();
      const url = URL.createObjectURL(new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${fileName}-${new Date().toISOString().slice(0, 10)}.xlsx`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      message.success({ key: 'export', content: isCapped ? t('exportButton.capped', { count: items.length }) : t('exportButton.done', { count: items.length }) });
    } catch {
      message.error({ key: 'export', content: t('exportButton.failed') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={<DownloadOutlined />} loading={isBusy} onClick={() => void run()} data-testid={testId}>
      {t('exportButton.label')}
    </Button>
  );
}
