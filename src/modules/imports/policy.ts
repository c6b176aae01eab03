import type { Role } from '../../db/schema.js';
import type { ImportKind } from './kinds.js';

/**
 * Who may import what (role → action); every row is then checked against the importer's
 * subtree. The roles follow the API that writes the same records: people (`person.write`),
 * buildings as places (`place.write`, without grid workers, since buildings are grids), party
 * members (`partyOrg.write` holders who also register people), organisations (`organization.write`).
 */
export const importsPolicy = {
  /** Opens the import page and downloads templates. */
  'import.use': ['admin', 'cadre', 'secretary', 'gridWorker'],
  'import.buildings': ['admin', 'secretary'],
  'import.residents': ['admin', 'secretary', 'gridWorker'],
  'import.partyMembers': ['admin', 'secretary'],
  'import.organizations': ['admin', 'cadre', 'secretary'],
} as const satisfies Record<string, readonly Role[]> & Record<`import.${ImportKind}`, readonly Role[]>;
