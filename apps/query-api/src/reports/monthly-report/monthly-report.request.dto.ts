import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class MonthlyReportRequest {
  @ApiPropertyOptional({ example: '2026-01', description: 'First month, YYYY-MM (required)' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month, YYYY-MM (required; at most 120 months)' })
  @IsOptional()
  @IsString()
  to?: string;

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

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ description: 'A position from a command answer: reflect at least that write (waits up to 5 s, then 503)' })
  @IsOptional()
  @IsString()
  minPosition?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv (or Accept: text/csv): every row as CSV, not paginated' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
