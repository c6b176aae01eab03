import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { cobuildPolicy } from './policy.js';
import { cobuildRoutes } from './routes.js';

/**
 * Co-building (B1–B4): partner organisations and their agreements, the three lists with matching
 * and monthly review, the yearly assessment with its Excel export, dual registration, service
 * records, two-way evaluation and the feedback lists sent to employers.
 */
export const cobuildManifest: ModuleManifest = {
  name: 'cobuild',
  routes: cobuildRoutes,
  policy: cobuildPolicy,
  strings: { 'zh-CN': zhCN, en },
};
