import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isInScope, type Actor } from '../../core/scope.js';
import type { GridLevel } from '../../db/schema.js';
import type { SheetRow } from './read-sheet.js';
import type { ImportGrid } from './repository.js';

/** One problem in one cell of an import file. */
export interface RowError {
  row: number;
  column: string;
  reason: string;
  params?: Record<string, string | number>;
}

/** Called every 1,000 rows while checking and while writing (the CLI prints a line each time). */
export type ImportProgress = (phase: 'check' | 'write', done: number, total: number) => void;

/** What a kind's planner found: counts, every bad cell, and how to write the rows (in the caller's transaction). */
export interface ImportPlan {
  created: number;
  updated: number;
  errors: RowError[];
  write(trx: Kysely<Database>, progress: (done: number) => void): Promise<void>;
}

/** Reads the cells of one row and collects its problems. */
export class RowReader {
  constructor(
    readonly row: SheetRow,
    private readonly errors: RowError[],
  ) {}

  fail(column: string, reason: string, params?: Record<string, string | number>): void {
    this.errors.push({ row: this.row.row, column, reason, ...(params ? { params } : {}) });
  }

  /** Trimmed text or null when empty; required and length checked. */
  text(column: string, options: { max: number; min?: number; isRequired?: boolean }): string | null {
    const value = this.row.cells[column] ?? '';
    if (!value) {
      if (options.isRequired) this.fail(column, 'required');
      return null;
    }
    const length = [...value].length;
    if (length > options.max) this.fail(column, 'tooLong', { limit: options.max });
    else if (options.min && length < options.min) this.fail(column, 'minLength', { limit: options.min });
    return value;
  }

  /** A whole number in a range, or null when empty. */
  integer(column: string, min: number, max: number): number | null {
    const value = this.row.cells[column] ?? '';
    if (!value) return null;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.fail(column, 'integerRange', { min, max });
      return null;
    }
    return n;
  }

  /** A calendar date written YYYY-MM-DD (or with / or .), returned as YYYY-MM-DD. */
  date(column: string): string | null {
    const value = this.row.cells[column] ?? '';
    if (!value) return null;
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value);
    const iso = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
    const d = new Date(`${iso}T00:00:00Z`);
    if (!m || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
      this.fail(column, 'invalidDate');
      return null;
    }
    return iso;
  }

  /**
   * A grid named by its code: it must exist, be of one of the levels given, and lie in the
   * importer's subtree. Returns it only when all three hold.
   */
  grid(column: string, grids: Map<string, ImportGrid>, actor: Actor, levels: readonly GridLevel[], isRequired = true): ImportGrid | undefined {
    const code = this.text(column, { max: 32, isRequired });
    if (!code) return undefined;
    const grid = grids.get(code);
    if (!grid) return void this.fail(column, 'unknownGrid', { value: code });
    if (!isInScope(actor, grid.path)) return void this.fail(column, 'outsideScope');
    if (!levels.includes(grid.level)) return void this.fail(column, 'gridLevel', { level: grid.level, allowed: levels.join(', ') });
    return grid;
  }
}

/** Remembers the first row of each key, to report later rows that repeat it. */
export class FirstSeen {
  private readonly seen = new Map<string, number>();

  /** The earlier row holding this key, or undefined (and the key is now taken by this row). */
  check(key: string, row: number): number | undefined {
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, row);
    return first;
  }
}

/** Splits a list into chunks (for `in (…)` lists and multi-row inserts within parameter limits). */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
