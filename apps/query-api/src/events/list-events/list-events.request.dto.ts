import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { PageRequest } from '../../pagination/page.request.dto';

export class ListEventsRequest extends PageRequest {
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
}
