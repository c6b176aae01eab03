import { requirePermission } from '../../core/accounts/policy.js';
import { isValidDate, localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { translate, type Locale } from '../../core/i18n.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { computeFigures, figureGroups } from './figures.js';
import { reportsRepository, type FigureScope } from './repository.js';
import type { ResultsQuery, ResultsReport } from './schemas.js';

/** The longest period a report may cover. */
export const MAX_PERIOD_YEARS = 10;

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The UTC instant at which a Beijing calendar day starts. */
function dayStartIso(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS).toISOString();
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus whole years (29 February becomes 1 March when the target year has none). */
function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** The results report (成效, A2): every figure of the article for a subtree and a period, computed from records. */
export function reportsService(ctx: AppContext) {
  const repo = () => reportsRepository(ctx.db.kysely);

  /** The report's grid: `?grid=` inside the caller's scope (else 404), or the caller's (first) scope root. */
  async function gridOf(actor: Actor, gridId: string | undefined) {
    if (gridId) {
      const grid = await repo().grid(gridId);
      if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
      return grid;
    }
    const grid = actor.isGlobal ? await repo().topGrid() : actor.scopeGridIds[0] ? await repo().grid(actor.scopeGridIds[0]) : undefined;
    if (!grid) throw new AppError('notFound');
    return grid;
  }

  function checkDate(field: 'from' | 'to', value: string | undefined): void {
    if (value !== undefined && !isValidDate(value)) throw invalidField(field, 'format', { format: 'date' });
  }

  return {
    async results(actor: Actor | undefined, query: ResultsQuery, locale: Locale): Promise<ResultsReport> {
      requirePermission(actor, 'report.read');
      checkDate('from', query.from);
      checkDate('to', query.to);
      const today = localDateOf(ctx.clock.now());
      const to = query.to ?? today;
      if (query.from !== undefined && query.from > to) throw invalidField('from', 'reportFromAfterTo', { from: query.from, to });
      if (query.from !== undefined && addYears(query.from, MAX_PERIOD_YEARS) < to) throw invalidField('from', 'reportPeriodTooLong', { years: MAX_PERIOD_YEARS });
      const grid = await gridOf(actor, query.grid);

      let from = query.from;
      if (from === undefined) {
        const firstDays = (await repo().earliest(grid.path)).map((at) => (at.length > 10 ? localDateOf(new Date(at)) : at));
        from = [...firstDays, to].sort()[0];
      }
      const parts = grid.path.split('/').filter(Boolean);
      const scope: FigureScope = {
        root: grid.path,
        ancestors: parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`),
        // Without `from` nothing is cut at the start: the earliest record only names the period.
        fromAt: query.from ? dayStartIso(query.from) : undefined,
        fromDate: query.from,
        toAt: dayStartIso(nextDay(to)),
        toDate: to,
      };
      const computed = await computeFigures(ctx.db.kysely, scope);
      const t = (key: string) => translate(locale, `reports.${key}`);
      return {
        grid: { id: grid.id, code: grid.code, name: grid.name, level: grid.level },
        period: { from, to, isFromEarliest: query.from === undefined },
        groups: figureGroups.map((id) => ({ id, label: t(`groups.${id}`) })),
        figures: computed.map(({ definition: d, value }) => ({
          id: d.id,
          group: d.group,
          kind: d.kind,
          label: t(`figures.${d.id}.label`),
          value,
          unit: d.unit,
          unitLabel: t(`units.${d.unit}`),
          definition: t(`figures.${d.id}.definition`),
          article: t(`figures.${d.id}.article`),
        })),
      };
    },
  };
}
