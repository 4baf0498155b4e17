// `npm run import:usage -- <file.csv> --as <myegov-account> [--regime tainan-nhi|kaohsiung-bli]`: imports
// a (large) WebIR query log straight into the database, as the named administrator, with a progress bar.
// All or nothing, like the importNhiUsage and importKhUsage mutations: a bad line refuses the file,
// naming every bad line.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadCaller, migrateDatabase, openDatabase } from '@webir/db';
import { createPiiCipher, databaseConflict, loadConfig, parseMasterKey } from '@webir/kit';
import { importUsage as importKaohsiung } from '@webir/subgraph-kaohsiung-bli/usage';
import { importUsage as importTainan } from '@webir/subgraph-tainan-nhi/usage';
import { cliNow } from './cli-clock.ts';

const importers = { 'tainan-nhi': importTainan, 'kaohsiung-bli': importKaohsiung };

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const file = args.find((a, i) => !a.startsWith('--') && !['--as', '--regime'].includes(args[i - 1] ?? ''));
const account = option('--as');
const regime = (option('--regime') ?? 'tainan-nhi') as keyof typeof importers;
if (!file || !account || !importers[regime]) {
  console.error('usage: npm run import:usage -- <file.csv> --as <myegov-account of the importing administrator> [--regime tainan-nhi|kaohsiung-bli]');
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
  const result = await importers[regime](database.db, createPiiCipher(parseMasterKey(config.dataKey)), caller, { fileName: basename(file), csv: readFileSync(file, 'utf8') }, cliNow(), bar);
  console.log(`imported ${result.rows} records (${result.duplicates} already known, ${result.findings} findings) as import ${result.id}`);
} catch (error) {
  // A run that lost to another at the same moment is told so in words, as the API would say it.
  const e = (databaseConflict(error) ?? error) as { message: string; extensions?: { violations?: { field: string; message: string }[] } };
  console.error(`\nnothing imported: ${e.message.split('. ')[0]}`);
  for (const v of e.extensions?.violations ?? []) console.error(`  ${v.field}: ${v.message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
