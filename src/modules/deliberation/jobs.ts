import { Cron } from 'croner';
import type { AppContext } from '../../core/context.js';
import { ensureUpcomingMeetings } from './ensure-upcoming-meetings.js';
import { remindOverdueActionItems } from './remind-overdue-action-items.js';

interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The module's daily work, at start and every day at 06:00 Beijing time: create the recurring
 * meetings of the next three months (the monthly joint meetings of the four levels among them)
 * and send the day's overdue action-item reminders. Both are safe on several instances at once.
 */
export function startDeliberationJobs(ctx: AppContext, log: JobLogger): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const run = () => {
    running = (async () => {
      const meetings = await ensureUpcomingMeetings(ctx);
      const reminders = await remindOverdueActionItems(ctx);
      if (meetings.created || reminders.reminded) log.info({ ...meetings, ...reminders }, 'deliberation: meetings planned ahead, overdue reminders sent');
    })()
      .catch((error: unknown) => log.error({ err: error }, 'deliberation daily job failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const job = new Cron('0 6 * * *', { timezone: 'Asia/Shanghai', protect: true, unref: true }, run);
  void run();
  return {
    async stop() {
      job.stop();
      await running;
    },
  };
}
