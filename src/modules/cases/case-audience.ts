import type { Role } from '../../db/schema.js';
import { registerAudience, type Audience, type AudienceResolver } from '../../core/notifications/audience.js';
import type { Tier } from './tables.js';
import { roleTier } from './workflow.js';

/** The payload `appendCaseEvent` writes to the outbox for every case transition. */
export interface CaseEventPayload {
  caseId: string;
  number: string;
  action: string;
  from: string | null;
  to: string;
  fromTier: Tier | null;
  toTier: Tier | null;
  handlingPath: string;
  eventId: string;
}

/** The reporter hears when the case is received, refused, moved up, handled and closed (also by a council resolution). */
const reporterActions = new Set(['report', 'reject', 'escalate', 'reportBack', 'close', 'closeByResolution']);
/** Reporters of duplicates merged into a case hear how the surviving case ends. */
const mergedReporterActions = new Set(['reportBack', 'close', 'closeByResolution']);

/** Every path from the root down to `path`: the scope roots that contain it. */
function pathsAbove(path: string): string[] {
  const codes = path.split('/').filter(Boolean);
  return codes.map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`);
}

/**
 * Who must know about a case event: the team holding the case at its tier (staff whose role
 * works at that tier and whose scope contains the holding grid; the city's triage queue is held
 * by operators and admins), except whoever acted; the reporter on the steps they care about (a
 * text message when they reported by phone without an account); the members of summoned
 * departments; and the reporters of merged duplicates when the case is handled and closed.
 */
export const resolveCaseAudience: AudienceResolver = async ({ ctx, db, event }) => {
  const p = event.payload as unknown as CaseEventPayload;
  const audience: Audience = { users: [], sms: [], params: { number: p.number, action: p.action, caseId: p.caseId, fromTier: p.fromTier, toTier: p.toTier }, caseId: p.caseId ?? null };
  const c = p.caseId ? await db.selectFrom('cases').select(['id', 'tier', 'handling_path', 'reporter_user_id', 'reporter_phone_enc']).where('id', '=', p.caseId).executeTakeFirst() : undefined;
  if (!c) return audience;
  const logged = p.eventId ? await db.selectFrom('case_events').select(['actor_id', 'data']).where('id', '=', p.eventId).executeTakeFirst() : undefined;
  const actorId = logged?.actor_id ?? null;

  const tier = p.toTier ?? c.tier;
  const handlingPath = p.handlingPath ?? c.handling_path;
  const roles = (Object.entries(roleTier) as [Role, Tier][]).filter(([, t]) => t === tier).map(([role]) => role);
  if (roles.length) {
    let q = db.selectFrom('users').select('users.id').distinct().where('users.is_active', '=', 1).where('users.role', 'in', roles);
    if (handlingPath !== '/') {
      // Admins hold everything; everyone else through a scope root at or above the holding grid.
      const above = pathsAbove(handlingPath);
      q = q
        .leftJoin('user_scopes', 'user_scopes.user_id', 'users.id')
        .leftJoin('grids', 'grids.id', 'user_scopes.grid_id')
        .where((eb) => eb.or([eb('users.role', '=', 'admin'), ...(above.length ? [eb('grids.path', 'in', above)] : [])]));
    }
    for (const u of await q.execute()) if (u.id !== actorId) audience.users.push({ userId: u.id, reason: 'team' });
  }

  const tellReporter = (reporter: { reporter_user_id: string | null; reporter_phone_enc: string | null }, reason: string) => {
    if (reporter.reporter_user_id) audience.users.push({ userId: reporter.reporter_user_id, reason });
    else if (reporter.reporter_phone_enc) audience.sms.push({ phone: ctx.cipher.decrypt(reporter.reporter_phone_enc), templateCode: `case.${p.action}`, params: { number: p.number } });
  };
  if (reporterActions.has(p.action)) tellReporter(c, 'reporter');
  if (mergedReporterActions.has(p.action)) {
    const merged = await db.selectFrom('cases').select(['reporter_user_id', 'reporter_phone_enc']).where('merged_into_id', '=', c.id).execute();
    for (const m of merged) tellReporter(m, 'mergedReporter');
  }

  if (p.action === 'summon' && logged?.data) {
    const departmentIds = (JSON.parse(logged.data) as { departmentIds?: string[] }).departmentIds ?? [];
    if (departmentIds.length) {
      const members = await db.selectFrom('department_members').innerJoin('users', 'users.id', 'department_members.user_id').select('users.id').where('department_members.department_id', 'in', departmentIds).where('users.is_active', '=', 1).execute();
      for (const m of members) audience.users.push({ userId: m.id, reason: 'department' });
    }
  }
  return audience;
};

/** Tells the notification dispatcher who hears about `case.*` events. Idempotent. */
export function registerCaseAudience(): void {
  registerAudience('case.', resolveCaseAudience);
}
