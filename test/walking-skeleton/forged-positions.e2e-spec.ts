import { encodePosition } from '@reimbursements/domain/position/log-position';
import { call, post } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

/**
 * minPosition is opaque to clients but not secret: anyone can forge one. A position naming
 * partitions that do not exist, or offsets past a partition's end, can never be reached, so it is
 * refused (400) instead of holding a database poller until the read-your-writes timeout (issue 13,
 * finding 5).
 */
describe('forged minPosition tokens', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let projector: RunningApp;

  beforeAll(async () => {
    sandbox = await createSandbox(6);
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

  it('refuses, all at once, 40 positions naming partitions the log does not have, naming minPosition', async () => {
    const forged = [
      { [`${sandbox.logTopic}:6`]: 0 },
      { [`${sandbox.logTopic}:99999`]: 0 },
      { [`${sandbox.catalogTopic}:1`]: 0 },
      { 'someone-elses.topic:0': 0 },
      { [`${sandbox.logTopic}:0`]: -1, [`${sandbox.logTopic}:7`]: 3 },
    ];
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call(`${queryApi.url}/v1/event-types?minPosition=${encodePosition(forged[i % forged.length])}`)),
    );
    for (const answer of answers) {
      // Waiting first would have ended in a 503 position-not-reached.
      expect(expectProblem(answer, 400, 'invalid-input')).toEqual(['minPosition']);
    }
    expect(answers[1].body.errors).toEqual([{ field: 'minPosition', message: expect.stringContaining(`${sandbox.logTopic}:99999`) }]);
  });

  it('refuses a position past the end of a partition that exists, naming it, instead of waiting until the timeout', async () => {
    const forged = [{ [`${sandbox.logTopic}:2`]: 1_000_000 }, { [`${sandbox.catalogTopic}:0`]: 5_000, [`${sandbox.logTopic}:0`]: -1 }];
    const answers = await Promise.all(forged.map((position) => call(`${queryApi.url}/v1/event-types?minPosition=${encodePosition(position)}`)));
    for (const [i, answer] of answers.entries()) {
      // Waiting until the timeout would have ended in a 503 position-not-reached.
      expect(expectProblem(answer, 400, 'invalid-input')).toEqual(['minPosition']);
      expect(answer.body.errors).toEqual([{ field: 'minPosition', message: `lies past the end of the log at ${Object.keys(forged[i])[0]}` }]);
    }
  });

  it('still waits for a position the command API gave, on any partition', async () => {
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'x-ray', name: 'X-ray', amountCents: 50000 })).status).toBe(202);
    const positions: string[] = [];
    for (const caregiverId of ['forged-1', 'forged-2', 'forged-3', 'forged-4']) {
      const written = await post(`${commandApi.url}/v1/events`, { caregiverId, eventType: 'x-ray', occurredAt: '2026-01-10T09:00:00+01:00' });
      expect(written.status).toBe(202);
      positions.push(written.body.position as string);
    }
    for (const position of positions) {
      expect((await call(`${queryApi.url}/v1/reports/monthly?${new URLSearchParams({ from: '2026-01', to: '2026-01', minPosition: position })}`)).status).toBe(200);
    }
  });
});
