import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SkipRecordParams } from '../skip-record/skip-record.request.dto';

const VERSION = /^v\d{1,6}$/;

export class ProjectionVersionParams extends SkipRecordParams {
  @ApiProperty({ example: 'v3', pattern: VERSION.source })
  @IsString()
  @Matches(VERSION, { message: 'must be a version such as v3' })
  version!: string;
}

export class SwitchProjectionRequest {
  @ApiProperty({ example: 'v3', pattern: VERSION.source, description: 'A version being built that has applied at least what the live one has' })
  @IsString()
  @Matches(VERSION, { message: 'must be a version such as v3' })
  version!: string;
}

export class ReplayProjectionRequest {
  @ApiPropertyOptional({ example: 'v2', pattern: VERSION.source, description: 'The live version when left out' })
  @IsOptional()
  @IsString()
  @Matches(VERSION, { message: 'must be a version such as v3' })
  version?: string;

  @ApiProperty({ description: "The position the version's read models store (their applied offsets), as GET /v1/ops/projections gives it", pattern: '^[A-Za-z0-9_-]+$' })
  @IsString()
  @MaxLength(100_000)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be a position this API gave' })
  fromPosition!: string;
}

export class ProjectionVersionResponse {
  @ApiProperty({ example: 'read-models' }) name!: string;
  @ApiProperty({ example: 'v3' }) version!: string;
}

export class SwitchProjectionResponse extends ProjectionVersionResponse {
  @ApiProperty({ example: 'v3', description: 'The version answering when the switch answered: the new one, unless the projectors had not made it live within OPS_COMMAND_WAIT_MS' })
  activeVersion!: string;
}

export class ReplayProjectionResponse extends ProjectionVersionResponse {
  @ApiProperty() fromPosition!: string;
}
