import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The request id: one per HTTP request, made (or taken from a sane incoming `x-request-id`) by the
 * HTTP front of the gateway and of each subgraph. The gateway forwards its id to the subgraphs in the
 * same header, so the gateway's log, each subgraph's log, the unmasked-read log and the error a
 * client receives all name the same request.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller may choose as an id: long enough not to collide by accident, short, and nothing
 * that could forge a log line (no spaces, no control characters). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(header: IncomingMessage['headers'][string]): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

const scope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `work` as the handling of request `requestId`; everything it calls sees that id. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return scope.run({ requestId }, work);
}

/** The id of the request being handled; `formatError` has no context, so it reads it from here. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}
