import { ReimbursementOutcome } from '@reimbursements/domain/reimbursements/reimbursement-outcome';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Query } from '@nestjs/cqrs';

export class GetReimbursementQuery extends Query<ReimbursementOutcome> {
  constructor(
    readonly reimbursementId: string,
    readonly scope: CaregiverScope,
    readonly minPosition?: string,
  ) {
    super();
  }
}
