import { configurationProblems, validateEnvironment } from './validate-environment';
import { SharedSettings } from './shared-settings';

const problemsOf = (env: Record<string, string>) => configurationProblems(SharedSettings, { PORT: '3000', ...env });

describe('SharedSettings', () => {
  it('reads an integer written in decimal, spaces around it allowed', () => {
    expect(validateEnvironment(SharedSettings, { PORT: ' 8080 ' }).PORT).toBe(8080);
  });

  it.each(['0x50', '3e3', '80abc', '8080.0', 'abc'])('refuses PORT=%s with one line naming it, where Number() would have read a port', (value) => {
    expect(problemsOf({ PORT: value })).toEqual(['PORT: PORT must be an integer number']);
  });

  it('refuses a catalog or control topic that is the log topic, since what they carry would be folded as records', () => {
    expect(problemsOf({ LOG_TOPIC: 'x.log', CATALOG_TOPIC: 'x.log' })).toEqual(['CATALOG_TOPIC: must differ from LOG_TOPIC']);
    expect(problemsOf({ CONTROL_TOPIC: 'reimbursements.log' })).toEqual(['CONTROL_TOPIC: must differ from LOG_TOPIC and CATALOG_TOPIC']);
    expect(problemsOf({ CONTROL_TOPIC: 'reimbursements.catalog' })).toEqual(['CONTROL_TOPIC: must differ from LOG_TOPIC and CATALOG_TOPIC']);
    expect(problemsOf({ CONTROL_TOPIC: 'ops' })).toEqual([]);
    // Unset, the control topic is <LOG_TOPIC>.control: the catalog may not be that either.
    expect(problemsOf({ LOG_TOPIC: 'x', CATALOG_TOPIC: 'x.control' })).toEqual(['CATALOG_TOPIC: must differ from <LOG_TOPIC>.control, the control topic while CONTROL_TOPIC is unset']);
  });

  it('refuses a host of spaces and a broker port out of range, naming the variable', () => {
    expect(problemsOf({ HOST: '   ' })).toEqual(['HOST: must be one address or host name to listen on, such as 0.0.0.0']);
    expect(problemsOf({ KAFKA_BROKERS: 'kafka-1:9093,kafka-2:99999' })).toEqual(['KAFKA_BROKERS: each port must be from 1 to 65535']);
    expect(problemsOf({ KAFKA_BROKERS: 'kafka:0' })).toEqual(['KAFKA_BROKERS: each port must be from 1 to 65535']);
    expect(problemsOf({ HOST: '::', KAFKA_BROKERS: 'kafka-1:9093,[::1]:9092' })).toEqual([]);
  });
});

