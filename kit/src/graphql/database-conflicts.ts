import { conflict, DomainError, ruleViolation } from '../errors.ts';

/**
 * The one place a database's refusal becomes an answer a person understands. The rules that say "only
 * one" or "only while" are kept by the database (partial unique indexes, row locks, conditional
 * writes), so the loser of two requests made at the same moment gets its refusal from PostgreSQL: a
 * unique violation (23505), a serialization failure (40001) or a deadlock (40P01). Each is CONFLICT —
 * or, for an index that is a rule of RULES.md, that rule's RULE_VIOLATION — never a 500 with SQL in it.
 */

export const UNIQUE_VIOLATION = '23505';
export const SERIALIZATION_FAILURE = '40001';
export const DEADLOCK_DETECTED = '40P01';

/** Every driver's error, and drizzle's wrapper around it (`cause`), looked through. */
function* causes(error: unknown): Generator<Record<string, unknown>> {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) yield e as Record<string, unknown>;
}

/** The SQLSTATE of a database error, whichever driver raised it. */
export function pgErrorCode(error: unknown): string | undefined {
  for (const e of causes(error)) if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}

/** The constraint a violation names (postgres.js: `constraint_name`; PGlite: `constraint`). */
export function pgConstraint(error: unknown): string | undefined {
  for (const e of causes(error)) {
    const name = e.constraint_name ?? e.constraint;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

/** What each unique index means, in words; an index that is a rule names it. */
const UNIQUE: Record<string, { rule?: string; message: string }> = {
  permissions_active_uq: { message: 'This person already holds that role or item at this agency' },
  permissions_tn_agency_admin_uq: { rule: 'TN-3.1', message: 'the agency already has an administrator: apply as a change (業務及權限調整) to replace them' },
  permissions_tn_chief_admin_uq: { rule: 'TN-3.1', message: 'there is exactly one chief administrator (總管理者): the role is handed over, not added' },
  application_signoffs_step_uq: { message: 'This sign-off is already on the form' },
  form_signoffs_step_uq: { message: 'This sign-off is already on the form' },
  usage_imports_sha_uq: { message: 'This file was imported already' },
  enrolments_active_agency_uq: { message: 'The agency is already enrolled' },
  quarterly_reviews_agency_quarter_uq: { message: 'This quarter is already reviewed for this agency' },
  samples_agency_month_uq: { message: 'This month’s sample is already drawn for this agency: it is drawn once' },
  requesting_agencies_active_uq: { message: 'The agency is already an approved requesting agency (資訊需求機關)' },
  item_holdings_active_uq: { message: 'The item is already held' },
  accounts_active_uq: { message: 'The person already has this account at this agency' },
  usage_checks_quarter_uq: { message: 'This quarter’s usage check is already recorded for this agency' },
  offboardings_scheduled_uq: { message: 'A change of employment is already scheduled for this person' },
  sanctions_violation_uq: { message: 'The violation is already sanctioned' },
};

/** The domain error a database error stands for, or undefined when it is not a conflict between requests. */
export function databaseConflict(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return undefined;
  const code = pgErrorCode(error);
  if (code === UNIQUE_VIOLATION) {
    const known = UNIQUE[pgConstraint(error) ?? ''];
    if (known?.rule) return ruleViolation(known.rule, known.message);
    return conflict(known ? `${known.message}; nothing was changed` : 'The same record was written by someone else at the same moment; nothing was changed: reload and check');
  }
  if (code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED) {
    return conflict('Another change to the same records was made at the same moment; nothing was changed: try again');
  }
  return undefined;
}

type Resolver = (...args: unknown[]) => unknown;

function guarded(resolve: Resolver): Resolver {
  return function (this: unknown, ...args: unknown[]) {
    try {
      const out = resolve.apply(this, args);
      return out instanceof Promise ? out.catch((error: unknown) => Promise.reject(databaseConflict(error) ?? error)) : out;
    } catch (error) {
      throw databaseConflict(error) ?? error;
    }
  };
}

/**
 * Every root field of a subgraph's resolvers (Query, Mutation), each answering a database's conflict
 * as `databaseConflict` says; the other fields only read what a root field returned.
 */
export function withDatabaseConflicts<T extends Record<string, unknown>>(resolvers: T): T {
  const out: Record<string, unknown> = { ...resolvers };
  for (const type of ['Query', 'Mutation']) {
    const fields = resolvers[type] as Record<string, unknown> | undefined;
    if (!fields) continue;
    out[type] = Object.fromEntries(
      Object.entries(fields).map(([name, field]) => {
        if (typeof field === 'function') return [name, guarded(field as Resolver)];
        if (field && typeof field === 'object' && typeof (field as { resolve?: unknown }).resolve === 'function') {
          return [name, { ...field, resolve: guarded((field as { resolve: Resolver }).resolve) }];
        }
        return [name, field];
      }),
    );
  }
  return out as T;
}
