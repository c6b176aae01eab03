import { coreManifests } from '../core/manifest.js';
import { analyticsManifest } from '../modules/analytics/manifest.js';
import { casesManifest } from '../modules/cases/manifest.js';
import { deliberationManifest } from '../modules/deliberation/manifest.js';
import { open311Manifest } from '../modules/open311/manifest.js';
import { cobuildManifest } from '../modules/cobuild/manifest.js';
import { volunteersManifest } from '../modules/volunteers/manifest.js';
import { fieldworkManifest } from '../modules/fieldwork/manifest.js';
import { servicesManifest } from '../modules/services/manifest.js';
import { wishesManifest } from '../modules/wishes/manifest.js';
import { importsManifest } from '../modules/imports/manifest.js';
import { noticesManifest } from '../modules/notices/manifest.js';
import { rankingsManifest } from '../modules/rankings/manifest.js';
import { reportsManifest } from '../modules/reports/manifest.js';
import type { ModuleManifest } from './manifest.js';

/** Every capability the server registers, in order. A new module adds one line here. */
export const manifests: ModuleManifest[] = [...coreManifests, casesManifest, open311Manifest, cobuildManifest, volunteersManifest, wishesManifest, servicesManifest, fieldworkManifest, deliberationManifest, noticesManifest, rankingsManifest, reportsManifest, importsManifest, analyticsManifest];
