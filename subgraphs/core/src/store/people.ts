import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { agencySubtree, pgErrorCode, rowsOf, tables, UNIQUE_VIOLATION, type Caller, type Db, type DbOrTx } from '@webir/db';
import {
  badInput,
  checkId,
  forbidden,
  notFound,
  parsePage,
  toConnection,
  validateEmail,
  validateMyEgovAccount,
  validatePersonalId,
  validatePhone,
  Violations,
  type PageArgs,
  type PiiCipher,
} from '@webir/kit';
import type { PersonRow } from '../loaders.ts';
import { escapeLike } from './agencies.ts';

const { people, agencies } = tables;
type Status = PersonRow['employmentStatus'];

/** The people a caller may see, as SQL: themselves, their staff, the agencies in their scope. */
async function visible(caller: Caller): Promise<SQL> {
  const scope = await caller.scope();
  const readable = [...scope.read];
  return or(eq(people.id, caller.id), eq(people.supervisorId, caller.id), readable.length ? inArray(people.agencyId, readable) : undefined)!;
}

export interface PersonFilter {
  agencyId?: string | null;
  includeSubAgencies?: boolean | null;
  employmentStatus?: Status[] | null;
  search?: string | null;
  nationalId?: string | null;
  myegovAccount?: string | null;
  supervisorId?: string | null;
}

