import type { Role } from '../../db/schema.js';
import { isInScope, type Actor } from '../../core/scope.js';

/**
 * Route-level permissions of co-building (role → action). Scope is checked per record: staff act
 * inside their subtree; an organisation's contact acts for the organisation whose contact they are.
 */
export const cobuildPolicy = {
  /** Organisations, the three lists and the assessment: the 共驻共建 pages. */
  'cobuild.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'orgContact'],
  'organization.write': ['admin', 'cadre', 'secretary', 'orgContact'],
  'organization.delete': ['admin', 'cadre', 'secretary'],
  'agreement.write': ['admin', 'cadre', 'secretary'],
  'need.write': ['admin', 'cadre', 'secretary', 'gridWorker'],
  'resource.write': ['admin', 'cadre', 'secretary', 'orgContact'],
  'project.write': ['admin', 'cadre', 'secretary'],
  /** A contact may pair a need with the organisation's own resource (认领需求). */
  'project.propose': ['admin', 'cadre', 'secretary', 'orgContact'],
  'review.write': ['admin', 'cadre', 'secretary'],
  'assessment.read': ['admin', 'cadre', 'secretary', 'orgContact'],
  'assessment.configure': ['admin', 'cadre'],
  /** Dual registration, service records and evaluations: the 双报到 pages. */
  'registration.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'orgContact'],
  'registration.write': ['admin', 'cadre', 'secretary'],
  /** An in-service party member registers themselves with the community they live in. */
  'registration.self': ['partyMember'],
  /** The register of organisations by name, for naming an employer (members) or registering one (staff). */
  'organization.directory': ['admin', 'cadre', 'secretary', 'gridWorker', 'orgContact', 'partyMember'],
  /** One's own registration and evaluations. */
  'registration.mine': ['partyMember', 'resident', 'orgContact', 'steward', 'gridWorker', 'secretary', 'cadre'],
  'serviceRecord.write': ['admin', 'secretary', 'gridWorker'],
  'evaluation.write': ['admin', 'cadre', 'secretary', 'orgContact'],
  'feedback.read': ['admin', 'cadre', 'secretary', 'orgContact'],
  'feedback.send': ['admin', 'cadre', 'secretary'],
  'feedback.acknowledge': ['orgContact', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type CobuildAction = keyof typeof cobuildPolicy;

const staffRoles: Role[] = ['admin', 'cadre', 'secretary', 'gridWorker'];

export function isCobuildStaff(actor: Actor): boolean {
  return staffRoles.includes(actor.role);
}

/** The contact of this organisation (联络人) acts for it wherever it serves. */
export function isContactOf(actor: Actor, org: { contact_user_id: string | null }): boolean {
  return actor.role === 'orgContact' && org.contact_user_id === actor.userId;
}

/**
 * May this actor change this organisation (its details, resources, registrations)? Staff inside
 * whose subtree it lies or serves; its own contact.
 */
export function mayManageOrganization(actor: Actor, org: { grid_path: string; contact_user_id: string | null }, servedPaths: string[]): boolean {
  if (isContactOf(actor, org)) return true;
  if (actor.role === 'orgContact') return false;
  return isInScope(actor, org.grid_path) || servedPaths.some((p) => isInScope(actor, p));
}

/** An evaluation side follows from who writes it: the employer's contact, or the community's staff. */
export function evaluationSideOf(actor: Actor): 'community' | 'employer' | null {
  if (actor.role === 'orgContact') return 'employer';
  if (['admin', 'cadre', 'secretary'].includes(actor.role)) return 'community';
  return null;
}
