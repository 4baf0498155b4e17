import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeServer, createHttpServer, KEEP_ALIVE_MS, listen } from '@webir/kit';
import { createSubgraphFetcher } from '../src/subgraph-fetch.ts';

/**
 * Issue 11, "socket hang up" under 200 clients: the gateway reused kept-alive connections that the
 * subgraph was closing. The side that closes an idle connection must be the gateway, the client.
 */

/** How the server saw its one connection end: closed by the client (its FIN came first), or by itself. */
function firstConnectionEnd(server: Server): Promise<'client' | 'server'> {
  return new Promise((resolve) => {
    server.once('connection', (socket: Socket) => {
      let clientEnded = false;
      socket.once('end', () => (clientEnded = true));
      socket.once('close', () => resolve(clientEnded ? 'client' : 'server'));
    });
  });
}

describe("the gateway's connections to subgraphs", () => {
  it('close when idle on the gateway side before a subgraph with Node\'s default 5 s keep-alive closes them', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":{}}');
    });
    server.keepAliveTimeout = 5000;
    const { url } = await listen(server, 0);
    const fetcher = createSubgraphFetcher();
    try {
      const ended = firstConnectionEnd(server);
      const res = await fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(await res.json()).toEqual({ data: {} });
      expect(await ended).toBe('client');
    } finally {
      fetcher.destroy();
      await closeServer(server);
    }
  }, 15_000);

  it("are kept by kit's server (every subgraph's) for 65 s, announced as Keep-Alive: timeout=65, longer than the gateway keeps them idle", async () => {
    const http = createHttpServer({ apollo: null as never, context: async () => ({}), routes: { '/health': (_req, res) => void res.end('ok') } });
    const { url } = await listen(http, 0);
    try {
      const fetcher = createSubgraphFetcher();
      const res = await fetcher(`${url}/health`);
      expect(res.headers.get('keep-alive')).toBe('timeout=65');
      expect(http.keepAliveTimeout).toBe(KEEP_ALIVE_MS);
      fetcher.destroy();
    } finally {
      await closeServer(http);
    }
  });
});
