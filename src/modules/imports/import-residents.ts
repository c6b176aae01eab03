import type { AppContext } from '../../core/context.js';
import { newId } from '../../core/ids.js';
import { birthYearOf, genderOf } from '../../core/people/identity.js';
import { validatePersonal } from '../../core/people/service.js';
import { isInScope, type Actor } from '../../core/scope.js';
import type { Database } from '../../db/schema.js';
import { allowedValues, enumValue } from './kinds.js';
import type { SheetRow } from './read-sheet.js';
import { importsRepository, type ImportGrid } from './repository.js';
import { FirstSeen, RowReader, type ImportPlan, type ImportProgress, type RowError } from './row-check.js';

type CareGroup = Database['care_groups']['group_code'];

/** The identity number and phone of a row, validated by the people API's rules, sealed and hashed once. */
export interface SealedPersonal {
  idNumber: string | null;
  idHash: string | null;
  idSealed: string | null;
  phoneHash: string | null;
  phoneSealed: string | null;
}

/** Checks identity number and phone with the same rules as `POST /api/people` and seals them. */
export function sealPersonal(ctx: AppContext, reader: RowReader, input: { idNumber: string | null; phone: string | null }): SealedPersonal {
  const checked = validatePersonal(input);
  for (const e of checked.errors) reader.fail(e.field, e.reason, e.params);
  const bad = new Set(checked.errors.map((e) => e.field));
  const idNumber = checked.idNumber && !bad.has('idNumber') ? checked.idNumber : null;
  const phone = checked.phone && !bad.has('phone') ? checked.phone : null;
  return {
    idNumber,
    idHash: idNumber ? ctx.cipher.hash(idNumber) : null,
    idSealed: idNumber ? ctx.cipher.encrypt(idNumber) : null,
    phoneHash: phone ? ctx.cipher.hash(phone) : null,
    phoneSealed: phone ? ctx.cipher.encrypt(phone) : null,
  };
}

/** Care groups written `独居老人、低保户` or `elderlyAlone,lowIncome`. */
function careGroupsOf(reader: RowReader): CareGroup[] | null {
  const text = reader.row.cells.careGroups;
  if (!text) return null;
  const groups: CareGroup[] = [];
  for (const part of text.split(/[、,，;；/\s]+/).filter(Boolean)) {
    const code = enumValue<CareGroup>('careGroups', part);
    if (!code) reader.fail('careGroups', 'unknownValue', { value: part, allowed: allowedValues('careGroups') });
    else if (!groups.includes(code)) groups.push(code);
  }
  return groups;
}

/** Floor of a new room from its number: 301 → 3, 1502 → 15, anything else → 1. */
function floorFromNumber(number: string): number {
  const m = /^(\d{1,3})\d{2}$/.exec(number);
  return m ? Number(m[1]) : 1;
}

interface PlannedResident {
  row: number;
  existingId: string | null;
  name: string;
  personal: SealedPersonal;
  grid: ImportGrid;
  roomNumber: string | null;
  floor: number | null;
  gender: 'male' | 'female' | null;
  birthYear: number | null;
  relation: string | null;
  note: string | null;
  careGroups: CareGroup[] | null;
}

/**
 * Residents (人进户→户进房→房进格): each row names a person and the stairwell, building or
 * compound they live in by grid code, optionally a room (created when missing). A registered
 * identity number updates that person, and only when they live in the importer's subtree.
 */
