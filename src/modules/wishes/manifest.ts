import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { wishesPolicy } from './policy.js';
import { wishRoutes } from './routes.js';

/** Micro-wishes (W1, 微心愿): posted, verified, claimed once, delivered with evidence, confirmed; totals and rankings. */
export const wishesManifest: ModuleManifest = {
  name: 'wishes',
  routes: wishRoutes,
  policy: wishesPolicy,
  strings: { 'zh-CN': zhCN, en },
};
