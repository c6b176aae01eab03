import { transaction } from '../../db/index.js';
import { writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { localDay } from './recurrence.js';
import { deliberationRepository } from './repository.js';

/**
 * Sends one `actionItem.overdue` event a day through the outbox for each open action item past its
 * deadline (the notification dispatcher tells its owner and the body). Safe with several
 * instances: the day's reminder is claimed by a conditional update before the event is written.
 */
export async function remindOverdueActionItems(ctx: AppContext, now: Date = ctx.clock.now()): Promise<{ reminded: number }> {
  const today = localDay(now);
  let reminded = 0;
  for (;;) {
    const due = await deliberationRepository(ctx.db.kysely).overdueToRemind(today, 200);
    if (due.length === 0) break;
    for (const item of due) {
      const isClaimed = await transaction(ctx.db, async (trx) => {
        const claimed = await trx
          .updateTable('action_items')
          .set({ reminded_on: today })
          .where('id', '=', item.id)
          .where((eb) => eb.or([eb('reminded_on', 'is', null), eb('reminded_on', '<', today)]))
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return false;
        const daysOverdue = Math.round((Date.parse(today) - Date.parse(item.due_on)) / 86_400_000);
        await writeOutbox(
          trx, now, 'actionItem.overdue',
          { actionItemId: item.id, resolutionId: item.resolution_id, resolutionNumber: item.resolution_number, bodyId: item.body_id, title: item.title, ownerName: item.owner_name, ownerOrgId: item.owner_org_id, ownerMemberId: item.owner_member_id, dueOn: item.due_on, daysOverdue },
          item.grid_path,
        );
        return true;
      });
      if (isClaimed) reminded++;
    }
    if (due.length < 200) break;
  }
  return { reminded };
}
