import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { rankingsPolicy } from './policy.js';
import { rankingRoutes } from './routes.js';

/** Rankings (A4): grids, communities, grid workers and partner organisations on chosen indicators, with the red and black lists. */
export const rankingsManifest: ModuleManifest = {
  name: 'rankings',
  routes: rankingRoutes,
  policy: rankingsPolicy,
  strings: { 'zh-CN': zhCN, en },
};
