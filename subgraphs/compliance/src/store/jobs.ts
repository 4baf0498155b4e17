import type { Db } from '@webir/db';
import type { RegimeParticipant } from '@webir/db/regime';
import { taipeiDay } from '@webir/kit';
import { applyDueOffboardings } from './offboarding.ts';
import { runPurge, type PurgeTrigger } from './retention.ts';

export interface JobsReport {
  offboardingsDone: number;
  purged: number;
  /** Changes of employment that could not be carried out; each stays SCHEDULED for the next run. */
  offboardingsFailed: { offboardingId: string; personId: string; effectiveOn: string; message: string }[];
}

/**
 * What runs every day without anyone asking: changes of employment whose day has come, then
 * the purge. The server runs it on a timer when WEBIR_JOBS_EVERY_MINUTES is set; `npm run
 * jobs` runs it once (cron's way). Each change is carried out on its own: one that fails is reported
 * in `offboardingsFailed` and neither stops the others nor the purge.
 */
export async function runScheduledJobs(db: Db, participants: readonly RegimeParticipant[], run: { now: Date; trigger: PurgeTrigger }): Promise<JobsReport> {
  const { done, failed } = await applyDueOffboardings(db, participants, { on: taipeiDay(run.now), now: run.now, byId: null });
  const purge = await runPurge(db, participants, { trigger: run.trigger, now: run.now, byId: null, dryRun: false });
  return {
    offboardingsDone: done.length,
    purged: purge.records.length,
    offboardingsFailed: failed.map((f) => ({ offboardingId: f.offboardingId, personId: f.personId, effectiveOn: f.effectiveOn, message: (f.error as Error)?.message ?? String(f.error) })),
  };
}

/** The lines a run leaves in the log: what was done, and each change that failed (for someone to act on). */
export function jobsReportLines(report: JobsReport): string[] {
  return [
    `${report.offboardingsDone} change(s) of employment carried out, ${report.purged} record(s) purged`,
    ...report.offboardingsFailed.map((f) => `change of employment ${f.offboardingId} (person ${f.personId}, effective ${f.effectiveOn}) failed and stays scheduled: ${f.message}`),
  ];
}

/** Node's timers hold at most 2^31 − 1 ms (about 24.8 days); a longer delay fires after 1 ms instead. */
export const MAX_JOBS_EVERY_MINUTES = Math.floor((2 ** 31 - 1) / 60_000);

/**
 * Starts the timer; returns its stop, which also waits for a run in progress, so a server shutting
 * down does not close the database under a purge. Off (a no-op) unless minutes > 0.
 */
export function scheduleJobs(db: Db, participants: readonly RegimeParticipant[], minutes: number, now: () => Date, log: (line: string) => void = console.log): () => Promise<void> {
  if (!(minutes > 0)) return async () => {};
  // Refused rather than run: past the limit Node would run the purge every millisecond, back to back.
  if (minutes > MAX_JOBS_EVERY_MINUTES) throw new Error(`WEBIR_JOBS_EVERY_MINUTES=${minutes}: at most ${MAX_JOBS_EVERY_MINUTES} minutes between runs (the jobs are daily; 1440 runs them once a day)`);
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    // One run at a time: a slow purge must not overlap the next tick.
    if (running) return;
    running = runScheduledJobs(db, participants, { now: now(), trigger: 'SCHEDULE' })
      .then((r) => {
        for (const line of jobsReportLines(r)) log(`[compliance] scheduled jobs: ${line}`);
      })
      .catch((error: unknown) => log(`[compliance] scheduled jobs failed: ${(error as Error).message}`))
      .finally(() => {
        running = null;
      });
  }, minutes * 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
