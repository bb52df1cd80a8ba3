import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { MinPositionRequest } from '../read-your-writes/min-position.request.dto';

/** `limit` and `cursor` of a paginated list (their ranges are checked by the domain's query rules). */
export class PageRequest extends MinPositionRequest {
  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  limit?: number;

  @ApiPropertyOptional({ minLength: 1, description: 'The nextCursor of the previous page, sent with the same parameters (limit may change); with others it is a 400 naming cursor' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
