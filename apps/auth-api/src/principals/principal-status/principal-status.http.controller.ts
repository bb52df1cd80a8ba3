import { forbidden } from '@reimbursements/auth/auth-problems';
import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { hasAnyRole, Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PrincipalRecords } from '../principal-records';
import { PrincipalStatusResponse } from './principal-status.response.dto';

@ApiTags('principals')
@Controller('v1/principals')
export class PrincipalStatusHttpController {
  constructor(private readonly records: PrincipalRecords) {}

  @Get(':subject')
  @Roles()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "A principal's standing and caregiver scope",
    description:
      "How the other apps learn, server-side, whether a token's subject is still active and which caregivers it may act for (libs/auth caches the answer for at most 60 s). Callable with the subject's own token, or by an admin for any subject. A disabled or revoked principal's own token gets 401.",
  })
  @ApiOkResponse({ type: PrincipalStatusResponse })
  @ApiNotFoundResponse({ description: 'No such principal (admin callers only)' })
  async status(@Param('subject') subject: string, @CurrentPrincipal() caller: Principal): Promise<PrincipalStatusResponse> {
    if (caller.subject !== subject && !hasAnyRole(caller, ['admin'])) throw forbidden('Only the principal itself or an admin may read this.');
    const record = await this.records.find(subject);
    if (!record) throw new NotFoundException();
    return { subject: record.subject, kind: record.kind, roles: record.roles, caregiverIds: record.caregiverIds, active: record.active };
  }
}
