import { transaction } from '../../db/index.js';
import { fixedClock } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { dueAfter } from './deadlines.js';
import { appendCaseEvent, SYSTEM_ACTOR } from './events.js';
import { casesRepository } from './repository.js';
import type { CaseTable } from './tables.js';
import { transitionCase } from './transition-case.js';
import { actionRules } from './workflow.js';
import { recordOverdueMark } from '../analytics/rollups.js';

/** Working hours a case may stay overdue before the sweep escalates it to the tier above. */
export const ESCALATION_GRACE_HOURS = 2;
const BATCH = 500;

export interface SweepResult {
  at: string;
  markedOverdue: number;
  escalated: number;
}

/**
 * One SLA sweep (C5): marks open cases whose stage deadline has passed as overdue (logged and
 * notified once), and escalates those still overdue after the grace period to the next tier.
 * Each change is a conditional update on the case's version, so two processes sweeping at the
 * same moment change each case exactly once; the loser of a race simply skips it.
 */
export async function sweepSla({ ctx: baseCtx, at }: { ctx: AppContext; at?: Date }): Promise<SweepResult> {
  // A sweep `--at` a given time acts entirely at that time, including the new deadlines it sets.
  const ctx = at ? { ...baseCtx, clock: fixedClock(at) } : baseCtx;
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  let markedOverdue = 0;
  let escalated = 0;

  for (;;) {
    const due = await ctx.db.kysely
      .selectFrom('cases')
      .select(['id', 'number', 'version', 'state', 'tier', 'grid_path', 'handling_path', 'due_at', 'stage'])
      .where('is_open', '=', 1)
      .where('due_at', '<', nowIso)
      .where('overdue_at', 'is', null)
      .orderBy('due_at')
      .limit(BATCH)
      .execute();
    if (due.length === 0) break;
    for (const c of due) {
      const isMine = await transaction(ctx.db, async (trx) => {
        const r = casesRepository(trx);
        const isUpdated = await r.updateCase(c.id, c.version, { overdue_at: nowIso, updated_at: nowIso });
        if (!isUpdated) return false;
        const seq = Number((await r.lastSeq(c.id))?.seq ?? 0) + 1;
        await appendCaseEvent(trx, { caseRow: c as unknown as CaseTable, seq, action: 'overdue', from: c.state, to: c.state, fromTier: c.tier, toTier: c.tier, actor: SYSTEM_ACTOR, at: now, data: { stage: c.stage, dueAt: c.due_at } });
        await recordOverdueMark(trx, c.id);
        return true;
      });
      if (isMine) markedOverdue++;
    }
    if (due.length < BATCH) break;
  }

  const candidates = await ctx.db.kysely
    .selectFrom('cases')
    .select(['id', 'version', 'state', 'tier', 'due_at'])
    .where('is_open', '=', 1)
    .where('overdue_at', 'is not', null)
    .where('tier', '!=', 'city')
    .where('state', 'in', actionRules.escalate.from)
    .where('due_at', '<', nowIso)
    .orderBy('due_at')
    .limit(5000)
    .execute();
  for (const c of candidates) {
    const graceEnds = await dueAfter(ctx, new Date(c.due_at!), [ESCALATION_GRACE_HOURS, 'workingHours']);
    if (graceEnds > now) continue;
    try {
      await transitionCase({ ctx, actor: 'system', caseId: c.id, action: 'escalate', version: c.version, reason: 'sla' });
      escalated++;
    } catch (error) {
      // Another process escalated it first (stale version): exactly once overall.
      if (error instanceof AppError && error.code === 'conflict') continue;
      throw error;
    }
  }
  return { at: nowIso, markedOverdue, escalated };
}
