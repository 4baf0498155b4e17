import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

/**
 * The gateway's HTTP client for subgraphs: kept-alive connections that the gateway, not the
 * subgraph, closes when idle.
 *
 * Why (issue 11, "socket hang up" under 200 clients): Apollo Gateway's stock fetcher keeps idle
 * connections with no idle timeout of its own, and Node's agent then ignores the subgraph's
 * `Keep-Alive: timeout=5` hint (it only ever lowers an idle timeout that is set). It also hands out
 * the connection that has been idle longest first (FIFO). So under load the gateway reused
 * connections the subgraph was closing after Node's 5 s default: the request met a closed socket and
 * the whole answer became `data: null`. Here the gateway closes a connection after IDLE_MS idle,
 * well before the subgraphs do (kit's server keeps them 65 s), and reuses the most recently used one
 * first (LIFO), so surplus connections age out on the gateway's side.
 */
export const IDLE_MS = 15_000;

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

const agentOptions = { keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' as const, maxFreeSockets: 64 };

export function createSubgraphFetcher(): Fetcher & { destroy(): void } {
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);

  const fetcher = (url: string, init: Parameters<Fetcher>[1] = {}) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(target, { method: init.method ?? 'GET', headers: init.headers ?? {}, agent: secure ? https : http }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const status = res.statusCode ?? 502;
          // A null body is required for the statuses that carry none.
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers }));
        });
      });
      req.on('error', reject);
      if (init.signal) (init.signal as AbortSignal).addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true });
      req.end(init.body);
    });
  return Object.assign(fetcher as unknown as Fetcher, {
    destroy() {
      http.destroy();
      https.destroy();
    },
  });
}
