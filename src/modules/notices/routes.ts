import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import { IdParams, Paged, problemResponses } from '../../core/schemas.js';
import { Board, BoardQuery, Notice, NoticeBody, NoticeListQuery, NoticePatch } from './schemas.js';
import { noticesService } from './service.js';

const tags = ['notices'];

/** Notices (公告): residents' board, staff's list, post, edit, pin, unpublish. */
export function noticeRoutes(app: App, ctx: AppContext): void {
  const notices = noticesService(ctx);

  app.get('/api/notices', { schema: { tags, summary: 'Current notices of your grid and every grid above it, pinned first', querystring: BoardQuery, response: { 200: Board, ...problemResponses } } }, (req) => notices.board(req.actor, req.query.limit));
  app.get('/api/notices/manage', { schema: { tags, summary: 'Staff: every notice posted in your subtrees, with filters', querystring: NoticeListQuery, response: { 200: Paged(Notice), ...problemResponses } } }, (req) => notices.list(req.actor, req.query));
  app.get('/api/notices/:id', { schema: { tags, summary: 'One notice', params: IdParams, response: { 200: Notice, ...problemResponses } } }, (req) => notices.get(req.actor, req.params.id));
  app.post('/api/notices', { schema: { tags, summary: 'Post a notice to a grid in your subtree (a later publishedAt schedules it)', body: NoticeBody, response: { 201: Notice, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await notices.post(req.actor, req.body)),
  );
  app.patch('/api/notices/:id', { schema: { tags, summary: 'Edit, pin or unpin a notice', params: IdParams, body: NoticePatch, response: { 200: Notice, ...problemResponses } } }, (req) => notices.edit(req.actor, req.params.id, req.body));
  app.post('/api/notices/:id/unpublish', { schema: { tags, summary: 'Take a notice off residents\' boards', params: IdParams, response: { 200: Notice, ...problemResponses } } }, (req) => notices.unpublish(req.actor, req.params.id));
  app.post('/api/notices/:id/publish', { schema: { tags, summary: 'Put an unpublished notice back', params: IdParams, response: { 200: Notice, ...problemResponses } } }, (req) => notices.republish(req.actor, req.params.id));
}
