import { requestIdOf } from '@reimbursements/platform/http/request-id.middleware';
import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { CommandApiSettings } from '../../command-api.settings';
import { VoidEventCommand } from './void-event.command';
import { VoidEventParams, VoidEventRequest } from './void-event.request.dto';
import { VoidEventResponse } from './void-event.response.dto';

@ApiTags('events')
@Controller('v1/events/:eventId/void')
export class VoidEventHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly settings: CommandApiSettings,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: VoidEventResponse,
    description:
      'The void is durably in the log. The fold refuses it (shown on the event as voidRefusal) for a reimbursed or already voided event or the wrong caregiver; for an unknown event it changes nothing.',
  })
  @ApiBadRequestResponse({ description: 'eventId not a UUID, caregiverId or reason invalid, or an unknown field (problem+json naming the field)' })
  voidEvent(@Param() { eventId }: VoidEventParams, @Body() body: VoidEventRequest, @Req() request: Request): Promise<VoidEventResponse> {
    return this.commandBus.execute(
      new VoidEventCommand(
        { eventId, ...body },
        { correlationId: requestIdOf(request), recordedBy: this.settings.PLACEHOLDER_PRINCIPAL },
      ),
    );
  }
}
