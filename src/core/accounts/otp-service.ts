import crypto from 'node:crypto';
import { hash as argonHash } from '@node-rs/argon2';
import { transaction } from '../../db/index.js';
import type { Role } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import { newId } from '../ids.js';
import type { SmsProvider } from '../notifications/sms.js';
import { maskPhone, normalizePhone } from '../people/identity.js';
import { randomToken, tokenHash } from '../secrets.js';
import type { Actor } from '../scope.js';
import { accountsRepository } from './repository.js';
import { otpRepository } from './otp-repository.js';
import { OTP_TEMPLATE } from './otp-sms.js';
import { SESSION_TTL_MS } from './service.js';

export const OTP_TTL_MS = 5 * 60 * 1000;
/** Wrong guesses a code survives; the fifth wrong one kills it. */
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_WINDOW_MS = 60 * 60 * 1000;
/** Codes one phone may ask for in the window; the next request gets 429. */
export const OTP_PER_PHONE = 6;
/**
 * Codes one client address may ask for in the window. A service-hall kiosk or a carrier's shared
 * address serves many residents, so this is generous; it stops one machine from texting a whole
 * district.
 */
export const OTP_PER_ADDRESS = 30;

/** Accounts a phone code may open. Staff accounts govern other people's data and sign in with a password. */
const OTP_ROLES: readonly Role[] = ['resident', 'partyMember'];

function requirePhone(raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone) throw invalidField('phone', 'phoneFormat');
  return phone;
}

function minutesUntilFree(oldestIso: string, nowMs: number): number {
  return Math.max(1, Math.ceil((new Date(oldestIso).getTime() + OTP_WINDOW_MS - nowMs) / 60_000));
}

/**
 * Phone sign-in with a one-time code (SPEC S3). A code is sent to any well-formed mainland number,
 * registered or not, so the request reveals nothing; only the holder of the phone, after proving it
 * with the code, learns whether the number is on a household's register.
 */
