import {
  EVENT_REGISTERED,
  EVENT_REGISTERED_SCHEMA_VERSION,
  EventRegisteredPayload,
} from '@reimbursements/domain/events/event-registered.record';
import { RegisteredEvent, registerEvent } from '@reimbursements/domain/events/register-event.rule';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { EventTypeCatalog } from '@reimbursements/domain/catalog/event-type-catalog';
import { CatalogFeed } from '@reimbursements/domain/ports/catalog-feed.port';
import { AppendedRecord, EventLog } from '@reimbursements/domain/ports/event-log.port';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { CommandApiSettings } from '../../command-api.settings';
import { RegisterEventBatchCommand } from './register-event-batch.command';

export type BatchOutcome =
  | { index: number; event: RegisteredEvent; appended: AppendedRecord }
  | { index: number; eventId: string; refusal: DomainError };

/** Judges each item on its own, then appends every accepted one in a single send. */
@CommandHandler(RegisterEventBatchCommand)
export class RegisterEventBatchHandler implements ICommandHandler<RegisterEventBatchCommand, BatchOutcome[]> {
  constructor(
    private readonly catalogFeed: CatalogFeed,
    private readonly eventLog: EventLog,
    private readonly settings: CommandApiSettings,
  ) {}

  async execute({ items, origin }: RegisterEventBatchCommand): Promise<BatchOutcome[]> {
    let catalog = this.catalogFeed.current();
    if (items.some(({ input }) => !catalog.find(input.eventType))) {
      catalog = await this.catalogFeed.catchUp();
    }
    const decided = items.map(({ index, input }) => this.decide(index, input, catalog));
    const accepted = decided.filter((d): d is { index: number; event: RegisteredEvent } => 'event' in d);
    const appended = await this.eventLog.append(
      accepted.map(({ event: payload }) => ({
        stream: 'log' as const,
        key: payload.caregiverId,
        record: newRecord<typeof EVENT_REGISTERED, EventRegisteredPayload>(
          EVENT_REGISTERED,
          EVENT_REGISTERED_SCHEMA_VERSION,
          payload,
          origin,
          randomUUID(),
          new Date(),
        ),
      })),
    );
    const appendedByIndex = new Map(accepted.map((a, i) => [a.index, appended[i]]));
    return decided.map((d) => ('event' in d ? { ...d, appended: appendedByIndex.get(d.index) as AppendedRecord } : d));
  }

  private decide(index: number, input: RegisterEventBatchCommand['items'][number]['input'], catalog: EventTypeCatalog) {
    try {
      const amountCents = catalog.amountFor(input.eventType, input.occurredAt, this.settings.BUSINESS_TIME_ZONE);
      const event = registerEvent(input, amountCents, new Date(), this.settings.registrationSettings());
      return { index, event };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { index, eventId: input.eventId, refusal: error };
    }
  }
}
