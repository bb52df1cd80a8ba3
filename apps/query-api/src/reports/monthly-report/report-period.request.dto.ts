import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { MinPositionRequest } from '../../read-your-writes/min-position.request.dto';

export const REPORT_FORMAT_DESCRIPTION =
  'json (default, paginated); csv (or Accept: text/csv): every row, amounts in minor units, comma-separated, for machines; ' +
  "csv-excel: every row for a spreadsheet in a Swedish locale (UTF-8 BOM, ';' separator, CRLF, amounts in the currency's main unit with a decimal comma). Neither CSV is paginated.";

/** What the report's query string and its JSON body share (each adds caregiverIds and limit its own way). */
export class ReportPeriodRequest extends MinPositionRequest {
  @ApiPropertyOptional({ example: '2026-01', description: 'First month, YYYY-MM (required)' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month, YYYY-MM (required; at most 120 months)' })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
