import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Field encryption for personal data: AES-256-GCM with a random nonce per value, plus a keyed
 * HMAC-SHA256 "blind index" so exact lookups (by identity number or phone) work without
 * decrypting every row. Both keys are derived from one master secret.
 */
export interface FieldCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Deterministic keyed hash for exact-match lookup. */
  hash(plain: string): string;
}

export function createFieldCipher(masterSecret: string): FieldCipher {
  const encKey = Buffer.from(crypto.hkdfSync('sha256', masterSecret, 'gridgov', 'field-encryption', 32));
  const macKey = Buffer.from(crypto.hkdfSync('sha256', masterSecret, 'gridgov', 'blind-index', 32));
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed.slice(3), 'base64');
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    hash(plain) {
      return crypto.createHmac('sha256', macKey).update(plain).digest('base64url');
    },
  };
}

/**
 * The master secret: GRIDGOV_SECRET when set, otherwise a random one generated into
 * `<dataDir>/secret.key` on first start (mode 0600) and reused after.
 */
export function resolveMasterSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** SHA-256 of a bearer secret (session tokens, API keys) as stored in the database. */
export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}
