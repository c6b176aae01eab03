import type { Role } from '../../db/schema.js';
import { isInScope, type Actor } from '../../core/scope.js';
import type { BodyMemberTable, MeetingTable } from './tables.js';

/** Everyone who takes part: staff of the grid, partner organisations, party members and residents (not departments or the hotline). */
const everyone: Role[] = ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'orgContact', 'partyMember', 'resident'];
/** Those who may sit in a body as delegates and so vote, check in and own action items. */
const delegates: Role[] = ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'orgContact', 'partyMember', 'resident'];

/**
 * Route-level permissions of deliberation (role → action). Records are then checked against the
 * caller's grid subtree (reads outside it 404, writes 403), or membership of the body for the
 * delegates who vote and the owners who report progress.
 */
export const deliberationPolicy = {
  /** The menu entry: staff see bodies and meetings, residents their compound's topics. */
  'deliberation.use': everyone,
  'deliberation.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'orgContact', 'partyMember', 'resident'],
  /** Bodies, seats, members, schedules, meetings, agenda, motions, minutes, resolutions. */
  'deliberation.manage': ['admin', 'cadre', 'secretary'],
  'deliberation.vote': delegates,
  'deliberation.checkIn': delegates,
  'actionItem.update': delegates,
  'topic.read': everyone,
  'topic.propose': ['admin', 'secretary', 'gridWorker', 'steward', 'partyMember', 'resident', 'orgContact'],
  'topic.support': ['admin', 'secretary', 'gridWorker', 'steward', 'partyMember', 'resident', 'orgContact'],
} as const satisfies Record<string, readonly Role[]>;

/** Managers act on bodies in their subtree; admins everywhere. */
export function isManagerOf(actor: Actor, gridPath: string): boolean {
  return ['admin', 'cadre', 'secretary'].includes(actor.role) && isInScope(actor, gridPath);
}

/** A member whose term covers the day (YYYY-MM-DD). */
export function isCurrentMember(member: Pick<BodyMemberTable, 'term_start' | 'term_end'>, day: string): boolean {
  return member.term_start <= day && (member.term_end === null || member.term_end >= day);
}

/** Hours after closing during which the secretary may still correct minutes and outcomes. */
export const MINUTES_GRACE_HOURS = 72;

/**
 * Minutes and outcomes are editable while the meeting is in progress, and by the secretary (the
 * body's secretary, a community secretary over it, or an admin) for 72 hours after it closed.
 */
export function canEditMinutes(meeting: Pick<MeetingTable, 'state' | 'closed_at'>, now: Date, isSecretary: boolean): boolean {
  if (meeting.state === 'inProgress') return true;
  if (meeting.state !== 'closed' || !meeting.closed_at || !isSecretary) return false;
  return now.getTime() - Date.parse(meeting.closed_at) <= MINUTES_GRACE_HOURS * 3_600_000;
}

/** Meeting states and the moves between them: draft → scheduled → in progress → closed. */
export const meetingMoves = {
  schedule: { from: ['draft'], to: 'scheduled' },
  start: { from: ['draft', 'scheduled'], to: 'inProgress' },
  close: { from: ['inProgress'], to: 'closed' },
  cancel: { from: ['draft', 'scheduled'], to: 'cancelled' },
} as const;
export type MeetingMove = keyof typeof meetingMoves;
