import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { MonthlyReportQuery } from './monthly-report.query';
import { MonthlyReportQueryRequest } from './monthly-report-query.request.dto';
import { MonthlyReportRequest } from './monthly-report.request.dto';
import { MonthlyReportResponse } from './monthly-report.response.dto';

@ApiTags('reports')
@Controller('v1/reports/monthly')
export class MonthlyReportHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOkResponse({ type: MonthlyReportResponse })
  async report(@Query() { minPosition, ...request }: MonthlyReportRequest): Promise<MonthlyReportResponse> {
    await this.readYourWrites.waitFor(minPosition);
    return this.queryBus.execute(new MonthlyReportQuery(request));
  }

  @Post('query')
  @HttpCode(200)
  @ApiOkResponse({ type: MonthlyReportResponse })
  async query(@Body() { minPosition, ...request }: MonthlyReportQueryRequest): Promise<MonthlyReportResponse> {
    await this.readYourWrites.waitFor(minPosition);
    return this.queryBus.execute(new MonthlyReportQuery(request));
  }
}
