// The compliance jobs once, for cron or by hand (X-1 due changes of employment, X-4 the purge):
//   npm run jobs                 carries out due changes and purges what has outlived its period
//   npm run jobs -- --dry-run    shows what the purge would remove; changes nothing
// The server can run the same on a timer (WEBIR_JOBS_EVERY_MINUTES); it is off by default.
import { migrateDatabase, openDatabase } from '@webir/db';
import { loadConfig, taipeiDay } from '@webir/kit';
import { runPurge, runScheduledJobs } from '@webir/subgraph-compliance';
import { cliNow } from './cli-clock.ts';
import { participants } from './participants.ts';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--dry-run');
if (unknown.length) {
  console.error(`Unknown argument ${unknown.join(' ')}. Usage: npm run jobs [-- --dry-run]`);
  process.exit(2);
}
const dryRun = args.includes('--dry-run');
const now = cliNow();
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
try {
  await migrateDatabase(database);
  if (dryRun) {
    const outcome = await runPurge(database.db, participants, { trigger: 'CLI', now, byId: null, dryRun: true });
    console.log(`Dry run on ${outcome.today}: ${outcome.records.length} record(s) have outlived their period; nothing was removed.`);
    for (const r of outcome.records) console.log(`  ${r.regime} ${r.kind} ${r.number ?? r.id} kept until ${r.retainUntil} (${r.rule})`);
  } else {
    const report = await runScheduledJobs(database.db, participants, { now, trigger: 'CLI' });
    console.log(`${taipeiDay(now)}: ${report.offboardingsDone} change(s) of employment carried out, ${report.purged} record(s) purged (each logged with its rule).`);
    // A change that failed was rolled back and waits for the next run; cron hears of it by the exit code.
    for (const f of report.offboardingsFailed) console.error(`change of employment ${f.offboardingId} (person ${f.personId}, effective ${f.effectiveOn}) failed and stays scheduled: ${f.message}`);
    if (report.offboardingsFailed.length) process.exitCode = 1;
  }
} finally {
  await database.close();
}
