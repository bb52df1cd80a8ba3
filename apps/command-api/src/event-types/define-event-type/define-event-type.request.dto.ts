import { EVENT_TYPE_CODE_PATTERN } from '@reimbursements/domain/catalog/event-type-code';
import { FREE_TEXT_PATTERN, IsFreeText } from '@reimbursements/platform/validation/is-free-text.decorator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@reimbursements/platform/http/is-omittable';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

export class DefineEventTypeRequest {
  @ApiProperty({ example: 'x-ray', pattern: EVENT_TYPE_CODE_PATTERN.source })
  @IsString()
  @Matches(EVENT_TYPE_CODE_PATTERN, { message: 'must be 1-64 characters of [a-z0-9-]' })
  code!: string;

  @ApiProperty({ example: 'X-ray examination', minLength: 1, maxLength: 200, pattern: FREE_TEXT_PATTERN })
  @IsString()
  @Length(1, 200)
  @IsFreeText()
  name!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 1_000_000_000, example: 50000, description: 'Integer minor units (öre for SEK)' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountCents!: number;

  @ApiPropertyOptional({ example: 'SEK', pattern: '^[A-Z]{3}$', description: 'If given, must be the configured currency' })
  @IsOmittable()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as SEK' })
  currency?: string;
}
