import { transaction } from '../../db/index.js';
import type { GridLevel } from '../../db/schema.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { localDay, jointMeetingDefaults, normaliseRule } from './recurrence.js';
import type { BodyKind, BodyLevel, Majority, OrgKind, VotingRule } from './tables.js';

/** The four seats of a four-party council (四方): one organisation of each kind. */
export const fourPartySeats: OrgKind[] = ['communityParty', 'socialOrg', 'ownersCommittee', 'propertyCompany'];

export interface ScheduleInput {
  title?: string;
  rrule: string;
  startsOn?: string;
  startTime: string;
  durationMinutes?: number;
  location?: string;
}

export interface CreateBodyOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  input: {
    kind: BodyKind;
    name: string;
    gridId: string;
    votingRule?: VotingRule;
    quorumPercent?: number;
    majority?: Majority;
    countsAbstentions?: boolean;
    topicThreshold?: number;
    /** Organisations to seat (four-party) or to admit as members (joint meeting). */
    orgIds?: string[];
    /** A recurring schedule; joint meetings get their level's monthly one when none is given. */
    schedule?: ScheduleInput;
  };
}

const jointLevelOf: Partial<Record<GridLevel, BodyLevel>> = { city: 'city', subdistrict: 'subdistrict', community: 'community', compound: 'grid' };

/**
 * Creates a four-party council (a compound's or a community's, one vote per seat) or a joint
 * meeting (city, subdistrict, community or grid level, one vote per member, meeting monthly),
 * with its seats and its recurring schedule, in one transaction.
 */
export async function createBody({ ctx, actor, input }: CreateBodyOptions): Promise<string> {
  requirePermission(actor, 'deliberation.manage');
  const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path', 'level', 'name']).where('id', '=', input.gridId).executeTakeFirst();
  if (!grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });
  if (!isInScope(actor, grid.path)) throw new AppError('forbidden');
  let level: BodyLevel;
  if (input.kind === 'fourParty') {
    if (grid.level !== 'compound' && grid.level !== 'community') throw invalidField('gridId', 'councilLevel');
    level = grid.level;
  } else {
    const joint = jointLevelOf[grid.level];
    if (!joint) throw invalidField('gridId', 'jointMeetingLevel');
    level = joint;
  }
  const orgIds = [...new Set(input.orgIds ?? [])];
  const orgs = orgIds.length ? await ctx.db.kysely.selectFrom('deliberation_orgs').selectAll().where('id', 'in', orgIds).execute() : [];
  for (const id of orgIds) {
    const org = orgs.find((o) => o.id === id);
    if (!org) throw invalidField('orgIds', 'unknownOrg', { value: id });
    if (input.kind === 'fourParty' && !org.grid_path.startsWith(grid.path) && !grid.path.startsWith(org.grid_path)) throw invalidField('orgIds', 'orgOutsideBody', { value: org.name });
  }
  if (input.kind === 'fourParty') {
    const kinds = orgs.map((o) => o.kind);
    const bad = kinds.find((k) => !fourPartySeats.includes(k));
    if (bad) throw invalidField('orgIds', 'notAFourPartyKind', { value: bad });
    if (new Set(kinds).size !== kinds.length) throw invalidField('orgIds', 'seatTaken');
  }
  const schedule = input.schedule ?? (input.kind === 'jointMeeting' ? { ...jointMeetingDefaults[level as Exclude<BodyLevel, 'compound'>] } : undefined);
  const rrule = schedule ? normaliseRule(schedule.rrule, 'schedule.rrule') : undefined;

  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const id = newId();
  const isCouncil = input.kind === 'fourParty';
  await transaction(ctx.db, async (trx) => {
    await trx
      .insertInto('bodies')
      .values({
        id, kind: input.kind, level, name: input.name.trim(), grid_id: grid.id, grid_path: grid.path,
        voting_rule: input.votingRule ?? (isCouncil ? 'perSeat' : 'perMember'), quorum_percent: input.quorumPercent ?? (isCouncil ? 75 : 50),
        majority: input.majority ?? 'simple', counts_abstentions: input.countsAbstentions ? 1 : 0, topic_threshold: input.topicThreshold ?? (isCouncil ? 10 : 30),
        is_active: 1, created_at: nowIso, updated_at: nowIso,
      })
      .execute();
    for (const org of orgs) await trx.insertInto('body_orgs').values({ body_id: id, org_id: org.id, seat_kind: org.kind, created_at: nowIso }).execute();
    if (schedule && rrule) {
      await trx
        .insertInto('meeting_series')
        .values({
          id: newId(), body_id: id, title: schedule.title?.trim() || input.name.trim(), rrule, starts_on: schedule.startsOn ?? localDay(now), start_time: schedule.startTime,
          duration_minutes: schedule.durationMinutes ?? 120, location: schedule.location ?? null, is_active: 1, generated_until: null, created_at: nowIso,
        })
        .execute();
    }
    await recordAudit(trx, actor, now, { action: 'body.create', recordType: 'body', recordId: id, gridPath: grid.path, details: { kind: input.kind, level, name: input.name } });
    await writeOutbox(trx, now, 'body.created', { bodyId: id, kind: input.kind, level }, grid.path);
  });
  return id;
}
