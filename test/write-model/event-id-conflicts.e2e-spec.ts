import { randomUUID } from 'node:crypto';
import { call, post } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { createSandbox, endOffsets, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

interface BatchAnswer {
  accepted: number;
  rejected: number;
  results: { index: number; eventId?: string; status: string; problem?: { status: number; type: string; errors?: { field: string }[] } }[];
}

/** A port nothing listens on: the command-api must serve without its memory of recent eventIds. */
const UNREACHABLE_REDIS = 'redis://127.0.0.1:1';

describe('a reused eventId (or reimbursementId): a retry with the same content is accepted, other content is a 409 on every instance', () => {
  let sandbox: Sandbox;
  let first: RunningApp;
  let second: RunningApp;
  let withoutRedis: RunningApp;

  beforeAll(async () => {
    sandbox = await createSandbox();
    [first, second, withoutRedis] = await Promise.all([
      startApp('command-api', sandbox.env),
      startApp('command-api', sandbox.env),
      startApp('command-api', { ...sandbox.env, REDIS_URL: UNREACHABLE_REDIS }, { logName: 'command-api-without-redis' }),
    ]);
    expect((await post(`${first.url}/v1/event-types`, { code: 'x-ray', name: 'X-ray', amountCents: 50000 })).status).toBe(202);
    expect((await post(`${first.url}/v1/event-types`, { code: 'mri', name: 'MRI', amountCents: 90000 })).status).toBe(202);
  });

  afterAll(async () => {
    await Promise.all([first, second, withoutRedis].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  const event = (change: Record<string, unknown> = {}) => ({
    eventId: randomUUID(),
    caregiverId: 'conflict-1',
    eventType: 'x-ray',
    occurredAt: '2026-11-02T10:00:00+01:00',
    ...change,
  });

  it('accepts a retry with the same content twice, and writes it twice (the fold counts it once)', async () => {
    const sent = event();
    const before = await endOffsets(sandbox.logTopic);
    const answers = [await post(`${first.url}/v1/events`, sent), await post(`${first.url}/v1/events`, sent)];
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers[1].body).toMatchObject({ eventId: sent.eventId, amountCents: 50000 });
    expect(await endOffsets(sandbox.logTopic)).toBe(before + 2);
  });

  it('treats the same instant written with another offset as the same content', async () => {
    const sent = event();
    expect((await post(`${first.url}/v1/events`, sent)).status).toBe(202);
    expect((await post(`${first.url}/v1/events`, { ...sent, occurredAt: '2026-11-02T09:00:00Z' })).status).toBe(202);
  });

  it.each([
    ['another caregiver', { caregiverId: 'conflict-2' }],
    ['another type', { eventType: 'mri' }],
    ['another instant', { occurredAt: '2026-11-02T10:00:01+01:00' }],
  ])('refuses the eventId with %s: 409 problem+json naming eventId, and writes nothing', async (_what, change) => {
    const sent = event();
    expect((await post(`${first.url}/v1/events`, sent)).status).toBe(202);
    const before = await endOffsets(sandbox.logTopic);
    const answer = await post(`${first.url}/v1/events`, { ...sent, ...change });
    expect(expectProblem(answer, 409, 'event-id-conflict')).toEqual(['eventId']);
    expect(await endOffsets(sandbox.logTopic)).toBe(before);
  });

  it('remembers an eventId across instances sharing Redis', async () => {
    const sent = event();
    expect((await post(`${first.url}/v1/events`, sent)).status).toBe(202);
    expect((await post(`${second.url}/v1/events`, sent)).status).toBe(202);
    const conflicting = await post(`${second.url}/v1/events`, { ...sent, eventId: sent.eventId.toUpperCase(), caregiverId: 'conflict-2' });
    expect(expectProblem(conflicting, 409, 'event-id-conflict')).toEqual(['eventId']);
  });

  it('rejects, within a batch, the second of two items sharing an eventId with different content', async () => {
    const shared = event();
    const before = await endOffsets(sandbox.logTopic);
    const answer = await post<BatchAnswer>(`${second.url}/v1/events/batch`, {
      events: [shared, { ...shared, eventType: 'mri' }, shared, event()],
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 3, rejected: 1 });
    const conflict = answer.body.results[1];
    expect(conflict).toMatchObject({ index: 1, eventId: shared.eventId, status: 'rejected', problem: { status: 409 } });
    expect(conflict.problem?.type).toMatch(/\/event-id-conflict$/);
    expect(conflict.problem?.errors?.map((e) => e.field)).toEqual(['events[1].eventId']);
    expect(await endOffsets(sandbox.logTopic)).toBe(before + 3);
  });

  it('rejects a batch item reusing an eventId another instance registered with other content', async () => {
    const earlier = event();
    expect((await post(`${first.url}/v1/events`, earlier)).status).toBe(202);
    const answer = await post<BatchAnswer>(`${second.url}/v1/events/batch`, { events: [event(), { ...earlier, caregiverId: 'conflict-2' }] });
    expect(answer.body.results.map((r) => [r.status, r.problem?.status])).toEqual([
      ['accepted', undefined],
      ['rejected', 409],
    ]);
  });

  describe('a reused reimbursementId: a retry with the same content is accepted, other content is a 409 on every instance', () => {
    const reimbursement = (change: Record<string, unknown> = {}) => ({ reimbursementId: randomUUID(), caregiverId: 'conflict-1', month: '2026-11', ...change });

    it('accepts a retry with the same content, on another instance too, and writes it each time (the fold decides it once)', async () => {
      const sent = reimbursement({ reference: 'payout-1' });
      const before = await endOffsets(sandbox.logTopic);
      const answers = [await post(`${first.url}/v1/reimbursements`, sent), await post(`${second.url}/v1/reimbursements`, sent)];
      expect(answers.map((a) => [a.status, (a.body as { reimbursementId?: string }).reimbursementId])).toEqual([
        [202, sent.reimbursementId],
        [202, sent.reimbursementId],
      ]);
      expect(await endOffsets(sandbox.logTopic)).toBe(before + 2);
    });

    it.each([
      ['another caregiver', { caregiverId: 'conflict-2' }],
      ['another month', { month: '2026-10' }],
      ['another reference', { reference: 'payout-2' }],
    ])('refuses the reimbursementId with %s on another instance: 409 problem+json naming reimbursementId, and writes nothing', async (_what, change) => {
      const sent = reimbursement();
      expect((await post(`${first.url}/v1/reimbursements`, sent)).status).toBe(202);
      const before = await endOffsets(sandbox.logTopic);
      const answer = await post(`${second.url}/v1/reimbursements`, { ...sent, reimbursementId: sent.reimbursementId.toUpperCase(), ...change });
      expect(expectProblem(answer, 409, 'reimbursement-id-conflict')).toEqual(['reimbursementId']);
      expect(await endOffsets(sandbox.logTopic)).toBe(before);
    });

    it('keeps reimbursementIds apart from eventIds: the same UUID as both is no conflict', async () => {
      const sent = event();
      expect((await post(`${first.url}/v1/events`, sent)).status).toBe(202);
      expect((await post(`${first.url}/v1/reimbursements`, reimbursement({ reimbursementId: sent.eventId, caregiverId: 'conflict-2' }))).status).toBe(202);
    });

    it('without Redis, accepts without the check and counts the outage', async () => {
      const claimsCounted = async () => {
        const metrics = await call(`${withoutRedis.url}/metrics`);
        return Number(/^recent_event_ids_unavailable_total\{operation="claim"[^}]*\} (\d+)$/m.exec(metrics.body as unknown as string)?.[1] ?? 0);
      };
      const sent = reimbursement();
      expect((await post(`${first.url}/v1/reimbursements`, sent)).status).toBe(202);
      const before = await claimsCounted();
      expect((await post(`${withoutRedis.url}/v1/reimbursements`, { ...sent, caregiverId: 'conflict-2' })).status).toBe(202);
      expect(await claimsCounted()).toBe(before + 1);
    });
  });

  it('without Redis, is ready, accepts without the check and counts the outage', async () => {
    expect((await call(`${withoutRedis.url}/health/ready`)).status).toBe(200);
    const sent = event();
    expect((await post(`${first.url}/v1/events`, sent)).status).toBe(202);
    expect((await post(`${withoutRedis.url}/v1/events`, { ...sent, caregiverId: 'conflict-2' })).status).toBe(202);
    const metrics = await call(`${withoutRedis.url}/metrics`);
    const claims = /^recent_event_ids_unavailable_total\{operation="claim"[^}]*\} (\d+)$/m.exec(metrics.body as unknown as string);
    expect(Number(claims?.[1])).toBeGreaterThanOrEqual(1);
  });
});
