import type { FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../context.js';
import { addStrings } from '../i18n.js';
import { problemResponses } from '../schemas.js';
import type { Actor } from '../scope.js';
import otpEn from './otp-locales/en.json' with { type: 'json' };
import otpZh from './otp-locales/zh-CN.json' with { type: 'json' };
import { OtpRequestBody, OtpRequestResult, OtpVerifyBody } from './otp-schemas.js';
import { otpService } from './otp-service.js';
import { otpSmsProvider } from './otp-sms.js';
import { LoginResult, type Me } from './schemas.js';

const tags = ['accounts'];

/** Phone sign-in: ask for a code, then trade it for a session (the same cookie and CSRF token as a password sign-in). */
export function otpRoutes(
  app: App,
  ctx: AppContext,
  helpers: { me(actor: Actor, csrfToken: string): Promise<Static<typeof Me>>; setSessionCookie(reply: FastifyReply, token: string): void },
): void {
  addStrings({ 'zh-CN': otpZh, en: otpEn });
  const sms = otpSmsProvider({ log: (entry) => app.log.warn(entry, 'sms'), smsLogFile: () => ctx.config.smsLogFile });
  const otp = otpService(ctx, { sms, actorFor: app.accounts.actorFor });

  app.post(
    '/api/auth/otp/request',
    {
      config: { skipCsrf: true },
      schema: {
        tags,
        summary: 'Text a six-digit sign-in code to a phone (6 an hour per phone; 429 after)',
        description: 'Answers the same for any well-formed number, registered or not. The code lives 5 minutes and survives 4 wrong tries.',
        security: [],
        body: OtpRequestBody,
        response: { 202: OtpRequestResult, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(202).send(await otp.request({ phone: req.body.phone, ip: req.ip })),
  );

  app.post(
    '/api/auth/otp/verify',
    {
      config: { skipCsrf: true },
      schema: {
        tags,
        summary: 'Sign in with a texted code: sets the session cookie and returns a bearer token',
        description: 'The resident account of the person registered with this phone; made on the first sign-in, scoped to the compound of their home. An unregistered phone gets 404 and no account.',
        security: [],
        body: OtpVerifyBody,
        response: { 200: LoginResult, ...problemResponses },
      },
    },
    async (req, reply) => {
      const result = await otp.verify({ phone: req.body.phone, code: req.body.code.trim(), locale: req.locale });
      helpers.setSessionCookie(reply, result.token);
      return { token: result.token, csrfToken: result.csrfToken, expiresAt: result.expiresAt, user: await helpers.me(result.actor, result.csrfToken) };
    },
  );
}
