import { eventRegisteredRecord, EventRegisteredPayload } from '@reimbursements/domain/events/event-registered.record';
import { eventFingerprint } from '@reimbursements/domain/events/event-fingerprint';
import { eventIdConflict } from '@reimbursements/domain/events/event-id-conflict';
import { registerEvent } from '@reimbursements/domain/events/register-event.rule';
import { amountToRemember, asFirstRegistered } from '@reimbursements/domain/events/remembered-amount';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { CatalogFeed } from '@reimbursements/domain/ports/catalog-feed.port';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { RecentEventIds } from '@reimbursements/domain/ports/recent-event-ids.port';
import { positionOfRecord } from '@reimbursements/domain/position/log-position';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { CommandApiSettings } from '../../command-api.settings';
import { appendClaimed } from '../append-claimed';
import { RegisterEventCommand } from './register-event.command';
import { RegisterEventResponse } from './register-event.response.dto';

@CommandHandler(RegisterEventCommand)
export class RegisterEventHandler implements ICommandHandler<RegisterEventCommand, RegisterEventResponse> {
  constructor(
    private readonly catalog: CatalogFeed,
    private readonly eventLog: EventLog,
    private readonly recentEventIds: RecentEventIds,
    private readonly settings: CommandApiSettings,
  ) {}

  async execute({ input, origin, mayBackfill, charge }: RegisterEventCommand): Promise<RegisterEventResponse> {
    const decide = (amountCents: number | undefined) =>
      registerEvent(input, amountCents, new Date(), this.settings.registrationSettings(mayBackfill));
    let event;
    try {
      event = decide(this.catalog.current().amountFor(input.eventType, input.occurredAt, this.settings.BUSINESS_TIME_ZONE));
    } catch (error) {
      // A type created through another instance may not have reached this one yet.
      if (!(error instanceof DomainError && error.code === 'EVENT.UNKNOWN_TYPE')) throw error;
      event = decide((await this.catalog.catchUp()).amountFor(input.eventType, input.occurredAt, this.settings.BUSINESS_TIME_ZONE));
    }
    const [{ verdict, remembered }] = await this.recentEventIds.claim([{ eventId: event.eventId, fingerprint: eventFingerprint(event), remember: amountToRemember(event) }], charge);
    if (verdict === 'different') throw eventIdConflict(event.eventId);
    const payload: EventRegisteredPayload = asFirstRegistered(event, remembered);
    const record = eventRegisteredRecord(payload, origin, randomUUID(), new Date());
    const [appended] = await appendClaimed(
      this.eventLog,
      this.recentEventIds,
      [{ stream: 'log', key: payload.caregiverId, record }],
      verdict === 'new' ? [payload.eventId] : [],
    );
    return {
      ...payload,
      position: positionOfRecord(appended),
    };
  }
}
