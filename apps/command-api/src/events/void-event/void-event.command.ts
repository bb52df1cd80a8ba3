import { EventVoidedPayload } from '@reimbursements/domain/events/event-voided.record';
import { RecordOrigin } from '@reimbursements/domain/records/new-record';
import { Command } from '@nestjs/cqrs';
import { VoidEventResponse } from './void-event.response.dto';

export class VoidEventCommand extends Command<VoidEventResponse> {
  constructor(
    readonly input: EventVoidedPayload,
    readonly origin: RecordOrigin,
  ) {
    super();
  }
}
