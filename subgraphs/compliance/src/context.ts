import type { RegimeContext, RegimeDeps, RegimeParticipant } from '@webir/db/regime';
import { regimeContextFactory } from '@webir/db/regime';
import { createLoaders, type ComplianceLoaders } from './loaders.ts';

export interface ComplianceDeps extends RegimeDeps {
  /** Every regime's part (stack/src/subgraphs.ts); a new regime adds its participant there. */
  participants: readonly RegimeParticipant[];
  /** Minutes between runs of the scheduled jobs (due offboardings, the purge); 0 = off, the default. */
  jobsEveryMinutes?: number;
}

export type ComplianceContext = RegimeContext<ComplianceLoaders> & { participants: readonly RegimeParticipant[] };

export function contextFactory(deps: ComplianceDeps) {
  const base = regimeContextFactory(deps, createLoaders);
  return async (req: Parameters<typeof base>[0]): Promise<ComplianceContext> => ({ ...(await base(req)), participants: deps.participants });
}
