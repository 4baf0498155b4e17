import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { formSignoffsTable, purgesTable, queryRequestColumns, usageImportsTable, usageRecordsTable } from '../regime/tables.ts';
import { agencies, people } from './core.ts';

/** Tainan City Government's NHI WebIR regime (臺南市政府應用健保署資訊作業管理要點). */
export const tainanNhi = pgSchema('tainan_nhi');

/** TN-2.1: an agency's enrolment, under one purpose and its legal basis; TN-2.2: reviewed yearly. */
export const enrolments = tainanNhi.table(
  'enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    purpose: text('purpose').notNull(),
    legalBasis: text('legal_basis').notNull(),
    legalBasisNote: text('legal_basis_note'),
    status: text('status').notNull().default('ACTIVE'),
    enrolledOn: date('enrolled_on').notNull(),
    nextReviewDue: date('next_review_due').notNull(),
    createdById: uuid('created_by_id').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
    terminatedById: uuid('terminated_by_id').references(() => people.id),
    terminationReason: text('termination_reason'),
  },
  (t) => [uniqueIndex('enrolments_active_agency_uq').on(t.agencyId).where(sql`${t.status} = 'ACTIVE'`)],
);

export const enrolmentReviews = tainanNhi.table(
  'enrolment_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id),
    reviewedOn: date('reviewed_on').notNull(),
    reviewerId: uuid('reviewer_id').notNull().references(() => people.id),
    stillNeeded: boolean('still_needed').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('enrolment_reviews_enrolment_idx').on(t.enrolmentId)],
);

/**
 * Applications: 附表一 (agency administrator) and 附表二 (user). The applicant's identifier is not
 * copied here: it is the applicant's, kept encrypted once in core.
 */
export const applications = tainanNhi.table(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    form: text('form').notNull(), // ADMINISTRATOR (附表一) | USER (附表二)
    kind: text('kind').notNull(), // NEW (新帳號申請開放權限) | CHANGE (業務及權限調整)
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    applicantId: uuid('applicant_id').notNull().references(() => people.id),
    section: text('section').notNull(),
    phone: text('phone').notNull(),
    email: text('email').notNull(),
    myegovAccount: text('myegov_account').notNull(),
    /** 附表一: ADD or DELETE the administrator role. */
    adminAction: text('admin_action'),
    /** 附表二: [{ item: '01', action: 'ADD' | 'DELETE' }]. */
    itemChanges: jsonb('item_changes').$type<{ item: string; action: 'ADD' | 'DELETE' }[]>().notNull().default([]),
    reason: text('reason').notNull(),
    privacyAcknowledged: boolean('privacy_acknowledged').notNull(),
    appliedOn: date('applied_on').notNull(),
    status: text('status').notNull(), // SIGNING | SUBMITTED | APPROVED | REJECTED
    approverId: uuid('approver_id').references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    accessOpensOn: date('access_opens_on'),
    /** TN-5.4: kept at least a year after it was decided. */
    retainUntil: date('retain_until'),
    createdById: uuid('created_by_id').notNull().references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('applications_number_uq').on(t.number), index('applications_agency_idx').on(t.agencyId), index('applications_applicant_idx').on(t.applicantId)],
);

/** The three sign-offs of a form, in order: applicant, section chief, agency head. */
export const applicationSignoffs = formSignoffsTable(tainanNhi, 'application_signoffs', () => applications.id);

/** 附表三 查詢申請紀錄表: approved by the requester's supervisor before any query (TN-7.1). */
export const queryRequests = tainanNhi.table(
  'query_requests',
  {
    ...queryRequestColumns(),
    purpose: text('purpose').notNull(),
  },
  (t) => [
    uniqueIndex('query_requests_number_uq').on(t.number),
    index('query_requests_requester_idx').on(t.requesterId),
    index('query_requests_subject_idx').on(t.subjectIdHash),
    index('query_requests_agency_idx').on(t.agencyId),
  ],
);

export const usageImports = usageImportsTable(tainanNhi);
export const usageRecords = usageRecordsTable(tainanNhi, () => usageImports.id, () => queryRequests.id);

/** TN-8.1: each agency's quarterly review of its users' query records. Kept three years (TN-8.5). */
export const quarterlyReviews = tainanNhi.table(
  'quarterly_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    quarter: text('quarter').notNull(), // 2026-Q1
    reviewerId: uuid('reviewer_id').notNull().references(() => people.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
    recordsReviewed: integer('records_reviewed').notNull(),
    findings: integer('findings').notNull(),
    summary: text('summary').notNull(),
    retainUntil: date('retain_until').notNull(),
  },
  (t) => [uniqueIndex('quarterly_reviews_agency_quarter_uq').on(t.agencyId, t.quarter), index('quarterly_reviews_keyset_idx').on(t.reviewedAt, t.id)],
);

/**
 * TN-8.1: the business supervisor's monthly sample of an agency's queries, drawn reproducibly: the
 * seed and a digest of the population are recorded, so anyone can redraw the same sample.
 */
