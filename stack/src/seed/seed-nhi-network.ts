import { eq } from 'drizzle-orm';
import { grantPermission, tables, type Database, type Tx } from '@webir/db';
import { addDays, addYears, makeBusinessNumber, personalIdKind, taipeiDay, type PiiCipher } from '@webir/kit';
import { nhiNetworkPeople } from '../demo/nhi-network.ts';

/**
 * NHI network membership for the demo, written after the directory: the NHI (a national agency) and
 * its reviewer, company staff, and applicants of every kind and fate — an eligible IT service unit
 * approved with a line, one eligible by its district hospitals awaiting review, an ineligible one, a
 * draft, a suspended unit (NW-8.2), a banned one (NW-8.4), a grandfathered one (NW-8.5), a contracted
 * clinic, Tainan's Health Bureau with its contractor.
 */
const IT_ITEMS = [
  { code: 'I301010', name: '資訊軟體服務業' },
  { code: 'F113050', name: '電腦及事務性機器設備批發業' },
];
const SERVICES = ['院所端電腦軟硬體與通訊線路之障礙排除', '院所端資訊系統版本升級、測試與維護', '協助院所建置及維護資訊安全環境'];

function clients(district: number, other: number, offset: number) {
  return Array.from({ length: district + other }, (_, i) => ({
    position: i + 1,
    level: i < district ? 2 : 1,
    institutionCode: `${i < district ? '11' : '35'}${String(offset + i + 1).padStart(8, '0')}`,
    name: i < district ? `示範地區醫院${offset + i + 1}` : `示範診所${offset + i + 1}`,
    contactName: `聯絡人${i + 1}`,
    phone: `02${String(27060000 + offset + i)}`,
  }));
}

