export * from './errors.ts';
export * from './crypto/pii-cipher.ts';
