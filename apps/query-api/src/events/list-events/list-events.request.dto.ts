import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { MONTH_PATTERN } from '@reimbursements/domain/time/business-month';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { PageRequest } from '../../pagination/page.request.dto';

export class ListEventsRequest extends PageRequest {
  @ApiPropertyOptional({ required: true, example: '4', pattern: CAREGIVER_ID_PATTERN.source })
  @IsOptional()
  @IsString()
  caregiverId?: string;

  @ApiPropertyOptional({ required: true, example: '2026-03', pattern: MONTH_PATTERN.source, description: 'YYYY-MM in the business time zone' })
  @IsOptional()
  @IsString()
  month?: string;

  @ApiPropertyOptional({ enum: ['pending', 'reimbursed', 'voided'] })
  @IsOptional()
  @IsString()
  status?: string;
}
