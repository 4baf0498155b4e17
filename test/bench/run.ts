// `npm run bench`: request latency through the gateway over HTTP, on the embedded database (or
// DATABASE_URL). Timings live here, not in tests: the machine's load decides them.
import { addBulkKhRecords, addBulkStaff, KH_FORMS_PAGE, KH_REGISTRATIONS_PAGE, PEOPLE_PAGE } from '../helpers/bulk.ts';
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

console.log(`${stack.database.kind}, ${ROUNDS} rounds each`);
await bench('me', () => admin('{ me { name } }'));
await bench('people(first: 20) with permissions', () => admin(PEOPLE_PAGE, { first: 20, agency: stack.fixture.agency.social }));
await bench('people(first: 500) with permissions', () => admin(PEOPLE_PAGE, { first: 500, agency: stack.fixture.agency.social }));
await bench('agencies(first: 50) with children', () => admin('{ agencies(first: 50) { totalCount edges { node { name children { name } } } } }'));
const khAdmin = stack.as('khAdmin');
await bench('khRegistrations(first: 500), nested', () => khAdmin(KH_REGISTRATIONS_PAGE, { first: 500 }));
await bench('khForms(first: 500) with sign-offs', () => khAdmin(KH_FORMS_PAGE, { first: 500 }));
const chief = stack.as('chief');
await bench('roster(first: 500) with people and agencies', () =>
  chief('{ roster(first: 500) { totalCount edges { node { personName role item since person { name } agency { name } grantedBy { name } } } } }'),
);
await bench('rosterCsv (whole city)', () => chief('{ rosterCsv }'));
await bench('complianceCalendar (whole city)', () => chief('{ complianceCalendar { kind period dueOn status agency { name } mustAct { people { name } } } }'));
await bench('complianceFindings(first: 50)', () => chief('{ complianceFindings(first: 50) { totalCount edges { node { rule kind severity agency { name } person { name } } } } }'));
await stack.stop();
