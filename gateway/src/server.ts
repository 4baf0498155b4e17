import type { IncomingMessage, Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { clientErrorFormatter, createHttpServer, currentRequestId, sendJson, signingKey, subgraphUrlOverride, unauthenticated, type Config, type Identity } from '@webir/kit';
import { createTokenVerifier, type VerifiedToken } from './auth.ts';
import { checkSubgraphs } from './health.ts';
import { landingPageCsp, renderLandingPage } from './landing-page/render.ts';
import { checkShape, hasIntrospection, measure, QUERY_TOO_COMPLEX } from './limits.ts';
import { SessionActivity } from './sessions.ts';
import { SubgraphSource } from './subgraph-source.ts';

export interface GatewayContext {
  requestId: string;
  caller: VerifiedToken | null;
  /** Who the caller is, signed into each subgraph request separately (subgraph-source.ts). */
  identity: Identity | null;
}

export interface GatewayOptions {
  config: Config;
  supergraphSdl: string;
  /** Subgraph URLs by name, overriding the routing URLs in the supergraph. */
  subgraphUrls?: Record<string, string>;
  /** The URL to offer Apollo Sandbox (the public address of this gateway). */
  publicUrl?: string;
  /** The clock for session inactivity (TN-7.3); tests move it. */
  now?: () => Date;
}

/** Answers about the schema only: the one thing allowed without a token. */
function isIntrospectionOnly(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): boolean {
  const check = (set: OperationDefinitionNode['selectionSet']): boolean =>
    set.selections.every((s) => {
      if (s.kind === Kind.FIELD) return s.name.value.startsWith('__');
      if (s.kind === Kind.INLINE_FRAGMENT) return check(s.selectionSet);
      const fragment = fragments[s.name.value];
      return fragment ? check(fragment.selectionSet) : false;
    });
  return operation.operation === 'query' && check(operation.selectionSet);
}

export async function createGateway(options: GatewayOptions): Promise<{ apollo: ApolloServer<GatewayContext>; http: Server; gateway: ApolloGateway }> {
  const { config } = options;
  const verify = await createTokenVerifier(config);
  const key = signingKey(config.gatewaySecret);
  const sessions = new SessionActivity(config.sessionIdleMinutes * 60_000, options.now ?? (() => new Date()));
  const routingUrls = new Map<string, string>();

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? subgraphUrlOverride(config.env, name) ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}: set WEBIR_${name.toUpperCase().replace(/-/g, '_')}_URL`);
      routingUrls.set(name, target);
      return new SubgraphSource({ url: target, subgraphName: name, identityKey: key });
    },
  });

  const limits: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      let introspection = false;
      return {
        async didResolveOperation({ operation, document, request, contextValue, schema }) {
          if (!operation) return; // Apollo Server reports the missing operation itself
          const fragments = Object.fromEntries(
            document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
          );
          // The shape first, token or not: an anonymous caller may not make the gateway work either.
          const shape = measure(schema, operation, fragments, request.variables ?? {});
          checkShape(shape, config.limits);
          introspection = hasIntrospection(shape);
          if (!contextValue.caller && !isIntrospectionOnly(operation, fragments)) throw unauthenticated();
        },
        async willSendResponse({ response }) {
          // A backstop for what the shape's limits let through: the schema itself may grow.
          if (!introspection || response.body.kind !== 'single') return;
          const bytes = Buffer.byteLength(JSON.stringify(response.body.singleResult));
          if (bytes <= config.limits.maxIntrospectionBytes) return;
          response.body.singleResult = {
            errors: [
              {
                message: `The answer would be ${bytes} bytes; introspection answers are limited to ${config.limits.maxIntrospectionBytes}`,
                extensions: { code: QUERY_TOO_COMPLEX, limit: 'introspectionBytes', max: config.limits.maxIntrospectionBytes },
              },
            ],
          };
          response.http.status = 400;
        },
      };
    },
  };

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [ApolloServerPluginLandingPageDisabled(), limits],
    csrfPrevention: true,
    // Off in production unless WEBIR_INTROSPECTION=true; with it go the "Did you mean …" suggestions
    // that would spell the schema out field by field.
    introspection: config.limits.introspection,
    hideSchemaDetailsFromClientErrors: !config.limits.introspection,
    // Clients get a domain error's message, or a code and the request id; never a stack (kit/src/graphql/client-errors.ts).
    includeStacktraceInErrorResponses: false,
    formatError: clientErrorFormatter('gateway'),
  });
  await apollo.start();

  const html = renderLandingPage({
    endpoint: '/graphql',
    sandboxUrl: options.publicUrl ?? null,
    tokenHelp: config.production ? 'Paste the token your identity provider issued.' : 'npm run token -- <persona> prints a demo token (npm run token lists the personas).',
  });

  const http = createHttpServer<GatewayContext>({
    apollo,
    corsOrigins: config.corsOrigins,
    landingPage: { html, csp: landingPageCsp(html) },
    context: async (req: IncomingMessage) => {
      // Made, or taken from the client's x-request-id, by the HTTP front (kit/src/http/request-id.ts).
      const requestId = currentRequestId()!;
      const header = req.headers.authorization;
      if (!header) return { requestId, caller: null, identity: null };
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
      const caller = await verify(match[1]!);
      sessions.touch(match[1]!, caller.issuedAt, caller.expiresAt);
      return { requestId, caller, identity: { sub: caller.sub, requestId, tokenIssuer: caller.issuer } };
    },
    routes: {
      '/health': async (_req, res) => {
        const subgraphs = await checkSubgraphs(routingUrls);
        const ok = Object.values(subgraphs).every((s) => s.status === 'ok');
        sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', subgraphs });
      },
    },
  });
  return { apollo, http, gateway };
}
