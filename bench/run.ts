import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, dirname, join } from 'node:path';

/**
 * One measured figure. Every figure carries its own baseline measured in the same run, because
 * the targets in SPEC.md are ratios and absolute numbers mean little across machines.
 */
export interface BenchFigure {
  /** Dotted figure name, e.g. `grid.locate.100k`. */
  name: string;
  value: number;
  /** `µs`, `ms`, `s` (lower is better) or a rate such as `req/s` (higher is better). */
  unit: string;
  /** What the baseline is, in words. */
  baseline: string;
  baselineValue: number;
  /**
   * How many times better than the baseline (> 1 is better). Left out, it is baseline/value for
   * time units and value/baseline for anything else.
   */
  ratio?: number;
}

/** What a bench module's `run` receives: `emit` writes a figure to stdout, `log` progress to stderr. */
export interface BenchContext {
  emit(figure: BenchFigure): void;
  log(message: string): void;
}

/** The contract of a `bench/*.bench.ts` module. */
export interface BenchModule {
  run(ctx: BenchContext): Promise<void>;
}

const TIME_UNITS = new Set(['ns', 'µs', 'us', 'ms', 's']);

function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 6)));
}

function ratioOf(figure: BenchFigure): number {
  if (figure.ratio !== undefined) return figure.ratio;
  return TIME_UNITS.has(figure.unit) ? figure.baselineValue / figure.value : figure.value / figure.baselineValue;
}

/**
 * Runs every `bench/*.bench.ts` (or those whose file name contains one of the arguments, as in
 * `npm run bench -- grid`) one after another, so figures do not disturb each other, and prints one
 * JSON object per figure on stdout. Everything else goes to stderr, so stdout can be piped
 * straight into a results file or a CI comparison.
 */
async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const directory = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
  if (files.length === 0) {
    process.stderr.write(`no bench module matches ${filters.join(' ')}\n`);
    process.exitCode = 1;
    return;
  }
  const ctx: BenchContext = {
    emit(figure) {
      const line = {
        name: figure.name,
        value: round(figure.value),
        unit: figure.unit,
        baseline: figure.baseline,
        baselineValue: round(figure.baselineValue),
        ratio: round(ratioOf(figure)),
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    },
    log(message) {
      process.stderr.write(`  ${message}\n`);
    },
  };
  for (const file of files) {
    const name = basename(file, '.bench.ts');
    const started = performance.now();
    process.stderr.write(`${name}…\n`);
    try {
      const module = (await import(pathToFileURL(join(directory, file)).href)) as Partial<BenchModule>;
      if (typeof module.run !== 'function') throw new Error(`${file} does not export run(ctx)`);
      await module.run(ctx);
      process.stderr.write(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      process.stderr.write(`${name} failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

await main();
