import { randomUUID } from 'node:crypto';
import { call, post } from '../support/api-client';
import { report } from '../support/report';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

describe('the catalog across command-api instances, with dated rates', () => {
  let sandbox: Sandbox;
  let first: RunningApp;
  let second: RunningApp;
  let queryApi: RunningApp;
  let projector: RunningApp;

  beforeAll(async () => {
    sandbox = await createSandbox();
    [first, second, queryApi, projector] = await Promise.all([
      startApp('command-api', sandbox.env),
      startApp('command-api', sandbox.env),
      startApp('query-api', sandbox.env),
      startApp('projector', sandbox.env),
    ]);
  });

  afterAll(async () => {
    await Promise.all([first, second, queryApi, projector].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  const event = (caregiverId: string, occurredAt: string) => ({ caregiverId, eventType: 'home-visit', occurredAt });

  it('makes a type created on one instance usable on the other as soon as its creation was answered', async () => {
    expect((await post(`${first.url}/v1/event-types`, { code: 'home-visit', name: 'Home visit', amountCents: 30000 })).status).toBe(202);
    const answer = await post(`${second.url}/v1/events`, event('rates-1', '2026-06-15T10:00:00+02:00'));
    expect(answer.status).toBe(202);
    expect(answer.body.amountCents).toBe(30000);
  });

  it('uses a new rate at once on the accepting instance and within a second on the other, by occurredAt', async () => {
    const before = await post(`${second.url}/v1/events`, event('rates-2', '2026-07-01T00:30:00+02:00'));
    expect(before.body.amountCents).toBe(30000);

    const scheduled = await post(`${first.url}/v1/event-types/home-visit/rates`, { amountCents: 35000, effectiveFrom: '2026-07-01' });
    expect(scheduled.status).toBe(202);
    expect(scheduled.body).toMatchObject({ code: 'home-visit', amountCents: 35000, effectiveFrom: '2026-07-01' });
    const scheduledAt = Date.now();

    const onFirst = await post(`${first.url}/v1/events`, event('rates-2', '2026-07-01T00:30:00+02:00'));
    expect(onFirst.body.amountCents).toBe(35000);
    // The last minute of June in Stockholm still has the old rate.
    expect((await post(`${first.url}/v1/events`, event('rates-3', '2026-06-30T23:59:00+02:00'))).body.amountCents).toBe(30000);

    let seenOnSecond = 0;
    await waitFor('the second instance to use the new rate', async () => {
      const answer = await post(`${second.url}/v1/events`, event('rates-4', '2026-07-02T09:00:00+02:00'));
      seenOnSecond = answer.body.amountCents as number;
      return seenOnSecond === 35000;
    }, 1000);
    expect(Date.now() - scheduledAt).toBeLessThan(1500);

    // The event registered before the change keeps the amount it was registered with.
    const july = await report(queryApi.url, { from: '2026-07', to: '2026-07', caregiverIds: 'rates-2', minPosition: onFirst.body.position as string });
    expect(july.rows).toEqual([expect.objectContaining({ caregiverId: 'rates-2', eventCount: 2, totalCents: 65000 })]);

    const types = await call<{ code: string; rates: unknown[] }[]>(`${queryApi.url}/v1/event-types?minPosition=${scheduled.body.position as string}`);
    expect(types.body).toEqual([
      {
        code: 'home-visit',
        name: 'Home visit',
        currency: 'SEK',
        rates: [
          { amountCents: 30000, effectiveFrom: null },
          { amountCents: 35000, effectiveFrom: '2026-07-01' },
        ],
      },
    ]);
  });

  it('answers a retry with the amount its event is counted with, after a rate back-dated to before the event, on either instance', async () => {
    const eventId = randomUUID();
    const august = { eventId, ...event('rates-5', '2026-08-10T10:00:00+02:00') };
    const registered = await post(`${second.url}/v1/events`, august);
    expect(registered.status).toBe(202);
    expect(registered.body.amountCents).toBe(35000);

    expect((await post(`${first.url}/v1/event-types/home-visit/rates`, { amountCents: 40000, effectiveFrom: '2026-08-01' })).status).toBe(202);
    // The accepting instance decides new events at the new rate at once...
    expect((await post(`${first.url}/v1/events`, event('rates-6', '2026-08-10T10:00:00+02:00'))).body.amountCents).toBe(40000);
    // ...and answers the retry, as the other does, with the amount the fold counts: the first record's.
    for (const instance of [first, second]) {
      const retry = await post(`${instance.url}/v1/events`, august);
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ eventId, amountCents: 35000 });
      const counted = await report(queryApi.url, { from: '2026-08', to: '2026-08', caregiverIds: 'rates-5', minPosition: retry.body.position as string });
      expect(counted.rows).toEqual([expect.objectContaining({ caregiverId: 'rates-5', eventCount: 1, totalCents: 35000 })]);
    }
  });

  it.each([
    ['an unknown type', 'mri', { amountCents: 1, effectiveFrom: '2027-01-01' }, 404],
    ['an impossible date', 'home-visit', { amountCents: 1, effectiveFrom: '2027-02-30' }, 400],
    ['a date in another format', 'home-visit', { amountCents: 1, effectiveFrom: '01/02/2027' }, 400],
    ['a negative amount', 'home-visit', { amountCents: -1, effectiveFrom: '2027-01-01' }, 400],
    ['an unknown field', 'home-visit', { amountCents: 1, effectiveFrom: '2027-01-01', currency: 'SEK' }, 400],
  ])('refuses a rate for %s', async (_name, code, body, status) => {
    const answer = await post(`${first.url}/v1/event-types/${code}/rates`, body);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
  });
});
