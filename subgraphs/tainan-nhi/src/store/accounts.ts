import { and, count, eq, exists, gte, inArray, sql } from 'drizzle-orm';
import { grantPermission, revokePermission, tables, type Db, type PermissionRow } from '@webir/db';
import { addDays, checkId, checkPastDay, conflict, forbidden, notFound, ruleViolation, taipeiDay, taipeiMidnight, Violations } from '@webir/kit';
import type { TnContext } from '../context.ts';
import { AGENCY_ADMIN, assertChief, assertNotAuditorOnly, CHIEF_ADMIN, isChief, readsRegime, REGIME, USER } from './access.ts';

const { permissions, people, usageRecords, queryRequests, handovers, chiefChanges, destructions } = tables;

export type CleanupKind = 'RESIGNED' | 'RETIRED' | 'REASSIGNED' | 'IDLE' | 'DUPLICATE';

export interface CleanupCandidate {
  personId: string;
  agencyId: string;
  kind: CleanupKind;
  detail: string;
  /** A leaver's: the day their change took effect, when the directory records it. */
  effectiveOn: string | null;
  permissionIds: string[];
}

/**
 * TN-4.3 帳號清查: accounts to revoke — holders who resigned, retired or were reassigned; users with
 * no query in `idleDays`; people holding NHI accounts at more than one agency (duplicates).
 */
export async function cleanupCandidates(ctx: TnContext, filter: { agencyId?: string | null; idleDays: number }): Promise<CleanupCandidate[]> {
  const v = new Violations();
  checkId(v, 'agencyId', filter.agencyId);
  if (!Number.isInteger(filter.idleDays) || filter.idleDays < 1 || filter.idleDays > 3650) v.add('idleDays', 'between 1 and 3650 days');
  v.throwIfAny();
  const scope = readsRegime(ctx.caller) ? null : [...(await ctx.caller.scope()).write];
  if (scope && !ctx.caller.holds(REGIME, AGENCY_ADMIN)) throw forbidden('Account clean-up: the agency administrators and the chief administrator');
  const agencyIds = filter.agencyId ? (scope && !scope.includes(filter.agencyId) ? [] : [filter.agencyId]) : scope;
  return findCleanupCandidates(ctx.db, { agencyIds, idleDays: filter.idleDays, today: taipeiDay(ctx.now()) });
}

/**
 * TN-4.3's detection without an access check, for callers that have narrowed the agencies already
 * (the graph across regimes): the candidates at `agencyIds` (null: every agency), idle counted back
 * from `today`. Three statements, whatever the number of agencies.
 */
export async function findCleanupCandidates(db: Db, filter: { agencyIds: string[] | null; idleDays: number; today: string }): Promise<CleanupCandidate[]> {
  if (filter.agencyIds && !filter.agencyIds.length) return [];
  const held = await db
    .select({ p: permissions, status: people.employmentStatus, effectiveOn: people.employmentStatusEffectiveOn, name: people.name })
    .from(permissions)
    .innerJoin(people, eq(people.id, permissions.personId))
    .where(
      and(
        eq(permissions.regimeCode, REGIME),
        eq(permissions.status, 'ACTIVE'),
        inArray(permissions.role, [USER, AGENCY_ADMIN]),
        filter.agencyIds ? inArray(permissions.agencyId, filter.agencyIds) : undefined,
      ),
    );
  const idleSince = taipeiMidnight(addDays(filter.today, -filter.idleDays));
  const holders = [...new Set(held.map((h) => h.p.personId))];
  const lastUse = holders.length
    ? // One probe of (querier, time) a holder: whether they queried since, not every query since (issue 11).
      await db
        .select({ querierId: people.id })
        .from(people)
        .where(and(inArray(people.id, holders), exists(db.select({ one: sql`1` }).from(usageRecords).where(and(eq(usageRecords.querierId, people.id), gte(usageRecords.queriedAt, idleSince))))))
    : [];
  const active = new Set(lastUse.map((u) => u.querierId));
  const allAgencies = holders.length
    ? await db.selectDistinct({ personId: permissions.personId, agencyId: permissions.agencyId }).from(permissions).where(and(eq(permissions.regimeCode, REGIME), eq(permissions.status, 'ACTIVE'), inArray(permissions.personId, holders)))
    : [];

  const byKey = new Map<string, { personId: string; agencyId: string; rows: PermissionRow[]; status: string; effectiveOn: string | null }>();
  for (const h of held) {
    const key = `${h.p.personId}|${h.p.agencyId}`;
    const entry = byKey.get(key) ?? { personId: h.p.personId, agencyId: h.p.agencyId, rows: [], status: h.status, effectiveOn: h.effectiveOn };
    entry.rows.push(h.p);
    byKey.set(key, entry);
  }
  const out: CleanupCandidate[] = [];
  for (const e of byKey.values()) {
    const ids = e.rows.map((r) => r.id);
    if (e.status !== 'ACTIVE') {
      out.push({ personId: e.personId, agencyId: e.agencyId, kind: e.status as CleanupKind, detail: `${e.status.toLowerCase()} since ${e.effectiveOn ?? 'an unrecorded date'}`, effectiveOn: e.effectiveOn, permissionIds: ids });
      continue;
    }
    const agencies = new Set(allAgencies.filter((a) => a.personId === e.personId).map((a) => a.agencyId));
    if (agencies.size > 1) out.push({ personId: e.personId, agencyId: e.agencyId, kind: 'DUPLICATE', detail: `holds NHI accounts at ${agencies.size} agencies`, effectiveOn: null, permissionIds: ids });
    const users = e.rows.filter((r) => r.role === USER);
    const oldest = users.reduce<Date | null>((m, r) => (!m || r.grantedAt < m ? r.grantedAt : m), null);
    if (users.length && !active.has(e.personId) && oldest && oldest < idleSince) {
      out.push({ personId: e.personId, agencyId: e.agencyId, kind: 'IDLE', detail: `no query in ${filter.idleDays} days`, effectiveOn: null, permissionIds: users.map((r) => r.id) });
    }
  }
  return out.sort((a, b) => a.kind.localeCompare(b.kind) || a.personId.localeCompare(b.personId));
}

