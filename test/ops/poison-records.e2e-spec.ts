import { PartitionView, ProjectionVersionView } from '@reimbursements/domain/ops/partition-status';
import { partitionForKey } from '@reimbursements/kafka/partition-for-key';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { call, post } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { stockholmMonth } from '../support/random-load';
import { allRows } from '../support/report';
import { createSandbox, KAFKA_BROKERS, MONGODB_URI, removeSandbox, ROOT, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

/** GET /v1/ops/projections, as the domain's status views give it. */
type PartitionStatus = PartitionView;
interface ProjectionStatus {
  name: string;
  activeVersion: string;
  versions: ProjectionVersionView[];
}

const run = promisify(execFile);
/** Quick to get stuck and to retry, so the test waits seconds, not minutes. */
const OPS_ENV = {
  PROJECTOR_REFUSALS_BEFORE_STUCK: '2',
  PROJECTOR_REFUSAL_RETRY_MS: '300',
  PROJECTOR_STUCK_NOT_READY_SECONDS: '1',
  PROJECTOR_STATUS_INTERVAL_MS: '200',
};

/**
 * Poison records written straight to Kafka, past the API's checks: one on the catalog (an event
 * type the store refuses; an unreadable version where the store takes anything) and one on a log
 * partition (a record version this build cannot read). Each stops only its partition, is reported
 * by GET /v1/ops/projections, the metric and readiness, and a skip unblocks it; a rebuild of the
 * projection from the start of the log makes the same skips.
 */
describe('poison records stop only their partition until an admin skips them', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let projector: RunningApp;
  let mongo: MongoClient;
  let kafka: Kafka;
  const month = stockholmMonth(new Date());
  const caregivers = { poisoned: '', other: '' };
  const poison = { catalogOffset: -1, logPartition: -1, logOffset: -1, catalogRecordId: randomUUID(), logRecordId: randomUUID(), reimbursementOffset: -1 };
  let ferret = false;

  const status = async () => {
    const answer = await call<ProjectionStatus[]>(`${queryApi.url}/v1/ops/projections`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const live = async () => (await status()).find((p) => p.name === 'read-models')?.versions.find((v) => v.state === 'live');
  const partitionOf = async (topic: string, partition: number) => (await live())?.partitions.find((p) => p.topic === topic && p.partition === partition);
  const register = async (caregiverId: string, eventType: string) => {
    const answer = await post(`${commandApi.url}/v1/events`, { caregiverId, eventType, occurredAt: new Date().toISOString() });
    expect(answer.status).toBe(202);
    return answer.body.position as string;
  };
  const eventCount = async (caregiverId: string) => (await allRows(queryApi.url, { from: month, to: month, caregiverIds: caregiverId })).reduce((n, r) => n + r.eventCount, 0);
  const metric = async (name: string, topic: string, partition: number) => {
    const text = await (await fetch(`${projector.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`topic="${topic}"`) && l.includes(`partition="${partition}"`));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  const ready = async () => (await fetch(`${projector.url}/health/ready`)).status;
  const ops = (...args: string[]) =>
    run(process.execPath, [join(ROOT, 'scripts', 'ops.mjs'), ...args], { env: { PATH: process.env.PATH ?? '', QUERY_API_URL: queryApi.url, OPS_TOKEN: sandbox.adminToken } });

  /** The records in one batch (so that the projector fetches them together); the first one's offset. */
  async function produce(topic: string, partition: number, key: string, ...records: object[]): Promise<number> {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      const [sent] = await producer.send({ topic, acks: -1, messages: records.map((record) => ({ key, partition, value: JSON.stringify(record) })) });
      return Number(sent.baseOffset);
    } finally {
      await producer.disconnect();
    }
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    mongo = await new MongoClient(MONGODB_URI).connect();
    kafka = new Kafka({ clientId: 'e2e-poison', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    ferret = typeof (await mongo.db('admin').command({ buildInfo: 1 })).ferretdbVersion === 'string';
    [commandApi, queryApi, projector] = await Promise.all([
      startApp('command-api', sandbox.env),
      startApp('query-api', sandbox.env),
      startApp('projector', { ...sandbox.env, ...OPS_ENV }),
    ]);
    // Two caregivers on different partitions of the log.
    caregivers.poisoned = 'ops-poisoned';
    poison.logPartition = partitionForKey(sandbox.logTopic, caregivers.poisoned, 6);
    for (let i = 0; caregivers.other === ''; i++) {
      if (partitionForKey(sandbox.logTopic, `ops-other-${i}`, 6) !== poison.logPartition) caregivers.other = `ops-other-${i}`;
    }
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'ops-visit', name: 'Visit', amountCents: 1000 })).status).toBe(202);
    await register(caregivers.poisoned, 'ops-visit');
    const position = await register(caregivers.other, 'ops-visit');
    expect((await call(`${queryApi.url}/v1/events?caregiverId=${caregivers.other}&month=${month}&minPosition=${position}`)).status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi, projector].map((app) => app?.stop()));
    await mongo?.close();
    await removeSandbox(sandbox);
  });

  it('stops only the poisoned partitions, reports them, and goes on once an admin skips them', async () => {
    // PostgreSQL under FerretDB refuses a NUL character; real MongoDB stores it, so there the
    // catalog's poison is a record version this build cannot read.
    const envelope = { recordedAt: new Date().toISOString(), correlationId: randomUUID(), recordedBy: 'user:someone' };
    poison.catalogOffset = await produce(sandbox.catalogTopic, 0, 'bad-name', {
      ...envelope,
      recordId: poison.catalogRecordId,
      type: 'EventTypeDefined',
      schemaVersion: ferret ? 1 : 99,
      payload: { code: 'bad-name', name: 'Bad\u0000name', amountCents: 100, currency: 'SEK' },
    });
    poison.logOffset = await produce(sandbox.logTopic, poison.logPartition, caregivers.poisoned, {
      ...envelope,
      recordId: poison.logRecordId,
      type: 'EventRegistered',
      schemaVersion: 99,
      payload: { eventId: randomUUID(), caregiverId: caregivers.poisoned, eventType: 'ops-visit', occurredAt: new Date().toISOString() },
    });
    // Records after the poison, on its partitions and on others.
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'ops-after', name: 'After', amountCents: 2000 })).status).toBe(202);
    await register(caregivers.poisoned, 'ops-visit');
    await register(caregivers.other, 'ops-after');

    await waitFor('both poisoned partitions reported stuck', async () => Boolean((await partitionOf(sandbox.catalogTopic, 0))?.stuck && (await partitionOf(sandbox.logTopic, poison.logPartition))?.stuck), 60_000, projector);
    const catalog = (await partitionOf(sandbox.catalogTopic, 0)) as PartitionStatus;
    expect(catalog).toMatchObject({ appliedOffset: poison.catalogOffset - 1, endOffset: poison.catalogOffset + 1, lag: 2 });
    expect(catalog.stuck).toMatchObject({ offset: poison.catalogOffset, recordId: poison.catalogRecordId, recordType: 'EventTypeDefined' });
    expect(catalog.stuck?.reason).toMatch(ferret ? /Unicode/ : /no known record type and version/);
    const log = (await partitionOf(sandbox.logTopic, poison.logPartition)) as PartitionStatus;
    expect(log).toMatchObject({ appliedOffset: poison.logOffset - 1, lag: 2 });
    expect(log.stuck).toMatchObject({ offset: poison.logOffset, recordId: poison.logRecordId, recordType: 'EventRegistered' });
    expect(log.stuck?.reason).toMatch(/schemaVersion 99/);
    expect(log.lagSeconds).toBeGreaterThan(0);

    // The other partitions went on: the other caregiver's later event is in the report.
    await waitFor('the other partition folded on', async () => (await eventCount(caregivers.other)) === 2, 30_000);
    const version = await live();
    expect(version?.partitions.filter((p) => p.stuck).map((p) => `${p.topic}:${p.partition}`).sort()).toEqual([`${sandbox.catalogTopic}:0`, `${sandbox.logTopic}:${poison.logPartition}`].sort());
    expect(version?.partitions.filter((p) => p.topic === sandbox.logTopic && p.partition !== poison.logPartition).every((p) => p.lag === 0)).toBe(true);
    expect(version?.etaSeconds).toBeNull();

    expect(await metric('projector_partition_stuck', sandbox.logTopic, poison.logPartition)).toBe(1);
    expect(await metric('projector_partition_stuck', sandbox.catalogTopic, 0)).toBe(1);
    expect(await metric('projector_partition_stuck', sandbox.logTopic, partitionForKey(sandbox.logTopic, caregivers.other, 6))).toBe(0);
    expect(await metric('projector_lag_seconds', sandbox.logTopic, poison.logPartition)).toBeGreaterThan(0);
    // The poison and the record after it, as the status says: a stuck partition commits nothing.
    await waitFor(
      'the lag gauges to count the records from the poison on',
      async () => (await metric('projector_lag_records', sandbox.catalogTopic, 0)) === 2 && (await metric('projector_lag_records', sandbox.logTopic, poison.logPartition)) === 2,
      30_000,
    );
    await waitFor('readiness down while stuck', async () => (await ready()) === 503, 30_000);

    // Only the record the partition is stuck on can be skipped; bad input is a 4xx problem.
    const skipUrl = `${queryApi.url}/v1/ops/projections/read-models/skip`;
    const wrongOffset = await post(skipUrl, { topic: sandbox.logTopic, partition: poison.logPartition, offset: poison.logOffset + 1, reason: 'wrong one' });
    expectProblem(wrongOffset, 409, 'not-stuck');
    expect(wrongOffset.body.detail).toContain(`stuck on offset ${poison.logOffset}`);
    expectProblem(await post(skipUrl, { topic: sandbox.logTopic, partition: (poison.logPartition + 1) % 6, offset: 0, reason: 'not stuck' }), 409, 'not-stuck');
    expectProblem(await post(`${queryApi.url}/v1/ops/projections/no-such/skip`, { topic: sandbox.logTopic, partition: 0, offset: 0, reason: 'x' }), 404, 'not-found');
    const otherTopic = await post(skipUrl, { topic: 'other-topic', partition: 0, offset: 0, reason: 'no such topic' });
    expectProblem(otherTopic, 404, 'not-found');
    expect(otherTopic.body.detail).toContain(`its topics are ${sandbox.logTopic} and ${sandbox.catalogTopic}`);
    const otherPartition = await post(skipUrl, { topic: sandbox.logTopic, partition: 99, offset: 0, reason: 'no such partition' });
    expectProblem(otherPartition, 404, 'not-found');
    expect(otherPartition.body.detail).toContain('has no partition 99; it has 6 (0 to 5)');
    const invalid = await post(skipUrl, { topic: 'bad topic!', partition: -1, offset: 'x', reason: '', extra: true });
    expect(expectProblem(invalid, 400, 'invalid-input').sort()).toEqual(expect.arrayContaining(['offset', 'partition', 'reason', 'topic']));

    // The CLI shows the same, with the command to skip.
    const shown = await ops('status');
    expect(shown.stdout).toContain(`${sandbox.logTopic}:${poison.logPartition} applied ${poison.logOffset - 1}`);
    expect(shown.stdout).toContain(`--offset ${poison.logOffset}`);

    // The catalog's skip over HTTP, the log's with the CLI.
    const skipped = await post(skipUrl, { topic: sandbox.catalogTopic, partition: 0, offset: poison.catalogOffset, reason: 'name with a NUL character; defined again as bad-name-2' });
    expect(skipped.status).toBe(202);
    expect(skipped.body).toMatchObject({ name: 'read-models', offset: poison.catalogOffset, skippedBy: `user:${sandbox.identity.admin.username}` });
    const cli = await ops('skip', 'read-models', '--topic', sandbox.logTopic, '--partition', String(poison.logPartition), '--offset', String(poison.logOffset), '--reason', 'written by a newer build');
    expect(cli.stdout).toContain('appended');

    // The skips are recorded in the status once the batch that made them is done, a moment after its offsets.
    await waitFor(
      'both partitions folded past their poison, their skips shown',
      async () => {
        const now = await live();
        return (now?.partitions ?? []).every((p) => p.lag === 0 && p.stuck === null) && now?.skipped.length === 2;
      },
      60_000,
      projector,
    );
    expect(await eventCount(caregivers.poisoned)).toBe(2);
    const types = await call<{ code: string }[]>(`${queryApi.url}/v1/event-types`);
    expect(types.body.map((t) => t.code).sort()).toEqual(['ops-after', 'ops-visit']);
    const after = await live();
    expect(after?.skipped.map((s) => [s.topic, s.partition, s.offset, s.skippedBy]).sort()).toEqual(
      [
        [sandbox.catalogTopic, 0, poison.catalogOffset, `user:${sandbox.identity.admin.username}`],
        [sandbox.logTopic, poison.logPartition, poison.logOffset, `user:${sandbox.identity.admin.username}`],
      ].sort(),
    );
    expect(after?.skipped.find((s) => s.topic === sandbox.logTopic)?.reason).toBe('written by a newer build');
    expect(after).toMatchObject({ lag: 0, lagSeconds: 0, etaSeconds: 0 });
    await waitFor('the metric back to 0', async () => (await metric('projector_partition_stuck', sandbox.logTopic, poison.logPartition)) === 0, 10_000);
    await waitFor('ready again', async () => (await ready()) === 200, 10_000);
    expect((await ops('status')).stdout).toContain(`skipped ${sandbox.logTopic}:${poison.logPartition}@${poison.logOffset} by user:${sandbox.identity.admin.username}`);
  });

  it('removes what a refused flush wrote for the records after a skipped one: a void behind a refused reimbursement voids the event', async () => {
    const registered = await post(`${commandApi.url}/v1/events`, { caregiverId: caregivers.poisoned, eventType: 'ops-visit', occurredAt: new Date().toISOString() });
    expect(registered.status).toBe(202);
    const eventId = registered.body.eventId as string;
    expect((await call(`${queryApi.url}/v1/events/${eventId}?minPosition=${registered.body.position as string}`)).status).toBe(200);
    const envelope = { recordedAt: new Date().toISOString(), correlationId: randomUUID(), recordedBy: 'user:someone' };
    const reimbursementId = randomUUID();
    // One flush: the reimbursement's settlement of the event is written, then its outcome (a NUL in
    // the reference) is refused; the void after it was decided with the event reimbursed.
    poison.reimbursementOffset = await produce(
      sandbox.logTopic,
      poison.logPartition,
      caregivers.poisoned,
      { ...envelope, recordId: randomUUID(), type: 'ReimbursementRequested', schemaVersion: 1, payload: { reimbursementId, caregiverId: caregivers.poisoned, eventIds: [eventId], reference: 'pay\u0000out' } },
      { ...envelope, recordId: randomUUID(), type: 'EventVoided', schemaVersion: 1, payload: { eventId, caregiverId: caregivers.poisoned, reason: 'entered twice' } },
    );
    const folded = async () => ((await partitionOf(sandbox.logTopic, poison.logPartition))?.appliedOffset ?? -1) > poison.reimbursementOffset;
    if (ferret) {
      await waitFor('the partition stuck on the reimbursement', async () => (await partitionOf(sandbox.logTopic, poison.logPartition))?.stuck?.offset === poison.reimbursementOffset, 60_000, projector);
      const skip = { topic: sandbox.logTopic, partition: poison.logPartition, offset: poison.reimbursementOffset, reason: 'reference with a NUL character' };
      expect((await post(`${queryApi.url}/v1/ops/projections/read-models/skip`, skip)).status).toBe(202);
      await waitFor('the partition folded past the skipped reimbursement', folded, 60_000, projector);
      expect((await call(`${queryApi.url}/v1/events/${eventId}`)).body).toMatchObject({ status: 'voided', voidReason: 'entered twice' });
      expect((await call(`${queryApi.url}/v1/reimbursements/${reimbursementId}`)).status).toBe(404);
    } else {
      // Real MongoDB stores a NUL: nothing is refused, the reimbursement stands and the void is refused.
      await waitFor('the partition folded both records', folded, 60_000, projector);
      expect((await call(`${queryApi.url}/v1/events/${eventId}`)).body).toMatchObject({ status: 'reimbursed', reimbursementId });
    }
  });

  it('makes the same skips in a rebuild, which reaches the poison records long before the skips in the control topic', async () => {
    const rebuild = await post(`${queryApi.url}/v1/ops/projections/read-models/rebuild`, {});
    expect(rebuild.status).toBe(202);
    const version = rebuild.body.version as string;
    const rebuilt = async () => (await status()).find((p) => p.name === 'read-models')?.versions.find((v) => v.version === version);
    let seen = '';
    await waitFor(
      'the rebuilt version to reach every end offset',
      async () => {
        const now = await rebuilt();
        seen = JSON.stringify({ lag: now?.lag, skipped: now?.skipped.length, stuck: now?.partitions.filter((p) => p.stuck).length });
        return now !== undefined && now.lag === 0 && now.partitions.length > 0;
      },
      120_000,
      projector,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last seen ${seen}`);
    });
    const built = await rebuilt();
    expect(built?.state).toBe('building');
    expect(built?.partitions.filter((p) => p.stuck)).toEqual([]);
    expect(built?.skipped.map((s) => `${s.topic}:${s.partition}@${s.offset}`).sort()).toEqual(
      [
        `${sandbox.catalogTopic}:0@${poison.catalogOffset}`,
        `${sandbox.logTopic}:${poison.logPartition}@${poison.logOffset}`,
        ...(ferret ? [`${sandbox.logTopic}:${poison.logPartition}@${poison.reimbursementOffset}`] : []),
      ].sort(),
    );
    const documents = async (db: string, collection: string) => await mongo.db(db).collection(collection).find({}).sort({ _id: 1 }).toArray();
    for (const collection of ['caregiver_totals', 'ledger_events', 'event_settlements', 'void_refusals', 'reimbursements', 'event_types']) {
      expect(await documents(`${sandbox.database}_${version}`, collection)).toEqual(await documents(sandbox.database, collection));
    }
    expect((await call(`${queryApi.url}/v1/ops/projections/read-models/versions/${version}`, { method: 'DELETE' })).status).toBe(202);
  });

  it('answers the ops CLI with clear errors: a refused skip, no token, bad input, all without a stack', async () => {
    const unknown = await ops('resurrect').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(unknown?.code).toBe(64);
    expect(unknown?.stderr).toContain('unknown command "resurrect"');
    const refused = await ops('skip', 'read-models', '--topic', sandbox.logTopic, '--partition', '0', '--offset', '0', '--reason', 'nothing is stuck').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/^ops: 409 Partition not stuck on that record: .*is not stuck/);
    const json = JSON.parse((await ops('status', '--json')).stdout) as ProjectionStatus[];
    expect(json[0]).toMatchObject({ name: 'read-models', activeVersion: 'v2' });
    const noToken = await run(process.execPath, [join(ROOT, 'scripts', 'ops.mjs'), 'status'], { env: { PATH: process.env.PATH ?? '', QUERY_API_URL: queryApi.url } }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(noToken?.code).toBe(64);
    expect(noToken?.stderr).toContain('an admin token is needed');
    const missing = await ops('skip', 'read-models', '--topic', sandbox.logTopic).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(missing?.code).toBe(64);
    expect(missing?.stderr).toContain('--reason is required');
    expect(noToken?.stderr).not.toMatch(/\n\s+at /);
  });
});
