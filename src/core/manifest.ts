import type { ModuleManifest } from '../server/manifest.js';
import { accountRoutes } from './accounts/routes.js';
import { assignmentRoutes } from './assignments/routes.js';
import { auditRoutes } from './audit/routes.js';
import { calendarPolicy } from './calendar/policy.js';
import { calendarRoutes } from './calendar/routes.js';
import { gridRoutes } from './grids/routes.js';
import { notificationsPolicy } from './notifications/policy.js';
import { notificationRoutes } from './notifications/routes.js';
import { peopleRoutes } from './people/routes.js';

/**
 * What every deployment has: accounts and scope, the grid and its routing, responsibility,
 * people and places, the audit log, the business calendar. Core policies live in
 * `accounts/policy.ts` (`corePolicy`); the calendar brings its own table.
 */
export const coreManifests: ModuleManifest[] = [
  { name: 'accounts', routes: accountRoutes },
  { name: 'grids', routes: gridRoutes },
  { name: 'assignments', routes: assignmentRoutes },
  { name: 'people', routes: peopleRoutes },
  { name: 'audit', routes: auditRoutes },
  { name: 'calendar', routes: calendarRoutes, policy: calendarPolicy },
  { name: 'notifications', routes: notificationRoutes, policy: notificationsPolicy },
];
