import { addMonths } from '../time/business-month';

/**
 * A report's months in two parts cached apart. `open`: the last months up to the current one, which
 * events and reimbursements still change every day; `closed`: every month before them, which
 * rarely change. Each part's cache entry is keyed by the last writes to its own months only
 * (applied-state.ts), so ingest into the open months leaves the closed part's entry valid, and a
 * late write to a closed month still invalidates it: which months are open is a choice of what
 * to cache together, never an assumption about which months can change.
 */
export interface ReportPart {
  name: 'closed' | 'open';
  from: string;
  to: string;
}

/** The first open month: `openMonths` months ending with the current one. */
export function firstOpenMonth(currentMonth: string, openMonths: number): string {
  return addMonths(currentMonth, 1 - openMonths);
}

/** The parts of the months from `from` to `to`, in month order; one or two, never empty. */
export function reportParts(from: string, to: string, openFrom: string): ReportPart[] {
  if (to < openFrom) return [{ name: 'closed', from, to }];
  if (from >= openFrom) return [{ name: 'open', from, to }];
  return [
    { name: 'closed', from, to: addMonths(openFrom, -1) },
    { name: 'open', from: openFrom, to },
  ];
}
