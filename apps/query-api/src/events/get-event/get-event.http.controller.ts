import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MinPositionRequest } from '../../read-your-writes/min-position.request.dto';
import { EventResponse } from '../event.response.dto';
import { eventResponse } from '../event-response';
import { GetEventQuery } from './get-event.query';

@ApiTags('events')
@Controller('v1/events')
export class GetEventHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':eventId')
  @Roles('accountant', 'manager')
  @ApiOkResponse({ type: EventResponse })
  @ApiNotFoundResponse({ description: "No event with this id has been folded, or it is another caregiver's than the asker's scope holds" })
  async get(@Param('eventId') eventId: string, @Query() { minPosition }: MinPositionRequest, @CurrentPrincipal() principal: Principal): Promise<EventResponse> {
    return eventResponse(await this.queryBus.execute(new GetEventQuery(eventId, principal.caregiverIds, minPosition)));
  }
}
