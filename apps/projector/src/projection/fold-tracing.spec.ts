import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { eventRegisteredRecord } from '@reimbursements/domain/events/event-registered.record';
import { SourceBatch } from '@reimbursements/kafka/kafka-record-source';
import { TraceCarrier } from '@reimbursements/kafka/trace-context';
import { FoldTracing } from './fold-tracing';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('test');

beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
afterAll(() => propagation.disable());
beforeEach(() => exporter.reset());

/** The trace context a command-api `send` span would put on a record. */
function sentFrom(sampled = true): { carrier: TraceCarrier; traceId: string; spanId: string } {
  const span = tracer.startSpan('send');
  const { traceId, spanId } = span.spanContext();
  const carrier = {} as TraceCarrier;
  const ctx = sampled ? trace.setSpan(ROOT_CONTEXT, span) : trace.setSpanContext(ROOT_CONTEXT, { ...span.spanContext(), traceFlags: TraceFlags.NONE });
  propagation.inject(ctx, carrier);
  span.end();
  exporter.reset();
  return { carrier, traceId, spanId };
}

function batch(offsets: number[], carriers: Map<number, TraceCarrier>, partition = 0): SourceBatch {
  const records = offsets.map((offset) => ({
    topic: 'log',
    partition,
    offset,
    record: eventRegisteredRecord(
      { eventId: `e${offset}`, caregiverId: 'c', eventType: 'x-ray', occurredAt: '2026-01-01T00:00:00Z', amountCents: 1, currency: 'SEK', month: '2026-01' },
      { correlationId: `request-${offset}`, recordedBy: 'user:u' },
      `r${offset}`,
      new Date(),
    ),
  }));
  return {
    topic: 'log',
    partition,
    records,
    unreadable: [],
    appendedAt: new Map(offsets.map((o) => [o, 0])),
    firstOffset: offsets[0],
    lastOffset: offsets[offsets.length - 1],
    highWatermark: offsets[offsets.length - 1] + 1,
    heartbeat: async () => undefined,
    traceCarriers: new Map(offsets.filter((o) => carriers.has(o)).map((o) => [o, carriers.get(o) as TraceCarrier])),
  };
}

describe('FoldTracing', () => {
  it('ends a span per record, child of its send span, only when a flush applies it', async () => {
    const [a, b] = [sentFrom(), sentFrom()];
    const carriers = new Map([[0, a.carrier], [1, b.carrier]]);
    const tracing = new FoldTracing(tracer);
    expect(await tracing.around(batch([0], carriers), async () => ({}))).toEqual({});
    expect(exporter.getFinishedSpans()).toEqual([]);
    await tracing.around(batch([1], carriers), async () => ({ commit: 1 }));
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.spanContext().traceId, s.parentSpanContext?.spanId, s.attributes['reimbursements.correlation_id']])).toEqual([
      ['fold EventRegistered', a.traceId, a.spanId, 'request-0'],
      ['fold EventRegistered', b.traceId, b.spanId, 'request-1'],
    ]);
  });

  it('keeps records after the committed offset for a later flush, and drops those a rewind gives back', async () => {
    const sent = [sentFrom(), sentFrom(), sentFrom()];
    const carriers = new Map(sent.map((s, offset) => [offset, s.carrier]));
    const tracing = new FoldTracing(tracer);
    await tracing.around(batch([0, 1], carriers), async () => ({ commit: 0 }));
    expect(exporter.getFinishedSpans().map((s) => s.attributes['messaging.kafka.offset'])).toEqual([0]);
    await tracing.around(batch([2], carriers), async () => ({ rewindTo: 2 }));
    await tracing.around(batch([3], new Map()), async () => ({ commit: 3 }));
    expect(exporter.getFinishedSpans().map((s) => s.attributes['messaging.kafka.offset'])).toEqual([0, 1]);
  });

  it('ends the spans of a failed batch with an error, and forgets held records on a rebalance', async () => {
    const sent = [sentFrom(), sentFrom()];
    const carriers = new Map(sent.map((s, offset) => [offset, s.carrier]));
    const tracing = new FoldTracing(tracer);
    await expect(tracing.around(batch([0], carriers), async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(exporter.getFinishedSpans().map((s) => [s.attributes['messaging.kafka.offset'], s.status.message])).toEqual([[0, 'refused']]);
    await tracing.around(batch([1], carriers, 1), async () => ({}));
    tracing.forget();
    await tracing.around(batch([2], new Map(), 1), async () => ({ commit: 2 }));
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });

  it('makes no span for a record not sampled upstream, nor any while tracing is off', async () => {
    const carriers = new Map([[0, sentFrom(false).carrier]]);
    await new FoldTracing(tracer).around(batch([0], carriers), async () => ({ commit: 0 }));
    const traced = new Map([[0, sentFrom().carrier]]);
    let folded = false;
    await new FoldTracing(undefined).around(batch([0], traced), async () => ((folded = true), { commit: 0 }));
    expect(folded).toBe(true);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(context.active()).toBe(ROOT_CONTEXT);
  });
});
