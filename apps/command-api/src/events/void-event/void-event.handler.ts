import { EVENT_VOIDED, EVENT_VOIDED_SCHEMA_VERSION, EventVoidedPayload } from '@reimbursements/domain/events/event-voided.record';
import { voidEvent } from '@reimbursements/domain/events/void-event.rule';
import { requireVoidOfOwnEvent } from '@reimbursements/domain/events/void-own-event.rule';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { RecentEventIds } from '@reimbursements/domain/ports/recent-event-ids.port';
import { positionOfRecord } from '@reimbursements/domain/position/log-position';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { VoidEventCommand } from './void-event.command';
import { VoidEventResponse } from './void-event.response.dto';

/**
 * Records the void on the caregiver's partition; whether it takes effect is decided by the fold. A
 * scoped sender's void of an event the command side remembers as another caregiver's is refused
 * first (requireVoidOfOwnEvent).
 */
@CommandHandler(VoidEventCommand)
export class VoidEventHandler implements ICommandHandler<VoidEventCommand, VoidEventResponse> {
  constructor(
    private readonly eventLog: EventLog,
    private readonly recentEventIds: RecentEventIds,
  ) {}

  async execute({ input, origin, scope }: VoidEventCommand): Promise<VoidEventResponse> {
    const payload = voidEvent(input);
    if (scope !== null) requireVoidOfOwnEvent(scope, payload.caregiverId, await this.recentEventIds.caregiverOf(payload.eventId));
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
