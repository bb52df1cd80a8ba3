import { EVENT_REGISTERED, EVENT_REGISTERED_SCHEMA_VERSION, EventRegistered } from '@reimbursements/domain/events/event-registered.record';
import { InMemoryReadModels } from '@reimbursements/domain/fold/in-memory-read-models';
import { InMemoryRecordSkips } from '@reimbursements/domain/fold/in-memory-record-skips';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { SourceBatch } from '@reimbursements/kafka/kafka-record-source';
import { MetricGroup } from '@reimbursements/platform/metrics/metrics';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { ProjectorSettings } from '../projector.settings';
import { FaultInjection } from './fault-injection';
import { FoldTracing } from './fold-tracing';
import { PartitionStatusTracker } from './partition-status-tracker';
import { ProjectBatchService } from './project-batch.service';

const TOPIC = 'reimbursements.log';

function registration(offset: number, eventType = 'bathing'): PositionedRecord<EventRegistered> {
  const record = {
    recordId: `rec-${offset}`,
    recordedAt: '2026-04-01T00:00:00.000Z',
    correlationId: `corr-${offset}`,
    recordedBy: 'user:test',
    type: EVENT_REGISTERED,
    schemaVersion: EVENT_REGISTERED_SCHEMA_VERSION,
    payload: { eventId: `ev-${offset}`, caregiverId: 'cg-1', eventType, occurredAt: '2026-03-10T10:00:00+01:00', month: '2026-03', amountCents: 100, currency: 'SEK' },
  } as EventRegistered;
  return { topic: TOPIC, partition: 0, offset, record };
}

function batch(records: PositionedRecord<EventRegistered>[], highWatermark: number): SourceBatch {
  return {
    topic: TOPIC,
    partition: 0,
    records,
    unreadable: [],
    appendedAt: new Map(),
    firstOffset: records[0].offset,
    lastOffset: records[records.length - 1].offset,
    highWatermark,
    heartbeat: async () => undefined,
  } as SourceBatch;
}

describe('ProjectBatchService', () => {
  it('counts the records not yet applied in projector_lag_records even when a batch commits nothing (a poison record right after a caught-up state)', async () => {
    const store = Object.assign(new InMemoryReadModels(), { refusedText: '\u0000' });
    const metrics = new MetricGroup('test');
    const statusStore = { report: async () => undefined } as unknown as MongoPartitionStatus;
    const settings = Object.assign(new ProjectorSettings(), { PROJECTOR_HOLD_RECORDS: 1, LOG_TOPIC: TOPIC });
    const service = new ProjectBatchService(settings, {
      projection: 'read-models-v2',
      progress: store,
      state: store,
      writes: store,
      skips: new InMemoryRecordSkips(),
      faults: new FaultInjection('none', 0),
      metrics,
      status: new PartitionStatusTracker('read-models-v2', statusStore, metrics, 60_000),
      tracing: new FoldTracing(undefined),
    });
    const lag = async () => (await metrics.registry.getSingleMetric('projector_lag_records')?.get())?.values.find((v) => v.labels.partition === '0')?.value;

    expect(await service.project(batch([0, 1, 2].map((offset) => registration(offset)), 3))).toMatchObject({ commit: 2 });
    expect(await lag()).toBe(0);

    // Three more records arrive; the first is refused by the store: nothing is applied, nothing committed.
    const refused = await service.project(batch([registration(3, 'bath\u0000ing'), registration(4), registration(5)], 6));
    expect(refused.commit).toBeUndefined();
    expect(await lag()).toBe(3);
  });
});
