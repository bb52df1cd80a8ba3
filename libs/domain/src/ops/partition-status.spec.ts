import { partitionView, StoredPartitionStatus, versionView } from './partition-status';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const stored = (overrides: Partial<StoredPartitionStatus> = {}): StoredPartitionStatus => ({
  projection: 'read-models-v2',
  topic: 'log',
  partition: 0,
  appliedOffset: 9,
  skipped: [],
  ...overrides,
});

describe('the ops view of a partition', () => {
  it('takes the broker end offset, and the age of the oldest record not applied as the lag in time', () => {
    const view = partitionView(
      stored({ report: { endOffset: 12, oldestUnappliedAt: '2026-11-30T09:59:30Z', recordsPerSecond: 4, stuck: null, reportedAt: '2026-11-30T09:59:59Z' } }),
      19,
      NOW,
    );
    expect(view).toEqual({ topic: 'log', partition: 0, appliedOffset: 9, endOffset: 19, lag: 10, lagSeconds: 30, stuck: null, recordsPerSecond: 4 });
  });

  it('counts at least the time since the last report when records wait that the projector never saw', () => {
    expect(partitionView(stored({ report: { endOffset: 9, oldestUnappliedAt: null, recordsPerSecond: 0, stuck: null, reportedAt: '2026-11-30T09:58:00Z' } }), 11, NOW).lagSeconds).toBe(120);
  });

  it('reports no lag and no stuck record once everything is applied', () => {
    const stuck = { offset: 9, recordId: 'r', recordType: 'EventVoided', reason: 'refused', since: '2026-11-30T09:00:00Z' };
    expect(partitionView(stored({ report: { endOffset: 9, oldestUnappliedAt: '2026-11-30T09:00:00Z', recordsPerSecond: 0, stuck, reportedAt: '2026-11-30T09:00:00Z' } }), 9, NOW)).toMatchObject({ lag: 0, lagSeconds: 0, stuck: null });
  });

  it("sums a version: lag, the oldest wait, the rate, and the slowest partition's ETA, unknown while one applies nothing", () => {
    const a = { ...partitionView(stored({ report: { endOffset: 20, oldestUnappliedAt: '2026-11-30T09:59:00Z', recordsPerSecond: 5, stuck: null, reportedAt: '2026-11-30T10:00:00Z' } }), 29, NOW) };
    const b = { ...partitionView(stored({ partition: 1, report: { endOffset: 20, oldestUnappliedAt: '2026-11-30T09:59:50Z', recordsPerSecond: 5, stuck: null, reportedAt: '2026-11-30T10:00:00Z' } }), 19, NOW) };
    const version = versionView('v2', 'live', [a, b], []);
    expect(version).toMatchObject({ lag: 30, lagSeconds: 60, recordsPerSecond: 10, etaSeconds: 4 });
    expect(version.partitions[0]).not.toHaveProperty('recordsPerSecond');
    expect(versionView('v2', 'live', [a, { ...b, recordsPerSecond: 0 }], []).etaSeconds).toBeNull();
    expect(versionView('v2', 'live', [a, { ...b, stuck: { offset: 20, recordId: null, recordType: null, reason: 'x', since: '' } }], []).etaSeconds).toBeNull();
  });
});
