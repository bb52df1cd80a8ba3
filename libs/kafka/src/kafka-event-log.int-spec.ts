import { DependencyUnavailableError } from '@reimbursements/domain/errors/dependency-unavailable.error';
import { EventTypeDefined } from '@reimbursements/domain/catalog/event-type-defined.record';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createKafka } from './kafka-client.factory';
import { KafkaCatalogFeed } from './kafka-catalog-feed';
import { KafkaEventLog } from './kafka-event-log';
import { KafkaRecordSource, SourceBatch } from './kafka-record-source';
import { KafkaSettings } from './kafka-settings';

const BROKERS = (process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`).split(',');
const quiet = () => undefined;

/** Polls a condition every 100 ms until it holds; throws, naming it, after `timeoutMs`. */
async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A real client whose producers report each Produce request they send to the broker (kafkajs's
 * own instrumentation events), so a test can count sends without standing in for the broker.
 */
function countingProduceRequests(kafka: Kafka): { kafka: Kafka; produceRequests: () => number } {
  let count = 0;
  const producer = kafka.producer.bind(kafka);
  kafka.producer = (config) => {
    const instance = producer(config);
    instance.on(instance.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'Produce') count += 1;
    });
    return instance;
  };
  return { kafka, produceRequests: () => count };
}

function record(caregiverId: string, n: number) {
  return newRecord('EventRegistered', 1, { eventId: randomUUID(), caregiverId, eventType: 't', occurredAt: '2026-01-01T00:00:00Z', amountCents: n, currency: 'SEK' }, { correlationId: `c-${n}`, recordedBy: 'test' }, randomUUID(), new Date());
}

describe('Kafka adapters against the real broker', () => {
  const id = `int-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  const settings: KafkaSettings = { brokers: BROKERS, clientId: id, logTopic: `${id}.log`, catalogTopic: `${id}.catalog`, sendTimeoutMs: 10_000 };
  const admin = new Kafka({ brokers: BROKERS, clientId: id, logLevel: logLevel.NOTHING }).admin();
  let eventLog: KafkaEventLog;
  let produceRequests: () => number;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: settings.logTopic, numPartitions: 3 },
        { topic: settings.catalogTopic, numPartitions: 1 },
      ],
    });
    const counting = countingProduceRequests(createKafka(settings, quiet));
    produceRequests = counting.produceRequests;
    eventLog = new KafkaEventLog(counting.kafka, settings);
  });

  afterAll(async () => {
    await eventLog.close();
    await admin.deleteTopics({ topics: [settings.logTopic, settings.catalogTopic] });
    await admin.disconnect();
  });

  it('coalesces concurrent appends and gives each record the offset the broker stored it at', async () => {
    const caregivers = ['a', 'b', 'c', 'd', 'e'];
    const appends = Array.from({ length: 300 }, (_, n) => eventLog.append([{ stream: 'log', key: caregivers[n % 5], record: record(caregivers[n % 5], n) }]));
    const appended = (await Promise.all(appends)).flat();
    // Coalesced: the 300 appends went out in a few sends, not one each (one Produce request per send).
    const sends = produceRequests();
    expect(sends).toBeGreaterThanOrEqual(1);
    // One Produce request per append would be 300; a fresh broker makes the first few retry.
    expect(sends).toBeLessThanOrEqual(100);

    const keys = appended.map((a) => `${a.partition}:${a.offset}`);
    expect(new Set(keys).size).toBe(300);
    const offsets = await admin.fetchTopicOffsets(settings.logTopic);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(300);

    // Read everything back and check that every (partition, offset) holds the record we appended there.
    const consumed = new Map<string, number>();
    const source = new KafkaRecordSource(createKafka(settings, quiet), {
      groupId: `${id}-reader`,
      topics: [settings.logTopic],
      partitionsConsumedConcurrently: 3,
      maxBytesPerPartition: 1024 * 1024,
    });
    const done = new Promise<void>((resolve) =>
      source.start(async (batch: SourceBatch) => {
        for (const r of batch.records) consumed.set(`${r.partition}:${r.offset}`, (r.record.payload as { amountCents: number }).amountCents);
        if (consumed.size === 300) resolve();
        return { commit: batch.lastOffset };
      }),
    );
    await done;
    // Offsets are committed after the handler returns: wait for the last commit, then leave.
    const committedTotal = async () =>
      (await admin.fetchOffsets({ groupId: `${id}-reader`, topics: [settings.logTopic] }))[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    await waitUntil('the reader to commit all 300 offsets', async () => (await committedTotal()) >= 300);
    await source.stop();
    appended.forEach((a, n) => expect(consumed.get(`${a.partition}:${a.offset}`)).toBe(n));
    // All records of one caregiver share a partition (concurrent appends have no order of their own).
    for (const caregiver of caregivers) {
      const mine = appended.filter((_, n) => caregivers[n % 5] === caregiver);
      expect(new Set(mine.map((a) => a.partition)).size).toBe(1);
    }
    // One after the other, they are stored in the order they were acknowledged.
    const sequential = [];
    for (let n = 0; n < 5; n++) sequential.push(...(await eventLog.append([{ stream: 'log', key: 'a', record: record('a', 1000 + n) }])));
    expect(sequential.map((a) => a.offset)).toEqual([...sequential.map((a) => a.offset)].sort((x, y) => x - y));
    expect(new Set(sequential.map((a) => a.partition)).size).toBe(1);
    const committed = await admin.fetchOffsets({ groupId: `${id}-reader`, topics: [settings.logTopic] });
    expect(committed[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0)).toBe(300);
  });

  it('lets the catalog feed catch up with a definition appended by someone else', async () => {
    const feed = new KafkaCatalogFeed(createKafka(settings, quiet), settings, 5000);
    await feed.start();
    try {
      const definition: EventTypeDefined = newRecord('EventTypeDefined', 1, { code: 'xr', name: 'X', amountCents: 500, currency: 'SEK' }, { correlationId: 'c', recordedBy: 't' }, randomUUID(), new Date());
      await eventLog.append([{ stream: 'catalog', key: 'xr', record: definition }]);
      const catalog = await feed.catchUp();
      expect(catalog.amountAt('xr', new Date(), 'Europe/Stockholm')).toBe(500);
      expect(catalog.definingRecordId('xr')).toBe(definition.recordId);
    } finally {
      await feed.stop();
    }
  });

  it('answers DependencyUnavailableError when the broker cannot be reached', async () => {
    const unreachable = { ...settings, brokers: ['127.0.0.1:1'], sendTimeoutMs: 1000 };
    const cut = new KafkaEventLog(createKafka(unreachable, quiet), unreachable);
    const started = Date.now();
    await expect(cut.append([{ stream: 'log', key: 'a', record: record('a', 1) }])).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(Date.now() - started).toBeLessThan(5000);
    await cut.close().catch(() => undefined);
  });
});
