import { PartitionCounts } from '../position/unknown-partitions';

/**
 * The partition count of each topic of the log, as the projector last read it from the broker. The
 * query API has no access to Kafka; with this it can refuse a position that names partitions which
 * do not exist, instead of holding a poller on it until the read-your-writes timeout.
 */
export abstract class LogPartitions {
  /** Records counts read from the broker; a count never goes down (Kafka only adds partitions). */
  abstract record(counts: PartitionCounts): Promise<void>;
  /** The counts recorded so far (none before a projector has run). */
  abstract counts(): Promise<PartitionCounts>;
}
