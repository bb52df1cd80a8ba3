import { newRecord } from '@reimbursements/domain/records/new-record';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createKafka } from './kafka-client.factory';
import { KafkaRecordSource, SourceBatch } from './kafka-record-source';
import { KafkaSettings } from './kafka-settings';
import { encodeRecord } from './record-codec';

const BROKERS = (process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`).split(',');
const quiet = () => undefined;

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('KafkaRecordSource against the real broker', () => {
  const id = `int-src-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  const settings: KafkaSettings = { brokers: BROKERS, clientId: id, logTopic: `${id}.log`, catalogTopic: `${id}.catalog`, sendTimeoutMs: 10_000 };
  const kafka = new Kafka({ brokers: BROKERS, clientId: id, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: settings.logTopic, numPartitions: 2 }] });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [settings.logTopic] });
    await admin.disconnect();
  });

  async function append(partition: number, count: number): Promise<void> {
    const messages = Array.from({ length: count }, (_, n) => {
      const record = newRecord('EventRegistered', 1, { eventId: randomUUID(), caregiverId: `cg-${partition}`, eventType: 't', occurredAt: '2026-01-01T00:00:00Z', amountCents: n, currency: 'SEK' }, { correlationId: 'c', recordedBy: 'test' }, randomUUID(), new Date());
      return encodeRecord(`cg-${partition}`, record, partition);
    });
    await producer.send({ topic: settings.logTopic, messages });
  }

  it("goes on with the other partitions while one partition's batch takes long, and then goes on with that one where it ended", async () => {
    await append(0, 10);
    await append(1, 10);
    const handled: Record<number, number[]> = { 0: [], 1: [] };
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let slowStarted = false;
    const source = new KafkaRecordSource(createKafka(settings, quiet), {
      groupId: `${id}-reader`,
      topics: [settings.logTopic],
      partitionsConsumedConcurrently: 2,
      maxBytesPerPartition: 1024 * 1024,
      detachAfterMs: 200,
    });
    await source.start(async (batch: SourceBatch) => {
      if (batch.partition === 0 && !slowStarted) {
        slowStarted = true;
        // A long flush: the batch ends only when the test says so.
        await released;
      }
      for (const r of batch.records) handled[batch.partition].push(r.offset);
      return { commit: batch.lastOffset };
    });
    try {
      await waitUntil('the slow batch of partition 0 to start', () => slowStarted);
      await waitUntil('partition 1 handled', () => handled[1].length === 10);
      await append(1, 5);
      // With one fetch for both partitions, kafkajs would wait for partition 0's batch before fetching these.
      await waitUntil("partition 1's later records handled while partition 0's batch still runs", () => handled[1].length === 15);
      expect(handled[0]).toEqual([]);
      expect(source.detachedBatches()).toBe(1);

      release();
      await append(0, 5);
      await waitUntil('partition 0 handled to its end', () => handled[0].length >= 15);
      // Where the detached batch ended, nothing again and nothing skipped.
      expect(handled[0]).toEqual(Array.from({ length: 15 }, (_, n) => n));
      expect(handled[1]).toEqual(Array.from({ length: 15 }, (_, n) => n));
      const committed = async () => (await admin.fetchOffsets({ groupId: `${id}-reader`, topics: [settings.logTopic] }))[0].partitions.map((p) => Number(p.offset)).sort();
      const deadline = Date.now() + 10_000;
      while ((await committed()).join() !== '15,15' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await committed()).toEqual([15, 15]);
    } finally {
      release();
      await source.stop();
    }
  });
});
