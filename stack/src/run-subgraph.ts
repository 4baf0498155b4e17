// Subgraphs without the gateway: `npm run start:subgraph -- core [tainan-nhi …]`, each on its
// WEBIR_<NAME>_PORT. Several in one process share one database connection, which is how the embedded
// PGlite (one process only) serves a split topology; with DATABASE_URL each can run in its own process.
import { migrateDatabase, openDatabase } from '@webir/db';
import { createPiiCipher, listen, loadConfig, parseMasterKey, signingKey, subgraphPort } from '@webir/kit';
import { subgraphs } from './subgraphs.ts';

const names = process.argv.slice(2);
const entries = names.map((name) => subgraphs.find((s) => s.name === name));
if (!names.length || entries.some((e) => !e)) {
  console.error(`Which subgraphs? Any of: ${subgraphs.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
await migrateDatabase(database);
const deps = {
  db: database.db,
  cipher: createPiiCipher(parseMasterKey(config.dataKey)),
  signingKey: signingKey(config.gatewaySecret),
  now: () => new Date(),
  ping: database.ping,
  jobsEveryMinutes: config.jobsEveryMinutes,
};
for (const entry of entries) {
  const server = await entry!.create(deps);
  const { url } = await listen(server.http, subgraphPort(config.env, entry!.name, entry!.defaultPort), config.host);
  console.log(`${entry!.name}: ${url}/graphql (${database.kind})`);
}
console.log('subgraphs ready');