export const samples = tainanNhi.table(
  'samples',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    month: text('month').notNull(), // 2026-03
    seed: text('seed').notNull(),
    population: integer('population').notNull(),
    /** SHA-256 of the population's record ids, sorted and joined by newlines. */
    populationDigest: text('population_digest').notNull(),
    size: integer('size').notNull(),
    drawnById: uuid('drawn_by_id').notNull().references(() => people.id),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull(),
    retainUntil: date('retain_until').notNull(),
  },
  (t) => [uniqueIndex('samples_agency_month_uq').on(t.agencyId, t.month), index('samples_keyset_idx').on(t.drawnAt, t.id)],
);

export const sampleItems = tainanNhi.table(
  'sample_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sampleId: uuid('sample_id').notNull().references(() => samples.id),
    usageRecordId: uuid('usage_record_id').notNull().references(() => usageRecords.id),
    position: integer('position').notNull(),
    outcome: text('outcome'), // APPROPRIATE | INAPPROPRIATE
    note: text('note'),
    reviewedById: uuid('reviewed_by_id').references(() => people.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('sample_items_record_uq').on(t.sampleId, t.usageRecordId), index('sample_items_sample_idx').on(t.sampleId, t.position)],
);

/**
 * 附件四 audit records (TN-8.2, TN-F4): anomaly investigations, the half-yearly internal audits and
 * yearly audits of subordinate agencies (TN-8.3), and the Health Bureau's spot checks (TN-8.6).
 * Kept three years (TN-8.5).
 */
export const auditRecords = tainanNhi.table(
  'audit_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    kind: text('kind').notNull(), // ANOMALY | INTERNAL | SUBORDINATE | SPOT_CHECK
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    /** 2026-H1 (internal), 2026 (subordinate), or the day (anomaly, spot check). */
    period: text('period').notNull(),
    auditUnit: text('audit_unit').notNull(),
    auditedOn: date('audited_on').notNull(),
    checks: jsonb('checks').$type<{ check: number; result: 'PASS' | 'FAIL'; note: string | null }[]>().notNull(),
    previousFollowUp: text('previous_follow_up'),
    findings: text('findings'),
    recommendations: text('recommendations'),
    /** TN-8.2: the business, ethics (政風) and IT units that investigated together. */
    investigators: jsonb('investigators').$type<{ unit: 'BUSINESS' | 'ETHICS' | 'IT'; personId: string }[]>(),
    usageRecordId: uuid('usage_record_id').references(() => usageRecords.id),
    /** TN-8.6: the notice to the agency of anomalies found. */
    notice: text('notice'),
    auditeeId: uuid('auditee_id').notNull().references(() => people.id),
    auditeeHeadId: uuid('auditee_head_id').notNull().references(() => people.id),
    auditorId: uuid('auditor_id').notNull().references(() => people.id),
    auditorHeadId: uuid('auditor_head_id').notNull().references(() => people.id),
    createdById: uuid('created_by_id').notNull().references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    retainUntil: date('retain_until').notNull(),
  },
  (t) => [
    uniqueIndex('audit_records_number_uq').on(t.number),
    index('audit_records_agency_kind_idx').on(t.agencyId, t.kind, t.period),
    index('audit_records_keyset_idx').on(t.createdAt, t.id),
  ],
);

/** What retention removed, and why (TN-5.4, TN-7.7, TN-8.5): the purge's own record, never purged. */
export const purges = purgesTable(tainanNhi);

/** TN-4.4: an agency administrator's handover of the user roster and query records to the successor. */
export const handovers = tainanNhi.table('handovers', {
  id: uuid('id').primaryKey().defaultRandom(),
  agencyId: uuid('agency_id').notNull().references(() => agencies.id),
  fromId: uuid('from_id').notNull().references(() => people.id),
  toId: uuid('to_id').notNull().references(() => people.id),
  handedOverOn: date('handed_over_on').notNull(),
  /** The roster as handed over: who held which role and item. */
  roster: jsonb('roster').$type<{ personId: string; name: string; role: string; item: string | null; grantedAt: string }[]>().notNull(),
  queryRequests: integer('query_requests').notNull(),
  usageRecords: integer('usage_records').notNull(),
  note: text('note'),
  recordedById: uuid('recorded_by_id').notNull().references(() => people.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
}, (t) => [index('handovers_keyset_idx').on(t.recordedAt, t.id)]);

/** TN-5.1: a change of chief administrator, and its report to the e-government platform. */
export const chiefChanges = tainanNhi.table('chief_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  fromId: uuid('from_id').references(() => people.id),
  toId: uuid('to_id').notNull().references(() => people.id),
  effectiveOn: date('effective_on').notNull(),
  reportedOn: date('reported_on'),
  reportReference: text('report_reference'),
  recordedById: uuid('recorded_by_id').notNull().references(() => people.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
}, (t) => [index('chief_changes_keyset_idx').on(t.recordedAt, t.id)]);

/** TN-7.6: the destruction of retained query results, recorded against the request. */
export const destructions = tainanNhi.table(
  'destructions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id').notNull().references(() => queryRequests.id),
    destroyedOn: date('destroyed_on').notNull(),
    method: text('method').notNull(), // PAPER_SHREDDED | FILE_DELETED
    note: text('note'),
    recordedById: uuid('recorded_by_id').notNull().references(() => people.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('destructions_request_idx').on(t.requestId)],
);
