import type { Kysely } from 'kysely';
import { transaction } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { recordCaseChange } from '../analytics/rollups.js';
import { dueAfter } from './deadlines.js';
import { appendCaseEvent, eventActor, type EventActor } from './events.js';
import type { CaseLimits, Limit } from './limits.js';
import { allowedActions, canSeeCase, mayAct } from './policy.js';
import { casesRepository } from './repository.js';
import { chainOf, teamAt } from './routing.js';
import type { CaseState, CaseTable, LimitUnit, Tier } from './tables.js';
import { actionRules, isOpenState, nextTier, stageOf, tierRank, type CaseAction } from './workflow.js';

export interface TransitionData {
  /** register */
  type?: CaseTable['type'];
  categoryId?: string;
  priority?: 'normal' | 'urgent';
  isSkippedLevel?: boolean;
  isCriminalRisk?: boolean;
  /** dispatch: hand down to a lower tier along the case's grid chain */
  tier?: Tier;
  /** verify */
  passed?: boolean;
  /** rate, followUp */
  rating?: number;
  feedback?: 'confirmed' | 'disputed';
  /** requestExtension */
  amount?: number;
  unit?: LimitUnit;
  /** merge */
  intoCaseId?: string;
  /** summon */
  departmentIds?: string[];
  /** reportBack, handle: photos already uploaded */
  photoIds?: string[];
  /** closeByResolution: the deliberation resolution that settled the case */
  resolutionId?: string;
}

export interface TransitionCaseOptions {
  ctx: AppContext;
  /**
   * A signed-in actor; the system (SLA sweeps, all referrals answered); or a reporter who proved
   * the case is theirs by its number and the last four digits of their phone (track page).
   */
  actor: Actor | 'system' | 'trackedReporter';
  caseId: string;
  action: CaseAction;
  /** The version the caller read; a concurrent change makes this a 409. */
  version?: number;
  note?: string;
  data?: TransitionData;
  /** For the system actor: the reason recorded on the event (e.g. `sla`). */
  reason?: string;
}

/** Stage limit of a case in the state it moves into. */
function limitFor(limits: CaseLimits, state: CaseState): Limit | undefined {
  const stage = stageOf(state);
  return stage ? limits[stage] : undefined;
}

/**
 * Moves a case through one action of the state machine (C4): checks visibility (404), the
 * state (409 naming the allowed actions), who may act (403), the note (400) and the version
 * (409), then updates the case, appends its log entry and outbox event in one transaction.
 */
