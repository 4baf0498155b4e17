import { and, eq, inArray } from 'drizzle-orm';
import { tables, type Database } from '@webir/db';
import { addDays, addYears, drawSample, makeNationalId, matchUsage, monthDays, newSeed, previousMonth, previousQuarter, quarterDays, taipeiDay, type PiiCipher } from '@webir/kit';
import { createHash } from 'node:crypto';

/**
 * A year of Tainan NHI activity for the demo, written after the directory: every Tainan agency with
 * NHI accounts enrolled, the user persona's applications and a year of query requests and queries,
 * reviews, a sample and audits — with breaches to find: queries without a request or before its
 * approval, one outside its items, an overdue enrolment review, agencies whose reviews are missing.
 */
const PURPOSE: Record<string, [string, string, string?]> = {
  'tn-health': ['HEALTH', 'HEALTH_1'],
  'tn-social': ['SOCIAL', 'SOCIAL_3'],
  'tn-labour': ['SOCIAL', 'SOCIAL_4'],
  'tn-police': ['POLICE', 'POLICE_1'],
  'tn-transport': ['TRANSPORT', 'TRANSPORT_1'],
  'tn-civil': ['OTHER', 'OTHER', '戶籍法：戶籍登記查核'],
};

export async function seedTainanNhi({ db }: Database, cipher: PiiCipher, now: Date, agencyKeys: Map<string, string>, personKeys: Map<string, string>): Promise<void> {
  const today = taipeiDay(now);
  const yearAgo = addDays(today, -400);
  const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const person = (key: string) => personKeys.get(key)!;
  const agency = (key: string) => agencyKeys.get(key)!;

  await db.transaction(async (tx) => {
    // Enrolments: every Tainan agency that holds NHI grants; the transport bureau's review is overdue.
    const held = await tx.selectDistinct({ agencyId: tables.permissions.agencyId }).from(tables.permissions).where(eq(tables.permissions.regimeCode, 'TN_NHI'));
    const byId = new Map([...agencyKeys].map(([k, id]) => [id, k]));
    for (const { agencyId } of held) {
      const key = byId.get(agencyId) ?? '';
      const [purpose, basis, note] = PURPOSE[key] ?? (key.startsWith('tn-health-') ? ['HEALTH', 'HEALTH_3'] : ['SOCIAL', 'SOCIAL_2']);
      const overdue = key === 'tn-transport';
      await tx.insert(tables.enrolments).values({
        agencyId,
        purpose,
        legalBasis: basis,
        legalBasisNote: note ?? null,
        enrolledOn: yearAgo,
        nextReviewDue: overdue ? addYears(yearAgo, 1) : addYears(addDays(today, -30), 1),
        createdById: person('tn-chief'),
        createdAt: at(yearAgo),
      });
    }

    // The user persona's 附表二, approved by the agency administrator; one more still being signed.
    const [application] = await tx
      .insert(tables.applications)
      .values({
        number: `F2-${yearAgo.replace(/-/g, '')}-D3M001`,
        form: 'USER',
        kind: 'NEW',
        agencyId: agency('tn-social'),
        applicantId: person('tn-user'),
        section: '社會救助科',
        phone: '06-2991111#8123',
        email: 'tn.social.chen@mail.tainan.gov.tw',
        myegovAccount: 'tn.social.chen',
        itemChanges: ['01', '02', '05'].map((item) => ({ item, action: 'ADD' as const })),
        reason: '辦理低收入戶及中低收入戶資格審查，需查詢投保及欠費資料',
        privacyAcknowledged: true,
        appliedOn: yearAgo,
        status: 'APPROVED',
        approverId: person('tn-admin'),
        decidedAt: at(addDays(yearAgo, 2)),
        accessOpensOn: addDays(yearAgo, 3),
        retainUntil: addYears(addDays(yearAgo, 2), 1),
        createdById: person('tn-user'),
        createdAt: at(yearAgo),
      })
      .returning();
    await tx.insert(tables.applicationSignoffs).values(
      (['APPLICANT', 'SECTION_CHIEF', 'AGENCY_HEAD'] as const).map((role, i) => ({
        applicationId: application!.id,
        step: i + 1,
        role,
        signerId: person(['tn-user', 'tn-supervisor', 'tn-social-head'][i]!),
        signedAt: at(yearAgo, 10 + i),
      })),
    );
    await tx.update(tables.permissions).set({ formType: 'TN_NHI/附表二', formId: application!.id }).where(and(eq(tables.permissions.personId, person('tn-user')), eq(tables.permissions.regimeCode, 'TN_NHI')));

    // A year of query requests by the user persona, approved by their supervisor, and the queries.
    const requests = [];
    for (let i = 0; i < 36; i++) {
      const day = addDays(yearAgo, 10 + i * 10);
      if (day >= today) break;
      const subject = makeNationalId('D', ((i % 2) + 1) as 1 | 2, 700_000 + i);
      requests.push({ day, subject, items: i % 3 ? ['01'] : ['01', '05'], pending: i === 35 });
    }
    const rows = await tx
      .insert(tables.queryRequests)
      .values(
        requests.map((r, i) => ({
          number: `F3-${r.day.replace(/-/g, '')}-D3M${String(i).padStart(3, '0')}`,
          requesterId: person('tn-user'),
          agencyId: agency('tn-social'),
          subjectName: `個案${i + 1}`,
          subjectIdEnc: cipher.encrypt(r.subject),
          subjectIdHash: cipher.hash(r.subject),
          items: r.items,
          purpose: '低收入戶資格審查',
          legalBasis: '社會救助法第 4 條、第 5 條',
          status: r.pending ? 'PENDING' : 'APPROVED',
          requestedAt: at(r.day, 9),
          approverId: r.pending ? null : person('tn-supervisor'),
          decidedAt: r.pending ? null : at(r.day, 11),
          retainUntil: addYears(r.day, 5),
        })),
      )
      .returning();

    // The platform's log: one query per approved request after approval, and the breaches.
    const log = requests.map((r, i) => ({ at: at(r.day, 14), subject: r.subject, item: '01', number: rows[i]!.number, account: 'tn.social.chen' }));
    const breach = (i: number, change: Partial<(typeof log)[number]>) => log.push({ ...log[i]!, ...change });
    breach(3, { at: at(requests[3]!.day, 8), number: '' }); // before approval
    breach(5, { item: '12' }); // outside the request's items
    breach(7, { subject: makeNationalId('D', 1, 799_999), number: '', at: at(requests[7]!.day, 15) }); // no request at all
    breach(9, { account: 'tn.north.user1', number: '', at: at(requests[9]!.day, 16) }); // by someone who has since resigned, no request
    const imported = await tx
      .insert(tables.usageImports)
      .values({ fileName: 'demo-webir-log.csv', sha256: createHash('sha256').update(`demo-${today}`).digest('hex'), rows: log.length, duplicates: 0, findings: 0, importedById: person('tn-chief'), importedAt: now })
      .returning();
    const queriers = await tx.select().from(tables.people).where(inArray(tables.people.myegovAccount, [...new Set(log.map((l) => l.account))]));
    let findings = 0;
    const records = log.map((l, i) => {
      const querier = queriers.find((q) => q.myegovAccount === l.account);
      const hash = cipher.hash(l.subject);
      const match = matchUsage(
        { querierId: querier?.id ?? null, subjectHash: hash, item: l.item, queriedAt: l.at, requestNumber: l.number || null },
        rows.filter((r) => r.requesterId === querier?.id).map((r) => ({ id: r.id, number: r.number, requesterId: r.requesterId, subjectHash: r.subjectIdHash, items: r.items, status: r.status, decidedAt: r.decidedAt })),
      );
      if (match.finding !== 'NONE') findings++;
      return { importId: imported[0]!.id, line: i + 2, queriedAt: l.at, myegovAccount: l.account, querierId: querier?.id ?? null, agencyId: querier?.agencyId ?? null, item: l.item, subjectIdEnc: cipher.encrypt(l.subject), subjectIdHash: hash, requestNumber: l.number || null, requestId: match.requestId, finding: match.finding };
    });
    const written = await tx.insert(tables.usageRecords).values(records).returning({ id: tables.usageRecords.id, queriedAt: tables.usageRecords.queriedAt });
    await tx.update(tables.usageImports).set({ findings }).where(eq(tables.usageImports.id, imported[0]!.id));

    // The Social Affairs Bureau reviewed its quarters and sampled last month; nobody else did.
    const lastQuarter = previousQuarter(today);
    for (const quarter of [previousQuarter(quarterDays(lastQuarter).start), lastQuarter]) {
      await tx.insert(tables.quarterlyReviews).values({ agencyId: agency('tn-social'), quarter, reviewerId: person('tn-admin'), reviewedAt: at(addDays(quarterDays(quarter).end, 10)), recordsReviewed: 9, findings: 1, summary: '查詢紀錄與申請單核對，發現一筆查詢早於核可，已請當事人說明', retainUntil: addYears(today, 3) });
    }
    const month = previousMonth(today);
    const inMonth = written.filter((w) => taipeiDay(w.queriedAt) >= monthDays(month).start && taipeiDay(w.queriedAt) < monthDays(month).end).map((w) => w.id).sort();
    if (inMonth.length) {
      const seed = newSeed();
      const drawn = drawSample(seed, inMonth);
      const [sample] = await tx
        .insert(tables.samples)
        .values({ agencyId: agency('tn-social'), month, seed, population: inMonth.length, populationDigest: createHash('sha256').update(inMonth.join('\n')).digest('hex'), size: drawn.length, drawnById: person('tn-supervisor'), drawnAt: at(monthDays(month).end), retainUntil: addYears(today, 3) })
        .returning();
      await tx.insert(tables.sampleItems).values(drawn.map((usageRecordId, i) => ({ sampleId: sample!.id, usageRecordId, position: i + 1 })));
    }

    // An internal audit by the Social Affairs Bureau, and the Health Bureau's spot check with a notice.
    const checks = [1, 2, 3, 4, 5].map((check) => ({ check, result: check === 4 ? ('FAIL' as const) : ('PASS' as const), note: check === 4 ? '一筆查詢早於申請核可' : null }));
    const audited = addDays(today, -60);
    await tx.insert(tables.auditRecords).values([
      { number: `F4-${audited.replace(/-/g, '')}-D3M001`, kind: 'INTERNAL', agencyId: agency('tn-social'), period: `${audited.slice(0, 4)}-H${Number(audited.slice(5, 7)) <= 6 ? 1 : 2}`, auditUnit: '臺南市政府社會局政風室', auditedOn: audited, checks, previousFollowUp: '無不符合項目', findings: '一筆查詢早於核可', recommendations: '查詢前確認核可狀態', auditeeId: person('tn-user'), auditeeHeadId: person('tn-supervisor'), auditorId: person('tn-admin'), auditorHeadId: person('tn-supervisor'), createdById: person('tn-admin'), createdAt: at(audited), retainUntil: addYears(audited, 3) },
      { number: `F4-${addDays(audited, 20).replace(/-/g, '')}-D3M002`, kind: 'SPOT_CHECK', agencyId: agency('tn-social'), period: addDays(audited, 20), auditUnit: '臺南市政府衛生局', auditedOn: addDays(audited, 20), checks, findings: '查詢早於核可', notice: '請於 30 日內查處並回報衛生局', auditeeId: person('tn-user'), auditeeHeadId: person('tn-supervisor'), auditorId: person('tn-auditor'), auditorHeadId: person('tn-chief'), createdById: person('tn-auditor'), createdAt: at(addDays(audited, 20)), retainUntil: addYears(addDays(audited, 20), 3) },
    ]);
  });
}
