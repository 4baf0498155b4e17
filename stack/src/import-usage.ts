// `npm run import:usage -- <file.csv> --as <myegov-account>`: imports a (large) WebIR query log for
// Tainan NHI straight into the database, as the named administrator, with a progress bar. All or
// nothing, like the importNhiUsage mutation: a bad line refuses the file, naming every bad line.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadCaller, migrateDatabase, openDatabase } from '@webir/db';
import { createPiiCipher, loadConfig, parseMasterKey } from '@webir/kit';
import { importUsage } from '@webir/subgraph-tainan-nhi/usage';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--as');
const account = args[args.indexOf('--as') + 1];
if (!file || !args.includes('--as') || !account) {
  console.error('usage: npm run import:usage -- <file.csv> --as <myegov-account of the importing administrator>');
  process.exit(2);
}

function bar(done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round((done / total) * 100)}% ${done.toLocaleString()}/${total.toLocaleString()} records`);
  if (done === total) process.stderr.write('\n');
}

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
try {
  await migrateDatabase(database);
  const caller = await loadCaller(database.db, account);
  const result = await importUsage(database.db, createPiiCipher(parseMasterKey(config.dataKey)), caller, { fileName: basename(file), csv: readFileSync(file, 'utf8') }, new Date(), bar);
  console.log(`imported ${result.rows} records (${result.duplicates} already known, ${result.findings} findings) as import ${result.id}`);
} catch (error) {
  const e = error as { message: string; extensions?: { violations?: { field: string; message: string }[] } };
  console.error(`\nnothing imported: ${e.message.split('. ')[0]}`);
  for (const v of e.extensions?.violations ?? []) console.error(`  ${v.field}: ${v.message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
