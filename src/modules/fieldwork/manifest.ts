import type { ModuleManifest } from '../../server/manifest.js';
export const fieldworkManifest: ModuleManifest = { name: 'fieldwork', routes: () => {} };
