import { and, asc, count, eq, isNull, lt, sql } from 'drizzle-orm';
import { tables, type Caller, type Db } from '@webir/db';
import { addYears, checkId, conflict, forbidden, notFound, parsePage, ruleViolation, taipeiDay, toConnection, Violations, type PageArgs } from '@webir/kit';
import type { KhContext } from '../context.ts';
import type { RegistrationRow } from '../loaders.ts';
import { administers, queriesScope } from './access.ts';
import { canSeeRegistration } from './registrations.ts';

const { khPrintouts } = tables;
export type PrintoutRow = typeof khPrintouts.$inferSelect;

/**
 * KH-3.5, 三(五)2: 使用勞保 WebIR 列印相關文件，應隨文歸檔及依檔案保存期限銷毀. What is printed for a
 * registration is filed with its case and destroyed when the file's retention period ends; both are
 * recorded, as Tainan records the destruction of retained results (TN-7.6). KH-7: the print-out's
 * record is seen by those who see the registration.
 */
export interface PrintoutInput {
  registrationId: string;
  description: string;
  pages: number;
  printedOn: string;
  fileReference: string;
  filedOn?: string | null;
  destroyBy: string;
}

/** The querier and their supervisor (who approved it) record a print-out; the agency's administrator may also record its destruction. */
async function assertKeeper(ctx: KhContext, registration: RegistrationRow, what: string, administrator: boolean): Promise<void> {
  const requester = await ctx.loaders.person.load(registration.requesterId);
  const keeper = registration.requesterId === ctx.caller.id || requester?.supervisorId === ctx.caller.id || (administrator && administers(ctx.caller, registration.agencyId));
  if (!keeper) throw forbidden(`${what}: the querier or their supervisor${administrator ? ', or the agency’s administrator' : ''}`);
}

async function loadRegistration(ctx: KhContext, id: string): Promise<RegistrationRow> {
  const row = await ctx.loaders.registration.load(id);
  if (!row || !(await canSeeRegistration(ctx, row))) throw notFound('KhRegistration', id);
  return row;
}

export async function recordPrintout(ctx: KhContext, input: PrintoutInput): Promise<PrintoutRow> {
  const today = taipeiDay(ctx.now());
  const v = new Violations();
  const idOk = checkId(v, 'input.registrationId', input.registrationId);
  const description = input.description.trim();
  if (description.length < 2) v.add('input.description', 'say what was printed');
  else if (description.length > 500) v.add('input.description', 'is longer than 500 characters');
  if (!Number.isInteger(input.pages) || input.pages < 1 || input.pages > 10_000) v.add('input.pages', 'the number of pages printed, 1 to 10000');
  const fileReference = input.fileReference.trim();
  if (fileReference.length < 2) v.add('input.fileReference', 'name the case file it is filed with (檔號 or 文號): 隨文歸檔');
  else if (fileReference.length > 200) v.add('input.fileReference', 'is longer than 200 characters');
  const filedOn = input.filedOn ?? today;
  if (input.printedOn > today) v.add('input.printedOn', 'a print-out is recorded after it was printed');
  if (filedOn > today) v.add('input.filedOn', 'a print-out is recorded once it is filed');
  if (filedOn < input.printedOn) v.add('input.filedOn', 'it is filed after it was printed');
  if (input.destroyBy <= filedOn) v.add('input.destroyBy', 'the file’s retention period ends after it was filed');
  if (!idOk) v.throwIfAny();
  const registration = await loadRegistration(ctx, input.registrationId);
  v.throwIfAny();
  await assertKeeper(ctx, registration, 'Recording a print-out', false);
  // Only an approved registration was queried, so only its results can have been printed (KH-3.5).
  if (!registration.decidedAt || registration.status === 'REJECTED' || registration.status === 'PENDING') {
    throw ruleViolation('KH-3.5', `the registration is ${registration.status.toLowerCase()}: nothing is queried, or printed, before the supervisor approves it`);
  }
  if (input.printedOn < taipeiDay(registration.decidedAt)) throw ruleViolation('KH-3.5', `the registration was approved on ${taipeiDay(registration.decidedAt)}: nothing was printed for it before`);
  const [row] = await ctx.db
    .insert(khPrintouts)
    .values({
      registrationId: registration.id,
      registrationNumber: registration.number,
      agencyId: registration.agencyId,
      querierId: registration.requesterId,
      description,
      pages: input.pages,
      printedOn: input.printedOn,
      fileReference,
      filedOn,
      destroyBy: input.destroyBy,
      recordedById: ctx.caller.id,
      recordedAt: ctx.now(),
    })
    .returning();
  ctx.loaders.printoutsOfRegistration.clear(registration.id);
  return row!;
}

