import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { MAX_EVENTS_PER_REIMBURSEMENT, REFERENCE_MAX_LENGTH } from '@reimbursements/domain/reimbursements/request-reimbursement.rule';
import { EVENT_MONTH_MESSAGE, EVENT_MONTH_PATTERN } from '@reimbursements/domain/time/business-month';
import { FREE_TEXT_PATTERN, IsFreeText } from '@reimbursements/platform/validation/is-free-text.decorator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@reimbursements/platform/http/is-omittable';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length, Matches } from 'class-validator';

/**
 * Exactly one of `eventIds` and `month`; that rule, the UUIDs and duplicates in `eventIds` are
 * checked by the domain rule, which names each offending item (`eventIds[3]`).
 */
export class RequestReimbursementRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Supply your own for safe retries; made by the server otherwise.' })
  @IsOmittable()
  @IsUUID('all', { message: 'must be a UUID' })
  reimbursementId?: string;

  @ApiProperty({ example: '4', pattern: CAREGIVER_ID_PATTERN.source })
  @IsString()
  @Matches(CAREGIVER_ID_PATTERN, { message: 'must be 1-64 characters of [A-Za-z0-9._:-]' })
  caregiverId!: string;

  @ApiPropertyOptional({
    type: 'string',
    isArray: true,
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_EVENTS_PER_REIMBURSEMENT,
    uniqueItems: true,
    description: 'The events to pay, all of this caregiver and pending; not together with month.',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1, { message: `must hold 1-${MAX_EVENTS_PER_REIMBURSEMENT} event ids` })
  @ArrayMaxSize(MAX_EVENTS_PER_REIMBURSEMENT, { message: `must hold 1-${MAX_EVENTS_PER_REIMBURSEMENT} event ids` })
  @IsString({ each: true })
  eventIds?: string[];

  @ApiPropertyOptional({ example: '2026-03', pattern: EVENT_MONTH_PATTERN.source, description: 'Pay everything pending for the caregiver in this month (from 1970-01, as events); not together with eventIds.' })
  @IsOmittable()
  @IsString()
  @Matches(EVENT_MONTH_PATTERN, { message: EVENT_MONTH_MESSAGE })
  month?: string;

  @ApiPropertyOptional({ example: 'payout-2026-04-01', minLength: 1, maxLength: REFERENCE_MAX_LENGTH, pattern: FREE_TEXT_PATTERN, description: "The payment's own reference, e.g. a pay-out batch id" })
  @IsOmittable()
  @IsString()
  @Length(1, REFERENCE_MAX_LENGTH, { message: `must be 1-${REFERENCE_MAX_LENGTH} characters` })
  @IsFreeText()
  reference?: string;
}
