import { Partitioners } from 'kafkajs';

const defaultPartitioner = Partitioners.DefaultPartitioner();

/**
 * The partition Kafka's Java client would choose for a key (murmur2), computed here so we know
 * each record's partition, and so its offset, before the broker answers.
 */
export function partitionForKey(topic: string, key: string, partitionCount: number): number {
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [],
    isr: [],
  }));
  return defaultPartitioner({ topic, partitionMetadata, message: { key, value: null } });
}
