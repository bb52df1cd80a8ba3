import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { isEventId } from '@reimbursements/domain/ledger/ledger-queries';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { MinPositionRequest } from '../../read-your-writes/min-position.request.dto';
import { EventResponse } from '../event.response.dto';
import { eventResponse } from '../event-response';

@ApiTags('events')
@Controller('v1/events')
export class GetEventHttpController {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get(':eventId')
  @ApiOkResponse({ type: EventResponse })
  @ApiNotFoundResponse({ description: 'No event with this id has been folded' })
  async get(@Param('eventId') eventId: string, @Query() { minPosition }: MinPositionRequest): Promise<EventResponse> {
    if (!isEventId(eventId)) throw new DomainError('QUERY.INVALID', 'The event id is not valid.', [{ field: 'eventId', message: 'must be a UUID' }]);
    await this.readYourWrites.waitFor(minPosition);
    const event = await this.ledger.event(eventId.toLowerCase());
    if (!event) throw new DomainError('EVENT.NOT_FOUND', `No event ${eventId}.`);
    return eventResponse(event);
  }
}
