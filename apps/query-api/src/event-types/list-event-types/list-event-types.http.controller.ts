import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';

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
  constructor(private readonly reader: ReportReader) {}

  @Get()
  @ApiOkResponse({ type: [EventTypeDto] })
  list(): Promise<EventTypeDto[]> {
    return this.reader.eventTypes();
  }
}
