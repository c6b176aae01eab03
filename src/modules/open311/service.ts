import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { translate } from '../../core/i18n.js';
import type { Actor } from '../../core/scope.js';
import { createCase } from '../cases/create-case.js';
import { canSeeCase } from '../cases/policy.js';
import type { CaseState, CaseTable } from '../cases/tables.js';
import { Open311Error } from './format.js';

/** Open311's two statuses, and mySociety's update extension for the finer ones. */
export function open311Status(state: CaseState): 'open' | 'closed' {
  return ['closed', 'rated', 'rejected', 'merged'].includes(state) ? 'closed' : 'open';
}

export function externalStatus(state: CaseState): string {
  const map: Record<CaseState, string> = {
    reported: 'FOR_TRIAGE', accepted: 'INVESTIGATING', registered: 'INVESTIGATING', dispatched: 'ACTION_SCHEDULED', handling: 'IN_PROGRESS',
    reportedBack: 'IN_PROGRESS', verified: 'FIXED', closed: 'FIXED', rated: 'FIXED', rejected: 'NOT_COUNCILS_RESPONSIBILITY', merged: 'DUPLICATE', suspended: 'ACTION_SCHEDULED',
  };
  return map[state];
}

const MAX_DAYS = 90;

/** The GeoReport v2 facade over categories and cases. */
export function open311Service(ctx: AppContext) {
  const db = ctx.db.kysely;

  async function services() {
    const rows = await db.selectFrom('case_categories as c').innerJoin('case_categories as g', 'g.id', 'c.parent_id').select(['c.code', 'c.name', 'c.name_en', 'g.name as group_name']).where('c.is_active', '=', 1).orderBy('c.sort').execute();
    return rows.map((r) => ({ service_code: r.code, service_name: r.name, description: r.name_en, metadata: false, type: 'realtime', keywords: r.name_en.toLowerCase(), group: r.group_name }));
  }

  function requestView(c: CaseTable & { category_code: string; category_name: string; handling_name: string | null }, locale: 'zh-CN' | 'en') {
    return {
      service_request_id: c.number,
      status: open311Status(c.state),
      status_notes: translate(locale, `open311.state.${c.state}`),
      service_name: c.category_name,
      service_code: c.category_code,
      description: c.description,
      agency_responsible: c.handling_name ?? translate(locale, 'open311.triage'),
      service_notice: null,
      requested_datetime: c.created_at,
      updated_datetime: c.updated_at,
      expected_datetime: c.due_at,
      address: c.address,
      address_id: null,
      zipcode: null,
      lat: c.lat,
      long: c.lng,
      media_url: null,
    };
  }

  function baseQuery() {
    return db
      .selectFrom('cases')
      .innerJoin('case_categories', 'case_categories.id', 'cases.category_id')
      .leftJoin('grids as hg', 'hg.id', 'cases.handling_grid_id')
      .selectAll('cases')
      .select(['case_categories.code as category_code', 'case_categories.name as category_name', 'hg.name as handling_name']);
  }

  return {
    services,

    async service(code: string) {
      const all = await services();
      if (!all.some((s) => s.service_code === code)) throw new Open311Error(404, [{ code: 404, description: `service_code not found: ${code}` }]);
      return { service_code: code, attributes: [] };
    },

    /** POST requests: needs an API key of a user who may report; answers the case number as the request id. */
    async createRequest(actor: Actor | undefined, form: Record<string, string>) {
      if (!actor) throw new Open311Error(403, [{ code: 403, description: 'api_key missing or invalid' }]);
      const errors: { code: number; description: string }[] = [];
      if (!form.service_code) errors.push({ code: 400, description: 'service_code is required' });
      const lat = form.lat ? Number(form.lat) : undefined;
      const lng = form.long ? Number(form.long) : undefined;
      if ((lat === undefined || lng === undefined || Number.isNaN(lat) || Number.isNaN(lng)) && !form.address_string) errors.push({ code: 400, description: 'a location is required: lat and long, or address_string' });
      if (form.description && form.description.length > 4000) errors.push({ code: 400, description: 'description must be at most 4000 characters' });
      const category = form.service_code ? await db.selectFrom('case_categories').select('id').where('code', '=', form.service_code).where('parent_id', 'is not', null).executeTakeFirst() : undefined;
      if (form.service_code && !category) errors.push({ code: 400, description: `unknown service_code: ${form.service_code}` });
      if (errors.length) throw new Open311Error(400, errors);
      const name = [form.last_name, form.first_name].filter(Boolean).join('');
      try {
        const { id } = await createCase({
          ctx, actor, channel: 'open311', idempotencyKey: form.device_id && form.token ? `open311:${form.device_id}:${form.token}` : undefined,
          input: { categoryId: category!.id, description: form.description || form.service_code, lng: Number.isFinite(lng) ? lng : undefined, lat: Number.isFinite(lat) ? lat : undefined, address: form.address_string || undefined, reporterName: name || undefined, reporterPhone: form.phone || undefined },
        });
        const c = await db.selectFrom('cases').select(['number']).where('id', '=', id).executeTakeFirstOrThrow();
        return [{ service_request_id: c.number, service_notice: null, account_id: null }];
      } catch (error) {
        if (error instanceof AppError) throw new Open311Error(error.status === 403 ? 403 : 400, (error.errors.length ? error.errors : [{ field: 'request', reason: error.code }]).map((e) => ({ code: 400, description: `${e.field}: ${translate('en', `reasons.${e.reason}`, e.params ?? {})}` })));
        throw error;
      }
    },

    /** GET requests: the caller's scope (by API key), the last 90 days or 1000 requests by default. */
    async listRequests(actor: Actor | undefined, query: Record<string, string>, locale: 'zh-CN' | 'en') {
      if (!actor) throw new Open311Error(403, [{ code: 403, description: 'api_key missing or invalid' }]);
      let q = baseQuery();
      if (query.service_request_id) {
        q = q.where('cases.number', 'in', query.service_request_id.split(',').map((s) => s.trim()).filter(Boolean));
      } else {
        const end = query.end_date ? new Date(query.end_date) : ctx.clock.now();
        const start = query.start_date ? new Date(query.start_date) : new Date(end.getTime() - MAX_DAYS * 86_400_000);
        if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw new Open311Error(400, [{ code: 400, description: 'start_date and end_date must be W3C datetimes' }]);
        if (end.getTime() - start.getTime() > MAX_DAYS * 86_400_000) throw new Open311Error(400, [{ code: 400, description: 'the span between start_date and end_date may not exceed 90 days' }]);
        q = q.where('cases.created_at', '>=', start.toISOString()).where('cases.created_at', '<=', end.toISOString());
        if (query.service_code) q = q.where('case_categories.code', 'in', query.service_code.split(','));
        if (query.status === 'open') q = q.where('cases.state', 'not in', ['closed', 'rated', 'rejected', 'merged']);
        if (query.status === 'closed') q = q.where('cases.state', 'in', ['closed', 'rated', 'rejected', 'merged']);
      }
      const pageSize = Math.min(Number(query.page_size) || 1000, 1000);
      const page = Math.max(Number(query.page) || 1, 1);
      const rows = await q.orderBy('cases.created_at', 'desc').limit(pageSize * page + 200).execute();
      const visible = [];
      for (const r of rows) if (canSeeCase(actor, r, { departmentIds: [], referralDepartmentIds: [] })) visible.push(r);
      return visible.slice((page - 1) * pageSize, page * pageSize).map((r) => requestView(r, locale));
    },

    async request(actor: Actor | undefined, number: string, locale: 'zh-CN' | 'en') {
      const list = await this.listRequests(actor, { service_request_id: number }, locale);
      if (list.length === 0) throw new Open311Error(404, [{ code: 404, description: `service_request_id not found: ${number}` }]);
      return list;
    },

    /** mySociety's update extension: one update per logged action, in the caller's scope. */
    async updates(actor: Actor | undefined, query: Record<string, string>, locale: 'zh-CN' | 'en') {
      if (!actor) throw new Open311Error(403, [{ code: 403, description: 'api_key missing or invalid' }]);
      const end = query.end_date ? new Date(query.end_date) : ctx.clock.now();
      const start = query.start_date ? new Date(query.start_date) : new Date(end.getTime() - 86_400_000);
      const rows = await db
        .selectFrom('case_events')
        .innerJoin('cases', 'cases.id', 'case_events.case_id')
        .select(['case_events.id', 'case_events.action', 'case_events.to_state', 'case_events.note', 'case_events.at', 'cases.number', 'cases.grid_path', 'cases.handling_path', 'cases.reporter_user_id'])
        .where('case_events.at', '>=', start.toISOString())
        .where('case_events.at', '<=', end.toISOString())
        .orderBy('case_events.at')
        .limit(5000)
        .execute();
      return rows
        .filter((r) => canSeeCase(actor, r, { departmentIds: [], referralDepartmentIds: [] }))
        .map((r) => ({
          update_id: r.id,
          service_request_id: r.number,
          status: open311Status(r.to_state),
          updated_datetime: r.at,
          description: r.note ?? translate(locale, `open311.state.${r.to_state}`),
          media_url: null,
          external_status_code: externalStatus(r.to_state),
        }));
    },
  };
}
