import { EventTypeRateScheduledPayload } from '@reimbursements/domain/catalog/event-type-rate-scheduled.record';
import { RecordOrigin } from '@reimbursements/domain/records/new-record';
import { Command } from '@nestjs/cqrs';
import { ScheduleRateResponse } from './schedule-rate.response.dto';

export class ScheduleRateCommand extends Command<ScheduleRateResponse> {
  constructor(
    readonly input: EventTypeRateScheduledPayload,
    readonly origin: RecordOrigin,
  ) {
    super();
  }
}
