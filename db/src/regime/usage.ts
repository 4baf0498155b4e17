import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { and, asc, count, eq, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  cells,
  conflict,
  DomainError,
  forbidden,
  matchUsage,
  parsePage,
  parseUsageCsv,
  pastInstantProblem,
  SHORT_TEXT,
  toConnection,
  validatePersonalId,
  Violations,
  type ColumnSpec,
  type PageArgs,
  type PiiCipher,
  type RequestCandidate,
} from '@webir/kit';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Db } from '../client.ts';
import { rowsOf } from '../raw.ts';
import { people } from '../schema/core.ts';
import type { queryRequestColumns, usageImportsTable, usageRecordsTable } from './tables.ts';

/**
 * Usage records — the WebIR platform's query log — imported and reconciled against the requests
 * that allowed each query, written once for every regime (Tainan's TN-7.1/TN-7.2, Kaohsiung's KH-6.1).
 * A regime gives its tables, its CSV columns, who may import for which agencies, and any check of its
 * own (Kaohsiung's items held and registered address, KH-5.2).
 */

type RequestsTable = { [K in keyof ReturnType<typeof queryRequestColumns>]: import('drizzle-orm/pg-core').AnyPgColumn } & import('drizzle-orm/pg-core').PgTable;
export type UsageImports = ReturnType<typeof usageImportsTable>;
export type UsageRecords = ReturnType<typeof usageRecordsTable>;
export type UsageRecordRow = UsageRecords['$inferSelect'];

export type UsageRow = {
  queriedAt: Date;
  myegovAccount: string;
  item: string;
  subjectId: string;
  requestNumber?: string | undefined;
  ipAddress?: string | undefined;
};

/**
 * The columns every regime's log has (README, "Usage records"): when, whose MyEGov account, which of the
 * regime's items, about whom — a person's identifier (checksum-checked) or a unit's 8–10 digit number —
 * and the request the querier cited, under the regime's name for it. `ipAddress`: the regime's log also
 * carries the querying computer's address (Kaohsiung's, KH-5.2).
 */
export function usageColumns(items: readonly string[], requestColumn: string, withAddress = false) {
  const columns = {
    queriedAt: { name: 'queried_at', required: true, parse: cells.instant },
    myegovAccount: { name: 'myegov_account', required: true, parse: cells.bounded(SHORT_TEXT, (c: string) => ({ ok: true as const, value: c.toLowerCase() })) },
    item: { name: 'item', required: true, parse: cells.oneOf(items) },
    subjectId: {
      name: 'subject_id',
      required: true,
      parse: (c: string) => {
        if (/^\d{8,10}$/.test(c)) return { ok: true as const, value: c };
        const id = validatePersonalId(c);
        return id.ok ? { ok: true as const, value: id.id } : { ok: false as const, message: id.message };
      },
    },
    requestNumber: { name: requestColumn, required: false, parse: cells.text },
  };
  const ipAddress = { name: 'ip_address', required: true, parse: (c: string) => (isIP(c) ? { ok: true as const, value: c } : { ok: false as const, message: `${c} is not an IP address` }) };
  return withAddress ? { ...columns, ipAddress } : columns;
}

export interface UsageRegime {
  imports: UsageImports;
  records: UsageRecords;
  requests: RequestsTable;
  columns: { [K in keyof UsageRow]-?: ColumnSpec<UsageRow[K]> } | Omit<{ [K in keyof UsageRow]-?: ColumnSpec<UsageRow[K]> }, 'ipAddress'>;
  /**
   * The regime's own check of a record the request matching found in order; returns a finding or
   * null. Prepared once per import for the queriers in the file, so it costs no query per row.
   */
  prepareCheck?: (db: Db, querierIds: string[]) => Promise<(row: UsageRow, querierId: string, agencyId: string | null) => string | null>;
}

export interface Importer {
  id: string;
  /** The agencies the importer may import for; null: every agency of the regime. */
  agencies: Set<string> | null;
}

export interface ImportResult {
  id: string;
  rows: number;
  duplicates: number;
  findings: number;
}

const BATCH = 500;

