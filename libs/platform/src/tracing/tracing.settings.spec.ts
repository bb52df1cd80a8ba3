import { configurationProblems, validateEnvironment } from '../config/validate-environment';
import { TracingSettings } from './tracing.settings';

const problemsOf = (env: Record<string, string>) => configurationProblems(TracingSettings, env);

describe('TracingSettings', () => {
  it('is off by default, and an empty endpoint is no endpoint', () => {
    expect(validateEnvironment(TracingSettings, {}).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(validateEnvironment(TracingSettings, { OTEL_EXPORTER_OTLP_ENDPOINT: '' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it('reads the endpoint, the export headers and the sampling ratio', () => {
    const settings = validateEnvironment(TracingSettings, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s3cr%3Dt, x-tenant=care',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(settings.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
    expect(settings.headers()).toEqual({ 'api-key': 's3cr=t', 'x-tenant': 'care' });
    expect(settings.OTEL_TRACES_SAMPLER_ARG).toBe(0.25);
  });

  it('names each wrong variable, never its value', () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector-x:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'secret-without-a-name',
      OTEL_TRACES_SAMPLER_ARG: '2',
      OTEL_SERVICE_NAME: 'has spaces',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_HEADERS',
      'OTEL_SERVICE_NAME',
      'OTEL_TRACES_SAMPLER_ARG',
    ]);
    expect(problems.join('\n')).not.toMatch(/collector-x|secret-without|has spaces/);
  });

  it.each([' ', '0x1', '1e-1', '1.'])('refuses OTEL_TRACES_SAMPLER_ARG=%j, which Number() would have read', (value) => {
    expect(problemsOf({ OTEL_TRACES_SAMPLER_ARG: value }).map((p) => p.split(':')[0])).toEqual(['OTEL_TRACES_SAMPLER_ARG']);
  });

  it('refuses a header value that does not percent-decode, naming the variable, not the value', () => {
    const problems = problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s3cret%zz' });
    expect(problems).toEqual(['OTEL_EXPORTER_OTLP_HEADERS: each value must be percent-encoded (a % followed by two hex digits of UTF-8)']);
    expect(problemsOf({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=%C0%80' })).toHaveLength(1);
  });
});
