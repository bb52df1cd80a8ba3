import { EventTypeDefined } from './event-type-defined.record';

export interface EventType {
  code: string;
  name: string;
  currency: string;
  rates: { amountCents: number; effectiveFrom: string | null }[];
}

/**
 * The catalog folded from the catalog topic, in log order: the first definition of a code wins,
 * so every reader that folds the same records agrees whatever races happened between writers.
 */
export class EventTypeCatalog {
  private readonly types = new Map<string, EventType>();
  private readonly definedBy = new Map<string, string>();

  apply(record: EventTypeDefined): void {
    const { code, name, amountCents, currency } = record.payload;
    if (this.types.has(code)) return;
    this.types.set(code, { code, name, currency, rates: [{ amountCents, effectiveFrom: null }] });
    this.definedBy.set(code, record.recordId);
  }

  /** The id of the record whose definition of `code` won. */
  definingRecordId(code: string): string | undefined {
    return this.definedBy.get(code);
  }

  find(code: string): EventType | undefined {
    return this.types.get(code);
  }

  /** The amount of an event of `code`; dated rates arrive with the write model. */
  amountAt(code: string): number | undefined {
    const type = this.types.get(code);
    return type?.rates[type.rates.length - 1].amountCents;
  }

  list(): EventType[] {
    return [...this.types.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
}
