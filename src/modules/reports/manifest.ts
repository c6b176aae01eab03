import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { reportsPolicy } from './policy.js';
import { reportRoutes } from './routes.js';

/** The results report (成效, A2): the article's figures for any period and subtree, as JSON, a printable page and Excel. */
export const reportsManifest: ModuleManifest = {
  name: 'reports',
  routes: reportRoutes,
  policy: reportsPolicy,
  strings: { 'zh-CN': zhCN, en },
};
