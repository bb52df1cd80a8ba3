import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';

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

class ListEventTypesRequest {
  @ApiPropertyOptional({ description: 'A position from a command answer: reflect at least that write' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}

@ApiTags('event-types')
@Controller('v1/event-types')
export class ListEventTypesHttpController {
  constructor(
    private readonly reader: ReportReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOkResponse({ type: [EventTypeDto] })
  async list(@Query() { minPosition }: ListEventTypesRequest): Promise<EventTypeDto[]> {
    await this.readYourWrites.waitFor(minPosition);
    return this.reader.eventTypes();
  }
}
