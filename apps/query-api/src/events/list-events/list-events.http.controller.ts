import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { eventsQuery, pageOf } from '@reimbursements/domain/ledger/ledger-queries';
import { parseRfc3339Instant } from '@reimbursements/domain/time/rfc3339-instant';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { requireInScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
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
  @Roles('accountant', 'manager')
  @ApiOkResponse({ type: ListEventsResponse })
  @ApiForbiddenResponse({ description: "No accountant, manager or admin role, or a caregiverId outside the asker's scope (problem+json)" })
  async list(@Query() { minPosition, ...request }: ListEventsRequest, @CurrentPrincipal() principal: Principal): Promise<ListEventsResponse> {
    const query = eventsQuery(request);
    requireInScope(principal.caregiverIds, query.caregiverId);
    await this.readYourWrites.waitFor(minPosition);
    const events = (await this.ledger.eventsOf(query.caregiverId, query.month)).filter((e) => query.status === undefined || e.status === query.status);
    // Sorted by instant (fixed-width epoch milliseconds), then id: stable across pages.
    const page = pageOf(events, (e) => `${String(parseRfc3339Instant(e.occurredAt)?.getTime() ?? 0).padStart(15, '0')}#${e.eventId}`, query);
    return { events: page.items.map(eventResponse), nextCursor: page.nextCursor };
  }
}
