import type { tables } from '@webir/db';

type CompanyRegistration = tables.CompanyRegistration;

/**
 * NW-4.2, decided from the client list (附件三) and the registration's business items: a registered
 * company whose items cover IT services, with at least 20 contracted medical-institution clients or
 * at least 5 that are district hospitals or above. The list is of contracted institutions (its title:
 * 全民健康保險特約醫事服務機構客戶清單), so every row counts towards the 20.
 */
export const MIN_CONTRACTED_CLIENTS = 20;
export const MIN_DISTRICT_OR_ABOVE = 5;

/** 營業項目 that are 資訊通信服務、電腦系統、電腦設備、軟體開發或維護 (四(三)1). */
export const IT_BUSINESS_ITEMS: { code: string; name: string }[] = [
  { code: 'I301010', name: '資訊軟體服務業' },
  { code: 'I301020', name: '資料處理服務業' },
  { code: 'I301030', name: '電子資訊供應服務業' },
  { code: 'E605010', name: '電腦設備安裝業' },
  { code: 'E701010', name: '電信工程業' },
  { code: 'F113050', name: '電腦及事務性機器設備批發業' },
  { code: 'F213030', name: '電腦及事務性機器設備零售業' },
  { code: 'F118010', name: '資訊軟體批發業' },
  { code: 'F218010', name: '資訊軟體零售業' },
  { code: 'CC01110', name: '電腦及其週邊設備製造業' },
  { code: 'G902011', name: '第二類電信事業' },
];
const IT_CODES = new Set(IT_BUSINESS_ITEMS.map((i) => i.code));

export type EligibilityTest = 'TWENTY_CONTRACTED_CLIENTS' | 'FIVE_DISTRICT_HOSPITALS_OR_ABOVE' | 'IT_BUSINESS_ITEMS';

export interface EligibilityCheck {
  test: EligibilityTest;
  passed: boolean;
  required: number;
  actual: number;
  shortBy: number;
}

export interface Eligibility {
  eligible: boolean;
  passedBy: EligibilityTest | null;
  checks: EligibilityCheck[];
  explanation: string;
}

const check = (test: EligibilityTest, required: number, actual: number): EligibilityCheck => ({
  test,
  passed: actual >= required,
  required,
  actual,
  shortBy: Math.max(0, required - actual),
});

export function decideEligibility(clients: { level: number }[], registration: Pick<CompanyRegistration, 'businessItems'> | null): Eligibility {
  const twenty = check('TWENTY_CONTRACTED_CLIENTS', MIN_CONTRACTED_CLIENTS, clients.length);
  const five = check('FIVE_DISTRICT_HOSPITALS_OR_ABOVE', MIN_DISTRICT_OR_ABOVE, clients.filter((c) => c.level === 2).length);
  const items = check('IT_BUSINESS_ITEMS', 1, new Set((registration?.businessItems ?? []).map((i) => i.code.trim().toUpperCase()).filter((c) => IT_CODES.has(c))).size);
  const passedBy = twenty.passed ? twenty.test : five.passed ? five.test : null;
  const eligible = items.passed && passedBy !== null;
  const clientsText = twenty.passed
    ? `${twenty.actual} contracted clients (at least ${twenty.required}) passes`
    : five.passed
      ? `${five.actual} clients are district hospitals or above (at least ${five.required}) passes; ${twenty.actual} contracted clients is ${twenty.shortBy} short of ${twenty.required}`
      : `neither client test passes: ${twenty.actual} contracted clients is ${twenty.shortBy} short of ${twenty.required}, ` +
        `and ${five.actual} district hospitals or above is ${five.shortBy} short of ${five.required}`;
  const itemsText = items.passed
    ? 'the registered business items cover IT services'
    : registration
      ? 'the registered business items include none of the IT services (資訊軟體服務業 I301010 and the like)'
      : 'no company registration yet, so no business items';
  return {
    eligible,
    passedBy,
    checks: [twenty, five, items],
    explanation: `NW-4.2 ${eligible ? 'eligible' : 'not eligible'}: ${clientsText}; ${itemsText}.`,
  };
}
