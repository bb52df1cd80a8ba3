import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { MONTH_PATTERN } from '@reimbursements/domain/time/business-month';
import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { PageRequest } from '../../pagination/page.request.dto';
import { ReimbursementResponse } from '../reimbursement.response.dto';
import { reimbursementResponse } from '../reimbursement-response';
import { ListReimbursementsQuery } from './list-reimbursements.query';

class ListReimbursementsRequest extends PageRequest {
  @ApiPropertyOptional({ required: true, example: '4', pattern: CAREGIVER_ID_PATTERN.source })
  @IsOptional()
  @IsString()
  caregiverId?: string;

  @ApiPropertyOptional({ example: '2026-03', pattern: MONTH_PATTERN.source, description: 'Only those paying events of this month (YYYY-MM)' })
  @IsOptional()
  @IsString()
  month?: string;
}

class ListReimbursementsResponse {
  @ApiProperty({ type: [ReimbursementResponse] }) reimbursements!: ReimbursementResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

@ApiTags('reimbursements')
@Controller('v1/reimbursements')
export class ListReimbursementsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('accountant', 'manager')
  @ApiOkResponse({ type: ListReimbursementsResponse })
  @ApiForbiddenResponse({ description: "No accountant, manager or admin role, or a caregiverId outside the asker's scope (problem+json)" })
  async list(@Query() { minPosition, ...request }: ListReimbursementsRequest, @CurrentPrincipal() principal: Principal): Promise<ListReimbursementsResponse> {
    const page = await this.queryBus.execute(new ListReimbursementsQuery(request, principal.caregiverIds, minPosition));
    return { reimbursements: page.reimbursements.map(reimbursementResponse), nextCursor: page.nextCursor };
  }
}
