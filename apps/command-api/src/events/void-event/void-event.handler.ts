import { EVENT_VOIDED, EVENT_VOIDED_SCHEMA_VERSION, EventVoidedPayload } from '@reimbursements/domain/events/event-voided.record';
import { voidEvent } from '@reimbursements/domain/events/void-event.rule';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { positionOfRecord } from '@reimbursements/domain/position/log-position';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { VoidEventCommand } from './void-event.command';
import { VoidEventResponse } from './void-event.response.dto';

/** Records the void on the caregiver's partition; whether it takes effect is decided by the fold. */
@CommandHandler(VoidEventCommand)
export class VoidEventHandler implements ICommandHandler<VoidEventCommand, VoidEventResponse> {
  constructor(private readonly eventLog: EventLog) {}

  async execute({ input, origin }: VoidEventCommand): Promise<VoidEventResponse> {
    const payload = voidEvent(input);
    const record = newRecord<typeof EVENT_VOIDED, EventVoidedPayload>(
      EVENT_VOIDED,
      EVENT_VOIDED_SCHEMA_VERSION,
      payload,
      origin,
      randomUUID(),
      new Date(),
    );
    const [appended] = await this.eventLog.append([{ stream: 'log', key: payload.caregiverId, record }]);
    return { eventId: payload.eventId, caregiverId: payload.caregiverId, position: positionOfRecord(appended) };
  }
}
