import { tables, type Caller, type Db } from '@webir/db';
import { importUsageLog, listUsageRecords, usageColumns, type ImportResult, type UsageFilter, type UsageRegime } from '@webir/db/regime';
import { checkId, forbidden, Violations, type PageArgs, type PiiCipher } from '@webir/kit';
import { AGENCY_ADMIN, assertNotAuditorOnly, isChief, queriesScope, REGIME } from './access.ts';
import { ITEM_CODES } from './applications.ts';

const { usageImports, usageRecords, queryRequests } = tables;

export type { ImportResult, UsageFilter };

/**
 * The documented CSV of the WebIR platform's query log (README, "Usage records"):
 * queried_at, myegov_account, item, subject_id [, request_number].
 */
export const USAGE_COLUMNS = usageColumns(ITEM_CODES, 'request_number');

/** The Tainan log's tables and columns, for the shared import and reconciliation (@webir/db/regime). */
const TAINAN_USAGE: UsageRegime = { imports: usageImports, records: usageRecords, requests: queryRequests, columns: USAGE_COLUMNS };

/**
 * Imports a query log, all or nothing: any bad row refuses the whole file with every bad line
 * named. Each record is matched to the request that allowed it; what matches none is a finding.
 */
export async function importUsage(
  db: Db,
  cipher: PiiCipher,
  caller: Caller,
  input: { fileName: string; csv: string },
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  assertNotAuditorOnly(caller, 'Importing usage records');
  if (!isChief(caller) && !caller.holds(REGIME, AGENCY_ADMIN)) throw forbidden('Importing usage records: the chief administrator or an agency administrator');
  // The scope is read before the import's transaction: PGlite has one connection.
  const agencies = isChief(caller) ? null : (await caller.scope()).write;
  return importUsageLog(db, cipher, TAINAN_USAGE, { id: caller.id, agencies }, input, now, onProgress);
}

/** Usage records as the caller may see them (TN-7.4): own, staff's, their agencies', or all. */
export async function listUsage(db: Db, caller: Caller, filter: UsageFilter = {}, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.agencyId', filter.agencyId);
  checkId(v, 'filter.querierId', filter.querierId);
  v.throwIfAny();
  return listUsageRecords(db, usageRecords, await queriesScope(db, caller, usageRecords.querierId, usageRecords.agencyId), filter, args);
}
