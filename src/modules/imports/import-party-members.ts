import type { AppContext } from '../../core/context.js';
import { newId } from '../../core/ids.js';
import { birthYearOf, genderOf } from '../../core/people/identity.js';
import { isInScope, type Actor } from '../../core/scope.js';
import type { Database } from '../../db/schema.js';
import { sealPersonal, type SealedPersonal } from './import-residents.js';
import { allowedValues, enumValue } from './kinds.js';
import type { SheetRow } from './read-sheet.js';
import { importsRepository, type ImportGrid } from './repository.js';
import { FirstSeen, RowReader, type ImportPlan, type ImportProgress, type RowError } from './row-check.js';

type PartyKind = Database['party_members']['kind'];

interface PlannedMember {
  row: number;
  name: string;
  personal: SealedPersonal;
  grid: ImportGrid | undefined;
  kind: PartyKind;
  partyOrgId: string | null;
  employerOrgId: string | null;
  joinedOn: string | null;
  person?: { id: string; gridPath: string; isNew: boolean; wasMember: boolean };
}

/** Finds the one record of a name, or reports none / several. */
function byName<T extends { id: string }>(reader: RowReader, column: string, found: Map<string, T[]>, missingReason: string): string | null {
  const name = reader.text(column, { max: 100 });
  if (!name) return null;
  const matches = found.get(name) ?? [];
  if (matches.length === 0) reader.fail(column, missingReason, { value: name });
  else if (matches.length > 1) reader.fail(column, 'ambiguousName', { value: name });
  return matches[0]?.id ?? null;
}

function groupByName<T extends { name: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(r.name, [...(map.get(r.name) ?? []), r]);
  return map;
}

/**
 * Party members (社区党员 and 在职党员 of 双报到): identified by identity number. A registered
 * resident in the importer's subtree becomes (or stays) a member with the row's details; an
 * unknown number registers the resident too, on the row's grid.
 */
export async function planPartyMembers({ ctx, actor, rows, progress }: { ctx: AppContext; actor: Actor; rows: SheetRow[]; progress: ImportProgress }): Promise<ImportPlan> {
  const repo = importsRepository(ctx.db.kysely);
  const grids = new Map((await repo.gridsByCodes(rows.map((r) => r.cells.gridCode))).map((g) => [g.code, g]));
  const partyOrgs = groupByName(await repo.partyOrgsByNames(actor, rows.map((r) => r.cells.partyOrg)));
  const employers = groupByName(await repo.organizationsByNames(rows.map((r) => r.cells.employer)));
  const errors: RowError[] = [];
  const seenIds = new FirstSeen();
  const planned: PlannedMember[] = [];
  rows.forEach((row, index) => {
    const reader = new RowReader(row, errors);
    const before = errors.length;
    const name = reader.text('name', { max: 50, isRequired: true });
    const personal = sealPersonal(ctx, reader, { idNumber: reader.text('idNumber', { max: 18, isRequired: true }), phone: reader.text('phone', { max: 20 }) });
    const grid = reader.grid('gridCode', grids, actor, ['community', 'compound', 'building', 'stairwell'], false);
    const kindText = reader.text('kind', { max: 20, isRequired: true });
    const kind = kindText ? enumValue<PartyKind>('partyKind', kindText) : undefined;
    if (kindText && !kind) reader.fail('kind', 'unknownValue', { value: kindText, allowed: allowedValues('partyKind') });
    const partyOrgId = byName(reader, 'partyOrg', partyOrgs, 'unknownPartyOrg');
    const employerOrgId = byName(reader, 'employer', employers, 'unknownOrganization');
    const joinedOn = reader.date('joinedOn');
    if (personal.idHash) {
      const first = seenIds.check(personal.idHash, row.row);
      if (first !== undefined) reader.fail('idNumber', 'duplicateInFile', { row: first });
    }
    if ((index + 1) % 1000 === 0) progress('check', index + 1, rows.length);
    if (errors.length > before) return;
    planned.push({ row: row.row, name: name!, personal, grid, kind: kind!, partyOrgId, employerOrgId, joinedOn });
  });

  const existing = new Map((await repo.personsByIdHashes(planned.map((p) => p.personal.idHash!))).map((p) => [p.id_number_hash!, p]));
  const members = new Set((await repo.partyMembersOf([...existing.values()].map((p) => p.id))).map((m) => m.person_id));
  for (const p of planned) {
    const found = existing.get(p.personal.idHash!);
    if (found) {
      if (!isInScope(actor, found.grid_path)) errors.push({ row: p.row, column: 'idNumber', reason: 'personOutsideScope' });
      else p.person = { id: found.id, gridPath: p.grid?.path ?? found.grid_path!, isNew: false, wasMember: members.has(found.id) };
    } else if (!p.grid) {
      errors.push({ row: p.row, column: 'gridCode', reason: 'required' });
    } else p.person = { id: newId(), gridPath: p.grid.path, isNew: true, wasMember: false };
  }
  errors.sort((a, b) => a.row - b.row);
  const updated = planned.filter((p) => p.person?.wasMember).length;

  return {
    created: planned.length - updated,
    updated,
    errors,
    async write(trx, written) {
      const w = importsRepository(trx);
      const now = ctx.clock.now().toISOString();
      const newPeople: Database['persons'][] = [];
      let done = 0;
      for (const p of planned) {
        const person = p.person!;
        if (person.isNew) {
          const idNumber = p.personal.idNumber!;
          newPeople.push({
            id: person.id, name: p.name, gender: genderOf(idNumber), birth_year: birthYearOf(idNumber),
            id_number_enc: p.personal.idSealed, id_number_hash: p.personal.idHash, phone_enc: p.personal.phoneSealed, phone_hash: p.personal.phoneHash,
            grid_id: p.grid!.id, grid_path: p.grid!.path, household_id: null, room_id: null, relation: null, note: null, created_at: now, updated_at: now,
          });
        } else if (p.grid || p.personal.phoneSealed) {
          await w.updatePerson(person.id, {
            updated_at: now,
            ...(p.grid ? { grid_id: p.grid.id, grid_path: p.grid.path } : {}),
            ...(p.personal.phoneSealed ? { phone_enc: p.personal.phoneSealed, phone_hash: p.personal.phoneHash } : {}),
          });
        }
        if (++done % 1000 === 0) written(done);
      }
      await w.insertPersons(newPeople);
      await w.replacePartyMembers(
        planned.map((p) => p.person!.id),
        planned.map((p) => ({ person_id: p.person!.id, kind: p.kind, party_org_id: p.partyOrgId, employer_org_id: p.employerOrgId, joined_on: p.joinedOn, grid_path: p.person!.gridPath, created_at: now })),
      );
    },
  };
}
