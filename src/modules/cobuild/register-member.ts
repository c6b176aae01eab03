import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import { localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { cobuildRepository } from './repository.js';
import type { MemberRegistrationBody } from './schemas.js';

/**
 * 个人报到: an in-service party member registers with the community they live in, naming their
 * employer. A member does it for themselves (their own person record); staff of the community may
 * do it for someone. The person must live in that community. They become (or stay) an in-service
 * party member whose employer is the organisation, so the employer's feedback list finds them.
 */
export async function registerMember({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: MemberRegistrationBody }) {
  if (!actor) throw new AppError('unauthenticated');
  const isSelf = !input.personId;
  requirePermission(actor, isSelf ? 'registration.self' : 'registration.write');
  const personId = input.personId ?? actor.personId;
  if (!personId) throw invalidField('personId', 'noPersonRecord');
  const repo = cobuildRepository(ctx.db.kysely);
  const community = await repo.grid(input.communityId);
  if (!community) throw invalidField('communityId', 'unknownGrid', { value: input.communityId });
  if (community.level !== 'community') throw invalidField('communityId', 'notACommunity');
  if (!isSelf && !isInScope(actor, community.path)) throw new AppError('forbidden', { errors: [{ field: 'communityId', reason: 'outsideScope' }] });
  const person = await repo.person(personId);
  if (!person) throw invalidField('personId', 'unknownPerson', { value: personId });
  if (!person.grid_path?.startsWith(community.path)) throw invalidField('communityId', 'notResidentOfCommunity');
  const employer = await repo.findOrg(input.employerOrgId);
  if (!employer) throw invalidField('employerOrgId', 'unknownOrganization', { value: input.employerOrgId });
  if (person.party_kind === 'community') throw invalidField('personId', 'communityPartyMember');

  const existing = await repo.registrationOfPerson(personId);
  if (existing?.state === 'active') throw new AppError('conflict', { errors: [{ field: 'personId', reason: 'alreadyRegistered' }] });
  const now = ctx.clock.now();
  const id = existing?.id ?? newId();
  const row = {
    community_id: community.id, community_path: community.path, employer_org_id: employer.id, registered_on: input.registeredOn ?? localDateOf(now), state: 'active' as const, ended_on: null,
    skills: input.skills?.length ? JSON.stringify(input.skills) : null, note: input.note ?? null, updated_at: now.toISOString(),
  };
  await transaction(ctx.db, async (trx) => {
    const r = cobuildRepository(trx);
    if (existing) await r.updateRegistration(existing.id, row);
    else await r.insertRegistration({ id, person_id: personId, ...row, created_by: actor.userId, created_at: now.toISOString() });
    await r.setInServiceMember(personId, person.grid_path!, employer.id, now.toISOString());
    await recordAudit(trx, actor, now, { action: 'member.register', recordType: 'memberRegistration', recordId: id, gridPath: community.path, details: { personId, employerOrgId: employer.id, isSelf } });
    await writeOutbox(trx, now, 'cobuild.memberRegistered', { registrationId: id, personId, employerOrgId: employer.id }, community.path);
  });
  return id;
}

/** Ends a registration (moved away, retired): staff of the community, or the member. */
export async function endMemberRegistration({ ctx, actor, id }: { ctx: AppContext; actor: Actor | undefined; id: string }) {
  if (!actor) throw new AppError('unauthenticated');
  const repo = cobuildRepository(ctx.db.kysely);
  const r = await repo.findRegistration(id);
  if (!r) throw new AppError('notFound');
  const isSelf = actor.personId !== null && r.person_id === actor.personId;
  if (!isSelf) {
    requirePermission(actor, 'registration.write');
    if (!isInScope(actor, r.community_path)) throw new AppError('forbidden', { params: { action: 'registration.write' } });
  }
  if (r.state !== 'active') throw new AppError('conflict', { errors: [{ field: 'id', reason: 'registrationEnded' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).updateRegistration(id, { state: 'ended', ended_on: localDateOf(now), updated_at: now.toISOString() });
    await recordAudit(trx, actor, now, { action: 'member.registrationEnd', recordType: 'memberRegistration', recordId: id, gridPath: r.community_path });
  });
}