export async function transitionCase(options: TransitionCaseOptions): Promise<CaseTable> {
  const { ctx, caseId, action } = options;
  const data = options.data ?? {};
  const isSystem = options.actor === 'system';
  const isTrackedReporter = options.actor === 'trackedReporter';
  const actor = isSystem || isTrackedReporter ? undefined : (options.actor as Actor);
  const repo = casesRepository(ctx.db.kysely);
  const c = await repo.findById(caseId);
  if (!c) throw new AppError('notFound');
  if (actor) {
    const access = { departmentIds: await repo.departmentsOf(actor.userId), referralDepartmentIds: (await repo.referrals(c.id)).map((r) => r.department_id) };
    if (!canSeeCase(actor, c, access)) throw new AppError('notFound');
  }
  const rule = actionRules[action];
  const pending = c.pending_request ? (JSON.parse(c.pending_request) as { kind: 'return' | 'extension'; returnTo?: Tier; amount?: number; unit?: LimitUnit }) : undefined;
  const stateAllows = rule.from.includes(c.state) && (!rule.needsPending || rule.needsPending === pending?.kind);
  if (!stateAllows) {
    const allowed = actor ? allowedActions(actor, c) : [];
    throw new AppError('conflict', { errors: [{ field: 'action', reason: 'illegalTransition', params: { allowed: allowed.join(', ') || '—' } }], params: { allowed: allowed.join(',') } });
  }
  if (actor && !mayAct(actor, c, action)) throw new AppError('forbidden');
  if (isTrackedReporter && rule.actor !== 'reporter') throw new AppError('forbidden');
  const note = options.note?.trim();
  const needsNote = rule.isNoteRequired || (action === 'verify' && data.passed === false) || ((action === 'rate' || action === 'followUp') && data.feedback === 'disputed');
  if (needsNote && !note && !isSystem) throw invalidField('note', 'noteRequired');
  if (options.version !== undefined && options.version !== c.version) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'staleVersion' }] });

  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  let limits = JSON.parse(c.limits) as CaseLimits;
  const patch: Partial<CaseTable> = { updated_at: nowIso };
  let to: CaseState = rule.to ?? c.state;
  let toTier: Tier = c.tier;
  const eventData: Record<string, unknown> = {};
  const chain = c.grid_path ? await chainOf(ctx, c.grid_path) : [];
  const moveTo = (tier: Tier) => {
    if (chain.length === 0) return { tier: 'city' as Tier, handlingGridId: null, handlingPath: '/' };
    const team = teamAt(chain, tier);
    return { tier: team.tier, handlingGridId: team.node.id, handlingPath: team.node.path };
  };
  let referralsToCreate: string[] = [];

  if ((action === 'accept' || action === 'reject' || action === 'merge') && c.responded_at === null) patch.responded_at = nowIso;
  switch (action) {
    case 'accept':
      patch.accepted_at = nowIso;
      break;
    case 'register': {
      patch.assessed_at = nowIso;
      if (data.type) patch.type = data.type;
      if (data.priority) patch.priority = data.priority;
      if (data.isSkippedLevel !== undefined) patch.is_skipped_level = data.isSkippedLevel ? 1 : 0;
      if (data.isCriminalRisk !== undefined) patch.is_criminal_risk = data.isCriminalRisk ? 1 : 0;
      if (data.categoryId && data.categoryId !== c.category_id) {
        const category = await repo.category(data.categoryId);
        if (!category || !category.parent_id) throw invalidField('data.categoryId', 'unknownCategory', { value: data.categoryId });
        patch.category_id = category.id;
        // Registration fixes the limits the case will keep.
        limits = { accept: [category.accept_limit, category.accept_unit], dispatch: [category.dispatch_limit, category.dispatch_unit], handle: [category.handle_limit, category.handle_unit] };
        patch.limits = JSON.stringify(limits);
      }
      Object.assign(eventData, { type: data.type, categoryId: data.categoryId, priority: data.priority, isSkippedLevel: data.isSkippedLevel, isCriminalRisk: data.isCriminalRisk });
      break;
    }
    case 'dispatch': {
      if (data.tier && tierRank(data.tier) > tierRank(c.tier)) throw invalidField('data.tier', 'invalid');
      if (data.tier && data.tier !== c.tier) {
        const target = moveTo(data.tier);
        Object.assign(patch, { tier: target.tier, handling_grid_id: target.handlingGridId, handling_path: target.handlingPath });
        toTier = target.tier;
        if (tierRank(target.tier) < tierRank(c.lowest_tier)) patch.lowest_tier = target.tier;
      }
      eventData.dispatchedBy = c.tier;
      break;
    }
    case 'startHandling':
      if (!c.intervened_at) patch.intervened_at = nowIso;
      break;
    case 'reportBack':
      patch.resolved_at = nowIso;
      break;
    case 'verify':
      if (data.passed === undefined) throw invalidField('data.passed', 'required');
      eventData.passed = data.passed;
      if (data.passed) to = 'verified';
      else {
        to = 'handling';
        patch.rework_count = c.rework_count + 1;
        patch.resolved_at = null;
      }
      break;
    case 'close':
      patch.closed_at = nowIso;
      patch.closed_via = 'handling';
      break;
    case 'rate':
    case 'followUp': {
      if (!data.feedback) throw invalidField('data.feedback', 'required');
      if (data.rating !== undefined && (data.rating < 1 || data.rating > 5 || !Number.isInteger(data.rating))) throw invalidField('data.rating', 'ratingRange');
      patch.feedback = data.feedback;
      patch.rating = data.rating ?? null;
      patch.rated_at = nowIso;
      Object.assign(eventData, { rating: data.rating, feedback: data.feedback });
      if (data.feedback === 'confirmed') to = 'rated';
      else {
        to = 'handling';
        patch.reopen_count = c.reopen_count + 1;
        patch.closed_at = null;
      }
      break;
    }
    case 'escalate': {
      const up = nextTier(c.tier);
      if (!up) throw invalidField('action', 'topTier');
      const target = moveTo(up);
      // A chain without a node at the next tier climbs to the first node above.
      const climbed = tierRank(target.tier) > tierRank(c.tier) ? target : { tier: 'city' as Tier, handlingGridId: chain[0]?.id ?? null, handlingPath: chain[0]?.path ?? '/' };
      Object.assign(patch, { tier: climbed.tier, handling_grid_id: climbed.handlingGridId, handling_path: climbed.handlingPath, escalation_count: c.escalation_count + 1, pending_request: null });
      toTier = climbed.tier;
      if (isSystem) eventData.reason = options.reason ?? 'sla';
      break;
    }
    case 'requestReturn': {
      const events = await repo.events(c.id);
      const lastDispatch = [...events].reverse().find((e) => e.action === 'dispatch');
      const returnTo = (lastDispatch?.data ? (JSON.parse(lastDispatch.data) as { dispatchedBy?: Tier }).dispatchedBy : undefined) ?? c.tier;
      patch.pending_request = JSON.stringify({ kind: 'return', returnTo, by: actor?.userId ?? null, at: nowIso });
      eventData.returnTo = returnTo;
      break;
    }
    case 'approveReturn': {
      const target = moveTo(pending!.returnTo ?? c.tier);
      Object.assign(patch, { tier: target.tier, handling_grid_id: target.handlingGridId, handling_path: target.handlingPath, pending_request: null });
      toTier = target.tier;
      break;
    }
    case 'denyReturn':
    case 'denyExtension':
      patch.pending_request = null;
      break;
    case 'requestExtension': {
      if (!data.amount || data.amount <= 0 || !data.unit) throw invalidField('data.amount', 'required');
      patch.pending_request = JSON.stringify({ kind: 'extension', amount: data.amount, unit: data.unit, by: actor?.userId ?? null, at: nowIso });
      Object.assign(eventData, { amount: data.amount, unit: data.unit });
      break;
    }
    case 'approveExtension': {
      const base = c.due_at && c.due_at > nowIso ? new Date(c.due_at) : now;
      patch.due_at = (await dueAfter(ctx, base, [pending!.amount!, pending!.unit!])).toISOString();
      Object.assign(patch, { pending_request: null, overdue_at: null, sla_escalated_at: null });
      Object.assign(eventData, { amount: pending!.amount, unit: pending!.unit, dueAt: patch.due_at });
      break;
    }
    case 'suspend':
      patch.suspended_from = c.state;
      break;
    case 'resume':
      to = c.suspended_from ?? 'handling';
      patch.suspended_from = null;
      break;
    case 'merge': {
      if (!data.intoCaseId) throw invalidField('data.intoCaseId', 'required');
      if (data.intoCaseId === c.id) throw invalidField('data.intoCaseId', 'mergeSelf');
      const target = await repo.findById(data.intoCaseId);
      if (!target || !isOpenState(target.state) || (actor && !mayAct(actor, target, 'comment'))) throw invalidField('data.intoCaseId', 'invalid');
      patch.merged_into_id = target.id;
      eventData.intoCaseId = target.id;
      eventData.intoNumber = target.number;
      break;
    }
    case 'summon': {
      const ids = [...new Set(data.departmentIds ?? [])];
      if (ids.length === 0) throw invalidField('data.departmentIds', 'required');
      const known = new Set((await repo.departments()).map((d) => d.id));
      const unknown = ids.find((id) => !known.has(id));
      if (unknown) throw invalidField('data.departmentIds', 'unknownDepartment', { value: unknown });
      referralsToCreate = ids;
      if (!c.intervened_at) patch.intervened_at = nowIso;
      eventData.departmentIds = ids;
      break;
    }
    case 'reopen':
      patch.reopen_count = c.reopen_count + 1;
      patch.closed_at = null;
      break;
    case 'comment':
      break;
    case 'closeByResolution':
      if (!data.resolutionId) throw invalidField('data.resolutionId', 'required');
      Object.assign(patch, {
        closed_at: nowIso, closed_via: 'deliberation', resolution_id: data.resolutionId, resolved_at: c.resolved_at ?? nowIso, intervened_at: c.intervened_at ?? nowIso,
        pending_request: null, suspended_from: null,
      });
      eventData.resolutionId = data.resolutionId;
      break;
  }

  // Entering a new stage (or tier) restarts its clock on the business calendar.
  const stageBefore = stageOf(c.state);
  const stageAfter = stageOf(to);
  patch.state = to;
  patch.is_open = isOpenState(to) ? 1 : 0;
  if (to === 'closed') patch.is_open = 0;
  const isNewStage = stageAfter !== stageBefore || toTier !== c.tier || action === 'verify' || action === 'rate' || action === 'followUp' || action === 'reopen';
  if (!stageAfter) Object.assign(patch, { stage: null, due_at: null, overdue_at: null, sla_escalated_at: null });
  else if (isNewStage && action !== 'approveExtension') {
    const limit = limitFor(limits, to)!;
    Object.assign(patch, { stage: stageAfter, due_at: (await dueAfter(ctx, now, limit)).toISOString(), overdue_at: null, sla_escalated_at: null });
  }
  if (action === 'escalate' && isSystem) patch.sla_escalated_at = nowIso;

  // Referral deadlines are worked out before the transaction: the calendar may reload through the
  // one SQLite connection, which the transaction would be holding.
  const departments = referralsToCreate.length ? await repo.departments() : [];
  const referralDue = new Map<string, string>();
  for (const departmentId of referralsToCreate) {
    const dept = departments.find((d) => d.id === departmentId)!;
    referralDue.set(departmentId, (await dueAfter(ctx, now, [dept.response_hours, 'workingHours'])).toISOString());
  }
  const who: EventActor = isSystem ? { userId: null, username: 'system', role: 'system' } : isTrackedReporter ? { userId: null, username: c.reporter_name ?? 'reporter', role: 'reporter' } : eventActor(actor);
  await transaction(ctx.db, async (trx) => {
    const r = casesRepository(trx);
    const isUpdated = await r.updateCase(c.id, c.version, patch);
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'staleVersion' }] });
    const seq = Number((await r.lastSeq(c.id))?.seq ?? 0) + 1;
    const eventId = await appendCaseEvent(trx, {
      caseRow: { ...c, ...patch } as CaseTable, seq, action, from: c.state, to, fromTier: c.tier, toTier, actor: who, note: note ?? null,
      data: Object.keys(eventData).length ? Object.fromEntries(Object.entries(eventData).filter(([, v]) => v !== undefined)) : undefined, at: now,
    });
    if (data.photoIds?.length) await r.attachToCase(data.photoIds, c.id, eventId);
    if (action === 'merge') await noteMergeOnTarget(trx, data.intoCaseId!, c, who, now);
    for (const departmentId of referralsToCreate) {
      await r.insertReferral({
        id: newId(), case_id: c.id, department_id: departmentId, state: 'requested', requested_at: nowIso,
        due_at: referralDue.get(departmentId)!, acknowledged_at: null, responded_at: null, response: null,
        grid_path: c.grid_path ?? c.handling_path,
      });
    }
    await recordCaseChange(trx, c, { ...c, ...patch } as CaseTable);
  });
  return (await repo.findById(c.id))!;
}

/** The surviving case records the merge, so its timeline tells every reporter's story. */
async function noteMergeOnTarget(trx: Kysely<Database>, targetId: string, merged: CaseTable, who: EventActor, now: Date): Promise<void> {
  const r = casesRepository(trx);
  const target = (await r.findById(targetId))!;
  const seq = Number((await r.lastSeq(target.id))?.seq ?? 0) + 1;
  await r.updateCase(target.id, target.version, { updated_at: now.toISOString() });
  await appendCaseEvent(trx, { caseRow: target, seq, action: 'mergedFrom', from: target.state, to: target.state, actor: who, at: now, data: { caseId: merged.id, number: merged.number } });
}
