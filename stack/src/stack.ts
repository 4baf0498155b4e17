import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { migrateDatabase, openDatabase, type Database } from '@webir/db';
import { createGateway } from '@webir/gateway';
import { closeServer, createPiiCipher, listen, parseMasterKey, signingKey, subgraphPort, type Config } from '@webir/kit';
import { supergraphPath } from '@webir/schema';
import { subgraphs as allSubgraphs, type SubgraphEntry } from './subgraphs.ts';

export interface StackOptions {
  config: Config;
  /** An open database; opened from the configuration when absent. */
  database?: Database;
  /** 0 for any free port (tests); the configured ports otherwise. */
  anyPort?: boolean;
  /** The composed supergraph; schema/supergraph.graphql when absent. */
  supergraphSdl?: string;
  /** More subgraphs to run beside the registered ones (tests add fixtures this way). */
  extraSubgraphs?: SubgraphEntry[];
  now?: () => Date;
  /** The gateway's clock (session inactivity, TN-7.3), apart from the subgraphs'. */
  gatewayNow?: () => Date;
}

export interface Stack {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  database: Database;
  /** Stops one subgraph's server, as if its process had died (tests of the graph with a part down). */
  stopSubgraph(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole graph in one process: every subgraph on its own port and the gateway in front, talking
 * HTTP to each other exactly as separate processes would. `npm start` and the integration tests
 * both run this.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { config } = options;
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` }));
  if (!options.database) await migrateDatabase(database);
  const deps = {
    db: database.db,
    cipher: createPiiCipher(parseMasterKey(config.dataKey)),
    signingKey: signingKey(config.gatewaySecret),
    now: options.now ?? (() => new Date()),
    ping: database.ping,
    jobsEveryMinutes: config.jobsEveryMinutes,
  };

  const servers: { http: Server; apollo: { stop(): Promise<void> } }[] = [];
  const subgraphUrls: Record<string, string> = {};
  const subgraphServers = new Map<string, Server>();
  try {
    for (const entry of [...allSubgraphs, ...(options.extraSubgraphs ?? [])]) {
      const server = await entry.create(deps);
      servers.push(server);
      subgraphServers.set(entry.name, server.http);
      const { url } = await listen(server.http, options.anyPort ? 0 : subgraphPort(config.env, entry.name, entry.defaultPort), '127.0.0.1');
      subgraphUrls[entry.name] = `${url}/graphql`;
    }
    const gateway = await createGateway({
      config,
      supergraphSdl: options.supergraphSdl ?? readFileSync(supergraphPath, 'utf8'),
      subgraphUrls,
      ...(options.gatewayNow ? { now: options.gatewayNow } : {}),
      ...(options.anyPort ? {} : { publicUrl: `http://localhost:${config.gatewayPort}/graphql` }),
    });
    servers.push(gateway);
    const { url } = await listen(gateway.http, options.anyPort ? 0 : config.gatewayPort, config.host);
    return {
      gatewayUrl: `${url}/graphql`,
      subgraphUrls,
      database,
      async stopSubgraph(name) {
        const server = subgraphServers.get(name);
        if (!server) throw new Error(`No subgraph ${name}`);
        await closeServer(server);
      },
      async stop() {
        for (const server of servers.reverse()) {
          await closeServer(server.http);
          await server.apollo.stop();
        }
        if (!options.database) await database.close();
      },
    };
  } catch (error) {
    for (const server of servers) await closeServer(server.http);
    if (!options.database) await database.close();
    throw error;
  }
}
