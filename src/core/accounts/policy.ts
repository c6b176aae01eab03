import type { Role } from '../../db/schema.js';
import { AppError } from '../errors.js';
import type { Actor } from '../scope.js';

/**
 * Who may do what, as data: action → roles. Scope (which subtree) is checked separately on
 * every record, so a role listed here still only acts inside its own grids.
 */
export const corePolicy = {
  'grid.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'departmentOfficer', 'operator', 'orgContact', 'partyMember', 'resident'],
  'grid.write': ['admin'],
  'grid.import': ['admin'],
  'grid.check': ['admin', 'cadre', 'secretary'],
  'assignment.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'departmentOfficer', 'operator'],
  'assignment.write': ['admin', 'cadre', 'secretary'],
  'coverage.read': ['admin', 'cadre', 'secretary', 'gridWorker'],
  'person.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward'],
  'person.write': ['admin', 'secretary', 'gridWorker'],
  /** Seeing a full identity number or phone is audited and limited to those who must verify people. */
  'person.reveal': ['admin', 'secretary'],
  'place.write': ['admin', 'secretary', 'gridWorker'],
  'partyOrg.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'partyMember'],
  'partyOrg.write': ['admin', 'cadre', 'secretary'],
  'user.manage': ['admin'],
  'apiKey.manage': ['admin', 'cadre', 'secretary', 'operator', 'departmentOfficer'],
  'audit.read': ['admin', 'cadre', 'secretary'],
  'backup.run': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type CoreAction = keyof typeof corePolicy;

const registry = new Map<string, readonly Role[]>(Object.entries(corePolicy));

/** Modules add their own action table from their manifest. */
export function registerPolicy(table: Record<string, readonly Role[]>): void {
  for (const [action, roles] of Object.entries(table)) registry.set(action, roles);
}

export function can(actor: Pick<Actor, 'role'>, action: string): boolean {
  return registry.get(action)?.includes(actor.role) ?? false;
}

/** The first line of every service method: refuse (403) unless the role may do this at all. */
export function requirePermission(actor: Actor | undefined, action: string): asserts actor is Actor {
  if (!actor) throw new AppError('unauthenticated');
  if (!can(actor, action)) throw new AppError('forbidden', { params: { action } });
}

/** Every action the policy knows, for the permission matrix shown to admins and tested. */
export function policyTable(): Record<string, readonly Role[]> {
  return Object.fromEntries(registry);
}
