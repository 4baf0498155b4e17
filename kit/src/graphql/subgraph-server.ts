import type { IncomingMessage, Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { GraphQLError, parse } from 'graphql';
import { createHttpServer, sendJson } from '../http/serve.ts';

/**
 * What every subgraph's server is: its SDL and resolvers, a context that refuses requests the
 * gateway did not sign, and /health reporting its database. A regime's subgraph supplies the parts.
 */
export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap<TContext>;
  /**
   * Builds the request's context; throws UNAUTHENTICATED for an unsigned request. A context whose
   * `refusal` is set (a caller the directory does not know, or who has left) is answered with that
   * error before any resolver runs, whatever the operation.
   */
  context: (req: IncomingMessage) => Promise<TContext>;
  /** A database round trip, for /health. */
  ping: () => Promise<void>;
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
    schema: buildSubgraphSchema({ typeDefs: parse(options.typeDefs), resolvers: options.resolvers as GraphQLResolverMap<unknown> }),
    // Subgraphs are reached only through the gateway; callers explore the supergraph there.
    // No inline traces: they are for Apollo's usage reporting, which this graph does not send.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), refuseBeforeExecution],
    includeStacktraceInErrorResponses: process.env.NODE_ENV !== 'production',
    csrfPrevention: true,
  });
  await apollo.start();
  const http = createHttpServer({
    apollo,
    context: options.context,
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
