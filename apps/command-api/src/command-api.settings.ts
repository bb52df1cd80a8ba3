import { RegistrationSettings } from '@reimbursements/domain/events/register-event.rule';
import { SharedSettings, toInt } from '@reimbursements/platform/config/shared-settings';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';

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

  /** Who records are attributed to until authentication exists. */
  @IsString()
  @IsNotEmpty()
  PLACEHOLDER_PRINCIPAL = 'unauthenticated';

  registrationSettings(): RegistrationSettings {
    return { timeZone: this.BUSINESS_TIME_ZONE, currency: this.CURRENCY, futureSkewMs: this.FUTURE_SKEW_SECONDS * 1000 };
  }
}
