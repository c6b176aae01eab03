import type { ModuleManifest } from '../../server/manifest.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { open311Routes } from './routes.js';

/** Open311 GeoReport v2 (P2): a standard facade over the case categories and cases. */
export const open311Manifest: ModuleManifest = {
  name: 'open311',
  routes: open311Routes,
  strings: { 'zh-CN': zhCN, en },
};
