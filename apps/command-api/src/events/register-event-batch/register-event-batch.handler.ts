import { eventRegisteredRecord } from '@reimbursements/domain/events/event-registered.record';
import { eventFingerprint } from '@reimbursements/domain/events/event-fingerprint';
import { eventIdConflict } from '@reimbursements/domain/events/event-id-conflict';
import { RegisteredEvent, registerEvent } from '@reimbursements/domain/events/register-event.rule';
import { amountToRemember, asFirstRegistered } from '@reimbursements/domain/events/remembered-amount';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { EventTypeCatalog } from '@reimbursements/domain/catalog/event-type-catalog';
import { CatalogFeed } from '@reimbursements/domain/ports/catalog-feed.port';
import { AppendedRecord, EventLog } from '@reimbursements/domain/ports/event-log.port';
import { RateLimitCharge, RecentEventIds } from '@reimbursements/domain/ports/recent-event-ids.port';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { CommandApiSettings } from '../../command-api.settings';
import { appendClaimed } from '../append-claimed';
import { RegisterEventBatchCommand } from './register-event-batch.command';

type Refused = { index: number; eventId: string; refusal: DomainError };
type Decided = { index: number; event: RegisteredEvent };
type Registered = Decided & { claimedAsNew: boolean };

export type BatchOutcome = { index: number; event: RegisteredEvent; appended: AppendedRecord } | Refused;

/** Judges each item on its own (a reused eventId included), then appends every accepted one in a single send. */
@CommandHandler(RegisterEventBatchCommand)
export class RegisterEventBatchHandler implements ICommandHandler<RegisterEventBatchCommand, BatchOutcome[]> {
  constructor(
    private readonly catalogFeed: CatalogFeed,
    private readonly eventLog: EventLog,
    private readonly recentEventIds: RecentEventIds,
    private readonly settings: CommandApiSettings,
  ) {}

  async execute({ items, origin, mayBackfill, charge }: RegisterEventBatchCommand): Promise<BatchOutcome[]> {
    let catalog = this.catalogFeed.current();
    if (items.some(({ input }) => !catalog.find(input.eventType))) {
      catalog = await this.catalogFeed.catchUp();
    }
    const decided = await this.refuseConflicts(
      items.map(({ index, input }) => this.decide(index, input, catalog, mayBackfill)),
      charge,
    );
    const accepted = decided.filter((d): d is Registered => 'event' in d);
    const appended = await appendClaimed(
      this.eventLog,
      this.recentEventIds,
      accepted.map(({ event: payload }) => ({
        stream: 'log' as const,
        key: payload.caregiverId,
        record: eventRegisteredRecord(payload, origin, randomUUID(), new Date()),
      })),
      accepted.filter(({ claimedAsNew }) => claimedAsNew).map(({ event }) => event.eventId),
    );
    const appendedByIndex = new Map(accepted.map((a, i) => [a.index, appended[i]]));
    return decided.map((d) =>
      'event' in d ? { index: d.index, event: d.event, appended: appendedByIndex.get(d.index) as AppendedRecord } : d,
    );
  }

  /** Claims the eventIds of the registered items in one call (the request's count with them); an id already used with other content is refused. */
  private async refuseConflicts(decided: (Decided | Refused)[], charge: RateLimitCharge | undefined): Promise<(Registered | Refused)[]> {
    const registered = decided.filter((d): d is Decided => 'event' in d);
    const claimed = await this.recentEventIds.claim(
      registered.map(({ event }) => ({ eventId: event.eventId, fingerprint: eventFingerprint(event), remember: amountToRemember(event) })),
      charge,
    );
    const claimedByIndex = new Map(registered.map((r, i) => [r.index, claimed[i]]));
    return decided.map((d) => {
      if (!('event' in d)) return d;
      const claim = claimedByIndex.get(d.index);
      if (claim?.verdict === 'different') return { index: d.index, eventId: d.event.eventId, refusal: eventIdConflict(d.event.eventId) };
      return { ...d, event: asFirstRegistered(d.event, claim?.remembered), claimedAsNew: claim?.verdict === 'new' };
    });
  }

  private decide(
    index: number,
    input: RegisterEventBatchCommand['items'][number]['input'],
    catalog: EventTypeCatalog,
    mayBackfill: boolean,
  ): Decided | Refused {
    try {
      const amountCents = catalog.amountFor(input.eventType, input.occurredAt, this.settings.BUSINESS_TIME_ZONE);
      const event = registerEvent(input, amountCents, new Date(), this.settings.registrationSettings(mayBackfill));
      return { index, event };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { index, eventId: input.eventId, refusal: error };
    }
  }
}
