import { eventsQuery, pageOf } from '@reimbursements/domain/ledger/ledger-queries';
import { parseRfc3339Instant } from '@reimbursements/domain/time/rfc3339-instant';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { EventResponse } from '../event.response.dto';
import { eventResponse } from '../event-response';
import { ListEventsRequest } from './list-events.request.dto';

class ListEventsResponse {
  @ApiProperty({ type: [EventResponse] }) events!: EventResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** The drill-down behind a report row: one caregiver-month's events, oldest first. */
@ApiTags('events')
@Controller('v1/events')
export class ListEventsHttpController {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOkResponse({ type: ListEventsResponse })
  async list(@Query() { minPosition, ...request }: ListEventsRequest): Promise<ListEventsResponse> {
    const query = eventsQuery(request);
    await this.readYourWrites.waitFor(minPosition);
    const events = (await this.ledger.eventsOf(query.caregiverId, query.month)).filter((e) => query.status === undefined || e.status === query.status);
    // Sorted by instant (fixed-width epoch milliseconds), then id: stable across pages.
    const page = pageOf(events, (e) => `${String(parseRfc3339Instant(e.occurredAt)?.getTime() ?? 0).padStart(15, '0')}#${e.eventId}`, query);
    return { events: page.items.map(eventResponse), nextCursor: page.nextCursor };
  }
}
