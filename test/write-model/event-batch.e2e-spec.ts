import { call, post } from '../support/api-client';
import { report } from '../support/report';
import { createSandbox, endOffsets, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

interface BatchAnswer {
  accepted: number;
  rejected: number;
  position?: string;
  results: { index: number; eventId?: string; status: string; problem?: { status: number; type: string; errors?: { field: string }[] } }[];
}

describe('POST /v1/events/batch judges each item on its own and sends the accepted ones together', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let projector: RunningApp;
  const batchUrl = () => `${commandApi.url}/v1/events/batch`;

  beforeAll(async () => {
    sandbox = await createSandbox();
    [commandApi, queryApi, projector] = await Promise.all([
      startApp('command-api', sandbox.env),
      startApp('query-api', sandbox.env),
      startApp('projector', sandbox.env),
    ]);
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'x-ray', name: 'X-ray', amountCents: 50000 })).status).toBe(202);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi, projector].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  it('answers per item, writes only the accepted ones, and its position reads them back', async () => {
    const ok = (caregiverId: string) => ({ caregiverId, eventType: 'x-ray', occurredAt: '2026-05-02T10:00:00+02:00' });
    const eventId = '8f2e5c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b';
    const answer = await post<BatchAnswer>(batchUrl(), {
      events: [
        { ...ok('batch-1'), eventId },
        { ...ok('batch-1'), occurredAt: '2026-05-02T10:00:00' },
        { ...ok('batch-2'), eventType: 'mri' },
        'not an event',
        { ...ok('batch-2'), occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
        { ...ok('batch-2'), amountCents: 1 },
        ok('batch-2'),
      ],
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 2, rejected: 5 });
    const byIndex = answer.body.results.map((r) => [r.index, r.status, r.problem?.status, r.problem?.errors?.map((e) => e.field)]);
    expect(byIndex).toEqual([
      [0, 'accepted', undefined, undefined],
      [1, 'rejected', 400, ['events[1].occurredAt']],
      [2, 'rejected', 422, ['events[2].eventType']],
      [3, 'rejected', 400, ['events[3]']],
      [4, 'rejected', 422, ['events[4].occurredAt']],
      [5, 'rejected', 400, ['events[5].amountCents']],
      [6, 'accepted', undefined, undefined],
    ]);
    expect(answer.body.results[0].eventId).toBe(eventId);
    expect(answer.body.results[6].eventId).toMatch(/^[0-9a-f-]{36}$/);
    // A rejected item names only the eventId it was given: none here, whether refused by its shape or by the domain.
    expect(answer.body.results.filter((r) => r.status === 'rejected').map((r) => r.eventId)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(await endOffsets(sandbox.logTopic)).toBe(2);

    const read = await report(queryApi.url, { from: '2026-05', to: '2026-05', minPosition: answer.body.position as string });
    expect(read.rows.map((r) => [r.caregiverId, r.eventCount, r.totalCents])).toEqual([
      ['batch-1', 1, 50000],
      ['batch-2', 1, 50000],
    ]);
  });

  it('answers 202 with every item rejected when none is acceptable, and writes nothing', async () => {
    const before = await endOffsets(sandbox.logTopic);
    const answer = await post<BatchAnswer>(batchUrl(), { events: [{ caregiverId: 'x', eventType: 'mri', occurredAt: '2026-05-02T10:00:00Z' }] });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(answer.body.position).toBeUndefined();
    expect(await endOffsets(sandbox.logTopic)).toBe(before);
  });

  it.each([
    ['no events array', { items: [] }],
    ['events that are not an array', { events: { caregiverId: 'x' } }],
    ['an empty batch', { events: [] }],
    ['more than 1000 items', { events: Array.from({ length: 1001 }, () => ({ caregiverId: 'x', eventType: 'x-ray', occurredAt: '2026-05-02T10:00:00Z' })) }],
  ])('refuses %s as a whole with 400', async (_name, body) => {
    const answer = await call(batchUrl(), { method: 'POST', json: body });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
  });

  it('accepts a full batch of 1000 in one answer', async () => {
    const before = await endOffsets(sandbox.logTopic);
    const events = Array.from({ length: 1000 }, (_, i) => ({ caregiverId: `bulk-${i % 50}`, eventType: 'x-ray', occurredAt: '2026-05-03T10:00:00Z' }));
    const answer = await post<BatchAnswer>(batchUrl(), { events });
    expect(answer.status).toBe(202);
    expect(answer.body.accepted).toBe(1000);
    expect(await endOffsets(sandbox.logTopic)).toBe(before + 1000);
  });
});
