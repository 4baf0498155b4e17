import { readFileSync } from 'node:fs';
import { createSubgraphServer } from '@webir/kit';
import { inputLimits } from './input-limits.ts';
import { contextFactory, type ComplianceDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';
import { scheduleJobs } from './store/jobs.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The graph across the regimes (RULES.md X-1..X-4): offboarding, rosters, the calendar, findings, retention. */
export async function createComplianceSubgraph(deps: ComplianceDeps & { ping: () => Promise<void> }) {
  const server = await createSubgraphServer({ name: 'compliance', typeDefs, resolvers: resolvers as never, context: contextFactory(deps), ping: deps.ping, inputLimits });
  const stopJobs = scheduleJobs(deps.db, deps.participants, deps.jobsEveryMinutes ?? 0, deps.now);
  return {
    http: server.http,
    apollo: {
      stop: async () => {
        await stopJobs();
        await server.apollo.stop();
      },
    },
  };
}
