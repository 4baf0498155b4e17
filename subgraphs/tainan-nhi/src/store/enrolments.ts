import { and, asc, count, eq, gt, inArray, lt } from 'drizzle-orm';
import { revokeAllAtAgency, tables, type Db } from '@webir/db';
import { addYears, checkId, checkPastDay, conflict, forbidden, notFound, parsePage, ruleViolation, taipeiDay, toConnection, Violations, type PageArgs } from '@webir/kit';
import type { TnContext } from '../context.ts';
import type { EnrolmentRow } from '../loaders.ts';
import { purposes } from '../purposes.ts';
import { assertChief, AGENCY_ADMIN, CITY, isChief, readableAgencies, REGIME } from './access.ts';

const { enrolments, enrolmentReviews, agencies } = tables;

export interface EnrolInput {
  agencyId: string;
  purpose: string;
  legalBasis: string;
  legalBasisNote?: string | null;
  enrolledOn?: string | null;
}

/** TN-2.1: an enrolment names one of the listed purposes and one of that purpose's legal bases. */
export async function enrolAgency(ctx: TnContext, input: EnrolInput): Promise<EnrolmentRow> {
  assertChief(ctx.caller, 'Enrolling an agency');
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  const purpose = purposes[input.purpose];
  if (!purpose) v.add('input.purpose', `TN-2.1 lists the purposes ${Object.keys(purposes).join(', ')}`);
  else if (!purpose.bases[input.legalBasis]) v.add('input.legalBasis', `TN-2.1: the legal bases of ${input.purpose} are ${Object.keys(purpose.bases).join(', ')}`);
  if (input.purpose === 'OTHER' && !input.legalBasisNote?.trim()) v.add('input.legalBasisNote', 'TN-2.1: for other legal duties, name the law and the duty');
  checkPastDay('input.enrolledOn', input.enrolledOn, ctx.now(), v);
  v.throwIfAny();
  const today = taipeiDay(ctx.now());
  const enrolledOn = input.enrolledOn ?? today;
  return ctx.db.transaction(async (tx) => {
    const [agency] = await tx.select().from(agencies).where(eq(agencies.id, input.agencyId));
    if (!agency) throw notFound('Agency', input.agencyId);
    if (agency.city !== CITY) throw ruleViolation('TN-2.1', `${agency.name} is not an agency of Tainan City Government`);
    const [active] = await tx.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.agencyId, agency.id), eq(enrolments.status, 'ACTIVE')));
    if (active) throw conflict(`${agency.name} is already enrolled`, { enrolmentId: active.id });
    const [row] = await tx
      .insert(enrolments)
      .values({
        agencyId: agency.id,
        purpose: input.purpose,
        legalBasis: input.legalBasis,
        legalBasisNote: input.legalBasisNote?.trim() || null,
        enrolledOn,
        nextReviewDue: addYears(enrolledOn, 1),
        createdById: ctx.caller.id,
        createdAt: ctx.now(),
      })
      .returning();
    return row!;
  });
}

export interface ReviewInput {
  reviewedOn?: string | null;
  stillNeeded: boolean;
  note?: string | null;
}

/** TN-2.2: the yearly review of the need; the chief administrator or the agency's administrator. */
export async function reviewEnrolment(ctx: TnContext, id: string, input: ReviewInput): Promise<EnrolmentRow> {
  const enrolment = await activeEnrolment(ctx, id);
  if (!isChief(ctx.caller) && !ctx.caller.holds(REGIME, AGENCY_ADMIN, enrolment.agencyId)) {
    throw forbidden('Reviewing an enrolment: the chief administrator or the agency’s administrator');
  }
  const reviewedOn = input.reviewedOn ?? taipeiDay(ctx.now());
  checkPastDay('input.reviewedOn', reviewedOn, ctx.now());
  if (!input.stillNeeded && !input.note?.trim()) new Violations().add('input.note', 'say why the use is no longer needed; terminate the enrolment next (終止連結)').throwIfAny();
  return ctx.db.transaction(async (tx) => {
    await tx.insert(enrolmentReviews).values({ enrolmentId: id, reviewedOn, reviewerId: ctx.caller.id, stillNeeded: input.stillNeeded, note: input.note?.trim() || null, createdAt: ctx.now() });
    const [row] = await tx.update(enrolments).set({ nextReviewDue: addYears(reviewedOn, 1) }).where(and(eq(enrolments.id, id), eq(enrolments.status, 'ACTIVE'))).returning();
    if (!row) throw conflict('The enrolment was terminated meanwhile');
    return row;
  });
}

