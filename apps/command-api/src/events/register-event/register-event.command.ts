import { RegisterEventInput } from '@reimbursements/domain/events/register-event.rule';
import { RateLimitCharge } from '@reimbursements/domain/ports/recent-event-ids.port';
import { RecordOrigin } from '@reimbursements/domain/records/new-record';
import { Command } from '@nestjs/cqrs';
import { RegisterEventResponse } from './register-event.response.dto';

export class RegisterEventCommand extends Command<RegisterEventResponse> {
  constructor(
    readonly input: RegisterEventInput,
    readonly origin: RecordOrigin,
    /** The sender may register events older than the back-dating window. */
    readonly mayBackfill: boolean,
    /** The request's rate-limit count, taken with the eventId claim (none: the request was counted already). */
    readonly charge?: RateLimitCharge,
  ) {
    super();
  }
}
