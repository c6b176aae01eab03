import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** SQL of the in-app inbox and the webhook subscriptions. The inbox is always one user's. */
export function notificationsRepository(db: Kysely<Database>) {
  return {
    async inbox(userId: string, page: { isUnreadOnly: boolean; limit: number; offset: number }) {
      let q = db.selectFrom('notifications').where('user_id', '=', userId);
      if (page.isUnreadOnly) q = q.where('read_at', 'is', null);
      const [items, total, unread] = await Promise.all([
        q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('notifications').where('user_id', '=', userId).where('read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n), unread: Number(unread.n) };
    },
    async markRead(userId: string, id: string, at: string): Promise<boolean> {
      const found = await db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      if (!found) return false;
      await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
      return true;
    },
    async markAllRead(userId: string, at: string): Promise<number> {
      const result = await db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    webhooks() {
      return db.selectFrom('webhooks').selectAll().where('is_active', '=', 1).orderBy('created_at').execute();
    },
    findWebhook(id: string) {
      return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertWebhook(row: Database['webhooks']) {
      return db.insertInto('webhooks').values(row).execute();
    },
    /** Turns a webhook off; its pending deliveries will never be sent. History stays. */
    async deactivateWebhook(id: string, at: string) {
      await db.updateTable('webhooks').set({ is_active: 0 }).where('id', '=', id).execute();
      await db.updateTable('webhook_deliveries').set({ status: 'failed', last_error: 'webhook deleted', next_attempt_at: at }).where('webhook_id', '=', id).where('status', '=', 'pending').execute();
    },
    async deliveries(webhookId: string, page: { status?: string; limit: number; offset: number }) {
      let q = db.selectFrom('webhook_deliveries').where('webhook_deliveries.webhook_id', '=', webhookId);
      if (page.status) q = q.where('webhook_deliveries.status', '=', page.status as never);
      const [items, total] = await Promise.all([
        q.innerJoin('outbox', 'outbox.id', 'webhook_deliveries.outbox_id').selectAll('webhook_deliveries').select('outbox.topic').orderBy('webhook_deliveries.created_at', 'desc').orderBy('webhook_deliveries.id', 'desc').limit(page.limit).offset(page.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
  };
}
