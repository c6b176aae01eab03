import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import { IdParams, Paged, problemResponses } from '../../core/schemas.js';
import { claimWish } from './claim-wish.js';
import { ClaimBody, ConfirmBody, DeliverBody, ReasonBody, VerifyBody, Wish, WishCreateBody, WishListQuery, WishRanking, WishTotals } from './schemas.js';
import { wishesService } from './service.js';

const tags = ['wishes'];

/** Micro-wishes (W1): post, verify, claim, deliver, confirm; totals and rankings. */
export function wishRoutes(app: App, ctx: AppContext): void {
  const wishes = wishesService(ctx);
  const one = { params: IdParams, response: { 200: Wish, ...problemResponses } };

  app.get('/api/wishes', { schema: { tags, summary: 'Wishes in your scope (published ones for residents and party members)', querystring: WishListQuery, response: { 200: Paged(Wish), ...problemResponses } } }, (req) =>
    wishes.list(req.actor, { status: req.query.status as never, isMine: req.query.mine, limit: req.query.limit, offset: req.query.offset }),
  );
  app.post('/api/wishes', { schema: { tags, summary: 'Post a wish (a resident for themself, staff on a resident\'s behalf)', body: WishCreateBody, response: { 201: Wish, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await wishes.post(req.actor, req.body)),
  );
  app.get('/api/wishes/totals', { schema: { tags, summary: 'Fulfilled wishes and the value delivered, in your scope', response: { 200: WishTotals, ...problemResponses } } }, (req) => wishes.totals(req.actor));
  app.get('/api/wishes/rankings', { schema: { tags, summary: 'Claimants ranked by fulfilled wishes', querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }), response: { 200: WishRanking, ...problemResponses } } }, (req) =>
    wishes.rankings(req.actor, req.query.limit),
  );
  app.get('/api/wishes/:id', { schema: { tags, summary: 'A wish, with the beneficiary masked unless it concerns you', ...one } }, (req) => wishes.get(req.actor, req.params.id));
  app.post('/api/wishes/:id/verify', { schema: { tags, summary: 'The community verifies or rejects (with a reason) a posted wish', ...one, body: VerifyBody } }, (req) =>
    wishes.verify(req.actor, req.params.id, req.body.decision, req.body.reason),
  );
  app.post('/api/wishes/:id/claim', { schema: { tags, summary: 'Claim a published wish; one live claim per wish (409 for the second)', ...one, body: ClaimBody } }, async (req) => {
    await claimWish({ ctx, actor: req.actor, wishId: req.params.id, partyOrgId: req.body.partyOrgId });
    return wishes.get(req.actor, req.params.id);
  });
  app.post('/api/wishes/:id/cancel-claim', { schema: { tags, summary: 'The claimant gives the wish back; it reopens', ...one, body: ReasonBody } }, (req) =>
    wishes.cancelClaim(req.actor, req.params.id, req.body.reason),
  );
  app.post('/api/wishes/:id/revoke-claim', { schema: { tags, summary: 'The community revokes the live claim; the wish reopens', ...one, body: ReasonBody } }, (req) =>
    wishes.revokeClaim(req.actor, req.params.id, req.body.reason),
  );
  app.post('/api/wishes/:id/deliver', { schema: { tags, summary: 'The claimant delivers, with photo evidence and the actual value', ...one, body: DeliverBody } }, (req) =>
    wishes.deliver(req.actor, req.params.id, req.body),
  );
  app.post('/api/wishes/:id/confirm', { schema: { tags, summary: 'The beneficiary confirms receipt and may thank the claimant', ...one, body: ConfirmBody } }, (req) =>
    wishes.confirm(req.actor, req.params.id, req.body.thanks),
  );
  app.post('/api/wishes/:id/withdraw', { schema: { tags, summary: 'The poster (or staff in scope) withdraws an unclaimed wish', ...one } }, (req) => wishes.withdraw(req.actor, req.params.id));
}
