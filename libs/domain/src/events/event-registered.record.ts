import { RecordEnvelope } from '../records/record-envelope';

export const EVENT_REGISTERED = 'EventRegistered';

export interface EventRegisteredPayload {
  eventId: string;
  caregiverId: string;
  eventType: string;
  /** RFC 3339 with the offset the sender gave. */
  occurredAt: string;
  /** The rate of `eventType` effective at `occurredAt`, resolved at registration. */
  amountCents: number;
  currency: string;
}

export type EventRegistered = RecordEnvelope<typeof EVENT_REGISTERED, EventRegisteredPayload>;

export const EVENT_REGISTERED_SCHEMA_VERSION = 1;
