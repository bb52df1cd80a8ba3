import { RecordEnvelope } from '../records/record-envelope';

export const EVENT_TYPE_RATE_SCHEDULED = 'EventTypeRateScheduled';

export interface EventTypeRateScheduledPayload {
  code: string;
  amountCents: number;
  /** `YYYY-MM-DD`: from the start of that day in the business time zone. */
  effectiveFrom: string;
}

export type EventTypeRateScheduled = RecordEnvelope<typeof EVENT_TYPE_RATE_SCHEDULED, EventTypeRateScheduledPayload>;

export const EVENT_TYPE_RATE_SCHEDULED_SCHEMA_VERSION = 1;
