import { KnownRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { decodeRecord } from './record-codec';
import { TraceCarrier, traceCarrierOf } from './trace-context';

export interface SourceBatch {
  topic: string;
  partition: number;
  /** The records this build can read; others are skipped but still count as consumed. */
  records: PositionedRecord<KnownRecord>[];
  firstOffset: number;
  lastOffset: number;
  /** The offset the next record written to the partition will get. */
  highWatermark: number;
  /**
   * Tells the group coordinator this member is alive (sent at most once per heartbeat interval).
   * kafkajs sends none while a handler runs, so a long batch must call it between its steps.
   */
  heartbeat: () => Promise<void>;
  /** The records' W3C trace contexts by offset (those that carry one), when the source reads them. */
  traceCarriers?: Map<number, TraceCarrier>;
}

export interface RecordSourceSettings {
  groupId: string;
  topics: string[];
  partitionsConsumedConcurrently: number;
  maxBytesPerPartition: number;
  /** Read each record's trace context (traceparent, tracestate headers) into SourceBatch.traceCarriers. */
  traceHeaders?: boolean;
}

/**
 * `commit`: the last offset the handler has made durable; the offset after it is committed.
 * `rewindTo`: the handler did not take this batch; fetching resumes from that offset.
 */
export interface BatchOutcome {
  commit?: number;
  rewindTo?: number;
}

export type BatchHandler = (batch: SourceBatch) => Promise<BatchOutcome>;
/** Where to resume a partition after its handler failed (what it held is lost), if it knows. */
export type ResumeOffset = (topic: string, partition: number) => number | undefined;

const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * A consumer-group member (classic protocol) handing whole batches to the projector, one
 * partition at a time. The handler may hold records across batches: the fetch position moves on
 * with every batch, but only offsets the handler says are durable are committed, and a failed
 * batch rewinds the partition to where the handler can resume.
 */
export class KafkaRecordSource {
  private readonly consumer: Consumer;
  private readonly assignmentListeners: (() => void)[] = [];
  /** The batch being handled per topic-partition: a later one waits for it. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private overlaps = 0;
  private crashes = 0;
  private running: { handler: BatchHandler; beforeCommit: () => void; resumeAt: ResumeOffset } | undefined;
  private readonly crashListeners: ((error: Error) => void)[] = [];

  constructor(
    kafka: Kafka,
    private readonly settings: RecordSourceSettings,
  ) {
    this.consumer = kafka.consumer({
      groupId: settings.groupId,
      sessionTimeout: 10000,
      rebalanceTimeout: 30000,
      heartbeatInterval: 1000,
      maxBytesPerPartition: settings.maxBytesPerPartition,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.assignmentListeners.forEach((l) => l()));
    // kafkajs gives up for good on some errors (e.g. the coordinator dropped this member after a
    // batch outlasted the session): join the group again rather than stop folding while looking ready.
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.crashes += 1;
      this.crashListeners.forEach((l) => l(payload.error));
      this.rejoin(RESTART_DELAY_MS);
    });
  }

  onCrash(listener: (error: Error) => void): void {
    this.crashListeners.push(listener);
  }

  /** Times kafkajs stopped the consumer and this source joined the group again. */
  restartsAfterCrash(): number {
    return this.crashes;
  }

  /** Called after every (re)join of the group: partitions may have moved. */
  onAssignment(listener: () => void): void {
    this.assignmentListeners.push(listener);
  }

  async start(handler: BatchHandler, beforeCommit: () => void = () => undefined, resumeAt: ResumeOffset = () => undefined): Promise<void> {
    this.running = { handler, beforeCommit, resumeAt };
    await this.consumer.connect();
    for (const topic of this.settings.topics) await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.serialized(payload, handler, beforeCommit),
    });
  }

  private rejoin(delayMs: number): void {
    const running = this.running;
    if (!running) return;
    setTimeout(() => {
      this.start(running.handler, running.beforeCommit, running.resumeAt).catch((error: Error) => {
        this.crashListeners.forEach((l) => l(error));
        this.rejoin(Math.min(delayMs * 2, MAX_RESTART_DELAY_MS));
      });
    }, delayMs).unref();
  }

  /** Batches of one partition that kafkajs handed out while an earlier one was still being handled. */
  overlappingBatches(): number {
    return this.overlaps;
  }

  /**
   * The fold's guards assume one writer per partition at a time (FerretDB 1.x updates are
   * read-modify-write, not atomic), so batches of one partition never run side by side here.
   */
  private async serialized(payload: EachBatchPayload, handler: BatchHandler, beforeCommit: () => void): Promise<void> {
    const key = `${payload.batch.topic}:${payload.batch.partition}`;
    const previous = this.inFlight.get(key);
    if (previous) this.overlaps += 1;
    const current = (previous ?? Promise.resolve()).catch(() => undefined).then(() => this.handleBatch(payload, handler, beforeCommit));
    this.inFlight.set(key, current);
    try {
      await current;
    } finally {
      if (this.inFlight.get(key) === current) this.inFlight.delete(key);
    }
  }

  async stop(): Promise<void> {
    this.running = undefined;
    await this.consumer.disconnect();
  }

  private async handleBatch(
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
    handler: BatchHandler,
    beforeCommit: () => void,
  ): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const records: PositionedRecord<KnownRecord>[] = [];
    const traceCarriers = this.settings.traceHeaders ? new Map<number, TraceCarrier>() : undefined;
    for (const message of batch.messages) {
      const record = decodeRecord(message.value, message.headers);
      if (record) records.push({ topic: batch.topic, partition: batch.partition, offset: Number(message.offset), record });
      const carrier = traceCarriers ? traceCarrierOf(message.headers) : undefined;
      if (carrier) traceCarriers?.set(Number(message.offset), carrier);
    }
    const { topic, partition } = batch;
    let outcome: BatchOutcome;
    try {
      outcome = await handler({
        topic,
        partition,
        records,
        firstOffset: Number(batch.firstOffset()),
        lastOffset: Number(batch.lastOffset()),
        highWatermark: Number(batch.highWatermark),
        heartbeat,
        traceCarriers,
      });
    } catch (error) {
      const resume = this.running?.resumeAt(topic, partition);
      if (resume !== undefined) this.consumer.seek({ topic, partition, offset: String(resume) });
      throw error;
    }
    if (outcome.rewindTo !== undefined) {
      this.consumer.seek({ topic, partition, offset: String(outcome.rewindTo) });
      return;
    }
    resolveOffset(batch.lastOffset());
    if (outcome.commit !== undefined) {
      beforeCommit();
      await this.consumer.commitOffsets([{ topic, partition, offset: String(outcome.commit + 1) }]);
    }
    await heartbeat();
  }
}
