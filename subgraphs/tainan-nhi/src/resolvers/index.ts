import { tables } from '@webir/db';
import { pageByInstant, purgeLogPage } from '@webir/db/regime';
import { DateScalar, DateTimeScalar, forbidden, isUuid, maskPersonalId, taipeiDay, type Connection, type PageArgs } from '@webir/kit';
import type { TnContext } from '../context.ts';
import type { ApplicationRow, EnrolmentRow, QueryRequestRow } from '../loaders.ts';
import { purposeList, purposes } from '../purposes.ts';
import { inRegime, readableAgencies, readsRegime } from '../store/access.ts';
import {
  approveApplication,
  canSeeApplication,
  fileApplication,
  listApplications,
  rejectApplication,
  signApplication,
  type ApplicationFilter,
  type ApplicationInput,
  type ApproveInput,
} from '../store/applications.ts';
import { enrolAgency, listEnrolments, reviewEnrolment, terminateEnrolment, type EnrolInput, type EnrolmentFilter, type ReviewInput } from '../store/enrolments.ts';
import { canSeeRequest, decideQueryRequest, fileQueryRequest, listQueryRequests, type QueryRequestFilter, type QueryRequestInput } from '../store/query-requests.ts';
import { approverFor } from '../store/routing.ts';
import { importUsage, listUsage, type UsageFilter } from '../store/usage.ts';
import { purgeExpired, purgeLog } from '../store/retention.ts';
import { changeChief, cleanupCandidates, recordDestruction, recordHandover, revokeAccount } from '../store/accounts.ts';
import { evidencePack } from '../store/evidence.ts';
import { handoversPage, listHandovers } from '../store/review-lists.ts';
import { AUDIT_CHECKS, auditsDue, auditsPage, listAudits, recordAudit, type AuditInput, type AuditRow } from '../store/audits.ts';
import { canSeeAgencyRecords, listReviews, listSamples, reviewsPage, samplesPage } from '../store/review-lists.ts';
import { drawMonthlySample, recordQuarterlyReview, redraw, reviewSampleItem, reviewsDue, type QuarterlyReviewRow, type SampleRow } from '../store/reviews.ts';

const SAMPLE_ALGORITHM =
  'Population: the agency’s usage records queried in the month (Asia/Taipei). Size: all when under 10, else max(10, ceil(3 % of the population)). ' +
  'Draw: for each record id, key = HMAC-SHA-256(seed, id) in hex; the records with the smallest keys, in key order.';

type UsageRow = typeof tables.usageRecords.$inferSelect;

type Args<F> = PageArgs & { filter?: F | null };
const ref = (typename: 'Agency' | 'Person', id: string | null | undefined) => (id ? { __typename: typename, id } : null);
const connection = { totalCount: (c: Connection<unknown>) => c.totalCount() };

/** TN-7.4: an enrolment is read by the regime's readers and at the agencies the caller reads. */
async function canSeeEnrolment(ctx: TnContext, row: EnrolmentRow | null | undefined): Promise<EnrolmentRow | null> {
  if (!row) return null;
  const readable = await readableAgencies(ctx.caller);
  return !readable || readable.has(row.agencyId) ? row : null;
}

/** TN-5.1: who is chief is the regime's business: its role holders and the city's staff. */
async function assertReadsChiefChanges(ctx: TnContext): Promise<void> {
  if (!(await inRegime(ctx.caller, async (id) => (await ctx.loaders.agency.load(id))?.city))) throw forbidden('Changes of chief administrator: the people of Tainan\'s NHI regime');
}

async function visibleApplications(ctx: TnContext, rows: ApplicationRow[]) {
  const keep = await Promise.all(rows.map((r) => canSeeApplication(ctx, r)));
  return rows.filter((_, i) => keep[i]);
}
async function visibleRequests(ctx: TnContext, rows: QueryRequestRow[]) {
  const keep = await Promise.all(rows.map((r) => canSeeRequest(ctx, r)));
  return rows.filter((_, i) => keep[i]);
}

