import { createHash } from 'node:crypto';
import { and, asc, count, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { tables, type Caller, type Db } from '@webir/db';
import {
  cells,
  checkId,
  conflict,
  DomainError,
  forbidden,
  matchUsage,
  parsePage,
  parseUsageCsv,
  toConnection,
  validatePersonalId,
  Violations,
  type PageArgs,
  type PiiCipher,
} from '@webir/kit';
import { AGENCY_ADMIN, assertNotAuditorOnly, isChief, queriesScope, REGIME } from './access.ts';
import { ITEM_CODES } from './applications.ts';

const { usageImports, usageRecords, queryRequests, people } = tables;

/**
 * The documented CSV of the WebIR platform's query log (README, "Usage records"):
 * queried_at, myegov_account, item, subject_id [, request_number].
 */
export const USAGE_COLUMNS = {
  queriedAt: { name: 'queried_at', required: true, parse: cells.instant },
  myegovAccount: { name: 'myegov_account', required: true, parse: (c: string) => ({ ok: true as const, value: c.toLowerCase() }) },
  item: { name: 'item', required: true, parse: cells.oneOf(ITEM_CODES) },
  subjectId: {
    name: 'subject_id',
    required: true,
    // A person's identifier (items 01–06, 12, 13) or an insured unit's number (07–11, 8 digits).
    parse: (c: string) => {
      if (/^\d{8,10}$/.test(c)) return { ok: true as const, value: c };
      const id = validatePersonalId(c);
      return id.ok ? { ok: true as const, value: id.id } : { ok: false as const, message: id.message };
    },
  },
  requestNumber: { name: 'request_number', required: false, parse: cells.text },
};

const BATCH = 500;

export interface ImportResult {
  id: string;
  rows: number;
  duplicates: number;
  findings: number;
}

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
  if (!input.fileName.trim()) new Violations().add('input.fileName', 'name the file').throwIfAny();
  const parsed = parseUsageCsv(input.csv, USAGE_COLUMNS);
  if (parsed.errors.length) {
    throw new DomainError('BAD_USER_INPUT', `${parsed.errors.length} bad line(s); nothing was imported. ${parsed.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`).join('; ')}`, {
      violations: parsed.errors.slice(0, 100).map((e) => ({ field: `line ${e.line}`, message: e.message })),
      lines: parsed.errors.map((e) => e.line),
    });
  }
  if (!parsed.rows.length) new Violations().add('input.csv', 'the file has a header but no records').throwIfAny();
  const sha256 = createHash('sha256').update(input.csv).digest('hex');
  const [seen] = await db.select({ id: usageImports.id }).from(usageImports).where(eq(usageImports.sha256, sha256));
  if (seen) throw conflict('This file was imported already', { importId: seen.id });

  const accounts = [...new Set(parsed.rows.map((r) => r.myegovAccount))];
  const queriers = await db.select().from(people).where(inArray(people.myegovAccount, accounts));
  const byAccount = new Map(queriers.map((p) => [p.myegovAccount!, p]));
  if (!isChief(caller)) {
    const scope = (await caller.scope()).write;
    const outside = parsed.rows.filter((r) => {
      const agencyId = byAccount.get(r.myegovAccount)?.agencyId;
      return agencyId && !scope.has(agencyId);
    });
    if (outside.length) throw forbidden(`Lines ${outside.slice(0, 10).map((r) => r.line).join(', ')} are queries of other agencies: an agency administrator imports their own agencies’ records`);
  }
  const cited = [...new Set(parsed.rows.map((r) => r.requestNumber).filter((n): n is string => Boolean(n)))];
  const candidates = queriers.length
    ? await db
        .select()
        .from(queryRequests)
        .where(or(inArray(queryRequests.requesterId, queriers.map((q) => q.id)), cited.length ? inArray(queryRequests.number, cited) : undefined))
    : [];
  const byRequester = new Map<string, typeof candidates>();
  for (const r of candidates) byRequester.set(r.requesterId, [...(byRequester.get(r.requesterId) ?? []), r]);

  const records = parsed.rows.map((row) => {
    const querier = byAccount.get(row.myegovAccount);
    const subjectHash = cipher.hash(row.subjectId);
    const match = matchUsage(
      { querierId: querier?.id ?? null, subjectHash, item: row.item, queriedAt: row.queriedAt, requestNumber: row.requestNumber ?? null },
      (byRequester.get(querier?.id ?? '') ?? []).map((r) => ({ id: r.id, number: r.number, requesterId: r.requesterId, subjectHash: r.subjectIdHash, items: r.items, status: r.status, decidedAt: r.decidedAt })),
    );
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
      finding: match.finding,
    };
  });

  await caller.scope(); // before the transaction: PGlite has one connection
  return db.transaction(async (tx) => {
    const [batch] = await tx
      .insert(usageImports)
      .values({ fileName: input.fileName.trim(), sha256, rows: records.length, duplicates: 0, findings: 0, importedById: caller.id, importedAt: now })
      .returning();
    let inserted = 0;
    let findings = 0;
    for (let i = 0; i < records.length; i += BATCH) {
      const chunk = records.slice(i, i + BATCH).map((r) => ({ ...r, importId: batch!.id }));
      // The same query in an overlapping log is recorded once.
      const written = await tx.insert(usageRecords).values(chunk).onConflictDoNothing().returning({ finding: usageRecords.finding });
      inserted += written.length;
      findings += written.filter((w) => w.finding !== 'NONE').length;
      onProgress?.(Math.min(i + BATCH, records.length), records.length);
    }
    const [done] = await tx.update(usageImports).set({ duplicates: records.length - inserted, findings }).where(eq(usageImports.id, batch!.id)).returning();
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

/** Usage records as the caller may see them (TN-7.4): own, staff's, their agencies', or all. */
export async function listUsage(db: Db, caller: Caller, filter: UsageFilter = {}, args: PageArgs) {
  const v = new Violations();
  checkId(v, 'filter.agencyId', filter.agencyId);
  checkId(v, 'filter.querierId', filter.querierId);
  const page = parsePage<[string, string]>(args, 2);
  v.throwIfAny();
  const scope = await queriesScope(db, caller, usageRecords.querierId, usageRecords.agencyId);
  const where = and(
    scope,
    filter.agencyId ? eq(usageRecords.agencyId, filter.agencyId) : undefined,
    filter.querierId ? eq(usageRecords.querierId, filter.querierId) : undefined,
    filter.findingsOnly ? ne(usageRecords.finding, 'NONE') : undefined,
    filter.from ? gte(usageRecords.queriedAt, filter.from) : undefined,
    filter.to ? lt(usageRecords.queriedAt, filter.to) : undefined,
  );
  const after = page.after ? sql`(${usageRecords.queriedAt}, ${usageRecords.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  const rows = await db.select().from(usageRecords).where(and(where, after)).orderBy(asc(usageRecords.queriedAt), asc(usageRecords.id)).limit(page.limit + 1);
  return toConnection(rows, page, (r) => [r.queriedAt.toISOString(), r.id], async () => (await db.select({ n: count() }).from(usageRecords).where(where))[0]!.n);
}
