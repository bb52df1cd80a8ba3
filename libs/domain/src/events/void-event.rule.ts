import { DomainError } from '../errors/domain-error';
import { FieldError } from '../validation/field-error';
import { freeTextErrors } from '../validation/free-text';
import { CAREGIVER_ID_PATTERN } from './caregiver-id';
import { EventVoidedPayload } from './event-voided.record';
import { UUID_PATTERN } from './register-event.rule';

export const VOID_REASON_MAX_LENGTH = 500;

/** Field-level checks of a void; whether it takes effect is decided by the fold, in log order. */
export function voidEvent(input: EventVoidedPayload): EventVoidedPayload {
  const errors: FieldError[] = [];
  if (!UUID_PATTERN.test(input.eventId)) errors.push({ field: 'eventId', message: 'must be a UUID' });
  if (!CAREGIVER_ID_PATTERN.test(input.caregiverId)) {
    errors.push({ field: 'caregiverId', message: 'must be 1-64 characters of [A-Za-z0-9._:-]' });
  }
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > VOID_REASON_MAX_LENGTH) {
    errors.push({ field: 'reason', message: `must be 1-${VOID_REASON_MAX_LENGTH} characters` });
  }
  errors.push(...freeTextErrors('reason', input.reason));
  if (errors.length > 0) throw new DomainError('EVENT.INVALID', 'The void is not valid.', errors);
  return { eventId: input.eventId.toLowerCase(), caregiverId: input.caregiverId, reason };
}
