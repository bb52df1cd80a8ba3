import { ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_FORMAT_DESCRIPTION, ReportPeriodRequest } from './report-period.request.dto';
import { REPORT_FORMATS, ReportFormat } from './monthly-report.csv';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** The report's filters as a JSON body, for caregiver lists too long for a URL. */
export class MonthlyReportQueryRequest extends ReportPeriodRequest {
  @ApiPropertyOptional({ type: [String], maxItems: 10000, description: 'None means every caregiver' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  caregiverIds?: string[];

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
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
