import { RecordEnvelope } from '../records/record-envelope';

export const EVENT_TYPE_DEFINED = 'EventTypeDefined';

export interface EventTypeDefinedPayload {
  code: string;
  name: string;
  /** Applies to every date until a later rate takes effect. */
  amountCents: number;
  currency: string;
}

export type EventTypeDefined = RecordEnvelope<typeof EVENT_TYPE_DEFINED, EventTypeDefinedPayload>;

export const EVENT_TYPE_DEFINED_SCHEMA_VERSION = 1;
