import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { requestIdOf } from '@reimbursements/platform/http/request-id.middleware';
import { Body, Controller, Delete, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { SkipRecordParams } from '../skip-record/skip-record.request.dto';
import { ProjectionVersionCommands } from './projection-version-commands.handler';
import {
  ProjectionVersionParams,
  ProjectionVersionResponse,
  ReplayProjectionRequest,
  ReplayProjectionResponse,
  SwitchProjectionRequest,
  SwitchProjectionResponse,
} from './projection-versions.dto';

@ApiTags('ops')
@Controller('v1/ops/projections')
export class ProjectionVersionsHttpController {
  constructor(private readonly commands: ProjectionVersionCommands) {}

  @Post(':name/rebuild')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Fold a new version from the start of the log beside the live one, which keeps serving' })
  @ApiAcceptedResponse({ type: ProjectionVersionResponse, description: 'The rebuild is in the control topic; GET /v1/ops/projections shows its progress' })
  @ApiConflictResponse({ description: 'A rebuild is already running' })
  @ApiNotFoundResponse({ description: 'No projection of that name' })
  rebuild(@Param() { name }: SkipRecordParams, @Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<ProjectionVersionResponse> {
    return this.commands.rebuild(name, principal, requestIdOf(request));
  }

  @Post(':name/switch')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Make a caught-up version live; the live one is retired' })
  @ApiAcceptedResponse({ type: SwitchProjectionResponse, description: 'The switch is in the control topic; activeVersion says whether it is live already' })
  @ApiConflictResponse({ description: 'The version lags the live one, or is not being built' })
  @ApiNotFoundResponse({ description: 'No projection or version of that name' })
  switch(@Param() { name }: SkipRecordParams, @Body() body: SwitchProjectionRequest, @Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<SwitchProjectionResponse> {
    return this.commands.switch(name, body.version, principal, requestIdOf(request));
  }

  @Delete(':name/versions/:version')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Drop a retired (or abandoned building) version: its projectors stop and its read models are removed' })
  @ApiAcceptedResponse({ type: ProjectionVersionResponse })
  @ApiConflictResponse({ description: 'The version is live, or dropped already (projection-conflict); or it is retired and the live version has applied less than it (version-lags)' })
  @ApiNotFoundResponse({ description: 'No projection or version of that name' })
  drop(@Param() { name, version }: ProjectionVersionParams, @Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<ProjectionVersionResponse> {
    return this.commands.drop(name, version, principal, requestIdOf(request));
  }

  @Post(':name/replay')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: "Fold a version onward from the offsets its read models store (after restoring a backup, say), exactly once" })
  @ApiAcceptedResponse({ type: ReplayProjectionResponse })
  @ApiConflictResponse({ description: "fromPosition is not where the version's read models are (both named), or the version does not fold" })
  @ApiNotFoundResponse({ description: 'No projection or version of that name' })
  replay(@Param() { name }: SkipRecordParams, @Body() body: ReplayProjectionRequest, @Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<ReplayProjectionResponse> {
    return this.commands.replay(name, body, principal, requestIdOf(request));
  }
}
