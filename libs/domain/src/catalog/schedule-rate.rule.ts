import { DomainError } from '../errors/domain-error';
import { isCalendarDate } from '../time/business-date';
import { EventTypeCatalog } from './event-type-catalog';
import { EventTypeRateScheduledPayload } from './event-type-rate-scheduled.record';

export function scheduleRate(input: EventTypeRateScheduledPayload, catalog: EventTypeCatalog): EventTypeRateScheduledPayload {
  if (!isCalendarDate(input.effectiveFrom)) {
    throw new DomainError('EVENT.INVALID', 'The rate is not valid.', [
      { field: 'effectiveFrom', message: 'must be a calendar date as YYYY-MM-DD' },
    ]);
  }
  if (!catalog.find(input.code)) {
    throw new DomainError('EVENT_TYPE.NOT_FOUND', `There is no event type '${input.code}'.`);
  }
  return { code: input.code, amountCents: input.amountCents, effectiveFrom: input.effectiveFrom };
}
