export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

export type KafkaSaslSettings = { [M in KafkaSaslMechanism]: { mechanism: M; username: string; password: string } }[KafkaSaslMechanism];

/** Who the app is to the brokers (SASL), and whether the connection is TLS. */
export interface KafkaSecuritySettings {
  sasl?: KafkaSaslSettings;
  /** TLS to the brokers, verified against Node's CAs (add a private CA with NODE_EXTRA_CA_CERTS). */
  ssl?: boolean;
}

export interface KafkaSettings extends KafkaSecuritySettings {
  brokers: string[];
  clientId: string;
  logTopic: string;
  catalogTopic: string;
  /** Ops commands to the projectors (skips), read by every instance before it folds. */
  controlTopic?: string;
  /** How long a send may take before the caller gets a 503 (the record may still land). */
  sendTimeoutMs: number;
}

export type KafkaLogFn = (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: object) => void;

export class InvalidKafkaSecuritySettingsError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'InvalidKafkaSecuritySettingsError';
  }
}

/**
 * Reads KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SSL. No mechanism
 * means no SASL (a local broker without authentication). A wrong setting throws an error naming the
 * variable, never its value (the password is a secret).
 */
export function kafkaSecurityFromEnv(env: Record<string, string | undefined>): KafkaSecuritySettings {
  const { security, problems } = readKafkaSecurity(env);
  if (problems.length > 0) throw new InvalidKafkaSecuritySettingsError(problems);
  return security;
}

/** What is wrong with the Kafka security variables, one line per variable (none when they are right); never a value. */
export function kafkaSecurityProblems(env: Record<string, string | undefined>): string[] {
  return readKafkaSecurity(env).problems;
}

function readKafkaSecurity(env: Record<string, string | undefined>): { security: KafkaSecuritySettings; problems: string[] } {
  const problems: string[] = [];
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const security: KafkaSecuritySettings = {};

  const ssl = value('KAFKA_SSL');
  if (ssl !== undefined && ssl !== 'true' && ssl !== 'false') problems.push('KAFKA_SSL: must be true or false');
  if (ssl === 'true') security.ssl = true;

  const mechanism = value('KAFKA_SASL_MECHANISM')?.toLowerCase();
  const username = value('KAFKA_SASL_USERNAME');
  const password = value('KAFKA_SASL_PASSWORD');
  if (mechanism === undefined) {
    if (username !== undefined || password !== undefined) {
      problems.push('KAFKA_SASL_MECHANISM: must be set when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is');
    }
  } else if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    problems.push(`KAFKA_SASL_MECHANISM: must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}`);
  } else {
    if (username === undefined) problems.push('KAFKA_SASL_USERNAME: must be set with KAFKA_SASL_MECHANISM');
    if (password === undefined) problems.push('KAFKA_SASL_PASSWORD: must be set with KAFKA_SASL_MECHANISM');
    if (username !== undefined && password !== undefined) {
      security.sasl = { mechanism: mechanism as KafkaSaslMechanism, username, password } as KafkaSaslSettings;
    }
  }
  return { security, problems };
}
