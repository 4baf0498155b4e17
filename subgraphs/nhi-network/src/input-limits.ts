import { FREE_TEXT, type InputLimitOverrides } from '@webir/kit';

/**
 * String inputs allowed more than kit's SHORT_TEXT (200 characters): free text a person writes
 * (reasons, notes, findings) and, where there is one, the usage log sent as CSV. Every other String
 * or ID input of this subgraph is at most SHORT_TEXT. `npm run -s input-limits` prints the whole table.
 */
export const inputLimits: InputLimitOverrides = {
  'ApproveNetworkApplicationInput.note': FREE_TEXT,
  'ConfirmNetworkViolationInput.note': FREE_TEXT,
  'Mutation.dismissNetworkViolation(note)': FREE_TEXT,
  'Mutation.recordNetworkRemedy(note)': FREE_TEXT,
  'Mutation.rejectNetworkApplication(note)': FREE_TEXT,
  'NetworkInspectionFindingInput.description': FREE_TEXT,
  'NetworkViolationReportInput.description': FREE_TEXT,
};
