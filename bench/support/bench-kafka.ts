import { createKafka } from '@reimbursements/kafka/kafka-client.factory';
import { KafkaSettings } from '@reimbursements/kafka/kafka-settings';
import { Admin, Kafka } from 'kafkajs';
import { note } from './report';

/** The benchmark's own topics: never the ones the apps or the tests use. */
export interface BenchTopics {
  log: string;
  catalog: string;
  logPartitions: number;
}

export function benchKafkaSettings(topics: BenchTopics, clientId: string): KafkaSettings {
  return {
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId,
    logTopic: topics.log,
    catalogTopic: topics.catalog,
    sendTimeoutMs: 30000,
  };
}

/** Our own client factory (same timeouts and retries as the apps), logging to stderr. */
export function benchKafka(topics: BenchTopics, clientId: string): Kafka {
  return createKafka(benchKafkaSettings(topics, clientId), (level, message, extra) => {
    if (level === 'error' || level === 'warn') note(`${level} ${message} ${JSON.stringify(extra)}`);
  });
}

export function benchTopicNames(prefix: string, stamp: string, logPartitions = 6): BenchTopics {
  return { log: `${prefix}-${stamp}.log`, catalog: `${prefix}-${stamp}.catalog`, logPartitions };
}

/** As scripts/servers/create-topics.mjs does for the real topics: kept forever, acks from min ISR. */
export async function createBenchTopics(admin: Admin, topics: BenchTopics): Promise<void> {
  const configEntries = [
    { name: 'retention.ms', value: '-1' },
    { name: 'retention.bytes', value: '-1' },
    { name: 'cleanup.policy', value: 'delete' },
    { name: 'min.insync.replicas', value: '1' },
  ];
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: topics.log, numPartitions: topics.logPartitions, replicationFactor: 1, configEntries },
      { topic: topics.catalog, numPartitions: 1, replicationFactor: 1, configEntries },
      // The projector reads its skips from here before folding (the apps' default name).
      { topic: `${topics.log}.control`, numPartitions: 1, replicationFactor: 1, configEntries },
    ],
  });
}

export async function deleteBenchTopics(admin: Admin, topics: BenchTopics): Promise<void> {
  try {
    await admin.deleteTopics({ topics: [topics.log, topics.catalog, `${topics.log}.control`], timeout: 30000 });
  } catch (error) {
    note(`could not delete topics ${topics.log}, ${topics.catalog}: ${(error as Error).message}`);
  }
}

export interface TopicOffsets {
  /** Per partition, the offset the next record will get. */
  end: Map<number, number>;
  start: Map<number, number>;
  /** Sum over partitions of end minus start: the records the topic holds. */
  records: number;
}

export async function topicOffsets(admin: Admin, topic: string): Promise<TopicOffsets> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const end = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  const start = new Map(offsets.map((o) => [o.partition, Number(o.low)]));
  const records = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
  return { end, start, records };
}

/**
 * Deletes the run's consumer groups, and every group whose id starts with `prefix` (the projector's
 * control-topic readers, `<group>-control-<uuid>`, and a rebuilt version's `<group>-v3`).
 */
export async function deleteBenchGroups(admin: Admin, groups: string[], prefix: string): Promise<void> {
  const found = await admin.listGroups().then(
    (listed) => listed.groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix)),
    () => [],
  );
  await admin.deleteGroups([...new Set([...groups, ...found])]).catch(() => undefined);
}
