import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from './request-id.ts';

/**
 * A small node:http front for Apollo Server, shared by the gateway and every subgraph: body limits,
 * CORS from an allow-list, the offline landing page and plain GET routes such as /health.
 * Apollo Server 5 ships no framework integration; this is the few dozen lines one needs.
 */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** The GraphQL request as received (POST body or GET parameters), unchecked: what a forwarded
 * identity is bound to (kit/src/identity.ts). */
export interface ReceivedOperation {
  query: unknown;
  operationName: unknown;
  variables: unknown;
}

export interface HttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (req: IncomingMessage, operation: ReceivedOperation) => Promise<TContext>;
  graphqlPath?: string;
  /** GET routes by exact path. */
  routes?: Record<string, Route>;
  /** Origins allowed to call from a browser (e.g. https://studio.apollographql.com for Sandbox). */
  corsOrigins?: string[];
  maxBodyBytes?: number;
  /** Answered to a browser's GET of `/` or of the GraphQL path. */
  landingPage?: { html: string; csp: string };
}

export const KEEP_ALIVE_MS = 65_000;

const CORS_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  REQUEST_ID_HEADER,
].join(', ');

export function createHttpServer<TContext extends BaseContext>(options: HttpOptions<TContext>): Server {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const origins = new Set(options.corsOrigins ?? []);
  const maxBody = options.maxBodyBytes ?? 1_000_000;

  const server = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    withRequestId(requestId, () => handle(req, res)).catch((error: unknown) => {
      // Only the id reaches the client; the detail goes to the log under it.
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: `Internal server error (request ${requestId})`, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
      else res.end();
      console.error(`request ${requestId}: internal error`, error);
    });
  });
  // An idle kept-alive connection is closed by its client, never by this server: a server that
  // closes first races the client reusing it, and that request dies as "socket hang up" (issue 11).
  // The gateway's client closes after 15 s (gateway/src/subgraph-fetch.ts); 65 s also outlasts the
  // 60 s idle timeout of common load balancers in front of the gateway.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  return server;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', CORS_HEADERS);
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-expose-headers', REQUEST_ID_HEADER);
      res.setHeader('access-control-max-age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }

    const route = req.method === 'GET' ? options.routes?.[url.pathname] : undefined;
    if (route) return route(req, res);

    const wantsPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !url.searchParams.has('query');
    if (options.landingPage && wantsPage && (url.pathname === '/' || url.pathname === graphqlPath)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': options.landingPage.csp, 'cache-control': 'no-store' });
      res.end(options.landingPage.html);
      return;
    }
    if (url.pathname !== graphqlPath) {
      sendJson(res, 404, { error: `Nothing at ${url.pathname}; GraphQL is at ${graphqlPath}` });
      return;
    }

    const raw = await readBody(req, maxBody);
    if (raw === null) {
      sendJson(res, 413, { errors: [{ message: `Request body over ${maxBody} bytes`, extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    let body: unknown = raw;
    if ((req.headers['content-type'] ?? '').includes('application/json') && raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(req, receivedOperation(req.method, url, body)),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

function receivedOperation(method: string | undefined, url: URL, body: unknown): ReceivedOperation {
  if (method === 'GET') {
    const variables = url.searchParams.get('variables');
    let parsed: unknown = null;
    try {
      parsed = variables === null ? null : JSON.parse(variables);
    } catch {
      parsed = undefined; // matches nothing the gateway signs; Apollo refuses the request anyway
    }
    return { query: url.searchParams.get('query'), operationName: url.searchParams.get('operationName'), variables: parsed };
  }
  const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return { query: b.query, operationName: b.operationName, variables: b.variables };
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else if (!over) chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Listens on the port (0 = any free one) and returns the URL it answers on. */
export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return { url: `http://${shown}:${address.port}`, port: address.port };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
