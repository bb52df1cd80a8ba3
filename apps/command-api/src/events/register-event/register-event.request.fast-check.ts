import { isCaregiverId } from '@reimbursements/domain/events/caregiver-id';
import { isEventTypeCode } from '@reimbursements/domain/catalog/event-type-code';
import { isRfc3339Instant } from '@reimbursements/domain/time/rfc3339-instant';
import { isUUID } from 'class-validator';
import { RegisterEventRequest } from './register-event.request.dto';

const FIELDS = new Set<string>(['eventId', 'caregiverId', 'eventType', 'occurredAt']);

/**
 * The fields of a registration that RegisterEventRequest's checks would pass, read without
 * building a class instance (what class-transformer and class-validator cost per event is a
 * visible share of ingestion's CPU); undefined when anything is off. It only ever says yes where
 * the DTO does (a unit test holds them together); anything else goes through the DTO, which gives
 * the answer, so every refusal names the same fields with the same messages as before.
 */
export function plainlyValidRegisterEvent(value: unknown): RegisterEventRequest | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const key of Object.keys(value)) if (!FIELDS.has(key)) return undefined;
  const { eventId, caregiverId, eventType, occurredAt } = value as Record<string, unknown>;
  // The DTO's @IsOptional lets null through as well; the server then makes the id.
  if (eventId !== undefined && eventId !== null && !isUUID(eventId)) return undefined;
  if (!isCaregiverId(caregiverId) || !isEventTypeCode(eventType) || !isRfc3339Instant(occurredAt)) return undefined;
  return { ...(typeof eventId === 'string' ? { eventId } : {}), caregiverId, eventType, occurredAt };
}
