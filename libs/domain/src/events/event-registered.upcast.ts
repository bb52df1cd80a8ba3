import { parseRfc3339Instant } from '../time/rfc3339-instant';
import { businessMonthOf } from '../time/business-month';
import { EventRegistered, EventRegisteredV1, EVENT_REGISTERED_SCHEMA_VERSION } from './event-registered.record';

/**
 * Brings any readable version of EventRegistered to the current one. Version 1 has no month: it is
 * the month of `occurredAt` in the business time zone, which is what the version-1 fold used.
 * Undefined when a version-1 record's `occurredAt` does not parse (nothing to fold it into).
 */
export function upcastEventRegistered(record: EventRegisteredV1 | EventRegistered, timeZone: string): EventRegistered | undefined {
  if (record.schemaVersion >= 2) return record as EventRegistered;
  const instant = parseRfc3339Instant(record.payload.occurredAt);
  if (!instant) return undefined;
  return {
    ...record,
    schemaVersion: EVENT_REGISTERED_SCHEMA_VERSION,
    payload: { ...record.payload, month: businessMonthOf(instant, timeZone) },
  };
}
