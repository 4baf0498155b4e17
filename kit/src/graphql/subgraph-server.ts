import type { IncomingMessage, Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { GraphQLError, parse } from 'graphql';
import { createHttpServer, sendJson, type ReceivedOperation } from '../http/serve.ts';
import { recordReceivedRequest } from '../identity.ts';
import { clientErrorFormatter } from './client-errors.ts';
import { withDatabaseConflicts } from './database-conflicts.ts';
import { applyInputLimits, type InputLimitOverrides } from './input-limits.ts';
import { refuseNulCharacters } from './nul-characters.ts';

/**
 * What every subgraph's server is: its SDL and resolvers, a context that refuses requests the
 * gateway did not sign, and /health reporting its database. A regime's subgraph supplies the parts.
 */
export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap<TContext>;
  /**
   * Builds the request's context; throws UNAUTHENTICATED for an unsigned request (verifyForwardedIdentity).
   * A context whose `refusal` is set (a caller the directory does not know, or who has left) is
   * answered with that error before any resolver runs, whatever the operation.
   */
  context: (req: IncomingMessage, operation: ReceivedOperation) => Promise<TContext>;
  /** A database round trip, for /health. */
  ping: () => Promise<void>;
  /** Maximum lengths of string inputs beyond the default (./input-limits.ts), keyed "Type.field". */
  inputLimits?: InputLimitOverrides;
}

/** What a subgraph's context carries when its caller is refused (see refuseBeforeExecution). */
export interface RefusableContext {
  refusal?: GraphQLError | null;
}

/**
 * Refuses a refused caller's operation once it is parsed, before execution: every Query and Mutation
 * field and every `_entities` call alike, so no resolver can forget to. The answer is HTTP 200 with
 * the error (its code intact): any other status would make the gateway discard the answer and
 * replace the code (see ../errors.ts).
 */
const refuseBeforeExecution: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue }) {
        const refusal = (contextValue as RefusableContext).refusal;
        if (refusal) throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 200 } } });
      },
    };
  },
};

export async function createSubgraphServer<TContext extends BaseContext>(options: SubgraphServerOptions<TContext>): Promise<{ apollo: ApolloServer<TContext>; http: Server }> {
  const apollo = new ApolloServer<TContext>({
    schema: applyInputLimits(
      buildSubgraphSchema({ typeDefs: parse(options.typeDefs), resolvers: withDatabaseConflicts(options.resolvers) as GraphQLResolverMap<unknown> }),
      options.inputLimits,
    ),
    // Subgraphs are reached only through the gateway; callers explore the supergraph there.
    // No inline traces: they are for Apollo's usage reporting, which this graph does not send.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), refuseNulCharacters<TContext>(), refuseBeforeExecution],
    // Never a stack or an internal message in an answer, in development either: the gateway passes a
    // subgraph's errors on to the client. The detail is in this subgraph's log, under the request id.
    includeStacktraceInErrorResponses: false,
    formatError: clientErrorFormatter(options.name),
    csrfPrevention: true,
  });
  await apollo.start();
  const http = createHttpServer({
    apollo,
    context: (req, operation) => {
      // The forwarded identity is bound to this subgraph and this operation: record both for its check.
      recordReceivedRequest(req, { audience: options.name, ...operation });
      return options.context(req, operation);
    },
    routes: {
      '/health': async (_req, res) => {
        try {
          await options.ping();
          sendJson(res, 200, { status: 'ok', subgraph: options.name, database: 'ok' });
        } catch (error) {
          sendJson(res, 503, { status: 'error', subgraph: options.name, database: String((error as Error).message) });
        }
      },
    },
  });
  return { apollo, http };
}
