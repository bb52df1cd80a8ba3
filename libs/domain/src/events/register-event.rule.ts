import { EVENT_TYPE_CODE_PATTERN } from '../catalog/event-type-code';
import { DomainError } from '../errors/domain-error';
import { businessMonthOf } from '../time/business-month';
import { FieldError } from '../validation/field-error';
import { CAREGIVER_ID_PATTERN } from './caregiver-id';
import { EventRegisteredPayload } from './event-registered.record';
import { isInFuture, OCCURRED_AT_MESSAGE, parseOccurredAt } from './occurred-at.rule';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RegisterEventInput {
  eventId: string;
  caregiverId: string;
  eventType: string;
  occurredAt: string;
}

export interface RegistrationSettings {
  timeZone: string;
  currency: string;
  futureSkewMs: number;
  /** Events older than this are refused unless the sender may backfill; none: no limit. */
  backdatingWindowMs?: number;
  /** The sender may register events older than the window (admins backfilling). */
  mayBackfill?: boolean;
}

export type RegisteredEvent = EventRegisteredPayload;

/** Field-level checks; the HTTP layer runs the same ones through its DTO, this is the authority. */
export function validateRegisterEventInput(input: RegisterEventInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!UUID_PATTERN.test(input.eventId)) errors.push({ field: 'eventId', message: 'must be a UUID' });
  if (!CAREGIVER_ID_PATTERN.test(input.caregiverId)) {
    errors.push({ field: 'caregiverId', message: 'must be 1-64 characters of [A-Za-z0-9._:-]' });
  }
  if (!EVENT_TYPE_CODE_PATTERN.test(input.eventType)) {
    errors.push({ field: 'eventType', message: 'must be 1-64 characters of [a-z0-9-]' });
  }
  if (parseOccurredAt(input.occurredAt) === undefined) {
    errors.push({ field: 'occurredAt', message: OCCURRED_AT_MESSAGE });
  }
  return errors;
}

/**
 * Decides whether an event can be registered and with what amount.
 * `amountCents` is the rate the catalog gives for the type at the event's time, or undefined when
 * the catalog does not know the type.
 */
export function registerEvent(
  input: RegisterEventInput,
  amountCents: number | undefined,
  now: Date,
  settings: RegistrationSettings,
): RegisteredEvent {
  const errors = validateRegisterEventInput(input);
  if (errors.length > 0) throw new DomainError('EVENT.INVALID', 'The event is not valid.', errors);
  const occurredAt = parseOccurredAt(input.occurredAt) as Date;
  if (isInFuture(occurredAt, now, settings.futureSkewMs)) {
    throw new DomainError('EVENT.IN_FUTURE', 'The event lies in the future.', [
      { field: 'occurredAt', message: `must not be more than ${settings.futureSkewMs / 1000} s in the future` },
    ]);
  }
  const { backdatingWindowMs, mayBackfill } = settings;
  if (backdatingWindowMs !== undefined && !mayBackfill && occurredAt.getTime() < now.getTime() - backdatingWindowMs) {
    const days = Math.round(backdatingWindowMs / 86_400_000);
    throw new DomainError('EVENT.TOO_OLD', `The event is older than the back-dating window of ${days} days.`, [
      { field: 'occurredAt', message: `must not be more than ${days} days in the past` },
    ]);
  }
  if (amountCents === undefined) {
    throw new DomainError('EVENT.UNKNOWN_TYPE', `The event type '${input.eventType}' is not in the catalog.`, [
      { field: 'eventType', message: 'unknown event type' },
    ]);
  }
  return {
    eventId: input.eventId.toLowerCase(),
    caregiverId: input.caregiverId,
    eventType: input.eventType,
    occurredAt: input.occurredAt,
    amountCents,
    currency: settings.currency,
    month: businessMonthOf(occurredAt, settings.timeZone),
  };
}
