import { isIP } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { tables, type Caller, type Db } from '@webir/db';
import { canSeeQueriesOf, decideRequest, formNumber, listRequests, type RequestFilter } from '@webir/db/regime';
import { addYears, checkId, notFound, ruleViolation, taipeiDay, validatePersonalId, Violations, type PageArgs } from '@webir/kit';
import type { KhContext } from '../context.ts';
import type { RegistrationRow } from '../loaders.ts';
import { administeredHere, assertRequestingAgency, queriesScope, QUERIER, readsRegime, REGIME } from './access.ts';
import { agencyItems, cityItems, ITEM_CODES } from './items.ts';

const { khRegistrations, khAccounts } = tables;

export interface RegistrationInput {
  subjectName: string;
  subjectId: string;
  category: string;
  reason: string;
  legalBasis: string;
  dutyRelation: string;
}

const heldItems = (caller: Caller) => new Set(caller.permissions.filter((p) => p.regimeCode === REGIME && p.role === QUERIER).map((p) => p.serviceItemId!.slice(REGIME.length + 1)));

/** KH-3.5: 查調資料登記表 — what the querier means to query, about whom, why, under which law, for which duty. */
export async function fileRegistration(ctx: KhContext, input: RegistrationInput): Promise<RegistrationRow> {
  const { caller } = ctx;
  const v = new Violations();
  if (!input.subjectName.trim()) v.add('input.subjectName', 'name the person the query is about (姓名)');
  const subject = validatePersonalId(input.subjectId);
  if (!subject.ok) v.add('input.subjectId', subject.message);
  if (!ITEM_CODES.includes(input.category)) v.add('input.category', `unknown category ${input.category}: the BLI items are ${ITEM_CODES[0]}…${ITEM_CODES.at(-1)}`);
  if (input.reason.trim().length < 4) v.add('input.reason', 'state the reason for the query (查調事由)');
  if (input.legalBasis.trim().length < 2) v.add('input.legalBasis', 'state the legal basis (相關法令依據)');
  if (input.dutyRelation.trim().length < 4) v.add('input.dutyRelation', 'explain how the query relates to the duty (釋明業務執行與查詢之關聯性)');
  v.throwIfAny();
  if (!heldItems(caller).has(input.category)) throw ruleViolation('KH-5.2', `you hold no querier access to ${input.category}: apply on 附表三 first`);
  const agencyId = caller.person.agencyId!;
  await assertRequestingAgency(ctx.db, agencyId);
  if (!caller.person.supervisorId) throw ruleViolation('KH-3.5', 'you have no supervisor in the directory to approve the registration');
  const now = ctx.now();
  const id = subject.ok ? subject.id : '';
  const [row] = await ctx.db
    .insert(khRegistrations)
    .values({
      number: formNumber('R1', now),
      requesterId: caller.id,
      agencyId,
      subjectName: input.subjectName.trim(),
      subjectIdEnc: ctx.cipher.encrypt(id),
      subjectIdHash: ctx.cipher.hash(id),
      items: [input.category],
      legalBasis: input.legalBasis.trim(),
      reason: input.reason.trim(),
      dutyRelation: input.dutyRelation.trim(),
      status: 'PENDING',
      requestedAt: now,
      retainUntil: addYears(taipeiDay(now), 5), // query requests are kept five years
    })
    .returning();
  return row!;
}

/** KH-3.5: the querier's supervisor (權責主管) approves before the query, never the querier. */
export async function decideRegistration(ctx: KhContext, id: string, approve: boolean, note?: string): Promise<RegistrationRow> {
  const registration = await loadVisible(ctx, id);
  const requester = await ctx.loaders.person.load(registration.requesterId);
  const row = await decideRequest(ctx.db, khRegistrations, {
    request: registration,
    requesterSupervisorId: requester?.supervisorId ?? null,
    caller: ctx.caller,
    approve,
    note: note ?? null,
    now: ctx.now(),
    rule: 'KH-3.5',
    what: 'registration',
  });
  ctx.loaders.registration.clear(id);
  return row;
}

