// Creates the topics with explicit settings, after waiting until the broker answers metadata
// requests. Existing topics are left as they are.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');

const env = (name, fallback) => process.env[name] ?? fallback;
const brokers = env('KAFKA_BROKERS', '127.0.0.1:9092').split(',');
const replicationFactor = Number(env('KAFKA_REPLICATION_FACTOR', '1'));
const minInsync = env('KAFKA_MIN_INSYNC_REPLICAS', '1');
const logTopic = env('LOG_TOPIC', 'reimbursements.log');
const topics = [
  { topic: logTopic, numPartitions: Number(env('LOG_TOPIC_PARTITIONS', '6')) },
  { topic: env('CATALOG_TOPIC', 'reimbursements.catalog'), numPartitions: 1 },
  // Ops commands to the projectors (skips of poison records); read whole by every instance.
  { topic: env('CONTROL_TOPIC', '') || `${logTopic}.control`, numPartitions: 1 },
].map((t) => ({
  ...t,
  replicationFactor,
  // The log is the source of truth: never delete by age or size.
  configEntries: [
    { name: 'retention.ms', value: '-1' },
    { name: 'retention.bytes', value: '-1' },
    { name: 'cleanup.policy', value: 'delete' },
    { name: 'min.insync.replicas', value: minInsync },
  ],
}));

const kafka = new Kafka({ clientId: 'create-topics', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const deadline = Date.now() + 90_000;
for (;;) {
  try {
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [] });
    break;
  } catch (error) {
    if (Date.now() > deadline) {
      console.error(`broker ${brokers} did not answer metadata requests: ${error.message}`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
const existing = new Set(await admin.listTopics());
const missing = topics.filter((t) => !existing.has(t.topic));
if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
for (const t of topics) {
  console.error(`[servers] topic ${t.topic}: ${existing.has(t.topic) ? 'exists' : 'created'} (${t.numPartitions} partitions)`);
}
await admin.disconnect();

// A fresh broker answers metadata before it can allocate producer ids or coordinate groups; the
// servers count as up only once an idempotent producer connects and a consumer joins a group.
const warmKafka = new Kafka({
  clientId: 'warm-up',
  brokers,
  logLevel: logLevel.NOTHING,
  retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 3000 },
});
const producer = warmKafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
await producer.disconnect();
const consumer = warmKafka.consumer({ groupId: 'warm-up', sessionTimeout: 10000, heartbeatInterval: 1000 });
const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
const gaveUp = setTimeout(() => {
  console.error(`[servers] no consumer group could be joined on ${brokers} within 180 s`);
  process.exit(1);
}, 180_000);
await consumer.connect();
await consumer.subscribe({ topic: topics[1].topic, fromBeginning: true });
await consumer.run({ eachMessage: async () => undefined });
await joined;
await consumer.disconnect();
clearTimeout(gaveUp);
console.error('[servers] kafka accepts idempotent producers and consumer groups');
// On a fresh broker kafkajs has been seen to keep a timer of the stopped consumer alive for good
// (start.sh then never returned): the work is done, so the script ends here.
process.exit(0);
