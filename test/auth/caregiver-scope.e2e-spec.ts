import { randomUUID } from 'node:crypto';
import { ApiAnswer, call, post } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { clientToken, userToken } from '../support/principals';
import { Report, waitForEventCount } from '../support/report';
import { createSandbox, endOffsets, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

const MINE = ['scope-a', 'scope-b'];
const FOREIGN = 'scope-x';

/**
 * A principal with caregiverIds neither reads nor writes other caregivers' data: a manager sees
 * only its caregivers in reports, drill-downs and reimbursements; a scoped care-giver system
 * cannot write for another caregiver.
 */
describe('caregiver scope of managers and care-giver systems', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let projector: RunningApp;
  let manager: string;
  let accountant: string;
  const eventIds: Record<string, string> = {};
  const reimbursementIds: Record<string, string> = {};
  const month = '2026-03';

  beforeAll(async () => {
    sandbox = await createSandbox();
    [commandApi, queryApi, projector] = await Promise.all([
      startApp('command-api', sandbox.env),
      startApp('query-api', sandbox.env),
      startApp('projector', sandbox.env),
    ]);
    manager = (await userToken(sandbox, ['manager'], MINE)).token;
    accountant = (await userToken(sandbox, ['accountant'])).token;
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'visit', name: 'Visit', amountCents: 10000 })).status).toBe(202);
    for (const caregiverId of [...MINE, FOREIGN]) {
      for (const day of ['03', '04']) {
        const answer = await post(`${commandApi.url}/v1/events`, { caregiverId, eventType: 'visit', occurredAt: `${month}-${day}T10:00:00+01:00` });
        expect(answer.status).toBe(202);
        eventIds[caregiverId] = answer.body.eventId as string;
      }
    }
    for (const caregiverId of ['scope-a', FOREIGN]) {
      const answer = await post(`${commandApi.url}/v1/reimbursements`, { caregiverId, month }, accountant);
      expect(answer.status).toBe(202);
      reimbursementIds[caregiverId] = answer.body.reimbursementId as string;
      // Each caregiver's records are on its own partition: wait for each write's position.
      const decided = await call(`${queryApi.url}/v1/reimbursements/${answer.body.reimbursementId as string}?minPosition=${answer.body.position as string}`);
      expect(decided.body.status).toBe('completed');
    }
    await waitForEventCount(queryApi.url, { from: month, to: month }, 6);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi, projector].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  const reportAs = (token: string, params: Record<string, string>) =>
    call<Report>(`${queryApi.url}/v1/reports/monthly?${new URLSearchParams({ from: month, to: month, ...params })}`, { token });
  const caregiversOf = (report: Report) => report.rows.map((row) => row.caregiverId);

  it("limits a report naming no caregiver to the manager's, though an accountant's identical report was cached first", async () => {
    const everyone = await reportAs(accountant, {});
    expect(caregiversOf(everyone.body)).toEqual([...MINE, FOREIGN]);
    const mine = await reportAs(manager, {});
    expect(mine.status).toBe(200);
    expect(caregiversOf(mine.body)).toEqual(MINE);
    expect(mine.body.totals).toMatchObject({ eventCount: 4, totalCents: 40000, reimbursedCents: 20000, pendingCents: 20000 });
    const posted = await call<Report>(`${queryApi.url}/v1/reports/monthly/query`, { json: { from: month, to: month }, token: manager });
    expect(caregiversOf(posted.body)).toEqual(MINE);
  });

  it('gives a manager the CSV of its own caregivers only', async () => {
    const csv = await call(`${queryApi.url}/v1/reports/monthly?${new URLSearchParams({ from: month, to: month, format: 'csv' })}`, { token: manager });
    expect(csv.status).toBe(200);
    const text = csv.body as unknown as string;
    expect(text).toContain('scope-a');
    expect(text).not.toContain(FOREIGN);
  });

  it('answers a report naming its own caregivers, and refuses one naming another with 403', async () => {
    expect(caregiversOf((await reportAs(manager, { caregiverIds: 'scope-b' })).body)).toEqual(['scope-b']);
    expectProblem((await reportAs(manager, { caregiverIds: `scope-a,${FOREIGN}` })) as unknown as ApiAnswer, 403, 'forbidden');
    const posted = await call(`${queryApi.url}/v1/reports/monthly/query`, { json: { from: month, to: month, caregiverIds: [FOREIGN] }, token: manager });
    expect(expectProblem(posted, 403, 'forbidden')).toEqual(['caregiverIds']);
  });

  it("answers another caregiver's event or reimbursement by id exactly as an unknown one (404)", async () => {
    expect((await call(`${queryApi.url}/v1/events/${eventIds['scope-a']}`, { token: manager })).status).toBe(200);
    const foreignEvent = await call(`${queryApi.url}/v1/events/${eventIds[FOREIGN]}`, { token: manager });
    expectProblem(foreignEvent, 404, 'not-found');
    const unknownEvent = await call(`${queryApi.url}/v1/events/00000000-0000-4000-8000-000000000000`, { token: manager });
    expect(Object.keys(foreignEvent.body).sort()).toEqual(Object.keys(unknownEvent.body).sort());
    expect((await call(`${queryApi.url}/v1/reimbursements/${reimbursementIds['scope-a']}`, { token: manager })).status).toBe(200);
    expectProblem(await call(`${queryApi.url}/v1/reimbursements/${reimbursementIds[FOREIGN]}`, { token: manager }), 404, 'not-found');
    expect((await call(`${queryApi.url}/v1/events/${eventIds[FOREIGN]}`, { token: accountant })).status).toBe(200);
  });

  it("refuses the drill-down and the reimbursement list of another caregiver with 403, and gives the manager's own", async () => {
    const own = await call<{ events: unknown[] }>(`${queryApi.url}/v1/events?caregiverId=scope-a&month=${month}`, { token: manager });
    expect(own.body.events).toHaveLength(2);
    expectProblem(await call(`${queryApi.url}/v1/events?caregiverId=${FOREIGN}&month=${month}`, { token: manager }), 403, 'forbidden');
    const reimbursements = await call<{ reimbursements: { reimbursementId: string; caregiverId: string }[] }>(`${queryApi.url}/v1/reimbursements?caregiverId=scope-a`, {
      token: manager,
    });
    // Other tests may add scope-a's reimbursements; none is another caregiver's.
    expect(reimbursements.body.reimbursements.map((r) => r.reimbursementId)).toContain(reimbursementIds['scope-a']);
    expect(new Set(reimbursements.body.reimbursements.map((r) => r.caregiverId))).toEqual(new Set(['scope-a']));
    expectProblem(await call(`${queryApi.url}/v1/reimbursements?caregiverId=${FOREIGN}`, { token: manager }), 403, 'forbidden');
  });

  it("shows a scoped principal `unknown` for another caregiver's event in an outcome, exactly as for an unknown id; admins see other-caregiver", async () => {
    const { token: scopedAccountant } = await userToken(sandbox, ['accountant'], ['scope-a']);
    const { token: wideAccountant } = await userToken(sandbox, ['accountant'], MINE);
    const unknown = randomUUID();
    const request = await post(
      `${commandApi.url}/v1/reimbursements`,
      { caregiverId: 'scope-a', eventIds: [eventIds[FOREIGN], eventIds['scope-b'], unknown] },
      scopedAccountant,
    );
    expect(request.status).toBe(202);
    const id = request.body.reimbursementId as string;
    const rejectionsAs = async (token?: string) => {
      const answer = await call<{ rejections: { eventId: string; reason: string }[] }>(
        `${queryApi.url}/v1/reimbursements/${id}?minPosition=${request.body.position as string}`,
        token ? { token } : {},
      );
      expect(answer.status).toBe(200);
      const listed = await call<{ reimbursements: { reimbursementId: string; rejections: unknown[] }[] }>(
        `${queryApi.url}/v1/reimbursements?caregiverId=scope-a`,
        token ? { token } : {},
      );
      expect(listed.body.reimbursements.find((r) => r.reimbursementId === id)?.rejections).toEqual(answer.body.rejections);
      return answer.body.rejections;
    };
    expect(await rejectionsAs()).toEqual([
      { eventId: eventIds[FOREIGN], reason: 'other-caregiver' },
      { eventId: eventIds['scope-b'], reason: 'other-caregiver' },
      { eventId: unknown, reason: 'unknown' },
    ]);
    expect(await rejectionsAs(scopedAccountant)).toEqual([
      { eventId: eventIds[FOREIGN], reason: 'unknown' },
      { eventId: eventIds['scope-b'], reason: 'unknown' },
      { eventId: unknown, reason: 'unknown' },
    ]);
    // scope-b is within this one's scope: that event is no secret to it.
    expect(await rejectionsAs(wideAccountant)).toEqual([
      { eventId: eventIds[FOREIGN], reason: 'unknown' },
      { eventId: eventIds['scope-b'], reason: 'other-caregiver' },
      { eventId: unknown, reason: 'unknown' },
    ]);
  });

  it('filters a report to a scope of thousands of caregivers, resolved server-side', async () => {
    const many = [...Array.from({ length: 3000 }, (_, i) => `scope-many-${i}`), 'scope-b'];
    const { token } = await userToken(sandbox, ['manager'], many);
    const answer = await reportAs(token, {});
    expect(answer.status).toBe(200);
    expect(caregiversOf(answer.body)).toEqual(['scope-b']);
  });

  it('refuses a scoped care-giver system writing for another caregiver (403, a per-item 403 in a batch), and writes nothing for it', async () => {
    const { token: ingest } = await clientToken(sandbox, ['ingest'], ['scope-a']);
    // Recent: a care-giver system may not backfill past the window.
    const event = (caregiverId: string) => ({ caregiverId, eventType: 'visit', occurredAt: new Date().toISOString() });
    const before = await endOffsets(sandbox.logTopic);
    expect(expectProblem(await post(`${commandApi.url}/v1/events`, event(FOREIGN), ingest), 403, 'forbidden')).toEqual(['caregiverId']);
    expectProblem(await post(`${commandApi.url}/v1/events/${eventIds[FOREIGN]}/void`, { caregiverId: FOREIGN, reason: 'not ours' }, ingest), 403, 'forbidden');
    // Another caregiver's event, voided in the name of one's own (issue 13, finding 1): refused as
    // an unknown event would be, so the answer tells nothing about other caregivers' events.
    const disguised = await post(`${commandApi.url}/v1/events/${eventIds[FOREIGN]}/void`, { caregiverId: 'scope-a', reason: 'not ours' }, ingest);
    expect(expectProblem(disguised, 404, 'not-found')).toEqual(['eventId']);
    expect(await endOffsets(sandbox.logTopic)).toBe(before);

    const batch = await post<{ accepted: number; rejected: number; results: { index: number; status: string; problem?: { status: number; type: string; errors: { field: string }[] } }[] }>(
      `${commandApi.url}/v1/events/batch`,
      { events: [event('scope-a'), event(FOREIGN)] },
      ingest,
    );
    expect(batch.status).toBe(202);
    expect(batch.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(batch.body.results[1]).toMatchObject({
      index: 1,
      status: 'rejected',
      problem: { status: 403, type: expect.stringMatching(/forbidden$/), errors: [{ field: 'events[1].caregiverId' }] },
    });
    expect(await endOffsets(sandbox.logTopic)).toBe(before + 1);
    expect((await post(`${commandApi.url}/v1/events`, event('scope-a'), ingest)).status).toBe(202);
  });
});
