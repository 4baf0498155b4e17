import { and, eq, sql } from 'drizzle-orm';
import { forbidden } from '@webir/kit';
import type { DbOrTx } from '../client.ts';
import type { PermissionRow } from '../ledger.ts';
import { rowsOf, sqlList } from '../raw.ts';
import { regimeRows } from '../reference/regimes.ts';
import { people, permissions } from '../schema/index.ts';

/**
 * Who is calling, and what follows from it (DESIGN.md, "Identity and access"): what a caller may do
 * is read from the permission ledger and the directory, never from claims in their token.
 *
 * - A regime-wide role (a chief administrator, an auditor, the Labour Bureau) reaches every agency of
 *   that regime's city: `write` roles may change the directory there, `read` roles only look (TN-7.4:
 *   an auditor reads but never approves).
 * - An agency administrator reaches their agency and every agency under it.
 * - Everyone reaches themselves, and a supervisor their own staff.
 */
export const regimeWideRoles: Record<string, { write: string[]; read: string[] }> = {
  TN_NHI: { write: ['CHIEF_ADMIN'], read: ['CHIEF_ADMIN', 'AUDITOR'] },
  KH_BLI: { write: ['IT_CENTRE_ADMIN'], read: ['IT_CENTRE_ADMIN', 'LABOUR_BUREAU_REVIEWER'] },
  // National, with no city: the NHI's reviewer reaches every network applicant, no agency directory.
  NHI_NET: { write: [], read: ['NHI_NETWORK_REVIEWER'] },
};
export const AGENCY_ADMIN = 'AGENCY_ADMIN';

export type PersonRow = typeof people.$inferSelect;

export interface AgencyScope {
  /** Agencies whose people the caller may see. */
  read: Set<string>;
  /** Agencies whose directory entries the caller may change (and whose identifiers they may unmask). */
  write: Set<string>;
}

export class Caller {
  private scopePromise: Promise<AgencyScope> | undefined;

  constructor(
    private readonly db: DbOrTx,
    readonly person: PersonRow,
    /** Active permissions only. */
    readonly permissions: PermissionRow[],
  ) {}

  get id(): string {
    return this.person.id;
  }

  holds(regime: string, role: string, agencyId?: string): boolean {
    return this.permissions.some((p) => p.regimeCode === regime && p.role === role && (!agencyId || p.agencyId === agencyId));
  }

  /** Cities where the caller holds a regime-wide role of the given kind. */
  cities(kind: 'read' | 'write'): string[] {
    const cities = new Set<string>();
    for (const p of this.permissions) {
      const city = regimeRows.find((r) => r.code === p.regimeCode)?.city;
      if (city && regimeWideRoles[p.regimeCode]?.[kind].includes(p.role)) cities.add(city);
    }
    return [...cities];
  }

  /** The agencies the caller administers in any regime. */
  administeredAgencyIds(): string[] {
    return [...new Set(this.permissions.filter((p) => p.role === AGENCY_ADMIN).map((p) => p.agencyId))];
  }

  /** Computed once per request, in one statement, and only when a resolver needs it. */
  scope(): Promise<AgencyScope> {
    this.scopePromise ??= this.loadScope();
    return this.scopePromise;
  }

  private async loadScope(): Promise<AgencyScope> {
    const readCities = this.cities('read');
    const writeCities = this.cities('write');
    const roots = this.administeredAgencyIds();
    if (!readCities.length && !roots.length) return { read: new Set(), write: new Set() };
    const rows = rowsOf<{ id: string; city_write: boolean; managed: boolean }>(
      await this.db.execute(sql`
        with recursive tree as (
          select id from core.agencies where id in ${sqlList(roots)}
          union
          select a.id from core.agencies a join tree t on a.parent_id = t.id
        )
        select a.id, a.city in ${sqlList(writeCities)} as city_write, a.id in (select id from tree) as managed
        from core.agencies a
        where a.city in ${sqlList(readCities)} or a.id in (select id from tree)`),
    );
    return {
      read: new Set(rows.map((r) => r.id)),
      write: new Set(rows.filter((r) => r.city_write || r.managed).map((r) => r.id)),
    };
  }

  /** Holds a read role of a national regime (no city: NHI network membership's reviewers). */
  readsNationalRegime(): boolean {
    return this.permissions.some((p) => regimeRows.find((r) => r.code === p.regimeCode)?.city === null && regimeWideRoles[p.regimeCode]?.read.includes(p.role));
  }

  async canSeePerson(person: Pick<PersonRow, 'id' | 'agencyId' | 'supervisorId'>): Promise<boolean> {
    if (person.id === this.id || person.supervisorId === this.id) return true;
    // People of no agency (applying companies' owners and contacts) are seen by a national regime's readers.
    if (person.agencyId === null && this.readsNationalRegime()) return true;
    return person.agencyId !== null && (await this.scope()).read.has(person.agencyId);
  }

  /** May read the person's identifier in the clear: themselves, or who may change their entry. */
  async canUnmask(person: Pick<PersonRow, 'id' | 'agencyId'>): Promise<boolean> {
    if (person.id === this.id) return true;
    return person.agencyId !== null && (await this.scope()).write.has(person.agencyId);
  }

  async assertCanWriteAgency(agencyId: string, what: string): Promise<void> {
    if (!(await this.scope()).write.has(agencyId)) {
      throw forbidden(`${what}: you administer neither this agency nor its city's regime`);
    }
  }
}

/** Finds the caller by their MyEGov account (the token's subject); only active staff may act. */
export async function loadCaller(db: DbOrTx, myegovAccount: string): Promise<Caller> {
  const [person] = await db.select().from(people).where(eq(people.myegovAccount, myegovAccount.toLowerCase()));
  if (!person) throw forbidden(`No one in the directory holds the MyEGov account ${myegovAccount}`);
  if (person.employmentStatus !== 'ACTIVE') {
    throw forbidden(`${person.name} is ${person.employmentStatus.toLowerCase()}: their access has ended`);
  }
  const held = await db.select().from(permissions).where(and(eq(permissions.personId, person.id), eq(permissions.status, 'ACTIVE')));
  return new Caller(db, person, held);
}
