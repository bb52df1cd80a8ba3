import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { MinPositionRequest } from '../../read-your-writes/min-position.request.dto';
import { ListEventTypesQuery } from './list-event-types.query';

class RateDto {
  @ApiProperty() amountCents!: number;
  @ApiProperty({ nullable: true, type: String, description: 'YYYY-MM-DD; null: from the beginning' }) effectiveFrom!: string | null;
}

class EventTypeDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [RateDto] }) rates!: RateDto[];
}

@ApiTags('event-types')
@Controller('v1/event-types')
export class ListEventTypesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('accountant', 'manager', 'ingest')
  @ApiOperation({
    summary: 'The event-type catalog with its dated rates',
    description:
      'For every reader (accountant, manager, admin), and for ingest too: care-giver systems need the valid eventType codes and their rates to send events, and the catalog holds no caregiver data.',
  })
  @ApiOkResponse({ type: [EventTypeDto] })
  async list(@Query() { minPosition }: MinPositionRequest): Promise<EventTypeDto[]> {
    return this.queryBus.execute(new ListEventTypesQuery(minPosition));
  }
}
