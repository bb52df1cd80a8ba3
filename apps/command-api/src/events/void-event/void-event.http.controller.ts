import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { requireInScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { recordOrigin } from '../../record-origin';
import { VoidEventCommand } from './void-event.command';
import { VoidEventParams, VoidEventRequest } from './void-event.request.dto';
import { VoidEventResponse } from './void-event.response.dto';

@ApiTags('events')
@Controller('v1/events/:eventId/void')
export class VoidEventHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('ingest')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: VoidEventResponse,
    description:
      'The void is durably in the log. The fold refuses it (shown on the event as voidRefusal) for a reimbursed or already voided event; for an unknown event or one of another caregiver than named it changes nothing and shows nowhere.',
  })
  @ApiBadRequestResponse({ description: 'eventId not a UUID, caregiverId or reason invalid, or an unknown field (problem+json naming the field)' })
  @ApiForbiddenResponse({ description: "No ingest or admin role, or a caregiverId outside the sender's scope (problem+json)" })
  @ApiNotFoundResponse({ description: 'A sender with a caregiver scope named an event the API remembers as another caregiver\'s (problem+json naming eventId, as for an unknown event)' })
  voidEvent(
    @Param() { eventId }: VoidEventParams,
    @Body() body: VoidEventRequest,
    @Req() request: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VoidEventResponse> {
    requireInScope(principal.caregiverIds, body.caregiverId);
    return this.commandBus.execute(new VoidEventCommand({ eventId, ...body }, recordOrigin(request, principal), principal.caregiverIds));
  }
}
