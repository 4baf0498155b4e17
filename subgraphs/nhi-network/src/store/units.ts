import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { tables, type Caller, type Db } from '@webir/db';
import { checkId, checkPastDay, conflict, forbidden, notFound, parsePage, ruleViolation, toConnection, validateBusinessNumber, Violations, type PageArgs } from '@webir/kit';
import type { NwContext } from '../context.ts';
import type { UnitRow } from '../loaders.ts';
import { assertReviewer, canSeeUnit, isReviewer, unitScope } from './access.ts';

const { nwUnits, agencies, people } = tables;

export type UnitKind = 'MEDICAL_INSTITUTION' | 'GOVERNMENT_AGENCY' | 'CONTRACTOR' | 'IT_SERVICE_UNIT';

/** The day these rules took effect (健保資字第1060039617號, 106-08-10): NW-8.5 covers approvals before it. */
export const RULES_IN_FORCE_ON = '2017-08-10';

/** 醫事機構代碼: ten characters, digits and capital letters. */
export const INSTITUTION_CODE = /^[0-9A-Z]{10}$/;

export interface RegisterUnitInput {
  kind: UnitKind;
  name?: string | null;
  businessNumber?: string | null;
  institutionCode?: string | null;
  contractNumber?: string | null;
  agencyId?: string | null;
  projectApprovalNumber?: string | null;
  projectApprovedOn?: string | null;
  ownerId?: string | null;
  contactId?: string | null;
}

const FIELDS_OF: Record<UnitKind, (keyof RegisterUnitInput)[]> = {
  MEDICAL_INSTITUTION: ['name', 'institutionCode', 'contractNumber'],
  GOVERNMENT_AGENCY: ['agencyId', 'projectApprovalNumber', 'projectApprovedOn'],
  CONTRACTOR: ['name', 'businessNumber', 'agencyId', 'projectApprovalNumber', 'projectApprovedOn'],
  IT_SERVICE_UNIT: ['name', 'businessNumber'],
};
const KIND_FIELDS: (keyof RegisterUnitInput)[] = ['name', 'businessNumber', 'institutionCode', 'contractNumber', 'agencyId', 'projectApprovalNumber', 'projectApprovedOn'];

const blank = (s: string | null | undefined) => !s?.trim();

/** Every person the input names exists (a unit's owner and contact are core People): one statement. */
export async function assertPeopleExist(db: Pick<Db, 'select'>, v: Violations, named: [string, string | null | undefined][]): Promise<void> {
  const wanted = named.filter((n): n is [string, string] => !!n[1] && checkId(v, n[0], n[1]));
  if (!wanted.length) return;
  const found = new Set((await db.select({ id: people.id }).from(people).where(inArray(people.id, wanted.map(([, id]) => id)))).map((r) => r.id));
  for (const [field, id] of wanted) if (!found.has(id)) v.add(field, `no person ${id} in the directory`);
}

/**
 * NW-3, NW-4.1: registers an applicant of one of the three kinds. A medical institution must be
 * contracted (its contract number), an agency or contractor must carry the NHI's project approval;
 * an IT service unit's eligibility (NW-4.2) is decided on its application.
 */
