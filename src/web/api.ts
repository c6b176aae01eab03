/**
 * A small fetch wrapper for the gridgov API: JSON in and out, the session cookie, the CSRF
 * header on writes, the UI language as Accept-Language, and problem+json errors as ApiError.
 */

export interface FieldProblem {
  field: string;
  reason: string;
  message?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
let language = 'zh-CN';
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(lng: string): void {
  language = lng;
}

/** Called when a request fails with 401 after sign-in (the session expired). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'network' });
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await response.json().catch(() => undefined) : undefined;
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/') && path !== '/api/me') onUnauthorized?.();
    throw new ApiError(response.status, (payload as Problem | undefined) ?? { status: response.status });
  }
  return payload as T;
}

// ---- Shapes of the API (see /api/docs) ----

export type GridLevel = 'city' | 'subdistrict' | 'community' | 'compound' | 'building' | 'stairwell';

export interface GridNode {
  id: string;
  code: string;
  name: string;
  level: GridLevel;
  gridScale: 'big' | 'medium' | 'small' | null;
  parentId: string | null;
  path: string;
  depth: number;
  centroid: { lng: number; lat: number } | null;
  bbox: number[] | null;
  areaM2: number | null;
  childCount?: number;
  hasBoundary?: boolean;
}

export interface GridDetail extends GridNode {
  ancestors: GridNode[];
  counts: {
    children: number;
    descendants: Partial<Record<GridLevel, number>>;
    persons: number;
    households: number;
    partyMembers: number;
  };
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Scope {
  id: string;
  code: string;
  name: string;
  level: GridLevel;
  path: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: string;
  locale: string;
  csrfToken?: string;
  scopes: Scope[];
  permissions: string[];
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: Me;
}

export type AssignmentRole = 'cadre' | 'compoundHead' | 'gridLeader' | 'gridWorker' | 'steward' | 'partyOrg';

export interface Assignment {
  id: string;
  role: AssignmentRole;
  person: { id: string; name: string; phone: string | null } | null;
  partyOrg: { id: string; name: string } | null;
  grid: { id: string; name: string; level: GridLevel };
  startOn: string | null;
  inherited: boolean;
}

export interface GridRef {
  id: string;
  name: string;
  level: GridLevel;
}

export type CareGroup = 'elderlyAlone' | 'disabled' | 'lowIncome' | 'hardship';

export interface Person {
  id: string;
  name: string;
  gender: string | null;
  birthYear: number | null;
  idNumber: string | null;
  phone: string | null;
  grid: GridRef | null;
  address: string | null;
  relation: string | null;
  careGroups: CareGroup[];
  partyMember: { kind: 'community' | 'inService' } | null;
}

export interface PersonDetail extends Person {
  household?: Person[];
  assignments?: Assignment[];
}

export interface CoverageItem {
  id: string;
  code: string;
  name: string;
  level: GridLevel;
  parentName?: string | null;
}

export interface CoverageReport {
  root: GridNode;
  compounds: number;
  stairwells: number;
  missingPartyOrg: CoverageItem[];
  missingSteward: CoverageItem[];
  missingGridWorker: CoverageItem[];
}

export interface GeoFeature {
  type: 'Feature';
  id?: string;
  geometry: { type: string; coordinates: unknown } | null;
  properties: { id: string; code: string; name: string; level: GridLevel; depth: number; centroid: unknown } & Record<string, unknown>;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

export interface PublicConfig {
  mapTileUrl: string | null;
  version: string;
}
