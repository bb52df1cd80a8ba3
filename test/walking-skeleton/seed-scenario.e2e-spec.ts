import { call, post } from '../support/api-client';
import { Report, report, waitForEventCount } from '../support/report';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

/**
 * The seed assignment's scenario: types "x-ray" (500.00 SEK) and "ct" (2000.00 SEK), events for
 * caregivers 4, 5 and 6, and a report summed per caregiver and month, filtered by caregivers and period.
 */
describe('seed scenario: from HTTP through Kafka and the projector to the monthly report', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let projector: RunningApp;

  beforeAll(async () => {
    sandbox = await createSandbox();
    [commandApi, queryApi, projector] = await Promise.all([
      startApp('command-api', sandbox.env),
      startApp('query-api', sandbox.env),
      startApp('projector', sandbox.env),
    ]);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi, projector].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  const events = [
    // Stockholm is UTC+1 in winter: 23:30Z on Jan 31 is already February there.
    { caregiverId: '4', eventType: 'x-ray', occurredAt: '2026-01-10T09:00:00+01:00', month: '2026-01' },
    { caregiverId: '4', eventType: 'ct', occurredAt: '2026-01-31T23:30:00Z', month: '2026-02' },
    { caregiverId: '4', eventType: 'x-ray', occurredAt: '2026-02-14T12:00:00+01:00', month: '2026-02' },
    { caregiverId: '5', eventType: 'ct', occurredAt: '2026-01-05T08:00:00+01:00', month: '2026-01' },
    { caregiverId: '5', eventType: 'ct', occurredAt: '2026-01-20T08:00:00+01:00', month: '2026-01' },
    { caregiverId: '6', eventType: 'x-ray', occurredAt: '2026-03-01T10:00:00+01:00', month: '2026-03' },
    { caregiverId: '6', eventType: 'ct', occurredAt: '2025-12-31T23:30:00Z', month: '2026-01' },
  ];

  it('registers the types and events, and answers each with its amount, month and position', async () => {
    for (const type of [
      { code: 'x-ray', name: 'X-ray', amountCents: 50000 },
      { code: 'ct', name: 'CT scan', amountCents: 200000, currency: 'SEK' },
    ]) {
      const answer = await post(`${commandApi.url}/v1/event-types`, type);
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ code: type.code, amountCents: type.amountCents, currency: 'SEK' });
    }
    for (const { month, ...event } of events) {
      const answer = await post(`${commandApi.url}/v1/events`, event);
      expect(answer.status).toBe(202);
      expect(answer.headers.get('x-request-id')).toBeTruthy();
      expect(answer.body).toMatchObject({
        ...event,
        month,
        amountCents: event.eventType === 'ct' ? 200000 : 50000,
        currency: 'SEK',
      });
      expect(answer.body.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof answer.body.position).toBe('string');
    }
  });

  it('sums per caregiver and month in the business time zone', async () => {
    const all = await waitForEventCount(queryApi.url, { from: '2025-01', to: '2026-12' }, events.length);
    expect(all).toMatchObject({ currency: 'SEK', timeZone: 'Europe/Stockholm', nextCursor: null });
    expect(all.rows.map((r) => [r.caregiverId, r.month, r.eventCount, r.totalCents, r.pendingCents, r.reimbursedCents])).toEqual([
      ['4', '2026-01', 1, 50000, 50000, 0],
      ['4', '2026-02', 2, 250000, 250000, 0],
      ['5', '2026-01', 2, 400000, 400000, 0],
      ['6', '2026-01', 1, 200000, 200000, 0],
      ['6', '2026-03', 1, 50000, 50000, 0],
    ]);
    expect(all.rows[1].byType).toEqual([
      { eventType: 'ct', count: 1, totalCents: 200000 },
      { eventType: 'x-ray', count: 1, totalCents: 50000 },
    ]);
    expect(all.totals).toEqual({ eventCount: 7, totalCents: 950000, pendingCents: 950000, reimbursedCents: 0 });
    expect(all.totalsByMonth).toEqual([
      { month: '2026-01', eventCount: 4, totalCents: 650000, pendingCents: 650000, reimbursedCents: 0 },
      { month: '2026-02', eventCount: 2, totalCents: 250000, pendingCents: 250000, reimbursedCents: 0 },
      { month: '2026-03', eventCount: 1, totalCents: 50000, pendingCents: 50000, reimbursedCents: 0 },
    ]);
  });

  it('filters by caregivers and by period', async () => {
    const some = await report(queryApi.url, { from: '2026-01', to: '2026-02', caregiverIds: '4,6' });
    expect(some.rows.map((r) => `${r.caregiverId}/${r.month}`)).toEqual(['4/2026-01', '4/2026-02', '6/2026-01']);
    expect(some.totals).toEqual({ eventCount: 4, totalCents: 500000, pendingCents: 500000, reimbursedCents: 0 });

    const march = await report(queryApi.url, { from: '2026-03', to: '2026-03' });
    expect(march.rows.map((r) => `${r.caregiverId}/${r.month}`)).toEqual(['6/2026-03']);

    const none = await report(queryApi.url, { from: '2024-01', to: '2024-12', caregiverIds: '4' });
    expect(none.rows).toEqual([]);
    expect(none.totals.eventCount).toBe(0);
  });

  it('answers the same report for the filters sent as a JSON body, for long caregiver lists', async () => {
    const caregiverIds = ['4', '6', ...Array.from({ length: 3000 }, (_, i) => `absent-${i}`)];
    const answer = await post<Report>(`${queryApi.url}/v1/reports/monthly/query`, { from: '2026-01', to: '2026-02', caregiverIds });
    expect(answer.status).toBe(200);
    expect(answer.body.rows.map((r) => `${r.caregiverId}/${r.month}`)).toEqual(['4/2026-01', '4/2026-02', '6/2026-01']);
    expect(answer.body.totals).toEqual({ eventCount: 4, totalCents: 500000, pendingCents: 500000, reimbursedCents: 0 });
    const refused = await post(`${queryApi.url}/v1/reports/monthly/query`, { from: '2026-01', to: '2026-02', caregiverIds: 'not-a-list' });
    expect(refused.status).toBe(400);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
  });

  it('pages with a cursor while totals cover the whole result', async () => {
    const first = await report(queryApi.url, { from: '2025-01', to: '2026-12', limit: '2' });
    expect(first.rows).toHaveLength(2);
    expect(first.totals.eventCount).toBe(7);
    expect(first.totalsByMonth.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await report(queryApi.url, { from: '2025-01', to: '2026-12', limit: '2', cursor: first.nextCursor as string });
    expect(second.rows.map((r) => `${r.caregiverId}/${r.month}`)).toEqual(['5/2026-01', '6/2026-01']);
    const third = await report(queryApi.url, { from: '2025-01', to: '2026-12', limit: '2', cursor: second.nextCursor as string });
    expect(third.rows.map((r) => `${r.caregiverId}/${r.month}`)).toEqual(['6/2026-03']);
    expect(third.nextCursor).toBeNull();
    // The cursor is of that report: with another period it would page a different list from a key of this one.
    const elsewhere = await call<{ errors: unknown[] }>(`${queryApi.url}/v1/reports/monthly?from=2025-02&to=2026-12&limit=2&cursor=${first.nextCursor as string}`);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors).toEqual([{ field: 'cursor', message: expect.stringContaining('another list') }]);
  });

  it('reads its own write at once when given the position of the write', async () => {
    const written = await post(`${commandApi.url}/v1/events`, { caregiverId: '7', eventType: 'ct', occurredAt: '2026-04-01T12:00:00+02:00' });
    expect(written.status).toBe(202);
    const own = await report(queryApi.url, { from: '2026-04', to: '2026-04', caregiverIds: '7', minPosition: written.body.position as string });
    expect(own.rows).toEqual([expect.objectContaining({ caregiverId: '7', month: '2026-04', eventCount: 1, totalCents: 200000 })]);
  });

  it('lists the catalog on the query side', async () => {
    const answer = (await call(`${queryApi.url}/v1/event-types`)).body;
    expect(answer).toEqual([
      { code: 'ct', name: 'CT scan', currency: 'SEK', rates: [{ amountCents: 200000, effectiveFrom: null }] },
      { code: 'x-ray', name: 'X-ray', currency: 'SEK', rates: [{ amountCents: 50000, effectiveFrom: null }] },
    ]);
  });
});
