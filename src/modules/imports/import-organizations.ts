import { writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { newId } from '../../core/ids.js';
import { validatePersonal } from '../../core/people/service.js';
import { isInScope, type Actor } from '../../core/scope.js';
import type { Database } from '../../db/schema.js';
import { allowedValues, enumValue } from './kinds.js';
import type { SheetRow } from './read-sheet.js';
import { importsRepository, type ImportGrid } from './repository.js';
import { FirstSeen, RowReader, type ImportPlan, type ImportProgress, type RowError } from './row-check.js';

type OrganizationRow = Database['organizations'];

/** The pattern `POST /api/cobuild/organizations` checks (统一社会信用代码, GB 32100). */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

interface PlannedOrganization {
  row: number;
  existing?: { id: string; version: number };
  grid: ImportGrid;
  fields: Omit<OrganizationRow, 'id' | 'grid_id' | 'grid_path' | 'contact_user_id' | 'deleted_at' | 'version' | 'created_at' | 'updated_at' | 'party_member_count'> & { party_member_count: number | null };
}

/**
 * Partner organisations (驻区单位): located on a community or a grid below it in the importer's
 * subtree. A known credit code, else the same name on the same grid, updates that organisation
 * (restoring one that was removed); its contact phone is sealed like every phone.
 */
export async function planOrganizations({ ctx, actor, rows, progress }: { ctx: AppContext; actor: Actor; rows: SheetRow[]; progress: ImportProgress }): Promise<ImportPlan> {
  const repo = importsRepository(ctx.db.kysely);
  const grids = new Map((await repo.gridsByCodes(rows.map((r) => r.cells.gridCode))).map((g) => [g.code, g]));
  const byCode = new Map((await repo.organizationsByCreditCodes(rows.map((r) => r.cells.creditCode.toUpperCase()))).map((o) => [o.credit_code!, o]));
  const byName = await repo.organizationsByNames(rows.map((r) => r.cells.name));
  const errors: RowError[] = [];
  const seenCodes = new FirstSeen();
  const seenNames = new FirstSeen();
  const planned: PlannedOrganization[] = [];
  rows.forEach((row, index) => {
    const reader = new RowReader(row, errors);
    const before = errors.length;
    const name = reader.text('name', { max: 100, min: 2, isRequired: true });
    const kindText = reader.text('kind', { max: 20, isRequired: true });
    const kind = kindText ? enumValue<OrganizationRow['kind']>('organizationKind', kindText) : undefined;
    if (kindText && !kind) reader.fail('kind', 'unknownValue', { value: kindText, allowed: allowedValues('organizationKind') });
    const grid = reader.grid('gridCode', grids, actor, ['community', 'compound', 'building', 'stairwell']);
    const creditCode = reader.text('creditCode', { max: 18 })?.toUpperCase() ?? null;
    if (creditCode && !CREDIT_CODE.test(creditCode)) reader.fail('creditCode', 'pattern');
    const partyKindText = reader.text('partyOrgKind', { max: 20 });
    const partyOrgKind = partyKindText ? (enumValue<NonNullable<OrganizationRow['party_org_kind']>>('partyOrgKind', partyKindText) ?? null) : null;
    if (partyKindText && !partyOrgKind) reader.fail('partyOrgKind', 'unknownValue', { value: partyKindText, allowed: allowedValues('partyOrgKind') });
    const phone = validatePersonal({ phone: reader.text('contactPhone', { max: 20 }) });
    for (const e of phone.errors) reader.fail('contactPhone', e.reason);
    const fields = {
      name: name ?? '', kind: kind!, credit_code: creditCode, address: reader.text('address', { max: 200 }),
      party_org_name: reader.text('partyOrgName', { max: 100 }), party_org_kind: partyOrgKind, party_member_count: reader.integer('partyMemberCount', 0, 100000),
      secretary_name: reader.text('secretaryName', { max: 50 }), contact_name: reader.text('contactName', { max: 50 }),
      contact_phone_enc: phone.phone && !phone.errors.length ? ctx.cipher.encrypt(phone.phone) : null,
      contact_phone_hash: phone.phone && !phone.errors.length ? ctx.cipher.hash(phone.phone) : null,
      description: reader.text('description', { max: 2000 }),
    };
    if (creditCode) {
      const first = seenCodes.check(creditCode, row.row);
      if (first !== undefined) reader.fail('creditCode', 'duplicateInFile', { row: first });
    }
    if (name && grid) {
      const first = seenNames.check(`${grid.id}|${name}`, row.row);
      if (first !== undefined) reader.fail('name', 'duplicateInFile', { row: first });
    }
    if ((index + 1) % 1000 === 0) progress('check', index + 1, rows.length);
    if (errors.length > before) return;
    const known = (creditCode ? byCode.get(creditCode) : undefined) ?? byName.find((o) => o.name === name && o.grid_id === grid!.id);
    if (known && !isInScope(actor, known.grid_path)) return void reader.fail(creditCode && byCode.has(creditCode) ? 'creditCode' : 'name', 'organizationOutsideScope');
    planned.push({ row: row.row, grid: grid!, fields, existing: known ? { id: known.id, version: known.version } : undefined });
  });
  const updated = planned.filter((p) => p.existing).length;

  return {
    created: planned.length - updated,
    updated,
    errors,
    async write(trx) {
      const w = importsRepository(trx);
      const now = ctx.clock.now();
      const at = now.toISOString();
      const inserts: OrganizationRow[] = [];
      for (const p of planned) {
        if (p.existing) {
          // Empty cells keep what is stored.
          const given = Object.fromEntries(Object.entries(p.fields).filter(([, v]) => v !== null)) as Partial<OrganizationRow>;
          await w.updateOrganization(p.existing.id, { ...given, grid_id: p.grid.id, grid_path: p.grid.path, deleted_at: null, version: p.existing.version + 1, updated_at: at });
          continue;
        }
        const id = newId();
        inserts.push({ id, ...p.fields, party_member_count: p.fields.party_member_count ?? 0, grid_id: p.grid.id, grid_path: p.grid.path, contact_user_id: null, deleted_at: null, version: 1, created_at: at, updated_at: at });
      }
      await w.insertOrganizations(inserts);
      // The same event `POST /api/cobuild/organizations` raises, so listeners see imported ones too.
      for (const o of inserts) await writeOutbox(trx, now, 'cobuild.organizationCreated', { organizationId: o.id }, o.grid_path);
    },
  };
}
