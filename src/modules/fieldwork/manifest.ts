import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { fieldworkPolicy } from './policy.js';
import { fieldworkRoutes } from './routes.js';

/** Field work (G5–G7): 四清四报, follow-ups, steward meetings, the community task list, household visits, office hours, the policy handbook. */
export const fieldworkManifest: ModuleManifest = {
  name: 'fieldwork',
  routes: fieldworkRoutes,
  policy: fieldworkPolicy,
  strings: { 'zh-CN': zhCN, en },
};
