import { describe, expect, it } from 'vitest';
import { createPiiCipher, generateMasterKey, parseMasterKey } from '../src/crypto/pii-cipher.ts';

const key = parseMasterKey(generateMasterKey());

describe('X-5 personal identifiers encrypted at rest (AES-256-GCM)', () => {
  const cipher = createPiiCipher(key);

  it('round-trips and never stores the plain value', () => {
    const stored = cipher.encrypt('A123456789');
    expect(stored).not.toContain('A123456789');
    expect(stored.startsWith('k1.')).toBe(true);
    expect(cipher.decrypt(stored)).toBe('A123456789');
  });

  it('uses a fresh IV: the same value encrypts differently each time', () => {
    expect(cipher.encrypt('A123456789')).not.toBe(cipher.encrypt('A123456789'));
  });

  it('refuses a tampered ciphertext instead of returning garbage', () => {
    const [v, iv, body, tag] = cipher.encrypt('A123456789').split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => cipher.decrypt([v, iv, flipped.toString('base64url'), tag].join('.'))).toThrow();
  });

  it('refuses to decrypt with another key', () => {
    const other = createPiiCipher(parseMasterKey(generateMasterKey()));
    expect(() => other.decrypt(cipher.encrypt('A123456789'))).toThrow();
  });

  it('hashes deterministically per key, so look-ups work and other keys do not match', () => {
    expect(cipher.hash('A123456789')).toBe(cipher.hash('A123456789'));
    expect(cipher.hash('A123456789')).not.toBe(cipher.hash('A123456780'));
    expect(createPiiCipher(parseMasterKey(generateMasterKey())).hash('A123456789')).not.toBe(cipher.hash('A123456789'));
  });

  it('rejects a master key of the wrong length with a message saying how to make one', () => {
    expect(() => parseMasterKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes.*openssl rand/);
  });

  it('refuses a stored value of an unknown key version', () => {
    expect(() => cipher.decrypt('k9.a.b.c')).toThrow(/key version k9/);
  });
});
