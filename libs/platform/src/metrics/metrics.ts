import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Metrics kept in a registry of their own, without the process's defaults: a part of what /metrics serves (Metrics.include). */
export class MetricGroup {
  readonly registry = new Registry();

  constructor(readonly app: string) {
    this.registry.setDefaultLabels({ app });
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge read from `read` at every scrape. */
  observedGauge(name: string, help: string, read: () => number): Gauge {
    return new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}

/** One Prometheus registry per process, with Node's default metrics and the HTTP histogram, and the parts it includes. */
export class Metrics extends MetricGroup {
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly parts: (() => MetricGroup | undefined)[] = [];

  constructor(app: string) {
    super(app);
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Serves a group's metrics with these, as long as `part` returns it (the projector's live version, say). */
  include(part: () => MetricGroup | undefined): void {
    this.parts.push(part);
  }

  async scrape(): Promise<string> {
    const included = this.parts.map((part) => part()?.registry).filter((r): r is Registry => r !== undefined);
    if (included.length === 0) return this.registry.metrics();
    const merged = Registry.merge([this.registry, ...included]);
    merged.setDefaultLabels({ app: this.app });
    return merged.metrics();
  }
}
