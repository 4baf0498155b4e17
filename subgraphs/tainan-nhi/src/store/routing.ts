import type { AgencyRow, ApplicationRow } from '../loaders.ts';
import { AGENCY_ADMIN, CHIEF_ADMIN } from './access.ts';

/**
 * Who approves an application: always the next level up (TN-4.1, TN-4.2, TN-5.3).
 * - 附表一 of a first-level agency or a district office: the chief administrator (TN-4.1);
 * - 附表一 of a second-level agency: the administrator of the first-level agency above it (TN-4.2);
 * - 附表二: the administrator of the applicant's own agency (TN-5.3).
 */
export interface Approver {
  role: typeof CHIEF_ADMIN | typeof AGENCY_ADMIN;
  /** For AGENCY_ADMIN: the agency whose administrator decides. */
  agencyId: string | null;
  rule: 'TN-4.1' | 'TN-4.2' | 'TN-5.3';
  describe: string;
}

export function approverFor(application: Pick<ApplicationRow, 'form'>, agency: Pick<AgencyRow, 'id' | 'level' | 'parentId'>): Approver {
  if (application.form === 'USER') {
    return { role: AGENCY_ADMIN, agencyId: agency.id, rule: 'TN-5.3', describe: 'the administrator of the applicant’s agency' };
  }
  if (agency.level === 'SECOND_LEVEL' && agency.parentId) {
    return { role: AGENCY_ADMIN, agencyId: agency.parentId, rule: 'TN-4.2', describe: 'the administrator of the first-level agency above' };
  }
  return { role: CHIEF_ADMIN, agencyId: null, rule: 'TN-4.1', describe: 'the chief administrator' };
}
