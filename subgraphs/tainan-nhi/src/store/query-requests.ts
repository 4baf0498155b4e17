import { serviceItemId, tables, type Caller, type Db } from '@webir/db';
import { canSeeQueriesOf, decideRequest, formNumber, listRequests, type RequestFilter } from '@webir/db/regime';
import { addYears, checkId, notFound, ruleViolation, taipeiDay, validatePersonalId, Violations, type PageArgs } from '@webir/kit';
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
  // Only items the requester holds now (附表二, TN-5.3), at an enrolled agency (TN-2.1): held, and
  // open — the approver records the day access opens (TN-5.2), and before it the item is not held yet.
  const today = taipeiDay(ctx.now());
  const grants = caller.permissions.filter((p) => p.regimeCode === REGIME && p.role === USER);
  const held = new Set(grants.map((p) => p.serviceItemId));
  const missing = input.items.filter((i) => !held.has(serviceItemId(REGIME, i)));
  if (missing.length) throw ruleViolation('TN-5.3', `you hold no access to item ${missing.join(', ')}: apply on 附表二 first`);
  const opensOf = (item: string) => {
    const days = grants.filter((p) => p.serviceItemId === serviceItemId(REGIME, item)).map((p) => p.effectiveFrom ?? today);
    return days.sort()[0]!;
  };
  const notYet = input.items.filter((i) => opensOf(i) > today);
  if (notYet.length) throw ruleViolation('TN-5.3', `your access to item ${notYet.map((i) => `${i} opens on ${opensOf(i)}`).join(', ')}: file the request from that day`, { opensOn: opensOf(notYet[0]!) });
  const agencyId = caller.person.agencyId;
  if (!agencyId) throw ruleViolation('TN-2.1', 'you belong to no agency');
  await assertEnrolled(ctx.db, agencyId);
  if (!caller.person.supervisorId) throw ruleViolation('TN-7.1', 'you have no supervisor in the directory to approve the request');

  const now = ctx.now();
  const id = subject.ok ? subject.id : '';
  const [row] = await ctx.db
    .insert(queryRequests)
    .values({
      number: formNumber('F3', now),
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
  const requester = await ctx.loaders.person.load(request.requesterId);
  return decideRequest(ctx.db, queryRequests, {
    request,
    requesterSupervisorId: requester?.supervisorId ?? null,
    caller: ctx.caller,
    approve: decision.approve,
    note: decision.note ?? null,
    now: ctx.now(),
    rule: 'TN-7.1',
    what: 'query request',
  });
}

/** The requester, their supervisor, the agency's administrators, the regime's readers (TN-7.4). */
export async function canSeeRequest(ctx: TnContext, request: QueryRequestRow): Promise<boolean> {
  return canSeeQueriesOf(ctx.caller, readsRegime(ctx.caller), await ctx.loaders.person.load(request.requesterId), request.agencyId, 'tree');
}

async function loadVisible(ctx: TnContext, id: string): Promise<QueryRequestRow> {
  const request = checkId(new Violations(), 'id', id) ? await ctx.loaders.queryRequest.load(id) : null;
  if (!request || !(await canSeeRequest(ctx, request))) throw notFound('NhiQueryRequest', id);
  assertNotAuditorOnly(ctx.caller, 'Deciding a query request');
  return request;
}

export type QueryRequestFilter = RequestFilter;

export async function listQueryRequests(db: Db, caller: Caller, filter: QueryRequestFilter = {}, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.requesterId', filter.requesterId);
  checkId(v, 'filter.agencyId', filter.agencyId);
  v.throwIfAny();
  return listRequests(db, queryRequests, await queriesScope(db, caller, queryRequests.requesterId, queryRequests.agencyId), filter, args);
}
