import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { pgErrorCode, tables, UNIQUE_VIOLATION, type AgencyHeadRow, type Caller, type Tx } from '@webir/db';
import { checkId, conflict, forbidden, notFound, taipeiDay, termHolds, Violations } from '@webir/kit';
import type { CoreContext } from '../context.ts';
import type { AgencyRow } from '../loaders.ts';

const { agencies, agencyHeads, people } = tables;

/**
 * Who signs for an agency as its head (機關首長) or the head's delegate (授權人員).
 *
 * Who records them, read from the regulations: the head signs the agency administrator's own
 * application (TN 附表一, KH 附表二) and every account form, so the agency's administrator — the person
 * the head's sign-off checks — must not be the one who says who the head is. The body above the
 * agencies records it: the chief administrator of a regime of the agency's city, who is designated
 * by the Health Bureau and handles the administrators' applications (TN 三, 四(一)), or Kaohsiung's
 * IT centre, the city's single window that sets administrators' accounts up (KH 二(一), 三(一)) — the
 * same callers who keep the agency directory. A delegate is the head's own act (其授權人員, KH 四, 六(一)):
 * the head records it, or the city's chief administrator from the head's written authorisation.
 */

export interface HeadInput {
  personId: string;
  since: string;
  reference: string;
}

export interface DelegateInput {
  personId: string;
  since?: string | null;
  until?: string | null;
  reference: string;
}

const writesCityOf = (caller: Caller, agency: AgencyRow) => caller.cities('write').includes(agency.city);

function assertCityWriter(caller: Caller, agency: AgencyRow, what: string): void {
  if (!writesCityOf(caller, agency)) {
    throw forbidden(`${what}: the chief administrator of the city's regime records it (Tainan's 總管理者, Kaohsiung's IT centre), not the agency itself`);
  }
}

async function loadAgency(ctx: CoreContext, agencyId: string): Promise<AgencyRow> {
  const agency = checkId(new Violations(), 'agencyId', agencyId) ? await ctx.loaders.agency.load(agencyId) : null;
  if (!agency) throw notFound('Agency', agencyId);
  return agency;
}

/** The person named exists, works at the agency and is active: only the agency's own staff sign for it. */
async function checkStaff(tx: Tx, agency: AgencyRow, personId: string, v: Violations): Promise<void> {
  if (!checkId(v, 'input.personId', personId)) return;
  const [person] = await tx.select().from(people).where(eq(people.id, personId));
  if (!person) v.add('input.personId', 'no such person');
  else if (person.agencyId !== agency.id) v.add('input.personId', `${person.name} does not work at ${agency.name}`);
  else if (person.employmentStatus !== 'ACTIVE') v.add('input.personId', `${person.name} is ${person.employmentStatus.toLowerCase()}`);
}

function checkReference(v: Violations, reference: string): string {
  const text = reference.trim();
  if (text.length < 4) v.add('input.reference', 'cite the appointment or the written authorisation (its letter’s number)');
  else if (text.length > 200) v.add('input.reference', 'is longer than 200 characters');
  return text;
}

/** Serialises every change of the agency's heads: one writer at a time reads the open terms. */
async function lockAgency(tx: Tx, agencyId: string): Promise<void> {
  await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, agencyId)).for('update');
}

function uniqueToConflict(error: unknown, message: string): unknown {
  return pgErrorCode(error) === UNIQUE_VIOLATION ? conflict(message) : error;
}

/** Records the head from `since` on; the predecessor's term, and the delegations they gave, end that day. */
export async function recordHead(ctx: CoreContext, agencyId: string, input: HeadInput): Promise<AgencyHeadRow> {
  const agency = await loadAgency(ctx, agencyId);
  assertCityWriter(ctx.caller, agency, 'Recording an agency’s head');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await lockAgency(tx, agency.id);
    const v = new Violations();
    await checkStaff(tx, agency, input.personId, v);
    const reference = checkReference(v, input.reference);
    const [current] = await tx
      .select()
      .from(agencyHeads)
      .where(and(eq(agencyHeads.agencyId, agency.id), eq(agencyHeads.role, 'HEAD'), isNull(agencyHeads.until)));
    if (current && input.since <= current.since) v.add('input.since', `the current head’s term began on ${current.since}: a successor starts after it`);
    v.throwIfAny();
    if (current?.personId === input.personId) throw conflict('This person is the agency’s head already');
    const ended = { until: input.since, endedById: ctx.caller.id, endedAt: now };
    if (current) await tx.update(agencyHeads).set(ended).where(eq(agencyHeads.id, current.id));
    // A delegation is the head's own authorisation: a new head authorises afresh.
    await tx
      .update(agencyHeads)
      .set(ended)
      .where(and(eq(agencyHeads.agencyId, agency.id), eq(agencyHeads.role, 'DELEGATE'), or(isNull(agencyHeads.until), gt(agencyHeads.until, input.since))));
    try {
      const [row] = await tx
        .insert(agencyHeads)
        .values({ agencyId: agency.id, personId: input.personId, role: 'HEAD', since: input.since, reference, recordedById: ctx.caller.id, recordedAt: now })
        .returning();
      return row!;
    } catch (error) {
      throw uniqueToConflict(error, 'The agency’s head was recorded meanwhile');
    }
  });
}