export async function planResidents({ ctx, actor, rows, progress }: { ctx: AppContext; actor: Actor; rows: SheetRow[]; progress: ImportProgress }): Promise<ImportPlan> {
  const repo = importsRepository(ctx.db.kysely);
  const grids = new Map((await repo.gridsByCodes(rows.map((r) => r.cells.gridCode))).map((g) => [g.code, g]));
  const errors: RowError[] = [];
  const seenIds = new FirstSeen();
  const planned: PlannedResident[] = [];
  rows.forEach((row, index) => {
    const reader = new RowReader(row, errors);
    const before = errors.length;
    const name = reader.text('name', { max: 50, isRequired: true });
    const personal = sealPersonal(ctx, reader, { idNumber: reader.text('idNumber', { max: 18 }), phone: reader.text('phone', { max: 20 }) });
    const grid = reader.grid('gridCode', grids, actor, ['compound', 'building', 'stairwell']);
    const roomNumber = reader.text('room', { max: 20 });
    if (roomNumber && grid && grid.level === 'compound') reader.fail('room', 'roomNeedsBuilding');
    const floor = reader.integer('floor', -5, 200);
    const genderText = reader.row.cells.gender;
    const gender = genderText ? enumValue<'male' | 'female'>('gender', genderText) : null;
    if (genderText && !gender) reader.fail('gender', 'unknownValue', { value: genderText, allowed: allowedValues('gender') });
    const birthYear = reader.integer('birthYear', 1900, 2100);
    const relation = reader.text('relation', { max: 20 });
    const note = reader.text('note', { max: 500 });
    const careGroups = careGroupsOf(reader);
    if (personal.idHash) {
      const first = seenIds.check(personal.idHash, row.row);
      if (first !== undefined) reader.fail('idNumber', 'duplicateInFile', { row: first });
    }
    if ((index + 1) % 1000 === 0) progress('check', index + 1, rows.length);
    if (errors.length > before) return;
    planned.push({
      row: row.row, existingId: null, name: name!, personal, grid: grid!, roomNumber, floor, relation, note, careGroups,
      gender: gender ?? (personal.idNumber ? genderOf(personal.idNumber) : null),
      birthYear: birthYear ?? (personal.idNumber ? birthYearOf(personal.idNumber) : null),
    });
  });

  // A registered identity number updates that person, if the importer governs where they live.
  const existing = new Map((await repo.personsByIdHashes(planned.map((p) => p.personal.idHash!).filter(Boolean))).map((p) => [p.id_number_hash!, p]));
  for (const p of planned) {
    const found = p.personal.idHash ? existing.get(p.personal.idHash) : undefined;
    if (!found) continue;
    if (!isInScope(actor, found.grid_path)) errors.push({ row: p.row, column: 'idNumber', reason: 'personOutsideScope' });
    p.existingId = found.id;
  }
  errors.sort((a, b) => a.row - b.row);
  const updated = planned.filter((p) => p.existingId).length;

  return {
    created: planned.length - updated,
    updated,
    errors,
    async write(trx, written) {
      const w = importsRepository(trx);
      const now = ctx.clock.now().toISOString();
      const roomGrids = [...new Set(planned.filter((p) => p.roomNumber).map((p) => p.grid.id))];
      const rooms = new Map((await w.roomsOfGrids(roomGrids)).map((r) => [`${r.grid_id}|${r.number}`, r.id]));
      const newRooms: Database['rooms'][] = [];
      const roomOf = (p: PlannedResident): string | null => {
        if (!p.roomNumber) return null;
        const key = `${p.grid.id}|${p.roomNumber}`;
        let id = rooms.get(key);
        if (!id) {
          id = newId();
          rooms.set(key, id);
          newRooms.push({ id, grid_id: p.grid.id, grid_path: p.grid.path, number: p.roomNumber, floor: p.floor ?? floorFromNumber(p.roomNumber), area_m2: null, use: 'residential', created_at: now });
        }
        return id;
      };
      const inserts: Database['persons'][] = [];
      const careRows: Database['care_groups'][] = [];
      const careReplaced: string[] = [];
      const roomIds = new Map<PlannedResident, string | null>();
      for (const p of planned) {
        const roomId = roomOf(p);
        roomIds.set(p, roomId);
        const id = p.existingId ?? newId();
        if (p.careGroups) {
          careReplaced.push(id);
          for (const g of p.careGroups) careRows.push({ person_id: id, group_code: g, grid_path: p.grid.path, since: now.slice(0, 10), note: null });
        }
        if (p.existingId) continue;
        inserts.push({
          id, name: p.name, gender: p.gender, birth_year: p.birthYear,
          id_number_enc: p.personal.idSealed, id_number_hash: p.personal.idHash, phone_enc: p.personal.phoneSealed, phone_hash: p.personal.phoneHash,
          grid_id: p.grid.id, grid_path: p.grid.path, household_id: null, room_id: roomId, relation: p.relation, note: p.note, created_at: now, updated_at: now,
        });
      }
      await w.insertRooms(newRooms);
      let done = 0;
      await w.insertPersons(inserts, (n) => {
        const next = done + n;
        if (Math.floor(next / 1000) > Math.floor(done / 1000)) written(next);
        done = next;
      });
      for (const p of planned.filter((x) => x.existingId)) {
        // An update changes what the row gives; empty cells keep what is stored.
        const patch: Partial<Database['persons']> = { name: p.name, grid_id: p.grid.id, grid_path: p.grid.path, updated_at: now };
        if (p.personal.phoneSealed) Object.assign(patch, { phone_enc: p.personal.phoneSealed, phone_hash: p.personal.phoneHash });
        if (p.roomNumber) patch.room_id = roomIds.get(p) ?? null;
        if (p.gender) patch.gender = p.gender;
        if (p.birthYear) patch.birth_year = p.birthYear;
        if (p.relation) patch.relation = p.relation;
        if (p.note) patch.note = p.note;
        await w.updatePerson(p.existingId!, patch);
        done += 1;
        if (done % 1000 === 0) written(done);
      }
      await w.replaceCareGroups(careReplaced, careRows);
    },
  };
}
