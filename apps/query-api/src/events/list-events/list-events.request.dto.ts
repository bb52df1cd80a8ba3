import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { MinPositionRequest } from '../../read-your-writes/min-position.request.dto';

export class ListEventsRequest extends MinPositionRequest {
  @ApiPropertyOptional({ example: '4', description: 'Required' })
  @IsOptional()
  @IsString()
  caregiverId?: string;

  @ApiPropertyOptional({ example: '2026-03', description: 'Required, YYYY-MM in the business time zone' })
  @IsOptional()
  @IsString()
  month?: string;

  @ApiPropertyOptional({ enum: ['pending', 'reimbursed', 'voided'] })
  @IsOptional()
  @IsString()
  status?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