/** Records a delegate of the head (授權人員): by the head holding office today, or the city's chief administrator. */
export async function recordDelegate(ctx: CoreContext, agencyId: string, input: DelegateInput): Promise<AgencyHeadRow> {
  const agency = await loadAgency(ctx, agencyId);
  const now = ctx.now();
  const today = taipeiDay(now);
  return ctx.db.transaction(async (tx) => {
    await lockAgency(tx, agency.id);
    const terms = await tx.select().from(agencyHeads).where(eq(agencyHeads.agencyId, agency.id));
    const headToday = terms.find((t) => t.role === 'HEAD' && termHolds(t, today));
    if (!writesCityOf(ctx.caller, agency) && headToday?.personId !== ctx.caller.id) {
      throw forbidden('A delegate is authorised by the agency’s head (其授權人員): the head records it, or the city’s chief administrator from the head’s written authorisation');
    }
    const v = new Violations();
    await checkStaff(tx, agency, input.personId, v);
    const reference = checkReference(v, input.reference);
    const since = input.since ?? today;
    if (input.until != null && input.until <= since) v.add('input.until', 'a delegation ends after it begins');
    const head = terms.find((t) => t.role === 'HEAD' && termHolds(t, since));
    if (!head) v.add('input.since', `${agency.name} has no head recorded on ${since}: record the head first`);
    else if (head.personId === input.personId) v.add('input.personId', 'the head signs as the head, not as their own delegate');
    v.throwIfAny();
    // The same person twice over the same days would be one delegation recorded twice.
    const end = input.until ?? '9999-12-31';
    const overlap = terms.some((t) => t.role === 'DELEGATE' && t.personId === input.personId && t.since < end && (t.until === null || since < t.until));
    if (overlap) throw conflict('This person is a delegate of the head over those days already');
    try {
      const [row] = await tx
        .insert(agencyHeads)
        .values({ agencyId: agency.id, personId: input.personId, role: 'DELEGATE', since, until: input.until ?? null, reference, recordedById: ctx.caller.id, recordedAt: now })
        .returning();
      return row!;
    } catch (error) {
      throw uniqueToConflict(error, 'This person was made a delegate meanwhile');
    }
  });
}

/** Ends a term on a day: a head's by the city's chief administrator; a delegation also by the head who holds office. */
export async function endTerm(ctx: CoreContext, id: string, until: string): Promise<AgencyHeadRow> {
  const v = new Violations();
  if (!checkId(v, 'id', id)) v.throwIfAny();
  const [term] = await ctx.db.select().from(agencyHeads).where(eq(agencyHeads.id, id));
  if (!term) throw notFound('AgencyHeadTerm', id);
  const agency = await loadAgency(ctx, term.agencyId);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await lockAgency(tx, agency.id);
    const terms = await tx.select().from(agencyHeads).where(eq(agencyHeads.agencyId, agency.id));
    const headToday = terms.find((t) => t.role === 'HEAD' && termHolds(t, taipeiDay(now)));
    const byHead = term.role === 'DELEGATE' && headToday?.personId === ctx.caller.id;
    if (!writesCityOf(ctx.caller, agency) && !byHead) {
      throw forbidden(term.role === 'HEAD' ? 'A head’s term is ended by the city’s chief administrator' : 'A delegation is ended by the head or the city’s chief administrator');
    }
    const current = terms.find((t) => t.id === id)!;
    if (until < current.since) new Violations().add('until', `the term began on ${current.since}`).throwIfAny();
    if (current.until !== null && current.until <= until) throw conflict(`The term ended on ${current.until} already`);
    const ended = { until, endedById: ctx.caller.id, endedAt: now };
    const [row] = await tx.update(agencyHeads).set(ended).where(eq(agencyHeads.id, id)).returning();
    // The delegations the head gave end with the head's term: they were the head's own authorisation.
    if (term.role === 'HEAD') {
      await tx
        .update(agencyHeads)
        .set(ended)
        .where(and(eq(agencyHeads.agencyId, agency.id), eq(agencyHeads.role, 'DELEGATE'), or(isNull(agencyHeads.until), gt(agencyHeads.until, until))));
    }
    return row!;
  });
}

/**
 * The terms a caller may read: every term for those who see the agency's people (its administrators,
 * the city's regime-wide roles) and for its own staff, who route forms to the head; others only their own.
 */
export async function visibleTerms(ctx: CoreContext, agencyId: string): Promise<AgencyHeadRow[]> {
  const terms = await ctx.loaders.headTermsOfAgency.load(agencyId);
  if (ctx.caller.person.agencyId === agencyId || (await ctx.caller.scope()).read.has(agencyId)) return terms;
  return terms.filter((t) => t.personId === ctx.caller.id);
}

/** The head on the day, or none. */
export async function headOn(ctx: CoreContext, agencyId: string, day: string): Promise<AgencyHeadRow | null> {
  return (await visibleTerms(ctx, agencyId)).find((t) => t.role === 'HEAD' && termHolds(t, day)) ?? null;
}

/** The delegates whose delegation holds on the day. */
export async function delegatesOn(ctx: CoreContext, agencyId: string, day: string): Promise<AgencyHeadRow[]> {
  return (await visibleTerms(ctx, agencyId)).filter((t) => t.role === 'DELEGATE' && termHolds(t, day));
}
