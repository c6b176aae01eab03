import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { evaluationSideOf, isContactOf } from './policy.js';
import { cobuildRepository } from './repository.js';
import type { EvaluationBody } from './schemas.js';

async function registrationForWrite(ctx: AppContext, actor: Actor, registrationId: string, action: string) {
  const repo = cobuildRepository(ctx.db.kysely);
  const r = await repo.findRegistration(registrationId);
  if (!r) throw invalidField('registrationId', 'unknownRegistration', { value: registrationId });
  if (actor.role === 'orgContact') {
    const employer = await repo.findOrg(r.employer_org_id);
    if (!employer || !isContactOf(actor, employer)) throw new AppError('forbidden', { params: { action } });
  } else if (!isInScope(actor, r.community_path)) throw new AppError('forbidden', { params: { action } });
  return r;
}

/**
 * 双评议: the community rates the member's service where they live; the employer rates them at
 * work. One grade per side and year; a later grade replaces the earlier one (audited).
 */
export async function evaluateMember({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: EvaluationBody }) {
  requirePermission(actor, 'evaluation.write');
  const side = evaluationSideOf(actor);
  if (!side) throw new AppError('forbidden', { params: { action: 'evaluation.write' } });
  const r = await registrationForWrite(ctx, actor, input.registrationId, 'evaluation.write');
  const now = ctx.clock.now();
  if (input.year > now.getUTCFullYear()) throw invalidField('year', 'dateInFuture');
  let id = newId();
  await transaction(ctx.db, async (trx) => {
    id = await cobuildRepository(trx).upsertEvaluation({
      id, registration_id: r.id, person_id: r.person_id, side, year: input.year, grade: input.grade, comment: input.comment ?? null, community_path: r.community_path,
      employer_org_id: r.employer_org_id, evaluator_user_id: actor.userId, evaluator_name: actor.displayName, created_at: now.toISOString(), updated_at: now.toISOString(),
    });
    await recordAudit(trx, actor, now, { action: 'member.evaluate', recordType: 'evaluation', recordId: id, gridPath: r.community_path, details: { side, year: input.year, grade: input.grade } });
    await writeOutbox(trx, now, 'cobuild.memberEvaluated', { registrationId: r.id, side, year: input.year }, r.community_path);
  });
  return id;
}

/** 双服务: staff record a service a member did outside activities (结对帮扶, 政策咨询…). */
export async function recordService({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: { registrationId: string; kind: 'pairing' | 'wish' | 'care' | 'consultation' | 'other'; description: string; servedOn: string } }) {
  requirePermission(actor, 'serviceRecord.write');
  const r = await registrationForWrite(ctx, actor, input.registrationId, 'serviceRecord.write');
  const now = ctx.clock.now();
  if (input.servedOn > now.toISOString().slice(0, 10)) throw invalidField('servedOn', 'dateInFuture');
  const id = newId();
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).insertServiceRecord({
      id, registration_id: r.id, person_id: r.person_id, community_path: r.community_path, kind: input.kind, description: input.description.trim(), served_on: input.servedOn,
      recorded_by: actor.userId, recorded_by_name: actor.displayName, created_at: now.toISOString(),
    });
    await recordAudit(trx, actor, now, { action: 'member.service', recordType: 'serviceRecord', recordId: id, gridPath: r.community_path, details: { kind: input.kind } });
  });
  return id;
}
