import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { EVENT_TYPE_CODE_PATTERN } from '@reimbursements/domain/catalog/event-type-code';
import { isOccurredAt, OCCURRED_AT_MESSAGE } from '@reimbursements/domain/events/occurred-at.rule';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@reimbursements/platform/http/is-omittable';
import { IsString, IsUUID, Matches, ValidateBy } from 'class-validator';

export class RegisterEventRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Supply your own for safe retries; made by the server otherwise.' })
  @IsOmittable()
  @IsUUID()
  eventId?: string;

  @ApiProperty({ example: '4', pattern: CAREGIVER_ID_PATTERN.source })
  @IsString()
  @Matches(CAREGIVER_ID_PATTERN, { message: 'must be 1-64 characters of [A-Za-z0-9._:-]' })
  caregiverId!: string;

  @ApiProperty({ example: 'x-ray', pattern: EVENT_TYPE_CODE_PATTERN.source })
  @IsString()
  @Matches(EVENT_TYPE_CODE_PATTERN, { message: 'must be 1-64 characters of [a-z0-9-]' })
  eventType!: string;

  @ApiProperty({
    example: '2026-03-14T09:30:00+01:00',
    format: 'date-time',
    // The year has four digits and is 1970 or later; a time past now plus the skew is a 422.
    pattern: '^(19[7-9][0-9]|[2-9][0-9]{3})-',
    description: 'RFC 3339 with an offset, from 1970-01-01T00:00:00Z to now plus the allowed skew',
  })
  @IsString()
  @ValidateBy({
    name: 'isRfc3339WithOffset',
    validator: { validate: isOccurredAt, defaultMessage: () => OCCURRED_AT_MESSAGE },
  })
  occurredAt!: string;
}
