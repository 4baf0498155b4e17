import { FREE_TEXT, CSV_UPLOAD, type InputLimitOverrides } from '@webir/kit';

/**
 * String inputs allowed more than kit's SHORT_TEXT (200 characters): free text a person writes
 * (reasons, notes, findings) and, where there is one, the usage log sent as CSV. Every other String
 * or ID input of this subgraph is at most SHORT_TEXT. `npm run -s input-limits` prints the whole table.
 */
export const inputLimits: InputLimitOverrides = {
  'ApproveNhiApplicationInput.note': FREE_TEXT,
  'EnrolAgencyInput.legalBasisNote': FREE_TEXT,
  'Mutation.rejectNhiApplication(note)': FREE_TEXT,
  'Mutation.rejectNhiQueryRequest(note)': FREE_TEXT,
  'Mutation.terminateNhiEnrolment(reason)': FREE_TEXT,
  'NhiApplicationInput.reason': FREE_TEXT,
  'NhiAuditCheckInput.note': FREE_TEXT,
  'NhiAuditInput.findings': FREE_TEXT,
  'NhiAuditInput.notice': FREE_TEXT,
  'NhiAuditInput.previousFollowUp': FREE_TEXT,
  'NhiAuditInput.recommendations': FREE_TEXT,
  'NhiDestructionInput.note': FREE_TEXT,
  'NhiHandoverInput.note': FREE_TEXT,
  'NhiQuarterlyReviewInput.summary': FREE_TEXT,
  'NhiQueryRequestInput.legalBasis': FREE_TEXT,
  'NhiQueryRequestInput.purpose': FREE_TEXT,
  'NhiSampleReviewInput.note': FREE_TEXT,
  'ReviewEnrolmentInput.note': FREE_TEXT,
  'RevokeNhiAccountInput.reason': FREE_TEXT,
  'ImportNhiUsageInput.csv': CSV_UPLOAD,
};
