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

/** Keys remembered per partition count before that count's memo starts afresh: bounds memory, however many keys pass. */
export const PARTITION_MEMO_KEYS = 100_000;

/**
 * A key's partition depends only on the key and the count (the topic only seeds the partitioner's
 * round robin for keyless records), and the same caregivers come back on every report and every
 * batch: hashing each again was 7 % of a cached report's CPU.
 */
const partitionByKeyByCount = new Map<number, Map<string, number>>();

/**
 * The partition Kafka's Java client would choose for a key (murmur2), computed here so we know
 * each record's partition, and so its offset, before the broker answers.
 */
export function partitionForKey(topic: string, key: string, partitionCount: number): number {
  let memo = partitionByKeyByCount.get(partitionCount);
  if (memo === undefined) {
    memo = new Map();
    partitionByKeyByCount.set(partitionCount, memo);
  }
  let partition = memo.get(key);
  if (partition === undefined) {
    partition = defaultPartitioner({ topic, partitionMetadata: partitionMetadata(partitionCount), message: { key, value: null } });
    if (memo.size >= PARTITION_MEMO_KEYS) memo.clear();
    memo.set(key, partition);
  }
  return partition;
}
