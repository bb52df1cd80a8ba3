import { EVENT_TYPE_CODE_PATTERN } from '@reimbursements/domain/catalog/event-type-code';
import { problem, ProblemException } from '@reimbursements/platform/http/problem';
import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { recordOrigin } from '../../record-origin';
import { ScheduleRateCommand } from './schedule-rate.command';
import { ScheduleRateRequest } from './schedule-rate.request.dto';
import { ScheduleRateResponse } from './schedule-rate.response.dto';

@ApiTags('event-types')
@Controller('v1/event-types/:code/rates')
export class ScheduleRateHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('admin')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ScheduleRateResponse, description: 'The rate is in the catalog log.' })
  @ApiNotFoundResponse({ description: 'No event type with this code' })
  schedule(
    @Param('code') code: string,
    @Body() body: ScheduleRateRequest,
    @Req() request: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ScheduleRateResponse> {
    if (!EVENT_TYPE_CODE_PATTERN.test(code)) {
      throw new ProblemException(problem('not-found', 404, 'Not found', `There is no event type '${code.slice(0, 64)}'.`));
    }
    return this.commandBus.execute(
      new ScheduleRateCommand({ code, ...body }, recordOrigin(request, principal)),
    );
  }
}
