import { EVENT_REGISTERED } from '../events/event-registered.record';
import { LogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { parseRfc3339Instant } from '../time/rfc3339-instant';
import { businessMonthOf } from '../time/business-month';
import { emptyMonthlyTotals, MonthlyTotals, monthlyTotalsId } from './monthly-totals';

/** What one record adds to one monthly-totals document, tagged with the record's offset. */
export interface Contribution {
  offset: number;
  eventType: string;
  amountCents: number;
}

/** All contributions of a batch to one document, in log order. */
export interface MonthlyTotalsContributions {
  id: string;
  caregiverId: string;
  month: string;
  contributions: Contribution[];
}

/** The sums to add to a document, and the offset of the last record they include. */
export interface MonthlyTotalsChange extends MonthlyTotals {
  id: string;
  firstOffset: number;
  lastOffset: number;
}

/**
 * Groups the records of one partition's batch by the document they change. A document receives
 * its records in log order, so its `lastOffset` says exactly which of them it already holds.
 */
export function groupContributions(
  records: PositionedRecord<LogRecord>[],
  timeZone: string,
): MonthlyTotalsContributions[] {
  const groups = new Map<string, MonthlyTotalsContributions>();
  for (const { offset, record } of records) {
    if (record.type !== EVENT_REGISTERED) continue;
    const { caregiverId, eventType, amountCents, occurredAt } = record.payload;
    const instant = parseRfc3339Instant(occurredAt);
    if (!instant) continue;
    const month = businessMonthOf(instant, timeZone);
    const id = monthlyTotalsId(caregiverId, month);
    let group = groups.get(id);
    if (!group) {
      group = { id, caregiverId, month, contributions: [] };
      groups.set(id, group);
    }
    group.contributions.push({ offset, eventType, amountCents });
  }
  return [...groups.values()];
}

/** Sums the contributions after `appliedOffset` (those a document does not hold yet). */
export function changeAfter(
  group: MonthlyTotalsContributions,
  appliedOffset: number,
): MonthlyTotalsChange | undefined {
  const pending = group.contributions.filter((c) => c.offset > appliedOffset);
  if (pending.length === 0) return undefined;
  const change: MonthlyTotalsChange = {
    ...emptyMonthlyTotals(group.caregiverId, group.month),
    id: group.id,
    firstOffset: pending[0].offset,
    lastOffset: pending[pending.length - 1].offset,
  };
  for (const { eventType, amountCents } of pending) {
    change.eventCount += 1;
    change.totalCents += amountCents;
    change.pendingCents += amountCents;
    const byType = (change.byType[eventType] ??= { count: 0, totalCents: 0 });
    byType.count += 1;
    byType.totalCents += amountCents;
  }
  return change;
}

/** The whole fold in memory: what the read model must equal after the given records. */
export function foldMonthlyTotals(
  state: ReadonlyMap<string, MonthlyTotals>,
  records: PositionedRecord<LogRecord>[],
  timeZone: string,
): Map<string, MonthlyTotals> {
  const next = new Map(state);
  for (const group of groupContributions(records, timeZone)) {
    const change = changeAfter(group, -1);
    if (!change) continue;
    next.set(group.id, addChange(next.get(group.id) ?? emptyMonthlyTotals(group.caregiverId, group.month), change));
  }
  return next;
}

export function addChange(totals: MonthlyTotals, change: MonthlyTotals): MonthlyTotals {
  const byType = { ...totals.byType };
  for (const [eventType, t] of Object.entries(change.byType)) {
    const current = byType[eventType] ?? { count: 0, totalCents: 0 };
    byType[eventType] = { count: current.count + t.count, totalCents: current.totalCents + t.totalCents };
  }
  return {
    caregiverId: totals.caregiverId,
    month: totals.month,
    eventCount: totals.eventCount + change.eventCount,
    totalCents: totals.totalCents + change.totalCents,
    pendingCents: totals.pendingCents + change.pendingCents,
    reimbursedCents: totals.reimbursedCents + change.reimbursedCents,
    byType,
  };
}