/** TN-4.3: the agency administrator revokes an account: every NHI permission of the person at the agency. */
export async function revokeAccount(ctx: TnContext, input: { personId: string; agencyId: string; reason: string }): Promise<PermissionRow[]> {
  const v = new Violations();
  checkId(v, 'input.personId', input.personId);
  checkId(v, 'input.agencyId', input.agencyId);
  if (input.reason.trim().length < 2) v.add('input.reason', 'say why (重複、閒置、職務調整、離職、退休)');
  v.throwIfAny();
  assertNotAuditorOnly(ctx.caller, 'Revoking an account');
  if (!isChief(ctx.caller) && !(ctx.caller.holds(REGIME, AGENCY_ADMIN) && (await ctx.caller.scope()).write.has(input.agencyId))) {
    throw forbidden('Revoking an account: the agency’s administrator or the chief administrator');
  }
  const held = await ctx.db.select().from(permissions).where(and(eq(permissions.personId, input.personId), eq(permissions.agencyId, input.agencyId), eq(permissions.regimeCode, REGIME), eq(permissions.status, 'ACTIVE')));
  if (!held.length) throw conflict('The person holds no NHI account at this agency');
  const at = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const out: PermissionRow[] = [];
    for (const p of held) out.push(await revokePermission(tx, p.id, { revokedById: ctx.caller.id, reason: `帳號清查: ${input.reason.trim()}`, at }));
    return out;
  });
}

/** TN-4.4: the outgoing administrator hands the roster and the query records to the successor. */
export async function recordHandover(ctx: TnContext, input: { agencyId: string; toId: string; handedOverOn?: string | null; note?: string | null }) {
  const v = new Violations();
  checkId(v, 'input.agencyId', input.agencyId);
  checkId(v, 'input.toId', input.toId);
  checkPastDay('input.handedOverOn', input.handedOverOn, ctx.now(), v);
  v.throwIfAny();
  const [current] = await ctx.db.select().from(permissions).where(and(eq(permissions.agencyId, input.agencyId), eq(permissions.regimeCode, REGIME), eq(permissions.role, AGENCY_ADMIN), eq(permissions.status, 'ACTIVE')));
  if (!current) throw ruleViolation('TN-4.4', 'the agency has no administrator to hand over from');
  if (current.personId !== ctx.caller.id && !isChief(ctx.caller)) throw forbidden('A handover is recorded by the outgoing administrator or the chief administrator');
  const successor = await ctx.loaders.person.load(input.toId);
  if (!successor) throw notFound('Person', input.toId);
  if (successor.id === current.personId) new Violations().add('input.toId', 'the successor is someone else').throwIfAny();
  const roster = await ctx.db
    .select({ personId: permissions.personId, name: people.name, role: permissions.role, item: permissions.serviceItemId, grantedAt: permissions.grantedAt })
    .from(permissions)
    .innerJoin(people, eq(people.id, permissions.personId))
    .where(and(eq(permissions.agencyId, input.agencyId), eq(permissions.regimeCode, REGIME), eq(permissions.status, 'ACTIVE')));
  const [[requests], [usage]] = await Promise.all([
    ctx.db.select({ n: count() }).from(queryRequests).where(eq(queryRequests.agencyId, input.agencyId)),
    ctx.db.select({ n: count() }).from(usageRecords).where(eq(usageRecords.agencyId, input.agencyId)),
  ]);
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(handovers)
    .values({
      agencyId: input.agencyId,
      fromId: current.personId,
      toId: successor.id,
      handedOverOn: input.handedOverOn ?? taipeiDay(now),
      roster: roster.map((r) => ({ ...r, grantedAt: r.grantedAt.toISOString() })),
      queryRequests: requests!.n,
      usageRecords: usage!.n,
      note: input.note?.trim() || null,
      recordedById: ctx.caller.id,
      recordedAt: now,
    })
    .returning();
  return row!;
}

