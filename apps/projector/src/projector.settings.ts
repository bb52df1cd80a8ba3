import { SharedSettings, toInt } from '@reimbursements/platform/config/shared-settings';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { FAULT_POINTS, FaultPoint } from './projection/fault-injection';

export class ProjectorSettings extends SharedSettings {
  override PORT = 3003;
  override KAFKA_CLIENT_ID = 'projector';

  @IsString()
  @IsNotEmpty()
  PROJECTOR_GROUP_ID = 'projector';

  @IsInt()
  @Min(1)
  @Max(64)
  @Transform(toInt)
  PROJECTOR_PARTITIONS_CONCURRENTLY = 6;

  /** Caps how much one fetch (and so one batch) holds per partition. */
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  @Transform(toInt)
  PROJECTOR_MAX_BYTES_PER_PARTITION = 1024 * 1024;

  /**
   * How long a fetch waits for records, and how long the consumer sleeps while every partition is
   * paused: a partition resumed meanwhile (a batch finished apart from the fetches) is fetched
   * again only after it. kafkajs's 5000 ms left a rebuild's partitions idle in waves.
   */
  @IsInt()
  @Min(10)
  // kafkajs heartbeats between fetches only: a fetch near the consumer's 10 s session would lose the group.
  @Max(5000)
  @Transform(toInt)
  PROJECTOR_FETCH_MAX_WAIT_MS = 250;

  /**
   * Documents per MongoDB bulk write. FerretDB 1.24 holds one PostgreSQL connection per updated
   * document until the whole command ends, from a pool of `pool_max_conns`: a bulk write larger
   * than the pool (or several that together are) waits forever. Real MongoDB takes 1000 well.
   * 8 x PROJECTOR_PARTITIONS_CONCURRENTLY (6) x 2 folds (the live version and a rebuild) is 96
   * connections at most, below the 100 of scripts/servers/mongo.sh.
   */
  @IsInt()
  @Min(1)
  @Max(100000)
  @Transform(toInt)
  PROJECTOR_WRITE_CHUNK = 8;

  /**
   * While a partition catches up, the fold holds decided records and flushes them together, so
   * each caregiver's totals are written once per flush rather than once per batch: at most this
   * many records (libs/domain/src/fold/exactly-once-fold.ts). A caught-up partition flushes every batch.
   * Held records cost memory until their flush: about 1.7 KiB each (bench:fold:mixed, 6 partitions
   * of 37,000 records held at once: 497 MiB of heap at the peak, 200,000 events' decision state included).
   */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  @Transform(toInt)
  PROJECTOR_HOLD_RECORDS = 40_000;

  /** ...and for at most this long (milliseconds): what a read-your-writes waits at worst under a steady load. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  @Transform(toInt)
  PROJECTOR_HOLD_MS = 2_000;

  /**
   * ...or this long while the partition catches up (the log held more records behind the batch):
   * each flush writes every caregiver's totals it touched, and a partition whose consumer waits for
   * other partitions' flushes would flush after a few batches if the hold time applied.
   */
  @IsInt()
  @Min(0)
  @Max(600_000)
  @Transform(toInt)
  PROJECTOR_CATCH_UP_HOLD_MS = 30_000;

  /** Refusals of the same record in a row (by the store, or unreadable) that make its partition stuck. */
  @IsInt()
  @Min(1)
  @Max(1000)
  @Transform(toInt)
  PROJECTOR_REFUSALS_BEFORE_STUCK = 3;

  /** How long a partition waits before trying a refused record again (and reading the skips again), in milliseconds. */
  @IsInt()
  @Min(10)
  @Max(600_000)
  @Transform(toInt)
  PROJECTOR_REFUSAL_RETRY_MS = 5_000;

  /** Readiness is down while a partition has been stuck longer than this, in seconds. */
  @IsInt()
  @Min(0)
  @Max(86_400)
  @Transform(toInt)
  PROJECTOR_STUCK_NOT_READY_SECONDS = 300;

  /** How often at most each partition's status (lag in time, fold rate) is recorded for GET /v1/ops/projections, in milliseconds. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  @Transform(toInt)
  PROJECTOR_STATUS_INTERVAL_MS = 2_000;

  /** How long the projector waits for the control topic's skips before retrying a partition, in milliseconds. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  @Transform(toInt)
  PROJECTOR_CONTROL_CATCH_UP_TIMEOUT_MS = 5_000;

  /**
   * After a switch, how long the projector waits for the new version to apply what the retired one
   * had before the query-api is told to answer from it, in milliseconds (then it switches anyway, with a warning).
   */
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  @Transform(toInt)
  PROJECTOR_SWITCH_CATCH_UP_MS = 60_000;

  /** Test-only: kill the process at a write boundary of the fold (see fault-injection.ts). */
  @IsIn(['none', ...FAULT_POINTS])
  PROJECTOR_FAULT: FaultPoint | 'none' = 'none';

  @IsInt()
  @Min(1)
  @Transform(toInt)
  PROJECTOR_FAULT_AFTER_BATCHES = 1;
}
