import { DependencyUnavailableError } from '@reimbursements/domain/errors/dependency-unavailable.error';
import { AppendedRecord, EventLog, OutgoingRecord } from '@reimbursements/domain/ports/event-log.port';
import { context, propagation, Span, SpanKind, SpanStatusCode, trace, Tracer } from '@opentelemetry/api';
import { Admin, CompressionTypes, Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { KafkaSettings } from './kafka-settings';
import { partitionForKey } from './partition-for-key';
import { encodeRecord } from './record-codec';
import { TraceCarrier } from './trace-context';

interface Pending {
  topic: string;
  message: Message & { partition: number };
  resolve: (appended: AppendedRecord) => void;
  reject: (error: Error) => void;
}

const MAX_RECORDS_PER_SEND = 5000;

/**
 * Appends records with an idempotent producer (acks from all in-sync replicas). kafkajs sends what
 * it is given, one request per call, so concurrent appends are coalesced here: while one send is in
 * flight, the next one collects everything that arrives, and goes out as a single request.
 */
export class KafkaEventLog extends EventLog {
  private producer: Producer;
  private readonly admin: Admin;
  private readonly partitionCounts = new Map<string, number>();
  private queue: Pending[] = [];
  private flushing = false;
  private connected = false;
  private connecting: Promise<void> | undefined;
  private closed = false;
  /** A send failed: its records may be stored under sequence numbers kafkajs has rolled back. */
  private sequencesUnknown = false;
  private renewingProducerId: Promise<void> | undefined;

  /** `tracer`: when tracing is on, each append is a `send` span whose context the records carry (trace-context.ts). */
  constructor(
    private readonly kafka: Kafka,
    private readonly settings: KafkaSettings,
    private readonly tracer?: Tracer,
  ) {
    super();
    this.producer = this.newProducer();
    this.admin = kafka.admin();
  }

  private newProducer(): Producer {
    // Every message names its partition (partition-for-key.ts), so the partitioner never runs; naming
    // one only stops kafkajs warning about its v2 default at every start.
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  isConnected(): boolean {
    return this.connected;
  }

  /**
   * One connection attempt at a time: concurrent producer.connect() calls re-initialise the
   * idempotent producer's id under a send in flight, which kafkajs 2.2.4 does not survive.
   */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= (async () => {
      try {
        await this.producer.connect();
        await this.admin.connect();
        this.connected = true;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing || this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // Nothing of this log goes on after close: a connection attempt still retrying is waited for.
    await this.connecting?.catch(() => undefined);
    await this.renewingProducerId?.catch(() => undefined);
    await this.producer.disconnect();
    await this.admin.disconnect();
    this.connected = false;
  }

  async append(records: OutgoingRecord[]): Promise<AppendedRecord[]> {
    if (!this.tracer || records.length === 0) return this.appendWith(records);
    // One span per append, in the caller's context (the HTTP request), not per coalesced send: a
    // send carries records of many requests, and each record must continue its own request's trace.
    const topic = this.topicOf(records[0].stream);
    const span = this.tracer.startSpan(`send ${topic}`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.name': 'send',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'messaging.batch.message_count': records.length,
      },
    });
    const carrier = {} as TraceCarrier;
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    try {
      const appended = await this.appendWith(records, carrier);
      if (appended.length === 1) setPosition(span, appended[0]);
      return appended;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  }

  private async appendWith(records: OutgoingRecord[], traceCarrier?: TraceCarrier): Promise<AppendedRecord[]> {
    if (this.closed) throw new DependencyUnavailableError('log');
    const partitioned: (Pending['message'] & { topic: string })[] = [];
    try {
      // Once connected and each topic's partitions known, an append waits on nothing before it is queued.
      if (!this.connected) await this.withTimeout(this.connect());
      for (const { stream, key, record } of records) {
        const topic = this.topicOf(stream);
        const partition = partitionForKey(topic, key, this.partitionCounts.get(topic) ?? (await this.partitionCount(topic)));
        partitioned.push({ ...encodeRecord(key, record, partition, traceCarrier), partition, topic });
      }
    } catch (error) {
      throw error instanceof DependencyUnavailableError ? error : new DependencyUnavailableError('log', 5, error);
    }
    const appended = partitioned.map(
      ({ topic, ...message }) =>
        new Promise<AppendedRecord>((resolve, reject) => this.queue.push({ topic, message, resolve, reject })),
    );
    if (!this.flushing) void this.flush();
    return Promise.all(appended);
  }

  private topicOf(stream: OutgoingRecord['stream']): string {
    if (stream === 'log') return this.settings.logTopic;
    if (stream === 'catalog') return this.settings.catalogTopic;
    if (this.settings.controlTopic === undefined) throw new Error('no control topic configured');
    return this.settings.controlTopic;
  }

  private async partitionCount(topic: string): Promise<number> {
    let count = this.partitionCounts.get(topic);
    if (count === undefined) {
      const metadata = await this.admin.fetchTopicMetadata({ topics: [topic] });
      count = metadata.topics[0].partitions.length;
      this.partitionCounts.set(topic, count);
    }
    return count;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_RECORDS_PER_SEND);
        await this.send(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    if (this.sequencesUnknown) {
      try {
        await this.withTimeout(this.renewProducerId());
      } catch (error) {
        for (const pending of batch) pending.reject(error instanceof DependencyUnavailableError ? error : new DependencyUnavailableError('log', 5, error));
        return;
      }
    }
    const byTopic = new Map<string, Pending[]>();
    for (const pending of batch) {
      const list = byTopic.get(pending.topic) ?? [];
      list.push(pending);
      byTopic.set(pending.topic, list);
    }
    const sending = this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map((p) => p.message) })),
    });
    try {
      const metadata = await this.withTimeout(sending);
      const nextOffset = new Map(metadata.map((m) => [`${m.topicName}:${m.partition}`, Number(m.baseOffset)]));
      for (const pending of batch) {
        const key = `${pending.topic}:${pending.message.partition}`;
        const offset = nextOffset.get(key) as number;
        nextOffset.set(key, offset + 1);
        pending.resolve({ topic: pending.topic, partition: pending.message.partition, offset });
      }
    } catch (error) {
      for (const pending of batch) pending.reject(new DependencyUnavailableError('log', 5, error));
      // Keep one request in flight at a time (the idempotent producer's ordering needs it).
      if (!(await sending.then(() => true, () => false))) this.sequencesUnknown = true;
    }
  }

  /**
   * kafkajs rolls a partition's sequence number back when a send fails, though the broker may have
   * stored the batch (its answer was lost). The next batch would reuse those numbers, and the broker,
   * taking it for a retry of the stored one, would answer with that one's offset and drop it: an
   * acknowledged record lost. A new producer gets a new producer id, under which every sequence
   * starts afresh (kafkajs asks for an id only once per producer). One attempt at a time, however
   * many sends time out waiting for it.
   */
  private renewProducerId(): Promise<void> {
    this.renewingProducerId ??= (async () => {
      const renewed = this.newProducer();
      try {
        await renewed.connect();
      } catch (error) {
        await renewed.disconnect().catch(() => undefined);
        throw error;
      }
      const spent = this.producer;
      this.producer = renewed;
      this.sequencesUnknown = false;
      await spent.disconnect().catch(() => undefined);
    })().finally(() => {
      this.renewingProducerId = undefined;
    });
    return this.renewingProducerId;
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DependencyUnavailableError('log')), this.settings.sendTimeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

function setPosition(span: Span, { partition, offset }: AppendedRecord): void {
  span.setAttributes({ 'messaging.destination.partition.id': String(partition), 'messaging.kafka.offset': offset });
}
