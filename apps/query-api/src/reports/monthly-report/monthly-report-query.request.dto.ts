import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** The report's filters as a JSON body, for caregiver lists too long for a URL. */
export class MonthlyReportQueryRequest {
  @ApiPropertyOptional({ example: '2026-01', description: 'First month, YYYY-MM (required)' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month, YYYY-MM (required; at most 120 months)' })
  @IsOptional()
  @IsString()
  to?: string;

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

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ description: 'A position from a command answer: reflect at least that write' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
