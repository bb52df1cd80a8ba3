import { randomUUID } from 'node:crypto';
import { call, post } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { report } from '../support/report';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

interface EventAnswer {
  eventId: string;
  status: string;
  reimbursementId?: string;
  voidReason?: string;
  voidRefusal?: { reason: string; at: string };
  recordedBy: string;
  month: string;
  amountCents: number;
}

/**
 * The seed's accounting scenarios through the whole system: reimburse, reimburse twice, void, and
 * the report split into pending and reimbursed, with the drill-down and the recorded outcomes.
 * Every read passes the position of the write before it, so no test waits by polling.
 */
describe('ledger: voids, reimbursements and their recorded outcomes', () => {
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
    for (const type of [
      { code: 'x-ray', name: 'X-ray', amountCents: 50000 },
      { code: 'ct', name: 'CT scan', amountCents: 200000 },
    ]) {
      expect((await post(`${commandApi.url}/v1/event-types`, type)).status).toBe(202);
    }
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi, projector].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  async function register(caregiverId: string, eventType: string, occurredAt: string): Promise<{ eventId: string; position: string }> {
    const answer = await post<{ eventId: string; position: string }>(`${commandApi.url}/v1/events`, { caregiverId, eventType, occurredAt });
    expect(answer.status).toBe(202);
    return answer.body;
  }

  async function command(path: string, body: unknown): Promise<string> {
    const answer = await post<{ position: string }>(`${commandApi.url}${path}`, body);
    expect(answer.status).toBe(202);
    return answer.body.position;
  }

  const event = async (eventId: string, minPosition: string) =>
    (await call<EventAnswer>(`${queryApi.url}/v1/events/${eventId}?minPosition=${encodeURIComponent(minPosition)}`)).body;

  async function reimbursement(id: string, minPosition: string) {
    const answer = await call<Record<string, unknown>>(`${queryApi.url}/v1/reimbursements/${id}?minPosition=${encodeURIComponent(minPosition)}`);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  it('reimburses listed events, moves them from pending to reimbursed, and records the outcome', async () => {
    const a = await register('acc-1', 'x-ray', '2026-01-10T09:00:00+01:00');
    const b = await register('acc-1', 'ct', '2026-01-31T23:30:00Z'); // February in Stockholm
    const c = await register('acc-1', 'x-ray', '2026-02-14T12:00:00+01:00');
    const reimbursementId = randomUUID();
    const position = await command('/v1/reimbursements', { reimbursementId, caregiverId: 'acc-1', eventIds: [a.eventId, b.eventId], reference: 'payout-2026-03' });

    expect(await reimbursement(reimbursementId, position)).toMatchObject({
      reimbursementId,
      caregiverId: 'acc-1',
      status: 'completed',
      eventIds: [a.eventId, b.eventId],
      amountCents: 250000,
      currency: 'SEK',
      reference: 'payout-2026-03',
      rejections: [],
      requestedBy: expect.any(String),
      requestedAt: expect.any(String),
      decidedAt: expect.any(String),
    });
    expect(await event(a.eventId, position)).toMatchObject({ status: 'reimbursed', reimbursementId, month: '2026-01', amountCents: 50000 });
    expect(await event(c.eventId, position)).toMatchObject({ status: 'pending' });

    const rows = (await report(queryApi.url, { from: '2026-01', to: '2026-02', caregiverIds: 'acc-1', minPosition: position })).rows;
    expect(rows.map((r) => [r.month, r.eventCount, r.totalCents, r.pendingCents, r.reimbursedCents])).toEqual([
      ['2026-01', 1, 50000, 0, 50000],
      ['2026-02', 2, 250000, 50000, 200000],
    ]);
  });

  it('reimbursing twice: the same reimbursementId has no second effect, a new one is rejected per event', async () => {
    const a = await register('acc-2', 'x-ray', '2026-03-02T09:00:00+01:00');
    const reimbursementId = randomUUID();
    await command('/v1/reimbursements', { reimbursementId, caregiverId: 'acc-2', eventIds: [a.eventId] });
    const retried = await command('/v1/reimbursements', { reimbursementId, caregiverId: 'acc-2', eventIds: [a.eventId] });
    const secondId = randomUUID();
    const second = await command('/v1/reimbursements', { reimbursementId: secondId, caregiverId: 'acc-2', eventIds: [a.eventId] });

    expect(await reimbursement(reimbursementId, retried)).toMatchObject({ status: 'completed', amountCents: 50000 });
    expect(await reimbursement(secondId, second)).toMatchObject({
      status: 'rejected',
      reason: 'events-rejected',
      amountCents: 0,
      rejections: [{ eventId: a.eventId, reason: 'already-reimbursed' }],
    });
    const [row] = (await report(queryApi.url, { from: '2026-03', to: '2026-03', caregiverIds: 'acc-2', minPosition: second })).rows;
    expect(row).toMatchObject({ eventCount: 1, totalCents: 50000, pendingCents: 0, reimbursedCents: 50000 });
  });

  it('voids a pending event out of every sum, and refuses to void it again or once reimbursed', async () => {
    const a = await register('acc-3', 'ct', '2026-04-02T09:00:00+02:00');
    const b = await register('acc-3', 'x-ray', '2026-04-03T09:00:00+02:00');
    await command(`/v1/events/${a.eventId}/void`, { caregiverId: 'acc-3', reason: 'registered for the wrong patient' });
    const again = await command(`/v1/events/${a.eventId}/void`, { caregiverId: 'acc-3', reason: 'twice' });
    expect(await event(a.eventId, again)).toMatchObject({
      status: 'voided',
      voidReason: 'registered for the wrong patient',
      voidRefusal: { reason: 'already-voided', at: expect.any(String) },
    });

    await command('/v1/reimbursements', { caregiverId: 'acc-3', month: '2026-04' });
    const late = await command(`/v1/events/${b.eventId}/void`, { caregiverId: 'acc-3', reason: 'too late' });
    expect(await event(b.eventId, late)).toMatchObject({ status: 'reimbursed', voidRefusal: { reason: 'already-reimbursed' } });

    const [row] = (await report(queryApi.url, { from: '2026-04', to: '2026-04', caregiverIds: 'acc-3', minPosition: late })).rows;
    expect(row).toMatchObject({ eventCount: 1, totalCents: 50000, pendingCents: 0, reimbursedCents: 50000, byType: [{ eventType: 'x-ray', count: 1, totalCents: 50000 }] });
  });

  it('ignores a void naming another caregiver: it changes nothing and shows nothing on the event', async () => {
    const a = await register('acc-4', 'x-ray', '2026-05-02T09:00:00+02:00');
    // The void goes to the other caregiver's partition: let the event be folded first.
    expect(await event(a.eventId, a.position)).toMatchObject({ status: 'pending' });
    const wrong = await command(`/v1/events/${a.eventId}/void`, { caregiverId: 'acc-5', reason: 'mistake' });
    const shown = await event(a.eventId, wrong);
    expect(shown).toMatchObject({ status: 'pending' });
    expect(shown).not.toHaveProperty('voidRefusal');
    const [row] = (await report(queryApi.url, { from: '2026-05', to: '2026-05', caregiverIds: 'acc-4', minPosition: wrong })).rows;
    expect(row).toMatchObject({ eventCount: 1, pendingCents: 50000 });
  });

  it('reimburses a caregiver-month: everything pending there and nothing else; an empty month is rejected', async () => {
    const inMonth = [await register('acc-6', 'x-ray', '2026-06-01T00:30:00+02:00'), await register('acc-6', 'ct', '2026-06-30T23:30:00+02:00')];
    const outside = await register('acc-6', 'ct', '2026-05-31T23:30:00+02:00');
    const voided = await register('acc-6', 'ct', '2026-06-15T10:00:00+02:00');
    await command(`/v1/events/${voided.eventId}/void`, { caregiverId: 'acc-6', reason: 'duplicate' });
    const id = randomUUID();
    const position = await command('/v1/reimbursements', { reimbursementId: id, caregiverId: 'acc-6', month: '2026-06' });
    const outcome = await reimbursement(id, position);
    expect(outcome).toMatchObject({ status: 'completed', month: '2026-06', amountCents: 250000 });
    expect([...(outcome.eventIds as string[])].sort()).toEqual(inMonth.map((e) => e.eventId).sort());
    expect(await event(outside.eventId, position)).toMatchObject({ status: 'pending' });

    const emptyId = randomUUID();
    const empty = await command('/v1/reimbursements', { reimbursementId: emptyId, caregiverId: 'acc-6', month: '2026-06' });
    expect(await reimbursement(emptyId, empty)).toMatchObject({ status: 'rejected', reason: 'nothing-pending', eventIds: [], amountCents: 0 });

    const listed = await call<{ reimbursements: { reimbursementId: string }[]; nextCursor: null }>(
      `${queryApi.url}/v1/reimbursements?caregiverId=acc-6&month=2026-06&minPosition=${encodeURIComponent(empty)}`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.reimbursements.map((r) => r.reimbursementId).sort()).toEqual([id, emptyId].sort());
  });

  it('rejects a reimbursement all or nothing, naming unknown, voided and other caregivers\' events', async () => {
    const mine = await register('acc-7', 'x-ray', '2026-07-01T10:00:00+02:00');
    const voided = await register('acc-7', 'x-ray', '2026-07-02T10:00:00+02:00');
    await command(`/v1/events/${voided.eventId}/void`, { caregiverId: 'acc-7', reason: 'test' });
    const unknown = randomUUID();
    const id = randomUUID();
    const position = await command('/v1/reimbursements', { reimbursementId: id, caregiverId: 'acc-7', eventIds: [mine.eventId, voided.eventId, unknown] });
    expect(await reimbursement(id, position)).toMatchObject({
      status: 'rejected',
      rejections: [
        { eventId: voided.eventId, reason: 'voided' },
        { eventId: unknown, reason: 'unknown' },
      ],
    });
    expect(await event(mine.eventId, position)).toMatchObject({ status: 'pending' });
  });

  it('drills down from a report row to its events, by status, page by page', async () => {
    const ids: string[] = [];
    for (let day = 1; day <= 7; day++) ids.push((await register('acc-8', 'x-ray', `2026-08-0${day}T10:00:00+02:00`)).eventId);
    await command(`/v1/events/${ids[2]}/void`, { caregiverId: 'acc-8', reason: 'duplicate' });
    const position = await command('/v1/reimbursements', { caregiverId: 'acc-8', eventIds: [ids[0], ids[1]] });
    const base = `${queryApi.url}/v1/events?caregiverId=acc-8&month=2026-08&minPosition=${encodeURIComponent(position)}`;

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { events: EventAnswer[]; nextCursor: string | null } } = await call(`${base}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.events.map((e) => e.eventId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids); // oldest first
    const firstPage = await call<{ nextCursor: string }>(`${base}&limit=3`);
    const otherStatus = await call(`${base}&status=pending&cursor=${firstPage.body.nextCursor}`);
    expect(expectProblem(otherStatus, 400, 'invalid-input')).toEqual(['cursor']);

    const byStatus = async (status: string) =>
      (await call<{ events: EventAnswer[] }>(`${base}&status=${status}`)).body.events.map((e) => e.eventId);
    expect(await byStatus('reimbursed')).toEqual([ids[0], ids[1]]);
    expect(await byStatus('voided')).toEqual([ids[2]]);
    expect(await byStatus('pending')).toEqual(ids.slice(3));
  });

  it('answers unknown ids with 404 and malformed queries with 400 naming the field', async () => {
    expectProblem(await call(`${queryApi.url}/v1/events/${randomUUID()}`), 404, 'not-found');
    expectProblem(await call(`${queryApi.url}/v1/reimbursements/${randomUUID()}`), 404, 'not-found');
    expect(expectProblem(await call(`${queryApi.url}/v1/events/not-a-uuid`), 400, 'invalid-input')).toEqual(['eventId']);
    expect(expectProblem(await call(`${queryApi.url}/v1/events?month=2026-01`), 400, 'invalid-input')).toEqual(['caregiverId']);
    expect(expectProblem(await call(`${queryApi.url}/v1/events?caregiverId=a&month=2026-13&status=paid`), 400, 'invalid-input')).toEqual(['month', 'status']);
    expect(expectProblem(await call(`${queryApi.url}/v1/events?caregiverId=a&month=2026-01&cursor=zzz`), 400, 'invalid-input')).toEqual(['cursor']);
    // A negative limit is told its range, a month out of 01-12 what a month is (not that one is required).
    const negative = await call(`${queryApi.url}/v1/events?caregiverId=a&month=2026-13&limit=-1`);
    expectProblem(negative, 400, 'invalid-input');
    expect(negative.body.errors).toEqual([
      { field: 'month', message: 'must be a month as YYYY-MM (01 to 12)' },
      { field: 'limit', message: 'must be 1-1000' },
    ]);
    expect(expectProblem(await call(`${queryApi.url}/v1/reimbursements?month=2026-01`), 400, 'invalid-input')).toEqual(['caregiverId']);
  });

  it('takes caregiverIds as lists in repeated parameters, and refuses an empty list, a null or an item that is no id, naming it', async () => {
    const report = (query: string) => call<{ rows: { caregiverId: string }[] }>(`${queryApi.url}/v1/reports/monthly?from=2026-01&to=2026-12&${query}`);
    const repeated = await report('caregiverIds=nobody,acc-2&caregiverIds=acc-1');
    expect(repeated.status).toBe(200);
    expect(new Set(repeated.body.rows.map((row) => row.caregiverId))).toEqual(new Set(['acc-1', 'acc-2']));
    // An empty list would otherwise be read as no list: every caregiver, the heaviest report there is.
    expect(expectProblem(await report('caregiverIds='), 400, 'invalid-input')).toEqual(['caregiverIds']);
    const body = (json: Record<string, unknown>) => call(`${queryApi.url}/v1/reports/monthly/query`, { method: 'POST', json: { from: '2026-01', to: '2026-12', ...json } });
    expect(expectProblem(await body({ caregiverIds: [] }), 400, 'invalid-input')).toEqual(['caregiverIds']);
    expect(expectProblem(await body({ caregiverIds: ['acc-1', 4] }), 400, 'invalid-input')).toEqual(['caregiverIds[1]']);
    for (const field of ['caregiverIds', 'limit', 'format', 'cursor', 'from', 'minPosition']) {
      expect(expectProblem(await body({ [field]: null }), 400, 'invalid-input')).toEqual([field]);
    }
  });

  it('gives the report as CSV, every row, pending and reimbursed apart', async () => {
    const position = (await register('acc-9', 'ct', '2026-09-01T10:00:00+02:00')).position;
    const expected = [
      'caregiverId,month,eventCount,totalCents,pendingCents,reimbursedCents,currency',
      'acc-1,2026-01,1,50000,0,50000,SEK',
      'acc-1,2026-02,2,250000,50000,200000,SEK',
      'acc-9,2026-09,1,200000,200000,0,SEK',
      '',
    ].join('\n');
    const query = `from=2026-01&to=2026-12&caregiverIds=acc-1,acc-9&limit=1&minPosition=${encodeURIComponent(position)}`;
    const byFormat = await call(`${queryApi.url}/v1/reports/monthly?${query}&format=csv`);
    expect(byFormat.status).toBe(200);
    expect(byFormat.contentType).toMatch(/^text\/csv/);
    expect(byFormat.body).toBe(expected);
    const byAccept = await call(`${queryApi.url}/v1/reports/monthly?${query}`, { headers: { Accept: 'text/csv' } });
    expect(byAccept.body).toBe(expected);
    // One URL, two formats: a cache must keep them apart, and nothing shared may keep either.
    for (const answer of [byFormat, byAccept]) {
      expect(answer.headers.get('vary')).toMatch(/\bAccept\b/);
      expect(answer.headers.get('cache-control')).toBe('private, no-cache');
    }
    // The Accept header's preferences count: CSV only when it is preferred to JSON.
    for (const [accept, type] of [
      ['application/json, text/csv;q=0.1', /^application\/json/],
      ['text/csv;q=0, application/json', /^application\/json/],
      ['text/html, */*;q=0.1', /^application\/json/],
      ['application/json;q=0.5, text/csv', /^text\/csv/],
    ] as const) {
      const negotiated = await call(`${queryApi.url}/v1/reports/monthly?${query}`, { headers: { Accept: accept } });
      expect([accept, negotiated.status, negotiated.contentType]).toEqual([accept, 200, expect.stringMatching(type)]);
      expect(negotiated.headers.get('vary')).toMatch(/\bAccept\b/);
    }
    const posted = await call(`${queryApi.url}/v1/reports/monthly/query`, {
      method: 'POST',
      json: { from: '2026-01', to: '2026-12', caregiverIds: ['acc-1', 'acc-9'] },
      headers: { Accept: 'text/csv' },
    });
    expect(posted.body).toBe(expected);
    // For a Swedish spreadsheet: BOM, semicolons, CRLF, kronor with a decimal comma; GET and POST alike.
    // (fetch's text() drops a leading BOM: the bytes are checked apart.)
    const excel = [
      'caregiverId;month;eventCount;total SEK;pending SEK;reimbursed SEK',
      '="acc-1";="2026-01";1;500,00;0,00;500,00',
      '="acc-1";="2026-02";2;2500,00;500,00;2000,00',
      '="acc-9";="2026-09";1;2000,00;2000,00;0,00',
      '',
    ].join('\r\n');
    const excelByFormat = await call(`${queryApi.url}/v1/reports/monthly?${query}&format=csv-excel`);
    expect(excelByFormat.contentType).toMatch(/^text\/csv; charset=utf-8/);
    expect(excelByFormat.headers.get('content-disposition')).toBe('attachment; filename="monthly-report-excel.csv"');
    expect(excelByFormat.body).toBe(excel);
    const bytes = await fetch(`${queryApi.url}/v1/reports/monthly?${query}&format=csv-excel`, { headers: { Authorization: `Bearer ${sandbox.adminToken}` } });
    expect([...new Uint8Array(await bytes.arrayBuffer()).subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x63]);
    const excelPosted = await call(`${queryApi.url}/v1/reports/monthly/query`, {
      method: 'POST',
      json: { from: '2026-01', to: '2026-12', caregiverIds: ['acc-1', 'acc-9'], format: 'csv-excel' },
    });
    expect(excelPosted.body).toBe(excel);
    expect(expectProblem(await call(`${queryApi.url}/v1/reports/monthly/query`, { json: { from: '2026-01', to: '2026-01', format: 'xls' } }), 400, 'invalid-input')).toEqual(['format']);
    expect(expectProblem(await call(`${queryApi.url}/v1/reports/monthly?to=2026-01&format=csv`), 400, 'invalid-input')).toEqual(['from']);
    expect(expectProblem(await call(`${queryApi.url}/v1/reports/monthly?from=2026-01&to=2026-01&format=xml`), 400, 'invalid-input')).toEqual(['format']);
  });
});
