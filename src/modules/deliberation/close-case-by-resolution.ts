import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { isStaffAtPlace } from '../cases/policy.js';
import { transitionCase } from '../cases/transition-case.js';
import { actionRules } from '../cases/workflow.js';
import { deliberationRepository } from './repository.js';

export interface ClosedCase {
  caseId: string;
  number: string;
  isClosed: boolean;
  /** Why it stayed open (its state does not allow closing), when it did. */
  state: string;
}

/**
 * Closes the cases a resolution decided (those on the agenda items of its motion) as solved
 * through deliberation: `closed_via = 'deliberation'` and the resolution linked, through the
 * cases workflow's own `closeByResolution` step (logged, with its outbox event). Staff of the
 * place act in their own name; otherwise (a property company reporting the last item done) the
 * system closes it on the resolution's authority. Cases already closed stay as they are.
 */
export async function closeCasesByResolution({ ctx, actor, resolutionId }: { ctx: AppContext; actor: Actor; resolutionId: string }): Promise<ClosedCase[]> {
  const repo = deliberationRepository(ctx.db.kysely);
  const resolution = await repo.resolution(resolutionId);
  if (!resolution) throw new AppError('notFound');
  const motion = (await repo.motion(resolution.motion_id))!;
  const items = await repo.agendaItems(JSON.parse(motion.agenda_item_ids) as string[]);
  const caseIds = [...new Set(items.map((i) => i.case_id).filter((c): c is string => c !== null))];
  const out: ClosedCase[] = [];
  for (const c of await repo.casesOf(caseIds)) {
    if (!actionRules.closeByResolution.from.includes(c.state)) {
      out.push({ caseId: c.id, number: c.number, isClosed: c.resolution_id === resolutionId, state: c.state });
      continue;
    }
    const asActor = isStaffAtPlace(actor, { grid_path: c.grid_path, handling_path: c.handling_path }) ? actor : 'system';
    const closed = await transitionCase({ ctx, actor: asActor, caseId: c.id, action: 'closeByResolution', note: `${resolution.number} ${resolution.title}`, data: { resolutionId }, reason: 'deliberation' });
    out.push({ caseId: c.id, number: c.number, isClosed: closed.state === 'closed', state: closed.state });
  }
  return out;
}