/**
 * TN-5.1 with TN-3.1: the chief administrator hands the role to a successor — exactly one holds it —
 * and the change is recorded with its report to the e-government platform.
 */
export async function changeChief(ctx: TnContext, input: { toId: string; effectiveOn?: string | null; reportedOn?: string | null; reportReference?: string | null }) {
  assertChief(ctx.caller, 'Changing the chief administrator');
  checkPastDay('input.reportedOn', input.reportedOn, ctx.now());
  if (!checkId(new Violations(), 'input.toId', input.toId)) new Violations().add('input.toId', 'not an ID').throwIfAny();
  const successor = await ctx.loaders.person.load(input.toId);
  if (!successor) throw notFound('Person', input.toId);
  if (successor.id === ctx.caller.id) new Violations().add('input.toId', 'the successor is someone else').throwIfAny();
  if (!successor.agencyId || successor.agencyId !== ctx.caller.person.agencyId) throw ruleViolation('TN-3.1', 'the chief administrator is designated by the Health Bureau, from its own staff');
  const now = ctx.now();
  const effectiveOn = input.effectiveOn ?? taipeiDay(now);
  return ctx.db.transaction(async (tx) => {
    // The caller's chief grant locked: of two hand-overs sent at once, the second finds it ended.
    const [mine] = await tx.select().from(permissions).where(and(eq(permissions.personId, ctx.caller.id), eq(permissions.regimeCode, REGIME), eq(permissions.role, CHIEF_ADMIN), eq(permissions.status, 'ACTIVE'))).for('update');
    if (!mine) throw conflict('You no longer hold the chief administrator’s role: it was handed over meanwhile');
    await revokePermission(tx, mine.id, { revokedById: ctx.caller.id, reason: `總管理者異動 to ${successor.name}`, at: now });
    await grantPermission(tx, { personId: successor.id, agencyId: successor.agencyId!, regime: REGIME, role: CHIEF_ADMIN, grantedById: ctx.caller.id, reason: '總管理者異動', form: null, effectiveFrom: effectiveOn, at: now });
    const [row] = await tx
      .insert(chiefChanges)
      .values({ fromId: ctx.caller.id, toId: successor.id, effectiveOn, reportedOn: input.reportedOn ?? null, reportReference: input.reportReference?.trim() || null, recordedById: ctx.caller.id, recordedAt: now })
      .returning();
    return row!;
  });
}

/** TN-7.6: retained results destroyed after use, recorded by the requester or their supervisor. */
export async function recordDestruction(ctx: TnContext, input: { requestId: string; destroyedOn?: string | null; method: 'PAPER_SHREDDED' | 'FILE_DELETED'; note?: string | null }) {
  if (!checkId(new Violations(), 'input.requestId', input.requestId)) new Violations().add('input.requestId', 'not an ID').throwIfAny();
  const request = await ctx.loaders.queryRequest.load(input.requestId);
  if (!request) throw notFound('NhiQueryRequest', input.requestId);
  const requester = await ctx.loaders.person.load(request.requesterId);
  if (request.requesterId !== ctx.caller.id && requester?.supervisorId !== ctx.caller.id) throw forbidden('A destruction is recorded by the requester or their supervisor');
  if (request.status !== 'APPROVED') throw conflict('Only the results of an approved request are retained, and destroyed');
  const destroyedOn = input.destroyedOn ?? taipeiDay(ctx.now());
  checkPastDay('input.destroyedOn', destroyedOn, ctx.now());
  const [row] = await ctx.db
    .insert(destructions)
    .values({ requestId: request.id, destroyedOn, method: input.method, note: input.note?.trim() || null, recordedById: ctx.caller.id, recordedAt: ctx.now() })
    .returning();
  ctx.loaders.destructions.clear(request.id);
  return row!;
}

