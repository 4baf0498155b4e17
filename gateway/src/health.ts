/**
 * What each subgraph's /health says (its own status and its database's), asked in parallel.
 * /health is public: it says only whether each part is up, never where it is (URLs) nor why it is
 * not (error text); those go to the gateway's log.
 */
export interface SubgraphHealth {
  status: 'ok' | 'error';
  database?: 'ok' | 'error';
}

export async function checkSubgraphs(urls: Map<string, string>, timeoutMs = 2000): Promise<Record<string, SubgraphHealth>> {
  const entries = await Promise.all(
    [...urls].map(async ([name, url]): Promise<[string, SubgraphHealth]> => {
      const healthUrl = new URL('/health', url).toString();
      try {
        const res = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await res.json()) as { status?: string; database?: string };
        const status = res.ok && body.status === 'ok' ? 'ok' : 'error';
        if (status !== 'ok') console.error(`gateway: /health of subgraph ${name} (${healthUrl}) answered ${res.status}: ${JSON.stringify(body)}`);
        return [name, { status, ...(body.database ? { database: body.database === 'ok' ? 'ok' : 'error' } : {}) }];
      } catch (error) {
        console.error(`gateway: /health of subgraph ${name} (${healthUrl}) failed: ${(error as Error).message}`);
        return [name, { status: 'error' }];
      }
    }),
  );
  return Object.fromEntries(entries);
}
