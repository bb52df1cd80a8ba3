import { PartitionReport } from '@reimbursements/domain/ops/partition-status';
import { RecordSkip } from '@reimbursements/domain/ops/record-skipped.record';
import { StuckRecord } from '@reimbursements/domain/ops/stuck-record';
import { BatchOutcome, SourceBatch } from '@reimbursements/kafka/kafka-record-source';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { MetricGroup } from '@reimbursements/platform/metrics/metrics';
import { Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';

/** How far back the fold rate looks. */
const RATE_WINDOW_MS = 10_000;

interface Tracked {
  topic: string;
  partition: number;
  applied: number;
  /** The last offset the fold took (applied, or held for a later flush). */
  taken: number;
  endOffset: number;
  /** The oldest record known not to be applied, and when it was appended. */
  oldest?: { offset: number; at: number };
  stuck: StuckRecord | null;
  /** The offsets taken over the rate's window: a rebuild holds records across many batches and flushes seldom. */
  samples: { at: number; taken: number }[];
  reportedAt: number;
  /** Something the status must show at once (stuck or not any more). */
  urgent: boolean;
}

/**
 * What only the projector knows about its partitions (stuck record, lag in time, fold rate): kept
 * in memory for the metrics and readiness, and recorded in MongoDB beside the offsets for the
 * query-api's ops status (at most every `reportIntervalMs` per partition, at once when a partition
 * becomes stuck or gets past it), so that a restart or another instance loses none of it.
 */
export class PartitionStatusTracker {
  private readonly logger = new Logger('PartitionStatus');
  private readonly partitions = new Map<string, Tracked>();
  private readonly skipsRecorded = new Set<string>();
  /** Skips folded by the batch being handled, recorded before it is done. */
  private readonly skipsPending = new Map<string, RecordSkip>();

  constructor(
    private readonly projection: string,
    private readonly store: MongoPartitionStatus,
    metrics: MetricGroup,
    private readonly reportIntervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    const partitions = this.partitions;
    const clock = this.now;
    new Gauge({
      name: 'projector_lag_seconds',
      help: 'Age of the oldest record of the partition not yet applied (0 when none waits)',
      labelNames: ['topic', 'partition'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const p of partitions.values()) this.set({ topic: p.topic, partition: String(p.partition) }, lagSeconds(p, clock()));
      },
    });
    new Gauge({
      name: 'projector_partition_stuck',
      help: '1 while the partition is stuck on a record the fold or the store refuses (see GET /v1/ops/projections), else 0',
      labelNames: ['topic', 'partition'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const p of partitions.values()) this.set({ topic: p.topic, partition: String(p.partition) }, p.stuck ? 1 : 0);
      },
    });
  }

  /** Partitions this instance no longer holds are another instance's to report. */
  retain(assigned: Record<string, number[]>): void {
    for (const [key, p] of this.partitions) if (!(assigned[p.topic] ?? []).includes(p.partition)) this.partitions.delete(key);
  }

  stuck(topic: string, partition: number, stuck: StuckRecord): void {
    const p = this.tracked(topic, partition);
    p.stuck = stuck;
    p.urgent = true;
    this.logger.error({ topic, partition, ...stuck }, 'partition stuck on a record: skip it with POST /v1/ops/projections/{name}/skip once understood');
  }

  unstuck(topic: string, partition: number): void {
    const p = this.tracked(topic, partition);
    p.stuck = null;
    p.urgent = true;
  }

  skipped(skip: RecordSkip): void {
    const key = `${skip.topic}:${skip.partition}:${skip.offset}`;
    if (!this.skipsRecorded.has(key)) this.skipsPending.set(key, skip);
  }

  /**
   * Only the batch's own partition's skips: its offsets document is written by that partition's fold
   * alone, one write after another, and FerretDB 1.x updates are read-modify-write, so a write from
   * another partition's flow could be undone by the fold's next one.
   */
  private async recordSkips(topic: string, partition: number): Promise<void> {
    for (const [key, skip] of this.skipsPending) {
      if (skip.topic !== topic || skip.partition !== partition) continue;
      this.skipsPending.delete(key);
      await this.store.recordSkip(this.projection, skip).then(
        () => this.skipsRecorded.add(key),
        (error: Error) => this.logger.warn({ reason: error.message }, 'could not record a skip in the status; recorded when the record is folded again'),
      );
    }
  }

  /** After every batch: what the partition's end, applied offset and oldest waiting record now are. */
  async batchDone(batch: SourceBatch, outcome: BatchOutcome): Promise<void> {
    await this.recordSkips(batch.topic, batch.partition);
    const now = this.now();
    const p = this.tracked(batch.topic, batch.partition);
    p.endOffset = Math.max(p.endOffset, batch.highWatermark - 1);
    if (outcome.commit !== undefined && outcome.commit > p.applied) p.applied = outcome.commit;
    // A batch not rewound was taken whole: folded, into the read models or into what the fold holds.
    const taken = Math.max(p.applied, outcome.rewindTo === undefined ? batch.lastOffset : -1);
    if (taken > p.taken) {
      p.samples.push({ at: now, taken });
      p.taken = taken;
    }
    while (p.samples.length > 2 && now - p.samples[1].at > RATE_WINDOW_MS) p.samples.shift();
    if (p.stuck && p.applied >= p.stuck.offset) {
      p.stuck = null;
      p.urgent = true;
    }
    if (p.applied >= p.endOffset) p.oldest = undefined;
    else if (!p.oldest || p.oldest.offset <= p.applied) {
      const next = [...batch.appendedAt].filter(([offset]) => offset > p.applied).sort(([a], [b]) => a - b)[0];
      p.oldest = next ? { offset: next[0], at: next[1] } : undefined;
    }
    if (p.urgent || now - p.reportedAt >= this.reportIntervalMs) await this.report(p, now);
  }

  /** Whether some partition has been stuck for longer than `ms` (readiness turns then). */
  stuckLongerThan(ms: number): boolean {
    const now = this.now();
    return [...this.partitions.values()].some((p) => p.stuck !== null && now - Date.parse(p.stuck.since) > ms);
  }

  private async report(p: Tracked, now: number): Promise<void> {
    const report: PartitionReport = {
      endOffset: p.endOffset,
      oldestUnappliedAt: p.oldest ? new Date(p.oldest.at).toISOString() : null,
      recordsPerSecond: rate(p, now),
      stuck: p.stuck,
      reportedAt: new Date(now).toISOString(),
    };
    try {
      await this.store.report(this.projection, p.topic, p.partition, report);
      p.reportedAt = now;
      p.urgent = false;
    } catch (error) {
      // The status waits for the store like the fold does; the next batch reports again.
      this.logger.warn({ topic: p.topic, partition: p.partition, reason: (error as Error).message }, 'could not record the partition status');
    }
  }

  private tracked(topic: string, partition: number): Tracked {
    const key = `${topic}:${partition}`;
    let p = this.partitions.get(key);
    if (!p) {
      p = { topic, partition, applied: -1, taken: -1, endOffset: -1, stuck: null, samples: [], reportedAt: 0, urgent: true };
      this.partitions.set(key, p);
    }
    return p;
  }
}

function lagSeconds(p: Tracked, now: number): number {
  if (p.applied >= p.endOffset) return 0;
  return p.oldest ? Math.max(0, (now - p.oldest.at) / 1000) : 0;
}

/** Records taken since the window's first sample, per second up to now: an idle partition's rate decays to 0. */
function rate(p: Tracked, now: number): number {
  if (p.samples.length < 2) return 0;
  const first = p.samples[0];
  const last = p.samples[p.samples.length - 1];
  const seconds = (now - first.at) / 1000;
  return seconds > 0 ? Math.round(((last.taken - first.taken) / seconds) * 10) / 10 : 0;
}
