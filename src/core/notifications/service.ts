import { requirePermission } from '../accounts/policy.js';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { transaction } from '../../db/index.js';
import { AppError, invalidField } from '../errors.js';
import { translate, type Locale } from '../i18n.js';
import { newId } from '../ids.js';
import type { Actor } from '../scope.js';
import { randomToken } from '../secrets.js';
import { notificationsRepository } from './repository.js';
import { isFlagOn } from './schemas.js';
import type { Database } from '../../db/schema.js';

/** The title of a notification in a language: by who is told (reason) and what happened (topic). */
export function notificationTitle(locale: Locale, topic: string, params: Record<string, unknown>): string {
  const values = Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<string, string | number>;
  const reason = typeof params.reason === 'string' ? params.reason : 'team';
  const group = reason === 'reporter' || reason === 'mergedReporter' ? 'reporter' : reason === 'department' ? 'department' : 'team';
  for (const key of [`notifications.${group}.${topic}`, `notifications.team.${topic}`]) {
    const text = translate(locale, key, values);
    if (text !== key) return text;
  }
  return translate(locale, 'notifications.default', { ...values, topic });
}

function webhookView(w: Database['webhooks']) {
  return { id: w.id, url: w.url, topics: JSON.parse(w.topics) as string[], isActive: w.is_active === 1, createdAt: w.created_at };
}

/** The caller's in-app inbox, and webhook subscriptions (admin). */
export function notificationsService(ctx: AppContext) {
  const repo = () => notificationsRepository(ctx.db.kysely);

  return {
    async inbox(actor: Actor | undefined, locale: Locale, query: { unread?: boolean | '1' | '0'; limit: number; offset: number }) {
      requirePermission(actor, 'notification.read');
      const page = await repo().inbox(actor.userId, { isUnreadOnly: isFlagOn(query.unread), limit: query.limit, offset: query.offset });
      return {
        items: page.items.map((n) => {
          const params = JSON.parse(n.params) as Record<string, unknown>;
          return { id: n.id, topic: n.topic, caseId: n.case_id, title: notificationTitle(locale, n.topic, params), params, readAt: n.read_at, createdAt: n.created_at };
        }),
        total: page.total,
        unread: page.unread,
      };
    },

    /** Someone else's notification answers 404, as if it did not exist. */
    async markRead(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'notification.read');
      if (!(await repo().markRead(actor.userId, id, ctx.clock.now().toISOString()))) throw new AppError('notFound');
    },

    async markAllRead(actor: Actor | undefined) {
      requirePermission(actor, 'notification.read');
      return { marked: await repo().markAllRead(actor.userId, ctx.clock.now().toISOString()) };
    },

    async webhooks(actor: Actor | undefined) {
      requirePermission(actor, 'webhook.manage');
      return { items: (await repo().webhooks()).map(webhookView) };
    },

    /** Subscribes a URL to topics; the signing secret is returned this once and stored encrypted. */
    async createWebhook(actor: Actor | undefined, input: { url: string; topics: string[] }) {
      requirePermission(actor, 'webhook.manage');
      let url: URL;
      try {
        url = new URL(input.url);
      } catch {
        throw invalidField('url', 'webhookUrl');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidField('url', 'webhookUrl');
      const secret = `whsec_${randomToken(24)}`;
      const now = ctx.clock.now();
      const row = { id: newId(), url: url.toString(), secret: ctx.cipher.encrypt(secret), topics: JSON.stringify([...new Set(input.topics)]), is_active: 1, created_at: now.toISOString() };
      await transaction(ctx.db, async (trx) => {
        await notificationsRepository(trx).insertWebhook(row);
        await recordAudit(trx, actor, now, { action: 'webhook.create', recordType: 'webhook', recordId: row.id, details: { url: row.url, topics: JSON.parse(row.topics) } });
      });
      return { ...webhookView(row), secret };
    },

    async deleteWebhook(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'webhook.manage');
      const hook = await repo().findWebhook(id);
      if (!hook || !hook.is_active) throw new AppError('notFound');
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await notificationsRepository(trx).deactivateWebhook(id, now.toISOString());
        await recordAudit(trx, actor, now, { action: 'webhook.delete', recordType: 'webhook', recordId: id, details: { url: hook.url } });
      });
    },

    /**
     * Delivery log of one webhook. Webhooks are not part of any grid, so a staff member who may
     * not manage them is told 403 for one that exists and 404 for one that does not, like any
     * other record outside their reach.
     */
    async deliveries(actor: Actor | undefined, id: string, query: { status?: string; limit: number; offset: number }) {
      if (!actor) throw new AppError('unauthenticated');
      const hook = await repo().findWebhook(id);
      if (!hook) throw new AppError('notFound');
      requirePermission(actor, 'webhook.manage');
      const page = await repo().deliveries(id, query);
      return {
        items: page.items.map((d) => ({ id: d.id, outboxId: d.outbox_id, topic: d.topic, status: d.status, attempts: d.attempts, nextAttemptAt: d.next_attempt_at, lastStatus: d.last_status, lastError: d.last_error, createdAt: d.created_at })),
        total: page.total,
      };
    },
  };
}
