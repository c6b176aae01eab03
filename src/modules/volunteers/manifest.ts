import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { volunteersPolicy } from './policy.js';
import { volunteerRoutes } from './routes.js';

/**
 * Volunteer service and care (B5, B6): themed service party branches and teams, activities with
 * capacity and waiting list, check-in and check-out, verified hours on a ledger, points,
 * certificates, measured outputs, and care visits.
 */
export const volunteersManifest: ModuleManifest = {
  name: 'volunteers',
  routes: volunteerRoutes,
  policy: volunteersPolicy,
  strings: { 'zh-CN': zhCN, en },
};
