import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { cobuildRepository } from './repository.js';
import { emptyContribution, normalizeRules, rankByTotal, scoreContribution, type AssessmentRules, type Contribution, type ScoreParts } from './scoring.js';
import { cobuildService, yearBounds } from './service.js';
import type { ListKind } from './tables.js';

export interface RankingRow {
  rank: number;
  organization: { id: string; name: string; kind: string; gridName: string };
  contribution: Contribution;
  parts: ScoreParts;
  total: number;
}

/** The year's scheme, or the default one (`isDefault`) when none was configured. */
export async function schemeOf(ctx: AppContext, year: number): Promise<{ year: number; rules: AssessmentRules; isDefault: boolean; updatedAt: string | null }> {
  const row = await cobuildRepository(ctx.db.kysely).scheme(year);
  return row ? { year, rules: normalizeRules(JSON.parse(row.rules) as Partial<AssessmentRules>), isDefault: false, updatedAt: row.updated_at } : { year, rules: normalizeRules(null), isDefault: true, updatedAt: null };
}

/** Configures the scheme of a year (admin, city or subdistrict cadre); scores are recomputed from records on every read. */
export async function saveScheme({ ctx, actor, year, rules }: { ctx: AppContext; actor: Actor | undefined; year: number; rules: AssessmentRules }) {
  requirePermission(actor, 'assessment.configure');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).saveScheme({ id: newId(), year, rules: JSON.stringify(normalizeRules(rules)), updated_by: actor.userId, now: now.toISOString() });
    await recordAudit(trx, actor, now, { action: 'assessment.configure', recordType: 'assessmentScheme', recordId: String(year), details: { year, rules } });
  });
  return schemeOf(ctx, year);
}

/**
 * The year's ranking of the organisations the caller can see, each scored from its records inside
 * the caller's scope (or `?grid=`): completed projects, deliveries, its members' verified hours,
 * ratings and withdrawn commitments.
 */
export async function ranking({ ctx, actor, year, grid }: { ctx: AppContext; actor: Actor | undefined; year: number; grid?: string }): Promise<{ year: number; rules: AssessmentRules; isDefault: boolean; items: RankingRow[] }> {
  requirePermission(actor, 'assessment.read');
  const root = await cobuildService(ctx).rootOf(actor, grid);
  const repo = cobuildRepository(ctx.db.kysely);
  const scheme = await schemeOf(ctx, year);
  const { from, to, fromDate, toDate } = yearBounds(year);
  const [orgs, participation, hours, withdrawn] = await Promise.all([
    repo.visibleOrgs(actor, root),
    repo.completedParticipation(actor, root, from, to),
    repo.memberHoursByEmployer(actor, root, fromDate, toDate),
    repo.withdrawnCommitments(actor, root, from, to),
  ]);
  const contributions = new Map<string, Contribution>(orgs.map((o) => [o.id, emptyContribution()]));
  const counted = new Set<string>();
  for (const p of participation) {
    const c = contributions.get(p.organization_id);
    if (!c) continue;
    c.delivered[p.kind as ListKind] += Number(p.quantity_delivered ?? 0);
    // A project counts once per organisation, however many of its resources it used.
    const key = `${p.organization_id}:${p.project_id}`;
    if (!counted.has(key)) {
      counted.add(key);
      c.completedProjects += 1;
      c.ratingStars += p.rating ?? 0;
    }
  }
  for (const [orgId, h] of hours) {
    const c = contributions.get(orgId);
    if (c) c.memberHours = Math.round(h * 100) / 100;
  }
  for (const [orgId, n] of withdrawn) {
    const c = contributions.get(orgId);
    if (c) c.withdrawnCommitments = n;
  }
  const rows = orgs.map((o) => {
    const contribution = contributions.get(o.id)!;
    const parts = scoreContribution(scheme.rules, contribution);
    return { organization: { id: o.id, name: o.name, kind: o.kind, gridName: o.grid_name }, contribution, parts, total: parts.total };
  });
  return { year, rules: scheme.rules, isDefault: scheme.isDefault, items: rankByTotal(rows) };
}

/** One organisation's score and rank for the year, as the ranking shows it. */
export async function organizationScore({ ctx, actor, organizationId, year }: { ctx: AppContext; actor: Actor | undefined; organizationId: string; year: number }) {
  requirePermission(actor, 'assessment.read');
  await cobuildService(ctx).visibleOrg(actor, organizationId);
  const result = await ranking({ ctx, actor, year });
  const row = result.items.find((r) => r.organization.id === organizationId);
  if (!row) throw new AppError('notFound');
  return { year, rules: result.rules, isDefault: result.isDefault, of: result.items.length, ...row };
}
