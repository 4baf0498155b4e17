import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { currentRequestId } from '../http/request-id.ts';

/**
 * What of an error a client may see (issue 11, "Input that should never be stored"). An error raised
 * on purpose to tell the caller something — a DomainError of errors.ts, a limit of the gateway, a
 * malformed query or variable — keeps its message and code. Anything else (a database error, a bug,
 * a network failure between gateway and subgraph) may carry SQL and its parameters, a stack, a
 * driver's text or an internal URL: the client gets a generic message with its code and the request
 * id, and the detail goes to the server log under that id. Every error carries the request id.
 */
export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';

/** Codes Apollo Server and graphql-js give errors about the request the client wrote: their messages
 * describe the client's query or variables, whatever error they wrap (a scalar's parser, say). */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** The codes of kit's DomainError (../errors.ts), whose messages are written for the caller. */
const DOMAIN_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'RULE_VIOLATION']);

/** An address (http://10.0.0.5:4002/graphql, postgres://…) in a message is internal whatever raised it. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/\S/i;

/** The error that was thrown, under the GraphQLErrors that locate or wrap it. */
function thrownError(error: unknown): unknown {
  let e = error;
  for (let depth = 0; e instanceof GraphQLError && e.originalError && depth < 10; depth++) e = e.originalError;
  return e;
}

function meantForClient(formatted: GraphQLFormattedError, error: unknown): boolean {
  const code = formatted.extensions?.code;
  if (typeof code !== 'string' || code === INTERNAL_SERVER_ERROR) return false;
  // A domain error's message is ours, and may quote what the caller sent (a website's address, say):
  // the address rule below is for text that was not written for the client.
  if (!DOMAIN_CODES.has(code) && URL_IN_TEXT.test(formatted.message)) return false;
  if (REQUEST_ERROR_CODES.has(code)) return true;
  // A plain Error that happens to carry a `code` (a driver's SQLSTATE, ECONNREFUSED) was not written
  // for the client; an error raised as a GraphQLError was. At the gateway, a subgraph's error arrives
  // as the subgraph's answer (a plain object, not an Error), already passed through this policy there.
  const thrown = thrownError(error);
  return thrown instanceof GraphQLError || !(thrown instanceof Error);
}

/** Apollo Server's `formatError` for the gateway and every subgraph; `source` names the server in the log. */
export function clientErrorFormatter(source: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = currentRequestId();
    const id = requestId ? { requestId } : {};
    if (meantForClient(formatted, error)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, ...id } };
    }
    console.error(`[${source}] request ${requestId ?? '-'}: internal error${formatted.path ? ` at ${formatted.path.join('.')}` : ''}`, thrownError(error));
    return {
      message: `Internal server error (request ${requestId ?? 'unknown'})`,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: INTERNAL_SERVER_ERROR, ...id },
    };
  };
}