export async function canSeeRegistration(ctx: KhContext, row: RegistrationRow): Promise<boolean> {
  return canSeeQueriesOf(ctx.caller, readsRegime(ctx.caller), await ctx.loaders.person.load(row.requesterId), row.agencyId, administeredHere(ctx.caller));
}

async function loadVisible(ctx: KhContext, id: string): Promise<RegistrationRow> {
  const row = checkId(new Violations(), 'id', id) ? await ctx.loaders.registration.load(id) : null;
  if (!row || !(await canSeeRegistration(ctx, row))) throw notFound('KhRegistration', id);
  return row;
}

export async function listRegistrations(db: Db, caller: Caller, filter: RequestFilter, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.requesterId', filter.requesterId);
  checkId(v, 'filter.agencyId', filter.agencyId);
  v.throwIfAny();
  return listRequests(db, khRegistrations, await queriesScope(db, caller, khRegistrations.requesterId, khRegistrations.agencyId), filter, args);
}

/**
 * KH-5.2 with KH-3.5: the platform's check before a query. The caller's own approved registration,
 * the item its category, held by the querier, the agency and the city, from the registered address.
 * Refusals name the rule; nothing is written either way.
 */
export async function authorizeQuery(ctx: KhContext, input: { registrationId: string; item: string; ipAddress: string }) {
  const v = new Violations();
  checkId(v, 'input.registrationId', input.registrationId);
  if (!isIP(input.ipAddress.trim())) v.add('input.ipAddress', `${input.ipAddress} is not an IP address`);
  if (!ITEM_CODES.includes(input.item)) v.add('input.item', `unknown item ${input.item}`);
  v.throwIfAny();
  const { caller } = ctx;
  const registration = await ctx.loaders.registration.load(input.registrationId);
  if (!registration || registration.requesterId !== caller.id) throw notFound('KhRegistration', input.registrationId);
  if (registration.status !== 'APPROVED') throw ruleViolation('KH-3.5', `the registration is ${registration.status.toLowerCase()}: the supervisor approves it before the query`);
  if (!registration.items.includes(input.item)) throw ruleViolation('KH-3.5', `the registration is for ${registration.items.join(', ')}, not ${input.item}`);
  // KH-4.4: a holder whose duties have changed queries nothing (loadCaller refuses those who left).
  if (caller.person.employmentStatus !== 'ACTIVE') throw ruleViolation('KH-4.4', 'your duties have changed: the account should have been deleted');
  const agencyId = caller.person.agencyId!;
  const levels = [
    { level: 'querier', held: heldItems(caller).has(input.item) },
    { level: 'agency', held: (await agencyItems(ctx.db, [agencyId])).get(agencyId)!.has(input.item) },
    { level: 'city', held: (await cityItems(ctx.db)).has(input.item) },
  ];
  const missing = levels.filter((l) => !l.held).map((l) => l.level);
  if (missing.length) throw ruleViolation('KH-5.2', `${input.item} is not held by the ${missing.join(', the ')}: a querier queries only items held at all three levels`, { missingLevels: missing });
  const [account] = await ctx.db
    .select()
    .from(khAccounts)
    .where(and(eq(khAccounts.personId, caller.id), eq(khAccounts.agencyId, agencyId), eq(khAccounts.kind, 'QUERIER'), eq(khAccounts.status, 'ACTIVE')));
  if (!account) throw ruleViolation('KH-5.2', 'you have no querier account, so no registered address to query from: apply on 附表三');
  if (account.ipAddress !== input.ipAddress.trim()) throw ruleViolation('KH-5.2', `queries come only from the registered address of your computer, not ${input.ipAddress.trim()}`);
  return { registration, item: input.item, ipAddress: input.ipAddress.trim(), authorizedAt: ctx.now() };
}
