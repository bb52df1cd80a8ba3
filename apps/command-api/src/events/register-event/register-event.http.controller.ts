import { requestIdOf } from '@reimbursements/platform/http/request-id.middleware';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { CommandApiSettings } from '../../command-api.settings';
import { RegisterEventCommand } from './register-event.command';
import { RegisterEventRequest } from './register-event.request.dto';
import { RegisterEventResponse } from './register-event.response.dto';

@ApiTags('events')
@Controller('v1/events')
export class RegisterEventHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly settings: CommandApiSettings,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RegisterEventResponse, description: 'The record is durably in the log. The same eventId with the same content again is a retry: 202, counted once.' })
  @ApiConflictResponse({ description: 'The eventId was recently used with another caregiverId, eventType or occurredAt instant (problem+json, type event-id-conflict).' })
  register(@Body() body: RegisterEventRequest, @Req() request: Request): Promise<RegisterEventResponse> {
    return this.commandBus.execute(
      new RegisterEventCommand(
        { ...body, eventId: body.eventId ?? randomUUID() },
        { correlationId: requestIdOf(request), recordedBy: this.settings.PLACEHOLDER_PRINCIPAL },
      ),
    );
  }
}
