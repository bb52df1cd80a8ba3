import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { requireInScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiExtraModels, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { recordOrigin } from '../../record-origin';
import { RequestReimbursementCommand } from './request-reimbursement.command';
import { RequestReimbursementRequest } from './request-reimbursement.request.dto';
import { RequestReimbursementResponse } from './request-reimbursement.response.dto';

@ApiTags('reimbursements')
@ApiExtraModels(RequestReimbursementRequest)
@Controller('v1/reimbursements')
export class RequestReimbursementHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('accountant')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: RequestReimbursementResponse,
    description: 'The request is durably in the log; the fold decides it, all or nothing, and the query side shows the outcome.',
  })
  @ApiBody({
    schema: { allOf: [{ $ref: getSchemaPath(RequestReimbursementRequest) }], oneOf: [{ required: ['eventIds'] }, { required: ['month'] }] },
  })
  @ApiBadRequestResponse({ description: 'Invalid input, both or neither of eventIds and month, or a duplicate in eventIds (problem+json naming the field)' })
  @ApiConflictResponse({
    description: 'The reimbursementId was recently requested with another caregiverId, eventIds, month or reference (problem+json, type reimbursement-id-conflict).',
  })
  request(@Body() body: RequestReimbursementRequest, @Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<RequestReimbursementResponse> {
    requireInScope(principal.caregiverIds, body.caregiverId);
    return this.commandBus.execute(
      new RequestReimbursementCommand({ ...body, reimbursementId: body.reimbursementId ?? randomUUID() }, recordOrigin(request, principal)),
    );
  }
}
