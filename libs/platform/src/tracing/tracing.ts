import { Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-node';
import { InvalidConfigurationError, validateEnvironment } from '../config/validate-environment';
import { TracingSettings } from './tracing.settings';

const UNTRACED_PATHS = /^\/(health|metrics|docs)/;

/**
 * The app's OpenTelemetry tracing: on when OTEL_EXPORTER_OTLP_ENDPOINT is set, else off, and then
 * `tracer()` is undefined so that callers skip their spans entirely (no span objects, no headers).
 */
export class Tracing {
  static readonly off = new Tracing(undefined);

  private constructor(private readonly provider: NodeTracerProvider | undefined) {}

  get enabled(): boolean {
    return this.provider !== undefined;
  }

  /** A tracer for one instrumentation scope (e.g. the Kafka adapter); undefined while tracing is off. */
  tracer(scope: string): Tracer | undefined {
    return this.provider?.getTracer(scope);
  }

  /** Exports what is still buffered, then stops (at shutdown). */
  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }

  /**
   * Start-up only, before http, express and @nestjs/core are loaded (each app's main.ts imports its
   * tracing.ts first), so that their instrumentations can patch them. A wrong setting stops the
   * process (exit 78) with a message naming the variable, never its value.
   */
  static start(app: string, env: Record<string, string | undefined> = process.env): Tracing {
    let settings: TracingSettings;
    try {
      settings = validateEnvironment(TracingSettings, env);
    } catch (error) {
      if (!(error instanceof InvalidConfigurationError)) throw error;
      process.stderr.write(`${JSON.stringify({ level: 'fatal', app, msg: error.message })}\n`);
      process.exit(78);
    }
    if (settings.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) return Tracing.off;
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': settings.OTEL_SERVICE_NAME ?? app }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.OTEL_TRACES_SAMPLER_ARG) }),
      spanProcessors: [
        new BatchSpanProcessor(
          new OTLPTraceExporter({ url: `${settings.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`, headers: settings.headers() }),
        ),
      ],
    });
    // W3C trace context only: `traceparent` and `tracestate` on HTTP requests and Kafka records.
    provider.register({ propagator: new W3CTraceContextPropagator() });
    registerInstrumentations({
      tracerProvider: provider,
      instrumentations: [
        new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? '') }),
        new ExpressInstrumentation(),
        new NestInstrumentation(),
      ],
    });
    return new Tracing(provider);
  }
}
