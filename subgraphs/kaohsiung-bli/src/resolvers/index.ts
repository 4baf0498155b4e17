import { DateScalar, DateTimeScalar, isUuid, maskPersonalId, type Connection, type PageArgs } from '@webir/kit';
import type { RequestFilter, UsageFilter, UsageRecordRow } from '@webir/db/regime';
import type { KhContext } from '../context.ts';
import type { AccountRow, AuditRow, FormRow, HoldingRow, RegistrationRow, RequestingAgencyRow } from '../loaders.ts';
import { administers, canSeeAgency, readsRegime, REGIME } from '../store/access.ts';
import { accountFindings, accountsPage, deleteAccount, listAccounts } from '../store/accounts.ts';
import { auditsDue, auditsPage, correctAudit, listAudits, recordAudit, submitReviewReport, type AuditInput } from '../store/audits.ts';
import { approveRequestingAgency, listHoldings, listRequestingAgencies, requestingAgenciesPage, recordBliDecision, withdrawRequestingAgency } from '../store/bodies.ts';
import { acknowledge, checksDue, checksPage, findingRecords, listChecks, reconcile, recordUsageCheck, type Due, type ReconcileInput, type UsageCheckInput, type UsageCheckRow } from '../store/checks.ts';
import { canSeeForm, fileForm, findVisible, listForms, nextStep, recordCopy, reviewForm, setUpForm, signKhForm, type FormFilter, type FormInput, type SetUpInput } from '../store/forms.ts';
import { itemName } from '../store/items.ts';
import { authorizeQuery, canSeeRegistration, decideRegistration, fileRegistration, listRegistrations, type RegistrationInput } from '../store/registrations.ts';
import { listPrintouts, recordPrintout, recordPrintoutDestruction, type DestructionInput, type PrintoutFilter, type PrintoutInput, type PrintoutRow } from '../store/printouts.ts';
import { purge, purgeLog, purgeLogConnection } from '../store/retention.ts';
import { importUsage, listUsage } from '../store/usage.ts';

type Args<F> = PageArgs & { filter?: F | null };
const ref = (typename: 'Agency' | 'Person', id: string | null | undefined) => (id ? { __typename: typename, id } : null);
/**
 * A person on a record, as a reference only when the directory lets the caller see them (themselves,
 * their staff, their agencies, their regime): otherwise null, as the core subgraph would answer.
 */
async function person(ctx: KhContext, id: string | null | undefined) {
  const row = id ? await ctx.loaders.person.load(id) : null;
  return row && (await ctx.caller.canSeePerson(row)) ? ref('Person', row.id) : null;
}
const connection = { totalCount: (c: Connection<unknown>) => c.totalCount() };

async function visible<T>(rows: T[], keep: (row: T) => boolean | Promise<boolean>): Promise<T[]> {
  const flags = await Promise.all(rows.map(keep));
  return rows.filter((_, i) => flags[i]);
}

