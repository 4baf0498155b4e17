import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, text, timestamp, uniqueIndex, uuid, type AnyPgColumn, type PgSchema } from 'drizzle-orm/pg-core';
import { agencies, people } from '../schema/core.ts';

/**
 * The tables every WebIR regime keeps in the same shape, written once: a regime's schema file calls
 * these with its own Postgres schema, and the shared stores (./usage.ts, ./signing.ts, ./retention.ts)
 * work on whichever regime's tables they are given. A third city's regime gets them for free.
 */

/** The sign-offs of a form, one row per step, in the order the regime's form prints them. */
export const formSignoffsTable = (schema: PgSchema, name: string, formId: () => AnyPgColumn) =>
  schema.table(
    name,
    {
      id: uuid('id').primaryKey().defaultRandom(),
      applicationId: uuid('application_id').notNull().references(formId),
      step: integer('step').notNull(),
      role: text('role').notNull(),
      signerId: uuid('signer_id').notNull().references(() => people.id),
      signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
    },
    (t) => [uniqueIndex(`${name}_step_uq`).on(t.applicationId, t.step)],
  );

/**
 * The columns of a request to query one person's data (Tainan's 附表三, Kaohsiung's 附表一 登記表),
 * approved by the requester's supervisor before the query. The subject's identifier is kept only
 * encrypted, with a keyed hash to match usage records by. A regime adds its own columns beside these.
 */
export const queryRequestColumns = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull(),
  requesterId: uuid('requester_id').notNull().references(() => people.id),
  agencyId: uuid('agency_id').notNull().references(() => agencies.id),
  subjectName: text('subject_name').notNull(),
  subjectIdEnc: text('subject_id_enc').notNull(),
  subjectIdHash: text('subject_id_hash').notNull(),
  items: jsonb('items').$type<string[]>().notNull(),
  legalBasis: text('legal_basis').notNull(),
  status: text('status').notNull(), // PENDING | APPROVED | REJECTED | CLOSED
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  approverId: uuid('approver_id').references(() => people.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
  retainUntil: date('retain_until').notNull(),
});

/** One import of the WebIR platform's query log; a file is imported once (by its SHA-256). */
export const usageImportsTable = (schema: PgSchema) =>
  schema.table(
    'usage_imports',
    {
      id: uuid('id').primaryKey().defaultRandom(),
      fileName: text('file_name').notNull(),
      sha256: text('sha256').notNull(),
      rows: integer('rows').notNull(),
      duplicates: integer('duplicates').notNull(),
      findings: integer('findings').notNull(),
      importedById: uuid('imported_by_id').notNull().references(() => people.id),
      importedAt: timestamp('imported_at', { withTimezone: true }).notNull(),
    },
    (t) => [uniqueIndex('usage_imports_sha_uq').on(t.sha256)],
  );

/**
 * A query made on the platform, matched to the request that allowed it. `finding` is NONE when a
 * request by the same person, about the same subject, naming the item, was approved before it.
 * `ipAddress` is the querying computer's, where the regime's log carries it (Kaohsiung's, KH-5.2).
 */
export const usageRecordsTable = (schema: PgSchema, importId: () => AnyPgColumn, requestId: () => AnyPgColumn) =>
  schema.table(
    'usage_records',
    {
      id: uuid('id').primaryKey().defaultRandom(),
      importId: uuid('import_id').notNull().references(importId),
      line: integer('line').notNull(),
      queriedAt: timestamp('queried_at', { withTimezone: true }).notNull(),
      myegovAccount: text('myegov_account').notNull(),
      querierId: uuid('querier_id').references(() => people.id),
      agencyId: uuid('agency_id').references(() => agencies.id),
      item: text('item').notNull(),
      subjectIdEnc: text('subject_id_enc').notNull(),
      subjectIdHash: text('subject_id_hash').notNull(),
      requestNumber: text('request_number'),
      requestId: uuid('request_id').references(requestId),
      finding: text('finding').notNull(),
      ipAddress: text('ip_address'),
    },
    (t) => [
      uniqueIndex('usage_records_natural_uq').on(t.queriedAt, t.myegovAccount, t.item, t.subjectIdHash),
      index('usage_records_agency_time_idx').on(t.agencyId, t.queriedAt),
      // Whether a querier queried since a day (TN-4.3's idle accounts): one probe, not a scan of their queries.
      index('usage_records_querier_time_idx').on(t.querierId, t.queriedAt),
      index('usage_records_finding_idx').on(t.finding),
      // The findings (issue 11): complianceFindings pages and counts them by agency and day. They are a
      // small part of a log that grows with every query made and lie scattered through it: the index
      // holds every column the paging reads, so a page and the count scan it alone, not the log.
      index('usage_records_findings_idx').on(t.agencyId, t.queriedAt, t.querierId, t.finding, t.id).where(sql`${t.finding} <> 'NONE'`),
    ],
  );

/** What retention removed, and why: the purge's own record, never purged. */
export const purgesTable = (schema: PgSchema) =>
  schema.table(
    'purges',
    {
      id: uuid('id').primaryKey().defaultRandom(),
      kind: text('kind').notNull(),
      recordId: uuid('record_id').notNull(),
      number: text('number'),
      retainUntil: date('retain_until').notNull(),
      rule: text('rule').notNull(),
      purgedAt: timestamp('purged_at', { withTimezone: true }).notNull(),
      /** Null when the scheduled job purged it, not a person. */
      purgedById: uuid('purged_by_id').references(() => people.id),
    },
    (t) => [index('purges_kind_idx').on(t.kind, t.purgedAt)],
  );
