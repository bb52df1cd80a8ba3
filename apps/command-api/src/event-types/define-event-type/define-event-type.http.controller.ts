import { requestIdOf } from '@reimbursements/platform/http/request-id.middleware';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { CommandApiSettings } from '../../command-api.settings';
import { DefineEventTypeCommand } from './define-event-type.command';
import { DefineEventTypeRequest } from './define-event-type.request.dto';
import { DefineEventTypeResponse } from './define-event-type.response.dto';

@ApiTags('event-types')
@Controller('v1/event-types')
export class DefineEventTypeHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly settings: CommandApiSettings,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DefineEventTypeResponse, description: 'The type is in the catalog log.' })
  define(@Body() body: DefineEventTypeRequest, @Req() request: Request): Promise<DefineEventTypeResponse> {
    return this.commandBus.execute(
      new DefineEventTypeCommand(body, {
        correlationId: requestIdOf(request),
        recordedBy: this.settings.PLACEHOLDER_PRINCIPAL,
      }),
    );
  }
}
