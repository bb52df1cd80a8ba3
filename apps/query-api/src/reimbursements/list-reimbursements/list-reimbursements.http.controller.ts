import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { MONTH_PATTERN } from '@reimbursements/domain/time/business-month';
import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { pageOf, reimbursementsQuery } from '@reimbursements/domain/ledger/ledger-queries';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { requireInScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { PageRequest } from '../../pagination/page.request.dto';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { ReimbursementResponse } from '../reimbursement.response.dto';
import { outcomeSeenBy } from '../outcome-seen-by';

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
  constructor(
    private readonly ledger: LedgerReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @Roles('accountant', 'manager')
  @ApiOkResponse({ type: ListReimbursementsResponse })
  @ApiForbiddenResponse({ description: "No accountant, manager or admin role, or a caregiverId outside the asker's scope (problem+json)" })
  async list(@Query() { minPosition, ...request }: ListReimbursementsRequest, @CurrentPrincipal() principal: Principal): Promise<ListReimbursementsResponse> {
    const query = reimbursementsQuery(request);
    requireInScope(principal.caregiverIds, query.caregiverId);
    await this.readYourWrites.waitFor(minPosition);
    const outcomes = await this.ledger.reimbursementsOf(query.caregiverId, query.month);
    const page = pageOf(outcomes, (r) => `${r.requestedAt}#${r.reimbursementId}`, query);
    const reimbursements = await Promise.all(page.items.map((outcome) => outcomeSeenBy(outcome, principal.caregiverIds, this.ledger)));
    return { reimbursements, nextCursor: page.nextCursor };
  }
}
