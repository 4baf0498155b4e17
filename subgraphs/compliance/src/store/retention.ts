import { and, count, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { regimeWideRoles, tables, type Db } from '@webir/db';
import type { Expired, RegimeParticipant } from '@webir/db/regime';
import { forbidden, parsePage, taipeiDay, toConnection, type PageArgs } from '@webir/kit';
import type { ComplianceContext } from '../context.ts';

const { purgeRuns } = tables;

export type PurgeTrigger = 'MUTATION' | 'CLI' | 'SCHEDULE';
export type PurgedRecord = Expired & { regime: string };

export interface PurgeOutcome {
  dryRun: boolean;
  today: string;
  records: PurgedRecord[];
  run: typeof purgeRuns.$inferSelect | null;
}

/**
 * every regime removes what has outlived its period (each regime's participant knows its
 * periods and logs each removal with the rule that allowed it, in its own transaction); the run is
 * logged here with what each regime removed. A dry run removes and writes nothing.
 */
export async function runPurge(
  db: Db,
  participants: readonly RegimeParticipant[],
  run: { trigger: PurgeTrigger; now: Date; byId: string | null; dryRun: boolean },
): Promise<PurgeOutcome> {
  const today = taipeiDay(run.now);
  const records: PurgedRecord[] = [];
  try {
    for (const p of participants) {
      if (!p.purge) continue;
      for (const e of await p.purge(db, { today, now: run.now, byId: run.byId, dryRun: run.dryRun })) records.push({ ...e, regime: p.regime });
    }
  } catch (error) {
    // Each regime commits its own removals: when a later one fails, what the earlier ones removed is
    // gone all the same, and the run must still be logged with it before the failure is reported.
    if (!run.dryRun && records.length) await logRun(db, run, today, records);
    throw error;
  }
  if (run.dryRun) return { dryRun: true, today, records, run: null };
  return { dryRun: false, today, records, run: await logRun(db, run, today, records) };
}

async function logRun(db: Db, run: { trigger: PurgeTrigger; now: Date; byId: string | null }, today: string, records: PurgedRecord[]) {
  const counts = new Map<string, { regime: string; kind: string; count: number }>();
  for (const r of records) {
    const key = `${r.regime}|${r.kind}`;
    const c = counts.get(key) ?? { regime: r.regime, kind: r.kind, count: 0 };
    c.count += 1;
    counts.set(key, c);
  }
  const [logged] = await db
    .insert(purgeRuns)
    .values({ trigger: run.trigger, dryRun: false, today, ranAt: run.now, byId: run.byId, removed: records.length, counts: [...counts.values()] })
    .returning();
  return logged!;
}

/** By hand: only the regimes whose records the caller may purge (a chief administrator, the IT centre). */
export async function purgeByHand(ctx: ComplianceContext, dryRun: boolean): Promise<PurgeOutcome> {
  const mine = ctx.participants.filter((p) => p.purge && p.mayPurge?.(ctx.caller));
  if (!mine.length) throw forbidden('Purging records: a regime\'s chief administrator or the IT centre only');
  return runPurge(ctx.db, mine, { trigger: 'MUTATION', now: ctx.now(), byId: ctx.caller.id, dryRun });
}

/**
 * The log of runs, each as far as it concerns the regimes the caller may purge or reads whole (a
 * chief administrator, an auditor, the IT centre, the Labour Bureau): another regime's removals are
 * not theirs to see, nor a run that removed only those (it would name a person of another city they
 * may not see). A run that removed nothing shows to them when it was scheduled or from the CLI (it
 * covered every regime) or was their own.
 */
/** The purge runs that concern the caller: of a regime they may purge or read, or an empty run of their own or the job's. */
function purgeRunsOf(ctx: ComplianceContext) {
  const regimes = ctx.participants
    .filter((p) => p.mayPurge?.(ctx.caller) || ctx.caller.permissions.some((g) => g.regimeCode === p.regime && regimeWideRoles[p.regime]?.read.includes(g.role)))
    .map((p) => p.regime);
  if (!regimes.length) return null;
  const concerns = or(
    ...regimes.map((regime) => sql`${purgeRuns.counts} @> ${JSON.stringify([{ regime }])}::jsonb`),
    and(eq(purgeRuns.removed, 0), or(isNull(purgeRuns.byId), eq(purgeRuns.byId, ctx.caller.id))),
  )!;
  // What another regime removed is not the caller's to see.
  const shown = (r: typeof purgeRuns.$inferSelect) => {
    const counts = r.counts.filter((c) => regimes.includes(c.regime));
    return { ...r, counts, removed: counts.reduce((n, c) => n + c.count, 0) };
  };
  return { concerns, shown };
}

export async function listPurgeRuns(ctx: ComplianceContext, first: number) {
  const of = purgeRunsOf(ctx);
  if (!of) return [];
  const rows = await ctx.db
    .select()
    .from(purgeRuns)
    .where(of.concerns)
    .orderBy(desc(purgeRuns.ranAt), desc(purgeRuns.id))
    .limit(Math.min(Math.max(first, 0), 500));
  return rows.map(of.shown);
}

/** the purge runs, newest first, a page at a time (issue 11: one a day for ever). Keyset on (ranAt, id). */
export async function purgeRunsPage(ctx: ComplianceContext, args: PageArgs) {
  const page = parsePage<[string, string]>(args, 2);
  const of = purgeRunsOf(ctx);
  if (!of) return toConnection([], page, () => [], async () => 0);
  const before = page.after ? sql`(${purgeRuns.ranAt}, ${purgeRuns.id}) < (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await ctx.db
    .select()
    .from(purgeRuns)
    .where(and(of.concerns, before))
    .orderBy(desc(purgeRuns.ranAt), desc(purgeRuns.id))
    .limit(page.limit + 1);
  return toConnection(
    rows.map(of.shown),
    page,
    (r) => [r.ranAt.toISOString(), r.id],
    async () => (await ctx.db.select({ n: count() }).from(purgeRuns).where(of.concerns))[0]!.n,
  );
}
