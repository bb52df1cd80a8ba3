import { EventRegisteredPayload } from './event-registered.record';

type Amounted = Pick<EventRegisteredPayload, 'amountCents'>;

/** What an eventId's claim keeps for its retries (RecentEventIds): the amount the event was registered with. */
export function amountToRemember(event: Amounted): string {
  return String(event.amountCents);
}

/**
 * A retry of a registration, as the first was registered: the fold keeps the first record of an
 * eventId, so a retry answers (and writes) the amount that record counts, not the rate in force now
 * (a rate scheduled since, back-dated to before the event, gives another). Nothing remembered, or
 * nothing readable: the event as decided now.
 */
export function asFirstRegistered<T extends Amounted>(event: T, remembered: string | undefined): T {
  const amountCents = remembered === undefined || remembered === '' ? NaN : Number(remembered);
  return Number.isSafeInteger(amountCents) && amountCents >= 0 ? { ...event, amountCents } : event;
}
