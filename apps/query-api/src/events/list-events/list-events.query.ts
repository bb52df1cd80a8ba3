import { EventView } from '@reimbursements/domain/ledger/event-view';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Query } from '@nestjs/cqrs';

export interface EventsPage {
  events: EventView[];
  nextCursor: string | null;
}

export class ListEventsQuery extends Query<EventsPage> {
  constructor(
    /** As the client sent it: validated by the handler. */
    readonly request: { caregiverId?: string; month?: string; status?: string; limit?: number; cursor?: string },
    readonly scope: CaregiverScope,
    readonly minPosition?: string,
  ) {
    super();
  }
}
