import { and, count, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { revokeMatching, tables, type Db, type PermissionRow, type Tx } from '@webir/db';
import type { Ended, Offboarding, RegimeParticipant } from '@webir/db/regime';
import { badInput, checkId, conflict, forbidden, notFound, parsePage, taipeiDay, toConnection, Violations, type PageArgs } from '@webir/kit';
import type { ComplianceContext } from '../context.ts';
import type { OffboardingRow } from '../loaders.ts';

const { offboardings, people } = tables;

export type OffboardingKind = Offboarding['kind'];

export interface OffboardInput {
  personId: string;
  kind: OffboardingKind;
  effectiveOn: string;
  reason: string;
}

/** How far ahead a change may be recorded: a date years away is a typing error, not a plan. */
const MAX_DAYS_AHEAD = 366;

/**
 * records that a person resigned, retired or changed duties, and carries it out. Everything
 * happens in one transaction: the record, the ledger's revocations in every regime, each regime's
 * own part (its accounts, open requests and forms). A change dated later waits for its day (the
 * scheduled job or `runDueOffboardings` carries it out), except the parts a regime wants done ahead:
 * Kaohsiung deletes the account before the change of duties takes effect (KH-4.4).
 *
 * Recording the same change again returns the first record and changes nothing.
 */
export async function offboardPerson(ctx: ComplianceContext, input: OffboardInput): Promise<OffboardingRow> {
  const v = new Violations();
  checkId(v, 'input.personId', input.personId);
  const reason = input.reason.trim();
  if (!reason) v.add('input.reason', 'say why: the reason is recorded on every permission it ends');
  else if (reason.length > 500) v.add('input.reason', 'is longer than 500 characters');
  const today = taipeiDay(ctx.now());
  const latest = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
  if (input.effectiveOn > latest) v.add('input.effectiveOn', `is more than a year ahead (latest ${latest})`);
  v.throwIfAny();

  const scope = await ctx.caller.scope(); // loaded outside the transaction: PGlite has one connection
  return ctx.db.transaction(async (tx) => {
    const [person] = await tx.select().from(people).where(eq(people.id, input.personId)).for('update');
    if (!person || !(await ctx.caller.canSeePerson(person))) throw notFound('Person', input.personId);
    if (!person.agencyId || !scope.write.has(person.agencyId)) {
      throw forbidden('Recording a change of employment: you administer neither this person\'s agency nor its city\'s regime');
    }
    const earlier = await tx.select().from(offboardings).where(eq(offboardings.personId, person.id)).orderBy(desc(offboardings.recordedAt));
    const same = earlier.find((o) => o.kind === input.kind && o.effectiveOn === input.effectiveOn);
    if (same) return same;
    const waiting = earlier.find((o) => o.status === 'SCHEDULED');
    if (waiting) throw conflict(`${person.name}'s change (${waiting.kind.toLowerCase()} on ${waiting.effectiveOn}) is already recorded and waits for its day`, { offboardingId: waiting.id });
    if (person.employmentStatus !== 'ACTIVE') {
      throw conflict(`${person.name} is already ${person.employmentStatus.toLowerCase()} (since ${person.employmentStatusEffectiveOn ?? 'a day not recorded'})`, { personId: person.id });
    }

    const at = ctx.now();
    const [row] = await tx
      .insert(offboardings)
      .values({ personId: person.id, kind: input.kind, effectiveOn: input.effectiveOn, reason, status: 'SCHEDULED', recordedById: ctx.caller.id, recordedAt: at })
      .returning();
    const change: Offboarding = { id: row!.id, personId: person.id, kind: input.kind, effectiveOn: input.effectiveOn, reason, byId: ctx.caller.id, at };
    const ended: Ended[] = [];
    // An AHEAD part revokes its own regime's grants with it (the participant's contract).
    for (const p of ctx.participants.filter((p) => p.offboardTiming === 'AHEAD')) ended.push(...(await p.offboard(tx, change)));
    if (input.effectiveOn <= today) return carryOut(tx, ctx.participants, row!, change, ended);
    const [saved] = await tx.update(offboardings).set({ ended }).where(eq(offboardings.id, row!.id)).returning();
    return saved!;
  });
}

/**
 * The change on its day: the person's status, every remaining permission in every regime (also of
 * a regime with no participant), and every regime's part. Participants that ran ahead run again and
 * find nothing more to end.
 */
async function carryOut(tx: Tx, participants: readonly RegimeParticipant[], row: OffboardingRow, change: Offboarding, endedBefore: Ended[]): Promise<OffboardingRow> {
  await tx.update(people).set({ employmentStatus: change.kind, employmentStatusEffectiveOn: change.effectiveOn, updatedAt: change.at }).where(eq(people.id, change.personId));
  const ended = [...endedBefore, ...permissionsEnded(await revokeMatching(tx, { personId: change.personId }, revocation(change)))];
  for (const p of participants) ended.push(...(await p.offboard(tx, change)));
  const [done] = await tx.update(offboardings).set({ status: 'DONE', doneAt: change.at, ended }).where(eq(offboardings.id, row.id)).returning();
  return done!;
}

const revocation = (change: Offboarding) => ({
  revokedById: change.byId,
  reason: `X-1: ${change.kind.toLowerCase()} on ${change.effectiveOn}: ${change.reason}`,
  at: change.at,
});

const permissionsEnded = (rows: PermissionRow[]): Ended[] =>
  rows.map((p) => ({ regime: p.regimeCode, kind: 'PERMISSION', id: p.id, label: p.serviceItemId ? `${p.role} ${p.serviceItemId.split(':')[1]}` : p.role }));

/** A due change the run could not carry out: it stays SCHEDULED for the next run. */
export interface FailedOffboarding {
  offboardingId: string;
  personId: string;
  effectiveOn: string;
  error: unknown;
}

/**
 * Carries out every recorded change whose day has come by `on`: what the scheduled job does each
 * day. `byId` is who asked (null for the job). Each change runs in its own transaction and a failure
 * is caught and returned with the change, so one that fails (rolled back, left SCHEDULED) does not
 * hold back the others, nor what the caller runs after (the purge).
 */
export async function applyDueOffboardings(
  db: Db,
  participants: readonly RegimeParticipant[],
  run: { on: string; now: Date; byId: string | null; agencyIds?: Set<string> },
): Promise<{ done: OffboardingRow[]; failed: FailedOffboarding[] }> {
  const due = await db
    .select({ row: offboardings, agencyId: people.agencyId })
    .from(offboardings)
    .innerJoin(people, eq(people.id, offboardings.personId))
    .where(and(eq(offboardings.status, 'SCHEDULED'), lte(offboardings.effectiveOn, run.on)))
    .orderBy(offboardings.effectiveOn, offboardings.recordedAt);
  const done: OffboardingRow[] = [];
  const failed: FailedOffboarding[] = [];
  for (const { row, agencyId } of due) {
    if (run.agencyIds && !(agencyId && run.agencyIds.has(agencyId))) continue;
    const change: Offboarding = { id: row.id, personId: row.personId, kind: row.kind as OffboardingKind, effectiveOn: row.effectiveOn, reason: row.reason, byId: run.byId, at: run.now };
    try {
      done.push(
        await db.transaction(async (tx) => {
          const [current] = await tx.select().from(offboardings).where(eq(offboardings.id, row.id)).for('update');
          // Another run carried it out meanwhile: nothing more to do.
          if (current!.status !== 'SCHEDULED') return current!;
          return carryOut(tx, participants, current!, change, current!.ended);
        }),
      );
    } catch (error) {
      failed.push({ offboardingId: row.id, personId: row.personId, effectiveOn: row.effectiveOn, error });
    }
  }
  return { done, failed };
}

/** The mutation's way in: on a day that has come, for the people the caller may change. */
export async function runDueOffboardings(ctx: ComplianceContext, on: string | null | undefined): Promise<OffboardingRow[]> {
  const today = taipeiDay(ctx.now());
  const day = on ?? today;
  if (day > today) throw badInput([{ field: 'on', message: 'is a day to come: a change is carried out on its day, not before' }]);
  const { write } = await ctx.caller.scope();
  if (!write.size) throw forbidden('Carrying out changes of employment: you administer no agency');
  const { done, failed } = await applyDueOffboardings(ctx.db, ctx.participants, { on: day, now: ctx.now(), byId: ctx.caller.id, agencyIds: write });
  // The others are carried out (each committed on its own); the caller still hears of the failure.
  if (failed.length) throw failed[0]!.error;
  return done;
}

/** The changes the caller may see: of people they may see. */
export async function listOffboardings(ctx: ComplianceContext, filter: { personId?: string | null; status?: string | null }) {
  const v = new Violations();
  checkId(v, 'filter.personId', filter.personId);
  v.throwIfAny();
  const rows = await ctx.db
    .select({ row: offboardings, person: people })
    .from(offboardings)
    .innerJoin(people, eq(people.id, offboardings.personId))
    .where(and(filter.personId ? eq(offboardings.personId, filter.personId) : undefined, filter.status ? eq(offboardings.status, filter.status) : undefined))
    .orderBy(desc(offboardings.recordedAt));
  const seen = await Promise.all(rows.map((r) => ctx.caller.canSeePerson(r.person)));
  return rows.filter((_, i) => seen[i]).map((r) => r.row);
}

/**
 * Who the caller may see, in SQL, as `Caller.canSeePerson` decides it one by one: themselves, their
 * staff, anyone at an agency they read, and people of no agency for a national regime's reader.
 */
async function seesPerson(ctx: ComplianceContext): Promise<SQL> {
  const { read } = await ctx.caller.scope();
  return or(
    eq(people.id, ctx.caller.id),
    eq(people.supervisorId, ctx.caller.id),
    read.size ? inArray(people.agencyId, [...read]) : undefined,
    ctx.caller.readsNationalRegime() ? isNull(people.agencyId) : undefined,
  )!;
}

/**
 * changes of employment recorded, newest first, a page at a time (issue 11: the list grows with
 * every leaver). Keyset on (recordedAt, id); only whom the caller may see, filtered by the database.
 */
export async function offboardingsPage(ctx: ComplianceContext, filter: { personId?: string | null; status?: string | null }, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.personId', filter.personId);
  v.throwIfAny();
  const page = parsePage<[string, string]>(args, 2);
  const where = and(await seesPerson(ctx), filter.personId ? eq(offboardings.personId, filter.personId) : undefined, filter.status ? eq(offboardings.status, filter.status) : undefined);
  const before = page.after ? sql`(${offboardings.recordedAt}, ${offboardings.id}) < (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await ctx.db
    .select({ row: offboardings })
    .from(offboardings)
    .innerJoin(people, eq(people.id, offboardings.personId))
    .where(and(where, before))
    .orderBy(desc(offboardings.recordedAt), desc(offboardings.id))
    .limit(page.limit + 1);
  return toConnection(
    rows.map((r) => r.row),
    page,
    (r) => [r.recordedAt.toISOString(), r.id],
    async () => (await ctx.db.select({ n: count() }).from(offboardings).innerJoin(people, eq(people.id, offboardings.personId)).where(where))[0]!.n,
  );
}
