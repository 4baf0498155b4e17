import { Violations } from '../errors.ts';

/**
 * Cursor connections (`first`/`after`, `totalCount`) for every list that grows.
 *
 * Cursors are opaque to clients but are keyset positions to us (the sort values of the last row),
 * so a page costs one indexed range scan however deep it is, and rows inserted meanwhile neither
 * repeat nor vanish the way offsets would.
 */
export const MAX_PAGE_SIZE = 500;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<TKey extends unknown[]> {
  limit: number;
  after: TKey | null;
}

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function parsePage<TKey extends unknown[]>(args: PageArgs, keyLength: number, defaultSize = 20): Page<TKey> {
  const v = new Violations();
  const limit = args.first ?? defaultSize;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) v.add('first', `must be between 0 and ${MAX_PAGE_SIZE}`);
  let after: TKey | null = null;
  if (args.after) {
    try {
      const decoded: unknown = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8'));
      if (!Array.isArray(decoded) || decoded.length !== keyLength) throw new Error('shape');
      after = decoded as TKey;
    } catch {
      v.add('after', 'is not a cursor of this list (use an endCursor or cursor this list returned)');
    }
  }
  v.throwIfAny();
  return { limit, after };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Resolved only when asked for: a count is a second statement. */
  totalCount: () => Promise<number>;
}

/** Builds a connection from `limit + 1` fetched rows: the extra row only tells whether more exist. */
export function toConnection<T>(rows: T[], page: Page<unknown[]>, keyOf: (row: T) => unknown[], count: () => Promise<number>): Connection<T> {
  const nodes = rows.slice(0, page.limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: count,
  };
}
