import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { deliberationPolicy } from './policy.js';
import { deliberationRoutes } from './routes.js';

/**
 * Deliberation (D1–D4, 民事民议民决): four-party councils and four-level joint meetings, recurring
 * meetings run live with attendance, motions and votes by name, resolutions with action items, and
 * residents' topics. Jobs: `ensureUpcomingMeetings` and `remindOverdueActionItems` (see cli/main.ts).
 */
export const deliberationManifest: ModuleManifest = {
  name: 'deliberation',
  routes: deliberationRoutes,
  policy: deliberationPolicy,
  strings: { 'zh-CN': zhCN, en },
};
