import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../context.js';
import { problemResponses } from '../schemas.js';
import { CalendarDateParams, CalendarDay, CalendarDayBody, CalendarYear, CalendarYearQuery, Deadline, DeadlineQuery, WorkingHours } from './schemas.js';
import { calendarService } from './service.js';

const tags = ['calendar'];

/** The business calendar (工作日历): holidays, make-up workdays, working hours and deadlines. */
export function calendarRoutes(app: App, ctx: AppContext): void {
  const calendar = calendarService(ctx);

  app.get('/api/calendar', { schema: { tags, summary: 'One year of holidays and make-up workdays, with the working hours', querystring: CalendarYearQuery, response: { 200: CalendarYear, ...problemResponses } } }, (req) =>
    calendar.year(req.actor, req.query.year),
  );
  app.get('/api/calendar/deadline', { schema: { tags, summary: 'Working hours or working days after a start (business calendar)', querystring: DeadlineQuery, response: { 200: Deadline, ...problemResponses } } }, (req) =>
    calendar.deadline(req.actor, req.query),
  );
  app.put('/api/calendar/days/:date', { schema: { tags, summary: 'Set a holiday (weekday) or make-up workday (weekend) (admin)', params: CalendarDateParams, body: CalendarDayBody, response: { 200: CalendarDay, ...problemResponses } } }, (req) =>
    calendar.putDay(req.actor, req.params.date, req.body),
  );
  app.delete('/api/calendar/days/:date', { schema: { tags, summary: 'Make a day ordinary again (admin)', params: CalendarDateParams, response: { 204: Type.Null(), ...problemResponses } } }, async (req, reply) => {
    await calendar.deleteDay(req.actor, req.params.date);
    return reply.status(204).send(null);
  });
  app.put('/api/calendar/working-hours', { schema: { tags, summary: 'Set the working hours of every working day (admin)', body: WorkingHours, response: { 200: WorkingHours, ...problemResponses } } }, (req) =>
    calendar.putWorkingHours(req.actor, req.body),
  );
}
