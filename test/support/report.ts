import { call } from './api-client';
import { waitFor } from './stack';

export interface ReportRow {
  caregiverId: string;
  month: string;
  eventCount: number;
  totalCents: number;
  pendingCents: number;
  reimbursedCents: number;
  byType: { eventType: string; count: number; totalCents: number }[];
}

export interface Report {
  rows: ReportRow[];
  totals: { eventCount: number; totalCents: number; pendingCents: number; reimbursedCents: number };
  totalsByMonth: { month: string; eventCount: number; totalCents: number; pendingCents: number; reimbursedCents: number }[];
  nextCursor: string | null;
  position: string;
  currency: string;
  timeZone: string;
}

export async function report(queryApi: string, params: Record<string, string>): Promise<Report> {
  const answer = await call<Report>(`${queryApi}/v1/reports/monthly?${new URLSearchParams(params)}`);
  if (answer.status !== 200) throw new Error(`report answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Every row of a report, following cursors. */
export async function allRows(queryApi: string, params: Record<string, string>): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  let cursor: string | null = null;
  do {
    const page: Report = await report(queryApi, { ...params, limit: '1000', ...(cursor ? { cursor } : {}) });
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/** Waits until the report's total event count reaches `eventCount` (the projector caught up). */
export async function waitForEventCount(
  queryApi: string,
  params: Record<string, string>,
  eventCount: number,
  timeoutMs = 120_000,
): Promise<Report> {
  let last: Report | undefined;
  await waitFor(
    `report to count ${eventCount} events`,
    async () => {
      last = await report(queryApi, params);
      // Rows and totals are two reads; wait until both include everything.
      const rowCount = last.rows.reduce((sum, row) => sum + row.eventCount, 0);
      return last.totals.eventCount >= eventCount && (last.nextCursor !== null || rowCount >= eventCount);
    },
    timeoutMs,
  );
  return last as Report;
}
