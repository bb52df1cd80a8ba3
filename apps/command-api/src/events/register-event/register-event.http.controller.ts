import { AuthenticatedRequest } from '@reimbursements/auth/authenticated-request';
import { chargeOf, CountedAtClaim } from '@reimbursements/auth/counted-at-claim.decorator';
import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { requireInScope } from '@reimbursements/domain/scope/caregiver-scope';
import { validatedBody } from '@reimbursements/platform/http/validated-body';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBody, ApiConflictResponse, ApiForbiddenResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { recordOrigin } from '../../record-origin';
import { mayBackfill } from '../backfill-policy';
import { RegisterEventCommand } from './register-event.command';
import { RegisterEventRequest } from './register-event.request.dto';
import { plainlyValidRegisterEvent } from './register-event.request.fast-check';
import { RegisterEventResponse } from './register-event.response.dto';

@ApiTags('events')
@Controller('v1/events')
export class RegisterEventHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('ingest')
  @CountedAtClaim()
  @HttpCode(202)
  @ApiBody({ type: RegisterEventRequest })
  @ApiAcceptedResponse({ type: RegisterEventResponse, description: 'The record is durably in the log. The same eventId with the same content again is a retry: 202, counted once.' })
  @ApiConflictResponse({ description: 'The eventId was recently used with another caregiverId, eventType or occurredAt instant (problem+json, type event-id-conflict).' })
  @ApiForbiddenResponse({ description: 'No ingest or admin role, or a caregiverId outside the sender\'s scope (problem+json)' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown type, in the future, or older than the back-dating window (only an admin may backfill)' })
  register(@Body() body: unknown, @Req() request: AuthenticatedRequest, @CurrentPrincipal() principal: Principal): Promise<RegisterEventResponse> {
    const charge = chargeOf(request);
    return charge.around(async () => {
      const fields = plainlyValidRegisterEvent(body) ?? (await validatedBody(RegisterEventRequest, body));
      requireInScope(principal.caregiverIds, fields.caregiverId);
      return this.commandBus.execute(
        new RegisterEventCommand({ ...fields, eventId: fields.eventId ?? randomUUID() }, recordOrigin(request, principal), mayBackfill(principal), charge),
      );
    });
  }
}
