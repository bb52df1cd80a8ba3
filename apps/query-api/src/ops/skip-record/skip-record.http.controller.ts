import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { requestIdOf } from '@reimbursements/platform/http/request-id.middleware';
import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { SkipRecordHandler } from './skip-record.handler';
import { SkipRecordParams, SkipRecordRequest, SkipRecordResponse } from './skip-record.request.dto';

@ApiTags('ops')
@Controller('v1/ops/projections')
export class SkipRecordHttpController {
  constructor(private readonly handler: SkipRecordHandler) {}

  @Post(':name/skip')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Skip the record a partition is stuck on: appended to the control topic, so every instance, replay and rebuild skips it' })
  @ApiAcceptedResponse({ type: SkipRecordResponse, description: 'The skip is in the control topic; the projector folds past the record at its next retry.' })
  @ApiConflictResponse({ description: 'The partition is not stuck on that record (problem+json naming where it is stuck, if anywhere)' })
  @ApiNotFoundResponse({ description: 'No projection of that name, or no topic or partition it folds' })
  skip(@Param() { name }: SkipRecordParams, @Body() body: SkipRecordRequest, @Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<SkipRecordResponse> {
    return this.handler.skip(name, body, principal, requestIdOf(request));
  }
}
