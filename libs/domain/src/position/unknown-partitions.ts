import { LogPosition } from './log-position';

/** How many partitions each topic has; a topic it does not name is not one of ours. */
export type PartitionCounts = Record<string, number>;

/**
 * The `topic:partition` keys of a position that name no partition of our topics: a topic other than
 * `topics`, or a partition at or past the count known for its topic. A position the command API gave
 * never names one, so a query can refuse such a forged position at once instead of waiting for
 * partitions that will never be folded. A topic whose count is not known yet is taken on trust.
 */
export function unknownPartitions(position: LogPosition, topics: readonly string[], counts: PartitionCounts): string[] {
  return Object.keys(position).filter((key) => {
    const separator = key.lastIndexOf(':');
    const topic = key.slice(0, separator);
    const partition = Number(key.slice(separator + 1));
    if (!topics.includes(topic)) return true;
    const count = counts[topic];
    return count !== undefined && partition >= count;
  });
}
