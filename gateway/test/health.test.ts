import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { closeServer, listen } from '@webir/kit';
import { checkSubgraphs } from '../src/health.ts';

describe('subgraph health', () => {
  it('reports a subgraph that answers ok and one that is down', async () => {
    const up = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', database: 'ok' }));
    });
    const { url } = await listen(up, 0);
    const down = createServer();
    const { url: downUrl } = await listen(down, 0);
    await closeServer(down);
    try {
      const health = await checkSubgraphs(new Map([['core', `${url}/graphql`], ['gone', `${downUrl}/graphql`]]), 1000);
      expect(health.core).toEqual({ status: 'ok', url: `${url}/graphql`, database: 'ok' });
      expect(health.gone!.status).toBe('error');
      expect(health.gone!.error).toBeTruthy();
    } finally {
      await closeServer(up);
    }
  });
});
