import { decodePosition } from '@reimbursements/domain/position/log-position';
import { randomUUID } from 'node:crypto';
import { post } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { createSandbox, endOffsets, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const partitionsOf = (position: unknown) => Object.keys(decodePosition(position as string) ?? {});

describe('POST /v1/events/{eventId}/void and POST /v1/reimbursements record their requests on the caregiver partition', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let registered: { eventId: string; position: string };

  beforeAll(async () => {
    sandbox = await createSandbox();
    commandApi = await startApp('command-api', sandbox.env);
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'x-ray', name: 'X-ray', amountCents: 50000 })).status).toBe(202);
    const answer = await post(`${commandApi.url}/v1/events`, { caregiverId: 'cmd-1', eventType: 'x-ray', occurredAt: '2026-11-02T10:00:00+01:00' });
    expect(answer.status).toBe(202);
    registered = answer.body as typeof registered;
  });

  afterAll(async () => {
    await commandApi?.stop();
    await removeSandbox(sandbox);
  });

  const voidUrl = (eventId: string) => `${commandApi.url}/v1/events/${eventId}/void`;
  const reimbursementsUrl = () => `${commandApi.url}/v1/reimbursements`;

  describe('void', () => {
    it("answers 202 { eventId, caregiverId, position } once the void is on the event's partition", async () => {
      const before = await endOffsets(sandbox.logTopic);
      const answer = await post(voidUrl(registered.eventId.toUpperCase()), { caregiverId: 'cmd-1', reason: 'registered by mistake' });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ eventId: registered.eventId, caregiverId: 'cmd-1', position: expect.any(String) });
      expect(partitionsOf(answer.body.position)).toEqual(partitionsOf(registered.position));
      expect(partitionsOf(answer.body.position)[0]).toMatch(new RegExp(`^${sandbox.logTopic}:\\d+$`));
      expect(answer.headers.get('x-request-id')).toBeTruthy();
      expect(await endOffsets(sandbox.logTopic)).toBe(before + 1);
    });

    it('answers 202 for an event nobody registered (the fold ignores it)', async () => {
      expect((await post(voidUrl(randomUUID()), { caregiverId: 'cmd-1', reason: 'unknown' })).status).toBe(202);
    });

    it.each([
      ['an eventId that is not a UUID', 'not-a-uuid', { caregiverId: 'cmd-1', reason: 'x' }, ['eventId']],
      ['a missing caregiverId', undefined, { reason: 'x' }, ['caregiverId']],
      ['a bad caregiverId', undefined, { caregiverId: 'has space', reason: 'x' }, ['caregiverId']],
      ['a missing reason', undefined, { caregiverId: 'cmd-1' }, ['reason']],
      ['an empty reason', undefined, { caregiverId: 'cmd-1', reason: '' }, ['reason']],
      ['a blank reason', undefined, { caregiverId: 'cmd-1', reason: '   ' }, ['reason']],
      ['a reason over 500 characters', undefined, { caregiverId: 'cmd-1', reason: 'x'.repeat(501) }, ['reason']],
      ['an unknown field', undefined, { caregiverId: 'cmd-1', reason: 'x', reimbursed: false }, ['reimbursed']],
    ])('refuses %s with 400 naming the field, and writes nothing', async (_name, eventId, body, fields) => {
      const before = await endOffsets(sandbox.logTopic);
      const answer = await post(voidUrl(eventId ?? registered.eventId), body);
      expect(expectProblem(answer, 400, 'invalid-input')).toEqual(fields);
      expect(await endOffsets(sandbox.logTopic)).toBe(before);
    });
  });

  describe('reimbursement request', () => {
    it('answers 202 { reimbursementId, position } with a reimbursementId made by the server', async () => {
      const before = await endOffsets(sandbox.logTopic);
      const answer = await post(reimbursementsUrl(), { caregiverId: 'cmd-1', eventIds: [registered.eventId], reference: 'payout-1' });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ reimbursementId: expect.stringMatching(UUID), position: expect.any(String) });
      expect(partitionsOf(answer.body.position)).toEqual(partitionsOf(registered.position));
      expect(await endOffsets(sandbox.logTopic)).toBe(before + 1);
    });

    it("keeps the client's reimbursementId, and accepts a request by month", async () => {
      const reimbursementId = randomUUID();
      const answer = await post(reimbursementsUrl(), { reimbursementId: reimbursementId.toUpperCase(), caregiverId: 'cmd-1', month: '2026-11' });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ reimbursementId, position: expect.any(String) });
    });

    const id = () => randomUUID();
    it.each([
      ['a missing caregiverId', { eventIds: [id()] }, ['caregiverId']],
      ['a reimbursementId that is not a UUID', { reimbursementId: 'r-1', caregiverId: 'cmd-1', eventIds: [id()] }, ['reimbursementId']],
      ['an event id that is not a UUID', { caregiverId: 'cmd-1', eventIds: [id(), 'e-2'] }, ['eventIds[1]']],
      ['both eventIds and month', { caregiverId: 'cmd-1', eventIds: [id()], month: '2026-11' }, ['month']],
      ['neither eventIds nor month', { caregiverId: 'cmd-1' }, ['eventIds']],
      ['an event id listed twice', { caregiverId: 'cmd-1', eventIds: ((e) => [e, id(), e.toUpperCase()])(id()) }, ['eventIds[2]']],
      ['no event ids', { caregiverId: 'cmd-1', eventIds: [] }, ['eventIds']],
      ['more than 1000 event ids', { caregiverId: 'cmd-1', eventIds: Array.from({ length: 1001 }, id) }, ['eventIds']],
      ['eventIds that is not an array', { caregiverId: 'cmd-1', eventIds: id() }, ['eventIds']],
      ['a month that is not YYYY-MM', { caregiverId: 'cmd-1', month: '2026-13' }, ['month']],
      ['a month with a day', { caregiverId: 'cmd-1', month: '2026-11-01' }, ['month']],
      ['an empty reference', { caregiverId: 'cmd-1', month: '2026-11', reference: '' }, ['reference']],
      ['an unknown field', { caregiverId: 'cmd-1', month: '2026-11', amountCents: 1 }, ['amountCents']],
    ])('refuses %s with 400 naming the field, and writes nothing', async (_name, body, fields) => {
      const before = await endOffsets(sandbox.logTopic);
      const answer = await post(reimbursementsUrl(), body);
      expect(expectProblem(answer, 400, 'invalid-input')).toEqual(fields);
      expect(await endOffsets(sandbox.logTopic)).toBe(before);
    });

    it('accepts exactly 1000 event ids', async () => {
      const answer = await post(reimbursementsUrl(), { caregiverId: 'cmd-1', eventIds: Array.from({ length: 1000 }, () => randomUUID()) });
      expect(answer.status).toBe(202);
    });
  });
});
