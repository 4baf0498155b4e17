// One subgraph alone: `npm run start:subgraph -- core`. Port from WEBIR_<NAME>_PORT; database from
// DATABASE_URL (the embedded PGlite serves one process only, so separate processes need a server).
import { migrateDatabase, openDatabase } from '@webir/db';
import { createPiiCipher, listen, loadConfig, parseMasterKey, signingKey, subgraphPort } from '@webir/kit';
import { subgraphs } from './subgraphs.ts';

const name = process.argv[2];
const entry = subgraphs.find((s) => s.name === name);
if (!entry) {
  console.error(`Which subgraph? One of: ${subgraphs.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
await migrateDatabase(database);
const server = await entry.create({
  db: database.db,
  cipher: createPiiCipher(parseMasterKey(config.dataKey)),
  signingKey: signingKey(config.gatewaySecret),
  now: () => new Date(),
  ping: database.ping,
});
const { url } = await listen(server.http, subgraphPort(config.env, entry.name, entry.defaultPort), config.host);
console.log(`${entry.name}: ${url}/graphql (${database.kind})`);
