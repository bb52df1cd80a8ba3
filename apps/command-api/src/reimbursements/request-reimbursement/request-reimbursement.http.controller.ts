import { requestIdOf } from '@reimbursements/platform/http/request-id.middleware';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { CommandApiSettings } from '../../command-api.settings';
import { RequestReimbursementCommand } from './request-reimbursement.command';
import { RequestReimbursementRequest } from './request-reimbursement.request.dto';
import { RequestReimbursementResponse } from './request-reimbursement.response.dto';

@ApiTags('reimbursements')
@Controller('v1/reimbursements')
export class RequestReimbursementHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly settings: CommandApiSettings,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: RequestReimbursementResponse,
    description: 'The request is durably in the log; the fold decides it, all or nothing, and the query side shows the outcome.',
  })
  @ApiBadRequestResponse({ description: 'Invalid input, both or neither of eventIds and month, or a duplicate in eventIds (problem+json naming the field)' })
  request(@Body() body: RequestReimbursementRequest, @Req() request: Request): Promise<RequestReimbursementResponse> {
    return this.commandBus.execute(
      new RequestReimbursementCommand(
        { ...body, reimbursementId: body.reimbursementId ?? randomUUID() },
        { correlationId: requestIdOf(request), recordedBy: this.settings.PLACEHOLDER_PRINCIPAL },
      ),
    );
  }
}
