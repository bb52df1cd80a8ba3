import { DependencyUnavailableError } from '@reimbursements/domain/errors/dependency-unavailable.error';
import { EventTypeDefined } from '@reimbursements/domain/catalog/event-type-defined.record';
import { EventRegistered } from '@reimbursements/domain/events/event-registered.record';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { randomUUID } from 'node:crypto';
import { connect as connectSocket } from 'node:net';
import { ISocketFactory, Kafka, logLevel } from 'kafkajs';
import { createKafka, kafkaConfig } from './kafka-client.factory';
import { KafkaCatalogFeed } from './kafka-catalog-feed';
import { KafkaEventLog } from './kafka-event-log';
import { KafkaRecordSource, SourceBatch } from './kafka-record-source';
import { KafkaSettings } from './kafka-settings';
import { decodeRecord } from './record-codec';

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

const PRODUCE_API_KEY = 0;

/**
 * Real sockets to the broker which, once armed, let the next Produce request through and lose its
 * response, then close: the broker has stored the records, and the producer sees the send fail.
 */
function losingProduceResponses(): { socketFactory: ISocketFactory; loseProduceResponses: (count: number) => void } {
  let armed = 0;
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = connectSocket({ host, port }, onConnect);
    let losing = false;
    const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
    socket.write = ((chunk: unknown, ...rest: unknown[]) => {
      // A request is its size (int32), then its API key (int16).
      if (armed > 0 && Buffer.isBuffer(chunk) && chunk.length > 6 && chunk.readInt16BE(4) === PRODUCE_API_KEY) {
        armed -= 1;
        losing = true;
      }
      return write(chunk, ...rest);
    }) as typeof socket.write;
    const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (losing && event === 'data') {
        socket.destroy(new Error('the connection dropped before the response'));
        return true;
      }
      return emit(event, ...args);
    }) as typeof socket.emit;
    return socket;
  };
  return { socketFactory, loseProduceResponses: (count) => (armed = count) };
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

  it('never acknowledges a record it did not store after a send that failed once the broker had stored it', async () => {
    // kafkajs rolls an idempotent producer's sequence back when a send fails, even if the broker
    // stored the batch: the next batch would reuse its sequence number, and the broker would take
    // it for a retry of the stored one, answer with that one's offset and drop it.
    const losing = losingProduceResponses();
    // One retry (an idempotent producer needs some), and both tries' responses lost.
    const kafka = new Kafka({ ...kafkaConfig(settings, quiet), retry: { retries: 1, initialRetryTime: 100 }, socketFactory: losing.socketFactory });
    const log = new KafkaEventLog(kafka, settings);
    try {
      const [warmUp] = await log.append([{ stream: 'log', key: 'lost', record: record('lost', 1) }]);
      losing.loseProduceResponses(2);
      await expect(log.append([{ stream: 'log', key: 'lost', record: record('lost', 2) }])).rejects.toBeInstanceOf(DependencyUnavailableError);
      const [next] = await log.append([{ stream: 'log', key: 'lost', record: record('lost', 3) }]);

      expect(next.partition).toBe(warmUp.partition);
      // The failed send's record is in the log (api.md: a 503 may or may not have written it), and so is the next one, at the offset acknowledged.
      expect(next.offset).toBe(warmUp.offset + 2);
      const stored = await readPartition(warmUp.partition, warmUp.offset, 3);
      expect(stored.map((r) => r.amountCents)).toEqual([1, 2, 3]);
    } finally {
      await log.close().catch(() => undefined);
    }
  });

  /** The amounts of `count` records of the log's `partition` from `offset` on, read by a consumer of its own. */
  async function readPartition(partition: number, offset: number, count: number): Promise<{ offset: number; amountCents: number }[]> {
    const consumer = createKafka(settings, quiet).consumer({ groupId: `${id}-read-${randomUUID()}` });
    const read: { offset: number; amountCents: number }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: settings.logTopic, fromBeginning: true });
      const done = new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ partition: p, message }) => {
            if (p !== partition || Number(message.offset) < offset || read.length >= count) return;
            const stored = decodeRecord(message.value) as EventRegistered;
            read.push({ offset: Number(message.offset), amountCents: stored.payload.amountCents });
            if (read.length === count) resolve();
          },
        });
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${read.length} of ${count} records read`)), 20_000)));
      await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect();
    }
    return read;
  }

  it('answers DependencyUnavailableError when the broker cannot be reached', async () => {
    const unreachable = { ...settings, brokers: ['127.0.0.1:1'], sendTimeoutMs: 1000 };
    // Few retries of the connection, so that close(), which waits for the attempt to end, is quick.
    const cut = new KafkaEventLog(new Kafka({ ...kafkaConfig(unreachable, quiet), retry: { retries: 1, initialRetryTime: 100 } }), unreachable);
    const started = Date.now();
    await expect(cut.append([{ stream: 'log', key: 'a', record: record('a', 1) }])).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(Date.now() - started).toBeLessThan(5000);
    await cut.close();
  });
});
