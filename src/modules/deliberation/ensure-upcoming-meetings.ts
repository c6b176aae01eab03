import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { transaction } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import { writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { newId } from '../../core/ids.js';
import { placeQueuedTopics } from './place-queued-topics.js';
import { isCurrentMember } from './policy.js';
import { localDay, occurrences } from './recurrence.js';
import { deliberationRepository } from './repository.js';
import type { MeetingSeriesTable } from './tables.js';

/** A six-digit code members type (or scan as a QR) to check in. */
export function newCheckinCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The first day of the fourth month after `now` (Beijing): meetings exist for the next three full months. */
export function horizonOf(now: Date): Date {
  const [y, m] = localDay(now).split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + 4, 1) - 8 * 3_600_000);
  return first;
}

/** Invites every delegate whose term covers the meeting day, inside the caller's transaction. */
export async function inviteMembers(trx: Kysely<Database>, bodyId: string, meetingId: string, startsAt: string, nowIso: string): Promise<void> {
  const members = await deliberationRepository(trx).members(bodyId);
  const day = localDay(new Date(startsAt));
  const rows = members.filter((m) => isCurrentMember(m, day)).map((m) => ({ meeting_id: meetingId, member_id: m.id, invited_at: nowIso, checked_in_at: null, method: null }));
  if (rows.length) await trx.insertInto('meeting_attendance').values(rows).onConflict((oc) => oc.columns(['meeting_id', 'member_id']).doNothing()).execute();
}

/**
 * Creates the occurrences of every active meeting series up to the horizon (the next three full
 * months) as scheduled meetings with their invitations, and puts queued topics on them. Run at
 * start and daily; safe to run from several instances at once: an occurrence is unique by
 * (series, start), and a series already generated that far is skipped.
 */
export async function ensureUpcomingMeetings(ctx: AppContext, now: Date = ctx.clock.now(), options: { bodyId?: string } = {}): Promise<{ created: number }> {
  const horizon = horizonOf(now);
  const series = (await deliberationRepository(ctx.db.kysely).activeSeries()).filter((s) => !options.bodyId || s.body_id === options.bodyId);
  let created = 0;
  for (const s of series) {
    if (s.generated_until && s.generated_until >= horizon.toISOString()) continue;
    created += await generateSeries(ctx, s, now, horizon);
  }
  return { created };
}

async function generateSeries(ctx: AppContext, s: MeetingSeriesTable, now: Date, horizon: Date): Promise<number> {
  const from = s.generated_until && s.generated_until > now.toISOString() ? new Date(s.generated_until) : now;
  const starts = occurrences({ rrule: s.rrule, startsOn: s.starts_on, startTime: s.start_time }, from, horizon);
  const nowIso = now.toISOString();
  return transaction(ctx.db, async (trx) => {
    const body = await trx.selectFrom('bodies').select(['grid_path']).where('id', '=', s.body_id).executeTakeFirstOrThrow();
    let made = 0;
    for (const start of starts) {
      const id = newId();
      const startsAt = start.toISOString();
      const inserted = await trx
        .insertInto('meetings')
        .values({
          id, body_id: s.body_id, series_id: s.id, grid_path: body.grid_path, title: s.title, kind: 'regular', state: 'scheduled', starts_at: startsAt,
          ends_at: new Date(start.getTime() + s.duration_minutes * 60_000).toISOString(), location: s.location, checkin_code: newCheckinCode(), minutes: null, minutes_updated_at: null,
          attachments: null, started_at: null, closed_at: null, created_by: null, created_at: nowIso, updated_at: nowIso, version: 1,
        })
        .onConflict((oc) => oc.columns(['series_id', 'starts_at']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      made++;
      await inviteMembers(trx, s.body_id, id, startsAt, nowIso);
      await writeOutbox(trx, now, 'meeting.scheduled', { meetingId: id, bodyId: s.body_id, startsAt }, body.grid_path);
    }
    await trx.updateTable('meeting_series').set({ generated_until: horizon.toISOString() }).where('id', '=', s.id).execute();
    if (made) await placeQueuedTopics(trx, s.body_id, now);
    return made;
  });
}
