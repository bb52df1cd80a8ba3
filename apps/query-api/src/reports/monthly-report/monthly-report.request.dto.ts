import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ReportPeriodRequest, REPORT_FORMAT_DESCRIPTION } from './report-period.request.dto';
import { Transform } from 'class-transformer';
import { REPORT_FORMATS, ReportFormat } from './monthly-report.csv';
import { IsOmittable } from '@reimbursements/platform/http/is-omittable';
import { ArrayMinSize, IsArray, IsIn, IsInt, Max, Min } from 'class-validator';

export class MonthlyReportRequest extends ReportPeriodRequest {
  @ApiPropertyOptional({
    type: 'string',
    isArray: true,
    pattern: CAREGIVER_ID_PATTERN.source,
    example: ['4', '5', '6'],
    minItems: 1,
    description: 'Comma-separated, or the parameter repeated (each may be a list); left out: every caregiver (of the scope)',
  })
  @IsOmittable()
  // Each occurrence may itself be a comma-separated list; an item that is no caregiver id is named by its index (monthlyReportQuery).
  @Transform(({ value }) => (typeof value === 'string' || Array.isArray(value) ? [value].flat().flatMap((part: string) => part.split(',')).filter((id) => id !== '') : value))
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one caregiver; leave caregiverIds out for every caregiver (of the scope)' })
  caregiverIds?: string[];

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
  @IsOmittable()
  @Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: REPORT_FORMAT_DESCRIPTION })
  @IsOmittable()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
