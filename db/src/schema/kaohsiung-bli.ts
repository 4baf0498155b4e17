import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { formSignoffsTable, purgesTable, queryRequestColumns, usageImportsTable, usageRecordsTable } from '../regime/tables.ts';
import { agencies, people } from './core.ts';

/**
 * Kaohsiung City Government's BLI WebIR regime (高雄市政府應用勞動部勞工保險局資訊作業管理要點).
 * Exported with a `kh` prefix: every regime's tables share one `tables` namespace.
 */
export const kaohsiungBli = pgSchema('kaohsiung_bli');

/** KH-2.1: an agency the Labour Bureau approved as a 資訊需求機關; only these hold accounts. */
export const khRequestingAgencies = kaohsiungBli.table(
  'requesting_agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    status: text('status').notNull().default('APPROVED'), // APPROVED | WITHDRAWN
    legalBasis: text('legal_basis').notNull(),
    approvedOn: date('approved_on').notNull(),
    approvedById: uuid('approved_by_id').notNull().references(() => people.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnById: uuid('withdrawn_by_id').references(() => people.id),
    withdrawalReason: text('withdrawal_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('requesting_agencies_active_uq').on(t.agencyId).where(sql`${t.status} = 'APPROVED'`), index('requesting_agencies_keyset_idx').on(t.createdAt, t.id)],
);

/**
 * KH-5.1, KH-5.2: the items held at the two upper levels — the city's (level CITY, agency null, as the
 * BLI decided) and each requesting agency's (level AGENCY, as the Labour Bureau approved and the IT
 * centre set up). A querier's own items are permissions in the core ledger. Rows are closed, not deleted.
 */
export const khItemHoldings = kaohsiungBli.table(
  'item_holdings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    level: text('level').notNull(), // CITY | AGENCY
    agencyId: uuid('agency_id').references(() => agencies.id),
    item: text('item').notNull(),
    legalBasis: text('legal_basis').notNull(),
    /** CITY: the BLI's decision (its letter); AGENCY: the 附表四 form that granted it. */
    decisionReference: text('decision_reference').notNull(),
    formId: uuid('form_id'),
    status: text('status').notNull().default('ACTIVE'), // ACTIVE | REMOVED
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    grantedById: uuid('granted_by_id').notNull().references(() => people.id),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedById: uuid('removed_by_id').references(() => people.id),
  },
  (t) => [
    uniqueIndex('item_holdings_active_uq').on(t.level, sql`coalesce(${t.agencyId}::text, '')`, t.item).where(sql`${t.status} = 'ACTIVE'`),
    index('item_holdings_agency_idx').on(t.agencyId),
  ],
);

export type KhItemChange = {
  item: string;
  action: 'ADD' | 'DELETE';
  /** The reviewing body's decision on this item (KH-5.1): the Labour Bureau, or the agency administrator. */
  decision: 'APPROVED' | 'REJECTED' | null;
  /** For an item the city does not hold: the BLI's decision, recorded by the IT centre (KH-3.1). */
  bliDecision: 'APPROVED' | 'REJECTED' | null;
};

export type KhFormCopy = { holder: 'IT_CENTRE' | 'LABOUR_BUREAU' | 'AGENCY'; keptOn: string; keptById: string };

/**
 * The regime's forms: 附表二 (administrator account), 附表三 (querier account), 附表四 with the item
 * application (the agency's items). Each passes its sign-offs, then the body the rule names reviews
 * and sets it up (KH-4.2, KH-4.3, KH-5.1); its three originals are recorded (KH-F).
 */
export const khForms = kaohsiungBli.table(
  'forms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    form: text('form').notNull(), // ADMINISTRATOR (附表二) | QUERIER (附表三) | ITEMS (附表四)
    action: text('action').notNull(), // ADD | DELETE | CHANGE_ITEMS
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    /** The person whose account it is (附表二/三), or the administrator applying for the agency (附表四). */
    applicantId: uuid('applicant_id').notNull().references(() => people.id),
    section: text('section').notNull(),
    phone: text('phone').notNull(),
    email: text('email').notNull(),
    myegovAccount: text('myegov_account'),
    /** KH-4.1: the citizen certificate uploaded to MyEGov. */
    certificateUploaded: boolean('certificate_uploaded').notNull().default(false),
    /** 附表三 (3): has read the Personal Data Protection Act and follows these rules. */
    privacyAcknowledged: boolean('privacy_acknowledged').notNull().default(false),
    legalBasis: text('legal_basis'),
    /** The legal IP address of the computer that queries (查調服務項目申請表). */
    ipAddress: text('ip_address'),
    itemChanges: jsonb('item_changes').$type<KhItemChange[]>().notNull().default([]),
    appliedOn: date('applied_on').notNull(),
    status: text('status').notNull(), // SIGNING | REVIEW | SETUP | DONE | REJECTED
    reviewerId: uuid('reviewer_id').references(() => people.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note'),
    setUpById: uuid('set_up_by_id').references(() => people.id),
    setUpAt: timestamp('set_up_at', { withTimezone: true }),
    setUpNote: text('set_up_note'),
    copies: jsonb('copies').$type<KhFormCopy[]>().notNull().default([]),
    retainUntil: date('retain_until'),
    createdById: uuid('created_by_id').notNull().references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('forms_number_uq').on(t.number), index('forms_agency_idx').on(t.agencyId, t.status), index('forms_applicant_idx').on(t.applicantId)],
);

export const khFormSignoffs = formSignoffsTable(kaohsiungBli, 'form_signoffs', () => khForms.id);

/**
 * KH-4.1, KH-4.3: an account on the platform — the MyEGov account it is bound to and, for a querier,
 * the registered address of the computer it queries from (KH-5.2). The roles and items are in the
 * core ledger; this is what the platform itself needs to know.
 */
export const khAccounts = kaohsiungBli.table(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull().references(() => people.id),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    kind: text('kind').notNull(), // ADMINISTRATOR | QUERIER
    myegovAccount: text('myegov_account').notNull(),
    ipAddress: text('ip_address'),
    // Null once retention has removed the form; the account outlives it.
    formId: uuid('form_id').references(() => khForms.id),
    status: text('status').notNull().default('ACTIVE'), // ACTIVE | DELETED
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedReason: text('deleted_reason'),
  },
  (t) => [
    uniqueIndex('accounts_active_uq').on(t.personId, t.agencyId, t.kind).where(sql`${t.status} = 'ACTIVE'`),
    index('accounts_agency_idx').on(t.agencyId),
    index('accounts_keyset_idx').on(t.createdAt, t.id),
  ],
);

