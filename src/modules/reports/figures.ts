import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { caseFigures, type CaseFigureId } from '../analytics/case-figures.js';
import { reportsRepository, type FigureScope } from './repository.js';

/** The article's sections, in its order (成效 follows 主要做法). */
export const figureGroups = ['gridOrganisation', 'deliberation', 'cobuilding', 'microWishes', 'serviceAlliance', 'conflictResolution'] as const;
export type FigureGroup = (typeof figureGroups)[number];

/** What a value counts: things (个/件/次), people, square metres, cubic metres, metres, yuan. */
export type FigureUnit = 'count' | 'persons' | 'm2' | 'm3' | 'm' | 'yuan';

/**
 * `structure`: what exists at the end of the period (created by then, not deleted or archived
 * before); `flow`: what happened inside the period.
 */
export type FigureKind = 'structure' | 'flow';

type Loaded<K extends keyof Loaders> = Awaited<ReturnType<Loaders[K]>>;
interface Loaders {
  structure: ReturnType<typeof reportsRepository>['structure'];
  communityTasksCleared: ReturnType<typeof reportsRepository>['communityTasksCleared'];
  cobuild: ReturnType<typeof reportsRepository>['cobuild'];
  volunteers: ReturnType<typeof reportsRepository>['volunteers'];
  wishes: ReturnType<typeof reportsRepository>['wishes'];
  services: ReturnType<typeof reportsRepository>['services'];
  cases: () => Promise<Record<CaseFigureId, number>>;
}

/** The sources figures are read from, each queried at most once per report however many figures use it. */
export interface FigureSources {
  get<K extends keyof Loaders>(source: K): Promise<Loaded<K>>;
}

/** One figure of the results report: how it is computed and where it sits. Labels and definitions are in the locale files (`reports.figures.<id>`). */
export interface FigureDefinition {
  id: string;
  group: FigureGroup;
  unit: FigureUnit;
  kind: FigureKind;
  compute(sources: FigureSources): Promise<number>;
}

/** Memoized sources over one scope and period: one grouped query set per source, never one per figure or per row. */
export function figureSources(db: Kysely<Database>, scope: FigureScope): FigureSources {
  const repo = reportsRepository(db);
  const loaders: { [K in keyof Loaders]: () => Promise<Loaded<K>> } = {
    structure: () => repo.structure(scope),
    communityTasksCleared: () => repo.communityTasksCleared(scope),
    cobuild: () => repo.cobuild(scope),
    volunteers: () => repo.volunteers(scope),
    wishes: () => repo.wishes(scope),
    services: () => repo.services(scope),
    cases: () => caseFigures(db, { gridPath: scope.root, from: scope.fromDate, to: scope.toDate }),
  };
  const cache = new Map<keyof Loaders, Promise<unknown>>();
  return {
    get(source) {
      if (!cache.has(source)) cache.set(source, loaders[source]());
      return cache.get(source) as Promise<Loaded<typeof source>>;
    },
  };
}

function from<K extends keyof Loaders>(source: K, field: keyof Loaded<K>) {
  return async (sources: FigureSources) => Number((await sources.get(source))[field]);
}

const f = (id: string, group: FigureGroup, unit: FigureUnit, kind: FigureKind, compute: FigureDefinition['compute']): FigureDefinition => ({ id, group, unit, kind, compute });

/**
 * Every figure of the results report, in the article's order and groups. The API, the printable
 * page and the Excel file all list exactly these, in this order.
 */