// Thin resolvers: the rules live in ../store; core entities are returned as keys and resolved by
// the core subgraph through the gateway.
export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: {
    khRequestingAgencies: (_: unknown, args: { includeWithdrawn: boolean }, ctx: KhContext) => listRequestingAgencies(ctx, args.includeWithdrawn),
    khRequestingAgenciesConnection: (_: unknown, { includeWithdrawn, ...page }: PageArgs & { includeWithdrawn: boolean }, ctx: KhContext) => requestingAgenciesPage(ctx, includeWithdrawn, page),
    khItemHoldings: (_: unknown, args: { level?: string | null; agencyId?: string | null }, ctx: KhContext) => listHoldings(ctx, args),
    khForm: async (_: unknown, { id }: { id: string }, ctx: KhContext) => (isUuid(id) ? findVisible(ctx, id) : null),
    khForms: (_: unknown, { filter, ...page }: Args<FormFilter>, ctx: KhContext) => listForms(ctx.db, ctx.caller, filter ?? {}, page),
    khAccounts: (_: unknown, args: { agencyId?: string | null; includeDeleted: boolean }, ctx: KhContext) => listAccounts(ctx, args),
    khAccountsConnection: (_: unknown, { agencyId, includeDeleted, ...page }: PageArgs & { agencyId?: string | null; includeDeleted: boolean }, ctx: KhContext) =>
      accountsPage(ctx, { agencyId, includeDeleted }, page),
    khRegistration: async (_: unknown, { id }: { id: string }, ctx: KhContext) => {
      const row = isUuid(id) ? await ctx.loaders.registration.load(id) : null;
      return row && (await canSeeRegistration(ctx, row)) ? row : null;
    },
    khRegistrations: (_: unknown, { filter, ...page }: Args<RequestFilter>, ctx: KhContext) => listRegistrations(ctx.db, ctx.caller, filter ?? {}, page),
    khUsageRecords: (_: unknown, { filter, ...page }: Args<UsageFilter>, ctx: KhContext) => listUsage(ctx.db, ctx.caller, filter ?? {}, page),
    khUsageChecks: (_: unknown, args: { agencyId?: string | null; kind?: string | null }, ctx: KhContext) => listChecks(ctx, args),
    khUsageChecksConnection: (_: unknown, { agencyId, kind, ...page }: PageArgs & { agencyId?: string | null; kind?: string | null }, ctx: KhContext) => checksPage(ctx, { agencyId, kind }, page),
    khUsageChecksDue: (_: unknown, { on }: { on: string }, ctx: KhContext) => checksDue(ctx, on),
    khAudits: (_: unknown, args: { agencyId?: string | null; year?: number | null }, ctx: KhContext) => listAudits(ctx, args),
    khAuditsConnection: (_: unknown, { agencyId, year, ...page }: PageArgs & { agencyId?: string | null; year?: number | null }, ctx: KhContext) => auditsPage(ctx, { agencyId, year }, page),
    khAuditsDue: (_: unknown, { on }: { on: string }, ctx: KhContext) => auditsDue(ctx, on),
    khAccountFindings: (_: unknown, { on }: { on: string }, ctx: KhContext) => accountFindings(ctx, on),
    khPurges: (_: unknown, __: unknown, ctx: KhContext) => purgeLog(ctx),
    khPurgesConnection: (_: unknown, page: PageArgs, ctx: KhContext) => purgeLogConnection(ctx, page),
    khPrintouts: (_: unknown, { filter, ...page }: Args<PrintoutFilter>, ctx: KhContext) => listPrintouts(ctx.db, ctx.caller, filter ?? {}, page),
  },
  Mutation: {
    approveKhRequestingAgency: (_: unknown, { input }: { input: { agencyId: string; legalBasis: string } }, ctx: KhContext) => approveRequestingAgency(ctx, input),
    withdrawKhRequestingAgency: (_: unknown, args: { agencyId: string; reason: string }, ctx: KhContext) => withdrawRequestingAgency(ctx, args.agencyId, args.reason),
    recordKhBliDecision: (_: unknown, { input }: { input: Parameters<typeof recordBliDecision>[1] }, ctx: KhContext) => recordBliDecision(ctx, input),
    fileKhForm: (_: unknown, { input }: { input: FormInput }, ctx: KhContext) => fileForm(ctx, input),
    signKhForm: (_: unknown, args: { id: string; role: 'APPLICANT' | 'SECTION_CHIEF' | 'AGENCY_HEAD' }, ctx: KhContext) => signKhForm(ctx, args.id, args.role),
    reviewKhForm: (_: unknown, args: { id: string; input: Parameters<typeof reviewForm>[2] }, ctx: KhContext) => reviewForm(ctx, args.id, args.input),
    setUpKhForm: (_: unknown, args: { id: string; input?: SetUpInput | null }, ctx: KhContext) => setUpForm(ctx, args.id, args.input ?? {}),
    recordKhFormCopy: (_: unknown, args: { id: string; holder: 'IT_CENTRE' | 'LABOUR_BUREAU' | 'AGENCY' }, ctx: KhContext) => recordCopy(ctx, args.id, args.holder),
    deleteKhAccount: (_: unknown, { input }: { input: Parameters<typeof deleteAccount>[1] }, ctx: KhContext) => deleteAccount(ctx, input),
    fileKhRegistration: (_: unknown, { input }: { input: RegistrationInput }, ctx: KhContext) => fileRegistration(ctx, input),
    approveKhRegistration: (_: unknown, { id }: { id: string }, ctx: KhContext) => decideRegistration(ctx, id, true),
    rejectKhRegistration: (_: unknown, args: { id: string; note: string }, ctx: KhContext) => decideRegistration(ctx, args.id, false, args.note),
    authorizeKhQuery: (_: unknown, { input }: { input: { registrationId: string; item: string; ipAddress: string } }, ctx: KhContext) => authorizeQuery(ctx, input),
    importKhUsage: (_: unknown, { input }: { input: { fileName: string; csv: string } }, ctx: KhContext) => importUsage(ctx.db, ctx.cipher, ctx.caller, input, ctx.now()),
    recordKhUsageCheck: (_: unknown, { input }: { input: UsageCheckInput }, ctx: KhContext) => recordUsageCheck(ctx, input),
    reconcileKhUsage: (_: unknown, { input }: { input: ReconcileInput }, ctx: KhContext) => reconcile(ctx, input),
    acknowledgeKhUsageCheck: (_: unknown, { id }: { id: string }, ctx: KhContext) => acknowledge(ctx, id),
    recordKhAudit: (_: unknown, { input }: { input: AuditInput }, ctx: KhContext) => recordAudit(ctx, input),
    correctKhAudit: (_: unknown, args: { id: string; input: { correctedOn: string; correction: string } }, ctx: KhContext) => correctAudit(ctx, args.id, args.input),
    recordKhPrintout: (_: unknown, { input }: { input: PrintoutInput }, ctx: KhContext) => recordPrintout(ctx, input),
    recordKhPrintoutDestruction: (_: unknown, args: { id: string; input: DestructionInput }, ctx: KhContext) => recordPrintoutDestruction(ctx, args.id, args.input),
    submitKhReviewReport: (_: unknown, args: { id: string; input: { submittedOn: string; report: string } }, ctx: KhContext) => submitReviewReport(ctx, args.id, args.input),
    purgeKhRecords: (_: unknown, { dryRun }: { dryRun: boolean }, ctx: KhContext) => purge(ctx, dryRun),
  },
  KhRequestingAgency: {
    agency: (r: RequestingAgencyRow) => ref('Agency', r.agencyId),
    approvedBy: (r: RequestingAgencyRow, _: unknown, ctx: KhContext) => person(ctx, r.approvedById),
  },
  KhItemHolding: {
    agency: (r: HoldingRow) => ref('Agency', r.agencyId),
    itemName: (r: HoldingRow) => itemName(r.item),
    active: (r: HoldingRow) => r.status === 'ACTIVE',
    grantedBy: (r: HoldingRow, _: unknown, ctx: KhContext) => person(ctx, r.grantedById),
  },
  KhForm: {
    __resolveReference: async ({ id }: { id: string }, ctx: KhContext) => (isUuid(id) ? findVisible(ctx, id) : null),
    agency: (r: FormRow) => ref('Agency', r.agencyId),
    applicant: (r: FormRow, _: unknown, ctx: KhContext) => person(ctx, r.applicantId),
    signoffs: (r: FormRow, _: unknown, ctx: KhContext) => ctx.loaders.signoffs.load(r.id),
    nextStep: async (r: FormRow, _: unknown, ctx: KhContext) => nextStep(r, (await ctx.loaders.signoffs.load(r.id)).length),
    reviewer: (r: FormRow, _: unknown, ctx: KhContext) => person(ctx, r.reviewerId),
    setUpBy: (r: FormRow, _: unknown, ctx: KhContext) => person(ctx, r.setUpById),
    copiesComplete: (r: FormRow) => new Set(r.copies.map((c) => c.holder)).size === 3,
  },
  KhSignoff: { signer: (s: { signerId: string }, _: unknown, ctx: KhContext) => person(ctx, s.signerId) },
  KhFormCopy: { keptBy: (c: { keptById: string }, _: unknown, ctx: KhContext) => person(ctx, c.keptById) },
  KhAccount: {
    person: (r: AccountRow, _: unknown, ctx: KhContext) => person(ctx, r.personId),
    agency: (r: AccountRow) => ref('Agency', r.agencyId),
    form: async (r: AccountRow, _: unknown, ctx: KhContext) => {
      const form = r.formId ? await ctx.loaders.form.load(r.formId) : null;
      return form && canSeeForm(ctx.caller, form) ? form : null;
    },
    active: (r: AccountRow) => r.status === 'ACTIVE',
  },
  KhPrintout: {
    registration: async (p: PrintoutRow, _: unknown, ctx: KhContext) => {
      const row = p.registrationId ? await ctx.loaders.registration.load(p.registrationId) : null;
      return row && (await canSeeRegistration(ctx, row)) ? row : null;
    },
    agency: (p: PrintoutRow) => ref('Agency', p.agencyId),
    querier: (p: PrintoutRow, _: unknown, ctx: KhContext) => person(ctx, p.querierId),
    destroyedBy: (p: PrintoutRow, _: unknown, ctx: KhContext) => person(ctx, p.destroyedById),
    recordedBy: (p: PrintoutRow, _: unknown, ctx: KhContext) => person(ctx, p.recordedById),
  },
  KhPrintoutConnection: connection,
  KhRegistration: {
    printouts: (r: RegistrationRow, _: unknown, ctx: KhContext) => ctx.loaders.printoutsOfRegistration.load(r.id),
    __resolveReference: async ({ id }: { id: string }, ctx: KhContext) => {
      const row = isUuid(id) ? await ctx.loaders.registration.load(id) : null;
      return row && (await canSeeRegistration(ctx, row)) ? row : null;
    },
    requester: (r: RegistrationRow, _: unknown, ctx: KhContext) => person(ctx, r.requesterId),
    agency: (r: RegistrationRow) => ref('Agency', r.agencyId),
    // identifiers are answered masked; the clear text is only ever decrypted here, to mask it.
    subjectIdMasked: (r: RegistrationRow, _: unknown, ctx: KhContext) => maskPersonalId(ctx.cipher.decrypt(r.subjectIdEnc)),
    category: (r: RegistrationRow) => r.items[0],
    approver: (r: RegistrationRow, _: unknown, ctx: KhContext) => person(ctx, r.approverId),
  },
  KhRegistrationConnection: connection,
  KhPurgedConnection: connection,
  KhRequestingAgencyConnection: connection,
  KhAccountConnection: connection,
  KhUsageCheckConnection: connection,
  KhAuditConnection: connection,
  KhFormConnection: connection,
  KhUsageRecordConnection: connection,
  KhUsageRecord: {
    querier: (r: UsageRecordRow, _: unknown, ctx: KhContext) => person(ctx, r.querierId),
    agency: (r: UsageRecordRow) => ref('Agency', r.agencyId),
    subjectIdMasked: (r: UsageRecordRow, _: unknown, ctx: KhContext) => maskPersonalId(ctx.cipher.decrypt(r.subjectIdEnc)),
    registrationNumber: (r: UsageRecordRow) => r.requestNumber,
    registration: async (r: UsageRecordRow, _: unknown, ctx: KhContext) => {
      const row = r.requestId ? await ctx.loaders.registration.load(r.requestId) : null;
      return row && (await canSeeRegistration(ctx, row)) ? row : null;
    },
  },
  KhUsageCheck: {
    agency: (r: UsageCheckRow) => ref('Agency', r.agencyId),
    checker: (r: UsageCheckRow, _: unknown, ctx: KhContext) => person(ctx, r.checkerId),
    head: (r: UsageCheckRow, _: unknown, ctx: KhContext) => person(ctx, r.headId),
    findingRecords: (r: UsageCheckRow, _: unknown, ctx: KhContext) => findingRecords(ctx, r),
  },
  KhDue: { agency: (d: Due) => ref('Agency', d.agencyId) },
  // A purge's answer lists the records removed; the log's rows name the record each removed.
  KhPurged: { id: (p: { id: string; recordId?: string }) => p.recordId ?? p.id },
  KhAudit: {
    agency: (r: AuditRow) => ref('Agency', r.agencyId),
    auditor: (r: AuditRow, _: unknown, ctx: KhContext) => person(ctx, r.auditorId),
    openViolation: (r: AuditRow) => r.violations.length > 0 && !(r.correctedOn && r.reviewReportOn),
  },
  KhAccountFinding: {
    person: (f: { account: AccountRow }, _: unknown, ctx: KhContext) => person(ctx, f.account.personId),
    agency: (f: { account: AccountRow }) => ref('Agency', f.account.agencyId),
  },
  Agency: {
    khRequestingAgency: async (a: { id: string }, _: unknown, ctx: KhContext) => (readsOrMember(ctx, a.id) ? ((await ctx.loaders.approvalsOfAgency.load(a.id)).at(-1) ?? null) : null),
    khItems: async (a: { id: string }, _: unknown, ctx: KhContext) => (readsOrMember(ctx, a.id) ? ctx.loaders.itemsOfAgency.load(a.id) : []),
    khForms: async (a: { id: string }, _: unknown, ctx: KhContext) => (canSeeAgency(ctx.caller, a.id) ? ctx.loaders.formsOfAgency.load(a.id) : visible(await ctx.loaders.formsOfAgency.load(a.id), (f) => canSeeForm(ctx.caller, f))),
    khAudits: async (a: { id: string }, _: unknown, ctx: KhContext) => (canSeeAgency(ctx.caller, a.id) ? ctx.loaders.auditsOfAgency.load(a.id) : []),
  },
  Person: {
    khAccounts: async (p: { id: string }, _: unknown, ctx: KhContext) => visible(await ctx.loaders.accountsOfPerson.load(p.id), (r) => r.personId === ctx.caller.id || canSeeAgency(ctx.caller, r.agencyId)),
    khRegistrations: async (p: { id: string }, _: unknown, ctx: KhContext) => visible(await ctx.loaders.registrationsOfRequester.load(p.id), (r) => canSeeRegistration(ctx, r)),
  },
  Permission: {
    khForm: async (p: { id: string }, _: unknown, ctx: KhContext) => {
      const permission = await ctx.loaders.permission.load(p.id);
      if (!permission?.formId || !permission.formType?.startsWith(`${REGIME}/`)) return null;
      const form = await ctx.loaders.form.load(permission.formId);
      return form && canSeeForm(ctx.caller, form) ? form : null;
    },
  },
};

/** The regime's bodies see an agency's approval and items; the agency's own staff see their own. */
function readsOrMember(ctx: KhContext, agencyId: string): boolean {
  return readsRegime(ctx.caller) || administers(ctx.caller, agencyId) || ctx.caller.person.agencyId === agencyId;
}
