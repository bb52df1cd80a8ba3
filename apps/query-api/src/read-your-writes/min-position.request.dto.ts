import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@reimbursements/platform/http/is-omittable';
import { IsString } from 'class-validator';

export class MinPositionRequest {
  @ApiPropertyOptional({ minLength: 1, description: 'A position from a command answer: reflect at least that write (waits up to 5 s, then 503; a position past the end of the log is a 400)' })
  @IsOmittable()
  @IsString()
  minPosition?: string;
}
