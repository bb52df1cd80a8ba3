import { MongoClient } from 'mongodb';
import { appliedRecords, metricTotal } from '../support/projection-progress';
import { asExpected, defineTypes, ExpectedRow, postRandomLoad } from '../support/random-load';
import { allRows } from '../support/report';
import { createSandbox, MONGODB_URI, removeSandbox, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

const CAREGIVERS = Array.from({ length: 30 }, (_, i) => `pair-${i}`);
const LOAD = 2000;

/** Two projector instances in one group, with rebalances mid-run: every record still counts once. */
describe('two projector instances and rebalances', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let mongo: MongoClient;
  let expected: Map<string, ExpectedRow>;

  beforeAll(async () => {
    sandbox = await createSandbox();
    mongo = await new MongoClient(MONGODB_URI).connect();
    [commandApi, queryApi] = await Promise.all([startApp('command-api', sandbox.env), startApp('query-api', sandbox.env)]);
    await defineTypes(commandApi.url);
    expected = await postRandomLoad(commandApi.url, CAREGIVERS, LOAD);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi].map((app) => app?.stop()));
    await mongo?.close();
    await removeSandbox(sandbox);
  });

  it('folds the load exactly once while a second instance joins and the first one leaves', async () => {
    // Small fetches and small flushes, so that the fold is still going when the second instance joins.
    const env = { ...sandbox.env, PROJECTOR_MAX_BYTES_PER_PARTITION: '2048', PROJECTOR_PARTITIONS_CONCURRENTLY: '1', PROJECTOR_HOLD_RECORDS: '20' };
    const applied = () => appliedRecords(mongo, sandbox);
    const first = await startApp('projector', env, { logName: 'projector-first' });
    await waitFor('the first instance past 20%', async () => (await applied()) >= 0.2 * LOAD, 120_000, first);
    const second = await startApp('projector', env, { logName: 'projector-second' });
    try {
      await waitFor('both instances folding past 50%', async () => (await applied()) >= 0.5 * LOAD, 120_000, second);
      expect(await applied()).toBeLessThan(LOAD);
      const byFirst = await metricTotal(first.url, 'projector_records_applied_total');
      await first.stop();
      await waitFor('the second instance to finish alone', async () => (await applied()) === LOAD, 120_000, second);
      expect(byFirst).toBeGreaterThan(0);
      expect(await metricTotal(second.url, 'projector_records_applied_total')).toBeGreaterThan(0);

      const rows = await allRows(queryApi.url, { from: '2020-01', to: '2029-12', caregiverIds: CAREGIVERS.join(',') });
      expect(asExpected(rows)).toEqual(Object.fromEntries(expected));
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
