import { createHmac, randomBytes } from 'node:crypto';

/**
 * The monthly sample of queries (TN-8.1), drawn so that anyone can draw it again.
 *
 * Size: every record when there are fewer than 10; otherwise at least 10 and at least 3 % (rounded
 * up). Draw: each record's key is HMAC-SHA-256(seed, record id) in hex; the records with the
 * smallest keys are the sample. The seed is recorded with the sample, so an auditor holding the
 * same records and the seed redraws exactly the same sample, and nobody choosing the sample can
 * steer it without changing the recorded seed.
 */
export const SAMPLE_MIN_RECORDS = 10;
export const SAMPLE_MIN_RATE = 0.03;

export function sampleSize(total: number): number {
  if (!Number.isInteger(total) || total < 0) throw new RangeError('total must be a whole number of records');
  if (total < SAMPLE_MIN_RECORDS) return total;
  return Math.max(SAMPLE_MIN_RECORDS, Math.ceil(total * SAMPLE_MIN_RATE));
}

export function newSeed(): string {
  return randomBytes(16).toString('hex');
}

export function drawKey(seed: string, recordId: string): string {
  return createHmac('sha256', seed).update(recordId).digest('hex');
}

/** The ids of the sample, in draw order. Independent of the order the ids are given in. */
export function drawSample(seed: string, recordIds: readonly string[]): string[] {
  const n = sampleSize(recordIds.length);
  return recordIds
    .map((id) => ({ id, key: drawKey(seed, id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, n)
    .map((r) => r.id);
}
