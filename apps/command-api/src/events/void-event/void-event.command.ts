import { EventVoidedPayload } from '@reimbursements/domain/events/event-voided.record';
import { RecordOrigin } from '@reimbursements/domain/records/new-record';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Command } from '@nestjs/cqrs';
import { VoidEventResponse } from './void-event.response.dto';

export class VoidEventCommand extends Command<VoidEventResponse> {
  constructor(
    readonly input: EventVoidedPayload,
    readonly origin: RecordOrigin,
    /** The sender's caregiver scope (null: every caregiver). */
    readonly scope: CaregiverScope = null,
  ) {
    super();
  }
}
