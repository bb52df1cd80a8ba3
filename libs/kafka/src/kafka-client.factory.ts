import { Kafka, KafkaConfig, logLevel as KafkaLogLevel, LogEntry } from 'kafkajs';
import { KafkaLogFn, kafkaSecurityFromEnv, KafkaSecuritySettings, KafkaSettings } from './kafka-settings';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/**
 * The kafkajs configuration. Credentials come from `settings` when it carries them, else from
 * KAFKA_SASL_MECHANISM / KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD / KAFKA_SSL in `env`.
 */
export function kafkaConfig(settings: KafkaSettings, log: KafkaLogFn, env: Record<string, string | undefined> = process.env): KafkaConfig {
  const security: KafkaSecuritySettings =
    settings.sasl !== undefined || settings.ssl !== undefined ? { sasl: settings.sasl, ssl: settings.ssl } : kafkaSecurityFromEnv(env);
  return {
    clientId: settings.clientId,
    brokers: settings.brokers,
    ...(security.ssl ? { ssl: true } : {}),
    ...(security.sasl ? { sasl: { ...security.sasl } } : {}),
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 8 },
    logLevel: KafkaLogLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...extra } = entry;
        log(LEVELS[level] ?? 'info', `kafkajs: ${message}`, extra);
      },
  };
}

export function createKafka(settings: KafkaSettings, log: KafkaLogFn, env: Record<string, string | undefined> = process.env): Kafka {
  return new Kafka(kafkaConfig(settings, log, env));
}
