import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionStatusDto } from './projection-status.response.dto';
import { ProjectionStatusQuery } from './projection-status.query';

@ApiTags('ops')
@Controller('v1/ops/projections')
export class ProjectionStatusHttpController {
  constructor(private readonly query: ProjectionStatusQuery) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Each projection version: state, per-partition offsets, lag in records and time, stuck records, fold rate, ETA and skipped records' })
  @ApiOkResponse({ type: [ProjectionStatusDto] })
  projections(): Promise<ProjectionStatusDto[]> {
    return this.query.projections();
  }
}
