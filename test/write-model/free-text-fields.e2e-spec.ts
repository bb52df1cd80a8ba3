import { randomUUID } from 'node:crypto';
import { call, post } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { createSandbox, endOffsets, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

/**
 * Text that cannot be stored (PostgreSQL refuses NUL; a lone surrogate is not UTF-8) or that has no
 * place in a name, a reason or a reference (control characters) is refused up front in every
 * free-text field, with a 400 naming the field, and nothing is written.
 */
const UNSTORABLE: [string, string][] = [
  ['NUL', 'before\u0000after'],
  ['a lone surrogate', 'before\ud800after'],
  ['a line feed', 'line one\nline two'],
  ['escape', '\u001b[31mred'],
];

describe('free-text fields refuse control characters and ill-formed Unicode on every API', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;

  beforeAll(async () => {
    sandbox = await createSandbox();
    [commandApi, queryApi] = await Promise.all([startApp('command-api', sandbox.env), startApp('query-api', sandbox.env)]);
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'x-ray', name: 'X-ray', amountCents: 50000 })).status).toBe(202);
  });

  afterAll(async () => {
    await Promise.all([commandApi?.stop(), queryApi?.stop()]);
    await removeSandbox(sandbox);
  });

  /** Sends the request and expects a 400 naming exactly `field`; checks nothing reached the log topics. */
  async function expectRefused(url: string, body: unknown, field: string): Promise<void> {
    const before = [await endOffsets(sandbox.logTopic), await endOffsets(sandbox.catalogTopic)];
    const answer = await call(url, { json: body });
    expect(expectProblem(answer, 400, 'invalid-input')).toEqual([field]);
    expect(answer.body.errors).toEqual([{ field, message: expect.stringContaining('control characters') }]);
    expect([await endOffsets(sandbox.logTopic), await endOffsets(sandbox.catalogTopic)]).toEqual(before);
  }

  it.each(UNSTORABLE)("refuses an event type's name with %s", async (_label, text) => {
    await expectRefused(`${commandApi.url}/v1/event-types`, { code: `ct-${randomUUID().slice(0, 8)}`, name: text, amountCents: 1 }, 'name');
  });

  it.each(UNSTORABLE)("refuses a void's reason with %s", async (_label, text) => {
    await expectRefused(`${commandApi.url}/v1/events/${randomUUID()}/void`, { caregiverId: 'free-text-1', reason: text }, 'reason');
  });

  it.each(UNSTORABLE)("refuses a reimbursement's reference with %s", async (_label, text) => {
    await expectRefused(`${commandApi.url}/v1/reimbursements`, { caregiverId: 'free-text-1', month: '2026-01', reference: text }, 'reference');
  });

  it.each(UNSTORABLE)("refuses a client's name with %s", async (_label, text) => {
    const answer = await call(`${sandbox.authApi.url}/v1/clients`, { json: { name: text, roles: ['ingest'] } });
    expect(expectProblem(answer, 400, 'invalid-input')).toEqual(['name']);
    expect(answer.body.errors).toEqual([{ field: 'name', message: expect.stringContaining('control characters') }]);
  });

  it.each(UNSTORABLE)("refuses a user's username with %s", async (_label, text) => {
    const answer = await call(`${sandbox.authApi.url}/v1/users`, { json: { username: `user${text}`, password: 'a long enough password', roles: ['accountant'] } });
    expect(expectProblem(answer, 400, 'invalid-input')).toEqual(['username']);
    expect(answer.body.errors).toContainEqual({ field: 'username', message: expect.stringContaining('control characters') });
  });

  it.each(UNSTORABLE)("refuses the reason of an admin's skip of a record with %s", async (_label, text) => {
    const skip = { topic: sandbox.logTopic, partition: 0, offset: 0, reason: text };
    await expectRefused(`${queryApi.url}/v1/ops/projections/read-models/skip`, skip, 'reason');
  });

  it.each(UNSTORABLE)("refuses a new user's password with %s (a lone surrogate would hash as another password)", async (_label, text) => {
    const answer = await call(`${sandbox.authApi.url}/v1/users`, { json: { username: `pw-${randomUUID().slice(0, 8)}`, password: `a long enough ${text} password`, roles: ['accountant'] } });
    expect(expectProblem(answer, 400, 'invalid-input')).toEqual(['password']);
  });

  it('takes text in any script, emoji included', async () => {
    const name = 'Röntgen – 東京 💶';
    expect((await post(`${commandApi.url}/v1/event-types`, { code: `ok-${randomUUID().slice(0, 8)}`, name, amountCents: 1 })).status).toBe(202);
    expect((await post(`${commandApi.url}/v1/reimbursements`, { caregiverId: 'free-text-2', month: '2026-01', reference: name })).status).toBe(202);
    expect((await post(`${commandApi.url}/v1/events/${randomUUID()}/void`, { caregiverId: 'free-text-2', reason: name })).status).toBe(202);
    expect((await call(`${sandbox.authApi.url}/v1/clients`, { json: { name, roles: ['ingest'] } })).status).toBe(201);
  });
});
