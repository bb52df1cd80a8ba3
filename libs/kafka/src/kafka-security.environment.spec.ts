import { configurationProblems } from '@reimbursements/platform/config/validate-environment';
import { KafkaSecurityEnvironment } from './kafka-security.environment';

const problemsOf = (env: Record<string, string>) => configurationProblems(KafkaSecurityEnvironment, env);

describe('KafkaSecurityEnvironment', () => {
  it('is right with none of the variables, and with TLS and a complete SASL login', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'command-api', KAFKA_SASL_PASSWORD: 'pw' })).toEqual([]);
  });

  it('names each wrong variable and the rule, never a value', () => {
    const problems = problemsOf({ KAFKA_SSL: 'maybe', KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'hunter2-secret' });
    expect(problems.sort()).toEqual(['KAFKA_SASL_USERNAME: must be set with KAFKA_SASL_MECHANISM', 'KAFKA_SSL: must be true or false']);
    expect(problems.join('\n')).not.toMatch(/hunter2|maybe/);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'kerberos', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      'KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512',
    ]);
    expect(problemsOf({ KAFKA_SASL_USERNAME: 'u' })).toEqual(['KAFKA_SASL_MECHANISM: must be set when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is']);
  });
});
