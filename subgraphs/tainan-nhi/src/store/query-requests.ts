import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { serviceItemId, tables, type Caller, type Db } from '@webir/db';
import { addYears, checkId, conflict, notFound, parsePage, ruleViolation, taipeiDay, toConnection, validatePersonalId, Violations, type PageArgs } from '@webir/kit';
import type { TnContext } from '../context.ts';
import type { QueryRequestRow } from '../loaders.ts';
import { assertNotAuditorOnly, queriesScope, readsRegime, REGIME, USER } from './access.ts';
import { ITEM_CODES } from './applications.ts';
import { assertEnrolled } from './enrolments.ts';

const { queryRequests } = tables;

export interface QueryRequestInput {
  subjectName: string;
  subjectNationalId: string;
  items: string[];
  purpose: string;
  legalBasis: string;
}

/** 附表三: what the requester means to query, about whom, why, under which law (TN-7.1). */
export async function fileQueryRequest(ctx: TnContext, input: QueryRequestInput): Promise<QueryRequestRow> {
  const { caller } = ctx;
  assertNotAuditorOnly(caller, 'Filing a query request');
  const v = new Violations();
  if (!input.subjectName.trim()) v.add('input.subjectName', 'name the person the query is about');
  const subject = validatePersonalId(input.subjectNationalId);
  if (!subject.ok) v.add('input.subjectNationalId', subject.message);
  if (!input.items.length) v.add('input.items', 'name at least one item');
  const unknown = input.items.filter((i) => !ITEM_CODES.includes(i));
  if (unknown.length) v.add('input.items', `unknown items ${unknown.join(', ')}: the items are 01–13`);
  if (input.purpose.trim().length < 4) v.add('input.purpose', 'state the purpose of the query');
  if (input.legalBasis.trim().length < 2) v.add('input.legalBasis', 'state the legal basis');
  v.throwIfAny();
  // Only items the requester holds now (附表二, TN-5.3), at an enrolled agency (TN-2.1).
  const held = new Set(caller.permissions.filter((p) => p.regimeCode === REGIME && p.role === USER).map((p) => p.serviceItemId));
  const missing = input.items.filter((i) => !held.has(serviceItemId(REGIME, i)));
  if (missing.length) throw ruleViolation('TN-5.3', `you hold no access to item ${missing.join(', ')}: apply on 附表二 first`);
  const agencyId = caller.person.agencyId;
  if (!agencyId) throw ruleViolation('TN-2.1', 'you belong to no agency');
  await assertEnrolled(ctx.db, agencyId);
  if (!caller.person.supervisorId) throw ruleViolation('TN-7.1', 'you have no supervisor in the directory to approve the request');

  const now = ctx.now();
  const id = subject.ok ? subject.id : '';
  const [row] = await ctx.db
    .insert(queryRequests)
    .values({
      number: `F3-${taipeiDay(now).replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`,
      requesterId: caller.id,
      agencyId,
      subjectName: input.subjectName.trim(),
      subjectIdEnc: ctx.cipher.encrypt(id),
      subjectIdHash: ctx.cipher.hash(id),
      items: [...new Set(input.items)].sort(),
      purpose: input.purpose.trim(),
      legalBasis: input.legalBasis.trim(),
      status: 'PENDING',
      requestedAt: now,
      retainUntil: addYears(taipeiDay(now), 5), // TN-7.7
    })
    .returning();
  return row!;
}

/** TN-7.1: approved by the requester's supervisor, never by the requester. */
export async function decideQueryRequest(ctx: TnContext, id: string, decision: { approve: boolean; note?: string }): Promise<QueryRequestRow> {
  const request = await loadVisible(ctx, id);
  if (request.requesterId === ctx.caller.id) throw ruleViolation('TN-7.1', 'nobody approves their own query request');
  const requester = (await ctx.loaders.person.load(request.requesterId))!;
  if (requester.supervisorId !== ctx.caller.id) throw ruleViolation('TN-7.1', 'a query request is approved by the requester’s supervisor');
  if (!decision.approve && !decision.note?.trim()) new Violations().add('note', 'say why it is rejected').throwIfAny();
  const [row] = await ctx.db
    .update(queryRequests)
    .set({ status: decision.approve ? 'APPROVED' : 'REJECTED', approverId: ctx.caller.id, decidedAt: ctx.now(), decisionNote: decision.note?.trim() || null })
    .where(and(eq(queryRequests.id, id), eq(queryRequests.status, 'PENDING')))
    .returning();
  if (!row) throw conflict(`The request is already ${request.status.toLowerCase()}`);
  return row;
}

/** The requester, their supervisor, the agency's administrators, the regime's readers (TN-7.4). */
export async function canSeeRequest(ctx: TnContext, request: QueryRequestRow): Promise<boolean> {
  const { caller } = ctx;
  if (readsRegime(caller) || request.requesterId === caller.id) return true;
  const requester = await ctx.loaders.person.load(request.requesterId);
  if (requester?.supervisorId === caller.id) return true;
  return caller.administeredAgencyIds().length > 0 && (await caller.scope()).read.has(request.agencyId);
}

async function loadVisible(ctx: TnContext, id: string): Promise<QueryRequestRow> {
  const request = checkId(new Violations(), 'id', id) ? await ctx.loaders.queryRequest.load(id) : null;
  if (!request || !(await canSeeRequest(ctx, request))) throw notFound('NhiQueryRequest', id);
  assertNotAuditorOnly(ctx.caller, 'Deciding a query request');
  return request;
}

export interface QueryRequestFilter {
  requesterId?: string | null;
  agencyId?: string | null;
  status?: string | null;
}

export async function listQueryRequests(db: Db, caller: Caller, filter: QueryRequestFilter = {}, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.requesterId', filter.requesterId);
  checkId(v, 'filter.agencyId', filter.agencyId);
  const page = parsePage<[string, string]>(args, 2);
  v.throwIfAny();
  const scope = await queriesScope(db, caller, queryRequests.requesterId, queryRequests.agencyId);
  const where = and(
    scope,
    filter.requesterId ? eq(queryRequests.requesterId, filter.requesterId) : undefined,
    filter.agencyId ? eq(queryRequests.agencyId, filter.agencyId) : undefined,
    filter.status ? eq(queryRequests.status, filter.status) : undefined,
  );
  const after = page.after ? sql`(${queryRequests.requestedAt}, ${queryRequests.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(queryRequests).where(and(where, after)).orderBy(asc(queryRequests.requestedAt), asc(queryRequests.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.requestedAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(queryRequests).where(where))[0]!.n);
}
