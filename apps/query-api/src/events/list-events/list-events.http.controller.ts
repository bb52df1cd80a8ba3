import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EventResponse } from '../event.response.dto';
import { eventResponse } from '../event-response';
import { ListEventsQuery } from './list-events.query';
import { ListEventsRequest } from './list-events.request.dto';

class ListEventsResponse {
  @ApiProperty({ type: [EventResponse] }) events!: EventResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

@ApiTags('events')
@Controller('v1/events')
export class ListEventsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('accountant', 'manager')
  @ApiOkResponse({ type: ListEventsResponse })
  @ApiForbiddenResponse({ description: "No accountant, manager or admin role, or a caregiverId outside the asker's scope (problem+json)" })
  async list(@Query() { minPosition, ...request }: ListEventsRequest, @CurrentPrincipal() principal: Principal): Promise<ListEventsResponse> {
    const page = await this.queryBus.execute(new ListEventsQuery(request, principal.caregiverIds, minPosition));
    return { events: page.events.map(eventResponse), nextCursor: page.nextCursor };
  }
}
