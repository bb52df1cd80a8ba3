import { eventsQuery, pageOf } from '@reimbursements/domain/ledger/ledger-queries';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { requireInScope } from '@reimbursements/domain/scope/caregiver-scope';
import { parseRfc3339Instant } from '@reimbursements/domain/time/rfc3339-instant';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { EventsPage, ListEventsQuery } from './list-events.query';

/** The drill-down behind a report row: one caregiver-month's events, oldest first. */
@QueryHandler(ListEventsQuery)
export class ListEventsHandler implements IQueryHandler<ListEventsQuery, EventsPage> {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request, scope, minPosition }: ListEventsQuery): Promise<EventsPage> {
    const query = eventsQuery(request);
    requireInScope(scope, query.caregiverId);
    await this.readYourWrites.waitFor(minPosition);
    const events = (await this.ledger.eventsOf(query.caregiverId, query.month)).filter((e) => query.status === undefined || e.status === query.status);
    // Sorted by instant (fixed-width epoch milliseconds), then id: stable across pages.
    const page = pageOf(events, (e) => `${String(parseRfc3339Instant(e.occurredAt)?.getTime() ?? 0).padStart(15, '0')}#${e.eventId}`, query);
    return { events: page.items, nextCursor: page.nextCursor };
  }
}
