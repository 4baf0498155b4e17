import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies, people } from './core.ts';

/** NHI private network membership (加入健保資訊網申請作業執行要點, RULES.md NW). */
export const nhiNetwork = pgSchema('nhi_network');

/** The company registration (經濟部公司基本資料查詢) as printed and stamped for 附件一's second document. */
export interface CompanyRegistration {
  name: string;
  address: string;
  /** 營業項目: the MOEA business-item codes and names. */
  businessItems: { code: string; name: string }[];
  printedOn: string | null;
  stamped: boolean;
}

/**
 * NW-3: an applicant to the network: a contracted medical institution, a government agency (a core
 * Agency), an agency's contractor, or an IT service unit. Owners and contacts are core People.
 */
export const nwUnits = nhiNetwork.table(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(), // MEDICAL_INSTITUTION | GOVERNMENT_AGENCY | CONTRACTOR | IT_SERVICE_UNIT
    name: text('name').notNull(),
    /** 統一編號: contractors and IT service units. */
    businessNumber: text('business_number'),
    /** 醫事機構代碼: medical institutions. */
    institutionCode: text('institution_code'),
    /** NW-4.1: the NHI contract of a medical institution (特約). */
    contractNumber: text('contract_number'),
    /** The agency itself (GOVERNMENT_AGENCY) or the agency a contractor works for (CONTRACTOR). */
    agencyId: uuid('agency_id').references(() => agencies.id),
    /** NW-4.1: the NHI's project approval (專案核可) of an agency or contractor. */
    projectApprovalNumber: text('project_approval_number'),
    projectApprovedOn: date('project_approved_on'),
    ownerId: uuid('owner_id').references(() => people.id),
    contactId: uuid('contact_id').references(() => people.id),
    /** NW-8.5: approved before these rules; keeps its approval without a new application. */
    grandfatheredApprovedOn: date('grandfathered_approved_on'),
    grandfatheredReference: text('grandfathered_reference'),
    createdById: uuid('created_by_id').notNull().references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('units_business_number_uq').on(t.kind, t.businessNumber),
    uniqueIndex('units_institution_code_uq').on(t.institutionCode),
    uniqueIndex('units_agency_uq').on(t.agencyId).where(sql`${t.kind} = 'GOVERNMENT_AGENCY'`),
    index('units_owner_idx').on(t.ownerId),
    index('units_contact_idx').on(t.contactId),
    index('units_created_by_idx').on(t.createdById),
    index('units_created_idx').on(t.createdAt, t.id),
  ],
);

/** An IT service unit's application: 附件一 (the form), the registration print-out, 附件二 (pledge). */
export const nwApplications = nhiNetwork.table(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    unitId: uuid('unit_id').notNull().references(() => nwUnits.id),
    status: text('status').notNull(), // DRAFT | SUBMITTED | APPROVED | REJECTED | REVOKED (NW-8.4: by an inspection's disconnection)
    // 附件一
    companyName: text('company_name'),
    businessNumber: text('business_number'),
    phone: text('phone'),
    ownerId: uuid('owner_id').references(() => people.id),
    fax: text('fax'),
    contactId: uuid('contact_id').references(() => people.id),
    contactTitle: text('contact_title'),
    contactPhone: text('contact_phone'),
    email: text('email'),
    website: text('website'),
    address: text('address'),
    medicalCentres: integer('medical_centres'),
    regionalHospitals: integer('regional_hospitals'),
    districtHospitals: integer('district_hospitals'),
    clinics: integer('clinics'),
    pharmacies: integer('pharmacies'),
    otherClients: integer('other_clients'),
    // 經濟部公司基本資料查詢, stamped
    registration: jsonb('registration').$type<CompanyRegistration>(),
    // 附件二
    pledgeServices: jsonb('pledge_services').$type<string[]>(),
    pledgeSignedOn: date('pledge_signed_on'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewerId: uuid('reviewer_id').references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    /** NW-5.3: the NHI's reply (函復). */
    replyNumber: text('reply_number'),
    repliedOn: date('replied_on'),
    createdById: uuid('created_by_id').notNull().references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('nw_applications_number_uq').on(t.number), index('nw_applications_unit_idx').on(t.unitId), index('nw_applications_created_idx').on(t.createdAt, t.id)],
);

