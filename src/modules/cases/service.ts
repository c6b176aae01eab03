import fs from 'node:fs';
import path from 'node:path';
import { transaction } from '../../db/index.js';
import type { GridLevel } from '../../db/schema.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { maskPhone, normalizePhone } from '../../core/people/identity.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { storePhoto } from './attachments.js';
import { allowedActions, canSeeCase, isStaff, seesTriage } from './policy.js';
import type { CreatedCase } from './create-case.js';
import { casesRepository, type CaseListFilter, type CasesRepository } from './repository.js';
import type { CaseCategoryTable, CaseEventTable, CaseState, CaseTable, Tier } from './tables.js';
import { roleTier } from './workflow.js';

const DUPLICATE_WINDOW_DAYS = 14;
const METRES_PER_DEGREE_LAT = 111_320;

function distanceM(aLng: number, aLat: number, bLng: number, bLat: number): number {
  const dLat = (bLat - aLat) * METRES_PER_DEGREE_LAT;
  const dLng = (bLng - aLng) * METRES_PER_DEGREE_LAT * Math.cos(((aLat + bLat) / 2) * (Math.PI / 180));
  return Math.sqrt(dLat * dLat + dLng * dLng);
}

export function categoryView(c: CaseCategoryTable) {
  return {
    id: c.id, code: c.code, parentId: c.parent_id, name: c.name, nameEn: c.name_en, defaultType: c.default_type, defaultTier: c.default_tier,
    limits: { accept: { amount: c.accept_limit, unit: c.accept_unit }, dispatch: { amount: c.dispatch_limit, unit: c.dispatch_unit }, handle: { amount: c.handle_limit, unit: c.handle_unit } },
    duplicateRadiusM: c.duplicate_radius_m, isActive: c.is_active === 1, sort: c.sort,
  };
}

