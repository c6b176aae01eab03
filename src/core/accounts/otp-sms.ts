import fs from 'node:fs';
import { LogSmsProvider, type SmsLogEntry, type SmsProvider } from '../notifications/sms.js';

/** The template of a sign-in code text (`{{code}}`, valid `{{minutes}}` minutes), as approved with the carrier. */
export const OTP_TEMPLATE = 'auth.otp';

/**
 * The provider sign-in codes go through. gridgov ships only the log provider: it sends nothing,
 * writes the message (with the code, the phone masked) to the server log at `warn` so it shows at
 * every usual log level, and, when `smsLogFile` is set, appends the same JSON line to that file —
 * how a developer or the e2e journeys read a code. A city plugs its gateway in instead.
 */
export function otpSmsProvider(options: { log: (entry: SmsLogEntry) => void; smsLogFile?: () => string | undefined }): SmsProvider {
  return new LogSmsProvider((entry) => {
    options.log(entry);
    const file = options.smsLogFile?.();
    if (file) fs.appendFileSync(file, `${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`);
  });
}
