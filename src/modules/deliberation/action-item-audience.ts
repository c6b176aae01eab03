import { registerAudience, type Audience, type AudienceResolver } from '../../core/notifications/audience.js';

/**
 * Who hears about an action item: the delegates who own it (the person named, or every current
 * delegate of the owning organisation) when it is created or overdue; an overdue item also goes
 * to the body's chair and secretary, who follow up at the next meeting.
 */
export const resolveActionItemAudience: AudienceResolver = async ({ db, event }) => {
  const p = event.payload as { actionItemId?: string; title?: string; resolutionNumber?: string; dueOn?: string; daysOverdue?: number };
  const audience: Audience = { users: [], sms: [], params: { title: p.title ?? null, resolutionNumber: p.resolutionNumber ?? null, dueOn: p.dueOn ?? null, daysOverdue: p.daysOverdue ?? null }, caseId: null };
  if (!p.actionItemId) return audience;
  const item = await db
    .selectFrom('action_items')
    .innerJoin('resolutions', 'resolutions.id', 'action_items.resolution_id')
    .select(['action_items.title', 'action_items.owner_org_id', 'action_items.owner_member_id', 'action_items.due_on', 'resolutions.number', 'resolutions.body_id'])
    .where('action_items.id', '=', p.actionItemId)
    .executeTakeFirst();
  if (!item) return audience;
  Object.assign(audience.params, { title: item.title, resolutionNumber: item.number, dueOn: item.due_on });
  // Progress reports are for the board, not for anyone's inbox.
  if (event.topic === 'actionItem.updated') return audience;
  const members = await db.selectFrom('body_members').select(['id', 'user_id', 'org_id', 'position']).where('body_id', '=', item.body_id).where('term_end', 'is', null).where('user_id', 'is not', null).execute();
  for (const m of members) {
    const isOwner = m.id === item.owner_member_id || (item.owner_org_id !== null && m.org_id === item.owner_org_id);
    const isFollowUp = event.topic === 'actionItem.overdue' && (m.position === 'chair' || m.position === 'secretary');
    if (isOwner || isFollowUp) audience.users.push({ userId: m.user_id!, reason: 'team' });
  }
  return audience;
};

/** Delegates with an account hear that a meeting they are invited to was scheduled. */
export const resolveMeetingAudience: AudienceResolver = async ({ db, event }) => {
  const p = event.payload as { meetingId?: string };
  const audience: Audience = { users: [], sms: [], params: {}, caseId: null };
  if (event.topic !== 'meeting.scheduled' || !p.meetingId) return audience;
  const meeting = await db.selectFrom('meetings').select(['title', 'starts_at', 'location']).where('id', '=', p.meetingId).executeTakeFirst();
  if (!meeting) return audience;
  Object.assign(audience.params, { title: meeting.title, startsAt: meeting.starts_at, location: meeting.location, meetingId: p.meetingId });
  const invited = await db
    .selectFrom('meeting_attendance')
    .innerJoin('body_members', 'body_members.id', 'meeting_attendance.member_id')
    .select('body_members.user_id')
    .where('meeting_attendance.meeting_id', '=', p.meetingId)
    .where('body_members.user_id', 'is not', null)
    .execute();
  for (const m of invited) audience.users.push({ userId: m.user_id!, reason: 'team' });
  return audience;
};

/** The resident who proposed a topic hears when it goes on a meeting's agenda. */
export const resolveTopicAudience: AudienceResolver = async ({ db, event }) => {
  const p = event.payload as { topicId?: string; meetingId?: string };
  const audience: Audience = { users: [], sms: [], params: {}, caseId: null };
  if (event.topic !== 'topic.onAgenda' || !p.topicId) return audience;
  const topic = await db.selectFrom('topics').select(['title', 'proposer_user_id']).where('id', '=', p.topicId).executeTakeFirst();
  const meeting = p.meetingId ? await db.selectFrom('meetings').select(['title', 'starts_at']).where('id', '=', p.meetingId).executeTakeFirst() : undefined;
  if (!topic?.proposer_user_id) return audience;
  Object.assign(audience.params, { title: topic.title, meeting: meeting?.title ?? null, startsAt: meeting?.starts_at ?? null });
  audience.users.push({ userId: topic.proposer_user_id, reason: 'team' });
  return audience;
};

/** Tells the notification dispatcher who hears about deliberation's events. Idempotent. */
export function registerActionItemAudience(): void {
  registerAudience('actionItem.', resolveActionItemAudience);
  registerAudience('meeting.', resolveMeetingAudience);
  registerAudience('topic.', resolveTopicAudience);
}
