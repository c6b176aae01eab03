import crypto from 'node:crypto';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { createCase } from './create-case.js';
import { casesRepository } from './repository.js';

/** The token WeChat signs its pushes with: derived from the deployment secret, shown to admins. */
export function wechatToken(ctx: AppContext): string {
  return ctx.cipher.hash('wechat-webhook-token').slice(0, 32);
}

/** WeChat's signature: sha1 of the sorted token, timestamp and nonce; anything else is 403 `invalidSignature`. Shared by every WeChat endpoint. */
export function checkWechatSignature(ctx: AppContext, signature: { signature: string; timestamp: string; nonce: string }): void {
  const expected = crypto.createHash('sha1').update([wechatToken(ctx), signature.timestamp, signature.nonce].sort().join('')).digest('hex');
  const given = Buffer.from(signature.signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, Buffer.from(expected))) throw new AppError('forbidden', { errors: [{ field: 'signature', reason: 'invalidSignature' }] });
}

export interface ReceiveWechatPushOptions {
  ctx: AppContext;
  signature: { signature: string; timestamp: string; nonce: string };
  message: { msgId: string; openId: string; content: string; categoryCode?: string; lng?: number; lat?: number; address?: string; phone?: string };
}

/**
 * A WeChat-style push becomes a case: the signature (sha1 of the sorted token, timestamp and
 * nonce) is checked first, a redelivered message id returns the same case, and a message
 * without a category waits as 待分类 (without a place, in the triage queue).
 */
export async function receiveWechatPush({ ctx, signature, message }: ReceiveWechatPushOptions) {
  checkWechatSignature(ctx, signature);
  const repo = casesRepository(ctx.db.kysely);
  const code = message.categoryCode ?? 'other.unclassified';
  const category = await repo.categoryByCode(code);
  const { id, isReplay } = await createCase({
    ctx, actor: undefined, channel: 'wechat', idempotencyKey: `wechat:${message.msgId}`,
    input: { categoryId: category?.id ?? code, description: message.content, lng: message.lng, lat: message.lat, address: message.address, reporterName: `wx:${message.openId.slice(0, 8)}`, reporterPhone: message.phone },
  });
  const c = await repo.receipt(id);
  return { number: c.number, state: c.state, isReplay };
}
