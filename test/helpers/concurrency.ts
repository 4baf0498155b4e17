import { expect } from 'vitest';
import type { GraphQLResponse } from './client.ts';

/**
 * Concurrency tests need a server that runs requests side by side: PGlite serves one connection, so
 * every statement is serialised and no race can happen there. They run when DATABASE_URL is set.
 */
export const onPostgres = Boolean(process.env.DATABASE_URL);

/** Fires `n` calls at the same moment (all started before any is awaited). */
export async function burst<T>(n: number, call: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => call(i)));
}

/** The one outcome a rule allows: exactly one call succeeded, every other answered with one of `codes`, none with HTTP 500. */
export function expectOneWinner(responses: GraphQLResponse[], codes: string[]): GraphQLResponse {
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s !== 200), JSON.stringify(responses.filter((r) => r.status !== 200))).toEqual([]);
  const winners = responses.filter((r) => !r.errors);
  const losers = responses.filter((r) => r.errors);
  expect(winners.length, JSON.stringify(losers.map((r) => r.errors))).toBe(1);
  for (const r of losers) {
    expect(r.errors!.length).toBe(1);
    expect(codes, JSON.stringify(r.errors)).toContain(r.errors![0]!.extensions?.code);
    // A person reads it: no SQL, no constraint names.
    expect(r.errors![0]!.message).not.toMatch(/insert|update|select|duplicate key|constraint|_uq\b|violates/i);
  }
  return winners[0]!;
}
