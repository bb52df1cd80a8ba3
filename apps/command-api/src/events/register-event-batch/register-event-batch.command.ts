import { RegisterEventInput } from '@reimbursements/domain/events/register-event.rule';
import { RateLimitCharge } from '@reimbursements/domain/ports/recent-event-ids.port';
import { RecordOrigin } from '@reimbursements/domain/records/new-record';
import { Command } from '@nestjs/cqrs';
import { BatchOutcome } from './register-event-batch.handler';

export class RegisterEventBatchCommand extends Command<BatchOutcome[]> {
  constructor(
    /** The items that passed the field checks, with their index in the request. */
    readonly items: { index: number; input: RegisterEventInput }[],
    readonly origin: RecordOrigin,
    /** The sender may register events older than the back-dating window. */
    readonly mayBackfill: boolean,
    /** The request's rate-limit count, taken with the eventId claims (none: the request was counted already). */
    readonly charge?: RateLimitCharge,
  ) {
    super();
  }
}
