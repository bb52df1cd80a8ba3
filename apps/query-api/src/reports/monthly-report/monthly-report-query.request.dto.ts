import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_FORMAT_DESCRIPTION, ReportPeriodRequest } from './report-period.request.dto';
import { REPORT_FORMATS, ReportFormat } from './monthly-report.csv';
import { IsOmittable } from '@reimbursements/platform/http/is-omittable';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Max, Min } from 'class-validator';

/** The report's filters as a JSON body, for caregiver lists too long for a URL. */
export class MonthlyReportQueryRequest extends ReportPeriodRequest {
  @ApiPropertyOptional({ type: 'string', isArray: true, pattern: CAREGIVER_ID_PATTERN.source, minItems: 1, maxItems: 10000, description: 'Left out: every caregiver (of the scope)' })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one caregiver; leave caregiverIds out for every caregiver (of the scope)' })
  @ArrayMaxSize(10000)
  // An item that is no caregiver id is named by its index (monthlyReportQuery).
  caregiverIds?: string[];

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: REPORT_FORMAT_DESCRIPTION })
  @IsOmittable()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
