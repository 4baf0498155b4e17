/** What each subgraph's /health says (its own status and its database's), asked in parallel. */
export interface SubgraphHealth {
  status: 'ok' | 'error';
  url: string;
  database?: string;
  error?: string;
}

export async function checkSubgraphs(urls: Map<string, string>, timeoutMs = 2000): Promise<Record<string, SubgraphHealth>> {
  const entries = await Promise.all(
    [...urls].map(async ([name, url]): Promise<[string, SubgraphHealth]> => {
      const healthUrl = new URL('/health', url).toString();
      try {
        const res = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await res.json()) as { status?: string; database?: string };
        return [name, { status: res.ok && body.status === 'ok' ? 'ok' : 'error', url, ...(body.database ? { database: body.database } : {}) }];
      } catch (error) {
        return [name, { status: 'error', url, error: (error as Error).message }];
      }
    }),
  );
  return Object.fromEntries(entries);
}
