import { KafkaSettings } from '@reimbursements/kafka/kafka-settings';
import { isValidTimeZone } from '@reimbursements/domain/time/business-month';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidationArguments,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';

function IsTimeZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: 'must be an IANA time zone such as Europe/Stockholm', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidTimeZone(value) },
    });
}

/** The topics are distinct: ops commands or event types written into the log would be folded as records. */
function IsNot(...others: string[]) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNot',
      target: target.constructor,
      propertyName,
      options: { message: `must differ from ${others.join(' and ')}` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => others.every((other) => (args.object as Record<string, unknown>)[other] !== value),
      },
    });
}

function isPort(text: string): boolean {
  const port = Number(text);
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** Decimal digits only: `Number()` alone would read `0x50` as 80 and `3e3` as 3000. Anything else is NaN, which @IsInt refuses. */
export const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '' || typeof value === 'number') return value;
  return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
};

/** Settings every app reads from the environment. */
export class SharedSettings {
  @IsInt()
  @Min(1)
  @Max(65535)
  @Transform(toInt)
  PORT!: number;

  @Matches(/^[^\s,]+$/, { message: 'must be one address or host name to listen on, such as 0.0.0.0' })
  HOST = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'must be a comma-separated list of host:port' })
  @ValidateBy(
    { name: 'brokerPorts', validator: { validate: (value: unknown) => typeof value !== 'string' || value.split(',').every((broker) => isPort(broker.slice(broker.lastIndexOf(':') + 1))) } },
    { message: 'each port must be from 1 to 65535' },
  )
  KAFKA_BROKERS = '127.0.0.1:9092';

  @IsString()
  @IsNotEmpty()
  KAFKA_CLIENT_ID = 'reimbursements';

  @Matches(/^[A-Za-z0-9._-]{1,249}$/, { message: 'must be a Kafka topic name' })
  LOG_TOPIC = 'reimbursements.log';

  @Matches(/^[A-Za-z0-9._-]{1,249}$/, { message: 'must be a Kafka topic name' })
  @IsNot('LOG_TOPIC')
  @ValidateBy(
    {
      name: 'notTheControlTopic',
      // A CONTROL_TOPIC set to it is refused by CONTROL_TOPIC's own rule.
      validator: { validate: (value: unknown, args) => (args?.object as SharedSettings).CONTROL_TOPIC !== undefined || (args?.object as SharedSettings).controlTopic() !== value },
    },
    { message: 'must differ from <LOG_TOPIC>.control, the control topic while CONTROL_TOPIC is unset' },
  )
  CATALOG_TOPIC = 'reimbursements.catalog';

  /** Ops commands to the projectors (skips); unset: `<LOG_TOPIC>.control`. */
  @IsOptional()
  @Transform(({ value }) => (value === '' ? undefined : value))
  @Matches(/^[A-Za-z0-9._-]{1,249}$/, { message: 'must be a Kafka topic name' })
  @IsNot('LOG_TOPIC', 'CATALOG_TOPIC')
  CONTROL_TOPIC?: string;

  @Matches(/^mongodb(\+srv)?:\/\/.+/, { message: 'must be a mongodb:// or mongodb+srv:// connection string' })
  MONGODB_URI = 'mongodb://127.0.0.1:27017';

  @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'must be a MongoDB database name' })
  MONGODB_DATABASE = 'reimbursements';

  @IsTimeZone()
  BUSINESS_TIME_ZONE = 'Europe/Stockholm';

  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 currency code such as SEK' })
  CURRENCY = 'SEK';

  /** Browser origins allowed to call the app (the accounting page), comma-separated; unset: none, no CORS at all. */
  @IsOptional()
  @Transform(({ value }) => (value === '' ? undefined : value))
  @Matches(/^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/, {
    message: 'must be comma-separated origins such as https://accounting.example.org (scheme, host, optional port; no path)',
  })
  CORS_ORIGIN?: string;

  corsOrigins(): string[] {
    return this.CORS_ORIGIN === undefined ? [] : this.CORS_ORIGIN.split(',');
  }

  controlTopic(): string {
    return this.CONTROL_TOPIC ?? `${this.LOG_TOPIC}.control`;
  }

  kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }

  kafkaSettings(sendTimeoutMs = 10000): KafkaSettings {
    return {
      brokers: this.kafkaBrokers(),
      clientId: this.KAFKA_CLIENT_ID,
      logTopic: this.LOG_TOPIC,
      catalogTopic: this.CATALOG_TOPIC,
      controlTopic: this.controlTopic(),
      sendTimeoutMs,
    };
  }
}
