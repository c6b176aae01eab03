import { transaction } from '../../db/index.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { invalidField } from '../../core/errors.js';
import { translate } from '../../core/i18n.js';
import { newId } from '../../core/ids.js';
import { checkWechatSignature } from '../cases/receive-wechat-push.js';
import { servicesRepository } from './repository.js';
import { parseWechatXml, wechatTextReply } from './wechat-xml.js';
import { topicOf } from './wechat-topics.js';

export interface ReceiveWechatConsultationOptions {
  ctx: AppContext;
  signature: { signature: string; timestamp: string; nonce: string };
  /** The raw XML WeChat posted. */
  xml: string;
}

/** What residents quote when they call about a WeChat question: 咨询 and the tail of its id. */
export const consultationReceipt = (id: string) => `ZX${id.replace(/-/g, '').slice(-10).toUpperCase()}`;

/**
 * A message to the public account becomes a consultation (channel `wechat`): the signature is
 * checked as for case pushes, a text (or recognised voice) message is filed under a topic by
 * keyword and placed at the service alliance's grid, where the hall answers it; a redelivered
 * MsgId finds the consultation it made the first time. The answer is WeChat's passive XML reply
 * with the receipt number. Other messages get a hint and create nothing; events get `success`.
 */
export async function receiveWechatConsultation({ ctx, signature, xml }: ReceiveWechatConsultationOptions): Promise<string> {
  checkWechatSignature(ctx, signature);
  const msg = parseWechatXml(xml);
  if (!msg) throw invalidField('body', 'invalidWechatXml');
  for (const field of ['ToUserName', 'FromUserName', 'MsgType']) if (!msg[field]) throw invalidField(field, 'required');
  const now = ctx.clock.now();
  const reply = (key: string, params: Record<string, string> = {}) =>
    wechatTextReply({ toUser: msg.FromUserName!, fromUser: msg.ToUserName!, createdAt: now, content: translate('zh-CN', `services.wechat.${key}`, params) });
  if (msg.MsgType === 'event') return 'success';
  const question = (msg.MsgType === 'text' ? msg.Content : msg.MsgType === 'voice' ? msg.Recognition : undefined)?.trim();
  if (!question || question.length < 2) return reply('textOnly');
  if (!msg.MsgId) throw invalidField('MsgId', 'required');
  if (question.length > 2000) throw invalidField('Content', 'tooLong');

  const externalId = `wechat:${msg.MsgId}`;
  const repo = servicesRepository(ctx.db.kysely);
  const seen = await repo.consultationByExternalId(externalId);
  if (seen) return reply('received', { receipt: consultationReceipt(seen.id) });
  const grid = await repo.wechatGrid();
  if (!grid) throw invalidField('grid', 'noAllianceGrid');
  const id = newId();
  const topic = topicOf(question);
  try {
    await transaction(ctx.db, async (trx) => {
      await trx.insertInto('consultations').values({
        id, channel: 'wechat', topic, question, answer: null, status: 'open', case_id: null, asked_by: null, asker_name: `wx:${msg.FromUserName!.slice(0, 8)}`,
        grid_id: grid.id, grid_path: grid.path, handled_by: null, created_at: now.toISOString(), answered_at: null, external_id: externalId,
      }).execute();
      await recordAudit(trx, null, now, { action: 'consultation.create', recordType: 'consultation', recordId: id, gridPath: grid.path, details: { channel: 'wechat' } });
      await writeOutbox(trx, now, 'consultation.created', { consultationId: id, topic }, grid.path);
    });
  } catch (error) {
    // The same message delivered twice at once: the unique message id lets one in; the other answers with its receipt.
    const first = await repo.consultationByExternalId(externalId);
    if (!first) throw error;
    return reply('received', { receipt: consultationReceipt(first.id) });
  }
  return reply('received', { receipt: consultationReceipt(id) });
}
