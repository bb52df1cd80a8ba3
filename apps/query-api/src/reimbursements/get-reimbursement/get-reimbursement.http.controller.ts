import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { isEventId } from '@reimbursements/domain/ledger/ledger-queries';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { inScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { MinPositionRequest } from '../../read-your-writes/min-position.request.dto';
import { ReimbursementResponse } from '../reimbursement.response.dto';
import { outcomeSeenBy } from '../outcome-seen-by';

@ApiTags('reimbursements')
@Controller('v1/reimbursements')
export class GetReimbursementHttpController {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get(':reimbursementId')
  @Roles('accountant', 'manager')
  @ApiOkResponse({ type: ReimbursementResponse })
  @ApiNotFoundResponse({ description: "No reimbursement with this id has been decided, or it is another caregiver's than the asker's scope holds" })
  async get(
    @Param('reimbursementId') reimbursementId: string,
    @Query() { minPosition }: MinPositionRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReimbursementResponse> {
    if (!isEventId(reimbursementId)) {
      throw new DomainError('QUERY.INVALID', 'The reimbursement id is not valid.', [{ field: 'reimbursementId', message: 'must be a UUID' }]);
    }
    await this.readYourWrites.waitFor(minPosition);
    const outcome = await this.ledger.reimbursement(reimbursementId.toLowerCase());
    if (!outcome || !inScope(principal.caregiverIds, outcome.caregiverId)) throw new DomainError('REIMBURSEMENT.NOT_FOUND', `No reimbursement ${reimbursementId}.`);
    return outcomeSeenBy(outcome, principal.caregiverIds, this.ledger);
  }
}
