import { businessDateOf } from '../time/business-date';
import { parseRfc3339Instant } from '../time/rfc3339-instant';
import { EventTypeDefined } from './event-type-defined.record';
import { EventTypeRateScheduled } from './event-type-rate-scheduled.record';

export interface Rate {
  amountCents: number;
  /** `YYYY-MM-DD` in the business time zone; null for the type's first amount (every earlier date). */
  effectiveFrom: string | null;
}

export interface EventType {
  code: string;
  name: string;
  currency: string;
  /** Ordered by effectiveFrom, the first one null. */
  rates: Rate[];
}

export type CatalogRecordOf = EventTypeDefined | EventTypeRateScheduled;

/**
 * The catalog folded from the catalog topic, in log order: the first definition of a code wins,
 * and a rate for a date already scheduled replaces it, so every reader that folds the same records
 * agrees whatever races happened between writers.
 */
export class EventTypeCatalog {
  private readonly types = new Map<string, EventType>();
  private readonly definedBy = new Map<string, string>();

  apply(record: CatalogRecordOf): void {
    if (record.type === 'EventTypeDefined') this.define(record);
    else this.scheduleRate(record);
  }

  /** The id of the record whose definition of `code` won. */
  definingRecordId(code: string): string | undefined {
    return this.definedBy.get(code);
  }

  find(code: string): EventType | undefined {
    return this.types.get(code);
  }

  /** The rate of `code` effective at `instant` (days counted in `timeZone`), undefined for an unknown code. */
  amountAt(code: string, instant: Date, timeZone: string): number | undefined {
    const type = this.types.get(code);
    if (!type) return undefined;
    return rateOn(type.rates, businessDateOf(instant, timeZone)).amountCents;
  }

  /** As amountAt, for an `occurredAt` as sent; undefined when it is not an RFC 3339 instant either. */
  amountFor(code: string, occurredAt: string, timeZone: string): number | undefined {
    const instant = parseRfc3339Instant(occurredAt);
    return instant && this.amountAt(code, instant, timeZone);
  }

  list(): EventType[] {
    return [...this.types.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  private define({ recordId, payload: { code, name, amountCents, currency } }: EventTypeDefined): void {
    if (this.types.has(code)) return;
    this.types.set(code, { code, name, currency, rates: [{ amountCents, effectiveFrom: null }] });
    this.definedBy.set(code, recordId);
  }

  private scheduleRate({ payload: { code, amountCents, effectiveFrom } }: EventTypeRateScheduled): void {
    const type = this.types.get(code);
    if (!type) return;
    type.rates = mergeRate(type.rates, { amountCents, effectiveFrom });
  }
}

/** The rates with `rate` added, replacing one of the same date, ordered by date. */
export function mergeRate(rates: Rate[], rate: Rate): Rate[] {
  return [...rates.filter((r) => r.effectiveFrom !== rate.effectiveFrom), rate].sort((a, b) =>
    a.effectiveFrom === null ? -1 : b.effectiveFrom === null ? 1 : a.effectiveFrom < b.effectiveFrom ? -1 : 1,
  );
}

function rateOn(rates: Rate[], date: string): Rate {
  let effective = rates[0];
  for (const rate of rates) if (rate.effectiveFrom === null || rate.effectiveFrom <= date) effective = rate;
  return effective;
}
