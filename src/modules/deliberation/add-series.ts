import { transaction } from '../../db/index.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { managedBody } from './access.js';
import type { ScheduleInput } from './create-body.js';
import { ensureUpcomingMeetings } from './ensure-upcoming-meetings.js';
import { localDay, normaliseRule } from './recurrence.js';

export interface AddSeriesOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  bodyId: string;
  input: ScheduleInput;
}

/** Adds a recurring schedule (iCalendar RRULE) to a body and creates its meetings for the next three months. */
export async function addSeries({ ctx, actor, bodyId, input }: AddSeriesOptions): Promise<string> {
  const body = await managedBody(ctx, actor, bodyId);
  const rrule = normaliseRule(input.rrule, 'rrule');
  const id = newId();
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await trx
      .insertInto('meeting_series')
      .values({
        id, body_id: bodyId, title: input.title?.trim() || body.name, rrule, starts_on: input.startsOn ?? localDay(now), start_time: input.startTime,
        duration_minutes: input.durationMinutes ?? 120, location: input.location ?? null, is_active: 1, generated_until: null, created_at: now.toISOString(),
      })
      .execute();
    await recordAudit(trx, actor!, now, { action: 'body.series.add', recordType: 'body', recordId: bodyId, gridPath: body.grid_path, details: { seriesId: id, rrule } });
  });
  await ensureUpcomingMeetings(ctx, now, { bodyId });
  return id;
}
