import { Context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, TimeInput, trace, TraceFlags, Tracer } from '@opentelemetry/api';
import { KnownRecord } from '@reimbursements/domain/records/log-record';
import { BatchOutcome, SourceBatch } from '@reimbursements/kafka/kafka-record-source';

interface Taken {
  offset: number;
  record: KnownRecord;
  parent: Context;
  takenAt: TimeInput;
}

/**
 * The fold's spans: one per record, a child of the span that appended it (its `traceparent`
 * header), so that the request to command-api, the send to Kafka and the fold of the record are one
 * trace. A span runs from the batch that gave the record to the fold until the flush that applied
 * it: while a partition catches up the fold holds records across batches, and a record is folded
 * only once its effects are written. (One span per flush cannot do this: a span has one parent,
 * and a flush applies the records of many requests.)
 *
 * Records that were not sampled upstream get no span. A failed batch ends its partition's spans
 * with an error (the records come again, each with a new span); a rewind or a rebalance drops them.
 */
export class FoldTracing {
  private readonly taken = new Map<string, Taken[]>();

  /** `tracer`: undefined while tracing is off, and then batches are folded without anything else. */
  constructor(private readonly tracer: Tracer | undefined) {}

  async around(batch: SourceBatch, fold: () => Promise<BatchOutcome>): Promise<BatchOutcome> {
    const tracer = this.tracer;
    if (!tracer) return fold();
    const key = `${batch.topic}:${batch.partition}`;
    const taken = this.taken.get(key) ?? [];
    this.taken.set(key, taken);
    taken.push(...this.sampled(batch));
    let outcome: BatchOutcome;
    try {
      outcome = await fold();
    } catch (error) {
      endSpans(tracer, batch, taken.splice(0), error as Error);
      throw error;
    }
    if (outcome.rewindTo !== undefined) {
      const rewindTo = outcome.rewindTo;
      this.taken.set(key, taken.filter((t) => t.offset < rewindTo));
    } else if (outcome.commit !== undefined) {
      const commit = outcome.commit;
      endSpans(tracer, batch, taken.filter((t) => t.offset <= commit));
      this.taken.set(key, taken.filter((t) => t.offset > commit));
    }
    return outcome;
  }

  /** Partitions moved, or the fold forgot what it held: those records will come again. */
  forget(): void {
    this.taken.clear();
  }

  private sampled(batch: SourceBatch): Taken[] {
    if (!batch.traceCarriers?.size) return [];
    const takenAt = Date.now();
    const taken: Taken[] = [];
    for (const { offset, record } of batch.records) {
      const carrier = batch.traceCarriers.get(offset);
      if (!carrier) continue;
      const parent = propagation.extract(ROOT_CONTEXT, carrier);
      const sampled = ((trace.getSpanContext(parent)?.traceFlags ?? TraceFlags.NONE) & TraceFlags.SAMPLED) !== 0;
      if (sampled) taken.push({ offset, record, parent, takenAt });
    }
    return taken;
  }
}

function endSpans(tracer: Tracer, { topic, partition }: SourceBatch, records: Taken[], error?: Error): void {
  for (const { offset, record, parent, takenAt } of records) {
    const span = tracer.startSpan(
      `fold ${record.type}`,
      {
        kind: SpanKind.CONSUMER,
        startTime: takenAt,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.name': 'process',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.kafka.offset': offset,
          'reimbursements.record.id': record.recordId,
          'reimbursements.record.type': record.type,
          'reimbursements.correlation_id': record.correlationId,
        },
      },
      parent,
    );
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end();
  }
}
