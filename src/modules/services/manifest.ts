import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { servicesPolicy } from './policy.js';
import { serviceRoutes } from './routes.js';

/** The service alliance (S1–S2, 便民服务联盟 四部一网): departments, teams, points, catalogue, bookings, consultations, mediations. */
export const servicesManifest: ModuleManifest = {
  name: 'services',
  routes: serviceRoutes,
  policy: servicesPolicy,
  strings: { 'zh-CN': zhCN, en },
};