/** TN-2.2 終止連結: the enrolment and every NHI account and permission under it end together. */
export async function terminateEnrolment(ctx: TnContext, id: string, reason: string): Promise<EnrolmentRow> {
  assertChief(ctx.caller, 'Terminating an enrolment');
  if (!reason.trim()) new Violations().add('reason', 'a termination needs a reason').throwIfAny();
  const enrolment = await activeEnrolment(ctx, id);
  const at = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // The enrolment ended first (its row locked): an approval granting under it at the same moment
    // either committed already, and its grant is revoked below, or waits and is refused (TN-2.1).
    const [row] = await tx
      .update(enrolments)
      .set({ status: 'TERMINATED', terminatedAt: at, terminatedById: ctx.caller.id, terminationReason: reason.trim() })
      .where(and(eq(enrolments.id, id), eq(enrolments.status, 'ACTIVE')))
      .returning();
    if (!row) throw conflict('The enrolment was terminated meanwhile');
    await revokeAllAtAgency(tx, enrolment.agencyId, REGIME, { revokedById: ctx.caller.id, reason: `終止連結: ${reason.trim()}`, at });
    return row;
  });
}

async function activeEnrolment(ctx: TnContext, id: string): Promise<EnrolmentRow> {
  if (!checkId(new Violations(), 'id', id)) throw notFound('NhiEnrolment', id);
  const enrolment = await ctx.loaders.enrolment.load(id);
  if (!enrolment) throw notFound('NhiEnrolment', id);
  if (enrolment.status !== 'ACTIVE') throw conflict('The enrolment is terminated');
  return enrolment;
}

export interface EnrolmentFilter {
  status?: string | null;
  agencyId?: string | null;
  reviewOverdueOn?: string | null;
}

/** Enrolments are not personal data: anyone in the regime may list them. */
/** Enrolments (agency, purpose, legal basis) of the agencies the caller reads (TN-7.4). */
export async function listEnrolments(ctx: Pick<TnContext, 'db' | 'caller'>, filter: EnrolmentFilter = {}, args: PageArgs) {
  const { db } = ctx;
  const v = new Violations();
  checkId(v, 'filter.agencyId', filter.agencyId);
  const page = parsePage<[string]>(args, 1);
  v.throwIfAny();
  const readable = await readableAgencies(ctx.caller);
  const where = and(
    readable ? inArray(enrolments.agencyId, [...readable]) : undefined,
    filter.status ? eq(enrolments.status, filter.status) : undefined,
    filter.agencyId ? eq(enrolments.agencyId, filter.agencyId) : undefined,
    filter.reviewOverdueOn ? and(eq(enrolments.status, 'ACTIVE'), lt(enrolments.nextReviewDue, filter.reviewOverdueOn)) : undefined,
  );
  const rows = await db
    .select()
    .from(enrolments)
    .where(and(where, page.after ? gt(enrolments.id, page.after[0]) : undefined))
    .orderBy(asc(enrolments.id))
    .limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.id], async () => (await db.select({ n: count() }).from(enrolments).where(where))[0]!.n);
}

/**
 * TN-2.1: may this agency hold NHI accounts now? `lock: 'share'` (inside a transaction that grants)
 * keeps the enrolment active until it commits: a termination at the same moment waits for the grant and
 * then ends it too, or, having ended the enrolment first, makes this refuse.
 */
export async function assertEnrolled(db: Pick<Db, 'select'>, agencyId: string, lock?: 'share'): Promise<void> {
  const query = db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.agencyId, agencyId), eq(enrolments.status, 'ACTIVE')));
  const [active] = await (lock ? query.for(lock) : query);
  if (!active) throw ruleViolation('TN-2.1', 'the agency is not enrolled for NHI WebIR (no active enrolment naming its purpose and legal basis)');
}