export function otpService(ctx: AppContext, deps: { sms: SmsProvider; actorFor: (userId: string) => Promise<Actor | undefined> }) {
  const repo = () => otpRepository(ctx.db.kysely);
  const codeHash = (id: string, code: string) => ctx.cipher.hash(`otp:${id}:${code}`);

  /** The resident account behind a phone: an existing one, or one made now for a registered resident. */
  async function accountFor(phoneHash: string, locale: string, now: Date): Promise<string> {
    const persons = await repo().personsWithPhone(phoneHash);
    if (persons.length === 0) throw new AppError('notFound', { errors: [{ field: 'phone', reason: 'phoneNotRegistered' }] });
    const accounts = await repo().accountsOfPersons(persons.map((p) => p.id));
    const usable = accounts.filter((a) => a.is_active === 1 && OTP_ROLES.includes(a.role));
    if (usable.length > 0) {
      // A shared family phone with several accounts: the one used last.
      usable.sort((a, b) => (b.last_login_at ?? '').localeCompare(a.last_login_at ?? ''));
      return usable[0].id;
    }
    if (accounts.some((a) => a.is_active === 1)) throw new AppError('forbidden', { errors: [{ field: 'phone', reason: 'otpStaffAccount' }] });
    // A switched-off account stays off: no new one is made beside it.
    if (accounts.length > 0) throw new AppError('forbidden', { errors: [{ field: 'phone', reason: 'accountDisabled' }] });

    // A shared family phone without an account: the household head if among them, else the first registered.
    const person = persons.find((p) => p.head_person_id === p.id) ?? persons[0];
    const homeGridId = person.household_grid_id ?? person.grid_id;
    if (!homeGridId) throw new AppError('notFound', { errors: [{ field: 'phone', reason: 'phoneNotRegistered' }] });
    // Residents are scoped to their grid unit, the compound of their home (as the demo resident is).
    let grid = await repo().gridById(homeGridId);
    while (grid && (grid.level === 'building' || grid.level === 'stairwell') && grid.parent_id) grid = await repo().gridById(grid.parent_id);
    if (!grid) throw new AppError('notFound', { errors: [{ field: 'phone', reason: 'phoneNotRegistered' }] });

    const id = newId();
    const username = `resident-${person.id}`;
    // Nobody knows this password: the account signs in by phone until someone sets one.
    const passwordHash = await argonHash(randomToken(24));
    const at = now.toISOString();
    try {
      await transaction(ctx.db, async (trx) => {
        await accountsRepository(trx).insertUser({ id, username, display_name: person.name, password_hash: passwordHash, role: 'resident', person_id: person.id, locale, is_active: 1, created_at: at, updated_at: at, last_login_at: null });
        await accountsRepository(trx).insertScopes(id, [grid.id]);
        await recordAudit(trx, { userId: id, username }, now, { action: 'user.create', recordType: 'user', recordId: id, gridPath: grid.path, details: { username, role: 'resident', via: 'otp' } });
      });
      return id;
    } catch (error) {
      // Two first sign-ins at once: the other one made the account.
      const existing = await accountsRepository(ctx.db.kysely).findUserByUsername(username);
      if (existing) return existing.id;
      throw error;
    }
  }

  return {
    /** Sends a six-digit code to the phone unless it or the caller's address asked too often this hour. */
    async request(input: { phone: string; ip: string }): Promise<{ sentTo: string; expiresAt: string; resendAfterSeconds: number }> {
      const phone = requirePhone(input.phone);
      const now = ctx.clock.now();
      const since = new Date(now.getTime() - OTP_WINDOW_MS).toISOString();
      const phoneHash = ctx.cipher.hash(phone);
      const ipHash = ctx.cipher.hash(`ip:${input.ip}`);
      const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
      const id = newId();
      const expiresAt = new Date(now.getTime() + OTP_TTL_MS).toISOString();
      // Counted and written in one transaction, so requests at the same moment cannot all pass
      // the count: SQLite runs one transaction at a time, PostgreSQL waits on a lock per phone
      // and one per address (always in that order).
      await transaction(ctx.db, async (trx) => {
        const otp = otpRepository(trx);
        if (ctx.db.dialect === 'postgres') await otp.lockFor([`otp:phone:${phoneHash}`, `otp:ip:${ipHash}`]);
        const byPhone = await otp.requestsForPhone(phoneHash, since);
        if (byPhone.length >= OTP_PER_PHONE) {
          const minutes = minutesUntilFree(byPhone[0].created_at, now.getTime());
          throw new AppError('tooManyAttempts', { params: { minutes }, errors: [{ field: 'phone', reason: 'otpTooMany', params: { count: OTP_PER_PHONE, minutes } }] });
        }
        const byAddress = await otp.requestsFromAddress(ipHash, since);
        if (byAddress.length >= OTP_PER_ADDRESS) throw new AppError('tooManyAttempts', { params: { minutes: minutesUntilFree(byAddress[0].created_at, now.getTime()) } });
        await otp.retireOpenCodes(phoneHash, now.toISOString());
        await otp.insertCode({ id, phone_hash: phoneHash, ip_hash: ipHash, code_hash: codeHash(id, code), created_at: now.toISOString(), expires_at: expiresAt, attempts: 0, consumed_at: null });
      });
      try {
        await deps.sms.send(phone, OTP_TEMPLATE, { code, minutes: String(OTP_TTL_MS / 60_000) });
      } catch {
        throw new AppError('unavailable');
      }
      return { sentTo: maskPhone(phone), expiresAt, resendAfterSeconds: 60 };
    },

    /**
     * Checks the code and opens a session exactly as a password sign-in does. A wrong code says how
     * many tries are left; the fifth wrong one kills the code.
     */
    async verify(input: { phone: string; code: string; locale: string }): Promise<{ token: string; csrfToken: string; actor: Actor; expiresAt: string }> {
      const phone = requirePhone(input.phone);
      if (!/^\d{6}$/.test(input.code)) throw invalidField('code', 'otpFormat');
      const now = ctx.clock.now();
      const phoneHash = ctx.cipher.hash(phone);
      const row = await repo().latestOpenCode(phoneHash);
      if (!row || row.expires_at <= now.toISOString() || row.attempts >= OTP_MAX_ATTEMPTS) throw invalidField('code', 'otpExpired');

      const expected = Buffer.from(row.code_hash);
      const given = Buffer.from(codeHash(row.id, input.code));
      const isRight = expected.length === given.length && crypto.timingSafeEqual(expected, given);
      if (!isRight) {
        if (!(await repo().countWrongGuess(row.id, OTP_MAX_ATTEMPTS))) throw invalidField('code', 'otpExpired');
        const left = OTP_MAX_ATTEMPTS - Number((await repo().attemptsOf(row.id))?.attempts ?? OTP_MAX_ATTEMPTS);
        throw left > 0 ? invalidField('code', 'otpWrong', { left }) : invalidField('code', 'otpExhausted');
      }
      if (!(await repo().consume(row.id, now.toISOString(), OTP_MAX_ATTEMPTS))) throw invalidField('code', 'otpExpired');

      const userId = await accountFor(phoneHash, input.locale, now);
      const user = await accountsRepository(ctx.db.kysely).findUserById(userId);
      const token = randomToken();
      const csrfToken = randomToken(18);
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
      await transaction(ctx.db, async (trx) => {
        await accountsRepository(trx).insertSession({ id: tokenHash(token), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt });
        await accountsRepository(trx).touchLogin(userId, now.toISOString());
        await recordAudit(trx, { userId, username: user!.username }, now, { action: 'auth.login', recordType: 'user', recordId: userId, details: { via: 'otp' } });
      });
      const actor = await deps.actorFor(userId);
      if (!actor) throw new AppError('forbidden');
      return { token, csrfToken, actor, expiresAt };
    },
  };
}

export type OtpService = ReturnType<typeof otpService>;
