import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, REQUEST_ID_HEADER, signIdentity, type IdentitySigningKey } from '@webir/kit';
import type { GatewayContext } from './server.ts';
import { createSubgraphFetcher } from './subgraph-fetch.ts';

/**
 * How the gateway talks to a subgraph: the signed identity on every request, and a subgraph's own
 * refusal passed through with its code. Apollo Server answers some refusals with a 4xx status (a
 * malformed `Date` variable, a missing signature); the stock data source would turn those into an
 * opaque "400: Bad Request", hiding the BAD_USER_INPUT the client needs to see.
 *
 * A subgraph that cannot be reached (down, refusing connections, answering 5xx or not JSON) is
 * named to the client by its name with SUBGRAPH_UNAVAILABLE, never by its internal URL or the
 * network error's text; those go to the gateway's log. The fields it would have answered are null
 * and the rest of the answer stands (the entity fields the regimes add are nullable for this).
 */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** As named in the supergraph: the audience of the identities signed for it. */
  readonly subgraphName: string;
  private readonly identityKey: IdentitySigningKey;

  constructor(options: { url: string; subgraphName: string; identityKey: IdentitySigningKey }) {
    super({ url: options.url, fetcher: createSubgraphFetcher() });
    this.subgraphName = options.subgraphName;
    this.identityKey = options.identityKey;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Subgraphs trust this header only; the caller's own token never travels past the gateway. It is
    // signed for this one request (this subgraph, this operation and variables), so it is worth
    // nothing to whoever captures it.
    if (context.identity) {
      const binding = { audience: this.subgraphName, query: request.query, operationName: request.operationName, variables: request.variables };
      request.http?.headers.set(IDENTITY_HEADER, await signIdentity(context.identity, this.identityKey, binding));
    }
    // The subgraph logs under the gateway's request id, so one id finds a request in every log.
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    try {
      return await super.process(options);
    } catch (error) {
      // A subgraph's own refusal (errorFromResponse below) is already fit for the client.
      if (error instanceof GraphQLError && typeof error.extensions.code === 'string' && error.extensions.code !== SUBGRAPH_UNAVAILABLE) throw error;
      const requestId = options.context?.requestId;
      const named = error instanceof GraphQLError && error.extensions.code === SUBGRAPH_UNAVAILABLE;
      console.error(`gateway: subgraph ${this.subgraphName} (${this.url}) failed${requestId ? ` for request ${requestId}` : ''}:`, named && error.originalError ? error.originalError : error);
      throw named ? error : unavailable(this.subgraphName, requestId);
    }
  }

  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = await this.parseBody(response);
    const first = typeof body === 'object' ? (body as { errors?: { message: string; extensions?: Record<string, unknown> }[] }).errors?.[0] : undefined;
    const code = first?.extensions?.code;
    if (response.status < 500 && first && typeof code === 'string') {
      const { stacktrace: _stack, http: _http, ...extensions } = first.extensions!;
      return new GraphQLError(first.message, { extensions: { ...extensions, code } });
    }
    // Logged with the body by process(); the client learns only which subgraph and the status.
    return new GraphQLError(`The ${this.subgraphName} subgraph answered ${response.status}`, {
      extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: this.subgraphName, status: response.status },
      originalError: new Error(`${response.status} ${typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body).slice(0, 500)}`),
    });
  }
}

function unavailable(name: string, requestId: string | undefined): GraphQLError {
  return new GraphQLError(`The ${name} subgraph is unavailable; what it answers is missing from this answer`, {
    extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: name, ...(requestId ? { requestId } : {}) },
  });
}
