import { expect } from 'vitest';
/** A GraphQL call over real HTTP, as a frontend would make it. */
export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  init: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** The codes of a response's errors, for assertions. */
export const codes = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.code);

/**
 * Refused with the one code the rule names, and only it. One code, never a choice: a test that
 * accepts either of two outcomes cannot tell which one the graph gives.
 */
export function expectCode(res: GraphQLResponse, code: string): void {
  expect(codes(res), JSON.stringify(res.errors)).toEqual([code]);
}
