// `npm run bench:load`: many concurrent clients through the gateway on PostgreSQL, counting every
// answer that is not a complete, error-free 200 as a failure. The stack runs on a fresh database on
// the server DATABASE_URL names (default postgres://postgres@127.0.0.1:5432/postgres), dropped after.
//
//   npm run bench:load                              # 200 clients for 60 s
//   npm run bench:load -- --clients 50 --seconds 10 # or BENCH_CLIENTS / BENCH_SECONDS
//
// Each client sends its next request as soon as the last one is answered, cycling through queries
// that touch every subgraph (entity fetches across core and the regimes), so the gateway keeps many
// connections to each subgraph open, idle and reused: where "socket hang up" came from (issue 11).
// Exit status 1 when any answer failed.
import { parseArgs } from 'node:util';
import { addBulkStaff, PEOPLE_PAGE } from '../helpers/bulk.ts';
import type { PersonKey } from '../helpers/fixture.ts';
import { startTestStack } from '../helpers/stack.ts';

const { values: args } = parseArgs({
  options: { clients: { type: 'string' }, seconds: { type: 'string' } },
  strict: true,
});
const clients = Number(args.clients ?? process.env.BENCH_CLIENTS ?? 200);
const seconds = Number(args.seconds ?? process.env.BENCH_SECONDS ?? 60);
if (!(clients > 0) || !(seconds > 0)) throw new Error('--clients and --seconds must be positive numbers');
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

const stack = await startTestStack();
// Interrupted, the database is dropped all the same.
process.once('SIGINT', () => void stack.stop().finally(() => process.exit(130)));
await addBulkStaff(stack.database, stack.cipher, stack.fixture, 200);

interface Call {
  name: string;
  as: PersonKey;
  query: string;
  variables?: Record<string, unknown>;
}

// Each reads what its persona may see, so every answer is expected complete and without errors.
const calls: Call[] = [
  { name: 'me', as: 'user', query: '{ me { name agency { name parent { name } } } }' },
  { name: 'me + tainan-nhi', as: 'user', query: '{ me { name nhiApplications { number } nhiQueryRequests { id } agency { nhiEnrolment { id } } } }' },
  { name: 'people(first: 20)', as: 'socialAdmin', query: PEOPLE_PAGE, variables: { first: 20, agency: stack.fixture.agency.social } },
  { name: 'me + kaohsiung-bli', as: 'khQuerier', query: '{ me { name khAccounts { kind } khRegistrations { number } agency { khRequestingAgency { id } khItems { item } } } }' },
  { name: 'me + nhi-network + compliance', as: 'chief', query: '{ me { name nhiNetworkRoles { role } offboardings { id } agency { nhiNetworkMembership { id } } } }' },
  { name: 'nhiApplications(first: 20)', as: 'chief', query: '{ nhiApplications(first: 20) { totalCount edges { node { number agency { name } applicant { name } } } } }' },
];

const tokens = new Map<PersonKey, string>();
for (const call of calls) if (!tokens.has(call.as)) tokens.set(call.as, await stack.tokenOf(call.as));

type Outcome = { ok: true } | { ok: false; reason: string };

async function send(call: Call): Promise<Outcome> {
  try {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(call.as)}` },
      body: JSON.stringify({ query: call.query, variables: call.variables ?? {} }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    if (res.status !== 200) return { ok: false, reason: `HTTP ${res.status}` };
    if (body.errors?.length) return { ok: false, reason: `${body.errors[0]!.extensions?.code ?? 'ERROR'}: ${body.errors[0]!.message}` };
    if (!body.data) return { ok: false, reason: 'data: null' };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `client: ${(error as Error).message}` };
  }
}

// Every call must answer cleanly once, alone, before the load: a failure later is the load's.
for (const call of calls) {
  const outcome = await send(call);
  if (!outcome.ok) {
    await stack.stop();
    throw new Error(`${call.name} fails even alone: ${outcome.reason}`);
  }
}

const times: number[] = [];
const failures = new Map<string, number>();
let failed = 0;
const deadline = performance.now() + seconds * 1000;

async function client(index: number): Promise<void> {
  for (let i = index; performance.now() < deadline; i++) {
    const call = calls[i % calls.length]!;
    const start = performance.now();
    const outcome = await send(call);
    times.push(performance.now() - start);
    if (!outcome.ok) {
      failed++;
      const key = `${call.name}: ${outcome.reason.slice(0, 160)}`;
      failures.set(key, (failures.get(key) ?? 0) + 1);
    }
  }
}

console.log(`${stack.database.kind}: ${clients} clients for ${seconds} s through ${stack.gatewayUrl}`);
const started = performance.now();
await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
const elapsed = (performance.now() - started) / 1000;
await stack.stop();

times.sort((a, b) => a - b);
const pct = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(0) : '-');
console.log(`answers ${times.length} (${(times.length / elapsed).toFixed(0)}/s), failed ${failed} (${((100 * failed) / Math.max(1, times.length)).toFixed(2)} %), p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`);
for (const [reason, count] of [...failures].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${count} × ${reason}`);
process.exitCode = failed ? 1 : 0;
