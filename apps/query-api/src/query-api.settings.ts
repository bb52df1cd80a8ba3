import { SharedSettings, toInt } from '@reimbursements/platform/config/shared-settings';
import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

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
}
