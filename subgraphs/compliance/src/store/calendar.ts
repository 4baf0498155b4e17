import type { CalendarEntry } from '@webir/db/regime';
import { addDays, addYears, taipeiDay, Violations } from '@webir/kit';
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
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.regime.localeCompare(b.regime) || a.kind.localeCompare(b.kind) || (a.agencyId ?? a.subject ?? '').localeCompare(b.agencyId ?? b.subject ?? '') || a.period.localeCompare(b.period));
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
