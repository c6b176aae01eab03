import type { Role } from '../../db/schema.js';
import { isInScope, type Actor } from '../../core/scope.js';
import type { CaseTable } from './tables.js';
import { actionRules, roleTier, tierRank, type CaseAction } from './workflow.js';

/** Route-level permissions of the cases module (role → action); record rules are below. */
export const casesPolicy = {
  'case.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'departmentOfficer', 'operator'],
  'case.create': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'operator', 'resident', 'partyMember', 'orgContact', 'departmentOfficer'],
  'case.staffIntake': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'operator'],
  'case.command': ['admin', 'cadre', 'secretary', 'operator'],
  'taxonomy.write': ['admin'],
  'department.write': ['admin'],
  'patrol.plan': ['admin', 'cadre', 'secretary'],
  'patrol.work': ['gridWorker', 'steward', 'secretary'],
  'webhook.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

const staffRoles: Role[] = ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'operator'];

export function isStaff(actor: Actor): boolean {
  return staffRoles.includes(actor.role);
}

/** City-level staff see the queue of cases that fell outside every grid. */
export function seesTriage(actor: Actor): boolean {
  return actor.isGlobal || actor.role === 'operator' || actor.scopePaths.some((p) => p.split('/').filter(Boolean).length === 1);
}

function holdsPlace(actor: Actor, path: string): boolean {
  return path === '/' ? seesTriage(actor) : isInScope(actor, path);
}

export interface CaseAccess {
  departmentIds: string[];
  referralDepartmentIds: string[];
}

export function canSeeCase(actor: Actor, c: Pick<CaseTable, 'grid_path' | 'handling_path' | 'reporter_user_id'>, access: CaseAccess): boolean {
  if (actor.isGlobal || c.reporter_user_id === actor.userId) return true;
  if (access.referralDepartmentIds.some((d) => access.departmentIds.includes(d))) return true;
  if (actor.role === 'resident' || actor.role === 'partyMember' || actor.role === 'orgContact') return false;
  return isInScope(actor, c.grid_path) || holdsPlace(actor, c.handling_path);
}

/** The team holding the case, or staff above it in the same subtree (a community may act for its compounds). */
export function isTierTeam(actor: Actor, c: Pick<CaseTable, 'tier' | 'handling_path'>): boolean {
  const tier = roleTier[actor.role];
  if (!isStaff(actor) || !tier) return false;
  if (actor.role === 'operator' && c.tier !== 'city') return false;
  return tierRank(tier) >= tierRank(c.tier) && holdsPlace(actor, c.handling_path);
}

export function isSupervisor(actor: Actor, c: Pick<CaseTable, 'tier' | 'handling_path'>): boolean {
  const tier = roleTier[actor.role];
  if (!isStaff(actor) || !tier) return false;
  return (actor.isGlobal || tierRank(tier) > tierRank(c.tier)) && holdsPlace(actor, c.handling_path);
}

export function isStaffAtPlace(actor: Actor, c: Pick<CaseTable, 'grid_path' | 'handling_path'>): boolean {
  return isStaff(actor) && (isInScope(actor, c.grid_path) || holdsPlace(actor, c.handling_path));
}

/** May this actor take this action on this case (ignoring the state)? */
export function mayAct(actor: Actor, c: CaseTable, action: CaseAction): boolean {
  switch (actionRules[action].actor) {
    case 'tierTeam':
      return isTierTeam(actor, c);
    case 'supervisor':
      return isSupervisor(actor, c);
    case 'staffAtPlace':
      return isStaffAtPlace(actor, c);
    case 'reporter':
      return c.reporter_user_id !== null && c.reporter_user_id === actor.userId;
  }
}

/** The actions this actor may take now: the state allows them, the actor may take them, and a pending request matches. */
export function allowedActions(actor: Actor, c: CaseTable): CaseAction[] {
  const pending = c.pending_request ? (JSON.parse(c.pending_request) as { kind: string }).kind : undefined;
  return (Object.keys(actionRules) as CaseAction[]).filter((action) => {
    const rule = actionRules[action];
    if (!rule.from.includes(c.state) || rule.isInternal) return false;
    if (rule.needsPending && rule.needsPending !== pending) return false;
    if ((action === 'requestReturn' || action === 'requestExtension') && pending) return false;
    if (action === 'escalate' && c.tier === 'city') return false;
    return mayAct(actor, c, action);
  });
}
