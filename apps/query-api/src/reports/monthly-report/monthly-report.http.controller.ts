import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MonthlyReportQuery } from './monthly-report.query';
import { MonthlyReportRequest } from './monthly-report.request.dto';
import { MonthlyReportResponse } from './monthly-report.response.dto';

@ApiTags('reports')
@Controller('v1/reports/monthly')
export class MonthlyReportHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: MonthlyReportResponse })
  report(@Query() request: MonthlyReportRequest): Promise<MonthlyReportResponse> {
    return this.queryBus.execute(new MonthlyReportQuery(request));
  }
}
