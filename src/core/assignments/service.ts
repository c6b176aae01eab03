import type { AssignmentRole, GridLevel } from '../../db/schema.js';
import { transaction } from '../../db/index.js';
import { requirePermission } from '../accounts/policy.js';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import { newId } from '../ids.js';
import { maskPhone } from '../people/identity.js';
import { isInScope, type Actor } from '../scope.js';
import { assignmentsRepository } from './repository.js';

/** Which levels each responsibility may sit on (SPEC G3). */
export const roleLevels: Record<AssignmentRole, GridLevel[]> = {
  cadre: ['city', 'subdistrict', 'community'],
  compoundHead: ['compound'],
  gridLeader: ['community', 'compound'],
  gridWorker: ['community', 'compound', 'building'],
  steward: ['building', 'stairwell'],
  partyOrg: ['city', 'subdistrict', 'community', 'compound', 'building'],
};

export function assignmentsService(ctx: AppContext) {
  const repo = () => assignmentsRepository(ctx.db.kysely);

  async function gridInScope(actor: Actor, id: string, notFound: 'read' | 'write') {
    const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path', 'level', 'name', 'code']).where('id', '=', id).executeTakeFirst();
    if (!grid) throw notFound === 'read' ? new AppError('notFound') : invalidField('gridId', 'unknownGrid', { value: id });
    if (!isInScope(actor, grid.path)) throw new AppError(notFound === 'read' ? 'notFound' : 'forbidden');
    return grid;
  }

  return {
    /** People and organisations in charge of a grid, including those held on its ancestors. */
    async forGrid(actor: Actor | undefined, gridId: string) {
      requirePermission(actor, 'assignment.read');
      const grid = await gridInScope(actor, gridId, 'read');
      const codes = grid.path.split('/').filter(Boolean);
      const chain = await ctx.db.kysely.selectFrom('grids').select(['id', 'path']).where('code', 'in', codes).execute();
      const visibleIds = chain.filter((g) => g.id === grid.id || isInScope(actor, g.path) || actor.scopePaths.some((p) => p.startsWith(g.path))).map((g) => g.id);
      const rows = await repo().activeOn(visibleIds);
      return {
        items: rows.map((r) => ({
          id: r.id,
          role: r.role,
          person: r.person_id ? { id: r.person_id, name: r.person_name!, phone: r.phone_enc ? maskPhone(ctx.cipher.decrypt(r.phone_enc)) : null } : null,
          partyOrg: r.party_org_id ? { id: r.party_org_id, name: r.party_org_name! } : null,
          grid: { id: r.grid_id, name: r.grid_name, level: r.grid_level },
          startOn: r.start_on,
          inherited: r.grid_id !== grid.id,
        })),
      };
    },

    async assign(actor: Actor | undefined, input: { gridId: string; role: AssignmentRole; personId?: string; partyOrgId?: string; startOn?: string }) {
      requirePermission(actor, 'assignment.write');
      const grid = await gridInScope(actor, input.gridId, 'write');
      if (!roleLevels[input.role].includes(grid.level)) throw invalidField('role', 'roleNotAllowed');
      const isOrg = input.role === 'partyOrg';
      if (isOrg ? !input.partyOrgId || input.personId : !input.personId || input.partyOrgId) throw invalidField(isOrg ? 'partyOrgId' : 'personId', 'assignmentTarget');
      if (input.personId) {
        const person = await ctx.db.kysely.selectFrom('persons').select(['id']).where('id', '=', input.personId).executeTakeFirst();
        if (!person) throw invalidField('personId', 'unknownPerson');
      }
      if (input.partyOrgId) {
        const org = await ctx.db.kysely.selectFrom('party_orgs').select(['id']).where('id', '=', input.partyOrgId).executeTakeFirst();
        if (!org) throw invalidField('partyOrgId', 'unknownPartyOrg');
      }
      const now = ctx.clock.now();
      const id = newId();
      await transaction(ctx.db, async (trx) => {
        await assignmentsRepository(trx).insert({ id, grid_id: grid.id, grid_path: grid.path, role: input.role, person_id: input.personId ?? null, party_org_id: input.partyOrgId ?? null, start_on: input.startOn ?? now.toISOString().slice(0, 10), end_on: null, created_at: now.toISOString() });
        await recordAudit(trx, actor, now, { action: 'assignment.create', recordType: 'assignment', recordId: id, gridPath: grid.path, details: { role: input.role } });
      });
      const all = await this.forGrid(actor, grid.id);
      return all.items.find((a) => a.id === id)!;
    },

    /** Ends an assignment today; history is kept. */
    async end(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'assignment.write');
      const row = await repo().findById(id);
      if (!row || row.end_on) throw new AppError('notFound');
      if (!isInScope(actor, row.grid_path)) throw new AppError('forbidden');
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await assignmentsRepository(trx).end(id, now.toISOString().slice(0, 10));
        await recordAudit(trx, actor, now, { action: 'assignment.end', recordType: 'assignment', recordId: id, gridPath: row.grid_path });
      });
    },

    /** 一网格一组织、一楼道一管家: compounds without party organisation or grid worker, stairwells without steward. */
    async coverage(actor: Actor | undefined, rootId?: string) {
      requirePermission(actor, 'coverage.read');
      const root = rootId ? await gridInScope(actor, rootId, 'read') : actor.isGlobal ? undefined : await gridInScope(actor, actor.scopeGridIds[0], 'read');
      const rootPath = root?.path ?? '/';
      const [compounds, stairwells, missingPartyOrg, missingSteward, missingGridWorker] = await Promise.all([
        repo().countLevel(actor, rootPath, 'compound'),
        repo().countLevel(actor, rootPath, 'stairwell'),
        repo().lacking(actor, rootPath, 'compound', 'partyOrg'),
        repo().lacking(actor, rootPath, 'stairwell', 'steward'),
        repo().lacking(actor, rootPath, 'compound', 'gridWorker'),
      ]);
      const item = (g: (typeof missingPartyOrg)[number]) => ({ id: g.id, code: g.code, name: g.name, level: g.level, parentName: g.parent_name });
      return {
        root: root ? { id: root.id, code: root.code, name: root.name, level: root.level } : null,
        compounds,
        stairwells,
        missingPartyOrg: missingPartyOrg.map(item),
        missingSteward: missingSteward.map(item),
        missingGridWorker: missingGridWorker.map(item),
      };
    },
  };
}
