/**
 * The XML of the WeChat public-account message API: a flat `<xml>` element whose children are
 * text or CDATA. Only that shape is read, so no general XML parser (and none of its entity or
 * DTD handling) is needed.
 */
export function parseWechatXml(text: string): Record<string, string> | null {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(text);
  if (!root) return null;
  const out: Record<string, string> = {};
  const child = /<([A-Za-z][A-Za-z0-9_]*)>((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)<\/\1>/g;
  for (let m = child.exec(root[1]!); m; m = child.exec(root[1]!)) out[m[1]!] = charData(m[2]!);
  return out;
}

/** Character data: CDATA sections verbatim (several in a row join up), the rest with entities decoded. */
function charData(content: string): string {
  return content.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/).map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decode(part))).join('');
}

const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };
const decode = (s: string) => s.replace(/&(?:lt|gt|amp|quot|apos);/g, (e) => entities[e]!);

/** A CDATA section that stays one even when the text holds `]]>`. */
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** The passive text reply WeChat shows the sender (被动回复用户消息, MsgType text). */
export function wechatTextReply(input: { toUser: string; fromUser: string; createdAt: Date; content: string }): string {
  return `<xml><ToUserName>${cdata(input.toUser)}</ToUserName><FromUserName>${cdata(input.fromUser)}</FromUserName><CreateTime>${Math.floor(input.createdAt.getTime() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(input.content)}</Content></xml>`;
}
