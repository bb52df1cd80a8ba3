import { emptyMonthSums, MonthSums } from './monthly-totals';

/** What one record adds to (or takes from) one month of a caregiver's totals. */
export type TotalsDelta = MonthSums;

/** A record's delta to one month, tagged with the record's offset. */
export interface Contribution {
  offset: number;
  month: string;
  delta: TotalsDelta;
}

/**
 * All contributions to one caregiver's totals document, in log order. One document per caregiver
 * holds every month of it: a flush then writes each caregiver it touched once, however many months
 * and records it covers (on FerretDB each document written costs milliseconds, docs/benchmarks.md).
 */
export interface CaregiverTotalsContributions {
  caregiverId: string;
  contributions: Contribution[];
}

/** The sums to add to a caregiver's document, per month, and the offsets of the first and last record they include. */
export interface CaregiverTotalsChange {
  caregiverId: string;
  firstOffset: number;
  lastOffset: number;
  months: Record<string, TotalsDelta>;
}

export const emptyDelta = emptyMonthSums;

/**
 * Sums the contributions after `appliedOffset` (those a document does not hold yet). A document
 * receives its contributions in log order, so its `lastOffset` says exactly which it holds.
 */
export function changeAfter(group: CaregiverTotalsContributions, appliedOffset: number): CaregiverTotalsChange | undefined {
  // Summed in place into sums made here: a flush sums tens of thousands of contributions, and a
  // fresh copy of the month's sums per contribution (addChange) was a tenth of the fold's CPU.
  const months: Record<string, TotalsDelta> = {};
  let firstOffset: number | undefined;
  let lastOffset = appliedOffset;
  for (const { offset, month, delta } of group.contributions) {
    if (offset <= appliedOffset) continue;
    firstOffset ??= offset;
    lastOffset = offset;
    addInto((months[month] ??= emptyMonthSums()), delta);
  }
  if (firstOffset === undefined) return undefined;
  return { caregiverId: group.caregiverId, firstOffset, lastOffset, months };
}

/** Adds `change` to `sums`, which the caller owns: nothing of `change` is shared with it. */
function addInto(sums: MonthSums, change: MonthSums): void {
  sums.eventCount += change.eventCount;
  sums.totalCents += change.totalCents;
  sums.pendingCents += change.pendingCents;
  sums.reimbursedCents += change.reimbursedCents;
  for (const eventType in change.byType) {
    const t = change.byType[eventType];
    const current = (sums.byType[eventType] ??= { count: 0, totalCents: 0 });
    current.count += t.count;
    current.totalCents += t.totalCents;
  }
}

/** The contributions of `later` appended to those of `earlier`, per caregiver, in log order. */
export function appendContributions(
  earlier: Map<string, CaregiverTotalsContributions>,
  later: CaregiverTotalsContributions[],
): Map<string, CaregiverTotalsContributions> {
  for (const group of later) {
    const held = earlier.get(group.caregiverId);
    if (held) held.contributions.push(...group.contributions);
    else earlier.set(group.caregiverId, { caregiverId: group.caregiverId, contributions: [...group.contributions] });
  }
  return earlier;
}

export function addChange<T extends MonthSums>(totals: T, change: MonthSums): T {
  const byType = { ...totals.byType };
  for (const [eventType, t] of Object.entries(change.byType)) {
    const current = byType[eventType] ?? { count: 0, totalCents: 0 };
    byType[eventType] = { count: current.count + t.count, totalCents: current.totalCents + t.totalCents };
  }
  return {
    ...totals,
    eventCount: totals.eventCount + change.eventCount,
    totalCents: totals.totalCents + change.totalCents,
    pendingCents: totals.pendingCents + change.pendingCents,
    reimbursedCents: totals.reimbursedCents + change.reimbursedCents,
    byType,
  };
}
