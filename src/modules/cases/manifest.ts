import type { ModuleManifest } from '../../server/manifest.js';
import { casesPolicy } from './policy.js';
import { caseRoutes } from './routes.js';

/** Cases (C1–C11): intake, routing, tiered workflow, time limits, joint handling, follow-up. */
export const casesManifest: ModuleManifest = {
  name: 'cases',
  routes: caseRoutes,
  policy: casesPolicy,
};
