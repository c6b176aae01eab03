import type { Database } from '../../db/schema.js';
import { transaction } from '../../db/index.js';
import { requirePermission } from '../accounts/policy.js';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { AppError, invalidField, type FieldError } from '../errors.js';
import { newId } from '../ids.js';
import { isInScope, type Actor } from '../scope.js';
import { birthYearOf, genderOf, idNumberProblem, maskIdNumber, maskPhone, normalizeIdNumber, normalizePhone } from './identity.js';
import { peopleRepository } from './repository.js';

export const careGroupCodes = ['elderlyAlone', 'disabled', 'lowIncome', 'hardship'] as const;

const idReason = { format: 'idNumberFormat', birthDate: 'idNumberBirthDate', checksum: 'idNumberChecksum' } as const;

export interface PersonInput {
  name?: string;
  idNumber?: string | null;
  phone?: string | null;
  gender?: 'male' | 'female' | null;
  birthYear?: number | null;
  gridId?: string;
  roomId?: string | null;
  householdId?: string | null;
  relation?: string | null;
  note?: string | null;
  careGroups?: string[];
  partyMember?: { kind: 'community' | 'inService'; partyOrgId?: string | null; joinedOn?: string | null } | null;
}

/** Checks identity number and phone; returns normalised values or every field problem at once. */
export function validatePersonal(input: { idNumber?: string | null; phone?: string | null }): { idNumber?: string | null; phone?: string | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let idNumber = input.idNumber;
  let phone = input.phone;
  if (idNumber) {
    idNumber = normalizeIdNumber(idNumber);
    const problem = idNumberProblem(idNumber);
    if (problem) errors.push({ field: 'idNumber', reason: idReason[problem] });
  }
  if (phone) {
    const normal = normalizePhone(phone);
    if (!normal) errors.push({ field: 'phone', reason: 'phoneFormat' });
    else phone = normal;
  }
  return { idNumber, phone, errors };
}

