import { and, eq, inArray } from 'drizzle-orm';
import { tables, type Database } from '@webir/db';
import { importUsageLog } from '@webir/db/regime';
import { addDays, addYears, makeNationalId, quarterDays, quarterOf, taipeiDay, type PiiCipher } from '@webir/kit';
import { KAOHSIUNG_USAGE } from '@webir/subgraph-kaohsiung-bli/usage';

/**
 * A year of Kaohsiung BLI activity for the demo, written after the directory, with breaches to find:
 * every Kaohsiung agency whose staff hold BLI grants approved as a requesting agency (KH-2.1); the city's
 * and agencies' items (KH-5.1); platform accounts with registered addresses (KH-4.1); the querier
 * persona's year of registrations (KH-3.5) and the platform's log — a query without a registration, one
 * before approval, one from another computer, one outside the registration's category (KH-5.2, KH-6.1); quarterly checks
 * with the last one missing (KH-3.4); last year's audit of the social bureau with its violation corrected
 * and reported (KH-6.2, KH-6.3), and an agency never audited; a reassigned querier still holding an
 * account (KH-4.4).
 */
const REGIME = 'KH_BLI';
const BLI_LETTER = '勞保局 115年1月5日保費資字第11513000010號函';

export async function seedKaohsiungBli(database: Database, cipher: PiiCipher, now: Date, agencyKeys: Map<string, string>, personKeys: Map<string, string>): Promise<void> {
  const { db } = database;
  const today = taipeiDay(now);
  const yearAgo = addDays(today, -400);
  const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const person = (key: string) => personKeys.get(key)!;
  const agency = (key: string) => agencyKeys.get(key)!;
  const labour = person('kh-labour-bureau');
  const itCentre = person('kh-it-centre');

  const grants = await db
    .select()
    .from(tables.permissions)
    .where(and(eq(tables.permissions.regimeCode, REGIME), inArray(tables.permissions.role, ['AGENCY_ADMIN', 'QUERIER']), eq(tables.permissions.status, 'ACTIVE')));
  const requesting = [...new Set(grants.map((g) => g.agencyId))];
  const itemOf = (g: (typeof grants)[number]) => g.serviceItemId!.slice(REGIME.length + 1);
  const queriers = grants.filter((g) => g.role === 'QUERIER');
  const byAgency = new Map(requesting.map((id) => [id, [...new Set(queriers.filter((q) => q.agencyId === id).map(itemOf))].sort()]));
  const cityItems = [...new Set(queriers.map(itemOf))].sort();
  const people = await db.select().from(tables.people).where(inArray(tables.people.id, [...new Set(grants.map((g) => g.personId))]));

  await db.transaction(async (tx) => {
    await tx.insert(tables.khRequestingAgencies).values(
      requesting.map((agencyId) => ({ agencyId, legalBasis: '社會救助法第5條之3、勞工保險條例', approvedOn: yearAgo, approvedById: labour, createdAt: at(yearAgo) })),
    );
    const holding = { legalBasis: '社會救助法第5條之3', grantedAt: at(yearAgo), grantedById: itCentre };
    await tx.insert(tables.khItemHoldings).values(cityItems.map((item) => ({ level: 'CITY', agencyId: null, item, decisionReference: BLI_LETTER, ...holding })));
    await tx.insert(tables.khItemHoldings).values(
      [...byAgency].flatMap(([agencyId, items]) => items.map((item) => ({ level: 'AGENCY', agencyId, item, decisionReference: 'set up before the graph', ...holding }))),
    );
    // Accounts as the platform has them: each administrator and querier, queriers with their computer's address.
    const seen = new Set<string>();
    const accounts = grants.flatMap((g, i) => {
      const kind = g.role === 'AGENCY_ADMIN' ? 'ADMINISTRATOR' : 'QUERIER';
      const key = `${g.personId}/${kind}`;
      if (seen.has(key)) return [];
      seen.add(key);
      const p = people.find((x) => x.id === g.personId)!;
      return [{ personId: g.personId, agencyId: g.agencyId, kind, myegovAccount: p.myegovAccount!, ipAddress: kind === 'QUERIER' ? `10.72.${Math.floor(i / 200)}.${(i % 200) + 10}` : null, formId: null, createdAt: at(yearAgo) }];
    });
    await tx.insert(tables.khAccounts).values(accounts);

    // The social bureau's 附表四 of last year, through every step, its three originals kept.
    const [form] = await tx
      .insert(tables.khForms)
      .values({
        number: `K4-${yearAgo.replace(/-/g, '')}-D3M001`,
        form: 'ITEMS',
        action: 'CHANGE_ITEMS',
        agencyId: agency('kh-social'),
        applicantId: person('kh-admin'),
        section: '行政科',
        phone: '07-3368333#2101',
        email: 'kh.social.wu@kcg.gov.tw',
        legalBasis: '社會救助法第5條之3',
        ipAddress: '10.72.0.1',
        itemChanges: (byAgency.get(agency('kh-social')) ?? []).map((item) => ({ item, action: 'ADD' as const, decision: 'APPROVED' as const, bliDecision: null })),
        appliedOn: yearAgo,
        status: 'DONE',
        reviewerId: labour,
        reviewedAt: at(addDays(yearAgo, 5)),
        setUpById: itCentre,
        setUpAt: at(addDays(yearAgo, 8)),
        copies: (['IT_CENTRE', 'LABOUR_BUREAU', 'AGENCY'] as const).map((holder, i) => ({ holder, keptOn: addDays(yearAgo, 8), keptById: [itCentre, labour, person('kh-admin')][i]! })),
        retainUntil: addYears(addDays(yearAgo, 8), 1),
        createdById: person('kh-admin'),
        createdAt: at(yearAgo),
      })
      .returning();
    await tx.insert(tables.khFormSignoffs).values(
      (['APPLICANT', 'SECTION_CHIEF', 'AGENCY_HEAD'] as const).map((role, i) => ({
        applicationId: form!.id,
        step: i + 1,
        role,
        signerId: person(['kh-admin', 'kh-supervisor', 'kh-social-head'][i]!),
        signedAt: at(yearAgo, 10 + i),
      })),
    );
  });

  // The querier persona's registrations, a year of them, approved by the section chief; the last pending.
  const querier = person('kh-querier');
  const days = Array.from({ length: 24 }, (_, i) => addDays(yearAgo, 20 + i * 15)).filter((d) => d < today);
  const subjects = days.map((_, i) => makeNationalId('E', ((i % 2) + 1) as 1 | 2, 800_000 + i));
  const registrations = await db
    .insert(tables.khRegistrations)
    .values(
      days.map((day, i) => ({
        number: `R1-${day.replace(/-/g, '')}-D3M${String(i).padStart(3, '0')}`,
        requesterId: querier,
        agencyId: agency('kh-social'),
        subjectName: `個案${i + 1}`,
        subjectIdEnc: cipher.encrypt(subjects[i]!),
        subjectIdHash: cipher.hash(subjects[i]!),
        items: [i % 4 ? 'C0101' : 'B0101'],
        legalBasis: '社會救助法第5條之3',
        reason: '低收入戶資格審查：核對工作收入',
        dutyRelation: '審核家庭總收入須查調投保薪資',
        status: i === days.length - 1 ? 'PENDING' : 'APPROVED',
        requestedAt: at(day, 9),
        approverId: i === days.length - 1 ? null : person('kh-supervisor'),
        decidedAt: i === days.length - 1 ? null : at(day, 11),
        retainUntil: addYears(day, 5),
      })),
    )
    .returning();

  // The platform's log, imported by the IT centre: one query per approved registration, and breaches.
  const [account] = await db.select().from(tables.khAccounts).where(and(eq(tables.khAccounts.personId, querier), eq(tables.khAccounts.kind, 'QUERIER')));
  const ip = account!.ipAddress!;
  const line = (when: Date, item: string, subject: string, number: string, from = ip) => [when.toISOString(), 'kh.social.yang', item, subject, number, from].join(',');
  const log = registrations.slice(0, -1).map((r, i) => line(at(days[i]!, 14), r.items[0]!, subjects[i]!, r.number));
  log.push(line(at(days[2]!, 8), 'C0101', subjects[2]!, '')); // before its approval
  log.push(line(at(days[4]!, 15), 'C0101', makeNationalId('E', 1, 899_999), '')); // no registration at all
  log.push(line(at(days[6]!, 16), registrations[6]!.items[0]!, subjects[6]!, registrations[6]!.number, '203.0.113.7')); // from another computer
  log.push(line(at(days[8]!, 15), 'B0201', subjects[8]!, '')); // an item neither registered nor held
  const csv = ['queried_at,myegov_account,item,subject_id,registration_number,ip_address', ...log].join('\n');
  await importUsageLog(db, cipher, KAOHSIUNG_USAGE, { id: itCentre, agencies: null }, { fileName: 'demo-bli-log.csv', csv }, now);

  // Quarterly checks of the social bureau (KH-3.4): every ended quarter but the last, which is overdue.
  const checks = [];
  for (let q = quarterOf(yearAgo); quarterDays(quarterOf(quarterDays(q).end)).end <= today; q = quarterOf(quarterDays(q).end)) {
    const { start, end } = quarterDays(q);
    checks.push({ kind: 'QUARTERLY', agencyId: agency('kh-social'), period: q, periodStart: start, periodEnd: addDays(end, -1), checkerId: person('kh-admin'), checkedAt: at(addDays(end, 10)), recordsChecked: 6, findings: 0, summary: '抽查使用紀錄與登記表相符', sentToBureauOn: addDays(end, 12), retainUntil: addYears(addDays(end, 10), 3) });
  }
  if (checks.length) await db.insert(tables.khUsageChecks).values(checks);

  // Last year's audit of the social bureau: a violation, corrected and reported (KH-6.2, KH-6.3).
  const lastYear = String(Number(today.slice(0, 4)) - 1);
  await db.insert(tables.khAudits).values({
    number: `KA-${lastYear}1015-D3M001`,
    agencyId: agency('kh-social'),
    year: Number(lastYear),
    auditedOn: `${lastYear}-10-15`,
    auditorId: labour,
    findings: '登記表與使用紀錄大致相符，一筆查調未經主管核章',
    violations: ['查調資料登記表未經單位主管核章即查調'],
    recommendation: '加強教育訓練',
    correctedOn: `${lastYear}-10-20`,
    correction: '補正登記表並重新宣導查調程序',
    reviewReportOn: `${lastYear}-11-01`,
    reviewReport: '檢討報告：建立查調前主管核章之檢核機制',
    createdAt: at(`${lastYear}-10-15`),
    retainUntil: addYears(`${lastYear}-10-15`, 3),
  });
}