/** Reads of cases (list, inbox, detail, track), taxonomy, departments and photos. Writes live in verb-noun files. */
export function casesService(ctx: AppContext) {
  const repo = () => casesRepository(ctx.db.kysely);

  async function accessFor(actor: Actor, caseId: string) {
    return { departmentIds: await repo().departmentsOf(actor.userId), referralDepartmentIds: (await repo().referrals(caseId)).map((r) => r.department_id) };
  }

  /** The case if the actor may see it, else 404. */
  async function visibleCase(actor: Actor, id: string): Promise<CaseTable> {
    const c = await repo().findById(id);
    if (!c || !canSeeCase(actor, c, await accessFor(actor, id))) throw new AppError('notFound');
    return c;
  }

  type Named = CaseTable & { category_name?: string | null; category_name_en?: string | null; grid_name?: string | null };
  const summary = (c: Named, nowIso: string) => summaryOf(c, { category: c.category_name, categoryEn: c.category_name_en, grid: c.grid_name }, nowIso);

  /** The list row of a case, with the names of its category and grid (no spreads: V8 copies a 54-column row slowly). */
  function summaryOf(c: CaseTable, names: { category?: string | null; categoryEn?: string | null; grid?: string | null }, nowIso: string) {
    return {
      id: c.id, number: c.number, type: c.type, title: c.title, state: c.state, tier: c.tier, channel: c.channel, priority: c.priority,
      categoryId: c.category_id, categoryName: names.category ?? null, categoryNameEn: names.categoryEn ?? null,
      gridId: c.grid_id, gridName: names.grid ?? null, address: c.address, lng: c.lng, lat: c.lat,
      isTriage: c.handling_path === '/', stage: c.stage, dueAt: c.due_at, isOverdue: Boolean(c.is_open && c.due_at && c.due_at < nowIso), overdueAt: c.overdue_at,
      createdAt: c.created_at, updatedAt: c.updated_at, version: c.version, rating: c.rating,
    };
  }

  interface DetailParts {
    category: Pick<CaseCategoryTable, 'name' | 'name_en'> | undefined;
    grid: { name: string } | undefined;
    handlingGrid: { id: string; name: string; level: string } | undefined;
    /** The grids from the root down to the location (root first). */
    place: { name: string; level: string }[];
    events: CaseEventTable[];
    referrals: Awaited<ReturnType<CasesRepository['referrals']>>;
    attachments: Awaited<ReturnType<CasesRepository['attachments']>>;
  }

  function detailView(actor: Actor, c: CaseTable, { category, grid, handlingGrid, place, events, referrals, attachments }: DetailParts) {
    const nowIso = ctx.clock.now().toISOString();
    // Object.assign onto the summary: spreading it into a new literal costs ~30 µs per case.
    return Object.assign(summaryOf(c, { category: category?.name, categoryEn: category?.name_en, grid: grid?.name }, nowIso), {
      description: c.description,
      placeNames: place.filter((p) => !['city'].includes(p.level)).map((p) => p.name),
      handlingGrid: handlingGrid ? { id: handlingGrid.id, name: handlingGrid.name, level: handlingGrid.level as GridLevel } : null,
      reporterName: c.reporter_name,
      reporterPhone: c.reporter_phone_enc ? maskPhone(ctx.cipher.decrypt(c.reporter_phone_enc)) : null,
      limits: JSON.parse(c.limits),
      fiveEarly: { discoveredAt: c.discovered_at, assessedAt: c.assessed_at, intervenedAt: c.intervened_at, resolvedAt: c.resolved_at, acceptedAt: c.accepted_at },
      closedAt: c.closed_at, closedVia: c.closed_via, feedback: c.feedback, ratedAt: c.rated_at,
      reworkCount: c.rework_count, escalationCount: c.escalation_count, reopenCount: c.reopen_count, lowestTier: c.lowest_tier,
      isSkippedLevel: c.is_skipped_level === 1, isCriminalRisk: c.is_criminal_risk === 1, mergedIntoId: c.merged_into_id,
      pendingRequest: c.pending_request ? JSON.parse(c.pending_request) : null,
      timeline: events.map((e) => ({ seq: e.seq, action: e.action, from: e.from_state, to: e.to_state, fromTier: e.from_tier, toTier: e.to_tier, actorName: e.actor_name, actorRole: e.actor_role, note: e.note, data: e.data ? JSON.parse(e.data) : null, at: e.at })),
      referrals: referrals.map((r) => ({ id: r.id, departmentId: r.department_id, departmentName: r.name, departmentNameEn: r.name_en, state: r.state, requestedAt: r.requested_at, dueAt: r.due_at, isOverdue: r.state !== 'responded' && r.due_at < nowIso, acknowledgedAt: r.acknowledged_at, respondedAt: r.responded_at, response: r.response })),
      photos: attachments.map((a) => ({ id: a.id, kind: a.kind, mime: a.mime, size: a.size, width: a.width, height: a.height, url: `/api/cases/photos/${a.id}`, thumbUrl: `/api/cases/photos/${a.id}?thumb=true`, at: a.created_at })),
      allowedActions: allowedActions(actor, c),
    });
  }

  return {
    visibleCase,

    async list(actor: Actor | undefined, filter: Omit<CaseListFilter, 'underPath'> & { grid?: string }) {
      requirePermission(actor, 'case.read');
      let under: string | undefined;
      if (filter.grid) {
        const grid = await ctx.db.kysely.selectFrom('grids').select('path').where('id', '=', filter.grid).executeTakeFirst();
        if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
        under = grid.path;
      }
      const nowIso = ctx.clock.now().toISOString();
      const { items, total } = await repo().list(actor, seesTriage(actor), { ...filter, underPath: under }, nowIso);
      return { items: items.map((c) => summary(c, nowIso)), total };
    },

    /** Cases I reported, newest first (residents' "my reports"). */
    async mine(actor: Actor | undefined, page: { limit: number; offset: number }) {
      if (!actor) throw new AppError('unauthenticated');
      const nowIso = ctx.clock.now().toISOString();
      const q = ctx.db.kysely.selectFrom('cases').where('reporter_user_id', '=', actor.userId);
      const [rows, total] = await Promise.all([
        q.leftJoin('case_categories', 'case_categories.id', 'cases.category_id').leftJoin('grids', 'grids.id', 'cases.grid_id').selectAll('cases').select(['case_categories.name as category_name', 'case_categories.name_en as category_name_en', 'grids.name as grid_name']).orderBy('cases.created_at', 'desc').limit(page.limit).offset(page.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map((c) => summary(c, nowIso)), total: Number(total.n) };
    },

    /** My tasks: open cases at my tier under my subtrees by deadline, and referrals to my departments. */
    async inbox(actor: Actor | undefined, limit = 100) {
      if (!actor) throw new AppError('unauthenticated');
      const nowIso = ctx.clock.now().toISOString();
      const tier = roleTier[actor.role];
      let paths = actor.scopePaths;
      if (actor.isGlobal) paths = (await ctx.db.kysely.selectFrom('grids').select('path').where('parent_id', 'is', null).execute()).map((g) => g.path);
      // City-level staff also hold the triage queue of cases outside every grid.
      if (tier === 'city' && seesTriage(actor)) paths = ['/', ...paths];
      const cases = tier && isStaff(actor) ? await repo().inbox(tier, paths, limit) : [];
      const departments = await repo().departmentsOf(actor.userId);
      const referrals = await repo().referralInbox(departments, limit);
      return {
        tier: tier ?? null,
        cases: cases.map((c) => ({ id: c.id, number: c.number, title: c.title, type: c.type, state: c.state, tier: c.tier, stage: c.stage, dueAt: c.due_at, isOverdue: Boolean(c.due_at && c.due_at < nowIso), address: c.address, createdAt: c.created_at, priority: c.priority, version: c.version, hasPendingRequest: c.pending_request !== null })),
        referrals: referrals.map((r) => ({ referralId: r.referral_id, referralState: r.referral_state, dueAt: r.referral_due_at, isOverdue: r.referral_due_at < nowIso, departmentName: r.department_name, caseId: r.id, number: r.number, title: r.title, state: r.state, address: r.address, createdAt: r.created_at })),
      };
    },

    /** Staff see cases in their subtree; a reporter sees their own; a department sees what was referred to it. */
    async get(actor: Actor | undefined, id: string) {
      if (!actor) throw new AppError('unauthenticated');
      const c = await visibleCase(actor, id);
      return this.detail(actor, c);
    },

    /** Full view of a case for those who may see it: the log, referrals, photos and the actions offered to this actor. */
    async detail(actor: Actor, c: CaseTable) {
      const [category, grid, handlingGrid, events, referrals, attachments] = await Promise.all([
        repo().category(c.category_id),
        c.grid_id ? ctx.db.kysely.selectFrom('grids').select(['id', 'name', 'level', 'path']).where('id', '=', c.grid_id).executeTakeFirst() : undefined,
        c.handling_grid_id ? ctx.db.kysely.selectFrom('grids').select(['id', 'name', 'level']).where('id', '=', c.handling_grid_id).executeTakeFirst() : undefined,
        repo().events(c.id),
        repo().referrals(c.id),
        repo().attachments(c.id),
      ]);
      const codes = (c.grid_path ?? '').split('/').filter(Boolean);
      const place = codes.length ? await ctx.db.kysely.selectFrom('grids').select(['name', 'level']).where('code', 'in', codes).orderBy('depth').execute() : [];
      return detailView(actor, c, { category, grid, handlingGrid, place, events, referrals, attachments });
    },

    /**
     * The detail of a case this actor has just reported, from what the intake wrote (no read
     * back): a new case has its one log entry, no referrals, and photos only if some were given.
     * The same answer as `get` — including 404 if the reporter may not see it.
     */
    async created(actor: Actor, created: CreatedCase) {
      const { row: c, event, category, places, hasPhotos } = created;
      if (!canSeeCase(actor, c, { departmentIds: [], referralDepartmentIds: [] })) return this.get(actor, c.id);
      const grid = c.grid_id ? places.find((p) => p.id === c.grid_id) : undefined;
      const handlingGrid = c.handling_grid_id ? places.find((p) => p.id === c.handling_grid_id) : undefined;
      // Anything not at hand (never expected) is read as `get` would.
      if ((c.grid_id && !grid) || (c.handling_grid_id && !handlingGrid) || category.id !== c.category_id) return this.get(actor, c.id);
      const attachments = hasPhotos ? await repo().attachments(c.id) : [];
      return detailView(actor, c, { category, grid, handlingGrid, place: c.grid_path ? places : [], events: [event], referrals: [], attachments });
    },

    /**
     * A reporter without an account follows a case by its number and the last four digits of the
     * phone they gave: state, place and a timeline without staff names.
     */
    async track(number: string, last4: string) {
      const c = await repo().findByNumber(number.trim());
      if (!c || !c.reporter_phone_last4 || c.reporter_phone_last4 !== last4.trim()) throw new AppError('notFound', { errors: [{ field: 'number', reason: 'trackMismatch' }] });
      const [category, events] = await Promise.all([repo().category(c.category_id), repo().events(c.id)]);
      return {
        number: c.number, title: c.title, categoryName: category?.name ?? null, categoryNameEn: category?.name_en ?? null, state: c.state, address: c.address,
        createdAt: c.created_at, closedAt: c.closed_at, rating: c.rating, feedback: c.feedback, canRate: c.state === 'closed',
        timeline: events.filter((e) => !['comment'].includes(e.action)).map((e) => ({ action: e.action, to: e.to_state, toTier: e.to_tier, at: e.at, note: ['reportBack', 'reject', 'report'].includes(e.action) ? e.note : null })),
        caseId: c.id,
      };
    },

    /** Same category within its radius and the last 14 days: suggested duplicates at intake. */
    async duplicates(actor: Actor | undefined, input: { categoryId: string; lng: number; lat: number }) {
      const category = await repo().category(input.categoryId);
      if (!category) throw invalidField('categoryId', 'unknownCategory', { value: input.categoryId });
      const radius = Math.max(category.duplicate_radius_m, 10);
      const since = new Date(ctx.clock.now().getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000).toISOString();
      const dLat = radius / METRES_PER_DEGREE_LAT;
      const dLng = dLat / Math.cos((input.lat * Math.PI) / 180);
      const rows = await repo().nearby(category.id, input.lng, input.lat, dLng, dLat, since);
      return {
        radiusM: radius,
        items: rows
          .map((r) => ({ id: r.id, number: r.number, title: r.title, state: r.state, createdAt: r.created_at, distanceM: Math.round(distanceM(input.lng, input.lat, r.lng!, r.lat!)) }))
          .filter((r) => r.distanceM <= radius)
          .map((r) => (actor && isStaff(actor) ? r : { ...r, id: undefined, title: undefined })),
      };
    },

    async categories() {
      const rows = await repo().categories();
      const groups = rows.filter((r) => !r.parent_id);
      return { items: groups.map((g) => ({ ...categoryView(g), children: rows.filter((r) => r.parent_id === g.id).map(categoryView) })) };
    },

    /** Edits a category's defaults and limits; open cases keep the limits they were registered under. */
    async updateCategory(actor: Actor | undefined, id: string, input: Partial<{ name: string; nameEn: string; defaultType: CaseTable['type']; defaultTier: Tier; accept: { amount: number; unit: 'workingHours' | 'workingDays' }; dispatch: { amount: number; unit: 'workingHours' | 'workingDays' }; handle: { amount: number; unit: 'workingHours' | 'workingDays' }; duplicateRadiusM: number; isActive: boolean }>) {
      requirePermission(actor, 'taxonomy.write');
      const existing = await repo().category(id);
      if (!existing) throw new AppError('notFound');
      const now = ctx.clock.now();
      const patch: Partial<CaseCategoryTable> = { updated_at: now.toISOString() };
      if (input.name) patch.name = input.name;
      if (input.nameEn) patch.name_en = input.nameEn;
      if (input.defaultType) patch.default_type = input.defaultType;
      if (input.defaultTier) patch.default_tier = input.defaultTier;
      if (input.accept) Object.assign(patch, { accept_limit: input.accept.amount, accept_unit: input.accept.unit });
      if (input.dispatch) Object.assign(patch, { dispatch_limit: input.dispatch.amount, dispatch_unit: input.dispatch.unit });
      if (input.handle) Object.assign(patch, { handle_limit: input.handle.amount, handle_unit: input.handle.unit });
      if (input.duplicateRadiusM !== undefined) patch.duplicate_radius_m = input.duplicateRadiusM;
      if (input.isActive !== undefined) patch.is_active = input.isActive ? 1 : 0;
      await transaction(ctx.db, async (trx) => {
        await trx.updateTable('case_categories').set(patch).where('id', '=', id).execute();
        await recordAudit(trx, actor, now, { action: 'category.update', recordType: 'caseCategory', recordId: id, details: input as Record<string, unknown> });
      });
      return categoryView((await repo().category(id))!);
    },

    async departments() {
      const rows = await repo().departments();
      return { items: rows.map((d) => ({ id: d.id, code: d.code, name: d.name, nameEn: d.name_en, kind: d.kind, responseHours: d.response_hours })) };
    },

    /** Stores uploaded photos (not yet part of a case); the case or the action that uses them links them. */
    async uploadPhotos(actor: Actor | undefined, files: Buffer[]) {
      const now = ctx.clock.now();
      const stored = [];
      for (const [i, buf] of files.entries()) {
        try {
          stored.push(await storePhoto(ctx.config.dataDir, buf, now));
        } catch (error) {
          if (error instanceof AppError) throw new AppError(error.code, { errors: error.errors.map((e) => ({ ...e, field: `photos/${i}` })) });
          throw error;
        }
      }
      const items = [];
      for (const s of stored) {
        const id = newId();
        await repo().insertAttachment({ id, case_id: null, event_id: null, kind: 'report', mime: s.mime, size: s.size, sha256: s.sha256, file: s.file, thumb: s.thumb, width: s.width, height: s.height, uploaded_by: actor?.userId ?? null, created_at: now.toISOString() });
        items.push({ id, mime: s.mime, size: s.size, width: s.width, height: s.height, url: `/api/cases/photos/${id}`, thumbUrl: `/api/cases/photos/${id}?thumb=true` });
      }
      return { items };
    },

    /** A photo for those who may see its case (or who uploaded it, before it is attached). */
    async photo(actor: Actor | undefined, id: string, isThumb: boolean) {
      if (!actor) throw new AppError('unauthenticated');
      const a = await repo().findAttachment(id);
      if (!a) throw new AppError('notFound');
      if (a.case_id) {
        if (!actor) throw new AppError('unauthenticated');
        await visibleCase(actor, a.case_id);
      } else if (!actor || a.uploaded_by !== actor.userId) throw new AppError('notFound');
      const file = path.join(ctx.config.dataDir, isThumb ? a.thumb : a.file);
      if (!fs.existsSync(file)) throw new AppError('notFound');
      return { stream: fs.createReadStream(file), mime: isThumb ? 'image/jpeg' : a.mime };
    },

    /** For the track page: the reporter who proved ownership may rate or dispute. */
    async trackedCaseId(number: string, last4: string): Promise<string> {
      const c = await repo().findByNumber(number.trim());
      if (!c || !c.reporter_phone_last4 || c.reporter_phone_last4 !== last4.trim()) throw new AppError('notFound', { errors: [{ field: 'number', reason: 'trackMismatch' }] });
      return c.id;
    },

    receipt(id: string) {
      return repo().receipt(id);
    },

    normalizeReporterPhone(phone: string | undefined) {
      return phone ? normalizePhone(phone) : null;
    },
  };
}

export type CasesService = ReturnType<typeof casesService>;
export type { CaseState };
