import { and, eq, inArray } from 'drizzle-orm';
import { tables, type Caller, type Db } from '@webir/db';
import { importUsageLog, listUsageRecords, usageColumns, type ImportResult, type UsageFilter, type UsageRegime } from '@webir/db/regime';
import { checkId, ruleViolation, Violations, type PageArgs, type PiiCipher } from '@webir/kit';
import { isItCentre, QUERIER, queriesScope, REGIME } from './access.ts';
import { agencyItems, cityItems, ITEM_CODES } from './items.ts';

const { khUsageImports, khUsageRecords, khRegistrations, khAccounts, permissions } = tables;

/**
 * The Kaohsiung log: Tainan's columns with the 登記表 number and the querying computer's address
 * (README, "Kaohsiung BLI WebIR").
 */
const COLUMNS = usageColumns(ITEM_CODES, 'registration_number', true);

/** KH-5.2 on the log: the item held at all three levels, the query from the account's registered address. */
async function prepareCheck(db: Db, querierIds: string[]) {
  const city = await cityItems(db);
  const grants = querierIds.length
    ? await db
        .select({ personId: permissions.personId, agencyId: permissions.agencyId, item: permissions.serviceItemId })
        .from(permissions)
        .where(and(inArray(permissions.personId, querierIds), eq(permissions.regimeCode, REGIME), eq(permissions.role, QUERIER), eq(permissions.status, 'ACTIVE')))
    : [];
  const accounts = querierIds.length
    ? await db.select().from(khAccounts).where(and(inArray(khAccounts.personId, querierIds), eq(khAccounts.kind, 'QUERIER'), eq(khAccounts.status, 'ACTIVE')))
    : [];
  const agencies = await agencyItems(db, [...new Set(grants.map((g) => g.agencyId))]);
  return (row: { item: string; ipAddress?: string | undefined }, querierId: string, agencyId: string | null) => {
    const item = `${REGIME}:${row.item}`;
    const held = grants.some((g) => g.personId === querierId && g.agencyId === agencyId && g.item === item) && Boolean(agencyId && agencies.get(agencyId)?.has(row.item)) && city.has(row.item);
    if (!held) return 'ITEM_NOT_HELD';
    const account = accounts.find((a) => a.personId === querierId && a.agencyId === agencyId);
    return account?.ipAddress && account.ipAddress === row.ipAddress ? null : 'UNREGISTERED_ADDRESS';
  };
}

/** The Kaohsiung log's tables, columns and checks, for the shared import (and the demo's log). */
export const KAOHSIUNG_USAGE: UsageRegime = { imports: khUsageImports, records: khUsageRecords, requests: khRegistrations, columns: COLUMNS, prepareCheck };

/**
 * The platform's log comes from the BLI through the IT centre, the city's single window (KH-2.1), and
 * only the IT centre imports it: an agency's administrator checks the records (KH-3.4, KH-6.1), and
 * must not be able to load a log of their own first — a record already imported is not replaced by the
 * platform's copy, so a doctored line would hide the finding.
 */
export async function importUsage(db: Db, cipher: PiiCipher, caller: Caller, input: { fileName: string; csv: string }, now: Date, onProgress?: (done: number, total: number) => void): Promise<ImportResult> {
  if (!isItCentre(caller)) throw ruleViolation('KH-6.1', 'the platform’s usage records are imported by the IT centre (總管理機關), and checked by the agencies');
  return importUsageLog(db, cipher, KAOHSIUNG_USAGE, { id: caller.id, agencies: null }, input, now, onProgress);
}

export async function listUsage(db: Db, caller: Caller, filter: UsageFilter, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.agencyId', filter.agencyId);
  checkId(v, 'filter.querierId', filter.querierId);
  v.throwIfAny();
  return listUsageRecords(db, khUsageRecords, await queriesScope(db, caller, khUsageRecords.querierId, khUsageRecords.agencyId), filter, args);
}

