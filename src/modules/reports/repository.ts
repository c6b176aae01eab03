import type { ExpressionBuilder, Kysely } from 'kysely';
import { underPath } from '../../core/scope.js';
import type { Database } from '../../db/schema.js';

/**
 * The period and subtree every figure is counted over. Instants (`*At`, ISO UTC) compare with
 * timestamp columns, dates (`*Date`, Beijing calendar days) with date columns; `from*` absent means
 * "since the first record". `toAt` is exclusive (the start of the day after `toDate`).
 */
export interface FigureScope {
  /** Materialized path of the report's grid: every row counted lies under it. */
  root: string;
  /** Paths of the grid's ancestors and itself, for things that serve the subtree from above (the alliance). */
  ancestors: string[];
  fromAt?: string;
  fromDate?: string;
  toAt: string;
  toDate: string;
}

const n = (value: unknown): number => Number(value ?? 0);
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The SQL of the results report: a few grouped aggregates per source, never one query per row. */
export function reportsRepository(db: Kysely<Database>) {
  return {
    grid(id: string) {
      return db.selectFrom('grids').select(['id', 'code', 'name', 'level', 'path']).where('id', '=', id).executeTakeFirst();
    },
    gridByPath(path: string) {
      return db.selectFrom('grids').select(['id', 'code', 'name', 'level', 'path']).where('path', '=', path).executeTakeFirst();
    },
    /** The top of the tree (a deployment normally has one city). */
    topGrid() {
      return db.selectFrom('grids').select(['id', 'code', 'name', 'level', 'path']).where('depth', '=', 0).orderBy('sort').orderBy('code').executeTakeFirst();
    },

    /**
     * The first time (instant or date) each counted flow happened under the root (cases, wishes,
     * activities, projects, consultations, mediations, tasks moved out): the default start of a report.
     */
    async earliest(root: string): Promise<string[]> {
      const under = (column: string) => underPath(column, root);
      const found = await Promise.all([
        // Cases through their roll-ups (the first day a case was received in the subtree: one
        // primary-key seek per path on (path, k, bucket)), not a scan of millions of rows; and
        // the counts not yet folded in.
        ...(['case_rollups', 'case_rollup_pending'] as const).map((table) =>
          db
            .selectFrom(table)
            .select((eb) => eb.fn.min('bucket').as('at'))
            .where('path', 'in', root.split('/').filter(Boolean).length === 1 ? [root, '-'] : [root])
            .where('k', '=', 'rcv')
            .where('bucket', '>=', 'd')
            .where('bucket', '<', 'e')
            .executeTakeFirst(),
        ),
        db.selectFrom('wishes').select((eb) => eb.fn.min('confirmed_at').as('at')).where(under('grid_path')).executeTakeFirst(),
        db.selectFrom('activities').select((eb) => eb.fn.min('starts_at').as('at')).where(under('grid_path')).executeTakeFirst(),
        db.selectFrom('cobuild_projects').select((eb) => eb.fn.min('completed_at').as('at')).where(under('grid_path')).executeTakeFirst(),
        db.selectFrom('consultations').select((eb) => eb.fn.min('created_at').as('at')).where(under('grid_path')).executeTakeFirst(),
        db.selectFrom('mediations').select((eb) => eb.fn.min('mediated_on').as('at')).where(under('grid_path')).executeTakeFirst(),
        db.selectFrom('community_tasks').select((eb) => eb.fn.min('decided_on').as('at')).where(under('grid_path')).executeTakeFirst(),
      ]);
      return found.map((r) => (r?.at ? String(r.at) : '')).filter(Boolean).map((at) => (at.startsWith('d') ? at.slice(1) : at));
    },

    /** 一张网: communities, big grids (a community with its assigned cadre), grid units, community party organisations and members. */
    async structure(s: FigureScope) {
      const [levels, bigGrids, committees, members] = await Promise.all([
        db
          .selectFrom('grids')
          .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
          .where(underPath('path', s.root))
          .where('created_at', '<', s.toAt)
          .where('level', 'in', ['community', 'compound'])
          .groupBy('level')
          .execute(),
        db
          .selectFrom('grids')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(underPath('path', s.root))
          .where('level', '=', 'community')
          .where('created_at', '<', s.toAt)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('assignments as a')
                .select('a.id')
                .whereRef('a.grid_id', '=', 'grids.id')
                .where('a.role', '=', 'cadre')
                .where('a.start_on', '<=', s.toDate)
                .where((w) => w.or([w('a.end_on', 'is', null), w('a.end_on', '>', s.toDate)])),
            ),
          )
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('party_orgs')
          .innerJoin('grids', 'grids.id', 'party_orgs.grid_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(underPath('party_orgs.grid_path', s.root))
          .where('party_orgs.kind', '=', 'committee')
          .where('grids.level', '=', 'community')
          .where('party_orgs.created_at', '<', s.toAt)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('party_members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(underPath('grid_path', s.root))
          .where('kind', '=', 'community')
          .where('created_at', '<', s.toAt)
          .executeTakeFirstOrThrow(),
      ]);
      const byLevel = Object.fromEntries(levels.map((r) => [r.level, n(r.n)]));
      return {
        communities: byLevel.community ?? 0,
        grids: byLevel.compound ?? 0,
        bigGrids: n(bigGrids.n),
        communityPartyOrganizations: n(committees.n),
        communityPartyMembers: n(members.n),
      };
    },

    /** 社区减负: tasks moved out of the communities' list in the period. */
    async communityTasksCleared(s: FigureScope) {
      let q = db
        .selectFrom('community_tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(underPath('grid_path', s.root))
        .where('status', '=', 'movedOut')
        .where('decided_on', '<=', s.toDate);
      if (s.fromDate) q = q.where('decided_on', '>=', s.fromDate);
      return { communityTasksCleared: n((await q.executeTakeFirstOrThrow()).n) };
    },

    /** 共驻共建: partner organisations and in-service members registered at the end of the period; venue area delivered in it. */
    async cobuild(s: FigureScope) {
      let venue = db
        .selectFrom('cobuild_project_resources as pr')
        .innerJoin('cobuild_projects as p', 'p.id', 'pr.project_id')
        .select((eb) => eb.fn.sum<number>('pr.quantity_delivered').as('n'))
        .where('p.state', '=', 'completed')
        .where('pr.kind', '=', 'venue')
        .where(underPath('p.grid_path', s.root))
        .where('p.completed_at', '<', s.toAt);
      if (s.fromAt) venue = venue.where('p.completed_at', '>=', s.fromAt);
      const [orgs, members, delivered] = await Promise.all([
        db
          .selectFrom('organizations as o')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('o.party_org_name', 'is not', null)
          .where('o.created_at', '<', s.toAt)
          .where((eb) => eb.or([eb('o.deleted_at', 'is', null), eb('o.deleted_at', '>=', s.toAt)]))
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('org_registrations as r')
                .select('r.id')
                .whereRef('r.organization_id', '=', 'o.id')
                .where(underPath('r.community_path', s.root))
                .where('r.registered_on', '<=', s.toDate)
                .where((w) => w.or([w('r.state', '=', 'active'), w('r.ended_on', '>', s.toDate)])),
            ),
          )
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('member_registrations as m')
          .innerJoin('party_members as pm', 'pm.person_id', 'm.person_id')
          .select((eb) => eb.fn.count<number>('m.person_id').distinct().as('n'))
          .where('pm.kind', '=', 'inService')
          .where(underPath('m.community_path', s.root))
          .where('m.registered_on', '<=', s.toDate)
          .where((w) => w.or([w('m.state', '=', 'active'), w('m.ended_on', '>', s.toDate)]))
          .executeTakeFirstOrThrow(),
        venue.executeTakeFirstOrThrow(),
      ]);
      return { partnerOrganizations: n(orgs.n), inServiceMembersRegistered: n(members.n), venueAreaProvidedM2: round2(n(delivered.n)) };
    },

    /** 1+N volunteer service: themed branches and their in-service members at the end of the period; joint activities and verified outputs in it. */
    async volunteers(s: FigureScope) {
      let joint = db
        .selectFrom('activities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(underPath('grid_path', s.root))
        .where('kind', '=', 'joint')
        .where('state', '=', 'completed')
        .where('starts_at', '<', s.toAt);
      let outputs = db
        .selectFrom('activity_outputs as o')
        .innerJoin('activities as a', 'a.id', 'o.activity_id')
        .select(['o.metric', (eb) => eb.fn.sum<number>('o.quantity').as('n')])
        .where('o.voided_at', 'is', null)
        .where('o.metric', 'in', ['snowAndRubbish', 'alleyRepair'])
        .where(underPath('o.grid_path', s.root))
        .where('a.starts_at', '<', s.toAt)
        .groupBy('o.metric');
      let culture = db
        .selectFrom('activity_outputs as o')
        .innerJoin('activities as a', 'a.id', 'o.activity_id')
        .innerJoin('grids as g', 'g.id', 'o.grid_id')
        .select([(eb) => eb.fn.count<number>('o.grid_id').distinct().as('units'), (eb) => eb.fn.count<number>('g.parent_id').distinct().as('buildings')])
        .where('o.metric', '=', 'stairwellCulture')
        .where('o.voided_at', 'is', null)
        .where(underPath('o.grid_path', s.root))
        .where('a.starts_at', '<', s.toAt);
      if (s.fromAt) {
        joint = joint.where('starts_at', '>=', s.fromAt);
        outputs = outputs.where('a.starts_at', '>=', s.fromAt);
        culture = culture.where('a.starts_at', '>=', s.fromAt);
      }
      const [branches, serving, j, o, c] = await Promise.all([
        db
          .selectFrom('volunteer_teams')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(underPath('grid_path', s.root))
          .where('kind', '=', 'partyBranch')
          .where('created_at', '<', s.toAt)
          .where((eb) => eb.or([eb('archived_at', 'is', null), eb('archived_at', '>=', s.toAt)]))
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('team_members as tm')
          .innerJoin('volunteer_teams as t', 't.id', 'tm.team_id')
          .innerJoin('party_members as pm', 'pm.person_id', 'tm.person_id')
          .select((eb) => eb.fn.count<number>('tm.person_id').distinct().as('n'))
          .where(underPath('t.grid_path', s.root))
          .where('t.kind', '=', 'partyBranch')
          .where('t.created_at', '<', s.toAt)
          .where((eb) => eb.or([eb('t.archived_at', 'is', null), eb('t.archived_at', '>=', s.toAt)]))
          .where('pm.kind', '=', 'inService')
          .where('tm.joined_on', '<=', s.toDate)
          .where((eb) => eb.or([eb('tm.left_on', 'is', null), eb('tm.left_on', '>', s.toDate)]))
          .executeTakeFirstOrThrow(),
        joint.executeTakeFirstOrThrow(),
        outputs.execute(),
        culture.executeTakeFirstOrThrow(),
      ]);
      const byMetric = Object.fromEntries(o.map((row) => [row.metric, n(row.n)]));
      return {
        volunteerPartyBranches: n(branches.n),
        inServiceMembersServing: n(serving.n),
        jointActivities: n(j.n),
        snowAndRubbishClearedM3: round2(byMetric.snowAndRubbish ?? 0),
        alleysRepairedM: round2(byMetric.alleyRepair ?? 0),
        stairwellCultureUnits: n(c.units),
        stairwellCultureBuildings: n(c.buildings),
      };
    },

    /** 微心愿: wishes the beneficiary confirmed in the period, and the value delivered with them. */
    async wishes(s: FigureScope) {
      let q = db
        .selectFrom('wishes')
        .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('actual_value').as('value')])
        .where(underPath('grid_path', s.root))
        .where('status', '=', 'fulfilled')
        .where('confirmed_at', '<', s.toAt);
      if (s.fromAt) q = q.where('confirmed_at', '>=', s.fromAt);
      const row = await q.executeTakeFirstOrThrow();
      return { wishesFulfilled: n(row.n), wishValueYuan: round2(n(row.value)) };
    },

    /**
     * 四部一网: the departments, teams and catalogue of the alliances serving the subtree (placed at
     * the grid, above it or inside it), the service points inside it; consultations and disputes
     * the alliance settled in the period.
     */
    async services(s: FigureScope) {
      const serving = (eb: ExpressionBuilder<Database, 'service_alliances'>) =>
        eb.or([eb('service_alliances.grid_path', 'in', s.ancestors), underPath('service_alliances.grid_path', s.root)(eb)]);
      let consultations = db
        .selectFrom('consultations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(underPath('grid_path', s.root))
        .where('created_at', '<', s.toAt);
      if (s.fromAt) consultations = consultations.where('created_at', '>=', s.fromAt);
      let mediations = db
        .selectFrom('mediations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(underPath('grid_path', s.root))
        .where('outcome', '=', 'settled')
        .where('is_by_alliance', '=', 1)
        .where('mediated_on', '<=', s.toDate);
      if (s.fromDate) mediations = mediations.where('mediated_on', '>=', s.fromDate);
      const alliances = db.selectFrom('service_alliances').select('service_alliances.id').where(serving).where('service_alliances.created_at', '<', s.toAt);
      // Structure archived after the period still counts for it; archived before it does not.
      const standing = (col: 'archived_at') => (eb: ExpressionBuilder<Database, 'service_departments' | 'service_teams' | 'service_points' | 'service_items'>) =>
        eb.or([eb(col, 'is', null), eb(col, '>=', s.toAt)]);
      const departments = db.selectFrom('service_departments').select('service_departments.id').where('service_departments.alliance_id', 'in', alliances).where((eb) => eb.or([eb('service_departments.archived_at', 'is', null), eb('service_departments.archived_at', '>=', s.toAt)]));
      const [d, t, p, items, c, m] = await Promise.all([
        db.selectFrom('service_departments').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', departments).executeTakeFirstOrThrow(),
        db.selectFrom('service_teams').select((eb) => eb.fn.countAll<number>().as('n')).where('department_id', 'in', departments).where(standing('archived_at')).executeTakeFirstOrThrow(),
        db.selectFrom('service_points').select((eb) => eb.fn.countAll<number>().as('n')).where(underPath('grid_path', s.root)).where(standing('archived_at')).executeTakeFirstOrThrow(),
        db
          .selectFrom('service_items')
          .select([(eb) => eb.fn.countAll<number>().as('items'), (eb) => eb.fn.count<number>('category_id').distinct().as('categories')])
          .where('is_active', '=', 1)
          .where('department_id', 'in', departments)
          .where(standing('archived_at'))
          .executeTakeFirstOrThrow(),
        consultations.executeTakeFirstOrThrow(),
        mediations.executeTakeFirstOrThrow(),
      ]);
      return {
        serviceDepartments: n(d.n),
        serviceTeams: n(t.n),
        servicePoints: n(p.n),
        serviceCategories: n(items.categories),
        serviceItems: n(items.items),
        consultations: n(c.n),
        disputesSettledByAlliance: n(m.n),
      };
    },
  };
}

export type ReportsRepository = ReturnType<typeof reportsRepository>;
