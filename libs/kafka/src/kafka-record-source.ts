import { KnownRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { Consumer, EachBatchPayload, Kafka, KafkaJSError } from 'kafkajs';
import { UnreadableRecord } from '@reimbursements/domain/ops/stuck-record';
import { decodeOrExplain } from './record-codec';
import { TraceCarrier, traceCarrierOf } from './trace-context';

export interface SourceBatch {
  topic: string;
  partition: number;
  /** The records this build can read. */
  records: PositionedRecord<KnownRecord>[];
  /** The records it cannot (the fold stops at them, exactly-once-fold.ts). */
  unreadable: UnreadableRecord[];
  /** When each record was appended (ms since the epoch), by offset: the lag in time. */
  appendedAt: Map<number, number>;
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
  /** How long a fetch waits for records, and the consumer sleeps while every partition is paused; kafkajs's 5000 ms unless given. */
  fetchMaxWaitMs?: number;
  /** Read each record's trace context (traceparent, tracestate headers) into SourceBatch.traceCarriers. */
  traceHeaders?: boolean;
  /** A batch handled longer than this is finished apart from the consumer's fetches (KafkaRecordSource); 1000 ms unless given. */
  detachAfterMs?: number;
}

/**
 * `commit`: the last offset the handler has made durable; the offset after it is committed.
 * `rewindTo`: the handler did not take the batch from that offset on; fetching resumes there,
 * after `retryAfterMs` if given (the partition is paused meanwhile, the others go on).
 */
export interface BatchOutcome {
  commit?: number;
  rewindTo?: number;
  retryAfterMs?: number;
}

export type BatchHandler = (batch: SourceBatch) => Promise<BatchOutcome>;
/** Where to resume a partition after its handler failed (what it held is lost), if it knows. */
export type ResumeOffset = (topic: string, partition: number) => number | undefined;

const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A failed batch (an outage of the store, say) pauses its partition this long, doubling up to the maximum. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;
const DETACH_AFTER_MS = 1000;

type Handled = { outcome: BatchOutcome } | { error: Error };

/**
 * A consumer-group member (classic protocol) handing whole batches to the projector, one
 * partition at a time. The handler may hold records across batches: the fetch position moves on
 * with every batch, but only offsets the handler says are durable are committed, and a failed
 * batch rewinds the partition to where the handler can resume.
 *
 * kafkajs fetches a member's next batches only once every batch of its last fetch is handled, so
 * one partition's long flush would hold back the others' fetches (docs/benchmarks.md, the mixed
 * fold). A batch still being handled after `detachAfterMs` is therefore finished apart: its
 * partition is paused, the consumer goes on with the others, and once the handler is done the
 * partition is committed, moved to where it goes on, and resumed.
 */
export class KafkaRecordSource {
  private readonly consumer: Consumer;
  private readonly assignmentListeners: ((assigned: Record<string, number[]>) => void)[] = [];
  /** The batch being handled per topic-partition: a later one waits for it. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private overlaps = 0;
  private detached = 0;
  private crashes = 0;
  private running: { handler: BatchHandler; beforeCommit: () => void; resumeAt: ResumeOffset } | undefined;
  private readonly crashListeners: ((error: Error) => void)[] = [];
  private readonly failureListeners: ((topic: string, partition: number, error: Error, retryInMs: number) => void)[] = [];
  /** Failed batches in a row per topic-partition: the pause before the next try grows with them. */
  private readonly failuresInRow = new Map<string, number>();

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
      maxWaitTimeInMs: settings.fetchMaxWaitMs,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => this.assignmentListeners.forEach((l) => l(payload.memberAssignment)));
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

  /** A batch failed: its partition is paused and fetched again later; the other partitions go on. */
  onBatchFailure(listener: (topic: string, partition: number, error: Error, retryInMs: number) => void): void {
    this.failureListeners.push(listener);
  }

  /** Times kafkajs stopped the consumer and this source joined the group again. */
  restartsAfterCrash(): number {
    return this.crashes;
  }

  /** Called after every (re)join of the group with the partitions now assigned, by topic: partitions may have moved. */
  onAssignment(listener: (assigned: Record<string, number[]>) => void): void {
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

  /** The next fetch of the partition starts at `offset` (a batch being handled may still finish). */
  seek(topic: string, partition: number, offset: number): void {
    if (this.running) this.consumer.seek({ topic, partition, offset: String(offset) });
  }

  /** Batches of one partition that kafkajs handed out while an earlier one was still being handled. */
  overlappingBatches(): number {
    return this.overlaps;
  }

  /** Batches finished apart from the consumer's fetches (handled longer than `detachAfterMs`). */
  detachedBatches(): number {
    return this.detached;
  }

  /**
   * The fold's guards assume one writer per partition at a time (FerretDB 1.x updates are
   * read-modify-write, not atomic), so batches of one partition never run side by side here.
   */
  private async serialized(payload: EachBatchPayload, handler: BatchHandler, beforeCommit: () => void): Promise<void> {
    const key = `${payload.batch.topic}:${payload.batch.partition}`;
    const previous = this.inFlight.get(key);
    if (previous) this.overlaps += 1;
    const handling = (previous ?? Promise.resolve()).catch(() => undefined).then(() => this.handleBatch(payload, handler, beforeCommit));
    // A detached batch is still in flight after kafkajs got its partition back: the next one waits for all of it.
    const whole = handling.then((handled) => handled.detached);
    this.inFlight.set(key, whole);
    void whole.catch(() => undefined).finally(() => {
      if (this.inFlight.get(key) === whole) this.inFlight.delete(key);
    });
    await handling;
  }

  /** Leaves the group, then waits for any detached batch to end (its next heartbeat fails once the consumer is gone). */
  async stop(): Promise<void> {
    this.running = undefined;
    await this.consumer.disconnect();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Resolves once kafkajs may go on; with the rest of the batch's handling when that was detached (a promise in an object: a promise would be awaited). */
  private async handleBatch(
    { batch, resolveOffset, heartbeat, isRunning, isStale, pause }: EachBatchPayload,
    handler: BatchHandler,
    beforeCommit: () => void,
  ): Promise<{ detached?: Promise<void> }> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return {};
    const { topic, partition } = batch;
    const records: PositionedRecord<KnownRecord>[] = [];
    const unreadable: UnreadableRecord[] = [];
    const appendedAt = new Map<number, number>();
    const traceCarriers = this.settings.traceHeaders ? new Map<number, TraceCarrier>() : undefined;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      appendedAt.set(offset, Number(message.timestamp));
      const decoded = decodeOrExplain(message.value, offset);
      if ('record' in decoded) records.push({ topic, partition, offset, record: decoded.record });
      else unreadable.push(decoded.unreadable);
      const carrier = traceCarriers ? traceCarrierOf(message.headers) : undefined;
      if (carrier) traceCarriers?.set(offset, carrier);
    }
    const firstOffset = Number(batch.firstOffset());
    const lastOffset = Number(batch.lastOffset());
    const handling: Promise<Handled> = handler({
      topic,
      partition,
      records,
      unreadable,
      appendedAt,
      firstOffset,
      lastOffset,
      highWatermark: Number(batch.highWatermark),
      heartbeat,
      traceCarriers,
    }).then(
      (outcome) => ({ outcome }),
      (error: Error) => ({ error }),
    );
    const handled = await settledWithin(handling, this.settings.detachAfterMs ?? DETACH_AFTER_MS);
    if (handled === undefined) {
      this.detached += 1;
      const resume = pause();
      return { detached: handling.then((late) => this.finishDetached(topic, partition, firstOffset, lastOffset, late, beforeCommit, resume)) };
    }
    if ('error' in handled) {
      const resume = this.running?.resumeAt(topic, partition) ?? firstOffset;
      // The group's own errors (a rebalance seen by a heartbeat) are kafkajs's to handle: it joins again.
      if (handled.error instanceof KafkaJSError) {
        this.consumer.seek({ topic, partition, offset: String(resume) });
        throw handled.error;
      }
      this.pauseAndRewind(topic, partition, resume, this.failed(topic, partition, handled.error));
      return {};
    }
    const { outcome } = handled;
    this.failuresInRow.delete(`${topic}:${partition}`);
    if (outcome.commit !== undefined) {
      beforeCommit();
      await this.consumer.commitOffsets([{ topic, partition, offset: String(outcome.commit + 1) }]);
    }
    if (outcome.rewindTo !== undefined) {
      this.pauseAndRewind(topic, partition, outcome.rewindTo, outcome.retryAfterMs ?? 0);
      return {};
    }
    resolveOffset(batch.lastOffset());
    await heartbeat();
    return {};
  }

  /**
   * Only this partition waits: its memory is lost, it is fetched again from where the handler can
   * resume (or from this batch, which the handler rewinds if it must). Returns the wait.
   */
  private failed(topic: string, partition: number, error: Error): number {
    const key = `${topic}:${partition}`;
    const failures = (this.failuresInRow.get(key) ?? 0) + 1;
    this.failuresInRow.set(key, failures);
    const retryInMs = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
    this.failureListeners.forEach((l) => l(topic, partition, error, retryInMs));
    return retryInMs;
  }

  /**
   * The end of a detached batch, its partition paused meanwhile: as an attached batch ends, but the
   * fetch position is moved by a seek (kafkajs took the batch as unresolved) and the partition
   * resumed. A rebalance may have moved the partition meanwhile; the next owner reads what is applied.
   */
  private async finishDetached(topic: string, partition: number, firstOffset: number, lastOffset: number, handled: Handled, beforeCommit: () => void, resume: () => void): Promise<void> {
    if (!this.running) return;
    let next = lastOffset + 1;
    let delayMs = 0;
    if ('error' in handled) {
      next = this.running.resumeAt(topic, partition) ?? firstOffset;
      delayMs = handled.error instanceof KafkaJSError ? 0 : this.failed(topic, partition, handled.error);
    } else {
      const { outcome } = handled;
      this.failuresInRow.delete(`${topic}:${partition}`);
      if (outcome.commit !== undefined) {
        beforeCommit();
        // The applied offsets in the read models are what a new owner goes on from: a commit lost to a rebalance costs a refetch.
        await this.consumer.commitOffsets([{ topic, partition, offset: String(outcome.commit + 1) }]).catch(() => undefined);
      }
      if (outcome.rewindTo !== undefined) {
        next = outcome.rewindTo;
        delayMs = outcome.retryAfterMs ?? 0;
      }
    }
    if (!this.running) return;
    try {
      this.consumer.seek({ topic, partition, offset: String(next) });
    } catch {
      // Not assigned here any more, or the consumer is rejoining: its next owner resumes from what is applied.
    }
    setTimeout(() => {
      if (this.running) resume();
    }, delayMs).unref();
  }

  /** Fetching the partition resumes at `offset`, after `delayMs` during which it is paused. */
  private pauseAndRewind(topic: string, partition: number, offset: number, delayMs: number): void {
    this.consumer.seek({ topic, partition, offset: String(offset) });
    if (delayMs <= 0) return;
    this.consumer.pause([{ topic, partitions: [partition] }]);
    setTimeout(() => {
      // The consumer may have stopped meanwhile (shutdown): nothing to resume then.
      if (this.running) this.consumer.resume([{ topic, partitions: [partition] }]);
    }, delayMs).unref();
  }
}

/** The promise's value if it settles within `ms`, else undefined (it goes on). */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