export interface DestructionInput {
  destroyedOn?: string | null;
  method: 'SHREDDED' | 'PULPED';
  note?: string | null;
}

/** 依檔案保存期限銷毀: destroyed once the file's retention period has ended, and recorded once. */
export async function recordPrintoutDestruction(ctx: KhContext, id: string, input: DestructionInput): Promise<PrintoutRow> {
  const today = taipeiDay(ctx.now());
  const v = new Violations();
  if (!checkId(v, 'id', id)) v.throwIfAny();
  const [printout] = await ctx.db.select().from(khPrintouts).where(eq(khPrintouts.id, id));
  const registration = printout?.registrationId ? await ctx.loaders.registration.load(printout.registrationId) : null;
  const seen = printout && (registration ? await canSeeRegistration(ctx, registration) : administers(ctx.caller, printout.agencyId));
  if (!printout || !seen) throw notFound('KhPrintout', id);
  const keeper = { requesterId: printout.querierId, agencyId: printout.agencyId } as RegistrationRow;
  await assertKeeper(ctx, keeper, 'Recording a print-out’s destruction', true);
  const destroyedOn = input.destroyedOn ?? today;
  if (destroyedOn > today) v.add('input.destroyedOn', 'a destruction is recorded after it happened');
  if (destroyedOn < printout.filedOn) v.add('input.destroyedOn', `it was filed on ${printout.filedOn}`);
  const note = input.note?.trim() || null;
  if (note && note.length > 500) v.add('input.note', 'is longer than 500 characters');
  v.throwIfAny();
  if (printout.destroyedOn) throw conflict(`The print-out was destroyed on ${printout.destroyedOn} already`);
  if (destroyedOn <= printout.destroyBy) {
    throw ruleViolation('KH-3.5', `the file is kept until ${printout.destroyBy} (依檔案保存期限): its print-out is destroyed after that day, not before`);
  }
  // Conditional: two people recording the same destruction at once record it once.
  const [row] = await ctx.db
    .update(khPrintouts)
    .set({ destroyedOn, destructionMethod: input.method, destructionNote: note, destroyedById: ctx.caller.id, retainUntil: addYears(destroyedOn, 5) })
    .where(and(eq(khPrintouts.id, id), isNull(khPrintouts.destroyedOn)))
    .returning();
  if (!row) throw conflict('The print-out’s destruction was recorded meanwhile');
  if (printout.registrationId) ctx.loaders.printoutsOfRegistration.clear(printout.registrationId);
  return row;
}

export interface PrintoutFilter {
  agencyId?: string | null;
  registrationId?: string | null;
  /** Filed print-outs whose file's retention period ended before this day and that are not destroyed yet. */
  destructionOverdueOn?: string | null;
}

/** KH-7: the caller's own, their staff's, their agency's for its administrator, all for the IT centre and the Labour Bureau. */
export async function listPrintouts(db: Db, caller: Caller, filter: PrintoutFilter, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.agencyId', filter.agencyId);
  checkId(v, 'filter.registrationId', filter.registrationId);
  const page = parsePage<[string, string]>(args, 2);
  v.throwIfAny();
  const where = and(
    await queriesScope(db, caller, khPrintouts.querierId, khPrintouts.agencyId),
    filter.agencyId ? eq(khPrintouts.agencyId, filter.agencyId) : undefined,
    filter.registrationId ? eq(khPrintouts.registrationId, filter.registrationId) : undefined,
    filter.destructionOverdueOn ? and(isNull(khPrintouts.destroyedOn), lt(khPrintouts.destroyBy, filter.destructionOverdueOn)) : undefined,
  );
  const after = page.after ? sql`(${khPrintouts.recordedAt}, ${khPrintouts.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(khPrintouts).where(and(where, after)).orderBy(asc(khPrintouts.recordedAt), asc(khPrintouts.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.recordedAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(khPrintouts).where(where))[0]!.n);
}
