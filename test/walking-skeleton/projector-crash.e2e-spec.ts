import { MongoClient } from 'mongodb';
import { appliedRecords, metricTotal } from '../support/projection-progress';
import { addExpected, asExpected, defineTypes, ExpectedRow, postRandomLoad } from '../support/random-load';
import { allRows } from '../support/report';
import { createSandbox, endOffsets, MONGODB_URI, removeSandbox, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

const CAREGIVERS = Array.from({ length: 40 }, (_, i) => `crash-${i}`);
const LOAD = 2400;
/** Posted before each crash at a boundary, so that the projector has flushes ahead of it. */
const MORE = 300;

/**
 * kill -9 of the projector while it folds a random load, and a forced crash at each write boundary
 * of the fold; after each restart the report must equal sums computed here from what was sent.
 */
describe('projector crashes lose nothing and count nothing twice', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let mongo: MongoClient;
  let expected = new Map<string, ExpectedRow>();
  let projectorEnv: Record<string, string>;
  let sent = 0;

  beforeAll(async () => {
    sandbox = await createSandbox();
    mongo = await new MongoClient(MONGODB_URI).connect();
    [commandApi, queryApi] = await Promise.all([startApp('command-api', sandbox.env), startApp('query-api', sandbox.env)]);
    await defineTypes(commandApi.url);
    // Small fetches make many small batches, so a crash finds the fold in the middle of the load;
    // while it catches up, the fold holds about 150 records (dozens of batches) per flush.
    projectorEnv = { ...sandbox.env, PROJECTOR_MAX_BYTES_PER_PARTITION: '2048', PROJECTOR_PARTITIONS_CONCURRENTLY: '1', PROJECTOR_HOLD_RECORDS: '150' };
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi].map((app) => app?.stop()));
    await mongo?.close();
    await removeSandbox(sandbox);
  });

  const applied = () => appliedRecords(mongo, sandbox);

  it('accepts a random load of events', async () => {
    expected = await postRandomLoad(commandApi.url, CAREGIVERS, LOAD);
    sent = LOAD;
    expect(await endOffsets(sandbox.logTopic)).toBe(LOAD);
  });

  it('survives kill -9 three times in the middle of the fold', async () => {
    let before = 0;
    for (const fraction of [0.1, 0.3, 0.5]) {
      const projector = await startApp('projector', projectorEnv, { logName: 'projector-kill9' });
      await waitFor(`projector past ${fraction * 100}% of the load`, async () => (await applied()) >= fraction * LOAD, 120_000, projector);
      // The flushes it made each held several batches: a kill finds records decided but not written.
      const [batches, flushes] = await Promise.all([
        metricTotal(projector.url, 'projector_batch_seconds_count'),
        metricTotal(projector.url, 'projector_flushes_total'),
      ]);
      expect(flushes).toBeGreaterThan(0);
      expect(batches).toBeGreaterThan(2 * flushes);
      const { signal } = await projector.kill9();
      expect(signal).toBe('SIGKILL');
      const now = await applied();
      expect(now).toBeGreaterThan(before);
      expect(now).toBeLessThan(LOAD);
      before = now;
    }
  });

  it.each([
    ['after the decisions of a multi-batch flush are recorded, before its writes', 'after-decisions'],
    ['between the ledger and the totals writes of a multi-batch flush', 'between-writes'],
    ['after the MongoDB writes, before the applied offset is saved', 'after-read-model-writes'],
    ['after the applied offset is saved, before the Kafka offset commit', 'before-offset-commit'],
  ])('survives a crash %s', async (_name, fault) => {
    addExpected(expected, await postRandomLoad(commandApi.url, CAREGIVERS, MORE));
    sent += MORE;
    expect(await endOffsets(sandbox.logTopic)).toBe(sent);
    const before = await applied();
    const projector = await startApp(
      'projector',
      { ...projectorEnv, PROJECTOR_FAULT: fault, PROJECTOR_FAULT_AFTER_BATCHES: '2', PROJECTOR_WRITE_CHUNK: '2' },
      { waitReady: false, logName: `projector-${fault}` },
    );
    const { signal } = await projector.exited;
    expect(signal).toBe('SIGKILL');
    expect(await applied()).toBeLessThan(sent);
    expect(await applied()).toBeGreaterThanOrEqual(before);
  });

  it('ends with a report equal to the sums of what was sent', async () => {
    const projector = await startApp('projector', sandbox.env, { logName: 'projector-final' });
    try {
      await waitFor('projector caught up', async () => (await applied()) === sent, 120_000, projector);
      const rows = await allRows(queryApi.url, { from: '2020-01', to: '2029-12', caregiverIds: CAREGIVERS.join(',') });
      expect(asExpected(rows)).toEqual(Object.fromEntries(expected));
      expect(rows.every((r) => r.pendingCents === r.totalCents && r.reimbursedCents === 0)).toBe(true);
    } finally {
      await projector.stop();
    }
  });
});
