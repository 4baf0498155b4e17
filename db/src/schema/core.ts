import { sql } from 'drizzle-orm';
import { date, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Everything the regimes share lives in the `core` Postgres schema; each regime has its own. */
export const core = pgSchema('core');

export const agencyLevel = core.enum('agency_level', ['FIRST_LEVEL', 'SECOND_LEVEL', 'DISTRICT_OFFICE']);
export const employmentStatus = core.enum('employment_status', ['ACTIVE', 'REASSIGNED', 'RESIGNED', 'RETIRED']);
export const permissionStatus = core.enum('permission_status', ['ACTIVE', 'REVOKED']);
export const personalIdKind = core.enum('personal_id_kind', ['NATIONAL_ID', 'RESIDENT_CERT_OLD', 'RESIDENT_CERT_NEW']);

const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** A regulation regime (TN_NHI, KH_BLI, NHI_NET, …): reference data, written at start. */
export const regimes = core.table('regimes', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameZh: text('name_zh').notNull(),
  /** The city whose regulation it is; null for national rules (NHI network membership). */
  city: text('city'),
  regulation: text('regulation').notNull(),
});

/** A query item a regime grants (the 13 NHI items of TN 附表二, the 20 BLI items of KH). */
export const serviceItems = core.table(
  'service_items',
  {
    id: text('id').primaryKey(), // `${regime}:${code}`, stable across databases
    regimeCode: text('regime_code').notNull().references(() => regimes.code),
    code: text('code').notNull(),
    name: text('name').notNull(),
    queryKey: text('query_key'),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('service_items_regime_code_uq').on(t.regimeCode, t.code)],
);

export const agencies = core.table(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: agencyLevel('level').notNull(),
    city: text('city').notNull(),
    parentId: uuid('parent_id').references((): any => agencies.id),
    ...stamps,
  },
  (t) => [uniqueIndex('agencies_code_uq').on(t.code), index('agencies_parent_idx').on(t.parentId)],
);

export const people = core.table(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    // The identifier is stored only encrypted (AES-256-GCM) and as a keyed hash for look-up (X-5, TN-7.5).
    idKind: personalIdKind('id_kind'),
    nationalIdEnc: text('national_id_enc'),
    nationalIdHash: text('national_id_hash'),
    myegovAccount: text('myegov_account'),
    agencyId: uuid('agency_id').references(() => agencies.id),
    unit: text('unit'),
    title: text('title'),
    phone: text('phone'),
    email: text('email'),
    employmentStatus: employmentStatus('employment_status').notNull().default('ACTIVE'),
    employmentStatusEffectiveOn: date('employment_status_effective_on'),
    supervisorId: uuid('supervisor_id').references((): any => people.id),
    ...stamps,
  },
  (t) => [
    uniqueIndex('people_national_id_hash_uq').on(t.nationalIdHash),
    uniqueIndex('people_myegov_account_uq').on(t.myegovAccount),
    index('people_agency_idx').on(t.agencyId),
    index('people_supervisor_idx').on(t.supervisorId),
    index('people_name_idx').on(t.name, t.id),
  ],
);

/**
 * The permission ledger: every role and item granted to a person, in every regime, with the form
 * that granted it. Rows are never deleted: a revocation closes the row, so the ledger is also the
 * history auditors ask for.
 */
export const permissions = core.table(
  'permissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull().references(() => people.id),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    regimeCode: text('regime_code').notNull().references(() => regimes.code),
    role: text('role').notNull(),
    serviceItemId: text('service_item_id').references(() => serviceItems.id),
    status: permissionStatus('status').notNull().default('ACTIVE'),
    effectiveFrom: date('effective_from'),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    grantedById: uuid('granted_by_id').references(() => people.id),
    grantReason: text('grant_reason').notNull(),
    formType: text('form_type'),
    formId: text('form_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedById: uuid('revoked_by_id').references(() => people.id),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    index('permissions_person_idx').on(t.personId),
    index('permissions_agency_idx').on(t.agencyId),
    index('permissions_form_idx').on(t.formType, t.formId),
    // One active grant of the same role and item to the same person at the same agency.
    uniqueIndex('permissions_active_uq')
      .on(t.personId, t.agencyId, t.regimeCode, t.role, sql`coalesce(${t.serviceItemId}, '')`)
      .where(sql`${t.status} = 'ACTIVE'`),
    // TN-3.1, kept by the database so that two approvals at once cannot both pass a read: at most one
    // active agency administrator (機關管理者) per agency, and one chief administrator (總管理者).
    uniqueIndex('permissions_tn_agency_admin_uq').on(t.agencyId).where(sql`${t.regimeCode} = 'TN_NHI' and ${t.role} = 'AGENCY_ADMIN' and ${t.status} = 'ACTIVE'`),
    uniqueIndex('permissions_tn_chief_admin_uq').on(t.regimeCode).where(sql`${t.regimeCode} = 'TN_NHI' and ${t.role} = 'CHIEF_ADMIN' and ${t.status} = 'ACTIVE'`),
  ],
);

/** Every read of a personal identifier in the clear: who, whose, when, why. Append-only. */
export const piiReads = core.table(
  'pii_reads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    readerId: uuid('reader_id').notNull().references(() => people.id),
    subjectId: uuid('subject_id').notNull().references(() => people.id),
    field: text('field').notNull(),
    reason: text('reason').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
    requestId: text('request_id'),
  },
  (t) => [index('pii_reads_subject_idx').on(t.subjectId, t.readAt), index('pii_reads_reader_idx').on(t.readerId, t.readAt)],
);

export const agencyHeadRole = core.enum('agency_head_role', ['HEAD', 'DELEGATE']);

/**
 * Who signs for an agency as its head (機關首長) or as the head's delegate (授權人員: KH 四(一)(二),
 * 六(一)), with the days each term ran. Rows are never deleted: a term ends by getting its `until`, so
 * a form signed years ago can still be checked against who was head on the day.
 * A term holds from `since` up to the day before `until` (the successor's first day).
 */
export const agencyHeads = core.table(
  'agency_heads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    role: agencyHeadRole('role').notNull(),
    since: date('since').notNull(),
    until: date('until'),
    /** The appointment (HEAD) or the head's written authorisation (DELEGATE): its letter's number. */
    reference: text('reference').notNull(),
    recordedById: uuid('recorded_by_id').notNull().references(() => people.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    endedById: uuid('ended_by_id').references(() => people.id),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('agency_heads_agency_idx').on(t.agencyId, t.since),
    index('agency_heads_person_idx').on(t.personId),
    // One open head term per agency, and one open delegation per person and agency.
    uniqueIndex('agency_heads_open_head_uq').on(t.agencyId).where(sql`${t.role} = 'HEAD' and ${t.until} is null`),
    uniqueIndex('agency_heads_open_delegate_uq').on(t.agencyId, t.personId).where(sql`${t.role} = 'DELEGATE' and ${t.until} is null`),
  ],
);
