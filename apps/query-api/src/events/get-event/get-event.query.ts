import { EventView } from '@reimbursements/domain/ledger/event-view';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Query } from '@nestjs/cqrs';

export class GetEventQuery extends Query<EventView> {
  constructor(
    readonly eventId: string,
    readonly scope: CaregiverScope,
    readonly minPosition?: string,
  ) {
    super();
  }
}
