import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { Body, Controller, Get, Headers, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { QueryApiSettings } from '../../query-api.settings';
import { monthlyReportCsv, wantsCsv } from './monthly-report.csv';
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
    private readonly reader: ReportReader,
    private readonly settings: QueryApiSettings,
  ) {}

  @Get()
  @ApiOkResponse({ type: MonthlyReportResponse })
  @ApiProduces('application/json', 'text/csv')
  async report(
    @Query() { minPosition, format, ...request }: MonthlyReportRequest,
    @Headers('accept') accept?: string,
  ): Promise<MonthlyReportResponse | StreamableFile> {
    return this.answer(request, minPosition, wantsCsv(format, accept));
  }

  @Post('query')
  @HttpCode(200)
  @ApiOkResponse({ type: MonthlyReportResponse })
  @ApiProduces('application/json', 'text/csv')
  async query(@Body() { minPosition, ...request }: MonthlyReportQueryRequest, @Headers('accept') accept?: string): Promise<MonthlyReportResponse | StreamableFile> {
    return this.answer(request, minPosition, wantsCsv(undefined, accept));
  }

  private async answer(request: MonthlyReportQuery['input'], minPosition: string | undefined, csv: boolean): Promise<MonthlyReportResponse | StreamableFile> {
    await this.readYourWrites.waitFor(minPosition);
    if (csv) return monthlyReportCsv(this.reader, request, this.settings.CURRENCY);
    return this.queryBus.execute(new MonthlyReportQuery(request));
  }
}
