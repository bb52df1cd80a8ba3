import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { MonthlyReportInput, monthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { scopedReportQuery } from '@reimbursements/domain/reports/scoped-report-query';
import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { Request, Response } from 'express';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiForbiddenResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { csvFile, ReportFormat, reportFormat } from './monthly-report.csv';
import { MonthlyReportCsvQuery } from './monthly-report-csv.query';
import { MonthlyReportQuery } from './monthly-report.query';
import { MonthlyReportQueryRequest } from './monthly-report-query.request.dto';
import { MonthlyReportRequest } from './monthly-report.request.dto';
import { MonthlyReportResponse } from './monthly-report.response.dto';

/** JSON, or with format=csv or Accept: text/csv every row as CSV with a header line. */
const REPORT_ANSWER = {
  content: {
    'application/json': { schema: { $ref: getSchemaPath(MonthlyReportResponse) } },
    'text/csv': { schema: { type: 'string' } },
  },
};

@ApiTags('reports')
@Roles('accountant', 'manager')
@ApiForbiddenResponse({ description: "No accountant, manager or admin role, or caregiverIds naming a caregiver outside the asker's scope (problem+json). A report naming no caregiver covers the asker's scope." })
@ApiExtraModels(MonthlyReportResponse)
@Controller('v1/reports/monthly')
export class MonthlyReportHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOkResponse(REPORT_ANSWER)
  async report(
    @Query() { minPosition, format, ...request }: MonthlyReportRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() http: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string | StreamableFile> {
    return this.answer(request, minPosition, reportFormat(format, http), principal, response);
  }

  @Post('query')
  @HttpCode(200)
  @ApiOkResponse(REPORT_ANSWER)
  async query(
    @Body() { minPosition, format, ...request }: MonthlyReportQueryRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() http: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string | StreamableFile> {
    return this.answer(request, minPosition, reportFormat(format, http), principal, response);
  }

  /** JSON as the text the handler made (a cached answer is sent as stored), CSV as a file. */
  private async answer(request: MonthlyReportInput, minPosition: string | undefined, format: ReportFormat, principal: Principal, response: Response): Promise<string | StreamableFile> {
    // One URL answers JSON or CSV by Accept: a cache must keep them apart.
    response.vary('Accept');
    // Every parameter is checked in every format, though a CSV answer, not paginated, uses no limit or cursor.
    const asked = monthlyReportQuery(request);
    const query = scopedReportQuery(format !== 'json' ? monthlyReportQuery({ ...request, limit: undefined, cursor: undefined }) : asked, principal.caregiverIds);
    if (format !== 'json') return csvFile(await this.queryBus.execute(new MonthlyReportCsvQuery(query, principal.caregiverIds, format, minPosition)), format);
    const text = await this.queryBus.execute(new MonthlyReportQuery(query, principal.caregiverIds, minPosition));
    response.type('application/json');
    return text;
  }
}
