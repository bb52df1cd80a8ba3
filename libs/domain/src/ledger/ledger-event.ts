import { EventRegisteredPayload } from '../events/event-registered.record';

export type EventStatus = 'pending' | 'reimbursed' | 'voided';

/** An event as the ledger read model holds it: what was registered, and where it stands now. */
export interface LedgerEvent extends EventRegisteredPayload {
  recordedAt: string;
  recordedBy: string;
  correlationId: string;
  status: EventStatus;
  reimbursementId?: string;
  voidReason?: string;
}

/** What the decisions read of an event: the projector keeps this much in memory per event. */
export type EventState = Pick<LedgerEvent, 'eventId' | 'caregiverId' | 'eventType' | 'occurredAt' | 'month' | 'amountCents' | 'status'>;

/** What a decision needs to remember about an event to apply its effect without reading state. */
export interface EventRef {
  eventId: string;
  month: string;
  eventType: string;
  amountCents: number;
}

export function refOf(event: EventRef): EventRef {
  return { eventId: event.eventId, month: event.month, eventType: event.eventType, amountCents: event.amountCents };
}