export async function listPeople(db: Db, cipher: PiiCipher, caller: Caller, filter: PersonFilter = {}, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.agencyId', filter.agencyId);
  checkId(v, 'filter.supervisorId', filter.supervisorId);
  let idHash: string | undefined;
  if (filter.nationalId != null) {
    const id = validatePersonalId(filter.nationalId);
    if (id.ok) idHash = cipher.hash(id.id);
    else v.add('filter.nationalId', id.message);
  }
  const page = parsePage<[string, string]>(args, 2);
  v.throwIfAny();

  let agencyIds: string[] | undefined;
  if (filter.agencyId) agencyIds = filter.includeSubAgencies ? await agencySubtree(db, filter.agencyId) : [filter.agencyId];
  const where = and(
    await visible(caller),
    agencyIds ? inArray(people.agencyId, agencyIds) : undefined,
    filter.employmentStatus?.length ? inArray(people.employmentStatus, filter.employmentStatus) : undefined,
    filter.search ? ilike(people.name, `%${escapeLike(filter.search)}%`) : undefined,
    idHash ? eq(people.nationalIdHash, idHash) : undefined,
    filter.myegovAccount ? eq(people.myegovAccount, filter.myegovAccount.trim().toLowerCase()) : undefined,
    filter.supervisorId ? eq(people.supervisorId, filter.supervisorId) : undefined,
  );
  const after = page.after ? sql`(${people.name}, ${people.id}) > (${page.after[0]}, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(people).where(and(where, after)).orderBy(asc(people.name), asc(people.id)).limit(page.limit + 1);
  return toConnection(rows, page, (p) => [p.name, p.id], async () => (await db.select({ n: count() }).from(people).where(where))[0]!.n);
}

export interface PersonInput {
  name?: string | null;
  nationalId?: string | null;
  myegovAccount?: string | null;
  agencyId?: string | null;
  unit?: string | null;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
  supervisorId?: string | null;
  employmentStatus?: Status | null;
  employmentStatusEffectiveOn?: string | null;
}

type PersonValues = Partial<typeof people.$inferInsert>;

/**
 * Validates the fields given and turns them into column values: the identifier encrypted and
 * hashed, the account and e-mail normalized. Every violation is collected before any is thrown.
 */
async function toValues(tx: DbOrTx, cipher: PiiCipher, caller: Caller, input: PersonInput, selfId: string | null, v: Violations): Promise<PersonValues> {
  const values: PersonValues = {};
  // Whether a clash is reported depends on whether the caller may see who holds the value: someone
  // outside their scope (another city's account) gets the one answer any forbidden change gets.
  const clashes = async (table: { id: string; agencyId: string | null; supervisorId: string | null } | undefined): Promise<boolean> => {
    if (!table || table.id === selfId) return false;
    if (!(await caller.canSeePerson(table))) throw hiddenClash();
    return true;
  };
  if (input.name !== undefined) {
    if (!input.name?.trim()) v.add('input.name', 'a person needs a name');
    else if (input.name.length > 100) v.add('input.name', 'is longer than 100 characters');
    else values.name = input.name.trim();
  }
  if (input.nationalId !== undefined) {
    if (input.nationalId === null) Object.assign(values, { idKind: null, nationalIdEnc: null, nationalIdHash: null });
    else {
      const id = validatePersonalId(input.nationalId);
      if (!id.ok) v.add('input.nationalId', id.message);
      else {
        const hash = cipher.hash(id.id);
        const [clash] = await tx.select({ id: people.id, agencyId: people.agencyId, supervisorId: people.supervisorId }).from(people).where(eq(people.nationalIdHash, hash));
        if (await clashes(clash)) v.add('input.nationalId', 'another person in the directory already has this identifier');
        Object.assign(values, { idKind: id.kind, nationalIdEnc: cipher.encrypt(id.id), nationalIdHash: hash });
      }
    }
  }
  if (input.myegovAccount !== undefined) {
    if (input.myegovAccount === null) values.myegovAccount = null;
    else {
      const account = validateMyEgovAccount(input.myegovAccount);
      if (!account.ok) v.add('input.myegovAccount', account.message);
      else {
        // TN-6.1: an account is personal, never shared, so one account names one person.
        const [clash] = await tx.select({ id: people.id, agencyId: people.agencyId, supervisorId: people.supervisorId }).from(people).where(eq(people.myegovAccount, account.value));
        if (await clashes(clash)) v.add('input.myegovAccount', `${account.value} already belongs to another person (TN-6.1: accounts are personal)`);
        values.myegovAccount = account.value;
      }
    }
  }
  for (const [field, check] of [['email', validateEmail], ['phone', validatePhone]] as const) {
    const raw = input[field];
    if (raw === undefined) continue;
    if (raw === null || raw.trim() === '') values[field] = null;
    else {
      const result = check(raw);
      if (result.ok) values[field] = result.value;
      else v.add(`input.${field}`, result.message);
    }
  }
  for (const field of ['unit', 'title'] as const) {
    const raw = input[field];
    if (raw === undefined) continue;
    if (raw && raw.length > 100) v.add(`input.${field}`, 'is longer than 100 characters');
    else values[field] = raw?.trim() || null;
  }
  if (input.agencyId !== undefined) {
    if (input.agencyId === null) values.agencyId = null;
    else if (checkId(v, 'input.agencyId', input.agencyId)) {
      const [agency] = await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, input.agencyId));
      if (!agency) v.add('input.agencyId', 'no such agency');
      else values.agencyId = agency.id;
    }
  }
  if (input.supervisorId !== undefined) {
    if (input.supervisorId === null) values.supervisorId = null;
    else if (checkId(v, 'input.supervisorId', input.supervisorId)) {
      if (input.supervisorId === selfId) v.add('input.supervisorId', 'nobody supervises themselves');
      else if (selfId && (await supervisesUpward(tx, selfId, input.supervisorId))) v.add('input.supervisorId', 'would make a cycle: that person reports to this one');
      else {
        const [supervisor] = await tx.select({ id: people.id }).from(people).where(eq(people.id, input.supervisorId));
        if (!supervisor) v.add('input.supervisorId', 'no such person');
        else values.supervisorId = supervisor.id;
      }
    }
  }
  if (input.employmentStatus != null) values.employmentStatus = input.employmentStatus;
  if (input.employmentStatusEffectiveOn !== undefined) values.employmentStatusEffectiveOn = input.employmentStatusEffectiveOn;
  return values;
}

/**
 * The answer to a value held by someone the caller may not see: FORBIDDEN, worded as any change
 * outside the caller's reach, naming neither the holder nor that the value is held (X-5, TN-7.4).
 */
const hiddenClash = () => forbidden('This person cannot be recorded with these details by you: ask the chief administrator of your regime');

/** Whether `personId` is somewhere above `candidateId` in the reporting line. */
async function supervisesUpward(tx: DbOrTx, personId: string, candidateId: string): Promise<boolean> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with recursive up as (
        select id, supervisor_id from core.people where id = ${candidateId}
        union
        select p.id, p.supervisor_id from core.people p join up on p.id = up.supervisor_id
      )
      select id from up where id = ${personId}`),
  );
  return rows.length > 0;
}

