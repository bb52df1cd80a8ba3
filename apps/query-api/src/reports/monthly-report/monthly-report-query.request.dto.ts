import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_FORMAT_DESCRIPTION, ReportPeriodRequest } from './report-period.request.dto';
import { REPORT_FORMATS, ReportFormat } from './monthly-report.csv';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** The report's filters as a JSON body, for caregiver lists too long for a URL. */
export class MonthlyReportQueryRequest extends ReportPeriodRequest {
  @ApiPropertyOptional({ type: 'string', isArray: true, pattern: CAREGIVER_ID_PATTERN.source, maxItems: 10000, description: 'None means every caregiver (of the scope)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  caregiverIds?: string[];

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: REPORT_FORMAT_DESCRIPTION })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