export function peopleService(ctx: AppContext) {
  const repo = () => peopleRepository(ctx.db.kysely);

  function masked(sealed: string | null, mask: (v: string) => string): string | null {
    return sealed ? mask(ctx.cipher.decrypt(sealed)) : null;
  }

  /** Address from the grid path: compound, building, stairwell names and the room number. */
  async function addresses(rows: { grid_path: string | null; room_number?: string | null }[]): Promise<string[]> {
    const codes = [...new Set(rows.flatMap((r) => (r.grid_path ?? '').split('/').filter(Boolean)))];
    const names = new Map((await repo().gridNamesByCodes(codes)).filter((g) => ['compound', 'building', 'stairwell'].includes(g.level)).map((g) => [g.code, g.name]));
    return rows.map((r) => [...(r.grid_path ?? '').split('/').filter(Boolean).map((c) => names.get(c)).filter(Boolean), r.room_number].filter(Boolean).join(' '));
  }

  async function present(rows: Awaited<ReturnType<ReturnType<typeof repo>['search']>>['items']) {
    const [groups, addr] = await Promise.all([repo().careGroupsOf(rows.map((r) => r.id)), addresses(rows)]);
    const byPerson = new Map<string, string[]>();
    for (const g of groups) byPerson.set(g.person_id, [...(byPerson.get(g.person_id) ?? []), g.group_code]);
    return rows.map((r, i) => ({
      id: r.id,
      name: r.name,
      gender: r.gender,
      birthYear: r.birth_year,
      idNumber: masked(r.id_number_enc, maskIdNumber),
      phone: masked(r.phone_enc, maskPhone),
      grid: r.grid_id ? { id: r.grid_id, name: r.grid_name ?? '', level: r.grid_level ?? 'compound' } : null,
      address: addr[i],
      relation: r.relation,
      careGroups: byPerson.get(r.id) ?? [],
      partyMember: r.party_kind ? { kind: r.party_kind } : null,
    }));
  }

  /** Resolves where a person lives: a room gives its stairwell; otherwise the given grid. Outside scope → 403. */
  async function placement(actor: Actor, input: PersonInput) {
    if (input.roomId) {
      const room = await repo().findRoom(input.roomId);
      if (!room) throw invalidField('roomId', 'unknownRoom');
      if (!isInScope(actor, room.grid_path)) throw new AppError('forbidden');
      return { grid_id: room.grid_id, grid_path: room.grid_path, room_id: room.id };
    }
    if (input.gridId) {
      const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path']).where('id', '=', input.gridId).executeTakeFirst();
      if (!grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });
      if (!isInScope(actor, grid.path)) throw new AppError('forbidden');
      return { grid_id: grid.id, grid_path: grid.path, room_id: null };
    }
    return undefined;
  }

  return {
    async search(actor: Actor | undefined, query: { q?: string; grid?: string; group?: string; partyMember?: 'community' | 'inService' | 'any'; limit: number; offset: number }) {
      requirePermission(actor, 'person.read');
      let under: string | undefined;
      if (query.grid) {
        const grid = await ctx.db.kysely.selectFrom('grids').select(['path']).where('id', '=', query.grid).executeTakeFirst();
        if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
        under = grid.path;
      }
      const q = query.q?.trim();
      const filter = { underPath: under, group: query.group, partyMember: query.partyMember, limit: query.limit, offset: query.offset } as Parameters<ReturnType<typeof repo>['search']>[1];
      if (q && /^\d{17}[\dXx]$/.test(q)) filter.idNumberHash = ctx.cipher.hash(normalizeIdNumber(q));
      else if (q && normalizePhone(q)) filter.phoneHash = ctx.cipher.hash(normalizePhone(q)!);
      else if (q) filter.name = q;
      const { items, total } = await repo().search(actor, filter);
      return { items: await present(items), total };
    },

    async get(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'person.read');
      const row = await repo().findById(actor, id);
      if (!row) throw new AppError('notFound');
      const [person] = await present([row]);
      const household = row.household_id ? await repo().householdMembers(row.household_id) : [];
      const assignments = await ctx.db.kysely
        .selectFrom('assignments')
        .innerJoin('grids', 'grids.id', 'assignments.grid_id')
        .select(['assignments.id', 'assignments.role', 'grids.id as grid_id', 'grids.name as grid_name', 'grids.level as grid_level', 'assignments.start_on'])
        .where('assignments.person_id', '=', id)
        .where('assignments.end_on', 'is', null)
        .execute();
      return {
        ...person,
        note: row.note,
        household: household.map((m) => ({ id: m.id, name: m.name, gender: m.gender, birthYear: m.birth_year, relation: m.relation })),
        assignments: assignments.map((a) => ({ id: a.id, role: a.role, grid: { id: a.grid_id, name: a.grid_name, level: a.grid_level }, startOn: a.start_on })),
      };
    },

    /** Shows one full identifier to those who must verify people; every reveal is audited. */
    async reveal(actor: Actor | undefined, id: string, field: 'idNumber' | 'phone') {
      requirePermission(actor, 'person.reveal');
      const row = await repo().locate(id);
      if (!row || !isInScope(actor, row.grid_path)) throw new AppError('notFound');
      const sealed = field === 'idNumber' ? row.id_number_enc : row.phone_enc;
      if (!sealed) throw new AppError('notFound');
      await recordAudit(ctx.db.kysely, actor, ctx.clock.now(), { action: 'person.reveal', recordType: 'person', recordId: id, gridPath: row.grid_path, details: { field } });
      return { value: ctx.cipher.decrypt(sealed) };
    },

    async create(actor: Actor | undefined, input: PersonInput & { name: string }) {
      requirePermission(actor, 'person.write');
      const checked = validatePersonal(input);
      if (checked.errors.length) throw new AppError('validation', { errors: checked.errors });
      const place = await placement(actor, input);
      if (!place) throw invalidField('gridId', 'required');
      if (checked.idNumber && (await repo().findByIdNumberHash(ctx.cipher.hash(checked.idNumber)))) {
        throw new AppError('conflict', { errors: [{ field: 'idNumber', reason: 'duplicate', params: { value: maskIdNumber(checked.idNumber) } }] });
      }
      let householdId: string | null = null;
      if (input.householdId) {
        const hh = await repo().findHousehold(input.householdId);
        if (!hh || !isInScope(actor, hh.grid_path)) throw invalidField('householdId', 'invalid');
        householdId = hh.id;
      }
      const now = ctx.clock.now().toISOString();
      const id = newId();
      const row: Database['persons'] = {
        id,
        name: input.name,
        gender: input.gender ?? (checked.idNumber ? genderOf(checked.idNumber) : null),
        birth_year: input.birthYear ?? (checked.idNumber ? birthYearOf(checked.idNumber) : null),
        id_number_enc: checked.idNumber ? ctx.cipher.encrypt(checked.idNumber) : null,
        id_number_hash: checked.idNumber ? ctx.cipher.hash(checked.idNumber) : null,
        phone_enc: checked.phone ? ctx.cipher.encrypt(checked.phone) : null,
        phone_hash: checked.phone ? ctx.cipher.hash(checked.phone) : null,
        ...place,
        household_id: householdId,
        relation: input.relation ?? null,
        note: input.note ?? null,
        created_at: now,
        updated_at: now,
      };
      await transaction(ctx.db, async (trx) => {
        const r = peopleRepository(trx);
        await r.insertPerson(row);
        if (input.careGroups?.length) await r.replaceCareGroups(id, place.grid_path, input.careGroups, now.slice(0, 10));
        if (input.partyMember) await r.upsertPartyMember({ person_id: id, kind: input.partyMember.kind, party_org_id: input.partyMember.partyOrgId ?? null, employer_org_id: null, joined_on: input.partyMember.joinedOn ?? null, grid_path: place.grid_path, created_at: now });
        await recordAudit(trx, actor, new Date(now), { action: 'person.create', recordType: 'person', recordId: id, gridPath: place.grid_path });
      });
      return this.get(actor, id);
    },

    async update(actor: Actor | undefined, id: string, input: PersonInput) {
      requirePermission(actor, 'person.write');
      const existing = await repo().locate(id);
      if (!existing) throw new AppError('notFound');
      if (!isInScope(actor, existing.grid_path)) throw new AppError('forbidden');
      const checked = validatePersonal(input);
      if (checked.errors.length) throw new AppError('validation', { errors: checked.errors });
      const place = await placement(actor, input);
      if (checked.idNumber) {
        const other = await repo().findByIdNumberHash(ctx.cipher.hash(checked.idNumber));
        if (other && other.id !== id) throw new AppError('conflict', { errors: [{ field: 'idNumber', reason: 'duplicate', params: { value: maskIdNumber(checked.idNumber) } }] });
      }
      const now = ctx.clock.now().toISOString();
      const patch: Partial<Database['persons']> = { updated_at: now, ...(place ?? {}) };
      if (input.name !== undefined) patch.name = input.name;
      if (input.gender !== undefined) patch.gender = input.gender;
      if (input.birthYear !== undefined) patch.birth_year = input.birthYear;
      if (input.relation !== undefined) patch.relation = input.relation;
      if (input.note !== undefined) patch.note = input.note;
      if (input.idNumber !== undefined) {
        patch.id_number_enc = checked.idNumber ? ctx.cipher.encrypt(checked.idNumber) : null;
        patch.id_number_hash = checked.idNumber ? ctx.cipher.hash(checked.idNumber) : null;
      }
      if (input.phone !== undefined) {
        patch.phone_enc = checked.phone ? ctx.cipher.encrypt(checked.phone) : null;
        patch.phone_hash = checked.phone ? ctx.cipher.hash(checked.phone) : null;
      }
      const gridPath = place?.grid_path ?? existing.grid_path!;
      await transaction(ctx.db, async (trx) => {
        const r = peopleRepository(trx);
        await r.updatePerson(id, patch);
        if (input.careGroups) await r.replaceCareGroups(id, gridPath, input.careGroups, now.slice(0, 10));
        if (input.partyMember) await r.upsertPartyMember({ person_id: id, kind: input.partyMember.kind, party_org_id: input.partyMember.partyOrgId ?? null, employer_org_id: null, joined_on: input.partyMember.joinedOn ?? null, grid_path: gridPath, created_at: now });
        await recordAudit(trx, actor, new Date(now), { action: 'person.update', recordType: 'person', recordId: id, gridPath, details: { fields: Object.keys(input) } });
      });
      return this.get(actor, id);
    },

    async rooms(actor: Actor | undefined, gridId: string) {
      requirePermission(actor, 'person.read');
      const grid = await ctx.db.kysely.selectFrom('grids').select(['path']).where('id', '=', gridId).executeTakeFirst();
      if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
      const rows = await repo().rooms(actor, grid.path);
      return { items: rows.map((r) => ({ id: r.id, gridId: r.grid_id, number: r.number, floor: r.floor, areaM2: r.area_m2, use: r.use, households: Number(r.households ?? 0), residents: Number(r.residents ?? 0) })) };
    },

    async createRoom(actor: Actor | undefined, input: { gridId: string; number: string; floor: number; areaM2?: number; use?: 'residential' | 'commercial' }) {
      requirePermission(actor, 'place.write');
      const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path', 'level']).where('id', '=', input.gridId).executeTakeFirst();
      if (!grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });
      if (!isInScope(actor, grid.path)) throw new AppError('forbidden');
      const exists = await ctx.db.kysely.selectFrom('rooms').select('id').where('grid_id', '=', grid.id).where('number', '=', input.number).executeTakeFirst();
      if (exists) throw new AppError('conflict', { errors: [{ field: 'number', reason: 'duplicate', params: { value: input.number } }] });
      const id = newId();
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await peopleRepository(trx).insertRoom({ id, grid_id: grid.id, grid_path: grid.path, number: input.number, floor: input.floor, area_m2: input.areaM2 ?? null, use: input.use ?? 'residential', created_at: now.toISOString() });
        await recordAudit(trx, actor, now, { action: 'room.create', recordType: 'room', recordId: id, gridPath: grid.path });
      });
      return { id, gridId: grid.id, number: input.number, floor: input.floor, areaM2: input.areaM2 ?? null, use: input.use ?? 'residential', households: 0, residents: 0 };
    },

    async createHousehold(actor: Actor | undefined, input: { roomId: string }) {
      requirePermission(actor, 'place.write');
      const room = await repo().findRoom(input.roomId);
      if (!room) throw invalidField('roomId', 'unknownRoom');
      if (!isInScope(actor, room.grid_path)) throw new AppError('forbidden');
      const id = newId();
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await peopleRepository(trx).insertHousehold({ id, room_id: room.id, grid_id: room.grid_id, grid_path: room.grid_path, head_person_id: null, created_at: now.toISOString() });
        await recordAudit(trx, actor, now, { action: 'household.create', recordType: 'household', recordId: id, gridPath: room.grid_path });
      });
      return { id, roomId: room.id };
    },

    async partyOrgs(actor: Actor | undefined, gridId?: string) {
      requirePermission(actor, 'partyOrg.read');
      let under: string | undefined;
      if (gridId) {
        const grid = await ctx.db.kysely.selectFrom('grids').select(['path']).where('id', '=', gridId).executeTakeFirst();
        if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
        under = grid.path;
      }
      const rows = await repo().partyOrgs(actor, under);
      return { items: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, grid: { id: r.grid_id, name: r.grid_name, level: r.grid_level }, members: Number(r.members ?? 0) })) };
    },

    async createPartyOrg(actor: Actor | undefined, input: { name: string; kind: 'committee' | 'generalBranch' | 'branch'; gridId: string }) {
      requirePermission(actor, 'partyOrg.write');
      const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path', 'name', 'level']).where('id', '=', input.gridId).executeTakeFirst();
      if (!grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });
      if (!isInScope(actor, grid.path)) throw new AppError('forbidden');
      const id = newId();
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await peopleRepository(trx).insertPartyOrg({ id, name: input.name, kind: input.kind, grid_id: grid.id, grid_path: grid.path, created_at: now.toISOString() });
        await recordAudit(trx, actor, now, { action: 'partyOrg.create', recordType: 'partyOrg', recordId: id, gridPath: grid.path });
      });
      return { id, name: input.name, kind: input.kind, grid: { id: grid.id, name: grid.name, level: grid.level }, members: 0 };
    },
  };
}

export type PeopleService = ReturnType<typeof peopleService>;
