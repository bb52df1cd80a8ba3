import { FREE_TEXT_PATTERN, IsFreeText } from '@reimbursements/platform/validation/is-free-text.decorator';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

export const SKIP_REASON_MAX_LENGTH = 500;

export class SkipRecordParams {
  @ApiProperty({ example: 'read-models', pattern: '^[a-z0-9-]{1,64}$', description: 'The projection (any version of it skips the record)' })
  @IsString()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'must be a projection name such as read-models' })
  name!: string;
}

export class SkipRecordRequest {
  @ApiProperty({ example: 'reimbursements.catalog' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,249}$/, { message: 'must be a Kafka topic name' })
  topic!: string;

  @ApiProperty({ example: 0, minimum: 0 })
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(100_000)
  partition!: number;

  @ApiProperty({ example: 42, minimum: 0, description: 'The offset the partition is stuck on (GET /v1/ops/projections)' })
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset!: number;

  @ApiProperty({ example: 'event-type name with a NUL character; redefined as x-ray-2', minLength: 1, maxLength: SKIP_REASON_MAX_LENGTH, pattern: FREE_TEXT_PATTERN })
  @IsString()
  @Length(1, SKIP_REASON_MAX_LENGTH, { message: `must be 1-${SKIP_REASON_MAX_LENGTH} characters` })
  @IsFreeText()
  reason!: string;
}

export class SkipRecordResponse {
  @ApiProperty({ example: 'read-models' }) name!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() partition!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ example: 'user:admin' }) skippedBy!: string;
}