async function assertCanWrite(caller: Caller, agencyId: string | null | undefined, what: string): Promise<void> {
  if (!agencyId) {
    // People outside any agency are company contacts, kept by the regimes that know them.
    if (!caller.cities('write').length) throw forbidden(`${what}: only a chief administrator records people outside an agency`);
    return;
  }
  await caller.assertCanWriteAgency(agencyId, what);
}

export async function createPerson(db: Db, cipher: PiiCipher, caller: Caller, input: PersonInput, now: Date): Promise<PersonRow> {
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  v.throwIfAny();
  await assertCanWrite(caller, input.agencyId, 'Adding a person');
  await caller.scope(); // loaded outside the transaction: PGlite has one connection, the transaction holds it
  return db.transaction(async (tx) => {
    if (input.agencyId && !input.nationalId) v.add('input.nationalId', 'staff of an agency are recorded with their national ID or resident certificate number');
    const values = await toValues(tx, cipher, caller, { ...input, name: input.name ?? null }, null, v);
    v.throwIfAny();
    try {
      const [row] = await tx.insert(people).values({ ...values, name: values.name!, createdAt: now, updatedAt: now }).returning();
      return row!;
    } catch (error) {
      throw uniqueToBadInput(error);
    }
  });
}

export async function updatePerson(db: Db, cipher: PiiCipher, caller: Caller, id: string, input: PersonInput, now: Date): Promise<PersonRow> {
  if (!checkId(new Violations(), 'id', id)) throw badInput([{ field: 'id', message: 'is not an ID of this graph' }]);
  await caller.scope(); // loaded outside the transaction: PGlite has one connection, the transaction holds it
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(people).where(eq(people.id, id)).for('update');
    if (!current || !(await caller.canSeePerson(current))) throw notFound('Person', id);
    await assertCanWrite(caller, current.agencyId, 'Changing this person');
    // The supervisor gives the section chief's sign-off on one's own forms (單位主管核章): whoever
    // chose their own would choose who approves them. Someone else who keeps the directory sets it.
    if (id === caller.id && input.supervisorId !== undefined && input.supervisorId !== current.supervisorId) {
      throw forbidden('Nobody changes their own reporting line: another administrator of the directory records your supervisor');
    }
    // Moving someone to another agency needs the right to write there too.
    if (input.agencyId && input.agencyId !== current.agencyId && checkId(new Violations(), 'x', input.agencyId)) {
      await assertCanWrite(caller, input.agencyId, 'Moving this person there');
    }
    const v = new Violations();
    const values = await toValues(tx, cipher, caller, input, id, v);
    // leaving or changing duties must end what the person holds in every regime, in the same
    // transaction; the compliance subgraph's offboardPerson does that. The directory alone only
    // records a return to ACTIVE (a rehire), which grants nothing by itself.
    if (values.employmentStatus && values.employmentStatus !== 'ACTIVE' && values.employmentStatus !== current.employmentStatus) {
      v.add('input.employmentStatus', 'a person leaving or changing duties is recorded with offboardPerson (X-1), which ends what they hold in every regime');
    }
    if (values.employmentStatus && values.employmentStatus !== current.employmentStatus && input.employmentStatusEffectiveOn == null) {
      v.add('input.employmentStatusEffectiveOn', 'a change of employment status needs the date it takes effect');
    }
    v.throwIfAny();
    try {
      const [row] = await tx.update(people).set({ ...values, updatedAt: now }).where(eq(people.id, id)).returning();
      return row!;
    } catch (error) {
      throw uniqueToBadInput(error);
    }
  });
}

/** Two writers racing past the checks meet the unique index: report it as the check would have. */
function uniqueToBadInput(error: unknown): unknown {
  if (pgErrorCode(error) !== UNIQUE_VIOLATION) return error;
  const text = String((error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message);
  const field = text.includes('myegov') ? 'input.myegovAccount' : 'input.nationalId';
  return badInput([{ field, message: 'already belongs to another person' }]);
}

export async function peopleVisibleOf(caller: Caller, rows: (PersonRow | null)[]): Promise<(PersonRow | null)[]> {
  return Promise.all(rows.map(async (r) => (r && (await caller.canSeePerson(r)) ? r : null)));
}

