// `npm run bench`: request latency through the gateway over HTTP, on the embedded database (or
// DATABASE_URL). Timings live here, not in tests: the machine's load decides them.
import { addBulkKhRecords, addBulkStaff, addBulkTnUsage, KH_FORMS_PAGE, KH_REGISTRATIONS_PAGE, PEOPLE_PAGE } from '../helpers/bulk.ts';
import { startTestStack } from '../helpers/stack.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

const stack = await startTestStack();
await addBulkStaff(stack.database, stack.cipher, stack.fixture, 1000);
await addBulkKhRecords(stack.database, stack.cipher, stack.fixture, 1000);
const admin = stack.as('socialAdmin');

async function bench(name: string, run: () => Promise<unknown>): Promise<void> {
  await run(); // warm: plans, loaders, JIT
  const times: number[] = [];
  const statementsBefore = stack.database.statements.count;
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  const perRequest = (stack.database.statements.count - statementsBefore) / ROUNDS;
  console.log(`${name.padEnd(44)} p50 ${pct(50).padStart(7)} ms  p95 ${pct(95).padStart(7)} ms  ${perRequest.toFixed(1)} statements/request`);
}

// BENCH_ONLY=findings: only the findings benchmark below.
const chief = stack.as('chief');
if (process.env.BENCH_ONLY !== 'findings') {
  console.log(`${stack.database.kind}, ${ROUNDS} rounds each`);
  await bench('me', () => admin('{ me { name } }'));
  await bench('people(first: 20) with permissions', () => admin(PEOPLE_PAGE, { first: 20, agency: stack.fixture.agency.social }));
  await bench('people(first: 500) with permissions', () => admin(PEOPLE_PAGE, { first: 500, agency: stack.fixture.agency.social }));
  await bench('agencies(first: 50) with children', () => admin('{ agencies(first: 50) { totalCount edges { node { name children { name } } } } }'));
  const khAdmin = stack.as('khAdmin');
  await bench('khRegistrations(first: 500), nested', () => khAdmin(KH_REGISTRATIONS_PAGE, { first: 500 }));
  await bench('khForms(first: 500) with sign-offs', () => khAdmin(KH_FORMS_PAGE, { first: 500 }));
  await bench('roster(first: 500) with people and agencies', () =>
    chief('{ roster(first: 500) { totalCount edges { node { personName role item since person { name } agency { name } grantedBy { name } } } } }'),
  );
  await bench('rosterCsv (whole city)', () => chief('{ rosterCsv }'));
  await bench('complianceCalendar (whole city)', () => chief('{ complianceCalendar { kind period dueOn status agency { name } mustAct { people { name } } } }'));
  await bench('complianceFindings(first: 50)', () => chief('{ complianceFindings(first: 50) { totalCount edges { node { rule kind severity agency { name } person { name } } } } }'));
}

/**
 * complianceFindings over a usage log that grows (issue 11), on PostgreSQL only (PGlite would spend
 * minutes writing the log): the same call at a tenth of the log and at the whole, its p50 and the
 * peak of the process's heap during the calls (every subgraph runs in this process), above the heap
 * before them. A call pages in the database, so neither should grow with the log.
 */
async function benchFindings(records: number, findings: number): Promise<void> {
  const call = () => chief('{ complianceFindings(first: 50) { totalCount high edges { node { rule kind severity since summary agency { name } person { name } } } } }');
  const first = await call();
  if (first.errors) throw new Error(JSON.stringify(first.errors));
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const times: number[] = [];
  for (let i = 0; i < Math.min(ROUNDS, 20); i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(`complianceFindings(first: 50), ${records.toLocaleString('en')} usage records (${findings.toLocaleString('en')} findings, totalCount ${first.data!.complianceFindings.totalCount}): p50 ${p(0.5)} ms  p95 ${p(0.95)} ms  heap peak +${mb(peak - base)} MB`);
}

if (stack.database.kind === 'postgres') {
  const total = Number(process.env.BENCH_USAGE_RECORDS ?? 1_000_000);
  const tenth = Math.floor(total / 10);
  let findings = await addBulkTnUsage(stack.database, stack.fixture, tenth, 20, '2025-12-01T00:00:00+08:00');
  await benchFindings(tenth, findings);
  // The rest of the log after the first tenth (one query every 30 seconds).
  findings += await addBulkTnUsage(stack.database, stack.fixture, total - tenth, 20, new Date(new Date('2025-12-01T00:00:00+08:00').getTime() + (tenth + 1) * 30_000).toISOString());
  await benchFindings(total, findings);
} else {
  console.log('complianceFindings over 1M usage records: PostgreSQL only (set DATABASE_URL)');
}
await stack.stop();
