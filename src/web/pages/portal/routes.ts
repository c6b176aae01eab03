import { lazy } from 'react';
import type { MenuRoute } from '../../menu.js';

/** The resident portal's pages, behind the one sign-in; the menu's `portal` entry owns them. */
export const portalRoutes: MenuRoute[] = [
  { path: '/portal', page: lazy(() => import('./portal-page.js')) },
  { path: '/portal/reports', page: lazy(() => import('./reports-page.js')) },
  { path: '/portal/wishes', page: lazy(() => import('./wishes-page.js')) },
  { path: '/portal/services', page: lazy(() => import('./services-page.js')) },
  { path: '/portal/activities', page: lazy(() => import('./activities-page.js')) },
  { path: '/portal/notices', page: lazy(() => import('./notices-page.js')) },
  { path: '/portal/office-hours', page: lazy(() => import('./office-hours-page.js')) },
  { path: '/portal/handbook', page: lazy(() => import('./handbook-page.js')) },
];
