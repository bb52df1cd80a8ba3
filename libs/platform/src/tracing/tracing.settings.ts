import { Transform } from 'class-transformer';
import { IsNumber, IsOptional, IsUrl, Matches, Max, Min, ValidateBy } from 'class-validator';

const unsetIfEmpty = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * OpenTelemetry tracing, read from the environment once at start-up (the standard OTEL_* names).
 * No endpoint: no tracing at all, nothing is loaded or exported.
 */
export class TracingSettings {
  /** Base URL of an OTLP/HTTP receiver (a collector, port 4318); spans go to `<url>/v1/traces` as protobuf. */
  @IsOptional()
  @Transform(unsetIfEmpty)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'must be an http(s) URL such as http://otel-collector:4318' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Headers sent with every export, `name=value,name=value` (e.g. the collector's API key: a secret, never logged). */
  @IsOptional()
  @Transform(unsetIfEmpty)
  @Matches(/^\s*[^=,\s]+\s*=[^,]*(,\s*[^=,\s]+\s*=[^,]*)*$/, { message: 'must be name=value pairs separated by commas' })
  @ValidateBy({ name: 'percentDecodes', validator: { validate: (value: unknown) => typeof value === 'string' && headerPairs(value) !== undefined } }, {
    message: 'each value must be percent-encoded (a % followed by two hex digits of UTF-8)',
  })
  OTEL_EXPORTER_OTLP_HEADERS?: string;

  /** The service name of the spans; unset: the app's name. */
  @IsOptional()
  @Transform(unsetIfEmpty)
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 characters of A-Z a-z 0-9 . _ -' })
  OTEL_SERVICE_NAME?: string;

  /** Share of new traces recorded (parent-based: a trace begun upstream keeps its caller's decision). */
  @IsNumber({}, { message: 'must be a number from 0 to 1' })
  @Min(0, { message: 'must be a number from 0 to 1' })
  @Max(1, { message: 'must be a number from 0 to 1' })
  // A decimal only: Number() reads ' ' as 0 (tracing silently off) and 0x1 as 1.
  @Transform(({ value }) => (value === undefined || value === '' || typeof value === 'number' ? value : /^\s*\d*\.?\d+\s*$/.test(String(value)) ? Number(value) : NaN))
  OTEL_TRACES_SAMPLER_ARG = 1;

  headers(): Record<string, string> {
    return headerPairs(this.OTEL_EXPORTER_OTLP_HEADERS ?? '') ?? {};
  }
}

/** The headers, their values percent-decoded; undefined when a value does not decode. */
function headerPairs(text: string): Record<string, string> | undefined {
  const pairs = text.split(',').filter(Boolean);
  try {
    return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), decodeURIComponent(pair.slice(pair.indexOf('=') + 1).trim())]));
  } catch {
    return undefined;
  }
}
