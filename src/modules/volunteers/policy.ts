import type { Role } from '../../db/schema.js';
import { isAncestorOfScope, isInScope, type Actor } from '../../core/scope.js';

/**
 * Route-level permissions of volunteer service and care (role → action). Scope is checked per
 * record: staff act in their subtree; members and residents see the teams and activities of their
 * own place and the places above it (a community's activity is open to its compounds).
 */
export const volunteersPolicy = {
  /** Teams and activities: the 志愿服务 pages. */
  'volunteer.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'orgContact', 'partyMember', 'resident'],
  'team.write': ['admin', 'cadre', 'secretary'],
  'team.join': ['partyMember', 'resident', 'orgContact', 'steward', 'gridWorker'],
  'activity.write': ['admin', 'cadre', 'secretary', 'gridWorker'],
  'activity.signup': ['partyMember', 'resident', 'orgContact', 'steward', 'gridWorker', 'secretary', 'cadre'],
  /** Verifying attendance credits hours; organisers and the community's staff do it. */
  'activity.verify': ['admin', 'cadre', 'secretary', 'gridWorker'],
  'ledger.correct': ['admin', 'cadre', 'secretary'],
  /** Another person's hours, points and certificate. */
  'volunteer.people': ['admin', 'cadre', 'secretary', 'gridWorker'],
  /** My own hours, points and certificate: anyone who is a person in the register. */
  'volunteer.self': ['partyMember', 'resident', 'orgContact', 'steward', 'gridWorker', 'secretary', 'cadre'],
  'volunteer.stats': ['admin', 'cadre', 'secretary', 'gridWorker'],
  'careVisit.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward'],
  'careVisit.write': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward'],
} as const satisfies Record<string, readonly Role[]>;

const staffRoles: Role[] = ['admin', 'cadre', 'secretary', 'gridWorker'];

export function isVolunteerStaff(actor: Actor): boolean {
  return staffRoles.includes(actor.role);
}

/** Teams and activities are open to the people of their place and of the places below it. */
export function canSeePlace(actor: Actor, path: string): boolean {
  return isInScope(actor, path) || (!isVolunteerStaff(actor) && isAncestorOfScope(actor, path));
}

/** The activity's organiser, or staff of its place who may organise activities. */
export function mayOrganize(actor: Actor, activity: { organizer_user_id: string | null; grid_path: string }): boolean {
  if (activity.organizer_user_id === actor.userId) return true;
  return staffRoles.includes(actor.role) && isInScope(actor, activity.grid_path);
}

/** The materialised paths of every ancestor of the actor's scope roots (for "places above me"). */
export function ancestorPathsOf(actor: Actor): string[] {
  const out = new Set<string>();
  for (const root of actor.scopePaths) {
    const parts = root.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) out.add(`/${parts.slice(0, i).join('/')}/`);
  }
  return [...out];
}
