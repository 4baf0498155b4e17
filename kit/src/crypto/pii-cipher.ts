import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal identifiers at rest (X-5, TN-7.5): AES-256-GCM for the value, HMAC-SHA-256 for look-up.
 *
 * Both keys are derived from one 32-byte master key with HKDF, so configuration holds one secret and
 * the look-up hash can never be used to decrypt. The stored form names its key version, so a later
 * key rotation can re-encrypt row by row while both keys are configured.
 */
export interface PiiCipher {
  /** `k1.<iv>.<ciphertext>.<tag>`, base64url; a fresh random IV each time. */
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Deterministic keyed hash of the normalized value: equal identifiers hash equal, nothing else leaks. */
  hash(plain: string): string;
}

const KEY_VERSION = 'k1';

export function parseMasterKey(encoded: string): Buffer {
  const key = Buffer.from(encoded.trim(), 'base64');
  if (key.length !== 32) {
    throw new Error(`The data key must be 32 bytes, base64-encoded (got ${key.length} bytes); make one with: openssl rand -base64 32`);
  }
  return key;
}

export function generateMasterKey(): string {
  return randomBytes(32).toString('base64');
}

export function createPiiCipher(masterKey: Buffer): PiiCipher {
  if (masterKey.length !== 32) throw new Error('The data key must be 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const encKey = derive('webir/pii/encrypt/v1');
  const macKey = derive('webir/pii/lookup/v1');

  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [KEY_VERSION, iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    decrypt(stored) {
      const [version, iv, body, tag] = stored.split('.');
      if (version !== KEY_VERSION || iv === undefined || body === undefined || tag === undefined) {
        throw new Error(`Unreadable encrypted value (key version ${version ?? 'missing'})`);
      }
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      // GCM authenticates: a tampered value or a wrong key throws here instead of returning garbage.
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    hash(plain) {
      return createHmac('sha256', macKey).update(plain, 'utf8').digest('base64url');
    },
  };
}
