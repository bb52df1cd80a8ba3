import { RegistrationSettings } from '@reimbursements/domain/events/register-event.rule';
import { SharedSettings, toInt } from '@reimbursements/platform/config/shared-settings';
import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

export class CommandApiSettings extends SharedSettings {
  override PORT = 3001;
  override KAFKA_CLIENT_ID = 'command-api';

  @IsInt()
  @Min(0)
  @Max(3600)
  @Transform(toInt)
  FUTURE_SKEW_SECONDS = 300;

  @IsInt()
  @Min(100)
  @Max(60000)
  @Transform(toInt)
  KAFKA_SEND_TIMEOUT_MS = 10000;

  @IsInt()
  @Min(100)
  @Max(60000)
  @Transform(toInt)
  CATALOG_CATCH_UP_TIMEOUT_MS = 3000;

  @IsInt()
  @Min(1)
  @Max(36500)
  @Transform(toInt)
  BACKDATING_WINDOW_DAYS = 90;

  /** Remembers recent eventIds (a 409 for one reused with other content); a disposable cache. */
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsInt()
  @Min(60)
  @Max(31_536_000)
  @Transform(toInt)
  RECENT_EVENT_IDS_TTL_SECONDS = 7 * 86_400;

  /** `mayBackfill`: the sender may register events older than the window (admins only). */
  registrationSettings(mayBackfill: boolean): RegistrationSettings {
    return {
      timeZone: this.BUSINESS_TIME_ZONE,
      currency: this.CURRENCY,
      futureSkewMs: this.FUTURE_SKEW_SECONDS * 1000,
      backdatingWindowMs: this.BACKDATING_WINDOW_DAYS * 86_400_000,
      mayBackfill,
    };
  }
}