// Thin resolvers: rules live in ../store; references to core entities are returned as keys and
// resolved by the core subgraph through the gateway.
export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: {
    nhiPurposes: () => purposeList(),
    nhiEnrolments: (_: unknown, { filter, ...page }: Args<EnrolmentFilter>, ctx: TnContext) => listEnrolments(ctx, filter ?? {}, page),
    nhiApplication: async (_: unknown, { id }: { id: string }, ctx: TnContext) => {
      const row = isUuid(id) ? await ctx.loaders.application.load(id) : null;
      return row && (await canSeeApplication(ctx, row)) ? row : null;
    },
    nhiApplications: (_: unknown, { filter, ...page }: Args<ApplicationFilter>, ctx: TnContext) => listApplications(ctx.db, ctx.caller, filter ?? {}, page),
    nhiQueryRequest: async (_: unknown, { id }: { id: string }, ctx: TnContext) => {
      const row = isUuid(id) ? await ctx.loaders.queryRequest.load(id) : null;
      return row && (await canSeeRequest(ctx, row)) ? row : null;
    },
    nhiQueryRequests: (_: unknown, { filter, ...page }: Args<QueryRequestFilter>, ctx: TnContext) => listQueryRequests(ctx.db, ctx.caller, filter ?? {}, page),
    nhiUsageRecords: (_: unknown, { filter, ...page }: Args<UsageFilter>, ctx: TnContext) => listUsage(ctx.db, ctx.caller, filter ?? {}, page),
    nhiQuarterlyReviews: (_: unknown, args: { agencyId?: string | null }, ctx: TnContext) => listReviews(ctx, args.agencyId),
    nhiQuarterlyReviewsConnection: (_: unknown, { agencyId, ...page }: PageArgs & { agencyId?: string | null }, ctx: TnContext) => reviewsPage(ctx, agencyId, page),
    nhiSamples: (_: unknown, args: { agencyId?: string | null; month?: string | null }, ctx: TnContext) => listSamples(ctx, args),
    nhiSamplesConnection: (_: unknown, { agencyId, month, ...page }: PageArgs & { agencyId?: string | null; month?: string | null }, ctx: TnContext) => samplesPage(ctx, { agencyId, month }, page),
    nhiSample: async (_: unknown, { id }: { id: string }, ctx: TnContext) => {
      const row = isUuid(id) ? await ctx.loaders.sample.load(id) : null;
      return row && (await canSeeAgencyRecords(ctx, row.agencyId, row.drawnById)) ? row : null;
    },
    nhiAudits: (_: unknown, args: { agencyId?: string | null; kind?: string | null }, ctx: TnContext) => listAudits(ctx, args),
    nhiAuditsConnection: (_: unknown, { agencyId, kind, ...page }: PageArgs & { agencyId?: string | null; kind?: string | null }, ctx: TnContext) => auditsPage(ctx, { agencyId, kind }, page),
    nhiAuditsDue: async (_: unknown, { on }: { on: string }, ctx: TnContext) => (await auditsDue(ctx, on)).map((d) => ({ ...d, rule: 'TN-8.3', agency: ref('Agency', d.agencyId) })),
    nhiAuditChecks: () => AUDIT_CHECKS,
    nhiCleanupCandidates: async (_: unknown, args: { agencyId?: string | null; idleDays: number }, ctx: TnContext) =>
      (await cleanupCandidates(ctx, args)).map((c) => ({ ...c, person: ref('Person', c.personId), agency: ref('Agency', c.agencyId), permissions: c.permissionIds.map((id) => ({ id })) })),
    nhiHandovers: (_: unknown, { agencyId }: { agencyId?: string | null }, ctx: TnContext) => listHandovers(ctx, agencyId),
    nhiHandoversConnection: (_: unknown, { agencyId, ...page }: PageArgs & { agencyId?: string | null }, ctx: TnContext) => handoversPage(ctx, agencyId, page),
    // TN-5.1: who is chief is the regime's business: its role holders and the city's staff.
    nhiChiefChanges: async (_: unknown, __: unknown, ctx: TnContext) => {
      await assertReadsChiefChanges(ctx);
      return ctx.db.select().from(tables.chiefChanges).orderBy(tables.chiefChanges.recordedAt);
    },
    nhiChiefChangesConnection: async (_: unknown, page: PageArgs, ctx: TnContext) => {
      await assertReadsChiefChanges(ctx);
      return pageByInstant<typeof tables.chiefChanges.$inferSelect>(ctx.db, tables.chiefChanges, tables.chiefChanges.recordedAt, (r) => r.recordedAt, undefined, page);
    },
    nhiEvidencePack: (_: unknown, { agencyId }: { agencyId: string }, ctx: TnContext) => evidencePack(ctx, agencyId),
    nhiPurges: async (_: unknown, __: unknown, ctx: TnContext) => {
      if (!readsRegime(ctx.caller)) throw forbidden('The purge log: the chief administrator and the auditor');
      return purgeLog(ctx);
    },
    nhiPurgesConnection: async (_: unknown, page: PageArgs, ctx: TnContext) => {
      if (!readsRegime(ctx.caller)) throw forbidden('The purge log: the chief administrator and the auditor');
      return purgeLogPage(ctx.db, tables.purges, page);
    },
    nhiReviewsDue: async (_: unknown, { on }: { on: string }, ctx: TnContext) =>
      (await reviewsDue(ctx, on)).map((d) => ({ ...d, kind: d.period.includes('Q') ? 'QUARTERLY_REVIEW' : 'MONTHLY_SAMPLE', agency: ref('Agency', d.agencyId) })),
  },
  Mutation: {
    enrolAgency: (_: unknown, { input }: { input: EnrolInput }, ctx: TnContext) => enrolAgency(ctx, input),
    reviewNhiEnrolment: (_: unknown, { id, input }: { id: string; input: ReviewInput }, ctx: TnContext) => reviewEnrolment(ctx, id, input),
    terminateNhiEnrolment: (_: unknown, { id, reason }: { id: string; reason: string }, ctx: TnContext) => terminateEnrolment(ctx, id, reason),
    fileNhiApplication: (_: unknown, { input }: { input: ApplicationInput }, ctx: TnContext) => fileApplication(ctx, input),
    signNhiApplication: (_: unknown, { id, role }: { id: string; role: 'APPLICANT' | 'SECTION_CHIEF' | 'AGENCY_HEAD' }, ctx: TnContext) => signApplication(ctx, id, role),
    approveNhiApplication: (_: unknown, { id, input }: { id: string; input?: ApproveInput | null }, ctx: TnContext) => approveApplication(ctx, id, input ?? {}),
    rejectNhiApplication: (_: unknown, { id, note }: { id: string; note: string }, ctx: TnContext) => rejectApplication(ctx, id, note),
    fileNhiQueryRequest: (_: unknown, { input }: { input: QueryRequestInput }, ctx: TnContext) => fileQueryRequest(ctx, input),
    approveNhiQueryRequest: (_: unknown, { id }: { id: string }, ctx: TnContext) => decideQueryRequest(ctx, id, { approve: true }),
    rejectNhiQueryRequest: (_: unknown, { id, note }: { id: string; note: string }, ctx: TnContext) => decideQueryRequest(ctx, id, { approve: false, note }),
    importNhiUsage: (_: unknown, { input }: { input: { fileName: string; csv: string } }, ctx: TnContext) => importUsage(ctx.db, ctx.cipher, ctx.caller, input, ctx.now()),
    recordNhiQuarterlyReview: (_: unknown, { input }: { input: { agencyId: string; quarter: string; summary: string } }, ctx: TnContext) => recordQuarterlyReview(ctx, input),
    drawNhiMonthlySample: (_: unknown, { input }: { input: { agencyId: string; month: string } }, ctx: TnContext) => drawMonthlySample(ctx, input),
    purgeNhiRecords: async (_: unknown, { dryRun }: { dryRun: boolean }, ctx: TnContext) =>
      (await purgeExpired(ctx, dryRun)).map((e) => ({ ...e, recordId: e.id, purgedAt: dryRun ? null : ctx.now() })),
    revokeNhiAccount: async (_: unknown, { input }: { input: Parameters<typeof revokeAccount>[1] }, ctx: TnContext) => (await revokeAccount(ctx, input)).map((p) => ({ id: p.id })),
    recordNhiHandover: (_: unknown, { input }: { input: Parameters<typeof recordHandover>[1] }, ctx: TnContext) => recordHandover(ctx, input),
    changeNhiChiefAdministrator: (_: unknown, { input }: { input: Parameters<typeof changeChief>[1] }, ctx: TnContext) => changeChief(ctx, input),
    recordNhiDestruction: (_: unknown, { input }: { input: Parameters<typeof recordDestruction>[1] }, ctx: TnContext) => recordDestruction(ctx, input),
    recordNhiAudit: (_: unknown, { input }: { input: AuditInput }, ctx: TnContext) => recordAudit(ctx, input),
    reviewNhiSampledRecord: (_: unknown, { input }: { input: Parameters<typeof reviewSampleItem>[1] }, ctx: TnContext) => reviewSampleItem(ctx, input),
  },
  NhiQuarterlyReview: {
    agency: (r: QuarterlyReviewRow) => ref('Agency', r.agencyId),
    reviewer: (r: QuarterlyReviewRow) => ref('Person', r.reviewerId),
  },
  NhiSample: {
    agency: (s: SampleRow) => ref('Agency', s.agencyId),
    drawnBy: (s: SampleRow) => ref('Person', s.drawnById),
    algorithm: () => SAMPLE_ALGORITHM,
    items: (s: SampleRow, _: unknown, ctx: TnContext) => ctx.loaders.sampleItems.load(s.id),
    reviewed: async (s: SampleRow, _: unknown, ctx: TnContext) => (await ctx.loaders.sampleItems.load(s.id)).filter((i) => i.outcome).length,
    redraw: (s: SampleRow, _: unknown, ctx: TnContext) => redraw(ctx, s),
  },
  NhiHandover: {
    agency: (h: { agencyId: string }) => ref('Agency', h.agencyId),
    from: (h: { fromId: string }) => ref('Person', h.fromId),
    to: (h: { toId: string }) => ref('Person', h.toId),
  },
  NhiRosterEntry: { person: (r: { personId: string }) => ref('Person', r.personId) },
  NhiChiefChange: {
    from: (c: { fromId: string | null }) => ref('Person', c.fromId),
    to: (c: { toId: string }) => ref('Person', c.toId),
  },
  NhiDestruction: { recordedBy: (d: { recordedById: string }) => ref('Person', d.recordedById) },
  NhiAudit: {
    agency: (a: AuditRow) => ref('Agency', a.agencyId),
    checks: (a: AuditRow) => a.checks.map((c) => ({ ...c, question: AUDIT_CHECKS[c.check - 1] })),
    investigators: (a: AuditRow) => a.investigators?.map((i) => ({ unit: i.unit, person: ref('Person', i.personId) })) ?? null,
    usageRecord: (a: AuditRow, _: unknown, ctx: TnContext) => (a.usageRecordId ? ctx.loaders.usageRecord.load(a.usageRecordId) : null),
    auditee: (a: AuditRow) => ref('Person', a.auditeeId),
    auditeeHead: (a: AuditRow) => ref('Person', a.auditeeHeadId),
    auditor: (a: AuditRow) => ref('Person', a.auditorId),
    auditorHead: (a: AuditRow) => ref('Person', a.auditorHeadId),
  },
  NhiSampleItem: {
    record: (i: { usageRecordId: string }, _: unknown, ctx: TnContext) => ctx.loaders.usageRecord.load(i.usageRecordId),
    reviewedBy: (i: { reviewedById: string | null }) => ref('Person', i.reviewedById),
  },
  NhiUsageRecord: {
    querier: (r: UsageRow) => ref('Person', r.querierId),
    agency: (r: UsageRow) => ref('Agency', r.agencyId),
    subjectIdMasked: (r: UsageRow, _: unknown, ctx: TnContext) => maskPersonalId(ctx.cipher.decrypt(r.subjectIdEnc)),
    request: (r: UsageRow, _: unknown, ctx: TnContext) => (r.requestId ? ctx.loaders.queryRequest.load(r.requestId) : null),
  },
  NhiEnrolment: {
    __resolveReference: async ({ id }: { id: string }, ctx: TnContext) => canSeeEnrolment(ctx, await ctx.loaders.enrolment.load(id)),
    agency: (e: EnrolmentRow) => ref('Agency', e.agencyId),
    purpose: (e: EnrolmentRow) => purposeList().find((p) => p.code === e.purpose),
    legalBasis: (e: EnrolmentRow) => ({ code: e.legalBasis, text: purposes[e.purpose]?.bases[e.legalBasis] ?? e.legalBasis }),
    reviewOverdue: (e: EnrolmentRow, _: unknown, ctx: TnContext) => e.status === 'ACTIVE' && e.nextReviewDue < taipeiDay(ctx.now()),
    reviews: (e: EnrolmentRow, _: unknown, ctx: TnContext) => ctx.loaders.reviews.load(e.id),
    terminatedBy: (e: EnrolmentRow) => ref('Person', e.terminatedById),
  },
  NhiEnrolmentReview: { reviewer: (r: { reviewerId: string }) => ref('Person', r.reviewerId) },
  NhiApplication: {
    __resolveReference: async ({ id }: { id: string }, ctx: TnContext) => {
      const row = await ctx.loaders.application.load(id);
      return row && (await canSeeApplication(ctx, row)) ? row : null;
    },
    agency: (a: ApplicationRow) => ref('Agency', a.agencyId),
    applicant: (a: ApplicationRow) => ref('Person', a.applicantId),
    approver: (a: ApplicationRow) => ref('Person', a.approverId),
    signoffs: (a: ApplicationRow, _: unknown, ctx: TnContext) => ctx.loaders.signoffs.load(a.id),
    approverRole: async (a: ApplicationRow, _: unknown, ctx: TnContext) => approverFor(a, (await ctx.loaders.agency.load(a.agencyId))!).describe,
  },
  NhiSignoff: { signer: (s: { signerId: string }) => ref('Person', s.signerId) },
  NhiQueryRequest: {
    __resolveReference: async ({ id }: { id: string }, ctx: TnContext) => {
      const row = await ctx.loaders.queryRequest.load(id);
      return row && (await canSeeRequest(ctx, row)) ? row : null;
    },
    requester: (r: QueryRequestRow) => ref('Person', r.requesterId),
    agency: (r: QueryRequestRow) => ref('Agency', r.agencyId),
    approver: (r: QueryRequestRow) => ref('Person', r.approverId),
    subjectIdMasked: (r: QueryRequestRow, _: unknown, ctx: TnContext) => maskPersonalId(ctx.cipher.decrypt(r.subjectIdEnc)),
    destructions: (r: QueryRequestRow, _: unknown, ctx: TnContext) => ctx.loaders.destructions.load(r.id),
  },
  Agency: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    nhiEnrolment: async ({ id }: { id: string }, _: unknown, ctx: TnContext) => {
      const all = await ctx.loaders.enrolmentsOfAgency.load(id);
      return canSeeEnrolment(ctx, all.find((e) => e.status === 'ACTIVE') ?? all.at(-1));
    },
    nhiApplications: async ({ id }: { id: string }, _: unknown, ctx: TnContext) => visibleApplications(ctx, await ctx.loaders.applicationsOfAgency.load(id)),
    nhiQuarterlyReviews: async ({ id }: { id: string }, _: unknown, ctx: TnContext) => {
      const rows = await ctx.loaders.reviewsOfAgency.load(id);
      const keep = await Promise.all(rows.map((r) => canSeeAgencyRecords(ctx, r.agencyId, r.reviewerId)));
      return rows.filter((_, i) => keep[i]);
    },
    nhiAudits: async ({ id }: { id: string }, _: unknown, ctx: TnContext) => {
      const rows = await ctx.loaders.auditsOfAgency.load(id);
      const keep = await Promise.all(rows.map((r) => canSeeAgencyRecords(ctx, r.agencyId, r.createdById)));
      return rows.filter((_, i) => keep[i]);
    },
  },
  Permission: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    nhiApplication: async ({ id }: { id: string }, _: unknown, ctx: TnContext) => {
      const grant = await ctx.loaders.permission.load(id);
      if (!grant?.formId || !grant.formType?.startsWith('TN_NHI/') || !isUuid(grant.formId)) return null;
      const row = await ctx.loaders.application.load(grant.formId);
      return row && (await canSeeApplication(ctx, row)) ? row : null;
    },
  },
  Person: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    nhiApplications: async ({ id }: { id: string }, _: unknown, ctx: TnContext) => visibleApplications(ctx, await ctx.loaders.applicationsOfApplicant.load(id)),
    nhiQueryRequests: async ({ id }: { id: string }, _: unknown, ctx: TnContext) => visibleRequests(ctx, await ctx.loaders.requestsOfRequester.load(id)),
  },
  NhiEnrolmentConnection: connection,
  NhiPurgedConnection: connection,
  NhiQuarterlyReviewConnection: connection,
  NhiSampleConnection: connection,
  NhiAuditConnection: connection,
  NhiHandoverConnection: connection,
  NhiChiefChangeConnection: connection,
  NhiApplicationConnection: connection,
  NhiQueryRequestConnection: connection,
  NhiUsageRecordConnection: connection,
};

