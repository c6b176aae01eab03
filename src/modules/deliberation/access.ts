import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requirePermission } from '../../core/accounts/policy.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { isManagerOf } from './policy.js';
import { deliberationRepository } from './repository.js';
import type { BodyTable, MeetingTable } from './tables.js';

/** True when the user sits in the body now (a delegate without an end to their term). */
export async function isDelegate(db: Kysely<Database>, userId: string, bodyId: string): Promise<boolean> {
  const rows = await deliberationRepository(db).membershipsOf(userId, bodyId);
  return rows.some((m) => m.term_end === null);
}

/** A body the actor may read: in their subtree or one they sit in; otherwise 404. */
export async function readableBody(ctx: AppContext, actor: Actor, bodyId: string): Promise<BodyTable> {
  const body = await deliberationRepository(ctx.db.kysely).body(bodyId);
  if (!body) throw new AppError('notFound');
  if (isInScope(actor, body.grid_path) || (await isDelegate(ctx.db.kysely, actor.userId, body.id))) return body;
  throw new AppError('notFound');
}

/** A body the actor manages: 404 when it does not exist, 403 when it lies outside their subtree. */
export async function managedBody(ctx: AppContext, actor: Actor | undefined, bodyId: string): Promise<BodyTable> {
  requirePermission(actor, 'deliberation.manage');
  const body = await deliberationRepository(ctx.db.kysely).body(bodyId);
  if (!body) throw new AppError('notFound');
  if (!isManagerOf(actor, body.grid_path)) throw new AppError('forbidden');
  return body;
}

export async function readableMeeting(ctx: AppContext, actor: Actor, meetingId: string): Promise<{ meeting: MeetingTable; body: BodyTable }> {
  const meeting = await deliberationRepository(ctx.db.kysely).meeting(meetingId);
  if (!meeting) throw new AppError('notFound');
  return { meeting, body: await readableBody(ctx, actor, meeting.body_id) };
}

export async function managedMeeting(ctx: AppContext, actor: Actor | undefined, meetingId: string): Promise<{ meeting: MeetingTable; body: BodyTable }> {
  requirePermission(actor, 'deliberation.manage');
  const meeting = await deliberationRepository(ctx.db.kysely).meeting(meetingId);
  if (!meeting) throw new AppError('notFound');
  return { meeting, body: await managedBody(ctx, actor, meeting.body_id) };
}

/** The calendar day in Beijing of the context's clock (terms and deadlines are days). */
export function today(ctx: AppContext): string {
  return new Date(ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