/** 附件三: the client list, one contracted medical institution a row. */
export const nwClients = nhiNetwork.table(
  'clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id').notNull().references(() => nwApplications.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** 2: district hospital or above; 1: every other client. */
    level: integer('level').notNull(),
    institutionCode: text('institution_code').notNull(),
    name: text('name').notNull(),
    contactName: text('contact_name').notNull(),
    phone: text('phone').notNull(),
  },
  (t) => [uniqueIndex('clients_institution_uq').on(t.applicationId, t.institutionCode), index('clients_application_idx').on(t.applicationId, t.position)],
);

/** A line on the network, applied for with the network provider (NW-5.3, NW-6). */
export const nwLines = nhiNetwork.table(
  'lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id').notNull().references(() => nwUnits.id),
    applicationId: uuid('application_id').references(() => nwApplications.id),
    provider: text('provider').notNull(),
    connection: text('connection').notNull(), // FIXED_BROADBAND | LEASED_LINE | WIRELESS
    speed: text('speed').notNull(),
    installationAddress: text('installation_address').notNull(),
    status: text('status').notNull(), // APPLIED | ACTIVE | SUSPENDED | DISCONNECTED | CLOSED
    appliedOn: date('applied_on').notNull(),
    activatedOn: date('activated_on'),
    endedOn: date('ended_on'),
    endReason: text('end_reason'),
    createdById: uuid('created_by_id').notNull().references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  // NW-6.2 (one line per IT service unit) is checked with the unit's row locked: the rule is the IT
  // service units' only, so it is not an index over every kind's lines.
  (t) => [index('lines_unit_idx').on(t.unitId)],
);

/** NW-7: a forbidden use, reported (NW-8.2) or found in an inspection (NW-8.4). */
export const nwViolations = nhiNetwork.table(
  'violations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id').notNull().references(() => nwUnits.id),
    kind: text('kind').notNull(),
    source: text('source').notNull(), // REPORT | INSPECTION
    reporterName: text('reporter_name'),
    reporterContact: text('reporter_contact'),
    description: text('description').notNull(),
    occurredOn: date('occurred_on').notNull(),
    status: text('status').notNull(), // REPORTED | CONFIRMED | DISMISSED | REMEDIED | SANCTIONED
    confirmedById: uuid('confirmed_by_id').references(() => people.id),
    confirmedOn: date('confirmed_on'),
    improvementDeadline: date('improvement_deadline'),
    remediedOn: date('remedied_on'),
    closedNote: text('closed_note'),
    recordedById: uuid('recorded_by_id').notNull().references(() => people.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('violations_unit_idx').on(t.unitId), index('violations_deadline_idx').on(t.status, t.improvementDeadline)],
);

/** NW-8.2 (suspension, at least two years) and NW-8.4 (disconnection and two years' ban). */
export const nwSanctions = nhiNetwork.table(
  'sanctions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id').notNull().references(() => nwUnits.id),
    violationId: uuid('violation_id').notNull().references(() => nwViolations.id),
    /** The first of `lineIds`, kept for readers of one line. */
    lineId: uuid('line_id').references(() => nwLines.id),
    /** Every line the sanction suspended or disconnected: a unit other than an IT service unit may hold several. */
    lineIds: uuid('line_ids').array().notNull().default(sql`'{}'::uuid[]`),
    kind: text('kind').notNull(), // SUSPENSION | DISCONNECTION
    rule: text('rule').notNull(),
    fromOn: date('from_on').notNull(),
    untilOn: date('until_on').notNull(),
    decidedById: uuid('decided_by_id').notNull().references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sanctions_unit_idx').on(t.unitId), uniqueIndex('sanctions_violation_uq').on(t.violationId)],
);