/** Imports a query log, all or nothing: any bad row refuses the whole file with every bad line named. */
export async function importUsageLog(
  db: Db,
  cipher: PiiCipher,
  regime: UsageRegime,
  importer: Importer,
  input: { fileName: string; csv: string },
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  const { imports, records: usageRecords, requests } = regime;
  if (!input.fileName.trim()) new Violations().add('input.fileName', 'name the file').throwIfAny();
  // The CLI reaches here without the API's input limits (kit's input-limits.ts): the same bound.
  if ([...input.fileName].length > SHORT_TEXT) new Violations().add('input.fileName', `at most ${SHORT_TEXT} characters`).throwIfAny();
  const parsed = parseUsageCsv<UsageRow>(input.csv, regime.columns as never);
  // A query is logged after it is made: none in the future (beyond the clocks' skew) or before the regimes.
  for (const row of parsed.rows) {
    const problem = pastInstantProblem(row.queriedAt, now);
    if (problem) parsed.errors.push({ line: row.line, message: `queried_at: ${problem}` });
  }
  parsed.errors.sort((a, b) => a.line - b.line);
  if (parsed.errors.length) {
    throw new DomainError('BAD_USER_INPUT', `${parsed.errors.length} bad line(s); nothing was imported. ${parsed.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`).join('; ')}`, {
      violations: parsed.errors.slice(0, 100).map((e) => ({ field: `line ${e.line}`, message: e.message })),
      lines: parsed.errors.map((e) => e.line),
    });
  }
  if (!parsed.rows.length) new Violations().add('input.csv', 'the file has a header but no records').throwIfAny();
  const accounts = [...new Set(parsed.rows.map((r) => r.myegovAccount))];
  const queriers = await db.select({ id: people.id, agencyId: people.agencyId, account: people.myegovAccount }).from(people).where(inArray(people.myegovAccount, accounts));
  const byAccount = new Map(queriers.map((p) => [p.account!, p]));
  if (importer.agencies) {
    const allowed = importer.agencies;
    const outside = parsed.rows.filter((r) => {
      const agencyId = byAccount.get(r.myegovAccount)?.agencyId;
      return agencyId && !allowed.has(agencyId);
    });
    if (outside.length) throw forbidden(`Lines ${outside.slice(0, 10).map((r) => r.line).join(', ')} are queries of other agencies: an agency administrator imports their own agencies’ records`);
  }
  // Only after the scope check: "imported already" would otherwise tell an administrator of another
  // agency that this agency's file exists.
  const sha256 = createHash('sha256').update(input.csv).digest('hex');
  const [seen] = await db.select({ id: imports.id }).from(imports).where(eq(imports.sha256, sha256));
  if (seen) throw conflict('This file was imported already', { importId: seen.id });
  const cited = [...new Set(parsed.rows.map((r) => r.requestNumber).filter((n): n is string => Boolean(n)))];
  const candidates = queriers.length
    ? ((await db
        .select({ id: requests.id, number: requests.number, requesterId: requests.requesterId, subjectHash: requests.subjectIdHash, items: requests.items, status: requests.status, decidedAt: requests.decidedAt })
        .from(requests)
        .where(or(inArray(requests.requesterId, queriers.map((q) => q.id)), cited.length ? inArray(requests.number, cited) : undefined))) as RequestCandidate[])
    : [];
  const byRequester = new Map<string, RequestCandidate[]>();
  for (const r of candidates) byRequester.set(r.requesterId, [...(byRequester.get(r.requesterId) ?? []), r]);
  const check = regime.prepareCheck ? await regime.prepareCheck(db, queriers.map((q) => q.id)) : null;

  const rows = parsed.rows.map((row) => {
    const querier = byAccount.get(row.myegovAccount);
    const subjectHash = cipher.hash(row.subjectId);
    const match = matchUsage(
      { querierId: querier?.id ?? null, subjectHash, item: row.item, queriedAt: row.queriedAt, requestNumber: row.requestNumber ?? null },
      byRequester.get(querier?.id ?? '') ?? [],
    );
    const own = match.finding === 'NONE' && querier && check ? check(row, querier.id, querier.agencyId) : null;
    return {
      line: row.line,
      queriedAt: row.queriedAt,
      myegovAccount: row.myegovAccount,
      querierId: querier?.id ?? null,
      agencyId: querier?.agencyId ?? null,
      item: row.item,
      subjectIdEnc: cipher.encrypt(row.subjectId),
      subjectIdHash: subjectHash,
      requestNumber: row.requestNumber ?? null,
      requestId: match.requestId,
      finding: own ?? match.finding,
      ipAddress: row.ipAddress ?? null,
    };
  });

  return db.transaction(async (tx) => {
    // A file is imported once (usage_imports_sha_uq), and one run at a time: a second run of the same
    // file does not wait behind the first's transaction (minutes for a large log) only to fail on the
    // index; the lock tells it at once, and once the first has committed, the read under it does.
    const key = `${getTableConfig(imports).schema}.usage_imports:${sha256}`;
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as ok`));
    if (!lock?.ok) throw conflict('This file is being imported right now by another run; nothing was imported');
    const [already] = await tx.select({ id: imports.id }).from(imports).where(eq(imports.sha256, sha256));
    if (already) throw conflict('This file was imported already', { importId: already.id });
    const [batch] = await tx
      .insert(imports)
      .values({ fileName: input.fileName.trim(), sha256, rows: rows.length, duplicates: 0, findings: 0, importedById: importer.id, importedAt: now })
      .returning();
    let inserted = 0;
    let findings = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH).map((r) => ({ ...r, importId: batch!.id }));
      // The same query in an overlapping log is recorded once.
      const written = await tx.insert(usageRecords).values(chunk).onConflictDoNothing().returning({ finding: usageRecords.finding });
      inserted += written.length;
      findings += written.filter((w) => w.finding !== 'NONE').length;
      onProgress?.(Math.min(i + BATCH, rows.length), rows.length);
    }
    const [done] = await tx.update(imports).set({ duplicates: rows.length - inserted, findings }).where(eq(imports.id, batch!.id)).returning();
    return { id: done!.id, rows: done!.rows, duplicates: done!.duplicates, findings: done!.findings };
  });
}

export interface UsageFilter {
  agencyId?: string | null;
  querierId?: string | null;
  findingsOnly?: boolean | null;
  from?: Date | null;
  to?: Date | null;
}

/** A page of usage records in query order, within the caller's scope (SQL the regime gives). */
export async function listUsageRecords(db: Db, records: UsageRecords, scope: SQL | undefined, filter: UsageFilter, args: PageArgs) {
  const page = parsePage<[string, string]>(args, 2);
  const where = and(
    scope,
    filter.agencyId ? eq(records.agencyId, filter.agencyId) : undefined,
    filter.querierId ? eq(records.querierId, filter.querierId) : undefined,
    filter.findingsOnly ? ne(records.finding, 'NONE') : undefined,
    filter.from ? gte(records.queriedAt, filter.from) : undefined,
    filter.to ? lt(records.queriedAt, filter.to) : undefined,
  );
  const after = page.after ? sql`(${records.queriedAt}, ${records.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(records).where(and(where, after)).orderBy(asc(records.queriedAt), asc(records.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.queriedAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(records).where(where))[0]!.n);
}