/** 查調資料登記表 (附表一, KH-3.5): approved by the querier's supervisor before the query. Kept five years. */
export const khRegistrations = kaohsiungBli.table(
  'registrations',
  {
    ...queryRequestColumns(),
    /** 查調事由: the reason, stating the legal basis and the query's link to the duty. */
    reason: text('reason').notNull(),
    dutyRelation: text('duty_relation').notNull(),
  },
  (t) => [
    uniqueIndex('registrations_number_uq').on(t.number),
    index('registrations_requester_idx').on(t.requesterId),
    index('registrations_subject_idx').on(t.subjectIdHash),
    index('registrations_agency_idx').on(t.agencyId),
  ],
);

export const khUsageImports = usageImportsTable(kaohsiungBli);
export const khUsageRecords = usageRecordsTable(kaohsiungBli, () => khUsageImports.id, () => khRegistrations.id);

/**
 * KH-3.4: the administrator's check of the agency's usage every three months, sent to the Labour
 * Bureau; KH-6.1: the reconciliation of usage against registrations, reported to the agency head.
 */
export const khUsageChecks = kaohsiungBli.table(
  'usage_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(), // QUARTERLY | RECONCILIATION
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    /** QUARTERLY: 2026-Q1; RECONCILIATION: the first day of the period. */
    period: text('period').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    checkerId: uuid('checker_id').notNull().references(() => people.id),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    recordsChecked: integer('records_checked').notNull(),
    findings: integer('findings').notNull(),
    summary: text('summary').notNull(),
    /** Anomalies found: how they were investigated and handled. */
    investigation: text('investigation'),
    sentToBureauOn: date('sent_to_bureau_on'),
    /** The agency head (or their delegate) the result is reported to, and when they read it. */
    headId: uuid('head_id').references(() => people.id),
    headReviewedAt: timestamp('head_reviewed_at', { withTimezone: true }),
    retainUntil: date('retain_until').notNull(),
  },
  (t) => [
    uniqueIndex('usage_checks_quarter_uq').on(t.agencyId, t.period).where(sql`${t.kind} = 'QUARTERLY'`),
    index('usage_checks_agency_idx').on(t.agencyId, t.kind),
    index('usage_checks_keyset_idx').on(t.checkedAt, t.id),
  ],
);

/** KH-6.2, KH-6.3: the Labour Bureau's yearly audit of a requesting agency, its correction and review report. */
export const khAudits = kaohsiungBli.table(
  'audits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    year: integer('year').notNull(),
    auditedOn: date('audited_on').notNull(),
    auditorId: uuid('auditor_id').notNull().references(() => people.id),
    findings: text('findings').notNull(),
    violations: jsonb('violations').$type<string[]>().notNull().default([]),
    /** 獎懲建議. */
    recommendation: text('recommendation'),
    correctedOn: date('corrected_on'),
    correction: text('correction'),
    reviewReportOn: date('review_report_on'),
    reviewReport: text('review_report'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    retainUntil: date('retain_until').notNull(),
  },
  (t) => [uniqueIndex('audits_number_uq').on(t.number), index('audits_agency_year_idx').on(t.agencyId, t.year), index('audits_keyset_idx').on(t.createdAt, t.id)],
);

export const khPurges = purgesTable(kaohsiungBli);

/**
 * KH-3.5 (三(五)2): a document printed from BLI WebIR for a registration, filed with the case it serves
 * (隨文歸檔) and destroyed when that file's retention period ends (依檔案保存期限銷毀). The record itself is
 * kept five years after the destruction (as registrations are); while the paper exists it is never purged.
 */
export const khPrintouts = kaohsiungBli.table(
  'printouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null once the registration itself is purged; its number stays. */
    registrationId: uuid('registration_id').references(() => khRegistrations.id),
    registrationNumber: text('registration_number').notNull(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    querierId: uuid('querier_id').notNull().references(() => people.id),
    description: text('description').notNull(),
    pages: integer('pages').notNull(),
    printedOn: date('printed_on').notNull(),
    /** The case file it was filed with (檔號 or 文號). */
    fileReference: text('file_reference').notNull(),
    filedOn: date('filed_on').notNull(),
    /** The last day of the file's retention period: destroyed after it. */
    destroyBy: date('destroy_by').notNull(),
    destroyedOn: date('destroyed_on'),
    destructionMethod: text('destruction_method'), // SHREDDED | PULPED
    destructionNote: text('destruction_note'),
    destroyedById: uuid('destroyed_by_id').references(() => people.id),
    recordedById: uuid('recorded_by_id').notNull().references(() => people.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    retainUntil: date('retain_until'),
  },
  (t) => [
    index('printouts_registration_idx').on(t.registrationId),
    index('printouts_agency_idx').on(t.agencyId, t.recordedAt),
    index('printouts_undestroyed_idx').on(t.destroyBy).where(sql`${t.destroyedOn} is null`),
  ],
);
