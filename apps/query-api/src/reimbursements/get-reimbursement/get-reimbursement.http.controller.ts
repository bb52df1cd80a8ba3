import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MinPositionRequest } from '../../read-your-writes/min-position.request.dto';
import { ReimbursementResponse } from '../reimbursement.response.dto';
import { reimbursementResponse } from '../reimbursement-response';
import { GetReimbursementQuery } from './get-reimbursement.query';

@ApiTags('reimbursements')
@Controller('v1/reimbursements')
export class GetReimbursementHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':reimbursementId')
  @Roles('accountant', 'manager')
  @ApiOkResponse({ type: ReimbursementResponse })
  @ApiNotFoundResponse({ description: "No reimbursement with this id has been decided, or it is another caregiver's than the asker's scope holds" })
  async get(
    @Param('reimbursementId') reimbursementId: string,
    @Query() { minPosition }: MinPositionRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReimbursementResponse> {
    return reimbursementResponse(await this.queryBus.execute(new GetReimbursementQuery(reimbursementId, principal.caregiverIds, minPosition)));
  }
}
