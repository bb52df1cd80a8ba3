import { PartitionMetadata, Partitioners } from 'kafkajs';

const defaultPartitioner = Partitioners.DefaultPartitioner();

/** The partitioner reads only how many partitions there are (all with a leader): one list per count, not one per record. */
const metadataByCount = new Map<number, PartitionMetadata[]>();

function partitionMetadata(partitionCount: number): PartitionMetadata[] {
  let metadata = metadataByCount.get(partitionCount);
  if (metadata === undefined) {
    metadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [],
      isr: [],
    }));
    metadataByCount.set(partitionCount, metadata);
  }
  return metadata;
}

/**
 * The partition Kafka's Java client would choose for a key (murmur2), computed here so we know
 * each record's partition, and so its offset, before the broker answers.
 */
export function partitionForKey(topic: string, key: string, partitionCount: number): number {
  return defaultPartitioner({ topic, partitionMetadata: partitionMetadata(partitionCount), message: { key, value: null } });
}