export const figureRegistry: readonly FigureDefinition[] = [
  // 织密"一张网": the grid and its organisations (背景, 主要做法 一).
  f('communities', 'gridOrganisation', 'count', 'structure', from('structure', 'communities')),
  f('communityPartyOrganizations', 'gridOrganisation', 'count', 'structure', from('structure', 'communityPartyOrganizations')),
  f('communityPartyMembers', 'gridOrganisation', 'persons', 'structure', from('structure', 'communityPartyMembers')),
  f('bigGrids', 'gridOrganisation', 'count', 'structure', from('structure', 'bigGrids')),
  f('communityTasksCleared', 'gridOrganisation', 'count', 'flow', from('communityTasksCleared', 'communityTasksCleared')),
  // 民事民议民决: four-party councils.
  f('casesSolvedByDeliberation', 'deliberation', 'count', 'flow', from('cases', 'casesSolvedByDeliberation')),
  f('propertyDisputesMediated', 'deliberation', 'count', 'flow', from('cases', 'propertyDisputesMediated')),
  // 共驻共建 and 1+N volunteer service.
  f('cobuildHazardsResolved', 'cobuilding', 'count', 'flow', from('cases', 'cobuildHazardsResolved')),
  f('pressingProblemsResolved', 'cobuilding', 'count', 'flow', from('cases', 'pressingProblemsResolved')),
  f('venueAreaProvidedM2', 'cobuilding', 'm2', 'flow', from('cobuild', 'venueAreaProvidedM2')),
  f('volunteerPartyBranches', 'cobuilding', 'count', 'structure', from('volunteers', 'volunteerPartyBranches')),
  f('inServiceMembersServing', 'cobuilding', 'persons', 'structure', from('volunteers', 'inServiceMembersServing')),
  f('snowAndRubbishClearedM3', 'cobuilding', 'm3', 'flow', from('volunteers', 'snowAndRubbishClearedM3')),
  f('alleysRepairedM', 'cobuilding', 'm', 'flow', from('volunteers', 'alleysRepairedM')),
  f('stairwellCultureBuildings', 'cobuilding', 'count', 'flow', from('volunteers', 'stairwellCultureBuildings')),
  f('stairwellCultureUnits', 'cobuilding', 'count', 'flow', from('volunteers', 'stairwellCultureUnits')),
  // 微心愿 and joint activities.
  f('partnerOrganizations', 'microWishes', 'count', 'structure', from('cobuild', 'partnerOrganizations')),
  f('inServiceMembersRegistered', 'microWishes', 'persons', 'structure', from('cobuild', 'inServiceMembersRegistered')),
  f('wishesFulfilled', 'microWishes', 'count', 'flow', from('wishes', 'wishesFulfilled')),
  f('wishValueYuan', 'microWishes', 'yuan', 'flow', from('wishes', 'wishValueYuan')),
  f('jointActivities', 'microWishes', 'count', 'flow', from('volunteers', 'jointActivities')),
  // 便民服务联盟 (四部一网).
  f('serviceDepartments', 'serviceAlliance', 'count', 'structure', from('services', 'serviceDepartments')),
  f('serviceTeams', 'serviceAlliance', 'count', 'structure', from('services', 'serviceTeams')),
  f('servicePoints', 'serviceAlliance', 'count', 'structure', from('services', 'servicePoints')),
  f('grids', 'serviceAlliance', 'count', 'structure', from('structure', 'grids')),
  f('serviceCategories', 'serviceAlliance', 'count', 'structure', from('services', 'serviceCategories')),
  f('serviceItems', 'serviceAlliance', 'count', 'structure', from('services', 'serviceItems')),
  f('consultations', 'serviceAlliance', 'count', 'flow', from('services', 'consultations')),
  f('disputesSettledByAlliance', 'serviceAlliance', 'count', 'flow', from('services', 'disputesSettledByAlliance')),
  // 四室联动 and 五小五早.
  f('petitionCasesResolved', 'conflictResolution', 'count', 'flow', from('cases', 'petitionCasesResolved')),
  f('skippedLevelPetitions', 'conflictResolution', 'count', 'flow', from('cases', 'skippedLevelPetitions')),
  f('civilToCriminalCases', 'conflictResolution', 'count', 'flow', from('cases', 'civilToCriminalCases')),
  f('hazardsFound', 'conflictResolution', 'count', 'flow', from('cases', 'hazardsFound')),
  f('petitionConflictsMediated', 'conflictResolution', 'count', 'flow', from('cases', 'petitionConflictsMediated')),
  f('demandsResolved', 'conflictResolution', 'count', 'flow', from('cases', 'demandsResolved')),
];

/** Computes every figure over one scope; the sources run once each. */
export async function computeFigures(db: Kysely<Database>, scope: FigureScope): Promise<{ definition: FigureDefinition; value: number }[]> {
  const sources = figureSources(db, scope);
  return Promise.all(figureRegistry.map(async (definition) => ({ definition, value: await definition.compute(sources) })));
}
