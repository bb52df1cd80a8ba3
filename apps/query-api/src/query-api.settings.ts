import { ID_QUERY_SHAPES, IdQueryShape } from '@reimbursements/mongo/find-by-ids';
import { SharedSettings, toInt } from '@reimbursements/platform/config/shared-settings';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';

export class QueryApiSettings extends SharedSettings {
  override PORT = 3002;
  override KAFKA_CLIENT_ID = 'query-api';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsInt()
  @Min(1)
  @Max(86400)
  @Transform(toInt)
  REPORT_CACHE_TTL_SECONDS = 60;

  /** How long a query with `minPosition` waits for the read models before answering 503. */
  @IsInt()
  @Min(0)
  @Max(60000)
  @Transform(toInt)
  READ_YOUR_WRITES_TIMEOUT_MS = 5000;

  /**
   * The log topic's partition count (scripts/servers/create-topics.mjs: 6). The report cache keys an
   * answer by the applied offsets of its caregivers' partitions only, computed with this count; a
   * partition beyond it seen applied makes every answer depend on every partition.
   */
  @IsInt()
  @Min(1)
  @Max(10000)
  @Transform(toInt)
  LOG_PARTITIONS = 6;

  /**
   * How old the applied offsets an answer without `minPosition` reflects may be: they are read from
   * MongoDB in the background every half of this, so requests (and cache hits) never wait for them.
   */
  @IsInt()
  @Min(50)
  @Max(60000)
  @Transform(toInt)
  REPORT_POSITION_MAX_AGE_MS = 1000;

  /** How often each instance reads which projection version is live, in milliseconds: a switch reaches every instance within this. */
  @IsInt()
  @Min(50)
  @Max(60000)
  @Transform(toInt)
  PROJECTION_VERSION_POLL_MS = 250;

  /** How long an ops command (rebuild, switch, drop, replay) waits for the projectors to take it before it answers, in milliseconds. */
  @IsInt()
  @Min(0)
  @Max(120000)
  @Transform(toInt)
  OPS_COMMAND_WAIT_MS = 15000;

  /** How long a switch gives the new version to apply what the live one had when asked, before it is refused as lagging, in milliseconds. */
  @IsInt()
  @Min(0)
  @Max(120000)
  @Transform(toInt)
  OPS_SWITCH_LAG_WAIT_MS = 3000;

  /** A report naming more caregivers than this, or naming none, is heavy: it waits for one of REPORT_HEAVY_AT_ONCE turns. */
  @IsInt()
  @Min(1)
  @Max(10000)
  @Transform(toInt)
  REPORT_HEAVY_CAREGIVERS = 1000;

  @IsInt()
  @Min(1)
  @Max(64)
  @Transform(toInt)
  REPORT_HEAVY_AT_ONCE = 2;

  /** `id-lookups` for FerretDB (the only indexed lookup it has), `in` for real MongoDB (docs/mongodb-wire-server.md). */
  @IsIn(ID_QUERY_SHAPES)
  REPORT_QUERY_SHAPE: IdQueryShape = 'id-lookups';

  /**
   * How many months, ending with the current one, a report caches apart from the closed months
   * before them: 2 by default, since last month still receives reimbursements every day. Only what
   * is cached together; correctness never depends on it (report-parts.ts).
   */
  @IsInt()
  @Min(1)
  @Max(120)
  @Transform(toInt)
  REPORT_OPEN_MONTHS = 2;

  /** A CSV answer larger than this is streamed but not cached. */
  @IsInt()
  @Min(0)
  @Max(256 * 1024 * 1024)
  @Transform(toInt)
  REPORT_CSV_CACHE_MAX_BYTES = 8 * 1024 * 1024;
}
