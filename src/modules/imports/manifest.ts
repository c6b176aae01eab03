import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { importsPolicy } from './policy.js';
import { importRoutes } from './routes.js';

/**
 * Imports (A3): buildings, residents, party members and partner organisations from Excel or CSV,
 * with templates, a dry run and a row-by-row report; all or nothing, inside the importer's scope.
 */
export const importsManifest: ModuleManifest = {
  name: 'imports',
  routes: importRoutes,
  policy: importsPolicy,
  strings: { 'zh-CN': zhCN, en },
};
