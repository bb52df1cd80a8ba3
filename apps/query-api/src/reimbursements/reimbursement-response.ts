import { ReimbursementOutcome } from '@reimbursements/domain/reimbursements/reimbursement-outcome';
import { ReimbursementResponse } from './reimbursement.response.dto';

/** The outcome's public fields (the months it touched are an index, not part of the contract). */
export function reimbursementResponse(outcome: ReimbursementOutcome): ReimbursementResponse {
  const { months: _months, ...shown } = outcome;
  return shown;
}
