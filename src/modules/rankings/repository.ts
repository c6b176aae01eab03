import type { Kysely } from 'kysely';
import type { Database, GridLevel } from '../../db/schema.js';
import { underPath } from '../../core/scope.js';

/** The period as stored times: `from` inclusive, `to` exclusive (ISO instants), and the same as local dates. */
export interface PeriodBounds {
  from: string;
  to: string;
  fromDate: string;
  toDate: string;
}

/** SQL of the rankings. Every read takes the subtree root, which the service has checked lies in the caller's scope. */
export function rankingsRepository(db: Kysely<Database>) {
  return {
    grid(id: string) {
      return db.selectFrom('grids').select(['id', 'name', 'level', 'path']).where('id', '=', id).executeTakeFirst();
    },
    gridsAt(root: string, level: GridLevel) {
      return db.selectFrom('grids').select(['id', 'name', 'level', 'path']).where(underPath('path', root)).where('level', '=', level).orderBy('path').execute();
    },
    /** Residents registered in each grid path of the subtree (the service adds them up per ranked grid). */
    async residentsByPath(root: string) {
      const rows = await db
        .selectFrom('persons')
        .select(['grid_path', (eb) => eb.fn.countAll<number>().as('n')])
        .where(underPath('grid_path', root))
        .groupBy('grid_path')
        .execute();
      return rows.map((r) => ({ path: r.grid_path!, n: Number(r.n) }));
    },

    /** Active grid-worker accounts whose scope lies in the subtree, with the grid they work. */
    workers(root: string) {
      return db
        .selectFrom('users')
        .innerJoin('user_scopes', 'user_scopes.user_id', 'users.id')
        .innerJoin('grids', 'grids.id', 'user_scopes.grid_id')
        .select(['users.id', 'users.display_name', 'grids.name as grid_name', 'grids.path as grid_path'])
        .where('users.role', '=', 'gridWorker')
        .where('users.is_active', '=', 1)
        .where(underPath('grids.path', root))
        .orderBy('grids.path')
        .execute();
    },
    /**
     * Cases of the subtree closed in the period, once per grid worker who reported back on them
     * (反馈: the handler's own account of the work), with what the worker is measured on.
     */
    async casesClosedByHandler(root: string, period: PeriodBounds) {
      const rows = await db
        .selectFrom('cases')
        .innerJoin('case_events', 'case_events.case_id', 'cases.id')
        .select(['case_events.actor_id', 'cases.id', 'cases.overdue_at', 'cases.rework_count', 'cases.rating'])
        .distinct()
        .where('case_events.action', '=', 'reportBack')
        .where('case_events.actor_role', '=', 'gridWorker')
        .where('cases.closed_at', '>=', period.from)
        .where('cases.closed_at', '<', period.to)
        .where(underPath('cases.grid_path', root))
        .execute();
      return rows.map((r) => ({ workerId: r.actor_id!, caseId: r.id, isOnTime: r.overdue_at === null, isReworked: Number(r.rework_count) > 0, rating: r.rating === null ? null : Number(r.rating) }));
    },

    /** Partner organisations located in the subtree or registered (active) with a community in it. */
    organizations(root: string) {
      return db
        .selectFrom('organizations')
        .select(['organizations.id', 'organizations.name', 'organizations.kind', 'organizations.contact_user_id'])
        .where('organizations.deleted_at', 'is', null)
        .where((eb) =>
          eb.or([
            underPath('organizations.grid_path', root)(eb),
            eb.exists(eb.selectFrom('org_registrations as reg').select('reg.id').whereRef('reg.organization_id', '=', 'organizations.id').where('reg.state', '=', 'active').where(underPath('reg.community_path', root))),
          ]),
        )
        .orderBy('organizations.name')
        .execute();
    },
    /** Wishes of the subtree confirmed in the period whose fulfilled claim an organisation's contact made, per contact account. */
    async wishesFulfilledByContact(root: string, period: PeriodBounds) {
      const rows = await db
        .selectFrom('wish_claims')
        .innerJoin('wishes', 'wishes.id', 'wish_claims.wish_id')
        .select(['wish_claims.claimant_user_id as userId', (eb) => eb.fn.countAll<number>().as('n')])
        .where('wish_claims.status', '=', 'fulfilled')
        .where('wish_claims.claimant_kind', '=', 'organisation')
        .where('wishes.confirmed_at', '>=', period.from)
        .where('wishes.confirmed_at', '<', period.to)
        .where(underPath('wishes.grid_path', root))
        .groupBy('wish_claims.claimant_user_id')
        .execute();
      return new Map(rows.map((r) => [r.userId, Number(r.n)]));
    },
    /** Verified volunteer hours (ledger credits and corrections) served in the subtree in the period by each employer's registered members. */
    async memberHoursByEmployer(root: string, period: PeriodBounds) {
      const rows = await db
        .selectFrom('volunteer_ledger')
        .innerJoin('member_registrations', 'member_registrations.person_id', 'volunteer_ledger.person_id')
        .select(['member_registrations.employer_org_id as id', (eb) => eb.fn.sum<number>('volunteer_ledger.hours').as('n')])
        .where('volunteer_ledger.occurred_on', '>=', period.fromDate)
        .where('volunteer_ledger.occurred_on', '<', period.toDate)
        .where(underPath('volunteer_ledger.grid_path', root))
        .groupBy('member_registrations.employer_org_id')
        .execute();
      return new Map(rows.map((r) => [r.id, Math.round(Number(r.n ?? 0) * 100) / 100]));
    },
    /** Co-building projects of the subtree completed in the period, counted once per organisation that put resources in. */
    async projectsCompletedByOrganization(root: string, period: PeriodBounds) {
      const rows = await db
        .selectFrom('cobuild_project_resources')
        .innerJoin('cobuild_projects', 'cobuild_projects.id', 'cobuild_project_resources.project_id')
        .select(['cobuild_project_resources.organization_id as id', (eb) => eb.fn.count<number>('cobuild_projects.id').distinct().as('n')])
        .where('cobuild_projects.state', '=', 'completed')
        .where('cobuild_projects.completed_at', '>=', period.from)
        .where('cobuild_projects.completed_at', '<', period.to)
        .where(underPath('cobuild_projects.grid_path', root))
        .groupBy('cobuild_project_resources.organization_id')
        .execute();
      return new Map(rows.map((r) => [r.id, Number(r.n)]));
    },
  };
}
