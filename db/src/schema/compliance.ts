import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { people } from './core.ts';

/** What the graph across regimes keeps of its own (issue 6): offboardings and retention runs. */
export const compliance = pgSchema('compliance');

export interface OffboardingEnded {
  regime: string;
  kind: string;
  id: string;
  label: string | null;
}

/**
 * a person leaving or changing duties. Recorded once; carried out on its effective day (at once
 * when that day has come), the parts a regime wants done ahead (KH-4.4) when it is recorded.
 */
export const offboardings = compliance.table(
  'offboardings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull().references(() => people.id),
    kind: text('kind').notNull(), // RESIGNED | RETIRED | REASSIGNED
    effectiveOn: date('effective_on').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(), // SCHEDULED | DONE
    recordedById: uuid('recorded_by_id').notNull().references(() => people.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** Every account, request and form it ended, and every ledger permission it revoked. */
    ended: jsonb('ended').$type<OffboardingEnded[]>().notNull().default([]),
  },
  (t) => [
    index('offboardings_person_idx').on(t.personId),
    // One change waiting per person: a second one is either the same (nothing happens) or refused.
    uniqueIndex('offboardings_scheduled_uq').on(t.personId).where(sql`${t.status} = 'SCHEDULED'`),
    index('offboardings_due_idx').on(t.status, t.effectiveOn),
  ],
);

/** every run of the purge, by hand, from the CLI or scheduled, and what it removed per regime. */
export const purgeRuns = compliance.table(
  'purge_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger').notNull(), // MUTATION | CLI | SCHEDULE
    dryRun: boolean('dry_run').notNull(),
    today: date('today').notNull(),
    ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
    byId: uuid('by_id').references(() => people.id),
    removed: integer('removed').notNull(),
    /** [{ regime, kind, count }] */
    counts: jsonb('counts').$type<{ regime: string; kind: string; count: number }[]>().notNull().default([]),
  },
  (t) => [index('purge_runs_ran_idx').on(t.ranAt)],
);
