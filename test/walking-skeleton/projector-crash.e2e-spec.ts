import { MongoClient } from 'mongodb';
import { post } from '../support/api-client';
import { allRows } from '../support/report';
import { createSandbox, endOffsets, MONGODB_URI, removeSandbox, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

const TYPES = { 'x-ray': 50000, ct: 200000 } as const;
const CAREGIVERS = Array.from({ length: 40 }, (_, i) => `crash-${i}`);
const LOAD = 2400;

/** The Stockholm month of an instant, computed independently of the code under test. */
function stockholmMonth(instant: Date): string {
  const [year, month] = instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).split('-');
  return `${year}-${month}`;
}

interface Expected {
  eventCount: number;
  totalCents: number;
  byType: Record<string, { count: number; totalCents: number }>;
}

/**
 * kill -9 of the projector while it folds a random load, and a forced crash at each write boundary
 * of the fold; after each restart the report must equal sums computed here from what was sent.
 */
describe('projector crashes lose nothing and count nothing twice', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let mongo: MongoClient;
  const expected = new Map<string, Expected>();
  let projectorEnv: Record<string, string>;

  beforeAll(async () => {
    sandbox = await createSandbox();
    mongo = await new MongoClient(MONGODB_URI).connect();
    [commandApi, queryApi] = await Promise.all([startApp('command-api', sandbox.env), startApp('query-api', sandbox.env)]);
    for (const [code, amountCents] of Object.entries(TYPES)) {
      expect((await post(`${commandApi.url}/v1/event-types`, { code, name: code, amountCents })).status).toBe(202);
    }
    // Small fetches make many small batches, so a crash finds the fold in the middle of the load.
    projectorEnv = { ...sandbox.env, PROJECTOR_MAX_BYTES_PER_PARTITION: '2048', PROJECTOR_PARTITIONS_CONCURRENTLY: '1' };
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi].map((app) => app?.stop()));
    await mongo?.close();
    await removeSandbox(sandbox);
  });

  async function appliedRecords(): Promise<number> {
    const docs = await mongo
      .db(sandbox.database)
      .collection('projection_offsets')
      .find({ topic: sandbox.logTopic })
      .toArray();
    return docs.reduce((sum, d) => sum + (d.appliedOffset as number) + 1, 0);
  }

  it('accepts a random load of events', async () => {
    const now = Date.now();
    const twoYears = 2 * 365 * 24 * 3600 * 1000;
    const bodies = Array.from({ length: LOAD }, () => {
      const eventType = Math.random() < 0.7 ? 'x-ray' : 'ct';
      const occurred = new Date(now - Math.floor(Math.random() * twoYears));
      return {
        caregiverId: CAREGIVERS[Math.floor(Math.random() * CAREGIVERS.length)],
        eventType,
        occurredAt: occurred.toISOString(),
      };
    });
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const answer = await post(`${commandApi.url}/v1/events`, body);
        expect(answer.status).toBe(202);
        const key = `${body.caregiverId}/${stockholmMonth(new Date(body.occurredAt))}`;
        const amount = TYPES[body.eventType as keyof typeof TYPES];
        const row = expected.get(key) ?? { eventCount: 0, totalCents: 0, byType: {} };
        row.eventCount += 1;
        row.totalCents += amount;
        row.byType[body.eventType] = {
          count: (row.byType[body.eventType]?.count ?? 0) + 1,
          totalCents: (row.byType[body.eventType]?.totalCents ?? 0) + amount,
        };
        expected.set(key, row);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    expect(await endOffsets(sandbox.logTopic)).toBe(LOAD);
  });

  it('survives kill -9 three times in the middle of the fold', async () => {
    let before = 0;
    for (const fraction of [0.1, 0.3, 0.5]) {
      const projector = await startApp('projector', projectorEnv, { logName: 'projector-kill9' });
      await waitFor(`projector past ${fraction * 100}% of the load`, async () => (await appliedRecords()) >= fraction * LOAD, 120_000, projector);
      const { signal } = await projector.kill9();
      expect(signal).toBe('SIGKILL');
      const applied = await appliedRecords();
      expect(applied).toBeGreaterThan(before);
      expect(applied).toBeLessThan(LOAD);
      before = applied;
    }
  });

  it.each([
    ['between two writes of one batch', 'between-writes'],
    ['after the MongoDB writes, before the applied offset is saved', 'after-read-model-writes'],
    ['after the applied offset is saved, before the Kafka offset commit', 'before-offset-commit'],
  ])('survives a crash %s', async (_name, fault) => {
    const before = await appliedRecords();
    const projector = await startApp(
      'projector',
      { ...projectorEnv, PROJECTOR_FAULT: fault, PROJECTOR_FAULT_AFTER_BATCHES: '3', PROJECTOR_WRITE_CHUNK: '2' },
      { waitReady: false, logName: `projector-${fault}` },
    );
    const { signal } = await projector.exited;
    expect(signal).toBe('SIGKILL');
    expect(await appliedRecords()).toBeLessThan(LOAD);
    expect(await appliedRecords()).toBeGreaterThanOrEqual(before);
  });

  it('ends with a report equal to the sums of what was sent', async () => {
    const projector = await startApp('projector', sandbox.env, { logName: 'projector-final' });
    try {
      await waitFor('projector caught up', async () => (await appliedRecords()) === LOAD, 120_000, projector);
      const rows = await allRows(queryApi.url, { from: '2020-01', to: '2029-12', caregiverIds: CAREGIVERS.join(',') });
      const actual = new Map(
        rows.map((r) => [
          `${r.caregiverId}/${r.month}`,
          {
            eventCount: r.eventCount,
            totalCents: r.totalCents,
            byType: Object.fromEntries(r.byType.map((t) => [t.eventType, { count: t.count, totalCents: t.totalCents }])),
          },
        ]),
      );
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
      expect(rows.every((r) => r.pendingCents === r.totalCents && r.reimbursedCents === 0)).toBe(true);
    } finally {
      await projector.stop();
    }
  });
});
