import { PartitionReport } from '@reimbursements/domain/ops/partition-status';
import { SourceBatch } from '@reimbursements/kafka/kafka-record-source';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { MetricGroup } from '@reimbursements/platform/metrics/metrics';
import { PartitionStatusTracker } from './partition-status-tracker';

/** A batch of offsets `from`..`to` of partition 0, the partition's end at 10,000. */
function batch(from: number, to: number): SourceBatch {
  return {
    topic: 'log',
    partition: 0,
    records: [],
    unreadable: [],
    appendedAt: new Map(Array.from({ length: to - from + 1 }, (_, i) => [from + i, 0])),
    firstOffset: from,
    lastOffset: to,
    highWatermark: 10_000,
    heartbeat: async () => undefined,
  };
}

describe('PartitionStatusTracker', () => {
  let now: number;
  let reports: PartitionReport[];
  let tracker: PartitionStatusTracker;

  beforeEach(() => {
    now = 1_000_000;
    reports = [];
    const store = { report: async (_projection: string, _topic: string, _partition: number, report: PartitionReport) => void reports.push(report) };
    // Reports every batch, so that each one shows the rate as of that batch.
    tracker = new PartitionStatusTracker('p', store as unknown as MongoPartitionStatus, new MetricGroup('test'), 0, () => now);
  });

  it('shows the fold rate while the fold holds records across batches and has flushed none of them (a rebuild)', async () => {
    for (let i = 0; i < 5; i++) {
      await tracker.batchDone(batch(i * 100, i * 100 + 99), {});
      now += 1000;
    }
    // 400 records taken after the first batch's, over the 4 s since it.
    expect(reports.at(-1)?.recordsPerSecond).toBe(100);
  });

  it('counts a batch the fold rewound as not taken', async () => {
    await tracker.batchDone(batch(0, 99), { commit: 99 });
    now += 1000;
    await tracker.batchDone(batch(100, 199), { rewindTo: 100, retryAfterMs: 500 });
    now += 1000;
    await tracker.batchDone(batch(100, 199), { rewindTo: 100, retryAfterMs: 500 });
    expect(reports.at(-1)?.recordsPerSecond).toBe(0);
  });

  it('measures from the first batch seen, not from the start of the log, after a restart far into it', async () => {
    await tracker.batchDone(batch(1_000_000, 1_000_099), { commit: 1_000_099 });
    now += 2000;
    await tracker.batchDone(batch(1_000_100, 1_000_299), { commit: 1_000_299 });
    expect(reports.at(-1)?.recordsPerSecond).toBe(100);
  });

  it("lets an idle partition's rate decay towards 0", async () => {
    await tracker.batchDone(batch(0, 99), { commit: 99 });
    now += 1000;
    await tracker.batchDone(batch(100, 199), { commit: 199 });
    now += 99_000;
    await tracker.batchDone(batch(200, 199), {});
    expect(reports.at(-1)?.recordsPerSecond).toBe(1);
  });
});
