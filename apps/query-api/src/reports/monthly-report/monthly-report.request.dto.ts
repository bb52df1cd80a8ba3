import { ApiPropertyOptional } from '@nestjs/swagger';
import { ReportPeriodRequest, REPORT_FORMAT_DESCRIPTION } from './report-period.request.dto';
import { Transform } from 'class-transformer';
import { REPORT_FORMATS, ReportFormat } from './monthly-report.csv';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class MonthlyReportRequest extends ReportPeriodRequest {
  @ApiPropertyOptional({ example: '4,5,6', description: 'Comma-separated; none means every caregiver' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter((id) => id !== '') : value))
  @IsArray()
  @IsString({ each: true })
  caregiverIds?: string[];

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: REPORT_FORMAT_DESCRIPTION })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
