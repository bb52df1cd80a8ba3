import { kafkaConfig } from './kafka-client.factory';
import { InvalidKafkaSecuritySettingsError, kafkaSecurityFromEnv, KafkaSettings } from './kafka-settings';

const settings: KafkaSettings = {
  brokers: ['kafka:9092'],
  clientId: 'command-api',
  logTopic: 'reimbursements.log',
  catalogTopic: 'reimbursements.catalog',
  sendTimeoutMs: 10000,
};
const quiet = () => undefined;
const SECRET = 'pa55-w0rd-never-in-messages';

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    kafkaSecurityFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidKafkaSecuritySettingsError);
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
}

describe('Kafka client security settings', () => {
  it('connects without SASL or TLS when nothing is configured (a local broker)', () => {
    const config = kafkaConfig(settings, quiet, {});
    expect(config.sasl).toBeUndefined();
    expect(config.ssl).toBeUndefined();
    expect(config).toMatchObject({ clientId: 'command-api', brokers: ['kafka:9092'] });
  });

  it('passes SCRAM-SHA-512 credentials and TLS from the environment to kafkajs', () => {
    const config = kafkaConfig(settings, quiet, {
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'command-api',
      KAFKA_SASL_PASSWORD: SECRET,
      KAFKA_SSL: 'true',
    });
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'command-api', password: SECRET });
    expect(config.ssl).toBe(true);
  });

  it.each(['plain', 'scram-sha-256'])('accepts the %s mechanism without TLS', (mechanism) => {
    const config = kafkaConfig(settings, quiet, { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'projector', KAFKA_SASL_PASSWORD: SECRET, KAFKA_SSL: 'false' });
    expect(config.sasl).toEqual({ mechanism, username: 'projector', password: SECRET });
    expect(config.ssl).toBeUndefined();
  });

  it('prefers credentials carried by the settings over the environment', () => {
    const config = kafkaConfig({ ...settings, sasl: { mechanism: 'plain', username: 'a', password: 'b' } }, quiet, {
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'other',
      KAFKA_SASL_PASSWORD: SECRET,
    });
    expect(config.sasl).toEqual({ mechanism: 'plain', username: 'a', password: 'b' });
  });

  it('refuses an unknown mechanism, naming the variable and not its value', () => {
    const message = problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: SECRET });
    expect(message).toContain('KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512');
    expect(message).not.toContain('gssapi');
    expect(message).not.toContain(SECRET);
  });

  it('refuses a mechanism without a username or password', () => {
    const message = problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_PASSWORD: '' });
    expect(message).toContain('KAFKA_SASL_USERNAME: must be set');
    expect(message).toContain('KAFKA_SASL_PASSWORD: must be set');
  });

  it('refuses credentials without a mechanism rather than connecting unauthenticated', () => {
    const message = problemsOf({ KAFKA_SASL_USERNAME: 'command-api', KAFKA_SASL_PASSWORD: SECRET });
    expect(message).toContain('KAFKA_SASL_MECHANISM: must be set');
    expect(message).not.toContain(SECRET);
  });

  it('refuses a KAFKA_SSL that is not a boolean', () => {
    expect(problemsOf({ KAFKA_SSL: 'yes' })).toContain('KAFKA_SSL: must be true or false');
  });

  it('fails when the client is created, so a wrong setting stops the app at start-up', () => {
    expect(() => kafkaConfig(settings, quiet, { KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(InvalidKafkaSecuritySettingsError);
  });
});
