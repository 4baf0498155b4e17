import type { SQL } from 'drizzle-orm';
import type { Identity, PiiCipher } from '@webir/kit';
import type { Caller } from '../access/caller.ts';
import type { Db, Tx } from '../client.ts';
import type { Expired } from './retention.ts';

/**
 * What a regime contributes to the one graph across regimes (RULES.md X-1..X-4, issue 6): its part of
 * offboarding, its entries in the compliance calendar, its findings, its retention. The `compliance`
 * subgraph asks every participant and merges the answers; a new city's regime adds one participant
 * (its package's `./participant` export) to the list in `stack/src/subgraphs.ts`.
 *
 * A participant reads and writes only its own regime's schema (and the ledger, through db/'s
 * functions). It is called with the caller of the compliance query, so it can reuse its own stores
 * and their access checks; the compliance subgraph has already narrowed `agencyIds` to what the
 * caller may read.
 */
export interface ParticipantContext {
  db: Db;
  cipher: PiiCipher;
  identity: Identity;
  caller: Caller;
  now: () => Date;
}

/** One thing due in a regime: a review, a sample, a check, an audit, an improvement deadline. */
export interface CalendarEntry {
  /** The regime's code in core.regimes (TN_NHI, KH_BLI, NHI_NET). */
  regime: string;
  /** The clause that makes it due, e.g. `TN-8.1`. */
  rule: string;
  /**
   * What is due: ENROLMENT_REVIEW, QUARTERLY_REVIEW, MONTHLY_SAMPLE, INTERNAL_AUDIT, SUBORDINATE_AUDIT
   * (TN); USAGE_CHECK, ANNUAL_AUDIT (KH); IMPROVEMENT_DEADLINE (NW). A new regime may add its own.
   */
  kind: string;
  /** The agency it concerns; null when it concerns no agency of the directory (an NW unit). */
  agencyId: string | null;
  /** What it is about when not an agency (an NW unit's name), shown as is. */
  subject: string | null;
  /** The period it covers: `2026-Q1`, `2026-03`, `2026-H1`, `2026`, or a day. */
  period: string;
  dueOn: string;
  /** The day it was done, or null while it is not. */
  doneOn: string | null;
  /** Who must act: a role of the ledger (`AGENCY_ADMIN`, `LABOUR_BUREAU_REVIEWER`, …) at an agency. */
  actorRole: string;
  /** The agency whose holder of `actorRole` must act; null for a regime-wide role. */
  actorAgencyId: string | null;
}

export type Severity = 'HIGH' | 'MEDIUM' | 'LOW';

/** One breach a regime detects. */
export interface Finding {
  regime: string;
  rule: string;
  /**
   * QUERY_WITHOUT_APPROVAL, USAGE_UNMATCHED, IDLE_ACCOUNT, ORPHAN_ACCOUNT, DUPLICATE_ACCOUNT,
   * LEAVER_ACCOUNT, REVIEW_OVERDUE, AUDIT_OVERDUE, CHECK_OVERDUE, ENROLMENT_REVIEW_OVERDUE,
   * IMPROVEMENT_OVERDUE, BANNED_APPLICANT, …
   */
  kind: string;
  severity: Severity;
  agencyId: string | null;
  personId: string | null;
  /** The day the breach began or was detected. */
  since: string;
  /** One line a person reads: what is wrong. */
  summary: string;
  /** The record it is about (a usage record, an account, a violation), when there is one. */
  recordId: string | null;
}

/**
 * Findings kept as rows (the usage log's, written by the import), so the compliance subgraph pages
 * and counts them in the database: one call reads one page, whatever the size of the history.
 */
export interface RecordFindings {
  /**
   * A SELECT of this regime's record findings detectable on `on` at these agencies, within what the
   * caller may read, with exactly these text columns in this order: `severity`, `since`
   * (YYYY-MM-DD), `regime`, `rule`, `kind`, `key` (the record's id, unique in the regime),
   * `agency_id`, `person_id`. Null when the caller sees none. The compliance subgraph wraps it in
   * `union all`, filters, orders and limits it.
   */
  select(ctx: ParticipantContext, query: { agencyIds: string[]; on: string }): Promise<SQL | null>;
  /** The findings of these records in full (their summaries), for one page; `on` as in `select`. */
  describe(ctx: ParticipantContext, query: { ids: string[]; on: string }): Promise<Finding[]>;
}

/** A change of employment being carried out. */
export interface Offboarding {
  id: string;
  personId: string;
  kind: 'RESIGNED' | 'RETIRED' | 'REASSIGNED';
  effectiveOn: string;
  reason: string;
  /** Who recorded it; null when the scheduled job carries out a change recorded earlier. */
  byId: string | null;
  at: Date;
}

/** What a participant ended or closed, for the offboarding's record. */
export interface Ended {
  regime: string;
  /** ACCOUNT, QUERY_REQUEST, APPLICATION, REGISTRATION, FORM, … */
  kind: string;
  id: string;
  /** The form or request number a person recognizes, when there is one. */
  label: string | null;
}

export interface RegimeParticipant {
  /** The regime's code in core.regimes. */
  regime: string;
  /**
   * When the regime wants its part done: ON_DATE (on the effective day) or AHEAD (at once, even
   * for a change dated later: KH-4.4 wants the account gone before the change takes effect).
   */
  offboardTiming: 'ON_DATE' | 'AHEAD';
  /**
   * Ends the person's accounts and closes their open requests and forms in this regime, inside the
   * offboarding's transaction. The ledger's permissions are revoked by the caller of this function,
   * for every regime at once; a participant revokes ledger rows itself only for an AHEAD part.
   * Running it again ends nothing more (it returns []).
   */
  offboard(tx: Tx, change: Offboarding): Promise<Ended[]>;
  /** What is due with `dueOn` in [from, to], done or not, for these agencies. */
  calendar(ctx: ParticipantContext, query: { agencyIds: string[]; from: string; to: string; on: string }): Promise<CalendarEntry[]>;
  /**
   * The breaches detectable on `on` that follow from the present state (accounts, enrolments, bans…),
   * for these agencies (and agency-less ones the caller may see): bounded by the directory, not by
   * the regime's history, so computed whole. Breaches read from records that pile up (the usage log)
   * are `recordFindings`: included too, unless `records` is false (the compliance subgraph pages them).
   */
  findings(ctx: ParticipantContext, query: { agencyIds: string[]; on: string; records?: boolean }): Promise<Finding[]>;
  /** Breaches found in records that grow with history, paged by the database. Absent: none. */
  recordFindings?: RecordFindings;
  /**
   * Retention: what has outlived its period on `today`; removed and logged unless `dryRun`.
   * Absent for a regime that keeps nothing with a period.
   */
  purge?(db: Db, run: { today: string; now: Date; byId: string | null; dryRun: boolean }): Promise<Expired[]>;
  /** Whether this caller may purge this regime's records by hand (the scheduled job always may). */
  mayPurge?(caller: Caller): boolean;
}
