import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { isEventId } from '@reimbursements/domain/ledger/ledger-queries';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { inScope } from '@reimbursements/domain/scope/caregiver-scope';
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
  @Roles('accountant', 'manager')
  @ApiOkResponse({ type: EventResponse })
  @ApiNotFoundResponse({ description: "No event with this id has been folded, or it is another caregiver's than the asker's scope holds" })
  async get(@Param('eventId') eventId: string, @Query() { minPosition }: MinPositionRequest, @CurrentPrincipal() principal: Principal): Promise<EventResponse> {
    if (!isEventId(eventId)) throw new DomainError('QUERY.INVALID', 'The event id is not valid.', [{ field: 'eventId', message: 'must be a UUID' }]);
    await this.readYourWrites.waitFor(minPosition);
    const event = await this.ledger.event(eventId.toLowerCase());
    // Another caregiver's event is answered exactly as an unknown one: its existence is not the asker's to learn.
    if (!event || !inScope(principal.caregiverIds, event.caregiverId)) throw new DomainError('EVENT.NOT_FOUND', `No event ${eventId}.`);
    return eventResponse(event);
  }
}
