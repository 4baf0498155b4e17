import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { rowsOf, sqlList } from '@webir/db';
import type { CalendarEntry } from '@webir/db/regime';
import { addDays, addYears, forbidden, taipeiDay, Violations } from '@webir/kit';
import type { ComplianceContext } from '../context.ts';
import { agenciesAsked, participantContext, participantsFor } from './scope.ts';

export type CalendarStatus = 'DONE' | 'DUE' | 'OVERDUE';

export interface CalendarFilter {
  agencyId?: string | null;
  includeSubAgencies?: boolean | null;
  regime?: string | null;
  on?: string | null;
  from?: string | null;
  to?: string | null;
  status?: CalendarStatus[] | null;
}

export type CalendarItem = CalendarEntry & { status: CalendarStatus };

/** A window longer than this is an export, not a calendar; it also bounds each regime's work. */
const MAX_WINDOW_YEARS = 3;

export function statusOf(entry: CalendarEntry, on: string): CalendarStatus {
  if (entry.doneOn) return 'DONE';
  return entry.dueOn < on ? 'OVERDUE' : 'DUE';
}

/**
 * every regime's entries for the agencies asked (within the caller's reach), due in the window,
 * in due-date order. Each regime decides what is due and when (its participant); here they are
 * merged and given a status as of `on`.
 */
export async function complianceCalendar(ctx: ComplianceContext, filter: CalendarFilter = {}): Promise<CalendarItem[]> {
  const on = filter.on ?? taipeiDay(ctx.now());
  const from = filter.from ?? addYears(on, -1);
  const to = filter.to ?? addDays(on, 92);
  const v = new Violations();
  if (from > to) v.add('filter.from', `is after filter.to (${to})`);
  else if (addYears(from, MAX_WINDOW_YEARS) < to) v.add('filter.to', `the window is longer than ${MAX_WINDOW_YEARS} years`);
  if (filter.status && !filter.status.length) v.add('filter.status', 'name at least one status, or leave it out');
  v.throwIfAny();
  const participants = participantsFor(ctx, filter.regime);
  const agencyIds = await agenciesAsked(ctx.db, ctx.caller, filter.agencyId, filter.includeSubAgencies ?? true);
  const pctx = participantContext(ctx);
  const entries = (await Promise.all(participants.map((p) => p.calendar(pctx, { agencyIds, from, to, on })))).flat();
  const wanted = new Set(filter.status ?? ['DUE', 'OVERDUE']);
  return entries
    .filter(ofAgenciesAsked(filter.agencyId, agencyIds))
    .map((e) => ({ ...e, status: statusOf(e, on) }))
    .filter((e) => wanted.has(e.status))
    .sort(byDue);
}

const byDue = (a: CalendarItem, b: CalendarItem) =>
  a.dueOn.localeCompare(b.dueOn) || a.regime.localeCompare(b.regime) || a.kind.localeCompare(b.kind) || (a.agencyId ?? a.subject ?? '').localeCompare(b.agencyId ?? b.subject ?? '') || a.period.localeCompare(b.period);

/**
 * `Agency.complianceCalendar` for every agency of a list at once (issue 11): the agencies' subtrees in
 * one statement, and each participant asked once for all of them, instead of once per agency. Each
 * agency's answer is what `complianceCalendar({ agencyId, includeSubAgencies: true, on })` gives it;
 * an agency outside the caller's reach gets the same refusal.
 */
export async function calendarsOfAgencies(ctx: ComplianceContext, agencyIds: readonly string[], on: string | null): Promise<(CalendarItem[] | Error)[]> {
  const day = on ?? taipeiDay(ctx.now());
  const { read } = await ctx.caller.scope();
  const reached = [...new Set(agencyIds.filter((id) => read.has(id)))];
  const tree = new Map<string, Set<string>>(reached.map((id) => [id, new Set<string>()]));
  if (reached.length) {
    const rows = rowsOf<{ root: string; id: string }>(
      await ctx.db.execute(sql`
        with recursive tree as (
          select id as root, id from core.agencies where id in ${sqlList(reached)}
          union
          select t.root, a.id from core.agencies a join tree t on a.parent_id = t.id
        )
        select root::text as root, id::text as id from tree`),
    );
    for (const r of rows) if (read.has(r.id)) tree.get(r.root)!.add(r.id);
  }
  const all = [...new Set([...tree.values()].flatMap((ids) => [...ids]))];
  const pctx = participantContext(ctx);
  const window = { agencyIds: all, from: addYears(day, -1), to: addDays(day, 92), on: day };
  const entries = all.length ? (await Promise.all(ctx.participants.map((p) => p.calendar(pctx, window)))).flat() : [];
  const items = entries.map((e) => ({ ...e, status: statusOf(e, day) })).filter((e) => e.status !== 'DONE');
  return agencyIds.map((id) => {
    const under = tree.get(id);
    if (!under) return forbidden('This agency is outside what you may read: your own agency and those under it, or your regime\'s city');
    return items.filter((e) => e.agencyId !== null && under.has(e.agencyId)).sort(byDue);
  });
}

/**
 * A participant answers for the caller's whole reach, national entries (of no agency) included;
 * when the question names an agency, only that agency's (and those under it) belong in the answer.
 */
export const ofAgenciesAsked = (agencyId: string | null | undefined, agencyIds: string[]) => {
  const asked = new Set(agencyIds);
  return (e: { agencyId: string | null }) => !agencyId || (e.agencyId !== null && asked.has(e.agencyId));
};

/** Used by findings: every overdue entry in the year before `on`. */
export async function overdueEntries(ctx: ComplianceContext, agencyIds: string[], regime: string | null | undefined, on: string): Promise<CalendarEntry[]> {
  const pctx = participantContext(ctx);
  const from = addYears(on, -1);
  const entries = (await Promise.all(participantsFor(ctx, regime).map((p) => p.calendar(pctx, { agencyIds, from, to: on, on })))).flat();
  return entries.filter((e) => statusOf(e, on) === 'OVERDUE');
}

/** One batch per request and day asked: the agencies of a page share their participants' calls. */
const agencyCalendars = new WeakMap<ComplianceContext, Map<string, DataLoader<string, CalendarItem[]>>>();

/** `Agency.complianceCalendar`, batched over every agency the request resolves (calendarsOfAgencies). */
export function agencyCalendar(ctx: ComplianceContext, agencyId: string, on: string | null): Promise<CalendarItem[]> {
  const byDay = agencyCalendars.get(ctx) ?? new Map<string, DataLoader<string, CalendarItem[]>>();
  agencyCalendars.set(ctx, byDay);
  const day = on ?? '';
  let loader = byDay.get(day);
  if (!loader) {
    loader = new DataLoader<string, CalendarItem[]>((ids) => calendarsOfAgencies(ctx, ids, on), { maxBatchSize: 1000 });
    byDay.set(day, loader);
  }
  return loader.load(agencyId);
}
