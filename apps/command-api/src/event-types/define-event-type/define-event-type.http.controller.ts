import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiConflictResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Request } from 'express';
import { recordOrigin } from '../../record-origin';
import { DefineEventTypeCommand } from './define-event-type.command';
import { DefineEventTypeRequest } from './define-event-type.request.dto';
import { DefineEventTypeResponse } from './define-event-type.response.dto';

@ApiTags('event-types')
@Controller('v1/event-types')
export class DefineEventTypeHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('admin')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DefineEventTypeResponse, description: 'The type is in the catalog log.' })
  @ApiConflictResponse({ description: 'A type with this code exists (event-type-exists)' })
  @ApiUnprocessableEntityResponse({ description: 'A currency other than the configured one (currency-not-supported)' })
  define(@Body() body: DefineEventTypeRequest, @Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<DefineEventTypeResponse> {
    return this.commandBus.execute(new DefineEventTypeCommand(body, recordOrigin(request, principal)));
  }
}
