import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { noticesPolicy } from './policy.js';
import { noticeRoutes } from './routes.js';

/** Notices (公告) for residents, posted by staff to the grids they govern (S3). */
export const noticesManifest: ModuleManifest = {
  name: 'notices',
  routes: noticeRoutes,
  policy: noticesPolicy,
  strings: { 'zh-CN': zhCN, en },
};
