import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { analyticsPolicy } from './policy.js';
import { analyticsRoutes } from './routes.js';

/** Analytics (A1, A5): the dashboard of a subtree and period, served from case roll-ups kept current with every case change. */
export const analyticsManifest: ModuleManifest = {
  name: 'analytics',
  routes: analyticsRoutes,
  policy: analyticsPolicy,
  strings: { 'zh-CN': zhCN, en },
};
