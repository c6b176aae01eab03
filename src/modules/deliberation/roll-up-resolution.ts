import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { writeOutbox } from '../../core/audit/audit.js';

/**
 * A resolution's progress is the mean of its live action items' progress (Decidim's
 * accountability roll-up); it is done when every one of them is done. Runs in the caller's
 * transaction; returns whether the resolution just became done.
 */
export async function rollUpResolution(trx: Kysely<Database>, resolutionId: string, now: Date): Promise<boolean> {
  const items = await trx.selectFrom('action_items').select(['state', 'progress']).where('resolution_id', '=', resolutionId).where('state', '!=', 'cancelled').execute();
  const resolution = await trx.selectFrom('resolutions').select(['state', 'grid_path']).where('id', '=', resolutionId).executeTakeFirstOrThrow();
  const progress = items.length ? Math.round(items.reduce((sum, i) => sum + i.progress, 0) / items.length) : 0;
  const isDone = items.length > 0 && items.every((i) => i.state === 'done');
  const becameDone = isDone && resolution.state !== 'done';
  await trx
    .updateTable('resolutions')
    .set({ progress: isDone ? 100 : progress, state: isDone ? 'done' : 'inProgress', ...(becameDone ? { done_at: now.toISOString() } : isDone ? {} : { done_at: null }) })
    .where('id', '=', resolutionId)
    .execute();
  if (becameDone) await writeOutbox(trx, now, 'resolution.done', { resolutionId }, resolution.grid_path);
  return becameDone;
}