export async function seedNhiNetwork({ db }: Database, cipher: PiiCipher, now: Date, agencyKeys: Map<string, string>, personKeys: Map<string, string>): Promise<void> {
  const today = taipeiDay(now);
  const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
  await db.transaction(async (tx) => {
    const [nhi] = await tx.insert(tables.agencies).values({ code: '101000000N', name: '衛生福利部中央健康保險署', level: 'FIRST_LEVEL', city: 'NATIONAL' }).returning({ id: tables.agencies.id });
    agencyKeys.set('nhi', nhi!.id);
    for (const p of nhiNetworkPeople) {
      const [row] = await tx
        .insert(tables.people)
        .values({
          name: p.name,
          idKind: personalIdKind(p.nationalId),
          nationalIdEnc: cipher.encrypt(p.nationalId),
          nationalIdHash: cipher.hash(p.nationalId),
          myegovAccount: p.myegovAccount,
          agencyId: p.atNhi ? nhi!.id : null,
          unit: p.atNhi ? '資訊組' : null,
          title: p.title,
          phone: p.phone,
          email: p.email,
        })
        .returning({ id: tables.people.id });
      personKeys.set(p.key, row!.id);
    }
    const person = (key: string) => personKeys.get(key)!;
    const reviewer = person('nw-reviewer');
    await grantPermission(tx, { personId: reviewer, agencyId: nhi!.id, regime: 'NHI_NET', role: 'NHI_NETWORK_REVIEWER', grantedById: null, reason: 'demo data: the NHI’s network reviewer', at: at(addDays(today, -400)) });

    let serial = 3_100_000;
    const unit = async (values: Partial<typeof tables.nwUnits.$inferInsert> & { name: string; kind: string }, createdBy: string, day: string) => {
      const [row] = await tx
        .insert(tables.nwUnits)
        .values({ businessNumber: values.kind === 'IT_SERVICE_UNIT' || values.kind === 'CONTRACTOR' ? makeBusinessNumber(serial++) : null, createdById: createdBy, createdAt: at(day), ...values })
        .returning();
      return row!;
    };
    const application = async (
      u: typeof tables.nwUnits.$inferSelect,
      address: string,
      list: ReturnType<typeof clients>,
      status: 'DRAFT' | 'SUBMITTED' | 'APPROVED',
      day: string,
      contactId: string,
      ownerId: string,
    ) => {
      const level2 = list.filter((c) => c.level === 2).length;
      const [row] = await tx
        .insert(tables.nwApplications)
        .values({
          number: `NW-${day.replace(/-/g, '')}-${u.businessNumber!.slice(2)}`,
          unitId: u.id,
          status,
          companyName: u.name,
          businessNumber: u.businessNumber,
          phone: '0223456789',
          ownerId,
          fax: '0223456790',
          contactId,
          contactTitle: '經理',
          contactPhone: '0223456789#201',
          email: `service@${u.businessNumber}.example.com.tw`,
          website: `https://www.${u.businessNumber}.example.com.tw`,
          address,
          medicalCentres: 0,
          regionalHospitals: 0,
          districtHospitals: level2,
          clinics: list.length - level2,
          pharmacies: 0,
          otherClients: 0,
          registration: { name: u.name, address, businessItems: IT_ITEMS, printedOn: addDays(day, -3), stamped: true },
          pledgeServices: SERVICES,
          pledgeSignedOn: addDays(day, -1),
          submittedAt: status === 'DRAFT' ? null : at(day),
          ...(status === 'APPROVED' ? { reviewerId: reviewer, decidedAt: at(addDays(day, 14)), replyNumber: `健保資字第${day.slice(0, 4)}00${u.businessNumber!.slice(4)}號`, repliedOn: addDays(day, 14) } : {}),
          createdById: contactId,
          createdAt: at(addDays(day, -5)),
        })
        .returning();
      if (list.length) await tx.insert(tables.nwClients).values(list.map((c) => ({ ...c, applicationId: row!.id })));
      return row!;
    };
    const line = async (u: typeof tables.nwUnits.$inferSelect, applicationId: string | null, address: string, day: string, createdBy: string) => {
      const [row] = await tx
        .insert(tables.nwLines)
        .values({ unitId: u.id, applicationId, provider: '中華電信', connection: 'FIXED_BROADBAND', speed: '100M/40M', installationAddress: address, status: 'ACTIVE', appliedOn: day, activatedOn: addDays(day, 10), createdById: createdBy, createdAt: at(day) })
        .returning();
      return row!;
    };

    // 安可資訊: eligible by 22 contracted clients, approved, its line in use.
    const applicant = person('nw-applicant');
    const acmeAddress = '臺北市信義區松仁路100號12樓';
    const acme = await unit({ kind: 'IT_SERVICE_UNIT', name: '安可資訊股份有限公司', ownerId: person('nw-acme-owner'), contactId: applicant }, applicant, addDays(today, -200));
    const acmeApp = await application(acme, acmeAddress, clients(2, 20, 0), 'APPROVED', addDays(today, -190), applicant, person('nw-acme-owner'));
    await line(acme, acmeApp.id, acmeAddress, addDays(today, -170), applicant);

    // 大城醫資: eligible by 6 district hospitals, awaiting the NHI's review.
    const city = await unit({ kind: 'IT_SERVICE_UNIT', name: '大城醫資股份有限公司', contactId: person('nw-city-contact') }, person('nw-city-contact'), addDays(today, -20));
    await application(city, '高雄市前鎮區成功二路88號', clients(6, 4, 100), 'SUBMITTED', addDays(today, -10), person('nw-city-contact'), person('nw-city-contact'));

    // 小橋資訊: 3 district hospitals and 8 clinics, short of both tests, awaiting the review that will refuse it.
    const small = await unit({ kind: 'IT_SERVICE_UNIT', name: '小橋資訊有限公司', contactId: person('nw-small-contact') }, person('nw-small-contact'), addDays(today, -15));
    await application(small, '臺南市東區東寧路50號', clients(3, 8, 200), 'SUBMITTED', addDays(today, -7), person('nw-small-contact'), person('nw-small-contact'));

    // 新橋資訊: the applicant persona's draft, its client list still missing.
    const bridge = await unit({ kind: 'IT_SERVICE_UNIT', name: '新橋資訊股份有限公司', ownerId: person('nw-bridge-owner'), contactId: applicant }, applicant, addDays(today, -3));
    await application(bridge, '臺中市西屯區臺灣大道三段99號', [], 'DRAFT', addDays(today, -1), applicant, person('nw-bridge-owner'));

    // 越界網通: a named report confirmed, the deadline passed unremedied, suspended two years (NW-8.2).
    const edgeAddress = '新竹市東區光復路二段101號';
    const edge = await unit({ kind: 'IT_SERVICE_UNIT', name: '越界網通股份有限公司', contactId: person('nw-edge-contact') }, person('nw-edge-contact'), addDays(today, -400));
    const edgeApp = await application(edge, edgeAddress, clients(1, 25, 300), 'APPROVED', addDays(today, -390), person('nw-edge-contact'), person('nw-edge-contact'));
    const edgeLine = await line(edge, edgeApp.id, edgeAddress, addDays(today, -360), person('nw-edge-contact'));
    const suspendedOn = addDays(today, -30);
    await sanction(tx, {
      unitId: edge.id,
      lineId: edgeLine.id,
      violation: { kind: 'COMMERCIAL_ACTIVITY', source: 'REPORT', reporterName: '嘉義某診所 林院長', description: '透過健保資訊網向院所推銷非健保相關之商業軟體', occurredOn: addDays(today, -80), confirmedOn: addDays(today, -70), improvementDeadline: addDays(today, -40) },
      kind: 'SUSPENSION',
      rule: 'NW-8.2',
      fromOn: suspendedOn,
      untilOn: addYears(suspendedOn, 2),
      lineStatus: 'SUSPENDED',
      reviewer,
      at: at(suspendedOn),
    });
    // and a report still being looked into, against the approved unit.
    await tx.insert(tables.nwViolations).values({ unitId: acme.id, kind: 'TRAFFIC_INTERFERENCE', source: 'REPORT', reporterName: '臺中某藥局 王藥師', description: '尖峰時段大量傳輸影響院所上傳', occurredOn: addDays(today, -5), status: 'CONFIRMED', confirmedById: reviewer, confirmedOn: addDays(today, -2), improvementDeadline: addDays(today, 28), recordedById: reviewer, recordedAt: at(addDays(today, -4)) });

    // 灰帽科技: an inspection found an internet bridge; disconnected, no application for two years (NW-8.4).
    const greyAddress = '臺北市內湖區瑞光路300號';
    const grey = await unit({ kind: 'IT_SERVICE_UNIT', name: '灰帽科技有限公司', contactId: person('nw-grey-contact') }, person('nw-grey-contact'), addDays(today, -500));
    const greyApp = await application(grey, greyAddress, clients(5, 2, 400), 'APPROVED', addDays(today, -490), person('nw-grey-contact'), person('nw-grey-contact'));
    const greyLine = await line(grey, greyApp.id, greyAddress, addDays(today, -470), person('nw-grey-contact'));
    const inspectedOn = addDays(today, -60);
    await sanction(tx, {
      unitId: grey.id,
      lineId: greyLine.id,
      violation: { kind: 'INTERNET_BRIDGE', source: 'INSPECTION', reporterName: null, description: '線路另接無線分享器連通網際網路', occurredOn: inspectedOn, confirmedOn: inspectedOn, improvementDeadline: null },
      kind: 'DISCONNECTION',
      rule: 'NW-8.4',
      fromOn: inspectedOn,
      untilOn: addYears(inspectedOn, 2),
      lineStatus: 'DISCONNECTED',
      reviewer,
      at: at(inspectedOn),
    });
    // An inspection's ban revokes the approval, as recordNetworkInspection does (NW-8.4).
    await tx.update(tables.nwApplications).set({ status: 'REVOKED' }).where(eq(tables.nwApplications.id, greyApp.id));

    // 老牌資訊: approved in 2012, before these rules; keeps its approval (NW-8.5).
    const old = await unit({ kind: 'IT_SERVICE_UNIT', name: '老牌資訊股份有限公司', grandfatheredApprovedOn: '2012-05-01', grandfatheredReference: '健保資字第1010012345號' }, reviewer, addDays(today, -300));
    await line(old, null, '臺北市中山區南京東路二段1號', '2012-06-01', reviewer);

    // The first two kinds (NW-3, NW-4.1): a contracted clinic, Tainan's Health Bureau and its contractor.
    await unit({ kind: 'MEDICAL_INSTITUTION', name: '安南示範診所', institutionCode: '3521010011', contractNumber: 'NHI-C-3521010011' }, applicant, addDays(today, -100));
    const health = agencyKeys.get('tn-health');
    const chief = personKeys.get('tn-chief');
    if (health && chief) {
      await unit({ kind: 'GOVERNMENT_AGENCY', name: '臺南市政府衛生局', agencyId: health, projectApprovalNumber: '健保資字第1140009999號', projectApprovedOn: addDays(today, -120) }, chief, addDays(today, -110));
      await unit({ kind: 'CONTRACTOR', name: '南資系統股份有限公司', agencyId: health, projectApprovalNumber: '健保資字第1140009999號', projectApprovedOn: addDays(today, -120), contactId: person('nw-small-contact') }, chief, addDays(today, -105));
    }
  });
}

async function sanction(
  tx: Tx,
  s: {
    unitId: string;
    lineId: string;
    violation: { kind: string; source: string; reporterName: string | null; description: string; occurredOn: string; confirmedOn: string; improvementDeadline: string | null };
    kind: 'SUSPENSION' | 'DISCONNECTION';
    rule: string;
    fromOn: string;
    untilOn: string;
    lineStatus: 'SUSPENDED' | 'DISCONNECTED';
    reviewer: string;
    at: Date;
  },
): Promise<void> {
  const [violation] = await tx
    .insert(tables.nwViolations)
    .values({ unitId: s.unitId, ...s.violation, status: 'SANCTIONED', confirmedById: s.reviewer, recordedById: s.reviewer, recordedAt: s.at })
    .returning();
  await tx.update(tables.nwLines).set({ status: s.lineStatus, endedOn: s.fromOn, endReason: `${s.rule}` }).where(eq(tables.nwLines.id, s.lineId));
  await tx.insert(tables.nwSanctions).values({ unitId: s.unitId, violationId: violation!.id, lineId: s.lineId, lineIds: [s.lineId], kind: s.kind, rule: s.rule, fromOn: s.fromOn, untilOn: s.untilOn, decidedById: s.reviewer, decidedAt: s.at });
}
