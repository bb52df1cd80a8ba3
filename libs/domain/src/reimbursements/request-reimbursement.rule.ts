import { DomainError } from '../errors/domain-error';
import { CAREGIVER_ID_PATTERN } from '../events/caregiver-id';
import { UUID_PATTERN } from '../events/register-event.rule';
import { EVENT_MONTH_MESSAGE, EVENT_MONTH_PATTERN } from '../time/business-month';
import { FieldError } from '../validation/field-error';
import { freeTextErrors } from '../validation/free-text';
import { ReimbursementRequestedPayload } from './reimbursement-requested.record';

export const MAX_EVENTS_PER_REIMBURSEMENT = 1000;
export const REFERENCE_MAX_LENGTH = 200;

/** Field-level checks of a reimbursement request; its outcome is decided by the fold. */
export function requestReimbursement(input: ReimbursementRequestedPayload): ReimbursementRequestedPayload {
  const errors: FieldError[] = [];
  if (!UUID_PATTERN.test(input.reimbursementId)) errors.push({ field: 'reimbursementId', message: 'must be a UUID' });
  if (!CAREGIVER_ID_PATTERN.test(input.caregiverId)) {
    errors.push({ field: 'caregiverId', message: 'must be 1-64 characters of [A-Za-z0-9._:-]' });
  }
  const byEvents = input.eventIds !== undefined;
  const byMonth = input.month !== undefined;
  if (byEvents === byMonth) {
    errors.push({ field: byEvents ? 'month' : 'eventIds', message: 'give exactly one of eventIds and month' });
  }
  if (input.eventIds !== undefined) {
    if (input.eventIds.length < 1 || input.eventIds.length > MAX_EVENTS_PER_REIMBURSEMENT) {
      errors.push({ field: 'eventIds', message: `must hold 1-${MAX_EVENTS_PER_REIMBURSEMENT} event ids` });
    }
    const seen = new Set<string>();
    input.eventIds.forEach((id, index) => {
      if (!UUID_PATTERN.test(id)) errors.push({ field: `eventIds[${index}]`, message: 'must be a UUID' });
      else if (seen.has(id.toLowerCase())) errors.push({ field: `eventIds[${index}]`, message: 'is listed twice' });
      seen.add(id.toLowerCase());
    });
  }
  // No event lies before 1970: a month before it has nothing to reimburse.
  if (input.month !== undefined && !EVENT_MONTH_PATTERN.test(input.month)) errors.push({ field: 'month', message: EVENT_MONTH_MESSAGE });
  if (input.reference !== undefined && (input.reference.length === 0 || input.reference.length > REFERENCE_MAX_LENGTH)) {
    errors.push({ field: 'reference', message: `must be 1-${REFERENCE_MAX_LENGTH} characters` });
  }
  errors.push(...freeTextErrors('reference', input.reference));
  if (errors.length > 0) throw new DomainError('REIMBURSEMENT.INVALID', 'The reimbursement request is not valid.', errors);
  return {
    reimbursementId: input.reimbursementId.toLowerCase(),
    caregiverId: input.caregiverId,
    ...(input.eventIds !== undefined ? { eventIds: input.eventIds.map((id) => id.toLowerCase()) } : {}),
    ...(input.month !== undefined ? { month: input.month } : {}),
    ...(input.reference !== undefined ? { reference: input.reference } : {}),
  };
}
