import { FREE_TEXT, CSV_UPLOAD, type InputLimitOverrides } from '@webir/kit';

/**
 * String inputs allowed more than kit's SHORT_TEXT (200 characters): free text a person writes
 * (reasons, notes, findings) and, where there is one, the usage log sent as CSV. Every other String
 * or ID input of this subgraph is at most SHORT_TEXT. `npm run -s input-limits` prints the whole table.
 */
export const inputLimits: InputLimitOverrides = {
  'KhAuditInput.findings': FREE_TEXT,
  'KhAuditInput.recommendation': FREE_TEXT,
  'KhAuditInput.violations': FREE_TEXT,
  'KhBliDecisionInput.legalBasis': FREE_TEXT,
  'KhCorrectionInput.correction': FREE_TEXT,
  'KhDeleteAccountInput.reason': FREE_TEXT,
  'KhFormInput.legalBasis': FREE_TEXT,
  'KhReconcileInput.summary': FREE_TEXT,
  'KhRegistrationInput.dutyRelation': FREE_TEXT,
  'KhRegistrationInput.legalBasis': FREE_TEXT,
  'KhRegistrationInput.reason': FREE_TEXT,
  'KhRequestingAgencyInput.legalBasis': FREE_TEXT,
  'KhReviewInput.note': FREE_TEXT,
  'KhReviewReportInput.report': FREE_TEXT,
  'KhSetUpInput.note': FREE_TEXT,
  'KhUsageCheckInput.investigation': FREE_TEXT,
  'KhUsageCheckInput.summary': FREE_TEXT,
  'Mutation.rejectKhRegistration(note)': FREE_TEXT,
  'Mutation.withdrawKhRequestingAgency(reason)': FREE_TEXT,
  'ImportKhUsageInput.csv': CSV_UPLOAD,
};
