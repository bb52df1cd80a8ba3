import { post } from './api-client';

export const TYPES = { 'x-ray': 50000, ct: 200000 } as const;

export interface ExpectedRow {
  eventCount: number;
  totalCents: number;
  byType: Record<string, { count: number; totalCents: number }>;
}

/** The Stockholm month of an instant, computed independently of the code under test. */
export function stockholmMonth(instant: Date): string {
  const [year, month] = instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).split('-');
  return `${year}-${month}`;
}

/**
 * Posts `count` random events for the given caregivers over the last two years through the
 * command API, 32 at a time, and returns the sums a correct projection must show, per
 * `caregiverId/month`, computed here from what was accepted.
 */
export async function postRandomLoad(commandApi: string, caregivers: string[], count: number): Promise<Map<string, ExpectedRow>> {
  const expected = new Map<string, ExpectedRow>();
  const now = Date.now();
  const twoYears = 2 * 365 * 24 * 3600 * 1000;
  const bodies = Array.from({ length: count }, () => ({
    caregiverId: caregivers[Math.floor(Math.random() * caregivers.length)],
    eventType: Math.random() < 0.7 ? 'x-ray' : 'ct',
    occurredAt: new Date(now - Math.floor(Math.random() * twoYears)).toISOString(),
  }));
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const answer = await post(`${commandApi}/v1/events`, body);
      if (answer.status !== 202) throw new Error(`event refused with ${answer.status}: ${JSON.stringify(answer.body)}`);
      const key = `${body.caregiverId}/${stockholmMonth(new Date(body.occurredAt))}`;
      const amount = TYPES[body.eventType as keyof typeof TYPES];
      const row = expected.get(key) ?? { eventCount: 0, totalCents: 0, byType: {} };
      row.eventCount += 1;
      row.totalCents += amount;
      const byType = (row.byType[body.eventType] ??= { count: 0, totalCents: 0 });
      byType.count += 1;
      byType.totalCents += amount;
      expected.set(key, row);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return expected;
}

export async function defineTypes(commandApi: string): Promise<void> {
  for (const [code, amountCents] of Object.entries(TYPES)) {
    const answer = await post(`${commandApi}/v1/event-types`, { code, name: code, amountCents });
    if (answer.status !== 202) throw new Error(`type ${code} refused with ${answer.status}`);
  }
}

/** Adds the sums of a later load to those of an earlier one. */
export function addExpected(into: Map<string, ExpectedRow>, more: Map<string, ExpectedRow>): void {
  for (const [key, row] of more) {
    const sum = into.get(key) ?? { eventCount: 0, totalCents: 0, byType: {} };
    sum.eventCount += row.eventCount;
    sum.totalCents += row.totalCents;
    for (const [type, t] of Object.entries(row.byType)) {
      const byType = (sum.byType[type] ??= { count: 0, totalCents: 0 });
      byType.count += t.count;
      byType.totalCents += t.totalCents;
    }
    into.set(key, sum);
  }
}

/** Report rows in the shape of ExpectedRow, keyed like postRandomLoad's answer. */
export function asExpected(
  rows: { caregiverId: string; month: string; eventCount: number; totalCents: number; byType: { eventType: string; count: number; totalCents: number }[] }[],
): Record<string, ExpectedRow> {
  return Object.fromEntries(
    rows.map((r) => [
      `${r.caregiverId}/${r.month}`,
      {
        eventCount: r.eventCount,
        totalCents: r.totalCents,
        byType: Object.fromEntries(r.byType.map((t) => [t.eventType, { count: t.count, totalCents: t.totalCents }])),
      },
    ]),
  );
}