export async function registerUnit(ctx: NwContext, input: RegisterUnitInput): Promise<UnitRow> {
  const { caller } = ctx;
  const v = new Violations();
  const allowed = FIELDS_OF[input.kind];
  for (const field of KIND_FIELDS) {
    if (!allowed.includes(field) && input[field] != null) v.add(`input.${field}`, `not a field of a ${input.kind.toLowerCase().replace(/_/g, ' ')}'s registration`);
  }
  if (input.kind !== 'GOVERNMENT_AGENCY' && blank(input.name)) v.add('input.name', 'the name is required');
  let businessNumber: string | null = null;
  if (allowed.includes('businessNumber')) {
    if (blank(input.businessNumber)) v.add('input.businessNumber', 'the unified business number (統一編號) is required');
    else {
      const ubn = validateBusinessNumber(input.businessNumber!);
      if (ubn.ok) businessNumber = ubn.ubn;
      else v.add('input.businessNumber', ubn.message);
    }
  }
  let institutionCode: string | null = null;
  if (input.kind === 'MEDICAL_INSTITUTION') {
    institutionCode = input.institutionCode?.trim().toUpperCase() ?? '';
    if (!INSTITUTION_CODE.test(institutionCode)) v.add('input.institutionCode', 'the medical-institution code (醫事機構代碼) has 10 digits or capital letters');
  }
  if (allowed.includes('agencyId')) {
    if (!input.agencyId) v.add('input.agencyId', input.kind === 'CONTRACTOR' ? 'name the agency the contractor works for' : 'name the agency');
    else checkId(v, 'input.agencyId', input.agencyId);
  }
  checkPastDay('input.projectApprovedOn', input.projectApprovedOn, ctx.now(), v);
  await assertPeopleExist(ctx.db, v, [['input.ownerId', input.ownerId], ['input.contactId', input.contactId]]);
  v.throwIfAny();

  // NW-4.1: the conditions of the first two kinds.
  if (input.kind === 'MEDICAL_INSTITUTION' && blank(input.contractNumber)) {
    throw ruleViolation('NW-4.1', 'only a medical institution contracted with the NHI (特約醫事服務機構) may join: give its contract number');
  }
  if ((input.kind === 'GOVERNMENT_AGENCY' || input.kind === 'CONTRACTOR') && (blank(input.projectApprovalNumber) || !input.projectApprovedOn)) {
    throw ruleViolation('NW-4.1', 'an agency, or its contractor, joins with the NHI’s project approval (經本署專案核可): give its number and date');
  }
  let name = input.name?.trim() ?? '';
  if (input.agencyId) {
    const [agency] = await ctx.db.select().from(agencies).where(eq(agencies.id, input.agencyId));
    if (!agency) throw notFound('Agency', input.agencyId);
    if (input.kind === 'GOVERNMENT_AGENCY') name = agency.name;
    // An agency's membership, or a contractor on its project approval (NW-4.1), is registered by the
    // agency's own people, those who administer it, or the NHI: a company cannot claim an agency's approval.
    if (!isReviewer(caller) && caller.person.agencyId !== agency.id && !(await caller.scope()).write.has(agency.id)) {
      const what = input.kind === 'GOVERNMENT_AGENCY' ? agency.name : `a contractor of ${agency.name}`;
      throw forbidden(`Registering ${what}: ${agency.name}'s own staff, its administrators or the NHI's reviewers`);
    }
  }
  const duplicate = await ctx.db
    .select({ id: nwUnits.id })
    .from(nwUnits)
    .where(
      input.kind === 'MEDICAL_INSTITUTION'
        ? eq(nwUnits.institutionCode, institutionCode!)
        : input.kind === 'GOVERNMENT_AGENCY'
          ? and(eq(nwUnits.kind, input.kind), eq(nwUnits.agencyId, input.agencyId!))
          : and(eq(nwUnits.kind, input.kind), eq(nwUnits.businessNumber, businessNumber!)),
    );
  if (duplicate.length) throw conflict(`${name} is already registered`, { unitId: duplicate[0]!.id });

  const [row] = await ctx.db
    .insert(nwUnits)
    .values({
      kind: input.kind,
      name,
      businessNumber,
      institutionCode,
      contractNumber: input.contractNumber?.trim() || null,
      agencyId: input.agencyId ?? null,
      projectApprovalNumber: input.projectApprovalNumber?.trim() || null,
      projectApprovedOn: input.projectApprovedOn ?? null,
      ownerId: input.ownerId ?? null,
      contactId: input.contactId ?? caller.id,
      createdById: caller.id,
      createdAt: ctx.now(),
    })
    .returning();
  return row!;
}

export interface GrandfatheredInput {
  name: string;
  businessNumber: string;
  ownerId?: string | null;
  contactId?: string | null;
  approvedOn: string;
  reference: string;
}

/** NW-8.5: an IT service unit approved before these rules keeps its approval, and follows these rules. */
export async function recordGrandfathered(ctx: NwContext, input: GrandfatheredInput): Promise<UnitRow> {
  assertReviewer(ctx.caller, 'Recording an earlier approval');
  const v = new Violations();
  if (blank(input.name)) v.add('input.name', 'the name is required');
  const ubn = validateBusinessNumber(input.businessNumber);
  if (!ubn.ok) v.add('input.businessNumber', ubn.message);
  if (blank(input.reference)) v.add('input.reference', 'the number of the NHI’s earlier approval is required');
  checkPastDay('input.approvedOn', input.approvedOn, ctx.now(), v);
  await assertPeopleExist(ctx.db, v, [['input.ownerId', input.ownerId], ['input.contactId', input.contactId]]);
  v.throwIfAny();
  if (input.approvedOn >= RULES_IN_FORCE_ON) {
    throw ruleViolation('NW-8.5', `only approvals before ${RULES_IN_FORCE_ON}, when these rules took effect, are kept without a new application`);
  }
  const [duplicate] = await ctx.db.select({ id: nwUnits.id }).from(nwUnits).where(and(eq(nwUnits.kind, 'IT_SERVICE_UNIT'), eq(nwUnits.businessNumber, ubn.ok ? ubn.ubn : '')));
  if (duplicate) throw conflict(`${input.name.trim()} is already registered`, { unitId: duplicate.id });
  const [row] = await ctx.db
    .insert(nwUnits)
    .values({
      kind: 'IT_SERVICE_UNIT',
      name: input.name.trim(),
      businessNumber: ubn.ok ? ubn.ubn : null,
      ownerId: input.ownerId ?? null,
      contactId: input.contactId ?? null,
      grandfatheredApprovedOn: input.approvedOn,
      grandfatheredReference: input.reference.trim(),
      createdById: ctx.caller.id,
      createdAt: ctx.now(),
    })
    .returning();
  return row!;
}

/** A unit the caller may see, or NOT_FOUND (whether it exists is not told to others). */
export async function loadVisibleUnit(ctx: NwContext, id: string): Promise<UnitRow> {
  const unit = checkId(new Violations(), 'id', id) ? await ctx.loaders.unit.load(id) : null;
  if (!unit || !(await canSeeUnit(ctx, unit))) throw notFound('NhiNetworkUnit', id);
  return unit;
}

export async function listUnits(db: Db, caller: Caller, filter: { kind?: string | null }, args: PageArgs) {
  const page = parsePage<[string, string]>(args, 2);
  const where = and(await unitScope(caller), filter.kind ? eq(nwUnits.kind, filter.kind) : undefined);
  const after = page.after ? sql`(${nwUnits.createdAt}, ${nwUnits.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(nwUnits).where(and(where, after)).orderBy(asc(nwUnits.createdAt), asc(nwUnits.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.createdAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(nwUnits).where(where))[0]!.n);
}
