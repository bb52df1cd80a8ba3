import { newRecord, RecordOrigin } from '../records/new-record';
import { RecordEnvelope } from '../records/record-envelope';

export const EVENT_REGISTERED = 'EventRegistered';

/** Version 1: what the walking skeleton wrote. Readers upcast it (event-registered.upcast.ts). */
export interface EventRegisteredPayloadV1 {
  eventId: string;
  caregiverId: string;
  eventType: string;
  /** RFC 3339 with the offset the sender gave. */
  occurredAt: string;
  /** The rate of `eventType` effective at `occurredAt`, resolved at registration. */
  amountCents: number;
  currency: string;
}

/**
 * Version 2 adds the business month, resolved at registration like the amount, so that a later
 * change of the configured business time zone never moves an event already registered.
 */
export interface EventRegisteredPayload extends EventRegisteredPayloadV1 {
  month: string;
}

export type EventRegisteredV1 = RecordEnvelope<typeof EVENT_REGISTERED, EventRegisteredPayloadV1>;
export type EventRegistered = RecordEnvelope<typeof EVENT_REGISTERED, EventRegisteredPayload>;

export const EVENT_REGISTERED_SCHEMA_VERSION = 2;

/** The record a registration appends: the current version, with its own id and time. */
export function eventRegisteredRecord(payload: EventRegisteredPayload, origin: RecordOrigin, recordId: string, recordedAt: Date): EventRegistered {
  return newRecord(EVENT_REGISTERED, EVENT_REGISTERED_SCHEMA_VERSION, payload, origin, recordId, recordedAt);
}
