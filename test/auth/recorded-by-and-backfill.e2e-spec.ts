import { call, post } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { clientToken, userToken } from '../support/principals';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

/**
 * Every record names the principal that sent it (recordedBy, requestedBy), and only an admin may
 * register events older than the back-dating window.
 */
describe('recordedBy is the authenticated principal; back-dated backfill is for admins only', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let projector: RunningApp;
  let ingest: { subject: string; token: string };

  beforeAll(async () => {
    sandbox = await createSandbox();
    const env = { ...sandbox.env, BACKDATING_WINDOW_DAYS: '30' };
    [commandApi, queryApi, projector] = await Promise.all([startApp('command-api', env), startApp('query-api', env), startApp('projector', env)]);
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'visit', name: 'Visit', amountCents: 10000 })).status).toBe(202);
    ingest = await clientToken(sandbox, ['ingest']);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi, projector].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const readBack = (written: { body: Record<string, unknown> }, token?: string) =>
    call(`${queryApi.url}/v1/events/${written.body.eventId as string}?minPosition=${written.body.position as string}`, { token });

  it("shows the care-giver system's client as recordedBy of the event it sent", async () => {
    const written = await post(`${commandApi.url}/v1/events`, { caregiverId: 'rb-1', eventType: 'visit', occurredAt: daysAgo(1) }, ingest.token);
    expect(written.status).toBe(202);
    const event = await readBack(written);
    expect(event.status).toBe(200);
    expect(ingest.subject).toMatch(/^client:/);
    expect(event.body.recordedBy).toBe(ingest.subject);
  });

  it("shows a user's subject as recordedBy, and the accountant as requestedBy of a reimbursement", async () => {
    const admin = await post(`${commandApi.url}/v1/events`, { caregiverId: 'rb-2', eventType: 'visit', occurredAt: daysAgo(2) });
    expect((await readBack(admin)).body.recordedBy).toBe(`user:${sandbox.identity.admin.username}`);
    const accountant = await userToken(sandbox, ['accountant']);
    const requested = await post(`${commandApi.url}/v1/reimbursements`, { caregiverId: 'rb-2', eventIds: [admin.body.eventId] }, accountant.token);
    expect(requested.status).toBe(202);
    const outcome = await call(`${queryApi.url}/v1/reimbursements/${requested.body.reimbursementId as string}?minPosition=${requested.body.position as string}`);
    expect(outcome.body).toMatchObject({ status: 'completed', requestedBy: accountant.subject });
  });

  it('refuses an event older than the window from a care-giver system, single or in a batch, and accepts it from an admin', async () => {
    const old = { caregiverId: 'rb-3', eventType: 'visit', occurredAt: daysAgo(31) };
    expectProblem(await post(`${commandApi.url}/v1/events`, old, ingest.token), 422, 'outside-backdating-window');
    const batch = await post<{ results: { status: string; problem?: { status: number } }[] }>(`${commandApi.url}/v1/events/batch`, { events: [old] }, ingest.token);
    expect(batch.body.results[0]).toMatchObject({ status: 'rejected', problem: { status: 422 } });
    const { token: scoped } = await clientToken(sandbox, ['ingest'], ['rb-3']);
    expectProblem(await post(`${commandApi.url}/v1/events`, old, scoped), 422, 'outside-backdating-window');
    const { token: accountant } = await userToken(sandbox, ['accountant']);
    expect((await post(`${commandApi.url}/v1/events`, old, accountant)).status).toBe(403);

    const backfilled = await post(`${commandApi.url}/v1/events`, old);
    expect(backfilled.status).toBe(202);
    expect((await post(`${commandApi.url}/v1/events/batch`, { events: [{ ...old, occurredAt: daysAgo(400) }] })).body).toMatchObject({ accepted: 1 });
    expect((await readBack(backfilled)).body).toMatchObject({ occurredAt: old.occurredAt, recordedBy: `user:${sandbox.identity.admin.username}` });
  });
});
