import { transaction } from '../../db/index.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { appendCaseEvent, eventActor } from './events.js';
import { casesRepository } from './repository.js';
import { transitionCase } from './transition-case.js';

export interface RespondReferralOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  referralId: string;
  /** `acknowledge` (签收: the department has it) or `respond` (its answer, which closes its part). */
  step: 'acknowledge' | 'respond';
  note?: string;
}

/**
 * A summoned department's own track (C6): each referral is acknowledged and answered on its own
 * deadline. When the last department answers a case that is being handled, the case reports
 * back on its own, so the place that summoned them can verify.
 */
export async function respondReferral({ ctx, actor, referralId, step, note }: RespondReferralOptions) {
  if (!actor) throw new AppError('unauthenticated');
  const repo = casesRepository(ctx.db.kysely);
  const referral = await repo.findReferral(referralId);
  if (!referral) throw new AppError('notFound');
  const myDepartments = await repo.departmentsOf(actor.userId);
  if (!actor.isGlobal && !myDepartments.includes(referral.department_id)) throw new AppError('notFound');
  if (referral.state === 'responded') throw new AppError('conflict', { errors: [{ field: 'referral', reason: 'referralDone' }] });
  if (step === 'respond' && !note?.trim()) throw invalidField('note', 'noteRequired');
  const now = ctx.clock.now();
  const c = (await repo.findById(referral.case_id))!;
  await transaction(ctx.db, async (trx) => {
    const r = casesRepository(trx);
    if (step === 'acknowledge') await r.updateReferral(referral.id, { state: 'acknowledged', acknowledged_at: referral.acknowledged_at ?? now.toISOString() });
    else await r.updateReferral(referral.id, { state: 'responded', acknowledged_at: referral.acknowledged_at ?? now.toISOString(), responded_at: now.toISOString(), response: note!.trim() });
    const seq = Number((await r.lastSeq(c.id))?.seq ?? 0) + 1;
    const isUpdated = await r.updateCase(c.id, c.version, { updated_at: now.toISOString() });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'staleVersion' }] });
    await appendCaseEvent(trx, {
      caseRow: c, seq, action: step === 'acknowledge' ? 'referralAcknowledged' : 'referralResponded', from: c.state, to: c.state, actor: eventActor(actor), note: note?.trim() ?? null, at: now,
      data: { referralId: referral.id, departmentId: referral.department_id },
    });
  });
  if (step === 'respond') {
    const all = await repo.referrals(c.id);
    const fresh = (await repo.findById(c.id))!;
    if (fresh.state === 'handling' && all.every((x) => x.state === 'responded')) {
      await transitionCase({ ctx, actor: 'system', caseId: c.id, action: 'reportBack', note: all.map((x) => `${x.name}：${x.response}`).join('\n'), reason: 'allReferralsResponded' });
    }
  }
  return (await repo.referrals(c.id)).find((x) => x.id === referral.id)!;
}
