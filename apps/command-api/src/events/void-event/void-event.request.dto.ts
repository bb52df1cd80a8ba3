import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { VOID_REASON_MAX_LENGTH } from '@reimbursements/domain/events/void-event.rule';
import { FREE_TEXT_PATTERN, IsFreeText } from '@reimbursements/platform/validation/is-free-text.decorator';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';

export class VoidEventParams {
  @ApiProperty({ format: 'uuid', description: 'The event to take out of every sum' })
  @IsUUID('all', { message: 'must be a UUID' })
  eventId!: string;
}

export class VoidEventRequest {
  @ApiProperty({ example: '4', pattern: CAREGIVER_ID_PATTERN.source, description: "The event's caregiver; routes the void to its partition" })
  @IsString()
  @Matches(CAREGIVER_ID_PATTERN, { message: 'must be 1-64 characters of [A-Za-z0-9._:-]' })
  caregiverId!: string;

  @ApiProperty({ example: 'registered twice by mistake', minLength: 1, maxLength: VOID_REASON_MAX_LENGTH, pattern: FREE_TEXT_PATTERN })
  @IsString()
  @Length(1, VOID_REASON_MAX_LENGTH, { message: `must be 1-${VOID_REASON_MAX_LENGTH} characters` })
  @IsFreeText()
  reason!: string;
}
