export { createComplianceSubgraph, typeDefs } from './server.ts';
export type { ComplianceContext, ComplianceDeps } from './context.ts';
export { runScheduledJobs, type JobsReport } from './store/jobs.ts';
export { runPurge, type PurgeOutcome } from './store/retention.ts';
export { inputLimits } from './input-limits.ts';
