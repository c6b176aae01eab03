import { maskPhone } from '../people/identity.js';

/**
 * A text-message gateway (阿里云短信, 腾讯云短信…): a template code approved with the carrier and
 * its parameters. Deployments plug in their own; gridgov ships only the logging one.
 */
export interface SmsProvider {
  send(phone: string, templateCode: string, params: Record<string, string>): Promise<void>;
}

export interface SmsLogEntry {
  sms: 'log provider: not sent';
  phone: string;
  templateCode: string;
  params: Record<string, string>;
}

/**
 * The default provider: writes one JSON log line per message and sends nothing. The phone is
 * masked in the log. `write` defaults to a line on stdout; the server passes its logger.
 */
export class LogSmsProvider implements SmsProvider {
  constructor(private readonly write: (entry: SmsLogEntry) => void = (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`)) {}

  async send(phone: string, templateCode: string, params: Record<string, string>): Promise<void> {
    this.write({ sms: 'log provider: not sent', phone: maskPhone(phone), templateCode, params });
  }
}
