// `npm start`: the whole graph in one process on the embedded database (or DATABASE_URL), with the
// demo data written on first start. Prints where it answers and how to get a token.
import { migrateDatabase, openDatabase } from '@webir/db';
import { createPiiCipher, loadConfig, parseMasterKey } from '@webir/kit';
import { demoPersonas } from './demo/index.ts';
import { seedDirectory } from './seed/seed-directory.ts';
import { startStack } from './stack.ts';

const started = Date.now();
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
await migrateDatabase(database);
const seeded = config.production ? false : await seedDirectory(database, createPiiCipher(parseMasterKey(config.dataKey)), new Date());
const stack = await startStack({ config, database });

const where = database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)';
console.log(`
WebIR graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s
  gateway      http://localhost:${config.gatewayPort}/graphql   (open it in a browser for the offline explorer)
  subgraphs    ${Object.entries(stack.subgraphUrls).map(([name, url]) => `${name} ${url}`).join(', ')}
  database     ${where}${seeded ? ', demo data written' : ''}
  health       http://localhost:${config.gatewayPort}/health
${
  config.production
    ? ''
    : `
Demo tokens: npm run token -- <persona>   (the token is the last line printed)
${demoPersonas().map((p) => `  ${p.persona.padEnd(20)} ${p.description}`).join('\n')}
`
}`);

const stop = async () => {
  await stack.stop();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
