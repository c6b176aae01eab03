import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as calendar from './0002-calendar.js';
import * as cases from './0003-cases.js';
import * as deliberation from './0004-deliberation.js';
import * as cobuild from './0005-cobuild.js';
import * as volunteers from './0006-volunteers.js';
import * as wishes from './0007-wishes.js';
import * as services from './0008-services.js';
import * as fieldwork from './0009-fieldwork.js';
import * as analytics from './0010-analytics.js';
import * as otp from './0011-otp.js';
import * as notices from './0012-notices.js';
import * as servicesStructure from './0013-services-structure.js';
import * as rollupsClustered from './0014-rollups-clustered.js';
import * as caseResponse from './0015-case-response.js';
import * as rollupsKeyOrder from './0016-rollups-key-order.js';
import * as rollupPending from './0017-rollup-pending.js';

/** Every migration, in order. One set serves SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-calendar': calendar,
  '0003-cases': cases,
  '0004-deliberation': deliberation,
  '0005-cobuild': cobuild,
  '0006-volunteers': volunteers,
  '0007-wishes': wishes,
  '0008-services': services,
  '0009-fieldwork': fieldwork,
  '0010-analytics': analytics,
  '0011-otp': otp,
  '0012-notices': notices,
  '0013-services-structure': servicesStructure,
  '0014-rollups-clustered': rollupsClustered,
  '0015-case-response': caseResponse,
  '0016-rollups-key-order': rollupsKeyOrder,
  '0017-rollup-pending': rollupPending,
};
