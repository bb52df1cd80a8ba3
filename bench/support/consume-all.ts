import { EachBatchPayload, Kafka } from 'kafkajs';
import { msSince } from './report';

export interface ConsumeAllSettings {
  /** Records to read before stopping: everything the bench preloaded. */
  total: number;
  /** As the projector fetches (PROJECTOR_MAX_BYTES_PER_PARTITION), so the stages see the same batches. */
  maxBytesPerPartition: number;
  partitionsConcurrently: number;
}

/** Stages (a) and (a') of the fold benchmarks: a consumer group of their own reading the log topic from the start. */
export async function consumeAll(
  kafka: Kafka,
  topic: string,
  groupId: string,
  settings: ConsumeAllSettings,
  perBatch: (payload: EachBatchPayload) => void | Promise<void>,
): Promise<{ seconds: number; startupSeconds: number; batches: number }> {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    rebalanceTimeout: 30000,
    heartbeatInterval: 1000,
    maxBytesPerPartition: settings.maxBytesPerPartition,
    allowAutoTopicCreation: false,
  });
  let count = 0;
  let batches = 0;
  let firstAt: number | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const start = process.hrtime.bigint();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: settings.partitionsConcurrently,
      eachBatch: async (payload) => {
        firstAt ??= msSince(start);
        count += payload.batch.messages.length;
        batches += 1;
        await perBatch(payload);
        if (count >= settings.total) finish();
      },
    });
    await done;
    return { seconds: msSince(start) / 1000, startupSeconds: (firstAt ?? 0) / 1000, batches };
  } finally {
    await consumer.disconnect();
  }
}
