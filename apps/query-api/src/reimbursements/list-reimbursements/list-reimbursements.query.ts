import { ReimbursementOutcome } from '@reimbursements/domain/reimbursements/reimbursement-outcome';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Query } from '@nestjs/cqrs';

export interface ReimbursementsPage {
  reimbursements: ReimbursementOutcome[];
  nextCursor: string | null;
}

export class ListReimbursementsQuery extends Query<ReimbursementsPage> {
  constructor(
    /** As the client sent it: validated by the handler. */
    readonly request: { caregiverId?: string; month?: string; limit?: number; cursor?: string },
    readonly scope: CaregiverScope,
    readonly minPosition?: string,
  ) {
    super();
  }
}
