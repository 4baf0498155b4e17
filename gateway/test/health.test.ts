import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { closeServer, listen } from '@webir/kit';
import { checkSubgraphs } from '../src/health.ts';

describe('subgraph health', () => {
  it('reports a subgraph that answers ok, one whose database fails and one that is down, by status only (no URL, no error text)', async () => {
    const up = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', database: 'ok' }));
    });
    const { url } = await listen(up, 0);
    const failing = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', database: 'connect ECONNREFUSED db.internal:5432' }));
    });
    const { url: failingUrl } = await listen(failing, 0);
    const down = createServer();
    const { url: downUrl } = await listen(down, 0);
    await closeServer(down);
    try {
      const health = await checkSubgraphs(new Map([['core', `${url}/graphql`], ['sick', `${failingUrl}/graphql`], ['gone', `${downUrl}/graphql`]]), 1000);
      expect(health).toEqual({ core: { status: 'ok', database: 'ok' }, sick: { status: 'error', database: 'error' }, gone: { status: 'error' } });
    } finally {
      await closeServer(up);
      await closeServer(failing);
    }
  });
});
