import { MONTH_PATTERN } from '@reimbursements/domain/time/business-month';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@reimbursements/platform/http/is-omittable';
import { IsString } from 'class-validator';
import { MinPositionRequest } from '../../read-your-writes/min-position.request.dto';

export const REPORT_FORMAT_DESCRIPTION =
  'json (default, paginated); csv (or Accept: text/csv): every row, amounts in minor units, comma-separated, for machines; ' +
  "csv-excel: every row for a spreadsheet in a Swedish locale (UTF-8 BOM, ';' separator, CRLF, amounts in the currency's main unit with a decimal comma). Neither CSV is paginated.";

/** What the report's query string and its JSON body share (each adds caregiverIds and limit its own way). */
export class ReportPeriodRequest extends MinPositionRequest {
  @ApiPropertyOptional({ required: true, example: '2026-01', pattern: MONTH_PATTERN.source, description: 'First month, YYYY-MM' })
  @IsOmittable()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ required: true, example: '2026-12', pattern: MONTH_PATTERN.source, description: 'Last month, YYYY-MM, not before from and at most 120 months after it' })
  @IsOmittable()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ minLength: 1, description: 'The nextCursor of the previous page, sent with the same parameters (limit may change); with others it is a 400 naming cursor' })
  @IsOmittable()
  @IsString()
  cursor?: string;
}
