import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, resolveMasterSecret } from './secrets.js';

describe('field cipher', () => {
  const cipher = createFieldCipher('secret-a');

  it('round-trips and never stores the same ciphertext twice', () => {
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812345678');
    expect(cipher.decrypt(a)).toBe('13812345678');
  });

  it('detects tampering and the wrong key', () => {
    const sealed = cipher.encrypt('230102198001011234');
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => createFieldCipher('secret-b').decrypt(sealed)).toThrow();
  });

  it('hashes deterministically per key for exact lookups', () => {
    expect(cipher.hash('x')).toBe(cipher.hash('x'));
    expect(cipher.hash('x')).not.toBe(createFieldCipher('secret-b').hash('x'));
  });

  it('generates a secret into DATA_DIR once and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-secret-'));
    const first = resolveMasterSecret(undefined, dir);
    expect(resolveMasterSecret(undefined, dir)).toBe(first);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(resolveMasterSecret('configured', dir)).toBe('configured');
  });
});
